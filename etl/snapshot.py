"""The bundled snapshot: real published data, read from shared/data by the project's own importers, written as
compact Parquet under data/snapshot/ — and the offline rebuild of the warehouse from it.

The raw third-party files stay in ../shared; the snapshot is what the project ships, so the dashboard and the
tests run on a fresh machine with no network and no key.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import PROJECT_ROOT, REFERENCE_DIR, SNAPSHOT_DIR
from etl.errors import ConfigError
from etl.reference import POINTS, load_csv
from etl.sources import (
    agsi,
    air_attacks,
    bruegel_routes,
    entsoe,
    entsoe_files,
    entsog,
    entsog_files,
    eurostat,
    iea_gtf,
    owid,
    owid_power,
    registry,
)
from etl.warehouse import now_utc, snapshot_tables_built_at, upsert

log = logging.getLogger("etl.snapshot")

DEFAULT_SHARED = PROJECT_ROOT.parent / "shared" / "data"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class SnapshotTable:
    """One Parquet file of the snapshot and the fact table it fills."""

    file_name: str
    table: str


def snapshot_tables() -> tuple[SnapshotTable, ...]:
    """The snapshot's files: every registered source that declares one (etl/sources/__init__.py)."""
    return tuple(SnapshotTable(s.snapshot_file, s.table) for s in registry(live_only=False).values()
                 if s.snapshot_file)


TABLES = snapshot_tables()
IEA_GTF = "iea-gas-trade-flows/Export_GTF_IEA_202209.xls"
BRUEGEL_DAILY = "bruegel-daily-imports/daily_data_2024-10-22.csv"
#: AGSI+ inputs, lowest precedence first: where two cover the same day and area, the later one in this list wins
#: (§11 is the latest fetch of the EU aggregate and carries every field; §10 adds the neighbours from 2023-05).
STORAGE_INPUTS = (
    ("gie-agsi/StorageData_GIE_2016-04-07_2022-09-14_EU.json", "EU"),
    ("gie-agsi/eu-gas-inventory/history.json", "history"),
    ("gie-agsi/eu-storage-2020-2026/gie_storage_eu.csv", None),
    ("gie-agsi/agsi_country_UA_2024-03-12_to_2024-04-10_converted.xlsx", None),
)
OWID_BP2021 = "owid-energy/statistical_review_of_world_energy_bp_2021_UA_EU_RU.csv"
OWID_UA = "owid-energy/owid_energy_data_UA.csv"  # Ukraine's rows of OWID's energy dataset, to 2024 (PROVENANCE §12)
AIR_ATTACKS = "missile-attacks/missile_attacks_daily.csv"  # PROVENANCE §13: CC BY-NC-SA 4.0, daily counts only
AIR_MODELS = "missile-attacks/missiles_and_uavs.csv"
#: ENTSO-E's published hourly physical flows on Ukraine's five borders, one file per month held (kept in the project,
#: not in shared/: data/reference/entsoe/README.md says where the values were copied from and under what terms)
ENTSOE_FLOWS = tuple(sorted((REFERENCE_DIR / "entsoe").glob("physical_flows_ua_*.csv")))
#: Ukraine's AGSI+ stock and working gas volume, 2022-04 → 2024-12, kept in the project (data/reference/agsi/README.md)
UA_AGSI_COPY = REFERENCE_DIR / "agsi" / "ukraine_agsi_2022-04_2024-12.csv"
EUROSTAT_EXPORTS = (
    ("eurostat/nrg_ti_gas_custom_2437435_imports_by_partner_annual_2011-2020.xlsx", "nrg_ti_gas"),
    ("eurostat/nrg_cb_gas_custom_2395063_supply_transformation_consumption_annual_2011-2020.xlsx", "nrg_cb_gas"),
)


def build(shared: Path = DEFAULT_SHARED, out_dir: Path = SNAPSHOT_DIR) -> dict[str, dict]:
    """Read shared/data with the project's importers and write the snapshot; returns the manifest."""
    if not shared.exists():
        raise ConfigError(f"{shared} not found: the snapshot is built from the raw third-party files of shared/data "
                          "(pass --shared PATH)")
    out_dir.mkdir(parents=True, exist_ok=True)
    points = load_csv(POINTS, REFERENCE_DIR)
    keep = set(zip(points["point_key"], points["operator_key"], points["direction_key"], strict=True))

    bruegel = sorted((shared / "bruegel-gas-imports" / "raw").glob("*manual_EU27.csv"))
    exports = sorted((shared / "api-samples" / "entsog").glob("operationalData_xlsx_*.xlsx"))
    flows = [entsog_files.import_bruegel_csv(bruegel, keep=keep)]
    for path in exports:
        frame = entsog_files.import_tp_export(path)
        key = list(zip(frame["point_key"], frame["operator_key"], frame["direction_key"], strict=True))
        flows.append(frame[[k in keep for k in key]])
    # each import is already one row per key; where files overlap, the later (newer) file wins
    entsog_frame = pd.concat(flows, ignore_index=True).drop_duplicates(entsog.KEY, keep="last")

    storage_inputs = [(shared / rel, area) for rel, area in STORAGE_INPUTS]
    storage = pd.concat([agsi.import_stock_and_volume(UA_AGSI_COPY, "UA"),  # lowest precedence: fewest fields
                         *(agsi.import_inventory_history(p) if area == "history" else agsi.import_export(p, area)
                           for p, area in storage_inputs)], ignore_index=True)
    storage = storage.drop_duplicates(agsi.KEY, keep="last").sort_values(agsi.KEY, ignore_index=True)
    storage["area_name"] = storage["area_name"].fillna(storage["area_code"].map({"EU": "EU (AGSI+ aggregate)"}))
    routes = bruegel_routes.import_csv(shared / BRUEGEL_DAILY)
    iea = iea_gtf.import_xls(shared / IEA_GTF)

    stats = pd.concat([eurostat.import_xlsx(shared / rel, dataset) for rel, dataset in EUROSTAT_EXPORTS],
                      ignore_index=True)

    # BP 2021 for the EU and Russia (and Ukraine to 2020); OWID's current file, where it has Ukraine, wins
    annual = pd.concat([owid.import_bp2021(shared / OWID_BP2021), owid.import_energy_data(shared / OWID_UA)],
                       ignore_index=True).drop_duplicates(owid.KEY, keep="last")
    annual = annual.sort_values(owid.KEY, ignore_index=True)
    attacks = air_attacks.import_daily(shared / AIR_ATTACKS, shared / AIR_MODELS)
    power = owid_power.import_energy_data(shared / OWID_UA)
    power_flows = pd.concat([entsoe_files.import_flows_csv(path) for path in ENTSOE_FLOWS], ignore_index=True)

    frames = {entsog.TABLE: entsog_frame, agsi.TABLE: storage, eurostat.TABLE: stats, owid.TABLE: annual,
              bruegel_routes.TABLE: routes, iea_gtf.TABLE: iea, air_attacks.TABLE: attacks,
              owid_power.TABLE: power, entsoe.TABLE: power_flows}
    inputs = [*bruegel, *exports, *(p for p, _ in storage_inputs), *(shared / rel for rel, _ in EUROSTAT_EXPORTS),
              shared / OWID_BP2021, shared / OWID_UA, shared / BRUEGEL_DAILY, shared / IEA_GTF, shared / AIR_ATTACKS,
              shared / AIR_MODELS]
    manifest = {
        "built_at": now_utc().isoformat(timespec="seconds"),
        "inputs": {**{str(p.relative_to(shared)): _sha256(p) for p in inputs},
                   **{str(p.relative_to(PROJECT_ROOT)): _sha256(p) for p in (*ENTSOE_FLOWS, UA_AGSI_COPY)}},
        "tables": {},
    }
    for spec in snapshot_tables():
        if spec.table not in frames:  # a live-only source with nothing bundled (e.g. the power flows)
            continue
        frame = frames[spec.table]
        frame.to_parquet(out_dir / spec.file_name, index=False, compression="zstd")
        days = next((frame[c] for c in ("gas_day", "period", "month", "day") if c in frame), None)
        if "hour_utc" in frame:
            days = frame["hour_utc"].dt.date
        if days is None:
            days = pd.to_datetime(frame["year"].astype(str) + "-01-01").dt.date
        if "indicator" in frame:  # coverage of flows; capacities are published for weeks ahead
            days = frame.loc[frame["indicator"] == "Physical Flow", "gas_day"]
        manifest["tables"][spec.table] = {
            "file": spec.file_name,
            "rows": len(frame),
            "first_day": str(min(days)),
            "last_day": str(max(days)),
            "sources": sorted(frame["source"].unique().tolist()),
        }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(snapshot_dir: Path = SNAPSHOT_DIR) -> dict:
    return json.loads((snapshot_dir / MANIFEST).read_text())


def is_newer(con: duckdb.DuckDBPyConnection, snapshot_dir: Path = SNAPSHOT_DIR) -> bool:
    """Does data/snapshot hold a table, or a build, the warehouse has not loaded (e.g. after `git pull`)?"""
    manifest = read_manifest(snapshot_dir)
    loaded = snapshot_tables_built_at(con)
    built = datetime.fromisoformat(manifest["built_at"])
    return any(spec.table not in loaded or loaded[spec.table] < built for spec in TABLES)


def load_snapshot(con: duckdb.DuckDBPyConnection, snapshot_dir: Path = SNAPSHOT_DIR,
                  keep_existing: bool = False) -> dict[str, int]:
    """Upsert every snapshot table into the warehouse and record its coverage in meta_snapshot.

    ``keep_existing``: a newer snapshot loaded into a warehouse that already holds refreshed data adds only the
    rows it lacks — a live value is never replaced by an older published file.
    """
    manifest = read_manifest(snapshot_dir)
    counts = {}
    for spec in TABLES:
        frame = pd.read_parquet(snapshot_dir / spec.file_name)
        for day_column in ("gas_day", "period", "month"):
            if day_column in frame:
                frame[day_column] = pd.to_datetime(frame[day_column]).dt.date
        counts[spec.table] = upsert(con, spec.table, frame, keep_existing=keep_existing)
        info = manifest["tables"][spec.table]
        con.execute(
            "INSERT OR REPLACE INTO meta_snapshot VALUES (?, ?, ?, ?, ?, ?)",
            [spec.table, ", ".join(info["sources"]), info["rows"], date.fromisoformat(info["first_day"]),
             date.fromisoformat(info["last_day"]), manifest["built_at"]],
        )
    return counts
