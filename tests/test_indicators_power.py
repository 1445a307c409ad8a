"""Power and strike indicators (mart_power_indicators_monthly, etl/sql/marts/84_power_indicators.sql): each on a
small known input with an exact expected value, and the shipped registers on the figures they are known to give."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pytest import approx

from etl.reference import load_all, load_csv
from etl.registers import EVENTS, INDICATORS, UA_POWER_LIMIT
from etl.warehouse import building
from tests.conftest import rows_of

POWER_INDICATORS = ("ua_power_net_imports_gwh", "ua_power_import_hhi", "ua_power_limit_utilisation_pct",
                    "ua_strikes_gas_count", "ua_strikes_power_count")


def trade(report_id: str, month: str, neighbour: str, direction: str, gwh: float, reported_by: str = "ExPro") -> tuple:
    return (report_id, month, neighbour, direction, gwh, "exact", "commercial", reported_by, "ЕксПро",
            "https://example.org/t", "quote", None)


def strike(strike_id: str, day: date, kind: str) -> tuple:
    return (strike_id, day, kind, None, None, "effect", "наслідок", None, None, None, "https://example.org/s", "q")


@pytest.fixture
def known(tmp_path: Path) -> Path:
    path = tmp_path / "power.duckdb"
    rows = [
        # Nov 2023: HU and SK 100 GWh each of a reported 200 GWh total → 50 % each
        trade("a", "2023-11", "HU", "to_ua", 100.0), trade("b", "2023-11", "SK", "to_ua", 100.0),
        trade("c", "2023-11", "TOTAL", "to_ua", 200.0), trade("d", "2023-11", "TOTAL", "from_ua", 30.0),
        # Dec 2023: one neighbour of a larger total: shares not held, no HHI (would read 10 000 on the sum)
        trade("e", "2023-12", "HU", "to_ua", 100.0), trade("f", "2023-12", "TOTAL", "to_ua", 400.0),
        # Feb 2026: 1,260 GWh imported over 672 h (28 days), nothing exported
        trade("g", "2026-02", "TOTAL", "to_ua", 1260.0), trade("h", "2026-02", "TOTAL", "from_ua", 0.0),
    ]
    limits = [("L1", date(2024, 12, 1), "import", 2100.0, "exact", "ENTSO-E", "https://example.org/l", "q", None),
              ("L2", date(2026, 1, 1), "import", 2450.0, "exact", "ENTSO-E", "https://example.org/l", "q", None)]
    strikes = [strike("s1", date(2025, 2, 11), "gas_production"), strike("s2", date(2025, 2, 11), "gas_production"),
               strike("s3", date(2025, 2, 20), "grid_substations"),
               strike("s4", date(2025, 4, 5), "thermal_generation")]
    with building(path, fresh=True) as con:
        con.executemany("INSERT INTO ref_power_trade_reported VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.executemany("INSERT INTO ref_power_import_limit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", limits)
        con.executemany("INSERT INTO ref_energy_strike VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", strikes)
    return path


def value(path: Path, name: str, period: date) -> float | None:
    rows = rows_of(path, "SELECT value FROM mart_power_indicators_monthly WHERE indicator = ? AND period = ?",
                   [name, period])
    assert len(rows) <= 1, rows
    return rows[0][0] if rows else None


def test_hhi_of_two_neighbours_at_50_50_is_5000(known: Path):
    assert value(known, "ua_power_import_hhi", date(2023, 11, 1)) == approx(5000)
    (inputs,), = rows_of(known, "SELECT inputs FROM mart_power_indicators_monthly "
                                "WHERE indicator = 'ua_power_import_hhi' AND period = '2023-11-01'")
    assert "HU 50.0 %" in inputs and "SK 50.0 %" in inputs


def test_no_hhi_where_the_neighbours_do_not_cover_the_reported_total(known: Path):
    assert value(known, "ua_power_import_hhi", date(2023, 12, 1)) is None


def test_utilisation_is_the_monthly_mean_over_the_limit_in_force(known: Path):
    # 1,260 GWh ÷ 672 h = 1,875 MW; ÷ 2,450 MW = 76.53 %
    assert value(known, "ua_power_limit_utilisation_pct", date(2026, 2, 1)) == approx(76.53, abs=0.01)
    (inputs,), = rows_of(known, "SELECT inputs FROM mart_power_indicators_monthly "
                                "WHERE indicator = 'ua_power_limit_utilisation_pct' AND period = '2026-02-01'")
    assert inputs == "mean 1875 MW of a 2450 MW import limit"


def test_net_imports_are_imports_minus_exports_only_where_both_are_reported(known: Path):
    assert value(known, "ua_power_net_imports_gwh", date(2023, 11, 1)) == approx(170.0)
    assert value(known, "ua_power_net_imports_gwh", date(2026, 2, 1)) == approx(1260.0)
    assert value(known, "ua_power_net_imports_gwh", date(2023, 12, 1)) is None  # exports not reported


def test_strikes_by_system_per_month_with_zeros_inside_the_register_span(known: Path):
    assert value(known, "ua_strikes_gas_count", date(2025, 2, 1)) == 2
    assert value(known, "ua_strikes_power_count", date(2025, 2, 1)) == 1
    assert value(known, "ua_strikes_gas_count", date(2025, 3, 1)) == 0  # a month between strikes: none registered
    assert value(known, "ua_strikes_power_count", date(2025, 4, 1)) == 1
    assert value(known, "ua_strikes_gas_count", date(2025, 5, 1)) is None  # after the register's last strike


def test_yearly_sums_flows_and_counts_and_averages_shares(known: Path):
    got = {(y, i): (v, p) for y, i, v, p in rows_of(
        known, "SELECT year, indicator, value, periods FROM mart_power_indicators_yearly")}
    assert got[(2025, "ua_strikes_gas_count")] == (2, 3)
    assert got[(2023, "ua_power_net_imports_gwh")] == (approx(170.0), 1)
    (unit,), = rows_of(known, "SELECT DISTINCT unit FROM mart_power_indicators_yearly "
                              "WHERE indicator = 'ua_power_net_imports_gwh'")
    assert unit == "GWh/yr"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shipped") / "power.duckdb"
    with building(path, fresh=True) as con:
        load_all(con)
    return path


def test_shipped_registers_give_the_february_2026_utilisation(shipped: Path):
    (pct,), = rows_of(shipped, "SELECT value FROM mart_power_indicators_monthly "
                               "WHERE indicator = 'ua_power_limit_utilisation_pct' AND period = '2026-02-01'")
    assert pct == approx(76.5, abs=0.05)


def test_every_power_indicator_is_documented_and_held(shipped: Path):
    documented = set(load_csv(INDICATORS).indicator)
    held = {i for (i,) in rows_of(shipped, "SELECT DISTINCT indicator FROM mart_power_indicators_monthly")}
    assert held == set(POWER_INDICATORS)
    assert held <= documented
    caveats = load_csv(INDICATORS).set_index("indicator").loc[list(POWER_INDICATORS)]
    for row in caveats.itertuples():  # the basis (reported commercial vs physical) is said in both languages
        assert "Basis:" in row.caveats and "Основа:" in row.caveats_uk, row.Index


def test_power_events_are_in_the_register_with_their_dates():
    events = load_csv(EVENTS).set_index("event_id")
    expected = {"UA-MD-ENTSOE-SYNC-2022-03-16": "2022-03-16", "POWER-STRIKES-START-2022-10-10": "2022-10-10",
                "BLACKOUT-2022-11-23": "2022-11-23", "DNIPROHES-STRIKE-2024-03-22": "2024-03-22",
                "IMPORT-LIMIT-1700-2023-12-01": "2023-12-01", "IMPORT-LIMIT-2100-2024-12-01": "2024-12-01",
                "IMPORT-LIMIT-2450-2026-01-01": "2026-01-01"}
    for event_id, day in expected.items():
        assert str(pd.Timestamp(events.at[event_id, "event_date"]).date()) == day, event_id
    limits = load_csv(UA_POWER_LIMIT)
    for event_id in [e for e in expected if e.startswith("IMPORT-LIMIT-")]:
        step = limits[(limits.direction == "import")
                      & (pd.to_datetime(limits.effective_date) == pd.Timestamp(expected[event_id]))]
        assert len(step) == 1 and int(step.limit_mw.iloc[0]) == int(event_id.split("-")[2]), event_id
        assert events.at[event_id, "source_url"].split(" ; ")[0] == step.source_url.iloc[0].split(" ; ")[0]
