"""What a publish changed, in words with figures: each refresh compares the warehouse it is about to publish with
the one it replaces and records, per source, the days added, values revised beyond a tolerance (ENTSOG provisional
→ confirmed, late corrections), border flows that moved more than a threshold against their 7-day mean, storage
crossing a filling target, sources gone stale — and for electricity and strikes: a new month of reported power
trade, a record day of power imports, a step of the import/export limit, strikes newly registered, and new months
of Ukraine's reported gas imports. Stored in ``change_digest``; printed by ``python -m etl changes``;
shown on the Overview; written as an Atom feed; optionally posted to a webhook (never blocking the publish)."""

from __future__ import annotations

import json
import logging
import os
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from etl import DATA_DIR
from etl.change_sentences import say
from etl.warehouse import now_utc

__all__ = ["CONFIG_FILE", "Change", "Thresholds", "compare", "latest", "record", "say"]

log = logging.getLogger("etl.changes")
CONFIG_FILE = DATA_DIR / "changes.toml"


@dataclass(frozen=True)
class Thresholds:
    """Defaults in the README; override any of them in data/changes.toml (or $UA_GAS_CHANGES_CONFIG)."""

    revision_pct: float = 1.0        # a published value that moved more than this is a revision
    jump_pct: float = 30.0           # a new day this far from the point's 7-day mean is a jump …
    jump_min_mcm: float = 5.0        # … and at least this many mcm/d away from it
    stale_days: int = 14             # a source whose newest day is older than this is stale
    power_record_margin_gwh: float = 0.0  # a day of power imports is a record when it beats the old one by more
    months_listed: int = 12          # new register months said one by one, newest first (older ones are counted)

    @classmethod
    def load(cls) -> Thresholds:
        path = Path(os.environ.get("UA_GAS_CHANGES_CONFIG") or CONFIG_FILE)
        if not path.exists():
            return cls()
        values = tomllib.loads(path.read_text()).get("changes", {})
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass(frozen=True)
class Change:
    kind: str       # 'days_added' | 'revised' | 'flow_jump' | 'storage_target' | 'stale' | 'power_trade' |
                    # 'power_record' | 'power_limit' | 'strikes' | 'gas_imports_reported'
    source: str
    subject: str
    detail: str     # the sentence shown to people
    value: float | None = None
    link: str = ""  # the dashboard view that shows it (path and query)
    facts: dict[str, Any] = field(default_factory=dict)  # the sentence's figures, so a page can say it in any language


def compare(con: duckdb.DuckDBPyConnection, previous: Path, t: Thresholds | None = None) -> list[Change]:
    """The changes between the published warehouse at ``previous`` and the one ``con`` is building."""
    t = t or Thresholds.load()
    con.execute(f"ATTACH '{previous}' AS prev (READ_ONLY)")
    try:
        return [*_days_added(con), *_revised(con, t), *_flow_jumps(con, t), *_storage_targets(con), *_stale(con, t),
                *_power_trade(con, t), *_power_record(con, t), *_power_limits(con), *_strikes(con),
                *_gas_imports_reported(con, t)]
    finally:
        con.execute("DETACH prev")


def _days_added(con) -> list[Change]:
    rows = con.execute("""
        SELECT n.source_group, n.source, n.rows - coalesce(o.rows, 0), o.last_day, n.last_day
        FROM meta_source_coverage n
        LEFT JOIN prev.meta_source_coverage o USING (source_group, source)
        WHERE n.rows > coalesce(o.rows, 0) OR n.last_day > o.last_day""").fetchall()
    return [_change("days_added", group, origin, float(added), "/data_sources", group=group, origin=origin,
                    added=added, old=old, new=new)
            for group, origin, added, old, new in rows]


def _revised(con, t: Thresholds) -> list[Change]:
    rows = con.execute("""
        SELECT n.point_key || ' ' || n.operator_key || ' ' || n.direction_key, count(*),
               max(abs(n.value - o.value) / nullif(abs(o.value), 0)) * 100,
               min(n.gas_day), max(n.gas_day),
               string_agg(DISTINCT coalesce(o.flow_status, '?') || ' → ' || coalesce(n.flow_status, '?'), ', ')
        FROM fact_entsog_operational n
        JOIN prev.fact_entsog_operational o USING (gas_day, point_key, operator_key, direction_key, indicator)
        WHERE n.indicator = 'Physical Flow' AND abs(n.value - o.value) > ? / 100 * abs(o.value)
        GROUP BY 1 ORDER BY 2 DESC""", [t.revision_pct]).fetchall()
    return [_change("revised", "entsog", report, pct, f"/border_flows?from={first}&to={last}", report=report, n=n,
                    pct=pct, first=first, last=last, statuses=statuses)
            for report, n, pct, first, last, statuses in rows]


def _flow_jumps(con, t: Thresholds) -> list[Change]:
    rows = con.execute("""
        WITH prev_last AS (SELECT point_key, direction, max(gas_day) AS last_day FROM prev.mart_border_flow_daily
                           GROUP BY ALL),
        d AS (SELECT gas_day, point_key, point_label, direction, flow_mcm,
                     avg(flow_mcm) OVER (PARTITION BY point_key, direction ORDER BY gas_day
                                         ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING) AS mean7
              FROM mart_border_flow_daily)
        SELECT d.gas_day, d.point_label, d.direction, d.flow_mcm, d.mean7
        FROM d LEFT JOIN prev_last p USING (point_key, direction)
        WHERE d.gas_day > coalesce(p.last_day, DATE '1900-01-01') AND d.mean7 IS NOT NULL
          AND abs(d.flow_mcm - d.mean7) > ? AND abs(d.flow_mcm - d.mean7) > ? / 100 * d.mean7
        ORDER BY d.gas_day DESC LIMIT 20""", [t.jump_min_mcm, t.jump_pct]).fetchall()
    return [_change("flow_jump", "entsog", f"{label} {direction}", flow,
                    f"/border_flows?dir={direction}&from={day}&to={day}", label=label, direction=direction,
                    flow=flow, mean=mean, day=day)
            for day, label, direction, flow, mean in rows]


def _storage_targets(con) -> list[Change]:
    rows = con.execute("""
        WITH prev_last AS (SELECT area_code, max(gas_day) AS last_day FROM prev.mart_storage_daily GROUP BY 1),
        s AS (SELECT area_code, gas_day, full_pct,
                     lag(full_pct) OVER (PARTITION BY area_code ORDER BY gas_day) AS before
              FROM mart_storage_daily),
        targets AS (SELECT DISTINCT full_pct AS target FROM ref_storage_target)
        SELECT s.area_code, s.gas_day, s.full_pct, t.target
        FROM s JOIN targets t ON s.before < t.target AND s.full_pct >= t.target
        LEFT JOIN prev_last p USING (area_code)
        WHERE s.gas_day > coalesce(p.last_day, DATE '1900-01-01')""").fetchall()
    return [_change("storage_target", "agsi", area, pct, f"/storage?area={area}", area=area, pct=pct, day=day,
                    target=target)
            for area, day, pct, target in rows]


def _stale(con, t: Thresholds) -> list[Change]:
    today = date.today()
    rows = con.execute("SELECT source_group, max(last_day) FROM meta_source_coverage GROUP BY 1").fetchall()
    (prev_at,) = con.execute("SELECT max(finished_at) FROM prev.etl_run").fetchone()
    prev_day = prev_at.date() if isinstance(prev_at, datetime) else today
    out = []
    for group, last in rows:
        if last is None:
            continue
        age, age_then = (today - last).days, (prev_day - last).days
        if age > t.stale_days >= age_then:
            out.append(_change("stale", group, group, float(age), "/data_sources", group=group, last=last, age=age))
    return out


# ---------------------------------------------------------------- electricity, strikes, Ukraine's own reports
def _in_prev(con, name: str) -> bool:
    """Whether the replaced warehouse has this table or view (one published before it existed has not: then
    nothing is 'new' — the first publish with a register does not announce its whole history)."""
    (n,) = con.execute("SELECT count(*) FROM (SELECT table_name AS name FROM duckdb_tables() WHERE database_name = "
                       "'prev' UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = 'prev') "
                       "WHERE name = ?", [name]).fetchone()
    return n > 0


def _power_trade(con, t: Thresholds) -> list[Change]:
    """Each month newly in the reported-trade register, with its imports and exports (the total where reported,
    else the sum of the neighbours reported)."""
    if not _in_prev(con, "ref_power_trade_reported"):
        return []
    rows = con.execute("""
        WITH new AS (SELECT DISTINCT CAST(month || '-01' AS DATE) AS month FROM ref_power_trade_reported
                     EXCEPT SELECT DISTINCT CAST(month || '-01' AS DATE) FROM prev.ref_power_trade_reported)
        SELECT p.month,
               coalesce(max(energy_gwh) FILTER (WHERE direction = 'to_ua' AND neighbour_country = 'TOTAL'),
                        sum(energy_gwh) FILTER (WHERE direction = 'to_ua' AND neighbour_country <> 'TOTAL')),
               coalesce(max(energy_gwh) FILTER (WHERE direction = 'from_ua' AND neighbour_country = 'TOTAL'),
                        sum(energy_gwh) FILTER (WHERE direction = 'from_ua' AND neighbour_country <> 'TOTAL')),
               string_agg(DISTINCT source, ', ' ORDER BY source)
        FROM mart_power_imports_monthly p JOIN new USING (month)
        WHERE p.measure = 'reported'
        GROUP BY 1 ORDER BY 1 DESC LIMIT ?""", [t.months_listed]).fetchall()
    return [_change("power_trade", "ua_power_trade_reported", f"{month:%Y-%m}", imports, "/electricity",
                    month=month, imports=imports, exports=exports, by=by)
            for month, imports, exports, by in rows]


def _power_record(con, t: Thresholds) -> list[Change]:
    """The day with most electricity imported over all borders (physical, GWh), when it beats the replaced
    warehouse's record."""
    if not _in_prev(con, "mart_power_border_daily"):
        return []
    query = """SELECT arg_max(day, gwh), max(gwh) FROM (
                   SELECT day, sum(energy_gwh) AS gwh FROM {db}mart_power_border_daily WHERE direction = 'to_ua'
                   GROUP BY day)"""
    day, gwh = con.execute(query.format(db="")).fetchone()
    before_day, before = con.execute(query.format(db="prev.")).fetchone()
    if gwh is None or before is None or gwh <= before + t.power_record_margin_gwh:
        return []
    return [_change("power_record", "power", "imports", gwh, f"/electricity?from={day}&to={day}", day=day, gwh=gwh,
                    before=before, before_day=before_day)]


def _power_limits(con) -> list[Change]:
    """Each step of the import or export limit not in the replaced warehouse, against the step before it."""
    if not _in_prev(con, "mart_power_limit_steps"):
        return []
    rows = con.execute("""
        WITH s AS (SELECT effective_date, direction, limit_mw,
                          lag(limit_mw) OVER (PARTITION BY direction ORDER BY effective_date) AS before
                   FROM mart_power_limit_steps)
        SELECT s.effective_date, s.direction, s.limit_mw, s.before FROM s
        ANTI JOIN prev.mart_power_limit_steps o USING (direction, effective_date)
        ORDER BY s.effective_date DESC, s.direction""").fetchall()
    return [_change("power_limit", "ua_power_import_limit", direction, mw, "/electricity", day=day,
                    direction=direction, mw=mw, before=before)
            for day, direction, mw, before in rows]


def _strikes(con) -> list[Change]:
    """Strikes newly in the register, counted by the system hit (gas, power, oil)."""
    if not _in_prev(con, "ref_energy_strike"):
        return []
    rows = con.execute("""
        SELECT system, count(*), min(strike_date), max(strike_date) FROM mart_energy_strike
        WHERE strike_id NOT IN (SELECT strike_id FROM prev.ref_energy_strike)
        GROUP BY system ORDER BY CASE system WHEN 'gas' THEN 0 WHEN 'power' THEN 1 ELSE 2 END""").fetchall()
    return [_change("strikes", "energy_strikes", system, float(n), f"/strikes?from={first}&to={last}",
                    system=system, n=n, first=first, last=last)
            for system, n, first, last in rows]


def _gas_imports_reported(con, t: Thresholds) -> list[Change]:
    """Months newly in Ukraine's reported gas imports (ref_ua_gas_reported), with the reported total where one is."""
    if not _in_prev(con, "ref_ua_gas_reported"):
        return []
    rows = con.execute("""
        WITH new AS (SELECT DISTINCT period FROM ref_ua_gas_reported WHERE series = 'imports'
                                                                       AND period_grain = 'month'
                     EXCEPT SELECT DISTINCT period FROM prev.ref_ua_gas_reported WHERE series = 'imports'
                                                                                  AND period_grain = 'month')
        SELECT CAST(new.period || '-01' AS DATE) AS month, r.reported_bcm, r.reported_by
        FROM new LEFT JOIN mart_ua_imports_reported_monthly r ON r.month = CAST(new.period || '-01' AS DATE)
        ORDER BY 1 DESC LIMIT ?""", [t.months_listed]).fetchall()
    return [_change("gas_imports_reported", "ua_gas_reported", f"{month:%Y-%m}", bcm, "/dependence", month=month,
                    bcm=bcm, by=by)
            for month, bcm, by in rows]


def _change(kind: str, source: str, subject: str, value: float | None, link: str, **facts: Any) -> Change:
    """A change with its figures as JSON values (days as ISO dates) and its English sentence."""
    kept = {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in facts.items()}
    return Change(kind, source, subject, say(kind, kept), value, link, kept)


# ---------------------------------------------------------------- storing and telling
def record(con: duckdb.DuckDBPyConnection, changes: list[Change]) -> int:
    """Append this publish's changes (an empty publish is recorded too, so 'nothing changed' can be said)."""
    (publish_id,) = con.execute("SELECT coalesce(max(publish_id), 0) + 1 FROM change_digest").fetchone()
    at = now_utc()
    rows = changes or [Change("none", "", "", say("none", {}))]
    for c in rows:
        con.execute("INSERT INTO change_digest (publish_id, published_at, kind, source, subject, detail, value, link, "
                    "facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [publish_id, at, c.kind, c.source, c.subject, c.detail, c.value, c.link, json.dumps(c.facts)])
    return publish_id


def latest(con: duckdb.DuckDBPyConnection, publishes: int = 1) -> list[dict[str, Any]]:
    cursor = con.execute("SELECT publish_id, published_at, kind, source, subject, detail, value, link "
                         "FROM change_digest WHERE publish_id > (SELECT max(publish_id) FROM change_digest) - ? "
                         "ORDER BY publish_id DESC, kind, source, subject", [publishes])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
