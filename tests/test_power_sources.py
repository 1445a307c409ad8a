"""ENTSO-E A11 and Energy-Charts /cbpf connectors, replayed by a local server (pytest-httpserver).

The fixtures in tests/fixtures/power/ are written by this project in the documented shape — no real body could be
copied under a licence (see that folder's README.md)."""

from __future__ import annotations

import gzip
import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pytest import approx
from pytest_httpserver import HTTPServer
from werkzeug import Response

from bench.power_parse import publication_xml
from etl import pipeline
from etl.archive import archived
from etl.cli import EXIT, main
from etl.errors import ConfigError, FetchError, SchemaError, UnreachableError
from etl.http import HttpClient
from etl.sources import RawResponse, Window, energy_charts, entsoe, registry
from tests.conftest import FIXTURES, rows_of

POWER = FIXTURES / "power"
TOKEN = "tok-5ecret-0123456789abcdef"
JUNE = Window(date(2024, 6, 1), date(2024, 6, 1))
XML = "application/xml"


def fixture(name: str) -> str:
    return (POWER / name).read_text()


def url(receiving: str, sending: str, doc: str = "A11") -> str:
    return f"{entsoe.BASE_URL}?documentType={doc}&in_Domain={receiving}&out_Domain={sending}"


def our_log(caplog) -> str:
    """What our code logged (the local test server's own access log shows the query it received)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))


def mw(frame: pd.DataFrame) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in frame["mw"]]


@pytest.fixture(autouse=True)
def no_real_key(monkeypatch, tmp_path: Path):
    monkeypatch.delenv(entsoe.KEY_ENV, raising=False)
    monkeypatch.setattr(entsoe, "SECRETS_FILE", tmp_path / "no-secrets.toml")


# ------------------------------------------------------------------ ENTSO-E: parsing
def test_two_periods_with_a_gap_keep_the_gap_null_and_never_fill_across_periods():
    frame = entsoe.parse(RawResponse(url(entsoe.UA_BZN, entsoe.NEIGHBOURS["HU"]),
                                     fixture("a11_hu_to_ua_two_periods_gap.xml")))
    assert list(frame.hour_utc) == list(pd.date_range("2024-06-01 00:00", periods=12, freq="h"))
    # A03: positions 2, 4, 5 repeat the value before them; 06:00-08:00 is a gap (NULL), not 90 carried on
    assert mw(frame) == [100, 100, 150, 150, 150, 90, None, None, None, 200, 210, 220]
    assert set(frame.direction) == {"to_ua"} and set(frame.neighbour_country) == {"HU"}
    assert set(frame.domain_pair) == {"10Y1001C--00003F>10YHU-MAVIR----U"}
    assert set(frame.basis) == {"physical"} and set(frame.source) == {"entsoe_api"}


def test_pt15m_a03_blocks_are_averaged_to_the_hour():
    frame = entsoe.parse(RawResponse("t", fixture("a11_pl_to_ua_pt15m_a03.xml")))
    assert mw(frame) == [150, 300, approx(425.125)]
    assert frame.hour_utc.iloc[0] == pd.Timestamp("2024-06-01 00:00")


def test_pt15m_hour_missing_a_quarter_is_null_and_in_domain_neighbour_is_from_ua():
    frame = entsoe.parse(RawResponse("t", fixture("a11_ua_to_sk_pt15m_a01_missing_quarter.xml")))
    assert mw(frame) == [46, None]
    assert set(frame.direction) == {"from_ua"} and set(frame.neighbour_country) == {"SK"}
    assert set(frame.domain_pair) == {"10YSK-SEPS-----K>10Y1001C--00003F"}


@pytest.mark.parametrize("day, local_hours", [(date(2024, 3, 31), 23), (date(2024, 10, 27), 25)])
def test_dst_days_have_23_and_25_local_hours_on_a_continuous_utc_axis(day: date, local_hours: int):
    frame = entsoe.parse(RawResponse("t", fixture(f"a11_md_to_ua_dst_{day}.xml")))
    assert (frame.hour_utc.diff().dropna() == pd.Timedelta(hours=1)).all()
    local = frame.hour_utc.dt.tz_localize("UTC").dt.tz_convert("Europe/Kyiv").dt.date
    assert (local == day).sum() == local_hours
    assert frame.mw.notna().all() and set(frame.neighbour_country) == {"MD"}


def test_no_data_acknowledgement_is_an_empty_frame():
    assert entsoe.parse(RawResponse("t", fixture("ack_no_data.xml"))).empty


def test_other_acknowledgement_is_an_error():
    body = fixture("ack_no_data.xml").replace("No matching data found", "Authentication failed")
    with pytest.raises(FetchError, match="Authentication failed"):
        entsoe.parse(RawResponse("t", body))


def test_malformed_xml_is_a_schema_error():
    with pytest.raises(SchemaError, match="not well-formed XML"):
        entsoe.parse(RawResponse("t", fixture("a11_malformed_truncated.xml")))


def test_missing_element_is_named():
    body = fixture("a11_pl_to_ua_pt15m_a03.xml").replace("<resolution>PT15M</resolution>", "")
    with pytest.raises(SchemaError, match="lacks <resolution>"):
        entsoe.parse(RawResponse("t", body))


def test_another_pair_than_asked_is_refused():
    with pytest.raises(SchemaError, match="asked for 10Y1001C--00003F>10YPL-AREA-----S but"):
        entsoe.parse(RawResponse(url(entsoe.UA_BZN, entsoe.NEIGHBOURS["PL"]),
                                 fixture("a11_hu_to_ua_two_periods_gap.xml")))


def test_namespace_version_is_ignored_and_a09_is_commercial():
    start, end = datetime(2024, 6, 1, tzinfo=UTC), datetime(2024, 6, 1, 2, tzinfo=UTC)
    body = publication_xml(entsoe.UA_BZN, entsoe.NEIGHBOURS["RO"], [(start, end, "PT60M", {1: 5, 2: 7})],
                           doc_type="A09", namespace="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3")
    frame = entsoe.parse(RawResponse("t", body))
    assert mw(frame) == [5, 7] and set(frame.basis) == {"commercial"}


# ------------------------------------------------------------------ ENTSO-E: requests
def test_requests_use_bidding_zones_split_by_year_and_the_burshtyn_island():
    queries = entsoe.requests_for(Window(date(2022, 9, 1), date(2023, 1, 31)))
    sk = [q for q in queries if entsoe.NEIGHBOURS["SK"] in (q["in_Domain"], q["out_Domain"])]
    assert [(q["periodStart"], q["periodEnd"]) for q in sk[::2]] == [
        ("202209010000", "202209220000"), ("202209220000", "202301010000"), ("202301010000", "202302010000")]
    assert sk[0]["in_Domain"] == entsoe.UA_BEI and sk[2]["in_Domain"] == entsoe.UA_BZN
    assert sk[1] == {**sk[0], "in_Domain": sk[0]["out_Domain"], "out_Domain": sk[0]["in_Domain"]}  # from_ua
    pl = [q for q in queries if entsoe.NEIGHBOURS["PL"] in (q["in_Domain"], q["out_Domain"])]
    assert len(pl) == 4 and {q["in_Domain"] for q in pl[::2]} == {entsoe.UA_BZN}  # PL never on the island
    assert entsoe.UA_IPS not in json.dumps(queries)


def test_bidding_zone_trap_only_bidding_zones_are_asked_and_stored(httpserver: HTTPServer, fast_policy):
    asked = []

    def handler(request):
        asked.append((request.args["in_Domain"], request.args["out_Domain"]))
        if request.args["in_Domain"] == entsoe.UA_IPS:  # what a country-border query would answer
            return Response(fixture("a11_pl_to_ua_control_area_zeros.xml"), content_type=XML)
        if request.args["in_Domain"] == entsoe.UA_BZN:
            return Response(fixture("a11_pl_to_ua_bidding_zone.xml"), content_type=XML)
        return Response(fixture("ack_no_data.xml"), content_type=XML)

    httpserver.expect_request("/api").respond_with_handler(handler)
    raws = list(entsoe.fetch(HttpClient("entsoe", fast_policy), JUNE, base_url=httpserver.url_for("/api"),
                             key=TOKEN, borders=("PL",)))
    assert asked == [(entsoe.UA_BZN, "10YPL-AREA-----S"), ("10YPL-AREA-----S", entsoe.UA_BZN)]
    frame = pd.concat([entsoe.parse(r) for r in raws])
    assert len(frame) == 24 and (frame.mw > 0).all() and frame.mw.iloc[0] == 810
    assert set(frame.domain_pair) == {"10Y1001C--00003F>10YPL-AREA-----S"}


def test_no_data_with_http_200_and_400_is_nothing_published(httpserver: HTTPServer, fast_policy):
    httpserver.expect_ordered_request("/api").respond_with_data(fixture("ack_no_data.xml"), content_type=XML)
    httpserver.expect_ordered_request("/api").respond_with_data(fixture("ack_no_data.xml"), status=400,
                                                                content_type=XML)
    raws = list(entsoe.fetch(HttpClient("entsoe", fast_policy), JUNE, base_url=httpserver.url_for("/api"),
                             key=TOKEN, borders=("RO",)))
    assert len(raws) == 2 and all(entsoe.parse(r).empty for r in raws)


def test_bad_parameters_400_is_an_error(httpserver: HTTPServer, fast_policy):
    bad = fixture("ack_no_data.xml").replace("No matching data found", "Mandatory parameter missing")
    httpserver.expect_request("/api").respond_with_data(bad, status=400, content_type=XML)
    with pytest.raises(FetchError) as err:
        list(entsoe.fetch(HttpClient("entsoe", fast_policy), JUNE, base_url=httpserver.url_for("/api"), key=TOKEN,
                          borders=("RO",)))
    assert err.value.status == 400 and TOKEN not in str(err.value)


def test_429_then_success(httpserver: HTTPServer, fast_policy):
    httpserver.expect_ordered_request("/api").respond_with_data("Too many requests", status=429,
                                                                headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/api").respond_with_data(fixture("a11_hu_to_ua_two_periods_gap.xml"),
                                                                content_type=XML)
    client = HttpClient("entsoe", fast_policy)
    raw = next(entsoe.fetch(client, JUNE, base_url=httpserver.url_for("/api"), key=TOKEN, borders=("HU",)))
    assert client.requests_made == 2 and entsoe.parse(raw).mw.notna().sum() == 9


def test_token_is_sent_but_never_archived_logged_or_in_a_raw_url(httpserver: HTTPServer, fast_policy,
                                                                 tmp_path: Path, caplog):
    tokens = []

    def handler(request):
        tokens.append(request.args.get("securityToken"))
        if len(tokens) == 1:
            return Response("busy", status=503)  # a retry: logged with the URL
        return Response(fixture("a11_hu_to_ua_two_periods_gap.xml"), content_type=XML)

    httpserver.expect_request("/api").respond_with_handler(handler)
    caplog.set_level(logging.DEBUG)
    client = HttpClient("entsoe", fast_policy, archive_dir=tmp_path / "raw")
    raws = list(entsoe.fetch(client, JUNE, base_url=httpserver.url_for("/api"), key=TOKEN, borders=("HU",)))
    assert set(tokens) == {TOKEN}  # sent on every attempt
    assert all(TOKEN not in r.url and "securityToken" not in r.url for r in raws)
    assert "retry" in our_log(caplog) and TOKEN not in our_log(caplog)
    files = list((tmp_path / "raw").rglob("*"))
    assert any(p.name.endswith(".meta.json") for p in files)
    for path in (p for p in files if p.is_file()):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        assert TOKEN.encode() not in data
    assert client.session.auth is None  # the hook does not outlive the fetch
    replayed = list(archived(tmp_path / "raw", "entsoe"))  # the archive replays through the same parser
    assert len(replayed) == 2 and all(TOKEN not in r.url for r in replayed)
    assert mw(entsoe.parse(replayed[0])) == mw(entsoe.parse(raws[0]))


def test_unreachable_host_error_does_not_carry_the_token(fast_policy):
    with pytest.raises(UnreachableError) as err:
        list(entsoe.fetch(HttpClient("entsoe", fast_policy), JUNE, base_url="http://127.0.0.1:9/api", key=TOKEN,
                          borders=("HU",)))
    assert TOKEN not in str(err.value) and TOKEN not in (err.value.url or "")


def test_missing_key_names_the_variable_and_the_secrets_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="ENTSOE_API_KEY") as err:
        entsoe.api_key(tmp_path / "secrets.toml")
    assert "secrets.toml" in str(err.value)
    (tmp_path / "secrets.toml").write_text('ENTSOE_API_KEY = "from-file"\n')
    assert entsoe.api_key(tmp_path / "secrets.toml") == "from-file"


# ------------------------------------------------------------------ Energy-Charts
EC = json.loads((POWER / "ec_cbpf_ua_2024-06.json").read_text())


def test_energy_charts_month_of_15_min_values_to_hourly_directions():
    frame = energy_charts.parse(RawResponse("t", EC)).set_index(["neighbour_country", "direction", "hour_utc"])
    assert sorted(frame.index.unique("neighbour_country")) == ["HU", "MD", "PL", "RO", "SK"]  # no sum/BY/RU
    assert len(frame) == 720 * 5 * 2
    first = pd.Timestamp("2024-05-31 21:00")
    assert frame.loc[("PL", "to_ua", first), "mw"] == approx(500) and frame.loc[("PL", "from_ua", first), "mw"] == 0
    assert frame.loc[("RO", "from_ua", first), "mw"] == approx(242) and frame.loc[("RO", "to_ua", first), "mw"] == 0
    # a net series split per quarter, then averaged: 0.1, 0.1, -0.1, -0.1 GW → 50 MW each way
    assert frame.loc[("MD", "to_ua", first), "mw"] == approx(50) and frame.loc[("MD", "from_ua", first), "mw"] == \
        approx(50)
    assert frame.loc[("HU", "to_ua", first), "mw"] == approx(301.5)  # mean of 0.300, 0.301, 0.302, 0.303 GW
    assert np.isnan(frame.loc[("HU", "to_ua", pd.Timestamp("2024-06-10 12:00")), "mw"])  # one null quarter
    assert frame.loc[("HU", "to_ua", pd.Timestamp("2024-06-10 11:00")), "mw"] > 0
    last = frame.xs(pd.Timestamp("2024-06-30 20:00"), level="hour_utc")["mw"]
    assert last.isna().all()  # trailing nulls: not yet measured, never 0


def test_energy_charts_hourly_steps_are_read_from_the_timestamps():
    body = {"unix_seconds": [1717200000, 1717203600], "deprecated": False,
            "countries": [{"name": "Poland", "data": [0.25, None]}, {"name": "sum", "data": [0.25, None]}]}
    frame = energy_charts.parse(RawResponse("t", body))
    assert mw(frame[frame.direction == "to_ua"]) == [250, None]


def test_energy_charts_changed_shape_is_a_schema_error():
    with pytest.raises(SchemaError, match="not a /cbpf answer"):
        energy_charts.parse(RawResponse("t", {"schema_version": "2.0", "data": []}))


def test_energy_charts_is_asked_month_by_month(httpserver: HTTPServer, fast_policy):
    asked = []

    def handler(request):
        asked.append(dict(request.args))
        return Response(json.dumps(EC), content_type="application/json")

    httpserver.expect_request("/cbpf").respond_with_handler(handler)
    raws = list(energy_charts.fetch(HttpClient("energy_charts", fast_policy), Window(date(2024, 5, 20),
                                    date(2024, 7, 3)), base_url=httpserver.url_for("")))
    assert [(a["country"], a["start"], a["end"]) for a in asked] == [
        ("ua", "2024-05-20", "2024-05-31"), ("ua", "2024-06-01", "2024-06-30"), ("ua", "2024-07-01", "2024-07-03")]
    assert len(raws) == 3


def test_energy_charts_unknown_country_says_ukraine_is_not_served(httpserver: HTTPServer, fast_policy):
    httpserver.expect_request("/cbpf").respond_with_json(
        {"detail": "ua is not the code for an available country"}, status=400)
    with pytest.raises(FetchError, match="Energy-Charts does not serve Ukraine") as err:
        list(energy_charts.fetch(HttpClient("energy_charts", fast_policy), JUNE, base_url=httpserver.url_for("")))
    assert err.value.status == 400


# ------------------------------------------------------------------ the CLI
@pytest.fixture
def fast_http(monkeypatch):
    for name, value in {"ATTEMPTS": "2", "TIMEOUT": "2", "BACKOFF": "0.01", "MIN_INTERVAL": "0"}.items():
        monkeypatch.setenv(f"UA_GAS_HTTP_{name}", value)


def serve_entsoe(httpserver: HTTPServer, monkeypatch) -> list[dict]:
    """Every A11 query answered with an hourly A01 series for exactly the period asked (1000 MW + hour index)."""
    asked = []

    def handler(request):
        args = dict(request.args)
        asked.append(args)
        start = datetime.strptime(args["periodStart"], "%Y%m%d%H%M").replace(tzinfo=UTC)
        end = datetime.strptime(args["periodEnd"], "%Y%m%d%H%M").replace(tzinfo=UTC)
        n = int((end - start).total_seconds() // 3600)
        body = publication_xml(args["in_Domain"], args["out_Domain"],
                               [(start, end, "PT60M", {i: 1000 + i for i in range(1, n + 1)})])
        return Response(body, content_type=XML)

    httpserver.expect_request("/api").respond_with_handler(handler)
    monkeypatch.setenv("UA_GAS_ENTSOE_URL", httpserver.url_for("/api"))
    return asked


def test_cli_refresh_loads_hourly_rows_for_each_border(warehouse: Path, httpserver: HTTPServer, monkeypatch,
                                                        fast_http, caplog):
    asked = serve_entsoe(httpserver, monkeypatch)
    monkeypatch.setenv(entsoe.KEY_ENV, TOKEN)
    code = main(["refresh", "--source", "entsoe", "--since", "2024-06-01", "--until", "2024-06-30", "--no-archive"])
    assert code == EXIT["ok"]
    assert len(asked) == 10 and all(a["securityToken"] == TOKEN for a in asked)
    assert rows_of(warehouse, "SELECT neighbour_country, direction, count(*), count(mw), min(hour_utc)::VARCHAR, "
                              "max(hour_utc)::VARCHAR FROM fact_entsoe_flow WHERE source = 'entsoe_api' "
                              "GROUP BY ALL ORDER BY ALL") == [
        (c, d, 720, 720, "2024-06-01 00:00:00", "2024-06-30 23:00:00")
        for c in ("HU", "MD", "PL", "RO", "SK") for d in ("from_ua", "to_ua")]
    assert TOKEN not in our_log(caplog)

    # a 5xx exhausting the retries: the run fails, says why without the token, and the rows stay
    httpserver.clear()
    httpserver.expect_request("/api").respond_with_data("gateway timeout", status=504)
    code = main(["refresh", "--source", "entsoe", "--since", "2024-06-01", "--until", "2024-06-30", "--no-archive"])
    assert code == EXIT["failed"]
    assert rows_of(warehouse, "SELECT count(mw) FROM fact_entsoe_flow WHERE source = 'entsoe_api'") == [(7200,)]
    (status, error), = rows_of(warehouse, "SELECT status, error FROM etl_run WHERE source = 'entsoe' "
                                          "ORDER BY run_id DESC LIMIT 1")
    assert status == "failed" and "HTTP 504" in error and TOKEN not in error
    assert TOKEN not in our_log(caplog)


def test_cli_run_without_the_key_skips_entsoe_and_loads_energy_charts(warehouse: Path, httpserver: HTTPServer,
                                                                       monkeypatch, fast_http, caplog):
    asked = serve_entsoe(httpserver, monkeypatch)
    httpserver.expect_request("/cbpf").respond_with_json(EC)
    monkeypatch.setenv("UA_GAS_ENERGY_CHARTS_URL", httpserver.url_for(""))
    everything = registry()
    monkeypatch.setattr(pipeline, "registry",
                        lambda live_only=True: {k: everything[k] for k in ("entsoe", "energy_charts")})
    assert main(["refresh", "--since", "2024-06-01", "--until", "2024-06-30", "--no-archive"]) == EXIT["ok"]
    assert asked == []
    assert "entsoe: skipped — no ENTSO-E API key: set the environment variable ENTSOE_API_KEY" in caplog.text
    assert rows_of(warehouse, "SELECT source, status FROM etl_run WHERE command = 'refresh' ORDER BY run_id") == [
        ("entsoe", "skipped"), ("energy_charts", "ok")]
    assert rows_of(warehouse, "SELECT count(DISTINCT neighbour_country), count(*) FROM fact_energy_charts_flow") == [
        (5, 7200)]
