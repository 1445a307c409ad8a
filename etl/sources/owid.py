"""Our World in Data energy dataset: annual gas consumption and production (TWh) for Ukraine, the EU and Russia,
compiled from the BP / Energy Institute Statistical Review — the long view (1985 →) behind import dependence.

Live: OWID's ``owid-energy-data.csv`` (columns ``country, year, gas_consumption, gas_production``, TWh), no key.
Importer: OWID's processed BP Statistical Review 2021 input (``Gas Consumption - TWh``, ``Gas Production - TWh``),
which is what the bundled snapshot holds for 1965–2020. Licence: CC BY 4.0 (OWID); BP's terms for the numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl.errors import SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Source, Window
from etl.warehouse import now_utc

NAME = "owid"
TABLE = "fact_annual_gas"
BASE_URL = "https://nyc3.digitaloceanspaces.com/owid-public/data/energy"
FILE = "owid-energy-data.csv"
KEY = ["year", "area_code"]
COLUMNS = ["year", "area_code", "consumption_twh", "production_twh", "source", "loaded_at"]
AREAS = {"Ukraine": "UA", "European Union (27)": "EU", "European Union": "EU", "Russia": "RU"}
LIVE_FIELDS = ("country", "year", "gas_consumption", "gas_production")
BP2021_FIELDS = ("Entity", "Year", "Gas Consumption - TWh", "Gas Production - TWh")


def _frame(df: pd.DataFrame, country: str, year: str, consumption: str, production: str, source: str) -> pd.DataFrame:
    df = df[df[country].isin(AREAS)]
    out = pd.DataFrame({
        "year": pd.to_numeric(df[year], errors="coerce").astype("Int64"),
        "area_code": df[country].map(AREAS),
        "consumption_twh": pd.to_numeric(df[consumption], errors="coerce"),
        "production_twh": pd.to_numeric(df[production], errors="coerce"),
    })
    out = out.dropna(subset=["year"]).dropna(subset=["consumption_twh", "production_twh"], how="all")
    out["source"], out["loaded_at"] = source, now_utc()
    return out.drop_duplicates(KEY, keep="last")[COLUMNS].reset_index(drop=True)


def parse(raw: RawResponse) -> pd.DataFrame:
    """The live CSV → fact rows; SchemaError if OWID renamed the columns we read."""
    if not isinstance(raw.payload, str):
        raise SchemaError(f"owid: {raw.url} did not return CSV text")
    df = _read(io.StringIO(raw.payload), LIVE_FIELDS, raw.url)
    return _frame(df, "country", "year", "gas_consumption", "gas_production", "owid_api")


def _read(source: Any, fields: tuple[str, ...], where: str) -> pd.DataFrame:
    """The columns ``fields`` of a CSV (a path or a text buffer); SchemaError names the ones OWID renamed."""
    df = pd.read_csv(source, usecols=lambda c: c in fields, dtype=str)
    missing = [f for f in fields if f not in df.columns]
    if missing:
        raise SchemaError(f"owid: {where} lacks column(s) {', '.join(missing)} — nothing loaded")
    return df


def import_bp2021(path: Path) -> pd.DataFrame:
    """OWID's processed BP Statistical Review 2021 file (the snapshot's source)."""
    df = _read(path, BP2021_FIELDS, str(path))
    return _frame(df, "Entity", "Year", "Gas Consumption - TWh", "Gas Production - TWh", "owid_bp2021")


def import_energy_data(path: Path) -> pd.DataFrame:
    """A copy of OWID's owid-energy-data.csv (the live file's columns; the snapshot holds Ukraine's rows to 2024)."""
    df = _read(path, LIVE_FIELDS, str(path))
    return _frame(df, "country", "year", "gas_consumption", "gas_production", "owid_energy_data")


def fetch(client: HttpClient, window: Window, base_url: str = BASE_URL,
          progress: Callable[[int, int, str], None] | None = None):
    result = client.get_text(f"{base_url}/{FILE}")
    if progress:
        progress(1, 1, FILE)
    yield RawResponse(result.url, result.payload)


def fetch_for(con: duckdb.DuckDBPyConnection, client: HttpClient, window: Window, *, base_url: str = BASE_URL,
              plan: dict[date, set[str]] | None = None, progress: Callable[[int, int, str], None] | None = None):
    return fetch(client, window, base_url, progress)


def whole_file_start(con: duckdb.DuckDBPyConnection) -> date:
    """The whole file is one download; the window only records when it was taken."""
    return date(date.today().year - 1, 1, 1)


SOURCE = Source(
    name=NAME, table=TABLE,
    publisher='Our World in Data (BP Statistical Review)',
    licence='CC BY 4.0 (OWID); BP terms for the underlying numbers',
    parse=parse, fetch=fetch_for, first_day=date(1965, 1, 1), revision_days=0,
    day_column="make_date(year, 1, 1)", start=whole_file_start, base_url=BASE_URL,
    series="one area's annual consumption and production", snapshot_file="annual_gas.parquet",
)
