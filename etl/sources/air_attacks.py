"""Daily missile and drone attacks on Ukraine: how many were launched and shot down each night, as the Air Force of
Ukraine reported them — the intensity behind the strikes on energy assets (data/reference/energy_strikes.csv).

File-only source: the open dataset "Massive Missile Attacks on Ukraine" (Petro Ivaniuk, Kaggle), compiled from the
Air Force's posts, one row per reported attack (time_start, time_end, model, launched, destroyed, …). Its licence is
CC BY-NC-SA 4.0 as two independent secondary statements give it: NOT MIT-compatible. So the snapshot keeps only
the daily counts (an adaptation, which keeps CC BY-NC-SA 4.0 and the attribution), the data package names that
licence on this resource alone, and nothing else of the dataset is shipped. It names regions, not assets: it says
how heavy a night was, not what was hit.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errors import SchemaError
from etl.sources import Source
from etl.warehouse import now_utc

NAME = "air_attacks"
TABLE = "fact_air_attack_daily"
ATTRIBUTION = ("Petro Ivaniuk, Massive Missile Attacks on Ukraine (Kaggle), from Air Force of Ukraine reports; "
               "daily counts adapted by ua-gas-tracker")
LICENCE = "CC BY-NC-SA 4.0 (as stated by two secondary sources; not confirmed at the primary source)"
FIELDS = ("time_start", "model", "launched", "destroyed")
COLUMNS = ["day", "launched", "destroyed", "launched_drones", "launched_missiles", "reports", "source", "loaded_at"]


def _is_drone(model: str, drone_models: set[str]) -> bool:
    parts = [p.strip() for p in str(model).replace(" and ", ",").split(",") if p.strip()]
    return bool(parts) and all(p in drone_models or "shahed" in p.lower() or "uav" in p.lower() for p in parts)


def import_daily(attacks: Path, models: Path | None = None) -> pd.DataFrame:
    """The dataset's attack rows → one row per day (the day the attack started, Kyiv time as published)."""
    df = pd.read_csv(attacks, dtype=str)
    missing = [f for f in FIELDS if f not in df.columns]
    if missing:
        raise SchemaError(f"air_attacks: {attacks} lacks column(s) {', '.join(missing)} — nothing loaded")
    drone_models: set[str] = set()
    if models is not None and models.exists():
        catalogue = pd.read_csv(models, dtype=str)
        drone_models = set(catalogue.loc[catalogue["category"].str.upper() == "UAV", "model"])
    day = pd.to_datetime(df["time_start"].str[:10], errors="coerce").dt.date
    launched = pd.to_numeric(df["launched"], errors="coerce")
    drone = df["model"].map(lambda m: _is_drone(m, drone_models))
    rows = pd.DataFrame({"day": day, "launched": launched,
                         "destroyed": pd.to_numeric(df["destroyed"], errors="coerce"),
                         "launched_drones": launched.where(drone), "launched_missiles": launched.where(~drone)})
    rows = rows.dropna(subset=["day"])
    out = rows.groupby("day", as_index=False).agg(
        launched=("launched", lambda s: s.sum(min_count=1)), destroyed=("destroyed", lambda s: s.sum(min_count=1)),
        launched_drones=("launched_drones", lambda s: s.sum(min_count=1)),
        launched_missiles=("launched_missiles", lambda s: s.sum(min_count=1)), reports=("launched", "size"))
    out["source"], out["loaded_at"] = "missile_attacks_dataset", now_utc()
    return out[COLUMNS].sort_values("day", ignore_index=True)


SOURCE = Source(
    name=NAME, table=TABLE, publisher="Petro Ivaniuk (Kaggle), from the Air Force of Ukraine's reports",
    licence=LICENCE, first_day=pd.Timestamp("2022-09-28").date(), revision_days=0, day_column="day",
    series="missiles and drones launched at Ukraine per day", snapshot_file="air_attacks_daily.parquet",
)
