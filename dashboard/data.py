"""Cached, read-only access to the published warehouse.

The refresh publishes a new file by atomic rename; DuckDB caches database instances per path, so a connection
opened before the rename keeps seeing the old file. We therefore key everything on the file's (inode, mtime):
when it changes, the old connection is closed, a new one opened, and cached query results expire with it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.i18n import t
from etl.warehouse import connect_readonly, file_version, resolve_path

_lock = threading.Lock()
_state: dict[str, Any] = {"version": None, "con": None, "path": None}


def warehouse_path() -> Path:
    return resolve_path(None)


def ensure_warehouse() -> None:
    """First start on a fresh machine: build the warehouse from the bundled snapshot (no network needed). A
    warehouse built by an older checkout (its meta_build fingerprint differs, e.g. after a `git pull`) is
    republished with this checkout's schema, marts and curated files, keeping every row."""
    path = warehouse_path()
    if path.exists():
        if built_by() != _fingerprint():
            _upgrade(path)
        return
    from etl.errors import LockedError
    from etl.pipeline import rebuild_offline

    with st.spinner(t("First start: building the warehouse from the bundled snapshot…")):
        try:
            rebuild_offline(path)
        except LockedError:
            pass  # another session or a refresh is building it right now; wait for the published file
    if not path.exists():
        st.error(t("No warehouse at {path} yet: another process is building it. Reload in a few seconds.",
                   path=path))
        st.stop()


def _fingerprint() -> str:
    from etl.warehouse import code_fingerprint

    return code_fingerprint()


def built_by() -> str | None:
    """The fingerprint of the checkout that published the warehouse (None: older than fingerprints)."""
    try:
        rows = query("SELECT fingerprint FROM meta_build")
    except duckdb.Error:
        return None
    return rows.fingerprint.iloc[0] if len(rows) else None


def _upgrade(path: Path) -> None:
    from etl.errors import EtlError, LockedError
    from etl.pipeline import reload_reference

    with st.spinner(t("Bringing the warehouse up to this version (schema, translations, registers)…")):
        try:
            reload_reference(path)
        except LockedError:
            pass  # a refresh is publishing right now, and it publishes with this checkout's schema too
        except EtlError as exc:  # e.g. a curated file with a bad row: say so, and show what the warehouse holds
            st.warning(t("The warehouse could not be brought up to this version: {error}", error=exc),
                       icon=":material/warning:")


def _connection() -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
    path = warehouse_path()
    version = file_version(path)
    if version is None:
        raise FileNotFoundError(f"no warehouse at {path}")
    if _state["con"] is None or _state["version"] != version or _state["path"] != path:
        if _state["con"] is not None:
            _state["con"].close()
        _state.update(con=connect_readonly(path), version=version, path=path)
    return _state["con"], version


def with_connection(fn, *args):
    """Run ``fn(con, *args)`` on the shared read-only connection, under its lock (for readers that need more than one
    query, e.g. etl.winter.read_inputs); cache the result at the caller, keyed on :func:`version`."""
    with _lock:
        con, _ = _connection()
        return fn(con, *args)


def version() -> tuple[int, int] | None:
    return file_version(warehouse_path())


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(sql: str, params: tuple[Any, ...], file_version_key: tuple[int, int] | None, path: str) -> pd.DataFrame:
    # file_version_key must not start with "_": Streamlit leaves such arguments out of the cache key, and then a
    # newly published warehouse would keep being answered from the old file's cached results.
    with _lock:
        con, _ = _connection()
        return con.execute(sql, list(params)).df()


def query(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> pd.DataFrame:
    """Run a read-only query on the published warehouse; results are cached until the next publish."""
    return _cached(sql, tuple(params), version(), str(warehouse_path()))


def explore(sql: str):
    """Run an analyst's query through the explorer's fences, in its own bounded process (dashboard/explorer.py);
    not cached. The shared connection stays free for every other visitor meanwhile."""
    from dashboard import explorer

    return explorer.run_isolated(warehouse_path(), sql)


def catalogue() -> pd.DataFrame:
    """Marts, columns and units (explorer's side panel), read once per published warehouse."""
    return _catalogue(version(), str(warehouse_path()))


@st.cache_data(show_spinner=False, max_entries=4)
def _catalogue(file_version_key: tuple[int, int] | None, path: str) -> pd.DataFrame:
    from dashboard import explorer

    with _lock:
        con, _ = _connection()
        return explorer.catalogue(con)


def failed_sources() -> pd.DataFrame:
    """Sources whose most recent refresh failed (what the sidebar warns about; the data shown stay the last good)."""
    return query("SELECT source, finished_at, error FROM etl_run WHERE command = 'refresh' "
                 "QUALIFY row_number() OVER (PARTITION BY source ORDER BY run_id DESC) = 1 AND status = 'failed'")


def schedule_state() -> dict[str, Any] | None:
    """The scheduler's last and next run (etl/schedule.py), when one keeps this warehouse fresh."""
    from etl.schedule import read_state

    return read_state(warehouse_path())


def failure_in_words(error: str) -> str:
    """What a refresh error means, in the visit's language (etl.failures says it once for CLI and pages)."""
    from etl.failures import in_words

    return in_words(error, t)


def failure_notice(source: str, error: str, when: Any) -> str:
    """One line for the sidebar: which source, when, what it means, and what the pages show instead."""
    from etl.failures import source_name

    name = source_name(source)
    held = freshness()["last_day"].get(source)
    shown = (t("pages show its data to {day}", day=i18n.day(held)) if held is not None and not pd.isna(held)
             else t("pages show the last good data"))
    return t("{source} {what} at {when} UTC — {shown}.", source=name, what=failure_in_words(error),
             when=i18n.moment(when), shown=shown)


def run_status_in_words(status: str | None) -> str:
    """The scheduler's last status ('ok', 'failed: …', 'skipped: …') in one word; the detail is in the run log."""
    head = (status or "").split(":")[0].strip()
    return {"ok": t("ok"), "failed": t("failed"), "partial": t("partly failed"),
            "skipped": t("skipped, another refresh was running")}.get(head, head or "?")


def freshness() -> dict[str, Any]:
    """What the caption under every chart says: last refresh/rebuild, and each source's newest day."""
    runs = query("SELECT max(finished_at) AS last_run FROM etl_run WHERE status = 'ok'")
    sources = query("SELECT source_group, max(last_day) AS last_day FROM mart_source_freshness GROUP BY 1")
    return {
        "last_run": runs["last_run"].iloc[0] if len(runs) else None,
        "last_day": dict(zip(sources["source_group"], sources["last_day"], strict=True)),
    }


def package_zip() -> bytes:
    """The data package of the published warehouse, zipped (built on click: the export takes a second or two)."""
    import io
    import tempfile
    import zipfile

    from etl.export import export

    with tempfile.TemporaryDirectory() as tmp:
        folder = export(warehouse_path(), Path(tmp))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(folder.iterdir()):
                zf.write(f, f"{folder.name}/{f.name}")
        return buf.getvalue()
