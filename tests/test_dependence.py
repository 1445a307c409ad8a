"""Dependence: the Eurostat connector on a JSON-stat body replayed by a local server, and every indicator on a
small known input with an exact expected value."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pytest import approx
from pytest_httpserver import HTTPServer
from werkzeug import Response

from etl.errors import FetchError, SchemaError
from etl.http import HttpClient
from etl.reference import load_all
from etl.sources import RawResponse, Window, entsog, eurostat
from etl.warehouse import building, now_utc, upsert
from tests.conftest import FIXTURES, rows_of

BODY = json.loads((FIXTURES / "eurostat" / "nrg_ti_gasm_jsonstat_layout.json").read_text())


def test_sparse_flat_index_decodes_row_major_last_dimension_fastest():
    cells = eurostat.decode_jsonstat(BODY)
    assert len(cells) == 8
    got = {(r.partner, r.geo, r.time): r.value for r in cells.itertuples()}
    assert got[("RU", "EU27_2020", "2024-01")] == 100.0   # index 0
    assert got[("TOTAL", "EU27_2020", "2024-01")] == 400.0  # index 6 = partner 1 × 6
    assert got[("TOTAL", "UA", "2024-03")] == 55.0          # index 11 = 6 + 3 + 2
    assert ("RU", "UA", "2024-01") not in got               # absent cell = no data, not zero
    assert cells.set_index(["partner", "geo", "time"]).loc[("RU", "EU27_2020", "2024-03"), "status"] == "p"


def test_fact_rows_carry_dataset_period_and_codes():
    frame = eurostat.parse(RawResponse("t", BODY), "nrg_ti_gasm")
    row = frame[(frame.partner == "RU") & (frame.period == date(2024, 2, 1))].iloc[0]
    assert (row.dataset, row.freq, row.geo, row.siec, row.nrg_bal, row.unit, row.value) == (
        "nrg_ti_gasm", "M", "EU27_2020", "G3000", "IMP", "TJ_GCV", 110.0)


def test_changed_shape_and_error_bodies_are_refused():
    with pytest.raises(SchemaError, match="lacks JSON-stat field\\(s\\) size"):
        eurostat.decode_jsonstat({k: v for k, v in BODY.items() if k != "size"})
    with pytest.raises(FetchError, match="error 400: Syntax error"):
        eurostat.decode_jsonstat({"error": {"status": 400, "id": 140, "label": "Syntax error"}})


def test_requests_never_ask_for_more_than_50_categories():
    partners = tuple(f"P{i:02d}" for i in range(120))
    plans = eurostat.requests_for("nrg_ti_gasm", {"siec": ("G3000",), "unit": ("TJ_GCV",), "geo": ("UA", "MD"),
                                                   "partner": partners}, Window(date(2024, 1, 1), date(2024, 6, 1)))
    for plan in plans:
        dims = [k for k, _ in plan["params"] if k not in {"format", "lang", "sinceTimePeriod", "untilTimePeriod"}]
        assert len(dims) <= 50
    assert sorted(v for p in plans for k, v in p["params"] if k == "partner") == sorted(partners)
    assert ("sinceTimePeriod", "2024-01") in plans[0]["params"]


def test_fetch_against_replay_server_no_data_and_416(httpserver: HTTPServer, fast_policy, caplog):
    def ti(request):
        if request.args["geo"] == "MD":  # a reporter the dataset lacks: Eurostat's "no results"
            return Response(json.dumps({"error": {"status": 400, "id": 100, "label": "No results found"}}),
                            status=400, content_type="application/json")
        return Response(json.dumps(BODY), content_type="application/json")

    httpserver.expect_request("/data/nrg_ti_gasm").respond_with_handler(ti)
    httpserver.expect_request("/data/nrg_cb_gasm").respond_with_json(
        {"error": {"status": 416, "label": "Too many categories have been requested. Maximum is 50."}}, status=416)
    gen = eurostat.fetch(HttpClient("eurostat", fast_policy), Window(date(2024, 1, 1), date(2024, 3, 31)),
                         base_url=httpserver.url_for("/data"))
    got = [next(gen), next(gen)]  # EU27_2020 and UA; MD is skipped with a warning
    assert [d for d, _ in got] == ["nrg_ti_gasm", "nrg_ti_gasm"] and len(eurostat.parse(got[0][1], "x")) == 8
    request = httpserver.log[0][0]
    assert request.args.getlist("partner")[:2] == ["TOTAL", "RU"] and request.args["format"] == "JSON"
    assert request.args.getlist("geo") == ["EU27_2020"]
    with pytest.raises(FetchError, match="more than 50 categories"):
        next(gen)
    assert "no data for this query, skipped" in caplog.text and "geo=MD" in caplog.text


def test_a_syntax_error_is_not_mistaken_for_no_data(httpserver: HTTPServer, fast_policy):
    httpserver.expect_request("/data/nrg_ti_gasm").respond_with_json(
        {"error": {"status": 400, "id": 140, "label": "Syntax error"}}, status=400)
    gen = eurostat.fetch(HttpClient("eurostat", fast_policy), Window(date(2024, 1, 1), date(2024, 3, 31)),
                         base_url=httpserver.url_for("/data"))
    with pytest.raises(FetchError, match="HTTP 400"):
        next(gen)


# ------------------------------------------------------------------ indicators on a known input
def flow(day, point, operator, direction, gwh):
    return {"gas_day": day, "point_key": point, "operator_key": operator, "direction_key": direction,
            "indicator": "Physical Flow", "value": gwh * 1e6, "unit": "kWh/d", "flow_status": "Confirmed",
            "point_label": None, "last_update_at": pd.NaT, "source": "test", "loaded_at": now_utc()}


def stat(period, geo, partner, nrg_bal, tj, dataset="nrg_ti_gas"):
    return {"dataset": dataset, "freq": "A", "period": period, "geo": geo, "partner": partner, "siec": "G3000",
            "nrg_bal": nrg_bal, "unit": "TJ_GCV", "value": tj, "status": None, "source": "test",
            "loaded_at": now_utc()}


@pytest.fixture
def known(tmp_path: Path) -> Path:
    path = tmp_path / "dep.duckdb"
    flows = []
    for d in range(1, 32):  # January 2024, every day: imports SK 6 GWh, HU 4 GWh; transit UA→SK 30, Nord Stream 70
        day = date(2024, 1, d)
        flows += [flow(day, "ITP-00421", "SK-TSO-0001", "exit", 6),
                  flow(day, "ITP-10006", "HU-TSO-0001", "exit", 4),
                  flow(day, "ITP-00117", "SK-TSO-0001", "entry", 30),
                  flow(day, "ITP-00247", "DE-TSO-0017", "entry", 70)]
    stats = [stat(date(2020, 1, 1), "UA", "RU", "IMP", 0.0), stat(date(2020, 1, 1), "UA", "TOTAL", "IMP", 400.0),
             stat(date(2020, 1, 1), "EU27_2020", "RU", "IMP", 300.0),
             stat(date(2020, 1, 1), "EU27_2020", "TOTAL", "IMP", 1000.0),
             stat(date(2020, 1, 1), "UA", "TOTAL", "IMP", 400.0, "nrg_cb_gas"),
             stat(date(2020, 1, 1), "UA", "TOTAL", "EXP", 40.0, "nrg_cb_gas"),
             stat(date(2020, 1, 1), "UA", "TOTAL", "IC_CAL_MG", 1200.0, "nrg_cb_gas"),
             stat(date(2020, 1, 1), "UA", "TOTAL", "PPRD", 3600.0 * 10.55, "nrg_cb_gas")]
    with building(path, fresh=True) as con:
        load_all(con)
        upsert(con, entsog.TABLE, pd.DataFrame(flows))
        upsert(con, eurostat.TABLE, pd.DataFrame(stats))
    return path


def indicator(path: Path, name: str, period: date) -> float:
    (value,), = rows_of(path, "SELECT value FROM mart_dependence_monthly WHERE indicator = ? AND period = ?",
                        [name, period])
    return value


def test_hhi_of_a_two_source_month(known: Path):
    # shares 60 % and 40 % → 60² + 40² = 5200
    assert indicator(known, "ua_import_hhi", date(2024, 1, 1)) == approx(5200)
    shares = rows_of(known, "SELECT sum(share_pct) FROM mart_ua_imports_monthly WHERE month = '2024-01-01'")
    assert shares == [(approx(100.0),)]


def test_route_shares_sum_to_100(known: Path):
    assert indicator(known, "ua_route_share_of_ru_pipeline_pct", date(2024, 1, 1)) == approx(30.0)
    (total,), = rows_of(known, "SELECT sum(flow_bcm) FROM mart_russian_routes_monthly WHERE month = '2024-01-01'")
    assert indicator(known, "ru_pipeline_to_eu_bcm", date(2024, 1, 1)) == approx(total)
    assert total == approx(31 * 100 / 10.55 / 1000)


def test_eurostat_shares_and_import_dependence(known: Path):
    assert indicator(known, "ru_share_of_eu_imports_pct", date(2020, 1, 1)) == approx(30.0)
    assert indicator(known, "ru_share_of_ua_imports_pct", date(2020, 1, 1)) == approx(0.0)
    assert indicator(known, "ua_import_dependence_pct", date(2020, 1, 1)) == approx(30.0)  # (400 − 40) / 1200
    assert indicator(known, "ua_production_bcm", date(2020, 1, 1)) == approx(1.0)  # 3600 × 10.55 TJ = 10.55 TWh = 1 bcm


def test_n_minus_1_on_textbook_numbers(known: Path):
    # EPm 100 + Pm 20 + Sm 50 + LNGm 0 − Im 60 = 110 over Dmax 100 → 110 %; with Deff 10 → 110 / 90
    assert rows_of(known, "SELECT n_minus_1_pct(100, 20, 50, 0, 60, 100, 0)") == [(approx(110.0),)]
    assert rows_of(known, "SELECT n_minus_1_pct(100, 20, 50, 0, 60, 100, 10)") == [(approx(110 / 90 * 100),)]
    assert rows_of(known, "SELECT n_minus_1_pct(100, 20, 50, 0, 60, 0, 0)") == [(None,)]


def test_yearly_view_sums_flows_and_averages_shares(known: Path):
    rows = dict(rows_of(known, "SELECT indicator, value FROM mart_dependence_yearly WHERE year = 2024"))
    assert rows["ua_imports_bcm"] == approx(31 * 10 / 10.55 / 1000)
    assert rows["ua_import_hhi"] == approx(5200)


def test_snapshot_indicators_cover_2015_onwards(snapshot_warehouse: Path):
    spans = dict((i, (lo, hi)) for i, lo, hi in rows_of(
        snapshot_warehouse, "SELECT indicator, min(period), max(period) FROM mart_dependence_monthly GROUP BY 1"))
    assert spans["ua_route_share_of_ru_pipeline_pct"][0] == date(2015, 1, 1)
    assert spans["ru_share_of_ua_imports_pct"] == (date(2011, 1, 1), date(2020, 1, 1))
    (share_2012,), = rows_of(snapshot_warehouse, "SELECT value FROM mart_dependence_monthly WHERE indicator = "
                                                 "'ru_share_of_ua_imports_pct' AND period = '2012-01-01'")
    assert share_2012 == approx(99.84, abs=0.01)  # Eurostat: 1 235 337 of 1 237 329 TJ from Russia
