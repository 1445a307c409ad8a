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
from collections.abc import Callable
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


def _change(kind: str, source: str, subject: str, value: float | None, link: str, **facts: Any) -> Change:
    """A change with its figures as JSON values (days as ISO dates) and its English sentence."""
    kept = {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in facts.items()}
    return Change(kind, source, subject, say(kind, kept), value, link, kept)


# ---------------------------------------------------------------- the sentences, in any language
def _english(message: str, /, **values: Any) -> str:
    return message.format(**values) if values else message


def _english_n(singular: str, plural: str, n: float, /, **values: Any) -> str:
    return _english(singular if n == 1 else plural, **values)


def _number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _day(value: str, year: bool = True) -> str:
    return f"{date.fromisoformat(str(value)[:10]):%d %b %Y}" if year else f"{date.fromisoformat(str(value)[:10]):%d %b}"


def say(kind: str, f: dict[str, Any], t: Callable[..., str] = _english, num: Callable[..., str] = _number,
        day: Callable[..., str] = _day, tn: Callable[..., str] = _english_n) -> str:
    """A change in words from its figures. English by default (digest, CLI, feed, webhook); the dashboard passes its
    translation (``t``, and ``tn`` for a count: 1 day / 2 days) and number/date formats (dashboard/change_words.py).
    Messages are extracted into the dashboard's catalogue by scripts/i18n_extract.py, which reads this file too."""
    if kind == "days_added":
        moved = ""
        if f.get("old") and f.get("new") and f["new"] > f["old"]:
            moved = t("; newest day {old} → {new}", old=day(f["old"]), new=day(f["new"]))
        elif f.get("new") and not f.get("old"):
            moved = t("; newest day {new}", new=day(f["new"]))
        return tn("{group}: {added} new row ({origin})", "{group}: {added} new rows ({origin})", f["added"],
                  group=f["group"], added=num(f["added"], 0), origin=f["origin"]) + moved
    if kind == "revised":
        size = t("by up to {pct} %", pct=num(f["pct"])) if f.get("pct") is not None else t("from zero")
        return tn("ENTSOG {report}: {n} day revised {size} ({first} → {last}; {statuses})",
                  "ENTSOG {report}: {n} days revised {size} ({first} → {last}; {statuses})", f["n"],
                  report=f["report"], n=f["n"], size=size, first=day(f["first"], year=False), last=day(f["last"]),
                  statuses=f["statuses"])
    if kind == "flow_jump":
        flow, mean = f["flow"], f["mean"]
        if mean > 0:
            return t("{label}: {flow} mcm/d on {day}, {change} % against its 7-day mean of {mean}", label=f["label"],
                     flow=num(flow), day=day(f["day"]), change=f"{100 * (flow - mean) / mean:+.0f}", mean=num(mean))
        return t("{label}: {flow} mcm/d on {day}, up from its 7-day mean of {mean}", label=f["label"],
                 flow=num(flow), day=day(f["day"]), mean=num(mean))
    if kind == "storage_target":
        return t("{area} storage reached {pct} % on {day}, crossing the {target} % filling target", area=f["area"],
                 pct=num(f["pct"]), day=day(f["day"]), target=num(f["target"], 0))
    if kind == "stale":
        return tn("{group} is stale: its newest day is {last} ({age} day ago)",
                  "{group} is stale: its newest day is {last} ({age} days ago)", f["age"], group=f["group"],
                  last=day(f["last"]), age=f["age"])
    return t("No data changed.")


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
