"""The benchmarks run end to end on tiny inputs, so they cannot rot; their numbers are not asserted."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import run_all, table


def test_quick_bench_produces_every_table(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("UA_GAS_WAREHOUSE", raising=False)
    results = run_all(quick=True, browser=False, out_dir=tmp_path)
    assert {r["connector"] for r in results["parse_load"]} == {"entsog", "agsi"}
    assert all(r["ours_s"] > 0 and r["rows"] > 0 for r in results["parse_load"])
    windows = [r["window_days"] for r in results["refresh"]]
    assert windows[:2] == [1, 30] and all(r["status"] == "ok" for r in results["refresh"])
    incremental = results["refresh"][-1]
    assert incremental["note"].startswith("incremental") and incremental["requests"] <= 2 * 3
    page = next(r for r in results["pages"] if r["bench"] == "page")
    assert page["errors"] == 0 and page["cold_s"] > 0
    assert json.loads((tmp_path / "latest.json").read_text())["targets"]
    assert "ratio" in table(results["parse_load"], ["connector", "ratio"]).splitlines()[0]
