"""Power marts on known inputs: one physical value per hour (ENTSO-E before Energy-Charts), Kyiv days of 23 hours at
the clock change, physical and reported months side by side, the limit in force for each day's peak hour."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pytest import approx

from etl.reference import load_all
from etl.warehouse import building
from tests.conftest import rows_of

DST_DAY_START = datetime(2024, 3, 30, 22)  # 31 Mar 2024 00:00 in Kyiv (EET), a day of 23 hours


@pytest.fixture
def known(tmp_path: Path) -> Path:
    path = tmp_path / "power.duckdb"
    with building(path, fresh=True) as con:
        load_all(con)
        entsoe = ("INSERT INTO fact_entsoe_flow VALUES (?, ?, ?, ?, 'physical', '10Y1001C--00003F>x', 'entsoe_api', "
                  "now())")
        charts = "INSERT INTO fact_energy_charts_flow VALUES (?, ?, ?, ?, 'physical', 'energy_charts_api', now())"
        # one hour held by both: ENTSO-E's value counts; the next hour only by Energy-Charts
        con.execute(entsoe, [datetime(2024, 6, 1, 10), "HU", "to_ua", 1000.0])
        con.execute(charts, [datetime(2024, 6, 1, 10), "HU", "to_ua", 900.0])
        con.execute(charts, [datetime(2024, 6, 1, 11), "HU", "to_ua", 800.0])
        con.execute(charts, [datetime(2024, 6, 1, 11), "SK", "to_ua", 1500.0])
        # the 23 hours of 31 Mar 2024 in Kyiv at 100 MW, and the first hour of the next day
        for h in range(24):
            con.execute(charts, [DST_DAY_START + timedelta(hours=h), "PL", "to_ua", 100.0])
        # two reports of one month: ExPro's is the one shown (the shipped register is set aside here)
        con.execute("DELETE FROM ref_power_trade_reported")
        trade = ("INSERT INTO ref_power_trade_reported VALUES (?, '2024-06', 'TOTAL', 'to_ua', ?, 'exact', "
                 "'commercial', ?, 'х', 'https://x', 'q', NULL)")
        con.execute(trade, ["A-DIXI", 860.0, "DiXi Group / Energy Map"])
        con.execute(trade, ["B-EXPRO", 858.3, "ExPro Consulting"])
        con.execute("INSERT INTO ref_power_trade_reported VALUES ('C-PL', '2024-06', 'PL', 'to_ua', 138.0, "
                    "'more_than', 'commercial', 'ExPro Consulting', 'х', 'https://x', 'q', NULL)")
        # shares: HU's and PL's of ExPro's total; DiXi's share of RO has no DiXi total shown, so it gives no GWh
        con.execute("DELETE FROM ref_power_trade_share")
        share = ("INSERT INTO ref_power_trade_share VALUES (?, '2024-06', ?, 'to_ua', ?, 'exact', ?, 'х', 'https://x', "
                 "'q', NULL)")
        con.execute(share, ["S-HU", "HU", 41.6, "ExPro Consulting"])
        con.execute(share, ["S-PL", "PL", 16.0, "ExPro Consulting"])
        con.execute(share, ["S-RO", "RO", 17.0, "DiXi Group / Energy Map"])
        # June was +91 % on May by ExPro's report: May back-computed; DiXi's change against April gives nothing
        con.execute("DELETE FROM ref_power_trade_change")
        change = ("INSERT INTO ref_power_trade_change VALUES (?, '2024-06', 'to_ua', ?, ?, ?, 'х', 'https://x', 'q', "
                  "NULL)")
        con.execute(change, ["C-MAY", "2024-05", 1.91, "ExPro Consulting"])
        con.execute(change, ["C-APR", "2024-04", 3.8, "DiXi Group / Energy Map"])
    return path


def test_one_value_per_hour_entsoe_first(known: Path):
    assert rows_of(known, "SELECT hour_utc, mw, source FROM mart_power_flow_hourly WHERE neighbour_country = 'HU' "
                          "ORDER BY hour_utc") == [(datetime(2024, 6, 1, 10), 1000.0, "ENTSO-E"),
                                                   (datetime(2024, 6, 1, 11), 800.0, "Energy-Charts")]


def test_a_kyiv_day_at_the_clock_change_has_23_hours(known: Path):
    (hours, gwh, peak), = rows_of(known, "SELECT hours_held, energy_gwh, peak_mw FROM mart_power_border_daily "
                                         "WHERE neighbour_country = 'PL' AND day = DATE '2024-03-31'")
    assert hours == 23 and gwh == approx(2.3) and peak == 100.0
    assert rows_of(known, "SELECT hours_held FROM mart_power_border_daily WHERE neighbour_country = 'PL' "
                          "AND day = DATE '2024-04-01'") == [(1,)]


def test_physical_and_reported_months_stand_side_by_side(known: Path):
    rows = rows_of(known, "SELECT measure, neighbour_country, energy_gwh, source FROM mart_power_imports_monthly "
                          "WHERE month = DATE '2024-06-01' ORDER BY measure, neighbour_country")
    assert rows == [("physical", "HU", approx(1.8), "ENTSO-E + Energy-Charts"),
                    ("physical", "SK", approx(1.5), "Energy-Charts"),
                    ("reported", "HU", approx(0.416 * 858.3), "ExPro Consulting"),
                    ("reported", "PL", 138.0, "ExPro Consulting"),
                    ("reported", "TOTAL", 858.3, "ExPro Consulting")]  # ExPro's report before DiXi's


def test_a_reported_share_becomes_gwh_only_against_the_same_reporters_total_and_a_stated_volume_wins(known: Path):
    rows = rows_of(known, "SELECT neighbour_country, energy_gwh, qualifier, share_pct FROM mart_power_imports_monthly "
                          "WHERE measure = 'reported' AND neighbour_country <> 'TOTAL' ORDER BY neighbour_country")
    assert rows == [("HU", approx(0.416 * 858.3), "about", 41.6),  # 41.6 % of ExPro's 858.3 GWh, said to be 'about'
                    ("PL", 138.0, "more_than", None)]  # the stated volume, not 16 % of the total
    # RO: DiXi's share, but the month's total shown is ExPro's: no GWh made from another reporter's total


def test_the_peak_hour_is_set_against_the_limit_in_force(known: Path):
    import duckdb

    from etl.warehouse import apply_sql, materialise_marts

    day = "SELECT import_mw, limit_mw, utilisation_pct FROM mart_power_limit_utilisation WHERE grain = 'day' "
    assert rows_of(known, day + "AND period = '2024-06-01'") == []  # two hours held make no day
    with duckdb.connect(str(known)) as con:  # the rest of the Kyiv day (21:00 UTC the day before → 20:00), 0 MW
        con.execute("INSERT INTO fact_energy_charts_flow SELECT h, 'HU', 'to_ua', 0, 'physical', 'energy_charts_api', "
                    "now() FROM generate_series(TIMESTAMP '2024-05-31 21:00', TIMESTAMP '2024-06-01 20:00', "
                    "INTERVAL 1 HOUR) t(h) WHERE hour(h) NOT IN (10, 11)")
        apply_sql(con)
        materialise_marts(con)
    (peak, limit, pct), = rows_of(known, day + "AND period = '2024-06-01'")
    assert peak == 2300.0 and limit == 1700.0 and pct == approx(100 * 2300 / 1700)  # 11:00 UTC: HU 800 + SK 1500


def test_reported_gas_imports_stand_beside_the_physical_and_never_fill_them(warehouse: Path):
    """Aug 2023: the TSO reported imports by neighbour (commercial); no physical entry per border is bundled then."""
    rows = rows_of(warehouse, "SELECT measure, neighbour_country, share_pct FROM mart_ua_imports_monthly "
                              "WHERE month = DATE '2023-08-01' ORDER BY neighbour_country")
    assert {(m, c) for m, c, _ in rows} == {("commercial", c) for c in ("HU", "MD", "PL", "SK")} | {("physical", "RU")}
    assert sum(s for m, _, s in rows if m == "commercial") == approx(100)  # shares within their own measure
    assert [s for m, _, s in rows if m == "physical"] == [approx(100)]  # the reported rows do not dilute it
    assert rows_of(warehouse, "SELECT count(*) FROM mart_dependence_monthly WHERE period = DATE '2023-08-01' "
                              "AND indicator LIKE 'ua_%import%'") == [(0,)]  # physical-only indicators stay empty
    (reported, physical, measure), = rows_of(warehouse, "SELECT reported_bcm, physical_bcm, measure FROM "
                                                        "mart_ua_imports_reported_monthly WHERE month = '2023-08-01'")
    assert reported == approx(1.096) and physical is None and measure == "commercial (netted against transit)"


def test_a_month_is_back_computed_from_the_next_ones_stated_change_by_the_same_reporter(known: Path):
    rows = rows_of(known, "SELECT month, energy_gwh, qualifier, change_factor FROM mart_power_imports_monthly "
                          "WHERE measure = 'reported' AND neighbour_country = 'TOTAL' ORDER BY month")
    assert rows == [(date(2024, 5, 1), approx(858.3 / 1.91), "about", 1.91),  # 'up 91 % on May' → May ≈ 449 GWh
                    (date(2024, 6, 1), 858.3, "exact", None)]  # April: DiXi's change of ExPro's total — nothing made
