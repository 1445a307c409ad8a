"""The DuckDB warehouse: apply the SQL files, upsert frames, and publish a new copy atomically.

One writer, many readers (see DESIGN.md): a refresh never writes the published file in place. It copies it to
``<name>.building-<pid>``, writes there, checkpoints, and ``os.replace``s it over the published path. Readers (the
dashboard) open the published file read-only and reconnect when its inode/mtime changes. A crash before the
rename leaves the last good warehouse untouched; a lock file keeps two writers apart.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl import DATA_DIR
from etl.errors import LockedError
from etl.units import sql_constants

log = logging.getLogger("etl.warehouse")

WAREHOUSE_ENV = "UA_GAS_WAREHOUSE"
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse.duckdb"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def resolve_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """--warehouse, else $UA_GAS_WAREHOUSE, else data/warehouse.duckdb."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(WAREHOUSE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_WAREHOUSE


def sql_files() -> list[tuple[str, str]]:
    """(name, text) of schema.sql then marts/*.sql in name order — the one declaration of tables and views."""
    root = resources.files("etl") / "sql"
    files = [("schema.sql", (root / "schema.sql").read_text())]
    marts = sorted((p for p in (root / "marts").iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
    files += [(f"marts/{p.name}", p.read_text()) for p in marts]
    return files


def code_fingerprint() -> str:
    """What a build of this checkout writes: a hash of schema.sql, the marts and the curated files. Stored at each
    publish (meta_build); the dashboard republishes an older warehouse on start (e.g. after a `git pull`), so it
    never reads a column or a translation the warehouse does not have yet."""
    import hashlib

    from etl.curated import reference_dir

    digest = hashlib.sha256()
    for name, text in sql_files():
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    for csv in sorted(reference_dir().glob("*.csv")):
        digest.update(csv.name.encode() + b"\0" + csv.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def render(sql: str) -> str:
    """Substitute ``{{name}}`` with the conversion factors of etl/units.py; an unknown name is an error."""
    constants = sql_constants()

    def sub(match: re.Match[str]) -> str:
        return repr(float(constants[match.group(1)]))

    return _PLACEHOLDER.sub(sub, sql)


_VIEW = re.compile(r"CREATE OR REPLACE VIEW (\w+)", re.IGNORECASE)


def mart_names() -> list[str]:
    """The marts in declaration order (each may read the ones before it)."""
    return [m.group(1) for _name, text in sql_files() for m in _VIEW.finditer(text) if m.group(1).startswith("mart_")]


def apply_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create every view. Safe to run on every build.

    A published warehouse holds the marts materialised (see :func:`materialise_marts`); they are dropped here so
    the views are declared afresh from the SQL files.
    """
    for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'mart\\_%' ESCAPE '\\'"
                               ).fetchall():
        con.execute(f"DROP TABLE {name}")
    migrate(con)
    for _name, text in sql_files():
        con.execute(render(text))


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    rows = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                       "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()
    out: dict[str, dict[str, str]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, {})[column] = dtype
    return out


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring a warehouse built by an older schema.sql up to date, keeping its data; returns what was done.

    Reference tables (ref_*, reloaded on every build) are dropped and recreated when their columns differ; other
    tables get the columns they lack (NULL in old rows). A changed primary key cannot be migrated this way: that
    needs `rebuild --offline` and a refresh.
    """
    declared_db = duckdb.connect()
    declared_db.execute(render(sql_files()[0][1]))
    declared, actual = _columns(declared_db), _columns(con)
    declared_db.close()
    done = []
    for table, columns in declared.items():
        have = actual.get(table)
        if have is None or have == columns:
            continue
        if table.startswith("ref_"):
            con.execute(f"DROP TABLE {table}")
            done.append(f"recreated {table}")
            continue
        for column, dtype in columns.items():
            if column not in have:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {dtype}')
                done.append(f"added {table}.{column}")
    for step in done:
        log.info("schema migration: %s", step)
    return done


def materialise_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Replace each mart view by a table of its rows, in declaration order, just before publishing.

    The warehouse is read-only between refreshes, so the dashboard reads precomputed marts instead of re-running
    the double-counting rule over every fact on each query (bench: 100× data, page runs fell from tens of seconds).
    The SQL files stay the single declaration of each mart's logic.
    """
    for name in mart_names():
        con.execute(f"CREATE OR REPLACE TABLE {name}__rows AS SELECT * FROM {name}")
        con.execute(f"DROP VIEW {name}")
        con.execute(f"ALTER TABLE {name}__rows RENAME TO {name}")


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """One value of a query, with the result fully consumed: DuckDB 2 refuses `register` (used by upsert) while a
    result is still open, which a bare `.fetchone()` leaves behind."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def snapshot_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    return scalar(con, "SELECT count(*) FROM meta_snapshot") > 0


def snapshot_tables_built_at(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Table → when the snapshot it was loaded from was built (meta_snapshot)."""
    return dict(con.execute("SELECT table_name, built_at FROM meta_snapshot").fetchall())


def upsert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, keep_existing: bool = False) -> int:
    """Insert rows, replacing those with the same primary key (``keep_existing``: rows already held win). Returns
    the number of rows offered.

    The frame must hold each key once (parsers deduplicate); columns are matched by name.
    """
    if frame.empty:
        return 0
    con.register("_upsert_frame", frame)
    try:
        verb = "INSERT OR IGNORE" if keep_existing else "INSERT OR REPLACE"
        con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _upsert_frame")
    finally:
        con.unregister("_upsert_frame")
    return len(frame)


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Replace all rows of a reference table with the frame (curated files are the whole truth)."""
    con.execute(f"DELETE FROM {table}")
    return upsert(con, table, frame)


def now_utc() -> datetime:
    return datetime.now(UTC)


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold ``<warehouse>.lock`` for the whole build; a second writer fails at once with LockedError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fh = open(lock_path, "a+")  # noqa: SIM115 — closed in finally
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise LockedError(
                f"another refresh is running on {path} (lock {lock_path} held by {holder}); "
                "this run did nothing — try again when it has finished"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {now_utc().isoformat(timespec='seconds')}")
        fh.flush()
        yield
    finally:
        fh.close()


@contextlib.contextmanager
def building(path: Path, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a private copy of the warehouse; publish it on success.

    ``fresh=True`` starts from an empty database instead of the published one (offline rebuild). On any
    exception the copy is deleted and the published warehouse is untouched.
    """
    with writer_lock(path):
        tmp = path.with_name(f"{path.name}.building-{os.getpid()}")
        _remove_db_files(tmp)
        if path.exists() and not fresh:
            shutil.copy2(path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            apply_sql(con)
            yield con
            materialise_marts(con)
            con.execute("CHECKPOINT")
            con.close()
            os.replace(tmp, path)
            log.info("published %s", path)
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            _remove_db_files(tmp)
            raise
        _remove_stale_builds(path)


def _remove_db_files(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _remove_stale_builds(path: Path) -> None:
    """Delete copies left by refreshes that were killed (their pid is gone); we hold the lock, so none is live."""
    for leftover in path.parent.glob(f"{path.name}.building-*"):
        _remove_db_files(leftover)


#: Readers never need files or URLs besides the warehouse: a reader (the dashboard, its SQL explorer) cannot read
#: local files, URLs or extensions, attach other databases, or change these settings.
#: Bounded, too: one analyst's explorer query must not starve every other visitor of memory or cores (the reader
#: serves the dashboard; the marts it reads are precomputed and small). $UA_GAS_READER_MEMORY overrides the limit.
READER_MEMORY_LIMIT = os.environ.get("UA_GAS_READER_MEMORY", "1GB")
READER_CONFIG = {"enable_external_access": False, "memory_limit": READER_MEMORY_LIMIT, "threads": 1,
                 "lock_configuration": True}


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse for reading, sandboxed (READER_CONFIG); never takes the write lock."""
    return duckdb.connect(str(path), read_only=True, config=dict(READER_CONFIG))


def file_version(path: Path) -> tuple[int, int] | None:
    """(inode, mtime_ns) of the published file: changes when a refresh publishes; None when missing."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)
