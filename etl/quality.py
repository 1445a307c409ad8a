"""Data-quality checks run after each load; findings go to the quality_check table and the Data page.

Checks are SQL over the facts and marts, so an analyst can rerun them. They never block a load: they tell.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl.warehouse import now_utc


@dataclass(frozen=True)
class Check:
    name: str
    source: str
    severity: str
    sql: str  # returns (subject, detail) rows, one per finding


CHECKS = (
    Check("negative_flow", "entsog", "error", """
        SELECT point_key || ' ' || operator_key || ' ' || direction_key,
               count(*) || ' day(s) with a negative physical flow, e.g. ' || min(gas_day)
        FROM fact_entsog_operational WHERE indicator = 'Physical Flow' AND value < 0 GROUP BY ALL"""),
    Check("implausible_flow", "entsog", "warning", """
        SELECT point_key || ' on ' || gas_day,
               round(flow_mcm, 1) || ' mcm/d exceeds 300 mcm/d, more than any Ukrainian border point carries'
        FROM mart_border_flow_daily WHERE flow_mcm > 300 ORDER BY gas_day DESC LIMIT 50"""),
    Check("unit_outlier", "entsog", "warning", """
        WITH s AS (
            SELECT gas_day, point_key, direction, flow_gwh,
                   median(flow_gwh) OVER (PARTITION BY point_key, direction ORDER BY gas_day
                                          ROWS BETWEEN 30 PRECEDING AND 1 PRECEDING) AS trailing_median
            FROM mart_border_flow_daily)
        SELECT point_key || ' ' || direction || ' on ' || gas_day,
               round(flow_gwh, 1) || ' GWh/d > 20× trailing 30-day median (' || round(trailing_median, 1) || ')'
        FROM s WHERE trailing_median > 1 AND flow_gwh > 20 * trailing_median ORDER BY gas_day DESC LIMIT 50"""),
    Check("gap_in_series", "entsog", "info", """
        WITH d AS (
            SELECT point_key, direction, gas_day,
                   lag(gas_day) OVER (PARTITION BY point_key, direction ORDER BY gas_day) AS prev
            FROM mart_border_flow_daily)
        SELECT point_key || ' ' || direction,
               'no value from ' || (prev + 1) || ' to ' || (gas_day - 1) || ' (' || (gas_day - prev - 1) || ' days)'
        FROM d WHERE gas_day - prev > 7 ORDER BY gas_day DESC LIMIT 50"""),
    Check("gap_in_series", "agsi", "info", """
        WITH d AS (SELECT area_code, gas_day, lag(gas_day) OVER (PARTITION BY area_code ORDER BY gas_day) AS prev
                   FROM fact_agsi_storage)
        SELECT area_code, 'no storage data from ' || (prev + 1) || ' to ' || (gas_day - 1)
        FROM d WHERE gas_day - prev > 3 ORDER BY gas_day DESC LIMIT 50"""),
    Check("fill_above_100", "agsi", "warning", """
        SELECT area_code || ' on ' || gas_day, full_pct || ' % full'
        FROM fact_agsi_storage WHERE full_pct > 105 LIMIT 50"""),
)


def run_checks(con: duckdb.DuckDBPyConnection, source: str, run_id: int | None = None) -> int:
    """Replace the findings of ``source`` with fresh ones; returns how many were found."""
    con.execute("DELETE FROM quality_check WHERE source = ?", [source])
    found = 0
    checked_at = now_utc()
    for check in (c for c in CHECKS if c.source == source):
        for subject, detail in con.execute(check.sql).fetchall():
            con.execute("INSERT INTO quality_check VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [run_id, source, check.name, check.severity, subject, detail, checked_at])
            found += 1
    return found
