"""GIE AGSI+ gas storage: Ukraine, the EU aggregate, and the neighbours whose gas reaches Ukraine.

Live API ``https://agsi.gie.eu/api?country=XX&from=…&to=…`` with the ``x-key`` header (free key, $GIE_API_KEY).
The EU aggregate is asked with ``type=eu`` [R: hexqnt, scripts]. Units: TWh for stocks, GWh/d for flows; the
``consumption`` field is annual (TWh/yr). Importers: the AGSI+ website's JSON download (a bare array, numbers as
numbers) and sheets converted from API JSON (.xlsx/.csv with the API's field names).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl.coverage import SeriesSpan
from etl.errors import SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Source, Window, gie
from etl.warehouse import now_utc

NAME = "agsi"
TABLE = "fact_agsi_storage"
BASE_URL = "https://agsi.gie.eu/api"
AREAS = ("UA", "EU", "SK", "HU", "PL", "RO", "AT", "DE")
REVISION_DAYS = 30
FIRST_DAY = date(2016, 1, 1)
REQUIRED_FIELDS = ("gasDayStart", "gasInStorage", "workingGasVolume", "full")
FIELDS = {  # AGSI field → column (units in the column names)
    "gasInStorage": "gas_in_storage_twh",
    "workingGasVolume": "working_gas_volume_twh",
    "full": "full_pct",
    "trend": "trend_pct",
    "injection": "injection_gwh",
    "withdrawal": "withdrawal_gwh",
    "netWithdrawal": "net_withdrawal_gwh",
    "injectionCapacity": "injection_capacity_gwh",
    "withdrawalCapacity": "withdrawal_capacity_gwh",
    "consumption": "consumption_twh_per_year",
}
COLUMNS = ["gas_day", "area_code", "area_name", *FIELDS.values(), "status", "updated_at", "source", "loaded_at"]
KEY = ["gas_day", "area_code"]


def area_params(area: str) -> dict[str, str]:
    return {"type": "eu"} if area == "EU" else {"country": area}


def fetch(client: HttpClient, window: Window, areas: tuple[str, ...] = AREAS, base_url: str = BASE_URL,
          key: str | None = None, progress: Callable[[int, int, str], None] | None = None,
          plan: dict[date, set[str]] | None = None):
    """Yield (area, raw page) for every page of every area (with a gap-aware plan: of its planned months only)."""
    key = key or gie.api_key()
    for i, area in enumerate(areas, start=1):
        for part in gie.area_windows(window, area, plan):
            for raw in gie.fetch_pages(client, base_url, key, {**area_params(area), **gie.window_params(part)},
                                       NAME):
                yield area, raw
        if progress:
            progress(i, len(areas), area)


def parse(raw: RawResponse, area: str) -> pd.DataFrame:
    """One API page → typed rows; SchemaError if fields changed or the API answered another area."""
    rows = raw.payload.get("data", []) if isinstance(raw.payload, dict) else None
    if rows is None:
        raise SchemaError(f"agsi: {raw.url} is not an AGSI envelope")
    rows = [_flatten_eu(r) for r in rows] if area == "EU" else rows
    frame = rows_to_frame(rows, source="agsi_api", url=raw.url)
    wrong = frame.loc[frame["area_code"] != area, "area_code"].unique()
    if len(wrong):
        raise SchemaError(
            f"agsi: asked for area {area} but {raw.url} answered {', '.join(map(str, wrong))} — AGSI ignores "
            "filters it does not know; nothing from this response was loaded"
        )
    return frame


def _flatten_eu(row: dict[str, Any]) -> dict[str, Any]:
    """An EU-aggregate row (possibly with nested 'children') → the aggregate itself, coded 'EU'."""
    row = {k: v for k, v in row.items() if k != "children"}
    code = str(row.get("code") or row.get("name") or "").upper()
    if code in {"EU", "EU27", "EUROPEAN UNION"}:
        row["code"] = "EU"
    return row


def rows_to_frame(rows: list[dict[str, Any]], source: str, url: str = "", area: str | None = None) -> pd.DataFrame:
    """AGSI rows (API strings or export numbers) → fact_agsi_storage columns, one row per gas day and area."""
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    df = pd.DataFrame.from_records(rows)
    missing = [f for f in REQUIRED_FIELDS if f not in df.columns]
    if missing:
        raise SchemaError(f"agsi: {url or source} lacks field(s) {', '.join(missing)} — the shape changed; "
                          "nothing loaded")
    out = pd.DataFrame({"gas_day": pd.to_datetime(df["gasDayStart"]).dt.date})
    out["area_code"] = area or df["code"].astype(str).str.upper()
    out["area_name"] = df["name"] if "name" in df else area
    for field, column in FIELDS.items():
        out[column] = gie.numbers(df[field]) if field in df else float("nan")
    out["status"] = df["status"] if "status" in df else None
    out["updated_at"] = pd.to_datetime(df["updatedAt"], errors="coerce") if "updatedAt" in df else pd.NaT
    out["source"] = source
    out["loaded_at"] = now_utc()
    out = out.sort_values("updated_at", ascending=False, na_position="last")
    return out.drop_duplicates(["gas_day", "area_code"])[COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------- importers
#: Column names of API copies written with units in the names (e.g. a scheduled job's ``gie_storage.csv``) → the
#: API's field names, so one parser reads both. Its ``consumption_gwh_per_day`` is not AGSI's annual figure: left out.
SNAKE_CASE_FIELDS = {
    "date": "gasDayStart", "gas_in_storage_twh": "gasInStorage", "working_gas_volume_twh": "workingGasVolume",
    "full_pct": "full", "trend_pct": "trend", "injection_gwh_per_day": "injection",
    "withdrawal_gwh_per_day": "withdrawal", "net_withdrawal_gwh_per_day": "netWithdrawal",
    "injection_capacity_gwh_per_day": "injectionCapacity", "withdrawal_capacity_gwh_per_day": "withdrawalCapacity",
}


def import_export(path: Path, area: str | None = None) -> pd.DataFrame:
    """An AGSI+ file an analyst downloaded: website JSON array, API JSON envelope, a converted .xlsx/.csv, or a CSV
    with unit-suffixed column names."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        payload = json.loads(path.read_text())
        rows = payload.get("data", []) if isinstance(payload, dict) else payload
    elif suffix == ".xlsx":
        rows = pd.read_excel(path, dtype=str, engine="openpyxl").to_dict("records")
    else:
        df = pd.read_csv(path, dtype=str)
        if "gas_in_storage_twh" in df.columns:
            df = df.drop(columns=[c for c in df.columns if c in SNAKE_CASE_FIELDS.values()])
            df = df.rename(columns=SNAKE_CASE_FIELDS)
        rows = df.to_dict("records")
    frame = rows_to_frame(rows, source="agsi_export", url=str(path), area=area)
    frame["area_code"] = frame["area_code"].replace({"EU27": "EU"})
    return frame


def import_inventory_history(path: Path, areas: tuple[str, ...] = AREAS) -> pd.DataFrame:
    """A compact AGSI+ history ``{"eu": [{date, fullPct, gasInStorageTWh}], "countries": {"hu": [...]}}``.

    Only stock and % full are in it; the working gas volume is derived from the two (stock × 100 / % full) so the
    winter outlook has its floor. Areas outside ``areas`` are skipped.
    """
    payload = json.loads(path.read_text())
    if not isinstance(payload, dict) or not isinstance(payload.get("eu"), list):
        raise SchemaError(f"agsi: {path} is not an AGSI+ history file (no 'eu' list)")
    series = {"EU": payload["eu"], **{code.upper(): rows for code, rows in (payload.get("countries") or {}).items()}}
    frames = []
    for code, rows in series.items():
        if code not in areas or not rows:
            continue
        df = pd.DataFrame.from_records(rows)
        missing = [f for f in ("date", "fullPct", "gasInStorageTWh") if f not in df.columns]
        if missing:
            raise SchemaError(f"agsi: {path} area {code} lacks field(s) {', '.join(missing)}")
        full, stock = gie.numbers(df["fullPct"]), gie.numbers(df["gasInStorageTWh"])
        frames.append(pd.DataFrame({
            "gasDayStart": df["date"], "code": code, "name": None, "gasInStorage": stock, "full": full,
            "workingGasVolume": (stock * 100 / full.where(full > 0)).round(2),
        }))
    rows = pd.concat(frames, ignore_index=True).to_dict("records") if frames else []
    return rows_to_frame(rows, source="agsi_export", url=str(path))


def import_stock_and_volume(path: Path, area: str) -> pd.DataFrame:
    """A kept copy of one country's AGSI+ stock and working gas volume (``date,gas_in_storage_twh,
    working_gas_volume_twh``), e.g. a dashboard's scrape; % full is derived from the two. Days where AGSI+ shows 0
    and 0 are left out: nothing was reported then, the storage was not empty."""
    df = pd.read_csv(path, dtype=str)
    missing = [c for c in ("date", "gas_in_storage_twh", "working_gas_volume_twh") if c not in df.columns]
    if missing:
        raise SchemaError(f"agsi: {path} lacks column(s) {', '.join(missing)} — nothing loaded")
    stock, volume = gie.numbers(df["gas_in_storage_twh"]), gie.numbers(df["working_gas_volume_twh"])
    reported = ~((stock == 0) & (volume == 0))
    rows = pd.DataFrame({"gasDayStart": df["date"], "code": area, "name": None, "gasInStorage": stock,
                         "workingGasVolume": volume, "full": (stock * 100 / volume.where(volume > 0)).round(2)})
    return rows_to_frame(rows[reported].to_dict("records"), source="agsi_export", url=str(path), area=area)


# ---------------------------------------------------------------- series and holes (etl/coverage.py)
HELD_SQL = "SELECT DISTINCT area_code AS series, gas_day AS day FROM fact_agsi_storage"


def expected_series(con: duckdb.DuckDBPyConnection) -> list[SeriesSpan]:
    """Every area this source refreshes, from the first day it is asked for (AGSI+ publishes from 2011 for some)."""
    return [SeriesSpan(area, FIRST_DAY) for area in AREAS]


# ---------------------------------------------------------------- the source's declaration
fetch_for, parse_raw = gie.area_hooks(fetch, parse)  # the contract's hooks: pages per area


SOURCE = Source(
    name=NAME, table=TABLE,
    publisher='GIE (Gas Infrastructure Europe), AGSI+',
    licence='credit "GIE (Gas Infrastructure Europe), AGSI+"',
    parse=parse_raw, fetch=fetch_for, first_day=FIRST_DAY, revision_days=REVISION_DAYS,
    series="one area: a country, or the EU aggregate", base_url=BASE_URL, requires_key=gie.api_key,
    held_sql=HELD_SQL, expected_series=expected_series, snapshot_file="agsi_storage.parquet",
)
