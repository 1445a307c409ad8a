"""Scaled inputs for the benchmarks, built by repeating REAL published series under shifted keys.

Nothing here is data: the values are real ENTSOG/GIE values re-used to make bigger inputs of the real format.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from etl import SNAPSHOT_DIR

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def real_flow_values() -> list[float]:
    """Daily physical flows at Velké Kapušany (eustream entry) from the bundled snapshot, in day order."""
    frame = pd.read_parquet(SNAPSHOT_DIR / "entsog_operational.parquet",
                            filters=[("point_key", "=", "ITP-00117"), ("operator_key", "=", "SK-TSO-0001"),
                                     ("direction_key", "=", "entry")])
    return frame.sort_values("gas_day")["value"].dropna().tolist()


def entsog_body(days: int, points: int, start: date = date(2015, 1, 1)) -> dict:
    """An operationalData JSON body: `points` shifted copies of the real row layout × `days` real values."""
    template = next(r for r in json.loads((FIXTURES / "entsog" / "operationalData_ITP-00117_2024-04.json")
                                          .read_text())["operationalData"] if r["indicator"] == "Physical Flow")
    values = real_flow_values()
    rows = []
    for p in range(points):
        for d in range(days):
            day = start + timedelta(days=d)
            row = dict(template)
            row.update(pointKey=f"ITP-{90000 + p:05d}", value=values[(d + p) % len(values)],
                       periodFrom=f"{day}T06:00:00+01:00", periodTo=f"{day + timedelta(days=1)}T06:00:00+01:00",
                       flowStatus="Confirmed", lastUpdateDateTime=f"{day + timedelta(days=1)}T12:00:00+01:00")
            rows.append(row)
    return {"meta": {"total": len(rows), "count": len(rows)}, "operationalData": rows}


def agsi_body(rows: int) -> dict:
    """An AGSI page: the 15 real Austrian rows of Feb 2022 repeated with shifted gas days."""
    real = json.loads((FIXTURES / "agsi" / "country_AT_from2022-02-01_to2022-02-15.json").read_text())
    out = []
    for i in range(rows):
        row = dict(real["data"][i % len(real["data"])])
        row["gasDayStart"] = str(date(2010, 1, 1) + timedelta(days=i))
        out.append(row)
    return {**real, "last_page": 1, "total": len(out), "data": out}
