"""`python -m etl status`: per source the rows, newest day, last success and error — and the holes of every series
(a gap-aware source's missing days from the series' first day to yesterday), as text or JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

from etl import coverage
from etl.failures import in_words
from etl.sources import registry
from etl.warehouse import connect_readonly

MAX_HOLES_PRINTED = 8


def collect(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything `status` says, as plain data."""
    from etl.pipeline import default_end

    end = default_end()
    freshness = con.execute("SELECT source_group, source, rows, first_day, last_day, last_success_at, "
                            "last_failure_at, last_error FROM mart_source_freshness ORDER BY source_group, source"
                            ).fetchall()
    by_group: dict[str, list] = defaultdict(list)
    for group, source, rows, first, last, ok_at, fail_at, err in freshness:
        by_group[group].append({"origin": source, "rows": rows, "first_day": _iso(first), "last_day": _iso(last),
                                "last_success_at": _iso(ok_at), "last_failure_at": _iso(fail_at),
                                "last_error": err})
    sources = []
    for name, source in registry(live_only=False).items():
        holes = coverage.source_holes(con, source, end) if source.gap_aware else []
        sources.append({"source": name, "origins": by_group.pop(name, []), "live": source.live,
                        "series": source.series, "gap_aware": source.gap_aware,
                        "holes": [h.as_dict() for h in holes],
                        "missing_days": sum(h.days for h in holes)})
    runs = con.execute("SELECT finished_at, command, source, status, rows_loaded, error FROM etl_run "
                       "ORDER BY run_id DESC LIMIT 5").fetchall()
    return {"as_of": end.isoformat(), "sources": sources,
            "last_runs": [{"finished_at": _iso(f), "command": c, "source": s, "status": st, "rows": n or 0,
                           "error": e} for f, c, s, st, n, e in runs]}


def _failure(error: str | None, when: str | None, verbose: bool) -> str:
    """'could not be reached (…) at 2026-11-29 21:41 UTC', and with --verbose the raw error on the next line."""
    if not error:
        return ""
    moment = f" at {when[:16].replace('T', ' ')} UTC" if when else ""
    words = f"{in_words(error)}{moment}"
    return f"{words}\n{'':10s}raw: {error}" if verbose else words


def print_status(path: Path, as_json: bool = False, verbose: bool = False) -> int:
    if not path.exists():
        print(f"no warehouse at {path}; run `python -m etl rebuild --offline` or `python -m etl refresh`")
        return 4
    con = connect_readonly(path)
    try:
        info = collect(con)
    finally:
        con.close()
    if as_json:  # the raw error stays under last_error; last_error_words is what the text view prints
        for src in info["sources"]:
            for o in src["origins"]:
                o["last_error_words"] = in_words(o["last_error"]) if o["last_error"] else None
        print(json.dumps({"warehouse": str(path), **info}, indent=2))
        return 0
    print(f"warehouse {path}")
    print(f"{'source':8s} {'origin':15s} {'rows':>9s} {'first day':>10s} {'last day':>10s}  "
          f"{'last success':19s}  last failure")
    for src in info["sources"]:
        for o in src["origins"] or [{"origin": "(no rows yet)", "rows": 0}]:
            ok = (o.get("last_success_at") or "never")[:16].replace("T", " ")
            print(f"{src['source']:8s} {o['origin']:15s} {o['rows']:9d} {o.get('first_day') or '-':>10s} "
                  f"{o.get('last_day') or '-':>10s}  {ok:19s}  "
                  f"{_failure(o.get('last_error'), o.get('last_failure_at'), verbose)}")
    print(f"\nholes (days with no value from each series' first day to {info['as_of']}):")
    for src in info["sources"]:
        if not src["gap_aware"]:
            continue
        holes = src["holes"]
        series = len({h["series"] for h in holes})
        print(f"  {src['source']}: {len(holes)} holes in {series} series, {src['missing_days']:,} days missing")
        for h in sorted(holes, key=lambda h: -h["days"])[:MAX_HOLES_PRINTED]:
            asked = "  (asked: nothing published)" if h["asked"] else ""
            print(f"    {h['series']:30s} {h['from']} → {h['to']} ({h['days']:,} days){asked}")
        if len(holes) > MAX_HOLES_PRINTED:
            print(f"    … {len(holes) - MAX_HOLES_PRINTED} more (python -m etl status --json)")
    print("\nlast runs:")
    for r in info["last_runs"]:
        print(f"  {(r['finished_at'] or '')[:16].replace('T', ' ')} {r['command']:8s} {r['source']:9s} "
              f"{r['status']:7s} {r['rows']:>8d} rows  {_failure(r['error'], None, verbose)}")
    if not verbose and any(o.get("last_error") for s in info["sources"] for o in s["origins"]):
        print("\n(the raw errors: python -m etl status --verbose, or --json)")
    return 0


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
