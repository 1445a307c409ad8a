"""The read-only SQL explorer behind the Data page: one SELECT at a time, on the published warehouse only.

Four fences, each with its own message: the text (length, one statement, SELECT only, no file/URL functions),
the connection (opened read-only with external access disabled and the configuration locked — see
etl.warehouse.READER_CONFIG), the run (rows and seconds bounded; a slow query is interrupted), and — for the
dashboard — its own process (:func:`run_isolated`): a capped address space and a hard kill at the time limit, so
one analyst's query (e.g. a 1 GB ``repeat()``, which DuckDB's memory limit does not see) cannot starve the server.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl.units import unit_of

MAX_QUERY_CHARS = 5_000
MAX_ROWS = 5_000
TIMEOUT_S = 10.0
#: Address space one explorer query may add to its process (on top of Python, pandas and DuckDB once loaded).
PROCESS_MEMORY_BYTES = 1_000_000_000

_FILE_FUNCTIONS = re.compile(
    r"\b(read_\w+|\w+_scan|glob|sniff_csv|parquet_(metadata|schema|file_metadata|kv_metadata)|"
    r"query_table|query|getenv|httpfs|s3|load_extension)\s*\(", re.IGNORECASE)
_QUOTED_FROM = re.compile(r"\b(from|join)\s+'", re.IGNORECASE)
_URL = re.compile(r"\b(https?|s3|gcs|az|hf|file)://", re.IGNORECASE)



class QueryRefused(ValueError):
    """The query is not a single read of the warehouse; the message says why and what is allowed."""


@dataclass
class QueryResult:
    frame: pd.DataFrame
    truncated: bool


def check(sql: str, con: duckdb.DuckDBPyConnection) -> str:
    """Return the single SELECT statement to run, or raise QueryRefused with the reason."""
    text = sql.strip().rstrip(";").strip()
    if not text:
        raise QueryRefused("Type a SELECT query, e.g. SELECT * FROM mart_transit_daily LIMIT 10.")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(f"The query has {len(text):,} characters; the explorer takes at most {MAX_QUERY_CHARS:,}.")
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise QueryRefused(f"The query does not parse: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise QueryRefused(f"One statement at a time ({len(statements)} given).")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        name = str(kind).split(".")[-1]
        raise QueryRefused(f"Only SELECT queries are allowed here; this is a {name} statement. The explorer reads "
                           "the warehouse and never changes it (no writes, DDL, ATTACH, COPY, SET, INSTALL/LOAD).")
    match = _FILE_FUNCTIONS.search(text)
    if match:
        raise QueryRefused(f"{match.group(1)}() reads files, URLs or the environment; the explorer reads only the "
                           "warehouse's tables and views.")
    if _QUOTED_FROM.search(text) or _URL.search(text):
        raise QueryRefused("Reading a file or URL named in the query is not allowed; query the warehouse's tables "
                           "and views (listed above).")
    return text


def run(con: duckdb.DuckDBPyConnection, sql: str, max_rows: int = MAX_ROWS, timeout_s: float = TIMEOUT_S
        ) -> QueryResult:
    """Check and run one SELECT on its own cursor; at most ``max_rows`` rows and ``timeout_s`` seconds."""
    text = check(sql, con)
    cursor = con.cursor()
    timer = threading.Timer(timeout_s, cursor.interrupt)
    timer.start()
    try:
        cursor.execute(text)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchmany(max_rows + 1)
    except duckdb.InterruptException:
        raise QueryRefused(f"The query ran longer than {timeout_s:g} s and was stopped; add filters or a LIMIT.") \
            from None
    except (duckdb.OutOfMemoryException, MemoryError):
        raise QueryRefused("The query needs more memory than the explorer allows; aggregate, filter or add a "
                           "LIMIT.") from None
    except duckdb.PermissionException:
        raise QueryRefused("The query tried to reach a file, URL or extension; the explorer reads only the "
                           "warehouse.") from None
    except duckdb.Error as exc:
        raise QueryRefused(f"DuckDB: {str(exc).splitlines()[0]}") from None
    finally:
        timer.cancel()
        cursor.close()
    return QueryResult(pd.DataFrame(rows[:max_rows], columns=columns), truncated=len(rows) > max_rows)


def catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Marts and their columns with units, for the explorer's side panel."""
    frame = con.execute(
        "SELECT table_name AS view, column_name AS column, data_type AS type FROM information_schema.columns "
        "WHERE table_name LIKE 'mart_%' ORDER BY table_name, ordinal_position").df()
    frame["unit"] = frame["column"].map(unit_of)
    return frame


def run_isolated(path: Path, sql: str, max_rows: int = MAX_ROWS, timeout_s: float = TIMEOUT_S,
                 memory_bytes: int = PROCESS_MEMORY_BYTES) -> QueryResult:
    """Check the query here, run it in a fresh process with its address space capped and kill it at the time limit.

    A process per query costs ~0.3 s (spawn and import), which an ad-hoc query can pay; the dashboard's own reads
    stay on the shared connection.
    """
    from etl.warehouse import connect_readonly

    con = connect_readonly(path)
    try:
        text = check(sql, con)
    finally:
        con.close()
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_run_in_child, args=(str(path), text, max_rows, timeout_s, memory_bytes, child),
                       daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s + 5):  # the child interrupts itself at timeout_s; this is the backstop
            raise QueryRefused(f"The query ran longer than {timeout_s:g} s and was stopped; add filters or a LIMIT.")
        kind, value = parent.recv()
    except EOFError:
        raise QueryRefused("The query needs more memory than the explorer allows; aggregate, filter or add a "
                           "LIMIT.") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
    if kind == "refused":
        raise QueryRefused(value)
    return value


def _run_in_child(path: str, text: str, max_rows: int, timeout_s: float, memory_bytes: int, conn) -> None:
    import resource

    from etl.warehouse import connect_readonly

    con = connect_readonly(Path(path))  # imports and DuckDB's start-up first; the budget is on top of them
    limit = _address_space_bytes() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(("ok", run(con, text, max_rows, timeout_s)))
    except QueryRefused as exc:
        conn.send(("refused", str(exc)))
    except MemoryError:
        conn.send(("refused", "The query needs more memory than the explorer allows; aggregate, filter or add a "
                              "LIMIT."))


def _address_space_bytes() -> int:
    """This process's virtual size (Linux /proc); 0 where unknown, so the budget alone applies."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

