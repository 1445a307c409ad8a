"""Shared fixtures: a warehouse built from the bundled snapshot, real-format API rows, a fast retry policy."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.http import RetryPolicy
from etl.pipeline import rebuild_offline

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def snapshot_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per run from data/snapshot with the real rebuild command; tests copy it."""
    path = tmp_path_factory.mktemp("snapshot") / "warehouse.duckdb"
    rebuild_offline(path)
    return path


@pytest.fixture
def warehouse(snapshot_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the snapshot warehouse, also set as $UA_GAS_WAREHOUSE for the code under test."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy2(snapshot_warehouse, path)
    monkeypatch.setenv("UA_GAS_WAREHOUSE", str(path))
    return path


@pytest.fixture
def fast_policy() -> RetryPolicy:
    return RetryPolicy(attempts=3, timeout_s=1.0, backoff_base_s=0.01, backoff_cap_s=0.05, retry_after_cap_s=0.2,
                       min_interval_s=0.0)


def entsog_payload() -> dict:
    return json.loads((FIXTURES / "entsog" / "operationalData_ITP-00117_2024-04.json").read_text())


def entsog_row(**overrides) -> dict:
    """A real ENTSOG operationalData row (UA exit, Velké Kapušany, 21 Apr 2024) with some fields changed."""
    rows = [r for r in entsog_payload()["operationalData"] if r["indicator"] == "Physical Flow"]
    row = copy.deepcopy(rows[0])
    row.update(overrides)
    return row


def envelope(rows: list[dict], key: str = "operationalData") -> dict:
    return {"meta": {"total": len(rows), "count": len(rows)}, key: rows}


def rows_of(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
