"""Gap-aware refresh: holes anywhere in a series are fetched, with as few requests as month batching allows, and a
month answered for good is not asked again; `status` lists the holes."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from etl import coverage, pipeline
from etl.cli import EXIT, main
from tests.conftest import entsog_payload, rows_of

SUDZHA = "ua-tso-0001itp-00184entry"


def test_holes_are_runs_of_missing_days_from_the_series_start():
    held = pd.DataFrame({"series": ["a"] * 4, "day": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-05",
                                                                     "2024-01-06"])})
    spans = [coverage.SeriesSpan("a", date(2024, 1, 1)), coverage.SeriesSpan("b", date(2024, 1, 3)),
             coverage.SeriesSpan("c", date(2023, 1, 1), end=date(2023, 12, 31))]
    holes = coverage.find_holes(held, spans, end=date(2024, 1, 7))
    assert [(h.series, h.start.day, h.end.day) for h in holes] == [("a", 3, 4), ("a", 7, 7), ("b", 3, 7),
                                                                   ("c", 1, 31)]


def test_plan_asks_hole_months_and_the_revision_window_but_not_final_months():
    spans = [coverage.SeriesSpan("a", date(2020, 1, 1)), coverage.SeriesSpan("old", date(2020, 1, 1),
                                                                             end=date(2020, 12, 31))]
    holes = [coverage.Hole("a", date(2021, 3, 5), date(2021, 4, 2)),
             coverage.Hole("old", date(2020, 6, 1), date(2020, 6, 30), asked=True)]
    plan = coverage.plan(holes, spans, end=date(2024, 5, 10), revision_days=30)
    assert plan == {date(2021, 3, 1): {"a"}, date(2021, 4, 1): {"a"}, date(2024, 4, 1): {"a"},
                    date(2024, 5, 1): {"a"}}


def recording_entsog(httpserver: HTTPServer, monkeypatch) -> dict[str, set[str]]:
    """A local ENTSOG that answers every month with the recorded April 2024 response (days outside the month are
    ignored by the upsert's key, which is fine here) and records which directions each month asked for."""
    asked: dict[str, set[str]] = defaultdict(set)
    body = json.dumps(entsog_payload())

    def handler(request: Request) -> Response:
        month = request.args["from"][:7]
        asked[month].update(request.args["pointDirection"].split(","))
        if month == "2024-04":
            return Response(body, content_type="application/json")
        return Response(json.dumps({"message": "No Data Available"}), status=404, content_type="application/json")

    httpserver.expect_request("/api/v1/operationalData").respond_with_handler(handler)
    monkeypatch.setenv("UA_GAS_ENTSOG_URL", httpserver.url_for("/api/v1"))
    for name, value in {"ATTEMPTS": "1", "TIMEOUT": "5", "MIN_INTERVAL": "0"}.items():
        monkeypatch.setenv(f"UA_GAS_HTTP_{name}", value)
    return asked


def moldova_direction(path: Path) -> str:
    (key,), = rows_of(path, "SELECT lower(operator_key || point_key || direction_key) FROM ref_point "
                            "WHERE neighbour_country = 'MD' ORDER BY priority, point_key LIMIT 1")
    return key


def test_bundled_warehouse_refresh_fills_every_hole_then_asks_only_the_revision_window(
        warehouse: Path, httpserver: HTTPServer, monkeypatch):
    asked = recording_entsog(httpserver, monkeypatch)
    report = pipeline.refresh(warehouse, ["entsog"], until=date(2024, 4, 20), archive_dir=None)
    assert report.status == "ok", report.results[0].error
    months = sorted(asked)
    # the snapshot's per-point data end on 2023-03-29: every month from there to the end is asked …
    assert {f"2023-{m:02d}" for m in range(3, 13)} | {"2024-01", "2024-02", "2024-03", "2024-04"} <= set(months)
    # … and the points with no history (Sudzha, Moldova) from their first day, not from the newest day held
    assert months[0] == "2015-01" and SUDZHA in asked["2015-01"] and moldova_direction(warehouse) in asked["2015-01"]
    # a month the download holds completely is asked only for the series that lack it
    assert "sk-tso-0001itp-00117entry" not in asked["2017-06"] and SUDZHA in asked["2017-06"]
    first_run = sum(len(v) for v in asked.values())

    asked.clear()
    report = pipeline.refresh(warehouse, ["entsog"], until=date(2024, 4, 20), archive_dir=None)
    assert report.status == "ok"
    assert sorted(asked) == ["2024-03", "2024-04"], "a rerun asks the revision window only"
    assert sum(len(v) for v in asked.values()) < first_run


def test_a_hole_inside_a_series_is_refetched(warehouse: Path, httpserver: HTTPServer, monkeypatch):
    asked = recording_entsog(httpserver, monkeypatch)
    pipeline.refresh(warehouse, ["entsog"], until=date(2024, 4, 20), archive_dir=None)
    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM fact_entsog_operational WHERE point_key = 'ITP-00117' AND operator_key = 'SK-TSO-0001' "
                "AND direction_key = 'entry' AND gas_day BETWEEN '2019-06-10' AND '2019-06-12'")
    con.close()
    asked.clear()
    pipeline.refresh(warehouse, ["entsog"], until=date(2024, 4, 20), archive_dir=None)
    assert sorted(asked) == ["2019-06", "2024-03", "2024-04"]
    assert asked["2019-06"] == {"sk-tso-0001itp-00117entry"}


def test_status_lists_holes_per_source_and_series(warehouse: Path, capsys):
    assert main(["status", "--json"]) == EXIT["ok"]
    out = json.loads(capsys.readouterr().out)
    entsog = next(s for s in out["sources"] if s["source"] == "entsog")
    sudzha = [h for h in entsog["holes"] if h["series"] == "ITP-00184 UA-TSO-0001 entry"]
    assert sudzha and sudzha[0]["from"] == "2015-01-01" and sudzha[0]["asked"] is False
    agsi = next(s for s in out["sources"] if s["source"] == "agsi")
    hu = [h for h in agsi["holes"] if h["series"] == "HU"]
    assert hu[0]["from"] == "2016-01-01" and hu[0]["to"] == "2023-05-07"  # neighbours held from 2023-05-08
    assert main(["status"]) == EXIT["ok"]
    text = capsys.readouterr().out
    assert "holes (days with no value" in text and "entsog: " in text and "days missing" in text


def test_gie_sources_ask_each_area_only_for_its_planned_months():
    from etl.sources import Window, gie

    plan = {date(2024, 1, 1): {"HU"}, date(2024, 2, 1): {"HU", "SK"}, date(2024, 4, 1): {"HU"}}
    window = Window(date(2024, 1, 1), date(2024, 4, 20))
    assert gie.area_windows(window, "HU", plan) == [Window(date(2024, 1, 1), date(2024, 2, 29)),
                                                   Window(date(2024, 4, 1), date(2024, 4, 20))]
    assert gie.area_windows(window, "SK", plan) == [Window(date(2024, 2, 1), date(2024, 2, 29))]
    assert gie.area_windows(window, "PL", plan) == []
    assert gie.area_windows(window, "PL", None) == [window]
