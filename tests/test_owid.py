"""OWID annual gas: the BP 2021 importer on real rows, and the live CSV through a replay server."""

from __future__ import annotations

from datetime import date

import pytest
from pytest import approx
from pytest_httpserver import HTTPServer

from etl.archive import archived
from etl.errors import SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Window, owid
from tests.conftest import FIXTURES

# OWID energy-data layout; the values are BP 2021's, as in the fixture above ("Europe" is not an area here)
LIVE_CSV = """country,year,iso_code,oil_consumption,gas_consumption,gas_production
Ukraine,2019,UKR,,282.9768927777778,194.0142575
Ukraine,2020,UKR,,293.3874138888889,189.7459438888889
Europe,2020,,,5410.972263888889,2185.693926388889
Russia,2020,RUS,,4113.891944444445,6384.897491666667
"""


def test_bp2021_importer_reads_real_rows():
    frame = owid.import_bp2021(FIXTURES / "owid" / "bp2021_rows_UA_RU_2019-2020.csv").set_index(["area_code", "year"])
    assert frame.loc[("UA", 2020), "consumption_twh"] == approx(293.3874, abs=1e-3)
    assert frame.loc[("UA", 2020), "production_twh"] == approx(189.7459, abs=1e-3)
    assert set(frame.index.get_level_values(0)) == {"UA", "RU"}
    assert set(frame.source) == {"owid_bp2021"}


def test_live_csv_through_replay_server(httpserver: HTTPServer, fast_policy, tmp_path):
    httpserver.expect_request("/energy/owid-energy-data.csv").respond_with_data(LIVE_CSV, content_type="text/csv")
    client = HttpClient("owid", fast_policy, archive_dir=tmp_path)
    day = date(2024, 1, 1)
    (raw,) = list(owid.fetch(client, Window(day, day), base_url=httpserver.url_for("/energy")))
    frame = owid.parse(raw)
    assert sorted(frame.area_code) == ["RU", "UA", "UA"]  # "Europe" is not an area of this project
    assert frame[frame.year == 2019].consumption_twh.iloc[0] == approx(282.9768928)
    (again,) = list(archived(tmp_path, "owid"))  # the CSV was archived as text and replays to the same rows
    replayed = owid.SOURCE.parse(again)
    assert replayed.drop(columns="loaded_at").equals(frame.drop(columns="loaded_at"))


def test_renamed_columns_are_refused():
    with pytest.raises(SchemaError, match="lacks column\\(s\\) gas_production"):
        owid.parse(RawResponse("t", "country,year,gas_consumption,natural_gas_production\nUkraine,2020,1,2\n"))
