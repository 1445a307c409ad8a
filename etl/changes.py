"""What a publish changed, in words with figures: each refresh compares the warehouse it is about to publish with
the one it replaces and records, per source, the days added, values revised beyond a tolerance (ENTSOG provisional
→ confirmed, late corrections), border flows that moved more than a threshold against their 7-day mean, storage
crossing a filling target, and sources gone stale. Stored in ``change_digest``; printed by ``python -m etl changes``;
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
from etl.warehouse import now_utc

log = logging.getLogger("etl.changes")
CONFIG_FILE = DATA_DIR / "changes.toml"


@dataclass(frozen=True)
class Thresholds:
    """Defaults in the README; override any of them in data/changes.toml (or $UA_GAS_CHANGES_CONFIG)."""

    revision_pct: float = 1.0        # a published value that moved more than this is a revision
    jump_pct: float = 30.0           # a new day this far from the point's 7-day mean is a jump …
    jump_min_mcm: float = 5.0        # … and at least this many mcm/d away from it
    stale_days: int = 14             # a source whose newest day is older than this is stale

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
    kind: str       # 'days_added' | 'revised' | 'flow_jump' | 'storage_target' | 'stale'
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
        return [*_days_added(con), *_revised(con, t), *_flow_jumps(con, t), *_storage_targets(con), *_stale(con, t)]
    finally:
        con.execute("DETACH prev")


def _days_added(con) -> list[Change]:
    rows = con.execute("""
        SELECT n.source_group, n.source, n.rows - coalesce(o.rows, 0), o.last_day, n.last_day
        FROM meta_source_coverage n
        LEFT JOIN prev.meta_source_coverage o USING (source_group, source)
        WHERE n.rows > coalesce(o.rows, 0) OR n.last_day > o.last_day""").fetchall()
    out = []
    for group, origin, added, old, new in rows:
        moved = f"; newest day {old:%d %b %Y} → {new:%d %b %Y}" if old and new and new > old else (
            f"; newest day {new:%d %b %Y}" if new and not old else "")
        out.append(Change("days_added", group, origin, f"{group}: {added:,} new rows ({origin}){moved}",
                          float(added), "/data_sources", _facts(group=group, origin=origin, added=added, old=old,
                                                                new=new)))
    return out


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
    return [Change("revised", "entsog", report,
                   f"ENTSOG {report}: {n} day(s) revised {f'by up to {pct:.1f} %' if pct is not None else 'from zero'} "
                   f"({first:%d %b} → {last:%d %b %Y}; {statuses})", pct, f"/border_flows?from={first}&to={last}",
                   _facts(report=report, n=n, pct=pct, first=first, last=last, statuses=statuses))
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
    return [Change("flow_jump", "entsog", f"{label} {direction}",
                   f"{label}: {flow:,.1f} mcm/d on {day:%d %b %Y}, {_against(flow, mean)} its 7-day mean of "
                   f"{mean:,.1f}", flow, f"/border_flows?dir={direction}&from={day}&to={day}",
                   _facts(label=label, direction=direction, flow=flow, mean=mean, day=day))
            for day, label, direction, flow, mean in rows]


def _against(flow: float, mean: float) -> str:
    return f"{100 * (flow - mean) / mean:+.0f} % against" if mean > 0 else "up from"


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
    return [Change("storage_target", "agsi", area, f"{area} storage reached {pct:.1f} % on {day:%d %b %Y}, crossing "
                   f"the {target:.0f} % filling target", pct, f"/storage?area={area}",
                   _facts(area=area, pct=pct, day=day, target=target))
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
            out.append(Change("stale", group, group, f"{group} is stale: its newest day is {last:%d %b %Y} "
                              f"({age} days ago)", float(age), "/data_sources", _facts(group=group, last=last,
                                                                                       age=age)))
    return out


def _facts(**values: Any) -> dict[str, Any]:
    """A sentence's figures as JSON values (days as ISO dates), stored beside the English sentence."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in values.items()}


# ---------------------------------------------------------------- storing and telling
def record(con: duckdb.DuckDBPyConnection, changes: list[Change]) -> int:
    """Append this publish's changes (an empty publish is recorded too, so 'nothing changed' can be said)."""
    (publish_id,) = con.execute("SELECT coalesce(max(publish_id), 0) + 1 FROM change_digest").fetchone()
    at = now_utc()
    rows = changes or [Change("none", "", "", "No data changed.")]
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
