"""Named queries the pages read that aggregate or join: the SQL lives here, once, parametrised (never assembled
from strings); pages call these or select a mart's rows directly, then filter and chart."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard import data


def ua_imports_total_daily() -> pd.DataFrame:
    """Entries into Ukraine from the EU and Moldova, summed per gas day (mcm at 20 °C)."""
    return data.query("SELECT gas_day, sum(flow_mcm) AS imports_mcm FROM mart_ua_imports_daily GROUP BY 1 ORDER BY 1")


def lng_register_totals() -> pd.DataFrame:
    """How many cargoes and contracts the register holds, and the delivered volume."""
    return data.query("SELECT count(*) AS n, sum(volume_mcm) FILTER (WHERE record_type = 'delivery') AS mcm "
                      "FROM mart_lng_cargo")


def border_totals_monthly() -> pd.DataFrame:
    """Per month, mean mcm/d of transit to the EU, entries from Russia and imports; which months rest on the IEA
    only or on route totals (for shading)."""
    return data.query(
        "SELECT month AS gas_day, "
        "sum(flow_mcm / days_in_month) FILTER (WHERE direction = 'from_ua' AND neighbour_country IN "
        "('SK', 'HU', 'PL', 'RO', 'EU')) AS eu_exit_mcm, "
        "sum(flow_mcm / days_in_month) FILTER (WHERE direction = 'to_ua' AND neighbour_country IN ('RU', 'BY')) "
        "AS ru_entry_mcm, "
        "sum(flow_mcm / days_in_month) FILTER (WHERE direction = 'to_ua' AND neighbour_country IN "
        "('SK', 'HU', 'PL', 'RO', 'MD')) AS imports_mcm, "
        "bool_and(basis = 'IEA') AS iea_only, bool_or(basis = 'route series') AS route_level "
        "FROM mart_border_flow_monthly GROUP BY month ORDER BY month")


def border_bounds() -> pd.DataFrame:
    """First and last day held, per resolution ('day': ENTSOG per point; 'month': with the IEA)."""
    return data.query("SELECT min(month) AS lo, max(month + INTERVAL 1 MONTH - INTERVAL 1 DAY) AS hi, "
                      "'month' AS grain FROM mart_border_flow_monthly UNION ALL "
                      "SELECT min(gas_day), max(gas_day), 'day' FROM mart_border_flow_daily").set_index("grain")


def border_neighbours() -> list[str]:
    return data.query("SELECT DISTINCT neighbour_country FROM mart_border_flow_monthly UNION "
                      "SELECT DISTINCT neighbour_country FROM mart_border_flow_daily ORDER BY 1"
                      ).neighbour_country.tolist()


def border_flows(grain: str, direction: str, start: date, end: date) -> pd.DataFrame:
    """Flows by neighbour: daily sums (ENTSOG), or monthly means per day with each month's basis."""
    if grain == "month":
        return data.query("SELECT month AS period, neighbour_country, flow_mcm / days_in_month AS flow_mcm, "
                          "flow_gwh / days_in_month AS flow_gwh, basis FROM mart_border_flow_monthly "
                          "WHERE direction = ? AND month BETWEEN date_trunc('month', CAST(? AS DATE)) AND ? "
                          "ORDER BY period", (direction, start, end))
    return data.query("SELECT gas_day AS period, neighbour_country, sum(flow_mcm) AS flow_mcm, "
                      "sum(flow_gwh) AS flow_gwh, 'ENTSOG' AS basis FROM mart_border_flow_daily "
                      "WHERE direction = ? AND gas_day BETWEEN ? AND ? GROUP BY ALL ORDER BY period",
                      (direction, start, end))


def border_points(direction: str, start: date, end: date) -> pd.DataFrame:
    """One row per physical point: its span, total and the reports counted."""
    return data.query(
        "SELECT point_key, any_value(point_label) AS point, any_value(neighbour_country) AS neighbour, "
        "min(gas_day) AS first_day, max(gas_day) AS last_day, round(mcm_to_bcm(sum(flow_mcm)), 2) AS total_bcm, "
        "any_value(reports) AS reports_counted, any_value(sources) AS sources "
        "FROM mart_border_flow_daily WHERE direction = ? AND gas_day BETWEEN ? AND ? GROUP BY point_key "
        "ORDER BY 6 DESC", (direction, start, end))


def storage_areas() -> pd.DataFrame:
    return data.query("SELECT area_code, count(*) AS days, min(gas_day) AS lo, max(gas_day) AS hi "
                      "FROM mart_storage_daily GROUP BY 1 ORDER BY 1")


def dependence_two_years(year_a: int, year_b: int) -> pd.DataFrame:
    """Each indicator's yearly value in two years side by side, with the periods each rests on."""
    return data.query(
        "SELECT indicator, any_value(unit) AS unit, "
        "max(value) FILTER (WHERE year = ?) AS value_a, max(periods) FILTER (WHERE year = ?) AS periods_a, "
        "max(value) FILTER (WHERE year = ?) AS value_b, max(periods) FILTER (WHERE year = ?) AS periods_b "
        "FROM mart_dependence_yearly GROUP BY indicator ORDER BY indicator", (year_a, year_a, year_b, year_b))


def indicators_held() -> pd.DataFrame:
    return data.query("SELECT indicator, min(period) AS first, max(period) AS last, count(*) AS periods "
                      "FROM mart_dependence_monthly GROUP BY indicator").set_index("indicator")


def last_import_day() -> date | None:
    value = data.query("SELECT max(gas_day) AS d FROM mart_ua_imports_daily").d.iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date()


def latest_changes() -> pd.DataFrame:
    """What the newest publish changed (etl/changes.py), one sentence per change."""
    return data.query("SELECT published_at, kind, detail, link, facts FROM change_digest WHERE publish_id = "
                      "(SELECT max(publish_id) FROM change_digest) ORDER BY kind, detail")
