"""Refresh cost against the size of the window: requests and seconds through the real pipeline, against a local
ENTSOG replay server that answers like the TP (one row per day × point direction asked) after a fixed latency."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from werkzeug import Request, Response
from werkzeug.serving import make_server

from bench.synthetic import FIXTURES, real_flow_values
from etl import pipeline
from etl.http import RetryPolicy

TEMPLATE = next(r for r in json.loads((FIXTURES / "entsog" / "operationalData_ITP-00117_2024-04.json").read_text())
                ["operationalData"] if r["indicator"] == "Physical Flow")


class ReplayServer:
    """A threaded local server for /operationalData: rows for every asked point direction and day, real values."""

    def __init__(self, latency_s: float) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.latency_s = latency_s
        self.values = real_flow_values()
        self.requests = 0
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/api/v1"

    def app(self, environ, start_response):
        request = Request(environ)
        self.requests += 1
        time.sleep(self.latency_s)
        start, end = date.fromisoformat(request.args["from"]), date.fromisoformat(request.args["to"])
        rows = []
        for n, direction in enumerate(request.args["pointDirection"].split(",")):
            operator, point = direction[:11].upper(), direction[11:20].upper()
            kind = "entry" if direction.endswith("entry") else "exit"
            day = start
            while day <= end:
                row = dict(TEMPLATE, operatorKey=operator, pointKey=point, directionKey=kind,
                           value=self.values[(day.toordinal() + n) % len(self.values)], flowStatus="Confirmed",
                           periodFrom=f"{day}T06:00:00+01:00", periodTo=f"{day + timedelta(days=1)}T06:00:00+01:00",
                           lastUpdateDateTime=f"{day + timedelta(days=1)}T12:00:00+01:00")
                rows.append(row)
                day += timedelta(days=1)
        body = json.dumps({"meta": {"total": len(rows), "count": len(rows)}, "operationalData": rows})
        return Response(body, content_type="application/json")(environ, start_response)

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()


def run(base_warehouse: Path, windows: tuple[int, ...] = (1, 30, 365, 3650), latency_s: float = 0.05) -> list[dict]:
    out = []
    policy = RetryPolicy(attempts=2, timeout_s=30, backoff_base_s=0.01, min_interval_s=0.0)
    end = date(2024, 12, 31)
    with ReplayServer(latency_s) as server, tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["UA_GAS_ENTSOG_URL"] = server.url
        for days in windows:
            path = Path(tmp) / f"w{days}.duckdb"
            shutil.copy2(base_warehouse, path)
            before = server.requests
            t = time.perf_counter()
            report = pipeline.refresh(path, ["entsog"], since=end - timedelta(days=days - 1), until=end,
                                      policy=policy, archive_dir=None)
            seconds = time.perf_counter() - t
            out.append({"bench": "refresh", "window_days": days, "requests": server.requests - before,
                        "seconds": seconds, "rows": report.results[0].rows, "status": report.status,
                        "latency_ms": latency_s * 1000})
        # gap-aware: the first default refresh fills every hole of every series (the bundled warehouse's per-point
        # data end in March 2023; points never held are asked from their first day); the next one, 7 days later,
        # asks only for the revision window and the new days
        path = Path(tmp) / "gaps.duckdb"
        shutil.copy2(base_warehouse, path)
        for until, note in ((end, "fill every hole (first default refresh)"),
                            (end + timedelta(days=7), "incremental (7 new days)")):
            before = server.requests
            t = time.perf_counter()
            report = pipeline.refresh(path, ["entsog"], until=until, policy=policy, archive_dir=None)
            out.append({"bench": "refresh", "window_days": report.results[0].window.days, "requests":
                        server.requests - before, "seconds": time.perf_counter() - t,
                        "rows": report.results[0].rows, "status": report.status, "latency_ms": latency_s * 1000,
                        "note": note})
        os.environ.pop("UA_GAS_ENTSOG_URL", None)
    return out
