"""One module per data source, each declaring one :class:`Source`: its name, table, first day, revision window,
what one series is, whether it needs a key, and two hooks — ``fetch`` (the raw answers of the live API for a window)
and ``parse`` (one raw answer → a frame in the table's columns, its context read from the request it answers). Load,
incremental window, refresh and replay are written once (etl/sources/contract.py); the registry below drives the
refresh CLI, ``status``, the freshness mart and the snapshot's file list. Adding a source is adding a module (and
its table in etl/sql/schema.sql, or ``ddl`` on the Source) — docs/ADDING_A_SOURCE.md walks through one.

Importers for the files analysts download by hand (and the bundled snapshot) live in the same module, so a
source's parsing rules exist once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Window:
    """An inclusive range of gas days."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class RawResponse:
    """What one API call returned: the public URL (no secrets), and the decoded JSON (None = 'no data')."""

    url: str
    payload: Any


def incremental_start(con: Any, table: str, first_day: date, revision_days: int, day_column: str = "gas_day",
                      where: str = "TRUE") -> date:
    """Where an incremental refresh starts: the newest day held minus the revision window, else ``first_day``."""
    from etl.warehouse import scalar

    last = scalar(con, f"SELECT max({day_column}) FROM {table} WHERE {where}")
    return first_day if last is None else last - timedelta(days=revision_days)


#: fetch(con, client, window, *, base_url, plan, progress) → raw answers; parse(raw) → frame in the table's columns.
FetchFn = Callable[..., Iterable[RawResponse]]
ParseFn = Callable[[RawResponse], Any]


@dataclass(frozen=True)
class Source:
    """A source's declaration. Only ``name``, ``table`` and ``parse`` are needed for a file-only source."""

    name: str                       # --source NAME, etl_run.source, freshness
    table: str                      # the fact table it loads (declared in etl/sql/schema.sql, or by ``ddl``)
    parse: ParseFn | None = None
    fetch: FetchFn | None = None    # None: no live connector (a publisher's file, imported into the snapshot)
    first_day: date = date(2015, 1, 1)
    revision_days: int = 30         # re-fetched on every incremental refresh
    day_column: str = "gas_day"     # SQL expression of a row's day (freshness, incremental start)
    series: str = ""                # what one series is, in words (status, docs)
    publisher: str = ""             # who publishes the numbers (data package, Data page)
    licence: str = ""               # the terms, as found (README's sources table)
    base_url: str = ""
    requires_key: Callable[[], Any] | None = None  # raises ConfigError naming what to set when the key is missing
    start: Callable[[Any], date] | None = None     # incremental start, when "newest day − revision" does not fit
    combine: Callable[[Any], Any] | None = None    # all parsed frames of a run → one frame (default: last wins)
    held_sql: str | None = None                    # gap-aware sources: (series, day) rows held …
    expected_series: Callable[[Any], list] | None = None  # … and the series expected (etl/coverage.py)
    last_day_where: str = "TRUE"    # rows whose day counts as 'newest day held' (ENTSOG: flows, not capacities)
    snapshot_file: str | None = None  # the Parquet file of data/snapshot this table ships in
    ddl: str | None = None          # CREATE TABLE for a source whose table is not in schema.sql (e.g. in tests)

    @property
    def live(self) -> bool:
        return self.fetch is not None

    @property
    def gap_aware(self) -> bool:
        return self.held_sql is not None and self.expected_series is not None


_EXTRA: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add a source that lives outside etl/sources (a plug-in, a test's toy source)."""
    _EXTRA[source.name] = source


def unregister(name: str) -> None:
    _EXTRA.pop(name, None)


def registry(live_only: bool = True) -> dict[str, Source]:
    """Source name → declaration, in refresh order. ``live_only=False`` adds the file-only sources."""
    from etl.sources import (
        agsi,
        air_attacks,
        alsi,
        bruegel_routes,
        energy_charts,
        entsoe,
        entsog,
        eurostat,
        iea_gtf,
        owid,
        owid_power,
    )

    everything = {m.SOURCE.name: m.SOURCE for m in (entsog, agsi, alsi, eurostat, owid, bruegel_routes, iea_gtf,
                                                     air_attacks, owid_power, entsoe, energy_charts)}
    everything.update(_EXTRA)
    return {name: s for name, s in everything.items() if s.live or not live_only}
