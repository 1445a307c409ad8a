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


def test_page_bench_covers_every_page_in_the_navigation():
    import re

    from bench import pages

    app = (Path(pages.APP)).read_text()
    assert set(re.findall(r'url_path="(\w+)"', app)) | {"overview"} == set(pages.PAGES)
    views = Path(pages.APP).parent / "views"
    assert all((views / f"{pages.FILES[p]}.py").exists() for p in pages.PAGES)


def test_before_after_pairs_pages_present_in_both():
    from bench.pages import compare

    ours = [{"bench": "page", "scale": 1, "page": "overview", "cold_s": 1.0, "warm_s": 0.1},
            {"bench": "page", "scale": 1, "page": "winter", "cold_s": 1.0, "warm_s": 0.1},
            {"bench": "mart query", "scale": 1, "query": "x", "seconds": 1.0}]
    before = [{"bench": "page", "scale": 1, "page": "overview", "cold_s": 2.0, "warm_s": 0.4, "commit": "abc"}]
    rows = compare(ours, before)
    assert [(r["page"], r["warm_ratio"]) for r in rows] == [("overview", 4.0)]
    assert compare(ours, [{"bench": "baseline error", "error": "boom"}]) == []
