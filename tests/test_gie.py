"""AGSI+ and ALSI connectors against real AGSI bodies (recorded by yannikbuhl/gie, 2 June 2024) replayed by a
local server, and the storage marts on a known input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from pytest import approx
from pytest_httpserver import HTTPServer
from werkzeug import Response

from etl.errors import ConfigError, FetchError, SchemaError
from etl.http import HttpClient
from etl.reference import load_all
from etl.sources import RawResponse, Window, agsi, alsi, gie
from etl.warehouse import building, upsert
from tests.conftest import FIXTURES, rows_of

AT = json.loads((FIXTURES / "agsi" / "country_AT_from2022-02-01_to2022-02-15.json").read_text())
DE = json.loads((FIXTURES / "agsi" / "country_DE_date2022-05-01.json").read_text())
WINDOW = Window(date(2022, 2, 1), date(2022, 2, 15))


def paged(body: dict, size: int) -> list[dict]:
    rows = body["data"]
    pages = [rows[i:i + size] for i in range(0, len(rows), size)]
    return [{**body, "last_page": len(pages), "total": len(p), "data": p} for p in pages]


def serve_pages(httpserver: HTTPServer, pages: list[dict], path: str = "/api") -> list[dict]:
    seen = []

    def handler(request):
        seen.append({"args": dict(request.args), "key": request.headers.get("x-key")})
        return Response(json.dumps(pages[int(request.args["page"]) - 1]), content_type="application/json")

    httpserver.expect_request(path).respond_with_handler(handler)
    return seen


def test_real_page_parses_strings_and_dashes():
    frame = agsi.parse(RawResponse("t", DE), "DE")
    row = frame.iloc[0]
    assert row.gas_day == date(2022, 5, 1) and row.status == "E"
    assert row.gas_in_storage_twh == approx(86.2235) and row.full_pct == approx(35.65)
    assert row.net_withdrawal_gwh == approx(-1275.3)
    assert row.consumption_twh_per_year == approx(888.83)


def test_dash_means_missing_not_zero():
    assert gie.number("-") is None and gie.number("") is None and gie.number("-0") == 0.0
    assert gie.number("12.5") == 12.5 and gie.number(3) == 3.0


def test_all_pages_are_fetched_with_the_key_in_a_header(httpserver: HTTPServer, fast_policy):
    seen = serve_pages(httpserver, paged(AT, 6))
    raws = list(agsi.fetch(HttpClient("agsi", fast_policy), WINDOW, areas=("AT",),
                           base_url=httpserver.url_for("/api"), key="k-123"))
    assert [int(s["args"]["page"]) for s in seen] == [1, 2, 3]
    assert all(s["key"] == "k-123" and "k-123" not in str(s["args"]) for s in seen)
    frame = pd.concat([agsi.parse(raw, area) for area, raw in raws])
    assert len(frame) == 15 and frame.gas_day.min() == date(2022, 2, 1) and frame.gas_day.max() == date(2022, 2, 15)


def test_ignored_filter_is_detected(httpserver: HTTPServer, fast_policy):
    serve_pages(httpserver, [AT])  # asked for DE, the API answers Austria
    area, raw = next(agsi.fetch(HttpClient("agsi", fast_policy), WINDOW, areas=("DE",),
                                base_url=httpserver.url_for("/api"), key="k"))
    with pytest.raises(SchemaError, match="asked for area DE but .* answered AT"):
        agsi.parse(raw, area)


def test_missing_key_names_the_variable(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("GIE_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="GIE_API_KEY") as err:
        gie.api_key(tmp_path / "secrets.toml")
    assert "https://agsi.gie.eu/account" in str(err.value)


def test_key_is_read_from_secrets_toml(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("GIE_API_KEY", raising=False)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('GIE_API_KEY = "from-file"\n')
    assert gie.api_key(secrets) == "from-file"


def test_refused_key_says_so(httpserver: HTTPServer, fast_policy):
    httpserver.expect_request("/api").respond_with_json({"error": "access denied"}, status=401)
    with pytest.raises(FetchError, match="refused the key in \\$GIE_API_KEY"):
        list(agsi.fetch(HttpClient("agsi", fast_policy), WINDOW, areas=("AT",), base_url=httpserver.url_for("/api"),
                        key="bad"))


def test_429_then_success(httpserver: HTTPServer, fast_policy):
    httpserver.expect_ordered_request("/api").respond_with_data("<html>rate limited</html>", status=429,
                                                                headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/api").respond_with_json(AT)
    raws = list(agsi.fetch(HttpClient("agsi", fast_policy), WINDOW, areas=("AT",),
                           base_url=httpserver.url_for("/api"), key="k"))
    assert len(agsi.parse(raws[0][1], "AT")) == 15


def test_cloudflare_html_with_200_is_a_schema_error(httpserver: HTTPServer, fast_policy):
    httpserver.expect_request("/api").respond_with_data("<html>Just a moment...</html>", content_type="text/html")
    with pytest.raises(SchemaError, match="not JSON"):
        list(agsi.fetch(HttpClient("agsi", fast_policy), WINDOW, areas=("AT",), base_url=httpserver.url_for("/api"),
                        key="k"))


def test_changed_fields_are_refused():
    body = json.loads(json.dumps(DE))
    body["data"][0]["gasStored"] = body["data"][0].pop("gasInStorage")
    with pytest.raises(SchemaError, match="lacks field\\(s\\) gasInStorage"):
        agsi.parse(RawResponse("t", body), "DE")


def test_old_2022_schema_still_parses():
    old = json.loads((FIXTURES / "agsi" / "2022-07-09_country_AT_from2022-02-01_to2022-02-15_old-schema.json")
                     .read_text())
    frame = agsi.parse(RawResponse("t", old), "AT")
    assert len(frame) == 15 and frame.net_withdrawal_gwh.isna().all()


# ------------------------------------------------------------------ ALSI
def alsi_row(day: str, inventory, send_out: str = "120.5") -> dict:
    """ALSI row in the field layout of shared/API_NOTES.md §3."""
    return {"name": "Greece", "code": "GR", "url": "GR", "gasDayStart": day, "status": "C", "info": [],
            "inventory": inventory, "sendOut": send_out, "dtmi": {"lng": "130.00", "gwh": "875.00"},
            "dtrs": "250.00", "contractedCapacity": "-", "availableCapacity": "-", "coveredCapacity": "-"}


def test_alsi_reads_nested_and_old_scalar_inventory():
    body = {"last_page": 1, "total": 2, "dataset": "", "gas_day": "2024-06-01",
            "data": [alsi_row("2024-05-02", {"lng": "4935.61", "gwh": "32884.97"}), alsi_row("2023-05-02", "640.1")]}
    frame = alsi.parse(RawResponse("t", body), "GR").set_index("gas_day")
    assert frame.loc[date(2024, 5, 2), "inventory_gwh"] == approx(32884.97)
    assert frame.loc[date(2024, 5, 2), "inventory_lng_1000m3"] == approx(4935.61)
    assert frame.loc[date(2023, 5, 2), "inventory_gwh"] == approx(640.1)
    assert pd.isna(frame.loc[date(2023, 5, 2), "inventory_lng_1000m3"])
    assert frame.send_out_gwh.tolist() == [120.5, 120.5] and frame.dtmi_gwh.iloc[0] == 875.0


def test_alsi_wrong_country_is_refused():
    body = {"last_page": 1, "data": [alsi_row("2024-05-02", "1")]}
    with pytest.raises(SchemaError, match="asked for PL"):
        alsi.parse(RawResponse("t", body), "PL")


# ------------------------------------------------------------------ storage marts on a known input
def storage_rows() -> pd.DataFrame:
    rows = []
    for year in range(2018, 2025):  # 1 Nov of 2018..2024; 2024 is the "current" year
        rows.append({"gas_day": date(year, 11, 1), "area_code": "XX", "gas_in_storage_twh": float(year - 2000),
                     "working_gas_volume_twh": 100.0, "full_pct": float(year - 2000)})
    start = date(2024, 11, 2)
    for i, (stock, wd) in enumerate([(23.5, 300), (23.2, 300), (22.9, 300)]):  # net withdrawal 300 GWh/d
        rows.append({"gas_day": start + timedelta(days=i), "area_code": "XX", "gas_in_storage_twh": stock,
                     "working_gas_volume_twh": 100.0, "full_pct": stock, "injection_gwh": 0.0,
                     "withdrawal_gwh": float(wd)})
    frame = pd.DataFrame(rows)
    frame["source"], frame["loaded_at"] = "test", pd.Timestamp.now(tz="UTC")
    return frame


def test_five_year_band_and_days_of_cover(tmp_path: Path):
    path = tmp_path / "s.duckdb"
    with building(path, fresh=True) as con:
        load_all(con)
        upsert(con, agsi.TABLE, storage_rows())
    (lo, mean, hi, n), = rows_of(path, "SELECT band_min_twh, band_mean_twh, band_max_twh, band_years "
                                       "FROM mart_storage_band WHERE area_code = 'XX' AND gas_day = '2024-11-01'")
    assert (lo, mean, hi, n) == (19.0, 21.0, 23.0, 5)  # 2019..2023, not 2018
    (last, rate, cover), = rows_of(path, "SELECT last_day, net_withdrawal_7d_gwh, days_of_cover "
                                         "FROM mart_storage_outlook WHERE area_code = 'XX'")
    assert last == date(2024, 11, 4) and rate == approx(300.0) and cover == approx(22900 / 300)
    (floor_day,), = rows_of(path, "SELECT storage_floor_date(22.9, 10.0, 300.0, DATE '2024-11-04')")
    assert floor_day == date(2024, 11, 4) + timedelta(days=43)  # 12 900 GWh / 300 GWh/d = 43 days
    assert rows_of(path, "SELECT storage_floor_date(22.9, 10.0, -5.0, DATE '2024-11-04')") == [(None,)]


def test_a_kept_copy_of_stock_and_volume_derives_full_and_drops_days_nothing_was_reported(tmp_path: Path):
    path = tmp_path / "ua.csv"
    path.write_text("date,gas_in_storage_twh,working_gas_volume_twh\n2022-04-15,0,0\n2022-04-16,44.8654,322.7738\n"
                    "2022-04-17,,322.7\n")
    frame = agsi.import_stock_and_volume(path, "UA")
    assert [str(d) for d in frame.gas_day] == ["2022-04-16", "2022-04-17"]  # 0 and 0: not reported, not empty
    first = frame.set_index(frame.gas_day.astype(str)).loc["2022-04-16"]
    assert first.area_code == "UA" and first.full_pct == approx(13.9, abs=0.01)  # 44.8654 / 322.7738
    assert pd.isna(frame.gas_in_storage_twh.iloc[1])  # missing stays missing
    path.write_text("day,stock\n2022-04-16,44.8\n")
    with pytest.raises(SchemaError, match="lacks column"):
        agsi.import_stock_and_volume(path, "UA")
