"""Every page runs on the snapshot warehouse, draws its charts, and restores its view from the URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = {"overview": 1, "border_flows": 1, "storage": 4, "lng": 2, "dependence": 3, "electricity": 3, "strikes": 2,
         "winter": 2, "methodology": 0, "data_sources": 1}


def run(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"views/{page}.py")
    return at.run()


@pytest.mark.parametrize(("page", "charts"), PAGES.items())
def test_page_runs_and_draws(warehouse: Path, page: str, charts: int):
    at = run(page)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) >= charts
    assert any("Source:" in c.value for c in at.caption) or page in {"data_sources", "methodology"}


def plotly_values(values) -> list:
    """A trace's values as a list: plotly ≥ 6 sends numeric arrays as base64 typed arrays ({dtype, bdata})."""
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def test_overview_headline_is_transit_and_marks_the_end(warehouse: Path):
    at = run("overview")
    assert "transit" in at.subheader[0].value.lower() and "1 January 2025" in at.subheader[0].value
    assert any("ENTSOG flow data end on" in w.value for w in at.warning)  # stale data said plainly
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    texts = [a["text"] for a in spec["layout"]["annotations"]]
    assert "End of Russian gas transit through Ukraine" in texts
    assert spec["layout"]["xaxis"]["range"][1] >= "2025-01-01"  # the end is in view although the data stop earlier
    names = {trace["name"] for trace in spec["data"]}
    assert names - {"no data held", "route-level series (Bruegel)"} == {
        "Ukraine → EU (transit)", "Russia → Ukraine (Sudzha entry)", "EU → Ukraine (imports)"}
    transit = next(t for t in spec["data"] if t["name"] == "Ukraine → EU (transit)")
    y = plotly_values(transit["y"])
    assert max(x for x, v in zip(transit["x"], y, strict=True) if v == v and v is not None) >= "2024-10-20"
    assert "route-level series (Bruegel)" in names  # the days resting on route totals are shaded, named in the legend
    assert transit["x"][0] == "2015-01-01"  # days sent as dates, not as midnight timestamps: half the bytes
    sudzha = next(t for t in spec["data"] if t["name"] == "Russia → Ukraine (Sudzha entry)")
    assert sudzha["x"][0] == "2023-07-01"  # no run of empty days before the series starts
    assert len(at.get("plotly_chart")[0].proto.spec) < 250_000


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


def test_storage_draws_no_five_year_band_from_fewer_than_three_earlier_years(warehouse: Path):
    """Ukraine's AGSI+ days start in April 2022: its band would rest on one or two winters — not drawn, not quoted."""
    import base64

    import numpy as np

    def values(y) -> np.ndarray:  # plotly sends numbers as a typed array: {"dtype": "f8", "bdata": base64}
        if isinstance(y, dict):
            return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).astype(float)
        return np.array([np.nan if v is None else v for v in y], dtype=float)

    def band_points(at) -> int:
        spec = json.loads(next(c for c in at.get("plotly_chart") if "storage_band" in c.proto.id).proto.spec)
        return int(sum(np.isfinite(values(trace.get("y", []))).sum() for trace in spec["data"]
                       if trace.get("name", "").startswith("previous 5 years")))

    ua = run("storage")
    assert not ua.exception and band_points(ua) == 0
    assert not any("five-year mean" in m.value for m in ua.markdown)
    eu = run("storage", {"area": "EU"})
    assert band_points(eu) > 300  # the EU aggregate has its five years


def test_storage_shows_ukraines_reported_stock_over_five_winters_and_starts_the_outlook_there(warehouse: Path):
    at = run("storage")
    spec = json.loads(next(c for c in at.get("plotly_chart") if "storage_ua_reported" in c.proto.id).proto.spec)
    xs = [x for trace in spec["data"] if trace["name"].startswith("reported stock") for x in trace["x"]]
    assert min(xs) <= "2021-05-01" and max(xs) >= "2026-01-16"
    assert any("starts from the newest reported stock" in i.value and "16 Jan 2026" in i.value for i in at.info)
    assert at.metric[0].label == "Stock on 16 Jan 2026" and at.metric[0].value == "122.4 TWh"  # 11.6 bcm


def test_data_page_draws_coverage_per_series_and_month(warehouse: Path):
    at = run("data_sources", {"cov": "storage"})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "Storage areas (GIE AGSI+)" in spec["layout"]["title"]["text"]
    legend = {t["name"] for t in spec["data"] if t.get("type") == "scatter"}
    assert {"held", "missing"} <= legend


def test_storage_eu_band_from_url(warehouse: Path):
    at = run("storage", {"area": "EU", "from": "2021-01-01", "to": "2022-09-14"})
    assert not at.exception
    assert not any("GIE_API_KEY" in w.value for w in at.warning)


def test_lng_page_lists_dtek_cargo_with_link(warehouse: Path):
    at = run("lng")
    table = at.dataframe[0].value
    row = table[table.vessel == "Gaslog Savannah"].iloc[0]
    assert str(row.volume_mcm) == "100" and row.source_url.startswith("https://")
    assert any("GIE_API_KEY" in i.value for i in at.info)  # no ALSI data bundled: the page says how to get it


def test_dependence_compares_two_years_from_the_url_and_shows_the_sql(warehouse: Path):
    at = run("dependence", {"ya": "2016", "yb": "2020"})
    assert not at.exception
    table = next(d.value for d in at.dataframe if "2016" in d.value.columns)
    row = table[table.indicator == "ru_share_of_ua_imports_pct"].iloc[0]
    assert float(row["2016"]) == 0.0 and float(row["2020"]) == 0.0  # a column with a blank is shown as text
    dep = table[table.indicator == "ua_import_dependence_pct"].iloc[0]
    assert round(float(dep["2016"]), 1) == 34.4 and round(float(dep["2020"]), 1) == 31.0
    assert any("mart_dependence_yearly WHERE year IN (2016, 2020)" in c.value for c in at.code)
    assert any("N-1 not computed" in i.value for i in at.info)


def test_methodology_explains_every_indicator(warehouse: Path):
    at = run("methodology")
    headers = [h.value for h in at.subheader]
    assert "Ukraine's net import dependence" in headers and len(headers) == 19
    assert any("Annex II" in m.value for m in at.markdown)
    assert "Use of the ENTSO-E limit on electricity imports (monthly mean)" in headers
    assert "Strikes on power assets registered per month" in headers
    assert any("mart_power_indicators_monthly" in m.value for m in at.markdown)
    assert not any("not held yet" in m.value for m in at.markdown if "ua_power_limit_utilisation_pct" in m.value)


def test_open_dashboard_picks_up_a_new_publish_and_warns_of_a_failed_refresh(warehouse: Path, tmp_path: Path,
                                                                            monkeypatch):
    import shutil

    from etl import REFERENCE_DIR
    from etl.cli import main

    at = run("overview")
    assert not at.sidebar.warning
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref)
    with (ref / "events.csv").open("a") as fh:
        fh.write("TEST-EVENT,2022-01-10,policy,A freshly published test event,Щойно опублікована тестова подія,,,"
                 "https://example.org/e\n")
    monkeypatch.setenv("UA_GAS_REFERENCE_DIR", str(ref))
    assert main(["load-reference"]) == 0
    at.run()  # same session, no restart: the new file is noticed and the cache expires with it
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "A freshly published test event" in [a["text"] for a in spec["layout"]["annotations"]]

    monkeypatch.setenv("UA_GAS_ENTSOG_URL", "http://127.0.0.1:9/api/v1")
    monkeypatch.setenv("UA_GAS_HTTP_ATTEMPTS", "1")
    assert main(["refresh", "--source", "entsog", "--no-archive"]) == 4
    at.run()
    assert not at.exception
    # no network is a state, not an alarm: one quiet line, no warning box; what it means per source and the raw
    # error are one click away (an expander), said for a person: which source, when, what the pages show instead
    assert not at.sidebar.warning
    offline = [c.value for c in at.sidebar.caption if "Offline:" in c.value]
    assert len(offline) == 1 and "Offline: 1 source not reached at " in offline[0]
    assert " UTC — pages show the data held, to 23 Apr 2024" in offline[0]
    notice = next(c.value for c in at.sidebar.caption if c.value.startswith("ENTSOG could not be reached (no network"))
    assert " UTC — pages show its data to " in notice
    assert "23 Apr 2024" in notice and "http" not in notice and "127.0.0.1" not in notice
    assert "127.0.0.1:9" in next(c.value for c in at.sidebar.code)  # the raw error
    assert len(at.get("plotly_chart")) == 1  # the chart still draws from the last good data
    uk = run("overview", {"lang": "uk"})
    assert not uk.sidebar.warning
    offline = next(c.value for c in uk.sidebar.caption if "Немає мережі" in c.value)
    assert "1 джерело не відповіло" in offline and "до 23 квіт. 2024" in offline
    notice = next(c.value for c in uk.sidebar.caption if c.value.startswith("ENTSOG: джерело недоступне"))
    assert "сторінки показують його дані до 23 квіт. 2024" in notice


def test_offline_is_one_sidebar_line_however_many_sources_failed(warehouse: Path):
    """Three sources not reached make one line; a failure that is not the network (an HTTP error) keeps its own."""
    import duckdb

    con = duckdb.connect(str(warehouse))
    for source, error in [("entsog", "could not connect to https://transparency.entsog.eu/api/v1/operationalData"),
                          ("agsi", "HTTPSConnectionPool(host='agsi.gie.eu'): Read timed out. (read timeout=30)"),
                          ("eurostat", "could not connect to https://ec.europa.eu/eurostat/api (Errno -3)"),
                          ("owid", "HTTP 503 from https://github.com/owid/energy-data")]:
        con.execute("INSERT INTO etl_run (command, source, started_at, finished_at, status, error) VALUES "
                    "('refresh', ?, TIMESTAMPTZ '2026-04-21 21:40:00+00', TIMESTAMPTZ '2026-04-21 21:41:00+00', "
                    "'failed', ?)", [source, error])
    con.close()
    for lang, said in (("en", "Offline: 3 sources not reached at 21:41 UTC"),
                       ("uk", "Немає мережі: 3 джерела не відповіли о 21:41 UTC")):
        at = run("overview", {"lang": lang})
        assert not at.exception
        lines = [c.value for c in at.sidebar.caption if said in c.value]
        assert len(lines) == 1, [c.value for c in at.sidebar.caption]
        assert len(at.sidebar.warning) == 1 and "503" in at.sidebar.warning[0].value  # not the network: its own line
        assert len(at.sidebar.expander) == 1 and len(at.sidebar.code) == 4  # every raw error, in one expander


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_lng_tables_leave_missing_numbers_and_dates_blank(warehouse: Path, lang: str):
    """The grid prints a missing value as "None": every cell of the LNG tables is a value or blank."""
    at = run("lng", {"lang": lang})
    assert len(at.dataframe) == 2
    for table in (d.value for d in at.dataframe):
        assert not table.isna().any().any(), table.columns[table.isna().any()].tolist()
        assert not table.astype(str).isin(["None", "nan", "NaN", "NaT", "<NA>"]).any().any()
    versus = next(d.value for d in at.dataframe if "imports_next_28d_mcm" in d.value.columns)
    assert "" in set(versus["imports_next_28d_mcm"])  # no flow data held after the cargo: blank, not "None"


def test_lng_page_draws_terminal_send_out_once_alsi_data_is_loaded(warehouse: Path):
    from etl.sources import RawResponse, alsi, contract
    from etl.warehouse import building
    from tests.test_gie import alsi_row

    body = {"last_page": 1, "data": [alsi_row(f"2024-05-{d:02d}", {"lng": "4935.61", "gwh": "32884.97"})
                                     for d in range(1, 11)]}
    with building(warehouse) as con:
        contract.load(con, alsi.SOURCE, [alsi.parse(RawResponse("t", body), "GR")])
    at = run("lng")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    assert not any("GIE_API_KEY" in i.value for i in at.info)


def test_a_warehouse_from_an_older_checkout_is_brought_up_to_date_on_start(warehouse: Path):
    import duckdb

    con = duckdb.connect(str(warehouse))  # as a warehouse published before translations and fingerprints
    con.execute("DROP TABLE meta_build")
    con.execute("ALTER TABLE change_digest DROP COLUMN facts")
    con.execute("DROP TABLE ref_event")
    con.execute("CREATE TABLE ref_event (event_id VARCHAR PRIMARY KEY, event_date DATE NOT NULL, category VARCHAR "
                "NOT NULL, title VARCHAR NOT NULL, description VARCHAR, source_url VARCHAR NOT NULL)")
    rows_before = con.execute("SELECT count(*) FROM fact_entsog_operational").fetchone()[0]
    con.close()
    at = run("overview", {"lang": "uk"})
    assert not at.exception, [e.value for e in at.exception]
    assert "Кінець транзиту російського газу через Україну" in [
        a["text"] for a in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["annotations"]]
    from etl.warehouse import connect_readonly

    con = connect_readonly(warehouse)  # the dashboard's own configuration: the same file, opened as it does
    assert con.execute("SELECT count(*) FROM fact_entsog_operational").fetchone()[0] == rows_before  # nothing lost
    assert con.execute("SELECT count(*) FROM meta_build").fetchone()[0] == 1
    con.close()


def test_the_plotly_chunk_starts_loading_with_the_first_element_unless_the_measures_are_off(warehouse: Path,
                                                                                          monkeypatch):
    bodies = [e.proto.body for e in run("overview").get("html")]
    assert any("import(" in b and "PlotlyChart." in b for b in bodies)
    monkeypatch.setenv("UA_GAS_FAST_START", "0")  # the benchmark's baseline
    at = run("overview")
    assert not any("PlotlyChart." in e.proto.body for e in at.get("html"))
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["x"][0].startswith("2015-01-01T00:00:00")  # days sent as plotly sends them by default


def test_a_failed_upgrade_says_why_and_keeps_the_published_warehouse(warehouse: Path, tmp_path: Path, monkeypatch):
    import shutil

    import duckdb

    from etl import REFERENCE_DIR
    from etl.warehouse import file_version

    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM meta_build")  # published by another checkout
    con.close()
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref)
    with (ref / "events.csv").open("a") as fh:
        fh.write("BAD-EVENT,not-a-date,policy,Bad row,Погана подія,,,https://example.org/e\n")
    monkeypatch.setenv("UA_GAS_REFERENCE_DIR", str(ref))
    before = file_version(warehouse)
    at = run("overview")
    assert not at.exception
    assert any("could not be brought up to this version" in w.value and "events.csv" in w.value for w in at.warning)
    assert file_version(warehouse) == before  # nothing published; the pages read the last good warehouse
    assert len(at.get("plotly_chart")) >= 1


def test_overview_is_a_situation_board_with_dated_sourced_tiles(warehouse: Path):
    """Where things stand: every tile has a value, a date and a source, links to its page, and says when it is old;
    transit is history, not a current KPI."""
    at = run("overview")
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Ukraine's storage, bcm"] == "11.6"  # the newest stock held: 16 Jan 2026 (ref_ua_storage_reported)
    assert tiles["Power imports, MW"] == "1,875"  # the mean of Feb 2026: 1,260 GWh over 672 hours
    assert tiles["Russian transit to the EU"] == "ended"
    assert not any("Transit to the EU, mcm/d" in label for label in tiles)
    captions = [c.value for c in at.caption]
    assert any(c.startswith("as of 16 Jan 2026 · ") for c in captions)
    assert any("mean of the month: 1,260 GWh in Feb 2026 = 77 % of the 2,450 MW import limit (a mean, not the peak)"
               in c for c in captions)
    assert any("target 2026/27: ≥ 13.0 bcm by 01 Nov 2026" in c for c in captions)
    assert sum("older than this source's usual delay" in c for c in captions) >= 3  # offline data are old: said so
    assert len(at.get("page_link")) == 6


def test_winter_page_moves_the_need_by_the_production_lost(warehouse: Path):
    """From 1 Aug 2025 (injection season, target 13.2 bcm by 1 Nov): the need rises by exactly the production lost."""
    from datetime import date

    from etl import winter
    from etl.warehouse import connect_readonly

    at = run("winter")
    assert not at.exception
    assert any("not a forecast" in w.value for w in at.warning)
    at.date_input(key="w_asof").set_value(date(2025, 8, 1)).run()
    need = {m.label: m.value for m in at.metric}["Import need, bcm"]
    at.slider(key="w_loss").set_value(40).run()
    need_40 = {m.label: m.value for m in at.metric}["Import need, bcm"]
    con = connect_readonly(warehouse)
    inputs = winter.read_inputs(con, date(2025, 8, 1))
    con.close()
    base = winter.balance(inputs, winter.Scenario(target_bcm=inputs.target_bcm))
    assert base.phase == "injection" and base.import_need_bcm > 0
    lost = 0.4 * inputs.production_bcm_d * base.days
    assert float(need_40) == pytest.approx(float(need) + lost, abs=0.006)  # shown to 2 decimals
    table = next(d.value for d in at.dataframe if "input" in d.value.columns)
    assert {"storage", "target", "production"} <= set(table["input"])


def test_winter_targets_read_with_a_decimal_comma_in_ukrainian_and_move_the_need(warehouse: Path):
    from datetime import date

    at = run("winter", {"lang": "uk"})
    assert not at.exception
    at.date_input(key="w_asof").set_value(date(2025, 8, 1)).run()  # injection season: the target decides the need
    target = at.select_slider(key="w_target_uk")
    assert "13,2" in target.options and "13.2" not in target.options  # not printf's "13.20"
    need = {m.label: m.value for m in at.metric}
    target.set_value("14,2").run()  # from 13,2
    assert not at.exception
    raised = {m.label: m.value for m in at.metric}
    key = next(label for label in need if label.startswith("Потреба"))
    assert float(raised[key].replace(",", ".")) > float(need[key].replace(",", "."))


@pytest.mark.parametrize(("page", "chart"), [("storage", "storage_ua_reported"), ("dependence", "dep_ua_sources")])
def test_the_strike_layer_marks_strikes_on_gas_assets_on_time_charts(warehouse: Path, page: str, chart: str):
    def names(at) -> set[str]:
        spec = json.loads(next(c for c in at.get("plotly_chart") if chart in c.proto.id).proto.spec)
        return {trace.get("name") for trace in spec["data"]}

    assert "strike on gas assets" not in names(run(page))  # off by default: the data first
    at = run(page, {"strikes": "1"})
    assert not at.exception
    spec = json.loads(next(c for c in at.get("plotly_chart") if chart in c.proto.id).proto.spec)
    strikes = next(t for t in spec["data"] if t.get("name") == "strike on gas assets")
    assert "2025-10-03" in strikes["x"] and strikes["yaxis"] == "y9"  # the 3 Oct 2025 strikes on gas production
    assert spec["layout"]["yaxis9"]["overlaying"] == "y"  # its own axis: the data's scale untouched
    uk = run(page, {"strikes": "1", "lang": "uk"})
    assert "удар по газових об’єктах" in names(uk)


def test_dependence_shows_production_to_2024_with_the_gas_strikes_and_their_sources(warehouse: Path):
    at = run("dependence", {"strikes": "1"})
    assert not at.exception
    spec = json.loads(next(c for c in at.get("plotly_chart") if "dep_ua_production" in c.proto.id).proto.spec)
    production = next(t for t in spec["data"] if t.get("name") == "production")
    assert max(production["x"]) >= "2024-07-01"  # OWID and the reported figures reach 2024
    strikes = next(t for t in spec["data"] if t.get("name") == "strike on gas assets")
    assert {"2025-02-20", "2025-10-03"} & set(strikes["x"])  # the Feb 2025 / Oct 2025 strikes on gas production
    tables = [d.value for d in at.dataframe if "source_url" in d.value.columns and "asset_kind" in d.value.columns]
    assert tables and all(u.startswith("http") for u in tables[0].source_url)  # each strike's source, one click


def test_data_page_draws_power_and_strikes_coverage_in_their_own_pictures(warehouse: Path):
    for cov, title in (("power", "Electricity: borders and reported trade"),
                       ("strikes", "Strikes register and attack counts")):
        at = run("data_sources", {"cov": cov})
        assert not at.exception
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        assert spec["layout"]["title"]["text"].startswith(title)


def test_electricity_says_who_reported_each_month_and_on_what_basis(warehouse: Path):
    at = run("electricity")
    assert not at.exception
    spec = json.loads(next(c for c in at.get("plotly_chart") if "power_monthly" in c.proto.id).proto.spec)
    total = next(t for t in spec["data"] if t.get("name") == "total reported")
    said = dict(zip(total["x"], total["text"], strict=True))
    assert said[next(x for x in said if x.startswith("2026-02"))] == "ExPro Consulting, commercial trade"
    bars = [c for t in spec["data"] if t.get("type") == "bar" for c in t["customdata"]]
    assert any(c.endswith("basis not stated") for c in bars)  # e.g. the Slovak TSO's figure: not called commercial
    uk = run("electricity", {"lang": "uk"})
    assert "Імпорт, останній місяць, ГВт·год" in [m.label for m in uk.metric]


def test_the_measures_of_a_month_stand_side_by_side_with_a_decimal_comma_in_ukrainian(warehouse: Path):
    """June 2024: metered net 799.5 GWh beside ExPro's 858.3 GWh; the Ukrainian table writes 799,5, not 799.5."""
    en = run("electricity")
    table = next(d.value for d in en.dataframe if "physical_net_gwh" in d.value.columns)
    june = table[table.month.astype(str).str.startswith("2024-06")].iloc[0]
    assert float(june.physical_net_gwh) == 799.5 and float(june.reported_gwh) == 858.3
    uk = run("electricity", {"lang": "uk"})
    table = next(d.value for d in uk.dataframe if "physical_net_gwh" in d.value.columns)
    assert "799,5" in set(table.physical_net_gwh) and "858,3" in set(table.reported_gwh)
