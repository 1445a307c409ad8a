"""Refresh and rebuild: what the CLI and the dashboard's first start run.

A refresh works on a private copy of the warehouse (warehouse.building), each source in its own transaction: one
source failing rolls back only its own rows, is logged in etl_run with its error, and the others still load. The
copy is published only at the end, so a killed refresh leaves the last good warehouse.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

from etl import DATA_DIR, SNAPSHOT_DIR, coverage, snapshot
from etl.errors import EtlError
from etl.http import HttpClient, RetryPolicy
from etl.quality import run_checks
from etl.reference import load_all
from etl.snapshot import load_snapshot
from etl.sources import Source, Window, contract, registry
from etl.warehouse import building, code_fingerprint, now_utc, snapshot_loaded

log = logging.getLogger("etl.pipeline")

ProgressFn = Callable[[str, int, int, str], None]


@dataclass
class SourceResult:
    source: str
    status: str  # 'ok' | 'failed'
    rows: int = 0
    window: Window | None = None
    requests: int = 0
    error: str | None = None


@dataclass
class RefreshReport:
    results: list[SourceResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        ran = [r for r in self.results if r.status != "skipped"]
        failed = sum(r.status == "failed" for r in ran)
        if failed == 0:
            return "ok"
        return "failed" if failed == len(ran) else "partial"


def base_url_override(source: str) -> str | None:
    """$UA_GAS_<SOURCE>_URL points a source at another server (a replay server in tests, a mirror)."""
    return os.environ.get(f"UA_GAS_{source.upper()}_URL") or None


def default_end() -> date:
    """Yesterday: today's gas day is not over, so its values are not published yet."""
    return date.today() - timedelta(days=1)


@contextlib.contextmanager
def publishing(path: Path, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """warehouse.building, plus what the source registry adds: the tables of sources that bring their own ddl, and
    before publishing, each source's coverage (meta_source_coverage, read by the freshness mart and `status`)."""
    previous = path if path.exists() and not fresh else None
    with building(path, fresh=fresh) as con:
        for source in registry(live_only=False).values():
            if source.ddl:
                con.execute(source.ddl)
        yield con
        record_coverage(con)
        if previous is not None:
            _record_changes(con, previous)
        con.execute("DELETE FROM meta_build")
        con.execute("INSERT INTO meta_build VALUES (?, ?)", [code_fingerprint(), now_utc()])


def _record_changes(con: duckdb.DuckDBPyConnection, previous: Path) -> None:
    """Compare with the warehouse this build replaces; a previous warehouse too old to compare is not an error."""
    from etl import changes

    try:
        found = changes.compare(con, previous)
    except duckdb.Error as exc:
        log.warning("no change digest: the previous warehouse cannot be compared (%s)", str(exc).splitlines()[0])
        return
    changes.record(con, found)
    for change in found:
        log.info("changed: %s", change.detail)


def tell_changes(path: Path) -> None:
    """After a publish: the Atom feed and the webhook. Neither can fail the refresh."""
    from etl import changes, feed
    from etl.warehouse import connect_readonly

    try:
        con = connect_readonly(path)
        try:
            history = changes.latest(con, publishes=20)
        finally:
            con.close()
        if history:
            feed.write_feed(history, path.with_name("feed.xml"))
            feed.post_webhook([r for r in history if r["publish_id"] == history[0]["publish_id"]])
    except Exception as exc:  # noqa: BLE001 — telling is best effort; the data are published
        log.warning("feed/webhook not written: %s", exc)


def record_coverage(con: duckdb.DuckDBPyConnection) -> None:
    """Rows, first and newest day per source and origin (the `source` column), for every registered source."""
    con.execute("DELETE FROM meta_source_coverage")
    for source in registry(live_only=False).values():
        con.execute(  # identifiers and expressions come from the Source declarations, not from users
            f"INSERT INTO meta_source_coverage SELECT ?, source, count(*), min({source.day_column}), "
            f"max({source.day_column}) FILTER (WHERE {source.last_day_where}) FROM {source.table} GROUP BY source",
            [source.name])


def rebuild_offline(path: Path, snapshot_dir: Path = SNAPSHOT_DIR) -> dict[str, int]:
    """A new warehouse from the bundled snapshot and the reference files; no network."""
    started = now_utc()
    with publishing(path, fresh=True) as con:
        counts = load_all(con)
        counts.update(load_snapshot(con, snapshot_dir))
        for source in registry(live_only=False):
            run_checks(con, source)
        _log_run(con, "rebuild", "snapshot", started, None, sum(counts.values()), 0, "ok", None)
    return counts


def refresh(
    path: Path,
    sources: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    policy: RetryPolicy | None = None,
    progress: ProgressFn | None = None,
    archive_dir: Path | None = DATA_DIR / "raw",
) -> RefreshReport:
    """Incremental refresh of the chosen sources (all by default); returns what happened per source."""
    modules = registry()
    chosen = sources or list(modules)
    report = RefreshReport()
    with publishing(path, fresh=not path.exists()) as con:
        _reference_and_base(con)  # a bad curated file stops here, before anything is fetched
        for name in chosen:
            skip = None if sources else _missing_key(modules[name])
            if skip:  # a run of every source (cron) skips keyed sources without a key instead of failing each time
                log.warning("%s: skipped — %s", name, skip)
                report.results.append(SourceResult(name, "skipped", error=skip))
                _log_run(con, "refresh", name, now_utc(), None, 0, 0, "skipped", skip)
                continue
            report.results.append(_refresh_one(con, modules[name], since, until, policy, progress, archive_dir))
    tell_changes(path)
    return report


def _reference_and_base(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Reload the curated files, and the bundled snapshot when the warehouse has none (a first run) or an older one
    (after an update of the project: only the rows the warehouse lacks are added)."""
    counts = load_all(con)
    if not snapshot_loaded(con):
        counts.update(load_snapshot(con))
    elif snapshot.is_newer(con):
        log.info("data/snapshot is newer than the warehouse's: adding the rows it lacks")
        counts.update(load_snapshot(con, keep_existing=True))
    return counts


def _missing_key(source: Source) -> str | None:
    """Why a source that needs an API key cannot run now (None when it needs none or has one)."""
    needs = source.requires_key
    if needs is None:
        return None
    try:
        needs()
    except EtlError as exc:
        return str(exc)
    return None


def _refresh_one(con: duckdb.DuckDBPyConnection, source: Source, since, until, policy, progress, archive_dir
                 ) -> SourceResult:
    started = now_utc()
    client = HttpClient(source.name, policy or RetryPolicy.from_env(), archive_dir=archive_dir)
    result = SourceResult(source.name, "failed")
    try:
        end = until or default_end()
        plan = coverage.source_plan(con, source, end) if since is None and source.gap_aware else None
        start = since or (min(plan) if plan else contract.default_start(con, source))
        window = Window(min(start, end), end)
        result.window = window
        if plan is not None:
            log.info("%s: filling holes and the revision window — %d months, %d series (%s → %s)", source.name,
                     len(plan), len(set().union(*plan.values())), window.start, window.end)
        else:
            log.info("%s: refreshing %s → %s (%d days)", source.name, window.start, window.end, window.days)

        def step(done: int, total: int, label: str) -> None:
            if progress:
                progress(source.name, done, total, label)

        con.execute("BEGIN TRANSACTION")
        try:
            result.rows = contract.refresh(con, source, client, window, plan=plan,
                                           base_url=base_url_override(source.name), progress=step)
            if source.gap_aware:
                coverage.record_answers(con, source.name, plan or coverage.whole_months(con, source, window))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        result.status = "ok"
        run_checks(con, source.name)
    except (EtlError, ValueError) as exc:
        result.error = str(exc)
        log.error("%s: failed — %s", source.name, exc)
    result.requests = client.requests_made
    _log_run(con, "refresh", source.name, started, result.window, result.rows, result.requests, result.status,
             result.error)
    return result


def replay(path: Path, archive_dir: Path = DATA_DIR / "raw", sources: list[str] | None = None,
           since: date | None = None, until: date | None = None) -> RefreshReport:
    """Reload the archived raw responses through the same parsers; no network. Each source in its own transaction."""
    from etl.archive import archived

    chosen = registry()
    report = RefreshReport()
    with publishing(path, fresh=not path.exists()) as con:
        _reference_and_base(con)
        for name in sources or list(chosen):
            source, started = chosen[name], now_utc()
            if not (archive_dir / name).is_dir():
                log.warning("%s: nothing to replay — no archive under %s", name, archive_dir / name)
                report.results.append(SourceResult(name, "skipped", error=f"no archive under {archive_dir / name}"))
                continue
            result = SourceResult(name, "failed")
            try:
                raws = list(archived(archive_dir, name, since, until))
                con.execute("BEGIN TRANSACTION")
                try:
                    result.rows = contract.replay(con, source, raws)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                result.status = "ok"
                run_checks(con, name)
            except (EtlError, ValueError) as exc:
                result.error = str(exc)
                log.error("%s: replay failed — %s", name, exc)
            _log_run(con, "replay", name, started, None, result.rows, 0, result.status, result.error)
            report.results.append(result)
    return report


def reload_reference(path: Path) -> dict[str, int]:
    """Validate data/reference/*.csv and publish them into the warehouse, keeping every fact row."""
    started = now_utc()
    with publishing(path, fresh=not path.exists()) as con:
        counts = _reference_and_base(con)
        _log_run(con, "reference", "reference", started, None, sum(counts.values()), 0, "ok", None)
    return counts


def _log_run(con: duckdb.DuckDBPyConnection, command: str, source: str, started, window: Window | None,
             rows: int, requests: int, status: str, error: str | None) -> None:
    con.execute(
        "INSERT INTO etl_run (command, source, started_at, finished_at, window_from, window_to, rows_loaded,"
        " requests, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [command, source, started, now_utc(), window.start if window else None, window.end if window else None,
         rows, requests, status, error],
    )
