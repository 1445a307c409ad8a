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


# ------------------------------------------------------------------ electricity: border × direction series
def test_power_sources_are_gap_aware_with_ten_series_from_synchronisation():
    from etl.sources import energy_charts, entsoe

    for source in (entsoe.SOURCE, energy_charts.SOURCE):
        spans = source.expected_series(None)
        assert source.gap_aware and len(spans) == 10
        assert {s.start for s in spans} == {date(2022, 3, 16)}
        assert {"PL to_ua", "PL from_ua", "MD to_ua", "SK from_ua"} <= {s.series for s in spans}


def test_entsoe_asks_each_border_and_direction_only_for_its_planned_months():
    from etl.sources import Window, entsoe

    plan = {date(2024, 1, 1): {"PL to_ua"}, date(2024, 2, 1): {"PL to_ua", "HU from_ua"},
            date(2024, 4, 1): {"PL to_ua"}}
    queries = entsoe.planned_requests(Window(date(2024, 1, 1), date(2024, 4, 20)), plan)
    pairs = [(q["in_Domain"], q["out_Domain"], q["periodStart"], q["periodEnd"]) for q in queries]
    pl, hu = entsoe.NEIGHBOURS["PL"], entsoe.NEIGHBOURS["HU"]
    assert pairs == [(entsoe.UA_BZN, pl, "202401010000", "202403010000"),
                     (entsoe.UA_BZN, pl, "202404010000", "202404210000"),
                     (hu, entsoe.UA_BZN, "202402010000", "202403010000")]


def test_a_replayed_power_month_with_a_missing_day_shows_that_hole(warehouse: Path, httpserver: HTTPServer,
                                                                    monkeypatch, capsys):
    """Energy-Charts June 2024 served locally without 12 June for Poland: `status` lists that day as a hole of
    both Polish series (a net series, split), and a gap-aware refresh asks June again."""
    from tests.test_power_sources import EC

    body = json.loads(json.dumps(EC))
    seconds = pd.to_datetime(body["unix_seconds"], unit="s")
    poland = next(c for c in body["countries"] if c["name"] == "Poland")
    poland["data"] = [None if t.date() == date(2024, 6, 12) else v for t, v in zip(seconds, poland["data"],
                                                                                   strict=True)]
    asked: list[str] = []

    def handler(request: Request) -> Response:
        asked.append(request.args["start"][:7])
        if request.args["start"][:7] == "2024-06":
            return Response(json.dumps(body), content_type="application/json")
        return Response(json.dumps({"unix_seconds": [], "countries": []}), content_type="application/json")

    httpserver.expect_request("/cbpf").respond_with_handler(handler)
    monkeypatch.setenv("UA_GAS_ENERGY_CHARTS_URL", httpserver.url_for(""))
    for name, value in {"ATTEMPTS": "1", "TIMEOUT": "5", "MIN_INTERVAL": "0"}.items():
        monkeypatch.setenv(f"UA_GAS_HTTP_{name}", value)
    assert main(["refresh", "--source", "energy_charts", "--since", "2024-06-01", "--until", "2024-06-30",
                 "--no-archive"]) == EXIT["ok"]

    assert main(["status", "--json"]) == EXIT["ok"]
    out = json.loads(capsys.readouterr().out)
    power = next(s for s in out["sources"] if s["source"] == "energy_charts")
    assert power["gap_aware"] and power["origins"][0]["rows"] > 0
    inside = [(h["series"], h["from"], h["to"]) for h in power["holes"]
              if "2024-06-02" <= h["from"] and h["to"] <= "2024-06-29"]
    assert sorted(inside) == [("PL from_ua", "2024-06-12", "2024-06-12"), ("PL to_ua", "2024-06-12", "2024-06-12")]
    hu = [h for h in power["holes"] if h["series"] == "HU to_ua"]
    assert hu[0]["from"] == "2022-03-16" and hu[0]["to"] == "2024-05-30"  # the first answer starts at 21:00 UTC
    assert main(["status"]) == EXIT["ok"]
    assert "energy_charts: " in capsys.readouterr().out

    # the freshness mart (Data page, `status`) lists the power source and the attack counts, rows and newest day
    fresh = {(g, o): (n, last) for g, o, n, last in rows_of(
        warehouse, "SELECT source_group, source, rows, last_day::VARCHAR FROM mart_source_freshness")}
    assert fresh[("energy_charts", "energy_charts_api")] == (power["origins"][0]["rows"], "2024-06-30")
    assert fresh[("air_attacks", "missile_attacks_dataset")][0] > 1000
    assert power["origins"][0]["last_day"] == "2024-06-30"
    # June was asked and answered after its revision window: the day stays listed as a hole the source left
    # (asked), and a gap-aware refresh does not ask June again, only the months never asked
    assert all(h["asked"] for h in power["holes"] if h["from"] == "2024-06-12")
    with duckdb.connect(str(warehouse)) as con:
        from etl.sources import energy_charts

        plan = coverage.source_plan(con, energy_charts.SOURCE, date(2024, 7, 31))
    assert date(2024, 6, 1) not in plan and plan[date(2022, 3, 1)] and plan[date(2024, 7, 1)]


def test_coverage_picture_shows_power_hours_and_strike_months_held(warehouse: Path):
    """Known inputs: PL → UA every hour of June 2024, SK → UA June less 12 hours (10 Jun), a reported-trade month,
    a strike month and a month of attack counts with 10 days."""
    from etl.warehouse import apply_sql

    with duckdb.connect(str(warehouse)) as con:
        con.execute("DELETE FROM fact_entsoe_flow")  # the bundled hours set aside: known inputs only
        con.execute("INSERT INTO fact_entsoe_flow SELECT h, c, 'to_ua', 100, 'physical', 'x>y', 'entsoe_api', now() "
                    "FROM generate_series(TIMESTAMP '2024-06-01', TIMESTAMP '2024-06-30 23:00', INTERVAL 1 HOUR) t(h), "
                    "(VALUES ('PL'), ('SK')) n(c) WHERE NOT (c = 'SK' AND h BETWEEN TIMESTAMP '2024-06-10 00:00' "
                    "AND TIMESTAMP '2024-06-10 11:00')")
        con.execute("DELETE FROM ref_power_trade_reported")
        con.execute("INSERT INTO ref_power_trade_reported (report_id, month, neighbour_country, direction, energy_gwh, "
                    "qualifier, basis, reported_by, reported_by_uk, source_url, quote) VALUES ('T', '2024-05', "
                    "'TOTAL', 'to_ua', 100, 'exact', 'commercial', 'ExPro', 'ExPro', 'https://x', 'q')")
        con.execute("DELETE FROM ref_energy_strike")
        con.execute("INSERT INTO ref_energy_strike (strike_id, strike_date, asset_kind, effect, effect_uk, source_url, "
                    "quote) VALUES ('S', DATE '2024-03-22', 'hydro_generation', 'e', 'у', 'https://x', 'q')")
        con.execute("DELETE FROM fact_air_attack_daily WHERE day BETWEEN '2024-03-01' AND '2024-03-31'")
        con.execute("INSERT INTO fact_air_attack_daily SELECT d, 10, 9, 10, 0, 1, 'missile_attacks_dataset', now() "
                    "FROM generate_series(DATE '2024-03-01', DATE '2024-03-10', INTERVAL 1 DAY) t(d)")
        apply_sql(con)
        rows = con.execute("SELECT source, series, month::VARCHAR, status, days_held, days_expected, "
                           "round(held_pct, 2) FROM mart_coverage_monthly WHERE source IN ('power', 'strikes') "
                           "AND (month IN ('2024-03-01', '2024-05-01', '2024-06-01') OR month = '2022-03-01')"
                           ).fetchall()
    got = {(s, series, m): (status, held, expected, pct) for s, series, m, status, held, expected, pct in rows}
    assert got[("power", "PL to_ua", "2024-06-01")] == ("held", 30, 30, 100.0)
    assert got[("power", "SK to_ua", "2024-06-01")] == ("partial", 30, 30, round(100 * (720 - 12) / 720, 2))
    assert got[("power", "HU from_ua", "2024-06-01")] == ("missing", 0, 30, 0.0)
    assert got[("power", "PL to_ua", "2022-03-01")][2] == 16  # from synchronisation, 16 Mar 2022
    assert got[("power", "reported trade", "2024-05-01")][0] == "held"
    assert got[("power", "reported trade", "2024-06-01")][0] == "missing"
    assert got[("strikes", "strike register", "2024-03-01")][0] == "held"
    assert got[("strikes", "strike register", "2024-05-01")][0] == "missing"
    assert got[("strikes", "air attacks", "2024-03-01")] == ("partial", 10, 31, round(100 * 10 / 31, 2))
    assert {s for s, _, _ in got} == {"power", "strikes"} and len({k[1] for k in got}) == 13
