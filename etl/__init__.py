"""ETL for the Ukraine gas-security tracker: public APIs and curated files → one DuckDB warehouse."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SNAPSHOT_DIR = DATA_DIR / "snapshot"
REFERENCE_DIR = DATA_DIR / "reference"
