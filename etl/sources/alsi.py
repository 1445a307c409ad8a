"""GIE ALSI LNG terminals on the corridors that reach Ukraine: Greece (Revithoussa, Alexandroupolis), Poland
(Świnoujście), Lithuania (Klaipėda), Croatia (Krk). Country-level series: ALSI aggregates each country's terminals.

Ukraine has no terminal; this is supply context. ``inventory`` and ``dtmi`` changed in early 2024 from plain values
to objects ``{"lng": <1000 m³ LNG>, "gwh": <GWh>}`` — both forms are read. Same key and paging as AGSI+.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from etl.coverage import SeriesSpan
from etl.errors import SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Source, Window, gie
from etl.warehouse import now_utc

NAME = "alsi"
TABLE = "fact_alsi_terminal"
BASE_URL = "https://alsi.gie.eu/api"
COUNTRIES = ("GR", "PL", "LT", "HR")
REVISION_DAYS = 30
FIRST_DAY = date(2021, 1, 1)
REQUIRED_FIELDS = ("gasDayStart", "sendOut")
COLUMNS = ["gas_day", "terminal_key", "country_code", "terminal_name", "send_out_gwh", "inventory_gwh",
           "inventory_lng_1000m3", "dtmi_gwh", "dtrs_gwh", "status", "source", "loaded_at"]
KEY = ["gas_day", "terminal_key"]


def energy_and_liquid(value: Any) -> tuple[float | None, float | None]:
    """(GWh, 1000 m³ LNG) of an ALSI inventory/dtmi field: an object {lng, gwh} (2024+) or a plain GWh value."""
    if isinstance(value, dict):
        return gie.number(value.get("gwh")), gie.number(value.get("lng"))
    return gie.number(value), None


def fetch(client: HttpClient, window: Window, countries: tuple[str, ...] = COUNTRIES, base_url: str = BASE_URL,
          key: str | None = None, progress: Callable[[int, int, str], None] | None = None,
          plan: dict[date, set[str]] | None = None):
    key = key or gie.api_key()
    for i, country in enumerate(countries, start=1):
        for part in gie.area_windows(window, country, plan):
            for raw in gie.fetch_pages(client, base_url, key, {"country": country, **gie.window_params(part)},
                                       NAME):
                yield country, raw
        if progress:
            progress(i, len(countries), country)


def parse(raw: RawResponse, country: str) -> pd.DataFrame:
    rows = raw.payload.get("data") if isinstance(raw.payload, dict) else None
    if rows is None:
        raise SchemaError(f"alsi: {raw.url} is not an ALSI envelope")
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    for i, row in enumerate(rows):
        missing = [f for f in REQUIRED_FIELDS if f not in row]
        if missing:
            raise SchemaError(f"alsi: {raw.url} row {i} lacks field(s) {', '.join(missing)} — nothing loaded")
    records = []
    for row in rows:
        code = str(row.get("code") or country).upper()
        if code != country:
            raise SchemaError(f"alsi: asked for {country} but {raw.url} answered {code}; nothing loaded")
        inv_gwh, inv_lng = energy_and_liquid(row.get("inventory"))
        dtmi_gwh, _ = energy_and_liquid(row.get("dtmi"))
        records.append({
            "gas_day": date.fromisoformat(str(row["gasDayStart"])[:10]),
            "terminal_key": code,
            "country_code": code,
            "terminal_name": row.get("name"),
            "send_out_gwh": gie.number(row.get("sendOut")),
            "inventory_gwh": inv_gwh,
            "inventory_lng_1000m3": inv_lng,
            "dtmi_gwh": dtmi_gwh,
            "dtrs_gwh": gie.number(row.get("dtrs")),
            "status": row.get("status"),
        })
    out = pd.DataFrame.from_records(records)
    out["source"] = "alsi_api"
    out["loaded_at"] = now_utc()
    return out.drop_duplicates(["gas_day", "terminal_key"])[COLUMNS].reset_index(drop=True)



HELD_SQL = "SELECT DISTINCT country_code AS series, gas_day AS day FROM fact_alsi_terminal"


def expected_series(con: duckdb.DuckDBPyConnection) -> list[SeriesSpan]:
    """One series per country asked (a country's terminals are answered together)."""
    return [SeriesSpan(country, FIRST_DAY) for country in COUNTRIES]


fetch_for, parse_raw = gie.area_hooks(fetch, parse)  # the contract's hooks: pages per country


SOURCE = Source(
    name=NAME, table=TABLE,
    publisher='GIE (Gas Infrastructure Europe), ALSI',
    licence='credit "GIE, ALSI"', parse=parse_raw, fetch=fetch_for, first_day=FIRST_DAY, revision_days=REVISION_DAYS,
    series="one country's LNG terminals (ALSI answers them together)", base_url=BASE_URL,
    requires_key=gie.api_key, held_sql=HELD_SQL, expected_series=expected_series,
)
