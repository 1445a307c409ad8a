"""IEA Gas Trade Flows: the importer against the real file, and the monthly border mart's precedence rule on known
inputs — ENTSOG complete months first, usable IEA values where ENTSOG lacks the month, never a border-month twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pytest import approx

from etl.errors import SchemaError
from etl.sources import iea_gtf
from etl.units import DEFAULT_GCV_KWH_PER_M3_20C, M3_20C_PER_M3_15C
from etl.warehouse import apply_sql, upsert
from tests.conftest import SHARED, rows_of
from tests.test_data_to_today import entsog_rows

IEA_FILE = SHARED / "iea-gas-trade-flows" / "Export_GTF_IEA_202209.xls"


def yearly(frame: pd.DataFrame, point: str, exit_c: str, entry_c: str, year: int) -> float:
    rows = frame[(frame.border_point == point) & (frame.exit_country == exit_c) & (frame.entry_country == entry_c)]
    return rows[pd.to_datetime(rows.month).dt.year == year]["flow_mcm_published"].sum()


@pytest.mark.skipif(not IEA_FILE.exists(), reason="../shared/data not present")
def test_importer_reads_the_real_file_with_its_known_values():
    frame = iea_gtf.import_xls(IEA_FILE)
    assert yearly(frame, "Velke Kapusany", "Ukraine", "Slovak Republic", 2019) == approx(56064, abs=1)
    assert yearly(frame, "Not Elsewhere Specified", "Russia", "Ukraine", 2009) == approx(99886, abs=1)
    ru = frame[(frame.exit_country == "Russia") & (frame.entry_country == "Ukraine") & (frame.flow_mcm_published > 0)]
    assert max(ru.month) == date(2019, 4, 1)  # no Russia → Ukraine value after April 2019
    # the file's note: April–September 2009 not fully collected → its zeros are not loaded as flows
    vk = frame[(frame.border_point == "Velke Kapusany") & (frame.exit_country == "Ukraine")]
    assert date(2009, 6, 1) not in set(vk.month) and date(2009, 10, 1) in set(vk.month)
    assert frame.month.min() == date(2008, 10, 1) and frame.month.max() == date(2022, 9, 1)
    assert not frame.duplicated(iea_gtf.KEY).any()


def test_a_file_that_is_not_the_iea_export_is_refused(tmp_path: Path):
    bad = tmp_path / "other.xlsx"
    pd.DataFrame({"Point": ["x"], "2020-01-01": [1.0]}).to_excel(bad, sheet_name="Data", index=False)
    with pytest.raises(SchemaError, match="not an IEA Gas Trade Flows export"):
        iea_gtf.import_xls(bad)
    pd.DataFrame({"a": [1]}).to_excel(bad, sheet_name="Other", index=False)
    with pytest.raises(SchemaError, match="not an IEA Gas Trade Flows export"):
        iea_gtf.import_xls(bad)


def test_not_collected_note_names_its_months():
    sheet = pd.DataFrame({"Borderpoint": ["Unit: Million cubic metres."],
                          "x": ["Data not fully collected between April and September 2009 "]})
    months = iea_gtf.not_collected_months(sheet)
    assert months[0] == pd.Timestamp("2009-04-01") and months[-1] == pd.Timestamp("2009-09-01") and len(months) == 6


# ---------------------------------------------------------------- the monthly border mart on known inputs
@pytest.fixture
def known(tmp_path: Path, snapshot_warehouse: Path) -> duckdb.DuckDBPyConnection:
    import shutil

    path = tmp_path / "w.duckdb"
    shutil.copy2(snapshot_warehouse, path)
    con = duckdb.connect(str(path))
    apply_sql(con)
    for table in ("fact_entsog_operational", "fact_route_daily", "fact_iea_border_monthly"):
        con.execute(f"DELETE FROM {table}")
    yield con
    con.close()


def iea_rows(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    codes = iea_gtf.COUNTRY_CODES
    return pd.DataFrame({"month": [date.fromisoformat(r[0]) for r in rows], "border_point": [r[1] for r in rows],
                         "exit_country": [r[2] for r in rows], "entry_country": [r[3] for r in rows],
                         "exit_code": [codes[r[2]] for r in rows], "entry_code": [codes[r[3]] for r in rows],
                         "max_flow_mcm_per_hour": None, "flow_mcm_published": [r[4] for r in rows],
                         "source": "iea_gtf", "loaded_at": pd.Timestamp.now(tz="UTC")})


def sk_exit_days(first: str, last: str, mcm_per_day: float) -> pd.DataFrame:
    days = pd.date_range(first, last).strftime("%Y-%m-%d")
    return entsog_rows([(d, "ITP-00117", "SK-TSO-0001", "entry", mcm_per_day * 1e6 * DEFAULT_GCV_KWH_PER_M3_20C)
                        for d in days])


def monthly(con, month: str, neighbour: str = "SK", direction: str = "from_ua") -> tuple:
    rows = con.execute("SELECT flow_mcm, basis, iea_status FROM mart_border_flow_monthly WHERE month = ? "
                       "AND neighbour_country = ? AND direction = ?", [month, neighbour, direction]).fetchall()
    assert len(rows) <= 1, "a border-month counted twice"
    return rows[0] if rows else None


def test_complete_entsog_month_wins_and_an_iea_zero_there_is_not_used(known):
    upsert(known, "fact_entsog_operational", sk_exit_days("2019-06-01", "2019-06-30", 100.0))
    upsert(known, "fact_iea_border_monthly", iea_rows([("2019-06-01", "Velke Kapusany", "Ukraine",
                                                       "Slovak Republic", 0.0)]))
    flow, basis, status = monthly(known, "2019-06-01")
    assert flow == approx(3000.0) and basis == "ENTSOG" and status == "zero while another source shows flow"


def test_an_iea_zero_where_entsog_shows_flow_in_a_partial_month_keeps_the_entsog_value(known):
    upsert(known, "fact_entsog_operational", sk_exit_days("2019-06-01", "2019-06-20", 100.0))
    upsert(known, "fact_iea_border_monthly", iea_rows([("2019-06-01", "Velke Kapusany", "Ukraine",
                                                       "Slovak Republic", 0.0)]))
    flow, basis, _ = monthly(known, "2019-06-01")
    assert flow == approx(2000.0) and basis == "ENTSOG (partial month)"


def test_a_month_with_no_entsog_series_takes_the_iea_rebased_to_20c(known):
    upsert(known, "fact_iea_border_monthly", iea_rows([
        ("2012-01-01", "Velke Kapusany", "Ukraine", "Slovak Republic", 5000.0),
        ("2012-01-01", "Not Elsewhere Specified", "Russia", "Ukraine", 9000.0)]))
    flow, basis, status = monthly(known, "2012-01-01")
    assert flow == approx(5000.0 * M3_20C_PER_M3_15C) and basis == "IEA" and status == "usable"
    (entry, exits, kept), = known.execute("SELECT ru_entry_mcm, eu_exit_mcm, ru_intake_mcm FROM "
                                          "mart_ua_supply_balance_monthly WHERE month = '2012-01-01'").fetchall()
    assert kept == approx((9000.0 - 5000.0) * M3_20C_PER_M3_15C) and entry - exits == approx(kept)


def test_a_repeated_iea_value_that_entsog_contradicts_is_not_used(known):
    upsert(known, "fact_entsog_operational", sk_exit_days("2019-07-01", "2019-07-20", 100.0))  # ≈ 3100 a month
    upsert(known, "fact_iea_border_monthly", iea_rows([
        ("2019-06-01", "Velke Kapusany", "Ukraine", "Slovak Republic", 4321.0),
        ("2019-07-01", "Velke Kapusany", "Ukraine", "Slovak Republic", 4321.0)]))
    _, basis, status = monthly(known, "2019-07-01")
    assert status == "repeats the month before" and basis == "ENTSOG (partial month)"
    assert monthly(known, "2019-06-01")[1] == "IEA"


def test_snapshot_monthly_mart_reaches_back_to_2008_and_never_counts_a_border_month_twice(snapshot_warehouse):
    (n, distinct, first), = rows_of(snapshot_warehouse, "SELECT count(*), count(DISTINCT (month, neighbour_country, "
                                                        "direction)), min(month) FROM mart_border_flow_monthly")
    assert n == distinct and first == date(2008, 10, 1)
    (jan09, dec08), = rows_of(snapshot_warehouse, "SELECT sum(flow_mcm) FILTER (WHERE month = '2009-01-01'), "
                                                  "sum(flow_mcm) FILTER (WHERE month = '2008-12-01') FROM "
                                                  "mart_border_flow_monthly WHERE direction = 'from_ua'")
    assert jan09 < 0.5 * dec08  # the January 2009 cut-off shows
    (reverse_2015,), = rows_of(snapshot_warehouse, "SELECT sum(flow_mcm) FROM mart_border_flow_monthly WHERE "
                                                   "direction = 'to_ua' AND neighbour_country = 'SK' AND "
                                                   "year(month) = 2015")
    assert reverse_2015 / 1000 == approx(9.54 * M3_20C_PER_M3_15C, abs=0.05)  # Budince reverse flow, IEA 2015


def test_coverage_shows_iea_months_in_their_own_colour(snapshot_warehouse):
    status = dict(rows_of(snapshot_warehouse, "SELECT month::VARCHAR, status FROM mart_coverage_monthly "
                                              "WHERE series = 'ITP-00421 to_ua'"))
    assert status["2015-06-01"] == "IEA monthly" and status["2010-06-01"] in {"IEA monthly", "before series"}
    assert status["2019-06-01"] == "held"
