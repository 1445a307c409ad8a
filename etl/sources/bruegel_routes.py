"""Bruegel's daily EU gas imports by route and supplier (computed by Bruegel from ENTSOG physical flows).

Route level only: one value per day and route (Ukraine transit, the Sudzha entry into Ukraine, Nord Stream, Yamal,
TurkStream) or supplier (Norway, LNG, Algeria, Azerbaijan, …), in million m³ per day at Bruegel's 10.3 kWh/m³.
The marts use it where the warehouse holds no per-point ENTSOG data (after March 2023 offline) and label those
days as route-level. Bruegel publishes a file (https://www.bruegel.org/dataset/european-natural-gas-imports),
not an API: this source has an importer, no live connector — a live ENTSOG refresh replaces it point by point.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from etl.errors import SchemaError
from etl.sources import Source
from etl.units import BRUEGEL_GCV_KWH_PER_M3
from etl.warehouse import now_utc

NAME = "bruegel"
TABLE = "fact_route_daily"
KEY = ["gas_day", "series"]
COLUMNS = ["gas_day", "series", "flow_mcm_published", "published_gcv_kwh_per_m3", "source", "loaded_at"]
#: Bruegel's column → series name (routes carry the names of ref_point.route; 'ukraine_transit' is the Ukraine
#: route to the EU, 'sudzha_entry' Russian gas entering Ukraine at Sudzha).
SERIES = {
    "Norway": "norway",
    "Algeria": "algeria",
    "Russia": "russia_total",
    "Azerbaijan": "azerbaijan",
    "Libya": "libya",
    "UK net flows": "uk_net",
    "LNG": "lng",
    "EU total": "eu_total",
    "Nord Stream": "nord_stream",
    "Ukraine Gas Transit": "ukraine_transit",
    "Yamal (BY,PL)": "yamal_belarus",
    "Turkstream": "turkstream",
    "Russia (Sudzha)": "sudzha_entry",
}


def import_csv(path: Path) -> pd.DataFrame:
    """Bruegel's ``daily_data_<date>.csv`` (dates dd.mm.yyyy, one column per route/supplier, mcm/d) → long rows.

    Empty cells (a route that stopped) stay missing, not zero; a non-numeric cell (the 'Russia' label in the
    Sudzha column on 30 Jun 2023) is dropped; an unknown column is ignored, a missing one is an error.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("dates", "Ukraine Gas Transit", "EU total") if c not in df.columns]
    if missing:
        raise SchemaError(f"bruegel: {path} is not Bruegel's daily imports layout (missing {', '.join(missing)})")
    days = pd.to_datetime(df["dates"].str.strip(), format="%d.%m.%Y", errors="coerce")
    if days.isna().any():
        bad = df.loc[days.isna(), "dates"].iloc[0]
        raise SchemaError(f"bruegel: {path} has a date that is not dd.mm.yyyy: {bad!r}")
    present = {column: series for column, series in SERIES.items() if column in df.columns}
    long = (df.assign(gas_day=days.dt.date)[["gas_day", *present]]
              .melt(id_vars="gas_day", var_name="column", value_name="text"))
    long["flow_mcm_published"] = pd.to_numeric(long["text"].str.strip(), errors="coerce")
    long = long[long["flow_mcm_published"].notna()]
    out = pd.DataFrame({
        "gas_day": long["gas_day"],
        "series": long["column"].map(present),
        "flow_mcm_published": long["flow_mcm_published"].astype("float64"),
        "published_gcv_kwh_per_m3": BRUEGEL_GCV_KWH_PER_M3,
        "source": "bruegel_daily",
        "loaded_at": now_utc(),
    })
    return out.drop_duplicates(KEY, keep="last")[COLUMNS].reset_index(drop=True)


SOURCE = Source(name=NAME, table=TABLE,
                publisher='Bruegel, European natural gas imports (from ENTSOG)',
                licence='credit Bruegel; the values are ENTSOG TP data (ENTSOG terms)',
                first_day=date(2018, 8, 1), revision_days=0,
                series="one route or supplier (Ukraine transit, Sudzha entry, Nord Stream, Norway, LNG, …)",
                snapshot_file="route_daily.parquet")
