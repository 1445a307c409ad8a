"""Dashboard: each page's script run (AppTest) and the heaviest mart queries, on the bundled warehouse and on
warehouses scaled 10× and 100× by repeating the real ENTSOG series under shifted point keys (speed only)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl.warehouse import building, connect_readonly

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = ("overview", "border_flows", "storage", "lng", "dependence", "methodology", "data_sources")
HEAVY_QUERIES = {
    "mart_border_flow_daily (all)": "SELECT count(*), sum(flow_mcm) FROM mart_border_flow_daily",
    "mart_transit_daily by year": "SELECT year(gas_day), sum(eu_exit_mcm) FROM mart_transit_daily GROUP BY 1",
    "mart_dependence_monthly (all)": "SELECT count(*), sum(value) FROM mart_dependence_monthly",
}


def scale(base: Path, target: Path, factor: int) -> float:
    """Copy the warehouse and add factor−1 copies of every ENTSOG report and point under shifted keys; returns the
    seconds the publish took (copy, insert, materialise the marts, rename) — the cost a refresh pays."""
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


def run(base_warehouse: Path, factors: tuple[int, ...] = (1, 10, 100), pages: tuple[str, ...] = PAGES
        ) -> list[dict]:
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
        os.environ["UA_GAS_WAREHOUSE"] = str(path)
        for page in pages:
            at = AppTest.from_file(APP, default_timeout=120)
            if page != "overview":
                at.switch_page(f"views/{page}.py")
            t = time.perf_counter()
            at.run()
            cold = time.perf_counter() - t
            t = time.perf_counter()
            at.run()
            warm = time.perf_counter() - t
            out.append({"bench": "page", "scale": factor, "page": page, "cold_s": cold, "warm_s": warm,
                        "errors": len(at.exception), "fact_rows": rows})
    os.environ.pop("UA_GAS_WAREHOUSE", None)
    return out
