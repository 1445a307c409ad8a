"""`python -m bench [--quick] [--skip-browser]`: every benchmark, a table on stdout, JSON in bench/results/.

Ratios are against baselines run in the same process on the same bytes: the public clients (entsog-py, gie-py;
`pip install -e '.[bench]'`) and DuckDB's own read_json.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import pages, parse_load, power_parse, refresh_cost
from etl.pipeline import rebuild_offline

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {
    "parse+load vs public client": "ratio ≥ 5 (ours 5× faster)",
    "parse+load vs duckdb read_json": "ratio ≥ 1/3 (within 3×)",
    "page script run": "< 0.3 s bundled, < 1 s at 100× (warm)",
    "scenario change (winter)": "< 1 s",
    "first chart": "< 3 s after the server is up",
}


def fmt(v) -> str:
    if isinstance(v, float):
        return "nan" if math.isnan(v) else f"{v:,.3f}"
    return str(v)


def table(rows: list[dict], columns: list[str]) -> str:
    widths = [max(len(c), *(len(fmt(r.get(c, ""))) for r in rows)) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(fmt(r.get(c, "")).ljust(w) for c, w in zip(columns, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def run_all(quick: bool, browser: bool, out_dir: Path = RESULTS) -> dict:
    results: dict = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                     "machine": f"{platform.machine()} {platform.python_version()}", "targets": TARGETS}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "bundled.duckdb"
        rebuild_offline(base)
        results["parse_load"] = parse_load.run("smoke" if quick else "full", 1 if quick else 3)
        results["power_parse"] = power_parse.run("smoke" if quick else "full", 1 if quick else 3)
        results["refresh"] = refresh_cost.run(base, (1, 30) if quick else (1, 30, 365, 3650),
                                              latency_s=0.0 if quick else 0.05)
        results["pages"] = pages.run(base, (1,) if quick else (1, 10, 100),
                                     ("overview",) if quick else pages.PAGES)
        if not quick:  # the same page runs with the code before the speed work (its own worktree and warehouse)
            results["pages_baseline"] = pages.baseline()
            results["pages_compare"] = pages.compare(results["pages"], results["pages_baseline"])
        if browser:
            from bench import browser as browser_bench

            results["browser"] = browser_bench.run(base)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="tiny inputs (the smoke test uses this)")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    r = run_all(args.quick, not args.skip_browser)
    print("\n== parse + load (best of runs; ratio = baseline seconds / ours, > 1 means ours is faster)")
    print(table(r["parse_load"], ["connector", "rows", "ours_s", "rows_per_s", "baseline", "baseline_s", "ratio"]))
    print("\n== ENTSO-E A11 parse + load, a year × 5 borders × 2 directions (baseline: naive per-point ElementTree)\n"
          + table(r["power_parse"], ["connector", "rows", "ours_s", "rows_per_s", "baseline", "baseline_s", "ratio"]))
    print("\n== refresh cost vs window (local replay server)")
    print(table(r["refresh"], ["window_days", "requests", "seconds", "rows", "latency_ms", "note"]))
    print("\n== dashboard page script runs (AppTest; cold = first run, warm = cached queries)")
    print(table([x for x in r["pages"] if x["bench"] == "page"],
                ["scale", "page", "cold_s", "warm_s", "warm_max_s", "scenario_s", "errors"]))
    if r.get("pages_compare"):
        commit = r["pages_baseline"][0].get("commit", "")
        print(f"\n== page script runs, before ({commit}) / after (this checkout); warm_ratio = before / after")
        print(table(r["pages_compare"], ["scale", "page", "before_cold_s", "after_cold_s", "before_warm_s",
                                         "after_warm_s", "warm_ratio"]))
    elif r.get("pages_baseline"):
        print("\n== baseline pages: " + str(r["pages_baseline"][0].get("error", "no rows"))[-500:])
    print("\n== heaviest mart queries")
    print(table([x for x in r["pages"] if x["bench"] == "mart query"], ["scale", "query", "fact_rows", "seconds"]))
    if "browser" in r:
        print("\n== browser")
        print(table(r["browser"], list(r["browser"][0])))
    print("\ntargets:", json.dumps(TARGETS, ensure_ascii=False))
    print(f"JSON: {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
