"""The SQL explorer refuses everything but reading the warehouse, each with its own message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import explorer
from dashboard.explorer import QueryRefused
from etl.warehouse import connect_readonly


@pytest.fixture
def con(warehouse: Path):
    c = connect_readonly(warehouse)
    yield c
    c.close()


HOSTILE = [
    ("DELETE FROM fact_entsog_operational", "Only SELECT queries are allowed here; this is a DELETE statement"),
    ("INSERT INTO ref_event VALUES ('x', DATE '2020-01-01', 'policy', 't', NULL, 'https://x')", "INSERT statement"),
    ("UPDATE ref_point SET priority = 1", "UPDATE statement"),
    ("CREATE TABLE stolen AS SELECT * FROM ref_point", "CREATE statement"),
    ("DROP VIEW mart_transit_daily", "DROP statement"),
    ("ATTACH '/tmp/other.duckdb' AS other", "ATTACH statement"),
    ("COPY fact_entsog_operational TO '/tmp/out.csv'", "COPY statement"),
    ("SET enable_external_access = true", "SET statement"),
    ("INSTALL httpfs", "statement"),
    ("LOAD httpfs", "LOAD statement"),
    ("PRAGMA database_list", "PRAGMA statement"),
    ("SELECT 1; DROP TABLE ref_point", "One statement at a time (2 given)"),
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv() reads files"),
    ("SELECT * FROM read_text('/etc/hostname')", "read_text() reads files"),
    ("SELECT * FROM parquet_scan('data/snapshot/agsi_storage.parquet')", "parquet_scan() reads files"),
    ("SELECT * FROM '/etc/passwd'", "Reading a file or URL named in the query is not allowed"),
    ("SELECT * FROM 'https://example.org/x.parquet'", "Reading a file or URL"),
    ("SELECT * FROM glob('/root/*')", "glob() reads files"),
    ("SELECT getenv('HOME')", "getenv() reads files, URLs or the environment"),
    ("SELECT " + "1 + " * 3000 + "1", "the explorer takes at most 5,000"),
    ("SELEC 1", "does not parse"),
    ("", "Type a SELECT query"),
]


@pytest.mark.parametrize(("sql", "message"), HOSTILE)
def test_hostile_queries_are_refused_with_their_message(con, sql: str, message: str):
    with pytest.raises(QueryRefused, match=None) as err:
        explorer.run(con, sql)
    assert message in str(err.value)


def test_the_connection_itself_cannot_reach_files(con):
    # even past the text checks (e.g. a function name the list misses), the sandboxed connection refuses
    with pytest.raises(Exception, match="disabled by configuration"):
        con.execute("SELECT * FROM read_csv_auto('/etc/passwd')").fetchall()


def test_ordinary_selects_are_allowed(con):
    result = explorer.run(con, "SELECT year(gas_day) AS y, sum(eu_exit_mcm) AS mcm FROM mart_transit_daily "
                               "GROUP BY 1 ORDER BY 1;")
    assert list(result.frame.columns) == ["y", "mcm"] and result.frame.y.iloc[0] == 2015 and not result.truncated
    cte = explorer.run(con, "WITH t AS (SELECT * FROM mart_storage_daily) SELECT count(*) AS n FROM t")
    assert cte.frame.n.iloc[0] > 2000


def test_rows_are_bounded(con):
    result = explorer.run(con, "SELECT * FROM range(20000)", max_rows=100)
    assert len(result.frame) == 100 and result.truncated


def test_slow_queries_are_stopped(con):
    with pytest.raises(QueryRefused, match="longer than 0.2 s"):
        explorer.run(con, "SELECT count(*) FROM range(100000000000) a", timeout_s=0.2)


def test_a_memory_hungry_query_is_refused_quickly_and_the_next_one_runs(con, warehouse: Path):
    started = time.monotonic()
    with pytest.raises(QueryRefused, match="more memory than the explorer allows"):
        explorer.run_isolated(warehouse, "SELECT repeat('x', 1000000000) AS big")  # 1 GB: ran 7.5 s unbounded
    assert time.monotonic() - started < 5
    assert explorer.run_isolated(warehouse, "SELECT count(*) AS n FROM mart_transit_daily").frame.n.iloc[0] > 3000
    with pytest.raises(QueryRefused, match="Only SELECT"):  # the text fences still answer first, in-process
        explorer.run_isolated(warehouse, "DELETE FROM ref_event")
    with pytest.raises(QueryRefused, match="longer than 0.5 s"):
        explorer.run_isolated(warehouse, "SELECT count(*) FROM range(100000000000) a", timeout_s=0.5)
    settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN ('threads', "
                                "'memory_limit')").fetchall())
    assert settings["threads"] == "1" and settings["memory_limit"] != ""


def test_units_come_from_column_names(con):
    cat = explorer.catalogue(con).set_index(["view", "column"])
    assert cat.loc[("mart_transit_daily", "eu_exit_mcm"), "unit"] == "million m³ (20 °C)"
    assert cat.loc[("mart_storage_daily", "full_pct"), "unit"] == "%"
    assert cat.loc[("mart_storage_daily", "consumption_twh_per_year"), "unit"] == "TWh per year"


def test_data_page_explorer_answers_a_select_and_refuses_a_write(warehouse: Path):
    app = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
    at = AppTest.from_file(app, default_timeout=60)
    at.query_params["sql"] = "SELECT gas_day, eu_exit_mcm FROM mart_transit_daily ORDER BY gas_day LIMIT 30"
    at.switch_page("views/data_sources.py").run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    assert any(list(f.columns) == ["gas_day", "eu_exit_mcm"] and len(f) == 30 for f in frames)
    at.text_area(key="w_sql").set_value("DROP TABLE ref_point").run()
    assert any("Only SELECT queries are allowed" in e.value for e in at.error)
