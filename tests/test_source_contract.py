"""The source contract: a sixth, toy source defined here — its table, fetch and parse, nothing else in the project
changed — gets refresh, replay, status and freshness; and every real source's parser yields its table's columns."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

from etl import pipeline
from etl.cli import EXIT, main
from etl.errors import SchemaError
from etl.sources import RawResponse, Source, Window, contract, register, registry, unregister
from etl.warehouse import connect_readonly, now_utc
from tests.conftest import FIXTURES, entsog_payload, rows_of

# ---------------------------------------------------------------- a toy source: one module's worth of code
TOY_DDL = """CREATE TABLE IF NOT EXISTS fact_toy_daily (
    gas_day DATE NOT NULL, station VARCHAR NOT NULL, value_gwh DOUBLE, source VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (gas_day, station))"""


def toy_fetch(con, client, window: Window, *, base_url: str, plan=None, progress=None):
    result = client.get_json(f"{base_url}/readings", params={"from": window.start.isoformat(),
                                                             "to": window.end.isoformat()})
    yield RawResponse(result.url, result.payload)


def toy_parse(raw: RawResponse) -> pd.DataFrame:
    rows = raw.payload["readings"]
    return pd.DataFrame({"gas_day": [date.fromisoformat(r["day"]) for r in rows],
                         "station": [r["station"] for r in rows], "value_gwh": [float(r["gwh"]) for r in rows],
                         "source": "toy_api", "loaded_at": now_utc()})


TOY = Source(name="toy", table="fact_toy_daily", parse=toy_parse, fetch=toy_fetch, first_day=date(2024, 4, 1),
             revision_days=3, series="one station", ddl=TOY_DDL)


@pytest.fixture
def toy(httpserver: HTTPServer, monkeypatch):
    def answer(request):
        start, end = date.fromisoformat(request.args["from"]), date.fromisoformat(request.args["to"])
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        body = {"readings": [{"day": d.isoformat(), "station": "A", "gwh": 10 + d.day} for d in days]}
        from werkzeug import Response
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/toy/readings").respond_with_handler(answer)
    monkeypatch.setenv("UA_GAS_TOY_URL", httpserver.url_for("/toy"))
    for name, value in {"ATTEMPTS": "1", "MIN_INTERVAL": "0"}.items():
        monkeypatch.setenv(f"UA_GAS_HTTP_{name}", value)
    register(TOY)
    yield TOY
    unregister("toy")


def test_a_toy_source_gets_refresh_replay_status_and_freshness(toy, warehouse: Path, tmp_path: Path, capsys):
    archive = tmp_path / "raw"
    report = pipeline.refresh(warehouse, ["toy"], until=date(2024, 4, 10), archive_dir=archive)
    assert report.status == "ok" and report.results[0].rows == 10  # from first_day (no rows yet) to --until
    assert rows_of(warehouse, "SELECT count(*), max(value_gwh) FROM fact_toy_daily") == [(10, 20.0)]

    report = pipeline.refresh(warehouse, ["toy"], until=date(2024, 4, 12), archive_dir=archive)
    assert report.results[0].window == Window(date(2024, 4, 7), date(2024, 4, 12))  # newest − revision window

    con = connect_readonly(warehouse)
    try:
        fresh = con.execute("SELECT source, rows, last_day FROM mart_source_freshness WHERE source_group = 'toy'"
                            ).fetchall()
    finally:
        con.close()
    assert fresh == [("toy_api", 12, date(2024, 4, 12))]

    assert main(["status", "--json"]) == EXIT["ok"]
    status = json.loads(capsys.readouterr().out)
    assert next(s for s in status["sources"] if s["source"] == "toy")["series"] == "one station"

    assert main(["refresh", "--source", "nosuch"]) == EXIT["usage"]  # argparse lists the registered sources …
    assert "'toy'" in capsys.readouterr().err  # … the toy one among them

    before = rows_of(warehouse, "SELECT gas_day, station, value_gwh FROM fact_toy_daily ORDER BY 1")
    con = __import__("duckdb").connect(str(warehouse))
    con.execute("DELETE FROM fact_toy_daily")
    con.close()
    report = pipeline.replay(warehouse, archive, ["toy"])
    assert report.status == "ok"
    assert rows_of(warehouse, "SELECT gas_day, station, value_gwh FROM fact_toy_daily ORDER BY 1") == before
    assert "toy" in registry() and "toy" not in {s for s in registry() if not registry()[s].live}


def test_a_parser_that_drifts_from_its_table_is_refused(warehouse: Path):
    from etl.warehouse import building

    drifted = Source(name="drift", table="fact_annual_gas", parse=lambda raw: raw.payload)
    frame = pd.DataFrame({"year": [2020], "area_code": ["UA"], "consumption_twh": [1.0], "source": ["x"],
                          "loaded_at": [now_utc()], "renamed_production": [2.0]})
    with building(warehouse) as con, pytest.raises(SchemaError) as err:
        contract.load(con, drifted, [frame])
    assert "missing ['production_twh']" in str(err.value) and "unknown ['renamed_production']" in str(err.value)


# ---------------------------------------------------------------- every real parser matches its table
def real_answers() -> dict[str, RawResponse]:
    from tests.test_gie import alsi_row

    agsi = json.loads((FIXTURES / "agsi" / "country_AT_from2022-02-01_to2022-02-15.json").read_text())
    eurostat = json.loads((FIXTURES / "eurostat" / "nrg_ti_gasm_jsonstat_layout.json").read_text())
    owid_csv = ("country,year,iso_code,gas_consumption,gas_production\nUkraine,2019,UKR,282.9,190.1\n")
    return {
        "entsog": RawResponse("https://x/api/v1/operationalData?pointDirection=a", entsog_payload()),
        "agsi": RawResponse("https://agsi.gie.eu/api?country=AT&from=2022-02-01", agsi),
        "alsi": RawResponse("https://alsi.gie.eu/api?country=GR", {"last_page": 1, "data": [
            alsi_row("2024-05-01", {"lng": "4935.61", "gwh": "32884.97"})]}),
        "eurostat": RawResponse("https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/nrg_ti_gasm?x=1",
                                eurostat),
        "owid": RawResponse("https://x/owid-energy-data.csv", owid_csv),
    }


@pytest.mark.parametrize("name", ["entsog", "agsi", "alsi", "eurostat", "owid"])
def test_every_live_parser_yields_exactly_its_tables_columns(name: str, snapshot_warehouse: Path):
    source = registry()[name]
    frame = source.parse(real_answers()[name])
    assert not frame.empty
    con = connect_readonly(snapshot_warehouse)
    try:
        assert list(contract.conform(con, source, frame).columns) == contract.table_columns(con, source.table)
        assert set(contract.table_key(con, source.table)) <= set(frame.columns)
    finally:
        con.close()


def test_no_module_imports_itself_back_and_none_is_over_300_lines():
    """Top-level imports between the project's modules form no cycle; each module stays readable."""
    import ast

    root = Path(__file__).resolve().parents[1]
    modules = {".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): p
               for pkg in ("etl", "dashboard") for p in (root / pkg).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        deps = set()
        for node in tree.body:  # top level only: a function-level import is a deliberate late binding
            if isinstance(node, ast.ImportFrom) and node.module:
                deps |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                         for a in node.names}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names}
        graph[name] = {d for d in deps if d in modules and d != name}
        assert len(path.read_text().splitlines()) <= 300, f"{name} has more than 300 lines"

    def visit(node: str, stack: list[str]) -> None:
        assert node not in stack, f"import cycle: {' → '.join([*stack, node])}"
        for dep in graph[node]:
            visit(dep, [*stack, node])

    for name in graph:
        visit(name, [])
