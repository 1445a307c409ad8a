"""Holes in what the warehouse holds, and the fewest requests that fill them.

A source that can refresh series by series declares which series it expects (``expected_series``: each with the
day it starts — the point's validFrom or the source's first published day — and, where it ended, its last day)
and which days it holds (``HELD_SQL``: ``series, day`` rows). A *hole* is a run of days between a series' start
and yesterday with no row. An incremental refresh asks for the calendar months that hold a hole of some series
(only those series) plus every series over the revision window, so a gap before the newest day is never
permanent — unlike "newest day held minus 30 days".

A month asked and answered after its revision window has passed is final: if the source published nothing for
some days, they stay holes in the listing (``asked``) but are not asked again on every run. The answers are kept
in ``etl_fetch_log``.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from etl.warehouse import now_utc


@dataclass(frozen=True)
class SeriesSpan:
    """A series a source publishes: from ``start`` (inclusive) to ``end`` (inclusive; None = still running)."""

    series: str
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Hole:
    series: str
    start: date
    end: date
    asked: bool = False  # every month of it was asked after its revision window: the source published nothing

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_dict(self) -> dict[str, Any]:
        return {"series": self.series, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "days": self.days, "asked": self.asked}


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_between(start: date, end: date) -> list[date]:
    """First days of every calendar month from ``start``'s to ``end``'s, inclusive."""
    out, month = [], month_start(start)
    while month <= end:
        out.append(month)
        month = month_end(month) + timedelta(days=1)
    return out


def find_holes(held: pd.DataFrame, spans: Iterable[SeriesSpan], end: date,
               final_months: set[tuple[str, date]] | None = None) -> list[Hole]:
    """Runs of missing days per series, from its start to min(its end, ``end``). ``held``: columns series, day."""
    final_months = final_months or set()
    days_by_series: dict[str, set[date]] = defaultdict(set)
    if not held.empty:
        for series, day in zip(held["series"], pd.to_datetime(held["day"]).dt.date, strict=True):
            days_by_series[series].add(day)
    holes: list[Hole] = []
    for span in spans:
        last = min(span.end, end) if span.end else end
        if last < span.start:
            continue
        have = days_by_series.get(span.series, set())
        expected = pd.date_range(span.start, last, freq="D").date
        missing = [d for d in expected if d not in have]
        for run in _runs(missing):
            asked = all((span.series, m) in final_months for m in months_between(run[0], run[-1]))
            holes.append(Hole(span.series, run[0], run[-1], asked))
    return holes


def _runs(days: list[date]) -> list[list[date]]:
    runs: list[list[date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def plan(holes: Iterable[Hole], spans: Iterable[SeriesSpan], end: date, revision_days: int) -> dict[date, set[str]]:
    """Month → series to ask: months with a hole not yet answered for good, and every running series over the
    revision window (provisional values are revised)."""
    wanted: dict[date, set[str]] = defaultdict(set)
    for hole in holes:
        if not hole.asked:
            for month in months_between(hole.start, hole.end):
                wanted[month].add(hole.series)
    revision_from = end - timedelta(days=revision_days)
    for span in spans:
        if span.end is not None and span.end < revision_from:
            continue
        for month in months_between(max(revision_from, span.start), end):
            wanted[month].add(span.series)
    return dict(sorted(wanted.items()))


# ---------------------------------------------------------------- what a source holds and what was asked
def held_days(con: duckdb.DuckDBPyConnection, held_sql: str) -> pd.DataFrame:
    return con.execute(held_sql).df()


def final_months(con: duckdb.DuckDBPyConnection, source: str, revision_days: int) -> set[tuple[str, date]]:
    """(series, month) pairs asked after the month's revision window had passed."""
    rows = con.execute(
        "SELECT series, month FROM etl_fetch_log WHERE source = ? "
        "AND CAST(answered_at AS DATE) > last_day(month) + CAST(? AS INTEGER)",
        [source, revision_days]).fetchall()
    return {(series, month) for series, month in rows}


def record_answers(con: duckdb.DuckDBPyConnection, source: str, asked: dict[date, set[str]]) -> int:
    """Remember that these (month, series) were asked and answered (the refresh committed)."""
    rows = pd.DataFrame([(source, series, month) for month, names in asked.items() for series in names],
                        columns=["source", "series", "month"])
    if not rows.empty:
        from etl.warehouse import upsert

        upsert(con, "etl_fetch_log", rows.assign(answered_at=now_utc()))  # one statement: executemany is slow
    return len(rows)


def source_holes(con: duckdb.DuckDBPyConnection, source: Any, end: date) -> list[Hole]:
    """Every hole of a gap-aware source (a Source with ``held_sql`` and ``expected_series``)."""
    spans = source.expected_series(con)
    finals = final_months(con, source.name, source.revision_days)
    return find_holes(held_days(con, source.held_sql), spans, end, finals)


def source_plan(con: duckdb.DuckDBPyConnection, source: Any, end: date) -> dict[date, set[str]]:
    spans = source.expected_series(con)
    return plan(source_holes(con, source, end), spans, end, source.revision_days)


def whole_months(con: duckdb.DuckDBPyConnection, source: Any, window: Any) -> dict[date, set[str]]:
    """Every series × every calendar month lying wholly inside an explicit window (what such a refresh answered)."""
    names = {span.series for span in source.expected_series(con)}
    return {m: set(names) for m in months_between(window.start, window.end)
            if m >= window.start and month_end(m) <= window.end}


