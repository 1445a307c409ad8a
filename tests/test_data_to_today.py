"""The data that bring the tracker to today: Bruegel's route series, AGSI+ histories, the reported-storage register,
and the marts that choose per-point data first and route series elsewhere — with the basis said."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pytest import approx

from etl.errors import ReferenceDataError, SchemaError
from etl.reference import load_csv
from etl.registers import UA_STORAGE_REPORTED
from etl.sources import agsi, bruegel_routes
from etl.units import BRUEGEL_GCV_KWH_PER_M3, DEFAULT_GCV_KWH_PER_M3_20C, republish_mcm
from etl.warehouse import apply_sql, upsert
from tests.conftest import FIXTURES, SHARED, rows_of

BRUEGEL_FILE = SHARED / "bruegel-daily-imports" / "daily_data_2024-10-22.csv"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")


# ---------------------------------------------------------------- importers
def test_bruegel_excerpt_keeps_missing_as_missing_and_drops_the_text_cell():
    frame = bruegel_routes.import_csv(FIXTURES / "bruegel" / "daily_data_2024-10-22_excerpt.csv")
    by = frame.set_index(["gas_day", "series"])["flow_mcm_published"]
    assert by[(date(2024, 10, 20), "ukraine_transit")] == 40.0
    assert by[(date(2023, 7, 1), "sudzha_entry")] == approx(43.23127454)
    assert (date(2023, 6, 30), "sudzha_entry") not in by.index  # the cell holds the text 'Russia'
    assert (date(2023, 6, 29), "nord_stream") not in by.index  # empty after the route stopped: missing, not 0
    assert (date(2018, 8, 1), "azerbaijan") in by.index and by[(date(2018, 8, 1), "azerbaijan")] == 0.0
    assert set(frame["published_gcv_kwh_per_m3"]) == {BRUEGEL_GCV_KWH_PER_M3}
    assert not frame.duplicated(bruegel_routes.KEY).any()


def test_bruegel_file_of_another_layout_is_refused(tmp_path: Path):
    bad = tmp_path / "x.csv"
    bad.write_text("day,Norway\n01.08.2018,1\n")
    with pytest.raises(SchemaError, match="not Bruegel's daily imports layout"):
        bruegel_routes.import_csv(bad)
    bad.write_text("dates,Ukraine Gas Transit,EU total\n2018-08-01,1,2\n")
    with pytest.raises(SchemaError, match="not dd.mm.yyyy"):
        bruegel_routes.import_csv(bad)


@needs_shared
def test_bruegel_real_file_known_values():
    frame = bruegel_routes.import_csv(BRUEGEL_FILE)
    ua = frame[frame.series == "ukraine_transit"].set_index("gas_day")["flow_mcm_published"]
    assert ua.index.min() == date(2018, 8, 1) and ua.index.max() == date(2024, 10, 20) and len(ua) == 2273
    assert ua[date(2024, 10, 20)] == 40.0
    # PROVENANCE §9: yearly sums of Ukraine transit on Bruegel's basis: 2023 13.6 bcm, 2024 (to 20 Oct) 13.1 bcm
    yearly = ua.groupby(pd.to_datetime(ua.index).year).sum() / 1000
    assert yearly[2023] == approx(13.6, abs=0.05) and yearly[2024] == approx(13.1, abs=0.05)
    sudzha = frame[frame.series == "sudzha_entry"]
    assert sudzha.gas_day.min() == date(2023, 7, 1)


def test_agsi_history_and_unit_suffixed_csv_read_with_the_same_parser():
    hist = agsi.import_inventory_history(FIXTURES / "agsi" / "eu_gas_inventory_history_excerpt.json")
    assert set(hist.area_code) == {"EU", "HU", "SK"}  # CZ is not an area this source covers
    eu = hist[(hist.area_code == "EU") & (hist.gas_day == date(2025, 11, 1))].iloc[0]
    assert eu.full_pct == 82.81 and eu.gas_in_storage_twh == 945.7
    assert eu.working_gas_volume_twh == approx(945.7 * 100 / 82.81, abs=0.01)  # derived, said in the docstring
    csv = agsi.import_export(FIXTURES / "agsi" / "gie_storage_eu_excerpt.csv")
    row = csv[csv.gas_day == date(2025, 11, 1)].iloc[0]
    assert row.area_code == "EU" and row.full_pct == 82.81 and row.injection_gwh == 1883.31
    assert row.net_withdrawal_gwh == -1425.8 and pd.isna(row.consumption_twh_per_year)  # GWh/d there: left out


@needs_shared
def test_snapshot_storage_runs_to_2026_for_the_eu_and_the_neighbours(snapshot_warehouse: Path):
    spans = dict((a, (lo, hi)) for a, lo, hi in rows_of(
        snapshot_warehouse, "SELECT area_code, min(gas_day), max(gas_day) FROM fact_agsi_storage GROUP BY 1"))
    assert spans["EU"] == (date(2016, 4, 7), date(2026, 8, 20))
    for area in ("HU", "SK", "PL", "RO"):
        assert spans[area] == (date(2023, 5, 8), date(2026, 5, 6))
    (full,), = rows_of(snapshot_warehouse, "SELECT full_pct FROM mart_storage_daily WHERE area_code = 'EU' "
                                           "AND gas_day = '2025-11-01'")
    assert full == 82.81


# ---------------------------------------------------------------- marts on known inputs
def known(tmp_path: Path, snapshot_warehouse: Path) -> duckdb.DuckDBPyConnection:
    """An empty warehouse (schema and marts of the snapshot's) with hand-made facts."""
    import shutil

    path = tmp_path / "w.duckdb"
    shutil.copy2(snapshot_warehouse, path)
    con = duckdb.connect(str(path))
    apply_sql(con)  # the marts as views again (a published warehouse holds them materialised)
    for table in ("fact_entsog_operational", "fact_route_daily", "fact_agsi_storage"):
        con.execute(f"DELETE FROM {table}")
    return con


def route_rows(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame({"gas_day": [date.fromisoformat(d) for d, _, _ in rows], "series": [s for _, s, _ in rows],
                         "flow_mcm_published": [v for _, _, v in rows], "published_gcv_kwh_per_m3": 10.3,
                         "source": "bruegel_daily", "loaded_at": pd.Timestamp.now(tz="UTC")})


def entsog_rows(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame({"gas_day": [date.fromisoformat(r[0]) for r in rows], "point_key": [r[1] for r in rows],
                         "operator_key": [r[2] for r in rows], "direction_key": [r[3] for r in rows],
                         "indicator": "Physical Flow", "value": [r[4] for r in rows], "unit": "kWh/d",
                         "flow_status": "Confirmed", "point_label": None, "last_update_at": pd.NaT,
                         "source": "entsog_api", "loaded_at": pd.Timestamp.now(tz="UTC")})


def test_transit_takes_points_first_then_the_route_series_and_says_which(tmp_path, snapshot_warehouse):
    con = known(tmp_path, snapshot_warehouse)
    kwh = 40e6 * DEFAULT_GCV_KWH_PER_M3_20C  # 40 mcm at the default GCV
    upsert(con, "fact_entsog_operational", entsog_rows([
        ("2024-01-01", "ITP-00117", "SK-TSO-0001", "entry", kwh),  # a full points day
        ("2024-01-02", "ITP-00117", "SK-TSO-0001", "entry", 0.0),  # a points day the download holds only partly
    ]))
    upsert(con, "fact_route_daily", route_rows([
        ("2024-01-01", "ukraine_transit", 42.0), ("2024-01-02", "ukraine_transit", 41.2),
        ("2024-01-03", "ukraine_transit", 41.2), ("2024-01-03", "sudzha_entry", 43.0)]))
    rows = con.execute("SELECT gas_day::VARCHAR, eu_exit_mcm, eu_exit_basis, ru_entry_mcm, ru_entry_basis, "
                       "exit_sk_mcm FROM mart_transit_daily ORDER BY 1").fetchall()
    assert rows[0][:3] == ("2024-01-01", approx(40.0), "ENTSOG points")  # points win over the route total
    assert rows[1][1:3] == (approx(republish_mcm(41.2, 10.3)), "Bruegel route series")  # 0 < half the route
    assert rows[2][1:5] == (approx(41.2 * 10.3 / 10.55), "Bruegel route series", approx(43.0 * 10.3 / 10.55),
                            "Bruegel route series")
    assert rows[2][5] is None  # no per-neighbour split on route-level days
    # the route series re-based once: energy = mcm × 10.3, volume at 20 °C = energy / 10.55
    (gwh, mcm), = con.execute("SELECT flow_gwh, flow_mcm FROM mart_route_daily WHERE gas_day = '2024-01-03' "
                              "AND series = 'ukraine_transit'").fetchall()
    assert gwh == approx(41.2 * 10.3) and mcm == approx(republish_mcm(41.2, 10.3))


def test_routes_and_supplier_shares_use_route_series_where_no_point_is_held(tmp_path, snapshot_warehouse):
    con = known(tmp_path, snapshot_warehouse)
    days = pd.date_range("2024-02-01", "2024-02-29").strftime("%Y-%m-%d")
    upsert(con, "fact_route_daily", route_rows(
        [(d, "ukraine_transit", 40.0) for d in days] + [(d, "turkstream", 50.0) for d in days]
        + [(d, "russia_total", 90.0) for d in days] + [(d, "norway", 270.0) for d in days]
        + [(d, "eu_total", 900.0) for d in days]))
    routes = dict(con.execute("SELECT route, flow_bcm FROM mart_russian_routes_monthly WHERE complete").fetchall())
    assert routes == {"ukraine": approx(29 * 40 * 10.3 / 10.55 / 1000), "turkstream": approx(29 * 50 * 10.3 / 10.55
                                                                                              / 1000)}
    (basis,), = con.execute("SELECT DISTINCT basis FROM mart_russian_routes_monthly").fetchall()
    assert basis == "Bruegel route series"
    shares = dict(con.execute("SELECT supplier, share_pct FROM mart_eu_supply_monthly").fetchall())
    assert shares["russia"] == approx(10.0) and shares["norway"] == approx(30.0) and "eu_total" not in shares
    (value,), = con.execute("SELECT value FROM mart_dependence_monthly WHERE indicator = "
                            "'ru_share_of_eu_supply_pct'").fetchall()
    assert value == approx(10.0)


def test_snapshot_transit_runs_to_20_october_2024_and_sudzha_from_july_2023(snapshot_warehouse: Path):
    (last, basis), = rows_of(snapshot_warehouse, "SELECT gas_day, eu_exit_basis FROM mart_transit_daily "
                                                 "WHERE eu_exit_mcm IS NOT NULL ORDER BY gas_day DESC LIMIT 1")
    assert last == date(2024, 10, 20) and basis == "Bruegel route series"
    (first_sudzha,), = rows_of(snapshot_warehouse, "SELECT min(gas_day) FROM mart_transit_daily "
                                                   "WHERE ru_entry_mcm IS NOT NULL")
    assert first_sudzha == date(2023, 7, 1)
    (route_2024,), = rows_of(snapshot_warehouse, "SELECT max(month) FROM mart_russian_routes_monthly "
                                                 "WHERE complete AND route = 'ukraine'")
    assert route_2024 == date(2024, 9, 1)  # October 2024 is held to the 20th only: not a complete month


# ---------------------------------------------------------------- Ukraine's storage as reported
def test_reported_storage_register_is_sourced_and_covers_five_seasons():
    frame = load_csv(UA_STORAGE_REPORTED)
    assert frame.source_url.str.startswith("http").all()
    seasons = {d.year if d.month >= 4 else d.year - 1 for d in frame.as_of}
    assert {2021, 2022, 2023, 2024, 2025} <= seasons


def test_reported_storage_bad_rows_are_refused_whole(tmp_path: Path):
    good = (UA_STORAGE_REPORTED_PATH := Path(__file__).resolve().parents[1] / "data" / "reference"
            / "ua_storage_reported.csv").read_text()
    lines = good.splitlines()
    row = lines[1].replace(",15.291,", ",150,").replace(",2021-04-29,2021-04-29,", ",2021-05-29,2021-04-29,")
    assert row != lines[1]
    bad = [lines[0], row]
    (tmp_path / UA_STORAGE_REPORTED_PATH.name).write_text("\n".join(bad) + "\n")
    with pytest.raises(ReferenceDataError) as err:
        load_csv(UA_STORAGE_REPORTED, tmp_path)
    text = str(err.value)
    assert "ua_storage_reported.csv:2, column 'value_bcm'" in text and "more than Ukraine's UGS hold" in text
    assert "column 'as_of'" in text and "not in the reported period" in text


def test_winter_outlook_starts_from_the_newest_report_when_agsi_is_old(snapshot_warehouse: Path):
    (newest, day, twh), = rows_of(snapshot_warehouse, "SELECT newest, reported_day, reported_twh "
                                                      "FROM mart_ua_storage_latest")
    assert newest == "reported" and day == date(2026, 1, 16) and twh == approx(11.6 * 10.55)  # 11.6 bcm, 16 Jan 2026


# ---------------------------------------------------------------- coverage picture and cross-check
def test_coverage_says_held_partial_route_level_and_missing(snapshot_warehouse: Path):
    status = dict(((s, m), st) for s, m, st in rows_of(
        snapshot_warehouse, "SELECT series, month::VARCHAR, status FROM mart_coverage_monthly "
                            "WHERE series IN ('ITP-00117 from_ua', 'ITP-00184 to_ua', 'HU')"))
    assert status[("ITP-00117 from_ua", "2019-05-01")] == "held"
    assert status[("ITP-00117 from_ua", "2023-03-01")] == "partial"       # per-point download ends on the 29th
    assert status[("ITP-00117 from_ua", "2023-06-01")] == "route-level only"  # Bruegel's Ukraine transit
    assert status[("ITP-00117 from_ua", "2025-02-01")] == "missing"
    assert status[("ITP-00184 to_ua", "2023-06-01")] == "missing"         # Sudzha as a route total from 2023-07
    assert status[("ITP-00184 to_ua", "2023-07-01")] == "route-level only"
    assert status[("HU", "2023-06-01")] == "held" and status[("HU", "2022-06-01")] == "missing"


def test_crosscheck_answers_eu_transit_from_route_series_where_points_are_missing(tmp_path, snapshot_warehouse):
    con = known(tmp_path, snapshot_warehouse)
    con.execute("DELETE FROM ref_gtsou_annual")
    con.execute("INSERT INTO ref_gtsou_annual VALUES ('T', 2024, 'transit', 'EU', 1.0, 'https://example.org', "
                "NULL, NULL)")
    days = pd.date_range("2024-01-01", "2024-01-31").strftime("%Y-%m-%d")
    upsert(con, "fact_route_daily", route_rows([(d, "ukraine_transit", 40.0) for d in days]))
    (ours, months, basis, entsog, iea), = con.execute(
        "SELECT warehouse_bcm, months_held, basis, entsog_bcm, iea_bcm FROM mart_crosscheck_gtsou").fetchall()
    assert ours == approx(31 * 40 * 10.3 / 10.55 / 1000, abs=0.005) and months == 1
    assert basis == "route series" and entsog is None and iea is None


def test_readme_crosscheck_table_is_generated_from_the_mart(snapshot_warehouse: Path):
    from etl.report import END, START, crosscheck_markdown

    con = duckdb.connect(str(snapshot_warehouse), read_only=True)
    try:
        block = crosscheck_markdown(con)
    finally:
        con.close()
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert readme.split(START)[1].split(END)[0].strip() == block.strip(), \
        "README's cross-check differs from the mart: run `python scripts/update_readme.py`"


def test_a_warehouse_built_from_an_older_snapshot_gains_the_new_rows_and_keeps_live_ones(warehouse: Path):
    from etl import pipeline

    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM fact_route_daily")  # as built before the route series were bundled
    con.execute("DELETE FROM meta_snapshot WHERE table_name = 'fact_route_daily'")
    con.execute("UPDATE fact_agsi_storage SET full_pct = 50.0, source = 'agsi_api' "
                "WHERE area_code = 'EU' AND gas_day = '2025-11-01'")  # a live value the snapshot must not undo
    con.close()
    pipeline.reload_reference(warehouse)
    assert rows_of(warehouse, "SELECT count(*) FROM fact_route_daily") == [(25561,)]
    assert rows_of(warehouse, "SELECT full_pct, source FROM fact_agsi_storage WHERE area_code = 'EU' "
                              "AND gas_day = '2025-11-01'") == [(50.0, "agsi_api")]
    (last,), = rows_of(warehouse, "SELECT max(gas_day) FROM mart_transit_daily WHERE eu_exit_mcm IS NOT NULL")
    assert last == date(2024, 10, 20)
