"""Dashboard: each page's script run (AppTest) and the heaviest mart queries, on the bundled warehouse and on
warehouses scaled 10× and 100× by repeating the real ENTSOG series under shifted point keys (speed only).

Per page: ``cold`` is the page's first run on a newly published warehouse (its queries not cached yet; the app's own
first run, the Overview, has run before it), ``warm`` the median of three reruns (what a click costs), and for the
winter page a scenario change (the production-loss slider moved, one rerun).

``baseline`` runs the same measurement with the code of an earlier commit (default: the one before the speed work,
fd7096a), in a git worktree of its own, on a warehouse built by that commit's own ``python -m etl rebuild --offline``
— so one bench run prints before and after side by side. This file is also that child's entry point
(``python bench/pages.py child …``, with the worktree first on PYTHONPATH), so it imports only what both checkouts
have: streamlit and etl.warehouse's building/connect_readonly.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
#: every page in dashboard/app.py's navigation: name (its url_path) → file under dashboard/views/
FILES = {"overview": "overview", "winter": "winter", "border_flows": "border_flows", "storage": "storage",
         "lng": "lng", "dependence": "dependence", "electricity": "electricity", "strikes": "strikes",
         "map": "energy_map", "methodology": "methodology", "data_sources": "data_sources"}
PAGES = tuple(FILES)
BASELINE_COMMIT = "fd7096a"
WARM_RUNS = 3
HEAVY_QUERIES = {
    "mart_border_flow_daily (all)": "SELECT count(*), sum(flow_mcm) FROM mart_border_flow_daily",
    "mart_transit_daily by year": "SELECT year(gas_day), sum(eu_exit_mcm) FROM mart_transit_daily GROUP BY 1",
    "mart_dependence_monthly (all)": "SELECT count(*), sum(value) FROM mart_dependence_monthly",
}


def scale(base: Path, target: Path, factor: int) -> float:
    """Copy the warehouse and add factor−1 copies of every ENTSOG report and point under shifted keys; returns the
    seconds the publish took (copy, insert, materialise the marts, rename) — the cost a refresh pays."""
    from etl.warehouse import building

    shutil.copy2(base, target)
    started = time.perf_counter()
    with building(target) as con:
        for k in range(1, factor):
            con.execute(f"""INSERT INTO ref_point SELECT * REPLACE (point_key || '~{k}' AS point_key,
                            physical_point_key || '~{k}' AS physical_point_key) FROM ref_point
                            WHERE NOT contains(point_key, '~')""")
            con.execute(f"""INSERT INTO fact_entsog_operational SELECT * REPLACE (point_key || '~{k}' AS point_key)
                            FROM fact_entsog_operational WHERE NOT contains(point_key, '~')""")
    return time.perf_counter() - started


def time_pages(app: str, warehouse: Path, pages: tuple[str, ...], factor: int, rows: int,
               views: Path | None = None) -> list[dict]:
    """Each page's cold run and its warm reruns; the winter page also a scenario change. Pages whose file the
    checkout lacks are left out (the baseline has fewer pages)."""
    from streamlit.testing.v1 import AppTest

    views = views or Path(app).parent / "views"
    os.environ["UA_GAS_WAREHOUSE"] = str(warehouse)
    out = []
    try:
        for page in pages:
            file = FILES.get(page, page)
            if not (views / f"{file}.py").exists():
                continue
            at = AppTest.from_file(app, default_timeout=300)
            t = time.perf_counter()
            at.run()  # the app's default page (the Overview) first, as a visit does
            cold = time.perf_counter() - t
            if page != "overview":
                at.switch_page(f"views/{file}.py")
                t = time.perf_counter()
                at.run()
                cold = time.perf_counter() - t
            warm = []
            for _ in range(WARM_RUNS):
                t = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - t)
            row = {"bench": "page", "scale": factor, "page": page, "cold_s": cold,
                   "warm_s": statistics.median(warm), "warm_max_s": max(warm), "errors": len(at.exception),
                   "fact_rows": rows}
            if page == "winter" and (sliders := [s for s in at.slider if s.key == "w_loss"]):
                scenario = []
                for value in (20, 40):  # two moves: the first may warm a cache the second then uses
                    sliders[0].set_value(value)
                    t = time.perf_counter()
                    at.run()
                    scenario.append(time.perf_counter() - t)
                    sliders = [s for s in at.slider if s.key == "w_loss"]
                row["scenario_s"] = max(scenario)
                row["errors"] += len(at.exception)
            out.append(row)
    finally:
        os.environ.pop("UA_GAS_WAREHOUSE", None)
    return out


def run(base_warehouse: Path, factors: tuple[int, ...] = (1, 10, 100), pages: tuple[str, ...] = PAGES
        ) -> list[dict]:
    from etl.warehouse import connect_readonly

    out = []
    tmp = base_warehouse.parent
    for factor in factors:
        path = tmp / f"scaled_{factor}.duckdb"
        publish_s = scale(base_warehouse, path, factor)
        con = connect_readonly(path)
        rows = con.execute("SELECT count(*) FROM fact_entsog_operational").fetchall()[0][0]
        out.append({"bench": "mart query", "scale": factor, "query": "publish incl. materialising all marts",
                    "seconds": publish_s, "fact_rows": rows})
        for name, sql in HEAVY_QUERIES.items():
            t = time.perf_counter()
            con.execute(sql).fetchall()
            out.append({"bench": "mart query", "scale": factor, "query": name, "seconds": time.perf_counter() - t,
                        "fact_rows": rows})
        con.close()
        out += time_pages(APP, path, pages, factor, rows)
        if factor != 1:
            _remove(path)  # a 100× warehouse is over a GB
    return out


def _remove(path: Path) -> None:
    for p in path.parent.glob(path.name + "*"):
        p.unlink(missing_ok=True)


def baseline(commit: str = BASELINE_COMMIT, factors: tuple[int, ...] = (1, 100), pages: tuple[str, ...] = PAGES,
             timeout_s: float = 3600) -> list[dict]:
    """The same page runs with an earlier commit's code and warehouse: a detached worktree, its own
    ``python -m etl rebuild --offline``, this file run as the child. Rows carry ``commit``; an error is one row."""
    sha = subprocess.run(["git", "rev-parse", commit], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="bench_baseline_"))
    tree = tmp / "tree"
    env = {**os.environ, "PYTHONPATH": str(tree), "UA_GAS_WAREHOUSE": str(tmp / "bundled.duckdb"),
           "UA_GAS_FAST_START": os.environ.get("UA_GAS_FAST_START", "1")}
    try:
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=ROOT, capture_output=True,
                       check=True)
        subprocess.run([sys.executable, "-m", "etl", "rebuild", "--offline"], cwd=tree, env=env, check=True,
                       capture_output=True, timeout=timeout_s)
        child = subprocess.run([sys.executable, str(Path(__file__).resolve()), "child", str(tree), str(tmp),
                                ",".join(map(str, factors)), ",".join(pages)], cwd=tree, env=env,
                               capture_output=True, text=True, timeout=timeout_s)
        if child.returncode != 0:
            raise RuntimeError(child.stderr[-2000:])
        rows = json.loads(child.stdout.strip().splitlines()[-1])
        return [{**r, "commit": sha[:7]} for r in rows]
    except (subprocess.SubprocessError, RuntimeError, OSError, ValueError) as exc:
        detail = getattr(exc, "stderr", None) or exc
        return [{"bench": "baseline error", "commit": sha[:7], "error": str(detail)[-2000:]}]
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def compare(ours: list[dict], before: list[dict]) -> list[dict]:
    """Before/after per page and scale present in both; ratio = before / after (> 1: now faster)."""
    old = {(r["scale"], r["page"]): r for r in before if r.get("bench") == "page"}
    out = []
    for r in ours:
        if r.get("bench") != "page" or (r["scale"], r["page"]) not in old:
            continue
        b = old[(r["scale"], r["page"])]
        out.append({"scale": r["scale"], "page": r["page"], "before_cold_s": b["cold_s"], "after_cold_s": r["cold_s"],
                    "before_warm_s": b["warm_s"], "after_warm_s": r["warm_s"],
                    "warm_ratio": b["warm_s"] / r["warm_s"] if r["warm_s"] else float("nan")})
    return out


def _child(tree: str, tmp: str, factors: str, pages: str) -> None:
    """Run inside the baseline's worktree: scale its warehouse with its own code, time its pages, JSON on stdout."""
    from etl.warehouse import connect_readonly

    base = Path(tmp) / "bundled.duckdb"
    out = []
    for factor in map(int, factors.split(",")):
        path = Path(tmp) / f"scaled_{factor}.duckdb"
        scale(base, path, factor)
        con = connect_readonly(path)
        rows = con.execute("SELECT count(*) FROM fact_entsog_operational").fetchall()[0][0]
        con.close()
        out += time_pages(str(Path(tree) / "dashboard" / "app.py"), path, tuple(pages.split(",")), factor, rows)
        _remove(path)
    print(json.dumps(out, default=str))


if __name__ == "__main__" and len(sys.argv) == 6 and sys.argv[1] == "child":
    sys.path.insert(0, sys.argv[2])
    _child(*sys.argv[2:])
