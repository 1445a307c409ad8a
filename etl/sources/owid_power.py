"""Ukraine's yearly electricity balance before the war — generation by source, demand, net imports (TWh) — from Our
World in Data's energy dataset, whose electricity columns are Ember's (CC BY 4.0). Ember publishes no Ukraine data
after 2022, so this is the pre-war baseline the Electricity page sets the import figures against, not a live series.

File-only source: the snapshot reads the Ukraine rows of ``owid-energy-data.csv`` (shared/data §12) with the same
column names as OWID's live file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errors import SchemaError
from etl.sources import Source
from etl.warehouse import now_utc

NAME = "owid_power"
TABLE = "fact_annual_power"
#: OWID column → the item it gives (TWh a year). Generation by source sums to electricity_generation.
ITEMS = {"coal_electricity": "coal", "gas_electricity": "gas", "oil_electricity": "oil",
         "nuclear_electricity": "nuclear", "hydro_electricity": "hydro", "wind_electricity": "wind",
         "solar_electricity": "solar", "biofuel_electricity": "bioenergy",
         "other_renewable_exc_biofuel_electricity": "other_renewables",
         "electricity_generation": "generation", "electricity_demand": "demand", "net_elec_imports": "net_imports"}
AREAS = {"Ukraine": "UA"}


def import_energy_data(path: Path) -> pd.DataFrame:
    """OWID's energy dataset (or its Ukraine rows) → one row per year × item with a value."""
    df = pd.read_csv(path, dtype=str)
    missing = [c for c in ("country", "year", *ITEMS) if c not in df.columns]
    if missing:
        raise SchemaError(f"owid_power: {path} lacks column(s) {', '.join(missing)} — nothing loaded")
    df = df[df["country"].isin(AREAS)]
    long = df.melt(id_vars=["country", "year"], value_vars=list(ITEMS), var_name="column", value_name="twh")
    long["twh"] = pd.to_numeric(long["twh"], errors="coerce")
    long = long.dropna(subset=["twh"])
    out = pd.DataFrame({"year": pd.to_numeric(long["year"]).astype("int64"), "area_code": long["country"].map(AREAS),
                        "item": long["column"].map(ITEMS), "twh": long["twh"]})
    out["source"], out["loaded_at"] = "owid_energy_data", now_utc()
    return out.sort_values(["year", "item"], ignore_index=True)


SOURCE = Source(
    name=NAME, table=TABLE, publisher="Our World in Data (Ember electricity data)",
    licence="CC BY 4.0 (OWID; Ember)", first_day=pd.Timestamp("2000-01-01").date(), revision_days=0,
    day_column="make_date(year, 1, 1)", series="Ukraine's yearly electricity generation by source, demand, net imports",
    snapshot_file="annual_power.parquet",
)
