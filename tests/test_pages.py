"""Every page runs on the snapshot warehouse, draws its charts, and restores its view from the URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = {"overview": 1, "border_flows": 1, "storage": 3, "lng": 2, "data_sources": 0}


def run(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    return at.run()


@pytest.mark.parametrize(("page", "charts"), PAGES.items())
def test_page_runs_and_draws(warehouse: Path, page: str, charts: int):
    at = run(page)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) >= charts
    assert any("Source:" in c.value for c in at.caption) or page == "data_sources"


def test_overview_headline_is_transit_and_marks_the_end(warehouse: Path):
    at = run("overview")
    assert "transit" in at.subheader[0].value.lower() and "1 January 2025" in at.subheader[0].value
    assert any("ENTSOG flow data end on" in w.value for w in at.warning)  # stale data said plainly
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    texts = [a["text"] for a in spec["layout"]["annotations"]]
    assert "End of Russian gas transit through Ukraine" in texts
    assert spec["layout"]["xaxis"]["range"][1] >= "2025-01-01"  # the end is in view although the data stop earlier
    names = {trace["name"] for trace in spec["data"]}
    assert names == {"Ukraine → EU (transit)", "EU → Ukraine (imports)"}


def test_border_flows_restores_view_from_url(warehouse: Path):
    at = run("border_flows", {"dir": "to_ua", "unit": "gwh", "from": "2017-01-01", "to": "2017-12-31",
                              "countries": "HU", "grain": "month"})
    assert not at.exception
    assert at.radio(key="w_dir").value == "to_ua"
    assert at.radio(key="w_unit").value == "gwh"
    assert at.multiselect(key="w_countries").value == ["HU"]
    assert [str(d) for d in at.date_input(key="dates").value] == ["2017-01-01", "2017-12-31"]
    table = at.dataframe[0].value
    assert set(table["neighbour"]) == {"HU"}


def test_border_flows_state_is_written_to_the_url(warehouse: Path):
    at = run("border_flows")
    at.radio(key="w_dir").set_value("to_ua").run()
    assert at.query_params["dir"] == "to_ua"
    assert at.query_params["unit"] == "mcm"


def test_storage_says_ukraine_history_needs_a_key(warehouse: Path):
    at = run("storage")
    assert any("GIE_API_KEY" in w.value for w in at.warning)
    assert at.radio(key="w_area").value == "UA"


def test_storage_eu_band_from_url(warehouse: Path):
    at = run("storage", {"area": "EU", "from": "2021-01-01", "to": "2022-09-14"})
    assert not at.exception
    assert not any("GIE_API_KEY" in w.value for w in at.warning)


def test_lng_page_lists_dtek_cargo_with_link(warehouse: Path):
    at = run("lng")
    table = at.dataframe[0].value
    row = table[table.vessel == "Gaslog Savannah"].iloc[0]
    assert row.volume_mcm == 100 and row.source_url.startswith("https://")
    assert any("GIE_API_KEY" in i.value for i in at.info)  # no ALSI data bundled: the page says how to get it
