"""Marts on a small known input: each physical flow counted once, by the rule of data/reference/POINTS.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pytest import approx

from etl.reference import load_all
from etl.sources import entsog
from etl.units import DEFAULT_GCV_KWH_PER_M3_20C, M3_20C_PER_NM3
from etl.warehouse import building, now_utc, upsert
from tests.conftest import rows_of

D1, D2 = date(2024, 1, 10), date(2024, 1, 11)
GWH = 1e6  # kWh


def fact(day, point, operator, direction, value, indicator="Physical Flow", status="Confirmed"):
    return {"gas_day": day, "point_key": point, "operator_key": operator, "direction_key": direction,
            "indicator": indicator, "value": value, "unit": entsog.UNITS[indicator], "flow_status": status,
            "point_label": None, "last_update_at": pd.NaT, "source": "test", "loaded_at": now_utc()}


KNOWN = [
    # Velké Kapušany UA→SK: eustream entry (priority 1) wins over the UA exit (2); sub-points (0) never count
    fact(D1, "ITP-00117", "SK-TSO-0001", "entry", 100 * GWH),
    fact(D1, "ITP-00117", "UA-TSO-0001", "exit", 90 * GWH),
    fact(D1, "ITP-00432", "UA-TSO-0001", "exit", 50 * GWH),
    # …on D2 eustream did not report: the UA exit is the fallback
    fact(D2, "ITP-00117", "UA-TSO-0001", "exit", 90 * GWH, status="Provisional"),
    # Budince SK→UA: both operators at priority 1 → mean
    fact(D1, "ITP-00421", "SK-TSO-0001", "exit", 10 * GWH),
    fact(D1, "ITP-00421", "UA-TSO-0001", "entry", 12 * GWH),
    # Isaccea I UA→RO: rule 'max'
    fact(D1, "ITP-00087", "RO-TSO-0001", "entry", 5 * GWH),
    fact(D1, "ITP-00087", "UA-TSO-0001", "exit", 7 * GWH),
    # measured GCV at Velké Kapušany on D1
    fact(D1, "ITP-00117", "SK-TSO-0001", "entry", 11.32, indicator="GCV"),
    # Bereg HU→UA: the legacy key is valid until 2020-04-30, the VIP from 2020-05-01
    fact(date(2020, 4, 30), "ITP-00307", "HU-TSO-0001", "exit", 4 * GWH),
    fact(date(2020, 5, 1), "ITP-00307", "HU-TSO-0001", "exit", 999 * GWH),  # outside its validity: ignored
    fact(date(2020, 5, 1), "ITP-10006", "HU-TSO-0001", "exit", 6 * GWH),
    # Sudzha RU→UA
    fact(D1, "ITP-00184", "UA-TSO-0001", "entry", 400 * GWH),
]


@pytest.fixture
def known(tmp_path: Path) -> Path:
    path = tmp_path / "known.duckdb"
    with building(path, fresh=True) as con:
        load_all(con)
        upsert(con, entsog.TABLE, pd.DataFrame(KNOWN))
    return path


def flow(path: Path, day: date, point: str, direction: str) -> tuple:
    rows = rows_of(path, "SELECT flow_gwh, flow_mcm, flow_status, reports_used FROM mart_border_flow_daily "
                         "WHERE gas_day = ? AND point_key = ? AND direction = ?", [day, point, direction])
    assert len(rows) == 1, rows
    return rows[0]


def test_one_side_authoritative_and_subpoints_not_counted(known: Path):
    gwh, mcm, status, used = flow(known, D1, "ITP-00117", "from_ua")
    assert gwh == approx(100) and used == 1 and status == "Confirmed"
    assert mcm == approx(100e6 / (11.32 / M3_20C_PER_NM3) / 1e6)  # measured GCV used


def test_fallback_side_used_when_the_authoritative_one_is_missing(known: Path):
    gwh, mcm, status, _ = flow(known, D2, "ITP-00117", "from_ua")
    assert gwh == approx(90) and status == "Provisional"
    assert mcm == approx(90 / DEFAULT_GCV_KWH_PER_M3_20C)  # no GCV that day: default factor


def test_both_operators_averaged_or_max_by_rule(known: Path):
    assert flow(known, D1, "ITP-00421", "to_ua")[0] == approx(11)
    assert flow(known, D1, "ITP-00087", "from_ua")[0] == approx(7)


def test_legacy_and_virtual_point_joined_by_validity(known: Path):
    assert flow(known, date(2020, 4, 30), "ITP-10006", "to_ua")[0] == approx(4)
    assert flow(known, date(2020, 5, 1), "ITP-10006", "to_ua")[0] == approx(6)


def test_transit_and_imports_marts_sum_each_flow_once(known: Path):
    (ru, eu, sk, ro), = rows_of(known, "SELECT ru_entry_mcm, eu_exit_mcm, exit_sk_mcm, exit_ro_mcm "
                                       "FROM mart_transit_daily WHERE gas_day = ?", [D1])
    assert ru == approx(400 / DEFAULT_GCV_KWH_PER_M3_20C)
    assert ro == approx(7 / DEFAULT_GCV_KWH_PER_M3_20C)
    assert eu == approx(sk + ro)
    imports = rows_of(known, "SELECT neighbour_country, flow_gwh FROM mart_ua_imports_daily WHERE gas_day = ?", [D1])
    assert imports == [("SK", approx(11))]


def test_loading_the_same_rows_twice_changes_nothing(known: Path):
    before = rows_of(known, "SELECT * EXCLUDE (loaded_at) FROM fact_entsog_operational ORDER BY ALL")
    with building(known) as con:
        upsert(con, entsog.TABLE, pd.DataFrame(KNOWN))
    after = rows_of(known, "SELECT * EXCLUDE (loaded_at) FROM fact_entsog_operational ORDER BY ALL")
    assert before == after and len(after) == len(KNOWN)


def test_snapshot_marts_have_one_row_per_point_day_direction(snapshot_warehouse: Path):
    (dupes,), = rows_of(snapshot_warehouse, "SELECT count(*) FROM (SELECT gas_day, point_key, direction "
                                            "FROM mart_border_flow_daily GROUP BY ALL HAVING count(*) > 1)")
    assert dupes == 0
    (first, last), = rows_of(snapshot_warehouse, "SELECT min(gas_day), max(gas_day) FROM mart_transit_daily")
    assert first == date(2015, 1, 1) and last >= date(2023, 3, 27)


def test_snapshot_transit_2019_matches_gtsou_order_of_magnitude(snapshot_warehouse: Path):
    # GTSOU reported 89.6 bcm of transit in 2019 (interfax.com.ua, 2021-01-04), incl. ~3 bcm to Moldova
    (bcm,), = rows_of(snapshot_warehouse,
                      "SELECT sum(eu_exit_mcm) / 1000 FROM mart_transit_daily WHERE year(gas_day) = 2019")
    assert 80 < bcm < 92


def test_crosscheck_against_gtsou_2017_transit_to_europe(snapshot_warehouse: Path):
    # Ukrtransgaz: 90.749 bcm to Europe in 2017; the warehouse, from ENTSOG energy at 10.55 kWh/m³, within 1 %
    (gtsou, ours, diff), = rows_of(snapshot_warehouse, "SELECT gtsou_bcm, warehouse_bcm, difference_pct FROM "
                                                       "mart_crosscheck_gtsou WHERE year = 2017 AND country = 'EU'")
    assert gtsou == 90.749 and abs(diff) < 1 and ours == approx(90.84, abs=0.05)


def test_lng_cargo_set_against_imports_through_its_entry_border(tmp_path: Path):
    from datetime import timedelta

    path = tmp_path / "lng.duckdb"
    rows = [fact(date(2024, 12, 28) + timedelta(days=i), "ITP-00087", "RO-TSO-0001", "exit", 10 * GWH)
            for i in range(40)]  # RO→UA from the day after DTEK's cargo reached Revithoussa (GR)
    rows += [fact(date(2024, 12, 28) + timedelta(days=i), "ITP-10008", "PL-TSO-0002", "exit", 99 * GWH)
             for i in range(40)]  # PL→UA: not the Greek cargo's border
    with building(path, fresh=True) as con:
        load_all(con)
        upsert(con, entsog.TABLE, pd.DataFrame(rows))
    (border, mcm, days), = rows_of(path, "SELECT entry_border, imports_next_28d_mcm, days_with_flow_data FROM "
                                         "mart_lng_cargo_vs_imports WHERE cargo_id = 'DTEK-2024-12-REVITHOUSSA'")
    assert border == "RO, MD" and days == 27  # 28 Dec … 23 Jan: the 28 gas days from 27 Dec, less the first
    assert mcm == approx(27 * 10 / DEFAULT_GCV_KWH_PER_M3_20C)


def test_incremental_start_follows_flows_not_future_capacity_intervals(known: Path):
    from datetime import timedelta

    with building(known) as con:
        upsert(con, entsog.TABLE, pd.DataFrame([fact(D2 + timedelta(days=60), "ITP-00117", "SK-TSO-0001", "entry",
                                                     1e9, indicator="Firm Technical")]))
        from etl.sources import contract

        assert contract.default_start(con, entsog.SOURCE) == D2 - timedelta(days=entsog.REVISION_DAYS)


def test_a_warehouse_from_an_older_schema_is_migrated_keeping_its_data(known: Path):
    import duckdb

    con = duckdb.connect(str(known))  # simulate an older schema: a fact column and a reference column missing
    con.execute("ALTER TABLE fact_entsog_operational DROP COLUMN point_label")
    for name in [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()]:
        con.execute(f"DROP VIEW {name}")
    con.execute("DROP TABLE ref_point")
    con.execute("CREATE TABLE ref_point (point_key VARCHAR, operator_key VARCHAR, direction_key VARCHAR)")
    con.close()
    facts = rows_of(known, "SELECT count(*) FROM fact_entsog_operational")
    with building(known) as con:
        load_all(con)
    assert rows_of(known, "SELECT count(*) FROM fact_entsog_operational") == facts
    assert rows_of(known, "SELECT count(*) FROM fact_entsog_operational WHERE point_label IS NULL") == facts
    assert rows_of(known, "SELECT count(DISTINCT route) FROM ref_point") == [(5,)]
    assert flow(known, D1, "ITP-00117", "from_ua")[0] == approx(100)
