"""The registers of Ukraine's energy system under attack: strikes on energy assets, the reported electricity trade
and import-limit steps, and Ukraine's own reported gas figures. Same rules as every register (etl/curated.py):
typed columns, a source and the page's words on every row, the whole file refused on one bad cell.
"""

from __future__ import annotations

import re
from typing import Any

from etl.curated import (
    Column,
    Spec,
    parse_float,
    parse_month,
    parse_one_of,
    parse_past_date,
    parse_ukrainian,
    parse_url_list,
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

def _share_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    share = row.get("share_pct")
    if share is not None and not 0 < share <= 100:
        return [("share_pct", f"{share} is not a share of a total (0 < share ≤ 100)")]
    return []


UA_POWER_TRADE_SHARES = Spec(  # a neighbour's reported share of a month's total (ExPro gives shares, rarely volumes)
    file_name="ua_power_trade_shares.csv",
    table="ref_power_trade_share",
    key=("share_id",),
    row_check=_share_checks,
    columns=(
        Column("share_id", required=True),
        Column("month", parse_month, required=True),
        Column("neighbour_country", parse_one_of(*NEIGHBOURS[1:]), required=True),
        Column("direction", parse_one_of("to_ua", "from_ua"), required=True),
        Column("share_pct", parse_float, required=True),
        Column("qualifier", parse_one_of(*QUALIFIERS), required=True),
        Column("reported_by", required=True),
        Column("reported_by_uk", parse_ukrainian, required=True),
        Column("source_url", parse_url_list, required=True),
        Column("quote", required=True),
        Column("note"),
    ),
)

def _change_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    if row.get("factor") is not None and not 0 < row["factor"] <= 50:
        return [("factor", f"{row['factor']} is not a month-on-month factor (0 < factor ≤ 50)")]
    if row.get("compared_month") and row.get("month") and row["compared_month"] >= row["month"]:
        return [("compared_month", f"{row['compared_month']} is not before {row['month']}")]
    return []


UA_POWER_TRADE_CHANGES = Spec(  # a month's total stated as a change against an earlier month whose total is not found
    file_name="ua_power_trade_changes.csv",
    table="ref_power_trade_change",
    key=("change_id",),
    row_check=_change_checks,
    columns=(
        Column("change_id", required=True),
        Column("month", parse_month, required=True),
        Column("direction", parse_one_of("to_ua", "from_ua"), required=True),
        Column("compared_month", parse_month, required=True),
        Column("factor", parse_float, required=True),
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
