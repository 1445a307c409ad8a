"""What every source shares, written once: the table's columns and key read from the warehouse (schema.sql is the
one declaration), the check that a parsed frame matches them, load, incremental start, refresh and replay."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from etl.errors import SchemaError
from etl.sources import RawResponse, Source, Window, incremental_start
from etl.warehouse import upsert


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                       "ORDER BY ordinal_position", [table]).fetchall()
    if not rows:
        raise SchemaError(f"table {table} is not declared (etl/sql/schema.sql, or the Source's ddl)")
    return [r[0] for r in rows]


def table_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    (key,) = con.execute("SELECT constraint_column_names FROM duckdb_constraints() WHERE table_name = ? "
                         "AND constraint_type = 'PRIMARY KEY'", [table]).fetchone() or ([],)
    return list(key)


def conform(con: duckdb.DuckDBPyConnection, source: Source, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame in the table's column order, or SchemaError naming what differs (a parser and its table drifted)."""
    columns = table_columns(con, source.table)
    missing, extra = set(columns) - set(frame.columns), set(frame.columns) - set(columns)
    if missing or extra:
        raise SchemaError(f"{source.name}: the parsed frame does not match table {source.table} "
                          f"(missing {sorted(missing) or '-'}, unknown {sorted(extra) or '-'})")
    return frame[columns]


def load(con: duckdb.DuckDBPyConnection, source: Source, frames: Iterable[pd.DataFrame]) -> int:
    """Parse everything first (``frames`` may be a generator), then upsert once: a bad page loads nothing."""
    parsed = [f for f in frames if f is not None and not f.empty]
    if not parsed:
        return 0
    frame = pd.concat(parsed, ignore_index=True)
    if source.combine:
        frame = source.combine(frame)
    else:
        frame = frame.drop_duplicates(table_key(con, source.table), keep="last")
    return upsert(con, source.table, conform(con, source, frame))


def default_start(con: duckdb.DuckDBPyConnection, source: Source) -> date:
    """Where an incremental refresh starts when the source is not gap-aware: its own rule, else newest − revision."""
    if source.start:
        return source.start(con)
    return incremental_start(con, source.table, source.first_day, source.revision_days, source.day_column,
                             source.last_day_where)


def refresh(con: duckdb.DuckDBPyConnection, source: Source, client: Any, window: Window,
            plan: dict[date, set[str]] | None = None, base_url: str | None = None,
            progress: Callable[[int, int, str], None] | None = None) -> int:
    """Fetch → parse → load for the window (with a gap-aware plan: only what it names)."""
    raws = source.fetch(con, client, window, base_url=base_url or source.base_url, plan=plan, progress=progress)
    return load(con, source, (source.parse(raw) for raw in raws))


def replay(con: duckdb.DuckDBPyConnection, source: Source, raws: Iterable[RawResponse]) -> int:
    """Archived answers through the same parser and load as a live refresh."""
    return load(con, source, (source.parse(raw) for raw in raws))
