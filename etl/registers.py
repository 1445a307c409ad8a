"""The sourced registers analysts extend by hand: LNG cargoes bound for Ukraine, dated events, storage targets.

Their specs live here, beside the transformation from the CSV layout to the warehouse table; validation is the
shared code in etl/reference.py.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from etl.curated import (
    Column,
    Spec,
    parse_date,
    parse_float,
    parse_int,
    parse_iso2,
    parse_one_of,
    parse_reported_date,
    parse_ukrainian,
    parse_url_list,
)
from etl.registers_ukraine import (
    ENERGY_STRIKES,
    UA_GAS_REPORTED,
    UA_POWER_LIMIT,
    UA_POWER_TRADE_CHANGES,
    UA_POWER_TRADE_REPORTED,
    UA_POWER_TRADE_SHARES,
)


def _cargo_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    if row.get("record_type") == "delivery" and not row.get("date_reported"):
        problems.append(("date_reported", "a delivery needs the reported date"))
    if row.get("volume_mcm") is not None and row["volume_mcm"] > 2000:
        problems.append(("volume_mcm", f"{row['volume_mcm']} mcm is more than any LNG carrier holds (~110 mcm)"))
    return problems


def _target_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    if row.get("full_pct") is not None and not 0 <= row["full_pct"] <= 100:
        problems.append(("full_pct", f"{row['full_pct']} is not a percentage"))
    month, day = row.get("target_month"), row.get("target_day")
    if month is not None and day is not None:
        try:
            date(2024, month, day)
        except ValueError:
            problems.append(("target_day", f"{month}-{day} is not a calendar day"))
    return problems


LNG_CARGOES = Spec(
    file_name="lng_cargoes.csv",
    table="ref_lng_cargo",
    key=("cargo_id",),
    row_check=_cargo_checks,
    columns=(
        Column("cargo_id", required=True),
        Column("record_type", parse_one_of("delivery", "contract", "agreement"), required=True),
        Column("date_reported", parse_reported_date),
        Column("buyer", required=True),
        Column("seller"),
        Column("volume_reported"),
        Column("volume_mcm", parse_float),
        Column("vessel"),
        Column("origin_country", parse_iso2),
        Column("load_origin"),
        Column("regas_terminal"),
        Column("regas_country", parse_iso2),
        Column("route_to_ua"),
        Column("source_urls", parse_url_list, required=True),
        Column("notes"),
        Column("notes_uk", parse_ukrainian),
    ),
)

EVENTS = Spec(
    file_name="events.csv",
    table="ref_event",
    key=("event_id",),
    columns=(
        Column("event_id", required=True),
        Column("event_date", parse_date, required=True),
        Column("category", parse_one_of("transit", "supply", "attack", "storage", "lng", "policy", "power"),
               required=True),
        Column("title", required=True),
        Column("title_uk", parse_ukrainian, required=True),
        Column("description"),
        Column("description_uk", parse_ukrainian),
        Column("source_url", parse_url_list, required=True),
    ),
)

STORAGE_TARGETS = Spec(
    file_name="storage_targets.csv",
    table="ref_storage_target",
    key=("target_id",),
    row_check=_target_checks,
    columns=(
        Column("target_id", required=True),
        Column("area_code", required=True),
        Column("year", parse_int),
        Column("target_month", parse_int, required=True),
        Column("target_day", parse_int, required=True),
        Column("full_pct", parse_float, required=True),
        Column("legal_basis", required=True),
        Column("source_url", parse_url_list, required=True),
        Column("note"),
    ),
)

GTSOU_ANNUAL = Spec(
    file_name="gtsou_annual.csv",
    table="ref_gtsou_annual",
    key=("check_id",),
    columns=(
        Column("check_id", required=True),
        Column("year", parse_int, required=True),
        Column("measure", parse_one_of("transit", "imports"), required=True),
        Column("country", parse_one_of("ALL", "EU", "SK", "HU", "PL", "RO", "MD"), required=True),
        Column("bcm", parse_float, required=True),
        Column("source_url", parse_url_list, required=True),
        Column("note"),
        Column("why"),
    ),
)

INDICATORS = Spec(
    file_name="indicators.csv",
    table="ref_indicator",
    key=("indicator",),
    columns=(
        Column("indicator", required=True),
        Column("title", required=True),
        Column("title_uk", parse_ukrainian, required=True),
        Column("unit", required=True),
        Column("unit_uk", required=True),  # "%" and "HHI (0–10 000)" are Ukrainian too
        Column("grain", required=True),
        Column("grain_uk", parse_ukrainian, required=True),
        Column("formula", required=True),
        Column("formula_uk", parse_ukrainian, required=True),
        Column("sources", required=True),
        Column("sources_uk", required=True),  # may be names only ("Eurostat nrg_cb_gas")
        Column("caveats"),
        Column("caveats_uk", parse_ukrainian),
    ),
)

def _storage_report_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    if row.get("value_bcm") is not None and row["value_bcm"] > 35:
        problems.append(("value_bcm", f"{row['value_bcm']} bcm is more than Ukraine's UGS hold (31 bcm working gas)"))
    reported, as_of = row.get("date_reported"), row.get("as_of")
    if reported and as_of and not str(as_of).startswith(reported.split(" ")[0][:7]):
        problems.append(("as_of", f"{as_of} is not in the reported period {reported!r}"))
    return problems


UA_STORAGE_REPORTED = Spec(
    file_name="ua_storage_reported.csv",
    table="ref_ua_storage_reported",
    key=("report_id",),
    row_check=_storage_report_checks,
    columns=(
        Column("report_id", required=True),
        Column("as_of", parse_date, required=True),
        Column("date_reported", parse_reported_date, required=True),
        Column("measure", parse_one_of("stock", "season_withdrawal", "season_used_in_ukraine"), required=True),
        Column("value_bcm", parse_float, required=True),
        Column("qualifier", parse_one_of("exact", "about", "more_than"), required=True),
        Column("counts", required=True),
        Column("counts_uk", parse_ukrainian, required=True),
        Column("reported_by", required=True),
        Column("reported_by_uk", parse_ukrainian, required=True),
        Column("source_url", parse_url_list, required=True),
        Column("note"),
    ),
)

def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError(f"{value!r} is not a colour (#rrggbb)")
    return value


LABELS = Spec(  # the one vocabulary of names and colours for countries, routes and suppliers (charts, tables)
    file_name="labels.csv",
    table="ref_label",
    key=("code", "kind"),
    columns=(
        Column("code", required=True),
        Column("kind", parse_one_of("country", "route", "supplier"), required=True),
        Column("name", required=True),
        Column("name_uk", parse_ukrainian, required=True),
        Column("colour", _colour, required=True),
    ),
)

SPECS = [LNG_CARGOES, EVENTS, STORAGE_TARGETS, GTSOU_ANNUAL, INDICATORS, UA_STORAGE_REPORTED, LABELS,
         # the last six: etl/registers_ukraine.py
         ENERGY_STRIKES, UA_POWER_TRADE_REPORTED, UA_POWER_TRADE_SHARES, UA_POWER_TRADE_CHANGES, UA_POWER_LIMIT,
         UA_GAS_REPORTED]


def first_day(reported: str | None) -> date | None:
    """The first calendar day a reported date can mean: '2026-01 (end of January)' → 2026-01-01."""
    if not isinstance(reported, str) or not reported:
        return None
    head = reported.split(" ")[0].split("/")[0]
    parts = head.split("-")
    return date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)


def to_table_frame(spec: Spec, frame: pd.DataFrame) -> pd.DataFrame:
    """Shape a validated CSV frame as its warehouse table (derived columns added here, nowhere else)."""
    if spec is LNG_CARGOES:
        out = frame.copy()
        out["delivered_on"] = out["date_reported"].map(first_day)
        out["source_url"] = out["source_urls"].map(lambda s: s.split(" ; ")[0])
        return out
    if spec is EVENTS:
        out = frame.copy()
        out["source_url"] = out["source_url"].map(lambda s: s.split(" ; ")[0])
        return out
    return frame
