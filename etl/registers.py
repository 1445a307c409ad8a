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
    parse_month,
    parse_one_of,
    parse_past_date,
    parse_reported_date,
    parse_ukrainian,
    parse_url_list,
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

#: The kinds of energy asset a strike register row may name (one word each, so charts can group and colour them).
ASSET_KINDS = ("gas_production", "gas_storage", "gas_transmission", "thermal_generation", "hydro_generation",
               "nuclear_related", "grid_substations", "oil_refining")
QUALIFIERS = ("exact", "about", "more_than", "less_than")
NEIGHBOURS = ("TOTAL", "PL", "SK", "HU", "RO", "MD")

ENERGY_STRIKES = Spec(  # one row per reported strike (or one night's wave) on an energy asset kind
    file_name="energy_strikes.csv",
    table="ref_energy_strike",
    key=("strike_id",),
    columns=(
        Column("strike_id", required=True),
        Column("strike_date", parse_past_date, required=True),
        Column("asset_kind", parse_one_of(*ASSET_KINDS), required=True),
        Column("operator"),
        Column("oblasts"),
        Column("effect", required=True),
        Column("effect_uk", parse_ukrainian, required=True),
        Column("share_production_lost_pct", parse_float),
        Column("mw_lost", parse_float),
        Column("customers_cut", parse_float),
        Column("source_url", parse_url_list, required=True),
        Column("quote", required=True),  # the page's words behind the row: how a reader checks it
    ),
)


def _power_trade_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    if row.get("energy_gwh") is not None and row["energy_gwh"] > 2000:
        return [("energy_gwh", f"{row['energy_gwh']} GWh in a month is beyond the import limit (2.45 GW ≈ 1,800 GWh)")]
    return []


UA_POWER_TRADE_REPORTED = Spec(  # Ukraine's monthly electricity trade as reported (ExPro, DiXi/Energy Map, …)
    file_name="ua_power_trade_reported.csv",
    table="ref_power_trade_reported",
    key=("report_id",),
    row_check=_power_trade_checks,
    columns=(
        Column("report_id", required=True),
        Column("month", parse_month, required=True),
        Column("neighbour_country", parse_one_of(*NEIGHBOURS), required=True),
        Column("direction", parse_one_of("to_ua", "from_ua"), required=True),
        Column("energy_gwh", parse_float, required=True),
        Column("qualifier", parse_one_of(*QUALIFIERS), required=True),
        Column("basis", parse_one_of("commercial", "physical", "not_stated"), required=True),
        Column("reported_by", required=True),
        Column("reported_by_uk", parse_ukrainian, required=True),
        Column("source_url", parse_url_list, required=True),
        Column("quote", required=True),
        Column("note"),
    ),
)

UA_POWER_LIMIT = Spec(  # each step of the ENTSO-E limit on Ukraine(+Moldova)'s imports and exports
    file_name="ua_power_import_limit.csv",
    table="ref_power_import_limit",
    key=("step_id",),
    columns=(
        Column("step_id", required=True),
        Column("effective_date", parse_past_date, required=True),
        Column("direction", parse_one_of("import", "export"), required=True),
        Column("limit_mw", parse_float, required=True),
        Column("qualifier", parse_one_of(*QUALIFIERS), required=True),
        Column("decided_by", required=True),
        Column("source_url", parse_url_list, required=True),
        Column("quote", required=True),
        Column("note"),
    ),
)

GAS_SERIES = ("production", "imports", "consumption", "storage_target", "storage_target_imported", "storage_stock")


def _gas_report_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    period, grain = str(row.get("period") or ""), row.get("period_grain")
    shapes = {"year": r"\d{4}", "quarter": r"\d{4}-Q[1-4]", "month": r"\d{4}-\d{2}", "season": r"\d{4}/\d{2}",
              "day": r"\d{4}-\d{2}-\d{2}", "ytd": r"\d{4}-\d{2}(-\d{2})?/\d{4}-\d{2}(-\d{2})?",
              "partial_month": r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}"}
    if grain in shapes and not re.fullmatch(shapes[grain], period):
        return [("period", f"{period!r} is not a {grain} ({shapes[grain]})")]
    if row.get("value_bcm") is not None and row["value_bcm"] > 60:
        return [("value_bcm", f"{row['value_bcm']} bcm is beyond any Ukrainian gas figure (consumption ~20-27 bcm)")]
    return []


UA_GAS_REPORTED = Spec(  # Ukraine's own reported gas figures: production, imports, consumption, storage targets
    file_name="ua_gas_reported.csv",
    table="ref_ua_gas_reported",
    key=("report_id",),
    row_check=_gas_report_checks,
    columns=(
        Column("report_id", required=True),
        Column("series", parse_one_of(*GAS_SERIES), required=True),
        Column("period", required=True),
        Column("period_grain", parse_one_of("year", "quarter", "month", "season", "day", "ytd", "partial_month"),
               required=True),
        Column("neighbour_country", parse_one_of(*NEIGHBOURS), required=True),
        Column("value_bcm", parse_float, required=True),
        Column("qualifier", parse_one_of(*QUALIFIERS), required=True),
        Column("measure", parse_one_of("commercial", "physical", "not_stated"), required=True),
        Column("scope"),
        Column("reported_by", required=True),
        Column("reported_by_uk", parse_ukrainian, required=True),
        Column("source_url", parse_url_list, required=True),
        Column("quote", required=True),
        Column("note"),
    ),
)

SPECS = [LNG_CARGOES, EVENTS, STORAGE_TARGETS, GTSOU_ANNUAL, INDICATORS, UA_STORAGE_REPORTED, LABELS, ENERGY_STRIKES,
         UA_POWER_TRADE_REPORTED, UA_POWER_LIMIT, UA_GAS_REPORTED]


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
