"""Parse + load throughput of each connector on the same bytes as the public clients and DuckDB's read_json."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from bench.synthetic import agsi_body, entsog_body
from etl.sources import RawResponse, agsi, entsog
from etl.warehouse import apply_sql, upsert


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _warehouse() -> duckdb.DuckDBPyConnection:
    """An empty warehouse with the real schema; loads go into existing tables, as in a refresh."""
    con = duckdb.connect()
    apply_sql(con)
    return con


def _ours_entsog(text: str, con: duckdb.DuckDBPyConnection) -> None:
    """Bytes → json → typed frame → upsert (what a refresh does per response)."""
    con.execute(f"DELETE FROM {entsog.TABLE}")
    upsert(con, entsog.TABLE, entsog.parse(RawResponse("bench", json.loads(text))))


def _ours_agsi(text: str, con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DELETE FROM {agsi.TABLE}")
    upsert(con, agsi.TABLE, agsi.parse(RawResponse("bench", json.loads(text)), "AT"))


def _duckdb_read_json(text: str, key: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        fh.write(text)
    try:
        duckdb.execute(f"SELECT count(*) FROM (SELECT unnest({key}) FROM read_json('{fh.name}', "
                       "maximum_object_size=1000000000))").fetchall()
    finally:
        Path(fh.name).unlink()


def _entsog_py(text: str) -> None:
    from entsog.parsers import parse_operational_data

    parse_operational_data(text, verbose=True)


def _gie_py(text: str) -> None:
    from gie.gie import GiePandasClient

    GiePandasClient._fix_dataframe(json.loads(text)["data"])


def _compare(connector: str, rows: int, ours: Callable[[], object], baselines: dict[str, Callable[[], object]],
             repeat: int) -> list[dict]:
    """One row per baseline: ours and the baseline timed in this process on the same bytes."""
    ours_s = best_of(ours, repeat)
    out = []
    for name, fn in baselines.items():
        try:
            base = best_of(fn, repeat)
        except ImportError:  # the public clients come with the bench extra only
            base = float("nan")
        out.append({"bench": "parse+load", "connector": connector, "rows": rows, "ours_s": ours_s, "baseline": name,
                    "baseline_s": base, "ratio": base / ours_s, "rows_per_s": rows / ours_s})
    return out


def run(scale: str = "full", repeat: int = 3) -> list[dict]:
    """Rows: connector, rows, ours (s), baseline (s), ratio baseline/ours, what the baseline does."""
    days, points, agsi_rows = {"smoke": (10, 2, 50), "full": (365, 40, 20_000)}[scale]
    entsog_text = json.dumps(entsog_body(days, points))
    agsi_text = json.dumps(agsi_body(agsi_rows))
    con = _warehouse()
    return [
        *_compare("entsog", days * points, lambda: _ours_entsog(entsog_text, con), {
            "entsog-py parse_operational_data": lambda: _entsog_py(entsog_text),
            "duckdb read_json (unnest)": lambda: _duckdb_read_json(entsog_text, "operationalData")}, repeat),
        *_compare("agsi", agsi_rows, lambda: _ours_agsi(agsi_text, con), {
            "gie-py GiePandasClient._fix_dataframe": lambda: _gie_py(agsi_text),
            "duckdb read_json (unnest)": lambda: _duckdb_read_json(agsi_text, "data")}, repeat),
    ]
