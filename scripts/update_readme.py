"""Regenerate the README's tables that come from the marts (the GTSOU cross-check) from a warehouse built from the
bundled snapshot. Run after changing marts, the snapshot or data/reference/gtsou_annual.csv:

    .venv/bin/python scripts/update_readme.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from etl.pipeline import rebuild_offline
from etl.report import crosscheck_markdown, replace_block

README = Path(__file__).resolve().parents[1] / "README.md"

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        rebuild_offline(path)
        con = duckdb.connect(str(path), read_only=True)
        block = crosscheck_markdown(con)
        con.close()
    README.write_text(replace_block(README.read_text(), block))
    print(f"updated {README}")
