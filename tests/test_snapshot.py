"""The bundled snapshot is what its manifest says, and (where ../shared is present) the importers reproduce it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import SNAPSHOT_DIR
from etl.snapshot import TABLES, build, read_manifest
from tests.conftest import SHARED


def test_manifest_matches_the_parquet_files():
    manifest = read_manifest()
    provenance = (SNAPSHOT_DIR / "PROVENANCE.md").read_text()
    for spec in TABLES:
        info = manifest["tables"][spec.table]
        frame = pd.read_parquet(SNAPSHOT_DIR / spec.file_name)
        assert len(frame) == info["rows"], spec.file_name
        assert spec.file_name in provenance, f"{spec.file_name} has no provenance entry"


def test_entsog_snapshot_has_one_row_per_key_and_real_units():
    frame = pd.read_parquet(SNAPSHOT_DIR / "entsog_operational.parquet")
    assert not frame.duplicated(["gas_day", "point_key", "operator_key", "direction_key", "indicator"]).any()
    assert set(frame.unit) <= {"kWh/d", "kWh/Nm3"}
    assert str(frame.gas_day.min())[:10] == "2015-01-01"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not present (CI and developers may have it)")
def test_importers_reproduce_the_bundled_snapshot_from_shared(tmp_path: Path):
    bundled = read_manifest()
    rebuilt = build(SHARED, tmp_path)
    assert rebuilt["inputs"] == bundled["inputs"]  # same third-party bytes
    for table, info in bundled["tables"].items():
        assert rebuilt["tables"][table]["rows"] == info["rows"], table
        assert rebuilt["tables"][table]["last_day"] == info["last_day"], table
