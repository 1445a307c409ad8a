"""Command line: ``python -m etl …`` or ``ua-gas …``.

Exit codes (for cron and systemd): 0 ok · 2 wrong arguments · 3 partial (some sources failed) · 4 failed ·
5 another refresh holds the lock · 6 a curated reference file or configuration is invalid.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

from etl import SNAPSHOT_DIR
from etl.errors import ConfigError, EtlError, LockedError, ReferenceDataError
from etl.warehouse import resolve_path

EXIT = {"ok": 0, "usage": 2, "partial": 3, "failed": 4, "locked": 5, "invalid": 6}
# A run of every source skips GIE AGSI+/ALSI when no key is set (logged as 'skipped'); naming them with --source
# makes a missing key an error.
log = logging.getLogger("etl")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    from etl.sources import registry

    parser = argparse.ArgumentParser(prog="ua-gas", description="Ukraine gas-security tracker ETL")
    parser.add_argument("--warehouse", help="warehouse file (default: $UA_GAS_WAREHOUSE, else "
                                            "data/warehouse.duckdb)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    ref = sub.add_parser("refresh", help="incremental refresh from the live APIs (safe under cron)")
    ref.add_argument("--source", action="append", choices=sorted(registry()),
                     help="only this source (repeatable); default: all")
    ref.add_argument("--since", type=_date, help="first gas day (default: last day held minus the revision window)")
    ref.add_argument("--until", type=_date, help="last gas day (default: yesterday)")
    ref.add_argument("--json", action="store_true", help="print the outcome as JSON on stdout")
    ref.add_argument("--no-archive", action="store_true", help="do not keep raw responses under data/raw/")
    ref.add_argument("--export", type=Path, metavar="DIR",
                     help="after a successful publish, write the data package to DIR/<version>/ (DIR/latest)")

    reb = sub.add_parser("rebuild", help="build the warehouse from the bundled snapshot")
    reb.add_argument("--offline", action="store_true", required=True,
                     help="required: the rebuild uses only data/snapshot and data/reference")

    stat = sub.add_parser("status", help="per source: last success, newest day held, rows, last error, holes")
    stat.add_argument("--json", action="store_true", help="print as JSON (holes per source and series: key 'holes')")
    stat.add_argument("--verbose", "-v", action="store_true", help="print each failure's raw error under its words")
    snap = sub.add_parser("snapshot", help="(maintainers) rebuild data/snapshot from ../shared/data")
    snap.add_argument("--shared", type=Path, help="folder with the raw third-party files (default ../shared/data)")
    exp = sub.add_parser("export", help="every mart and register as CSV + Parquet with a Frictionless datapackage.json")
    exp.add_argument("dir", nargs="?", type=Path, default=Path("data/export"),
                     help="folder (default data/export); the package goes to DIR/<version>/, DIR/latest points at it")
    sch = sub.add_parser("schedule", help="keep the warehouse fresh: refresh every source at set times, survive "
                                          "failures, stop with --parent")
    sch.add_argument("--at", default="10:15,20:15", help="local times of day, comma-separated (default 10:15,20:15)")
    sch.add_argument("--parent", type=int, help="stop when this process (e.g. the dashboard) is gone")
    sch.add_argument("--run-now", action="store_true", help="refresh once at start, then keep the schedule")
    chg = sub.add_parser("changes", help="what the last refresh changed, in words with figures")
    chg.add_argument("--last", type=int, default=1, metavar="N", help="the last N publishes (default 1)")
    sub.add_parser("crosscheck", help="print the cross-check against the TSO's annual figures (Markdown)")
    sub.add_parser("check-reference", help="validate data/reference/*.csv and exit")
    sub.add_parser("load-reference", help="validate data/reference/*.csv and publish them into the warehouse")
    rep = sub.add_parser("replay", help="reload the raw archive (data/raw) through the parsers, offline")
    rep.add_argument("--source", action="append", choices=sorted(registry()), help="only this source")
    rep.add_argument("--since", type=_date, help="first archive day (UTC)")
    rep.add_argument("--until", type=_date, help="last archive day (UTC)")
    rep.add_argument("--archive", type=Path, help="archive folder (default data/raw)")
    from etl import winter

    win = sub.add_parser("winter", help="the winter gas balance: import need to reach the storage target (a "
                                        "sensitivity, not a forecast)")
    win.add_argument("--target-bcm", type=winter.bcm, help="storage target, total gas (default: the season's)")
    win.add_argument("--by", type=_date, help="target date (default: 1 November of the season)")
    win.add_argument("--min-end-bcm", type=winter.bcm,
                     help="withdrawal season: floor on 31 March (default: cushion + working minimum)")
    win.add_argument("--production-loss-pct", type=winter.percent, default=0.0, metavar="P",
                     help="share of domestic production lost, 0–100 (default 0)")
    win.add_argument("--weather", choices=winter.WEATHER, default="normal",
                     help="scales Nov–Mar consumption (cold +15 %%, warm −15 %%; default normal)")
    win.add_argument("--border-out", action="append", choices=winter.BORDERS, metavar="CC",
                     help=f"a border out of use (repeatable): one of {', '.join(winter.BORDERS)}")
    win.add_argument("--as-of", type=_date, help="use the inputs known on or before this day")
    win.add_argument("--json", action="store_true", help="print as JSON")
    return parser


class _Progress:
    """A progress bar on a terminal, one line per 10 % in a log (cron)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_decile: dict[str, int] = {}

    def __call__(self, source: str, done: int, total: int, label: str) -> None:
        if self.tty:
            width = 30
            filled = int(width * done / max(total, 1))
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\r{source:7s} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}{end}")
            sys.stderr.flush()
            return
        decile = 10 * done // max(total, 1)
        if decile != self.last_decile.get(source):
            self.last_decile[source] = decile
            log.info("%s: %d/%d requests (%s)", source, done, total, label)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")
    path = resolve_path(args.warehouse)
    try:
        return _dispatch(args, path)
    except LockedError as exc:
        log.error("%s", exc)
        return EXIT["locked"]
    except (ReferenceDataError, ConfigError) as exc:
        log.error("%s", exc)
        return EXIT["invalid"]
    except EtlError as exc:
        log.error("%s", exc)
        return EXIT["failed"]


def _dispatch(args: argparse.Namespace, path: Path) -> int:
    from etl import pipeline

    if args.command == "rebuild":
        counts = pipeline.rebuild_offline(path)
        log.info("rebuilt %s from the snapshot: %s", path, ", ".join(f"{t} {n}" for t, n in counts.items()))
        return EXIT["ok"]
    if args.command == "refresh":
        if args.since and args.until and args.until < args.since:
            log.error("--until %s is before --since %s", args.until, args.since)
            return EXIT["usage"]
        report = pipeline.refresh(path, args.source, args.since, args.until, progress=_Progress(),
                                  archive_dir=None if args.no_archive else pipeline.DATA_DIR / "raw")
        for r in report.results:
            span = f"{r.window.start} → {r.window.end}" if r.window else "-"
            log.info("%s: %s, %d rows, %d requests, %s%s", r.source, r.status, r.rows, r.requests, span,
                     f" — {r.error}" if r.error else "")
        if args.json:
            print(json.dumps({"status": report.status, "warehouse": str(path), "sources": [
                {"source": r.source, "status": r.status, "rows": r.rows, "requests": r.requests, "error": r.error,
                 "from": str(r.window.start) if r.window else None,
                 "to": str(r.window.end) if r.window else None} for r in report.results]}))
        log.info("refresh %s; published %s", report.status, path)
        if args.export and report.status != "failed":
            from etl.export import export

            log.info("data package written to %s", export(path, args.export))
        return EXIT[report.status]
    if args.command == "status":
        from etl.status import print_status

        return print_status(path, as_json=args.json, verbose=args.verbose)
    if args.command == "snapshot":
        from etl import snapshot

        manifest = snapshot.build(args.shared or snapshot.DEFAULT_SHARED, SNAPSHOT_DIR)
        for table, info in manifest["tables"].items():
            log.info("%s: %d rows, %s → %s", table, info["rows"], info["first_day"], info["last_day"])
        return EXIT["ok"]
    if args.command == "load-reference":
        counts = pipeline.reload_reference(path)
        log.info("reference tables published: %s", ", ".join(f"{t} {n}" for t, n in counts.items()))
        return EXIT["ok"]
    if args.command == "replay":
        report = pipeline.replay(path, args.archive or pipeline.DATA_DIR / "raw", args.source, args.since,
                                 args.until)
        for r in report.results:
            log.info("%s: replay %s, %d rows%s", r.source, r.status, r.rows, f" — {r.error}" if r.error else "")
        return EXIT[report.status]
    if args.command == "export":
        from etl.export import export

        if not path.exists():
            log.error("no warehouse at %s; run `python -m etl rebuild --offline` first", path)
            return EXIT["failed"]
        log.info("data package written to %s (%s/latest points at it)", export(path, args.dir), args.dir)
        return EXIT["ok"]
    if args.command == "schedule":
        from etl.schedule import parse_times, run

        try:
            times = parse_times(args.at)
        except ValueError as exc:
            log.error("--at: %s", exc)
            return EXIT["usage"]
        run(path, times, parent=args.parent, run_now=args.run_now)
        return EXIT["ok"]
    if args.command == "changes":
        from etl.changes import latest
        from etl.warehouse import connect_readonly

        con = connect_readonly(path)
        try:
            rows = latest(con, args.last)
        finally:
            con.close()
        if not rows:
            print("No publish has been compared yet: the digest starts with the second refresh of a warehouse.")
        for row in rows:
            print(f"{row['published_at']:%Y-%m-%d %H:%M} UTC  {row['detail']}")
        return EXIT["ok"]
    if args.command == "crosscheck":
        from etl.report import crosscheck_markdown
        from etl.warehouse import connect_readonly

        con = connect_readonly(path)
        try:
            print(crosscheck_markdown(con), end="")
        finally:
            con.close()
        return EXIT["ok"]
    if args.command == "winter":
        from etl.winter import run, scenario_from_args

        print(run(path, scenario_from_args(args), args.as_of, args.json))
        return EXIT["ok"]
    if args.command == "check-reference":
        from etl.reference import all_specs, load_csv

        for spec in all_specs():
            log.info("%s: %d rows OK", spec.file_name, len(load_csv(spec)))
        return EXIT["ok"]
    return EXIT["usage"]
