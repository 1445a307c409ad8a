"""What changed at each refresh: two publishes of known replayed ENTSOG data give the expected digest (a revision,
a new day, a flow jump); the Atom feed parses; the webhook is posted, and a dead one does not fail the refresh."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from etl.cli import EXIT, main
from etl.feed import ATOM
from tests.conftest import entsog_payload, rows_of

ARGS = ["refresh", "--source", "entsog", "--since", "2024-04-01", "--until", "2024-04-30", "--no-archive"]


def serve(httpserver: HTTPServer, monkeypatch, payload: dict) -> None:
    httpserver.clear()
    httpserver.expect_request("/api/v1/operationalData").respond_with_response(
        Response(json.dumps(payload), content_type="application/json"))
    monkeypatch.setenv("UA_GAS_ENTSOG_URL", httpserver.url_for("/api/v1"))
    for name, value in {"ATTEMPTS": "1", "MIN_INTERVAL": "0"}.items():
        monkeypatch.setenv(f"UA_GAS_HTTP_{name}", value)


def second_answer() -> dict:
    """The TP's April 2024 answer later on: 21 Apr confirmed 3 % higher, and a new day (24 Apr) at 40 % of the flow."""
    payload = entsog_payload()
    rows = payload["operationalData"]
    flow = next(r for r in rows if r["indicator"] == "Physical Flow" and r["periodFrom"].startswith("2024-04-21"))
    flow.update(value=flow["value"] * 1.03, flowStatus="Confirmed")
    new = copy.deepcopy(next(r for r in rows if r["indicator"] == "Physical Flow"
                             and r["periodFrom"].startswith("2024-04-22")))
    new.update(periodFrom=new["periodFrom"].replace("04-22", "04-24"),
               periodTo=new["periodTo"].replace("04-23", "04-25"), value=new["value"] * 0.4)
    rows.append(new)
    return payload


def test_two_publishes_give_a_digest_in_words_a_feed_and_a_webhook(warehouse: Path, httpserver: HTTPServer,
                                                                   monkeypatch, tmp_path: Path, capsys):
    feed_path = warehouse.with_name("feed.xml")  # beside the warehouse (data/feed.xml by default)
    serve(httpserver, monkeypatch, entsog_payload())
    assert main(ARGS) == EXIT["ok"]
    serve(httpserver, monkeypatch, second_answer())
    received: list[dict] = []

    def hook(request: Request) -> Response:
        received.append(request.get_json())
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(hook)
    monkeypatch.setenv("UA_GAS_WEBHOOK_URL", httpserver.url_for("/hook"))
    assert main(ARGS) == EXIT["ok"]

    kinds = rows_of(warehouse, "SELECT kind, detail FROM change_digest WHERE publish_id = "
                               "(SELECT max(publish_id) FROM change_digest) ORDER BY kind")
    by_kind = {k: d for k, d in kinds}
    assert "revised by up to 3.0 %" in by_kind["revised"] and "Provisional → Confirmed" in by_kind["revised"]
    assert by_kind["days_added"].startswith("entsog: 1 new row (entsog_api); newest day 22 Apr 2024 → 24 Apr 2024")
    assert "on 24 Apr 2024" in by_kind["flow_jump"] and "against its 7-day mean" in by_kind["flow_jump"]

    assert main(["changes"]) == EXIT["ok"]
    assert "revised by up to 3.0 %" in capsys.readouterr().out

    root = ET.parse(feed_path).getroot()
    assert root.tag == f"{{{ATOM}}}feed"
    entries = root.findall(f"{{{ATOM}}}entry")
    assert entries and "revisions" in entries[0].find(f"{{{ATOM}}}title").text
    assert received and received[0]["summary"].count("×") >= 3


def test_a_dead_webhook_does_not_fail_the_refresh(warehouse: Path, httpserver: HTTPServer, monkeypatch,
                                                   tmp_path: Path, caplog):
    serve(httpserver, monkeypatch, entsog_payload())
    assert main(ARGS) == EXIT["ok"]
    monkeypatch.setenv("UA_GAS_WEBHOOK_URL", "http://127.0.0.1:9/hook")  # nothing listens there
    serve(httpserver, monkeypatch, second_answer())
    assert main(ARGS) == EXIT["ok"]
    assert "webhook http://127.0.0.1:9/hook not delivered" in caplog.text
    assert rows_of(warehouse, "SELECT count(*) FROM fact_entsog_operational WHERE gas_day = '2024-04-24' "
                              "AND source = 'entsog_api'") == [(1,)]


def test_digest_words_survive_zero_baselines():
    from etl.changes import say

    jump = {"label": "Budince", "flow": 15.0, "day": "2024-05-01"}
    assert "up from" in say("flow_jump", {**jump, "mean": 0.0})
    assert "-50 % against" in say("flow_jump", {**jump, "mean": 30.0})


def test_overview_says_what_changed_since_the_last_refresh(warehouse: Path, httpserver: HTTPServer, monkeypatch):
    from tests.test_pages import run

    serve(httpserver, monkeypatch, entsog_payload())
    assert main(ARGS) == EXIT["ok"]
    serve(httpserver, monkeypatch, second_answer())
    assert main(ARGS) == EXIT["ok"]
    at = run("overview")
    assert any(e.label.startswith("Since the last refresh") for e in at.expander)
    texts = " ".join(m.value for m in at.markdown)
    assert "revised by up to 3.0 %" in texts and "[view](/border_flows" in texts
    from dashboard import i18n
    from etl.changes import latest
    from etl.warehouse import connect_readonly

    with connect_readonly(warehouse) as con:
        details = [c["detail"] for c in latest(con)]
    assert details and all(d in texts for d in details)  # the page's sentences, from the stored figures, read as
    monkeypatch.setenv("UA_GAS_I18N_STRICT", "collect")  # the refresh wrote them; in Ukrainian, none is missing
    i18n.MISSED.clear()
    uk = " ".join(m.value for m in run("overview", {"lang": "uk"}).markdown)
    assert "переглянуто дані за 1 добу" in uk and "зміна до 3,0 %" in uk
    assert not i18n.MISSED, sorted(i18n.MISSED, key=str)
    assert not any(d in uk for d in details)


def test_digest_rows_recorded_before_their_figures_were_kept_show_their_english_sentence():
    from dashboard.change_words import in_words

    assert in_words("revised", None, "ENTSOG x: 2 day(s) revised") == "ENTSOG x: 2 day(s) revised"
    assert in_words("revised", "not json", "as written") == "as written"
    assert in_words("flow_jump", '{"label": "Budince", "flow": 12.0, "mean": 0.0, "day": "2024-05-01"}', "") == \
        "Budince: 12.0 mcm/d on 01 May 2024, up from its 7-day mean of 0.0"


# ------------------------------------------------------------------ electricity, strikes and Ukraine's own reports
def two_warehouses(warehouse: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The bundled warehouse as the one replaced (``prev``) and a copy that differs by known rows (``new``): a
    reported power-trade month, a day of record imports, an import limit step, strikes, a month of gas imports."""
    import shutil

    import duckdb

    new = tmp_path / "new.duckdb"
    shutil.copy2(warehouse, new)
    hours = ("generate_series(TIMESTAMP '{day} 00:00' - INTERVAL 3 HOUR, TIMESTAMP '{day} 20:00', INTERVAL 1 HOUR)"
             )  # the 24 UTC hours of a Kyiv summer day (UTC+3)
    flow = ("INSERT INTO fact_entsoe_flow SELECT h, '{c}', 'to_ua', {mw}, 'physical', 'x>y', 'entsoe_api', "
            "now() FROM " + hours + " t(h)")
    from etl.warehouse import apply_sql, materialise_marts

    for path in (warehouse, new):  # both: 24 GWh on 1 Jun 2024 (the old record), and no other flows
        with duckdb.connect(str(path)) as con:
            con.execute("DELETE FROM fact_entsoe_flow")  # the bundled hours of June 2024 set aside: known inputs
            con.execute(flow.format(c="PL", mw=1000, day="2024-06-01"))
            if path == warehouse:  # published: its marts hold the rows
                apply_sql(con)
                materialise_marts(con)
    with duckdb.connect(str(new)) as con:
        con.execute(flow.format(c="PL", mw=1000, day="2024-06-02"))  # 24 + 12 = 36 GWh on 2 Jun 2024
        con.execute(flow.format(c="SK", mw=500, day="2024-06-02"))
        trade = ("INSERT INTO ref_power_trade_reported (report_id, month, neighbour_country, direction, energy_gwh, "
                 "qualifier, basis, reported_by, reported_by_uk, source_url, quote) VALUES (?, '2099-01', ?, ?, ?, "
                 "'exact', 'commercial', 'ExPro Consulting', 'ExPro', 'https://x', 'q')")
        con.execute(trade, ["T1", "TOTAL", "to_ua", 812.5])
        con.execute(trade, ["T2", "PL", "from_ua", 20.0])
        con.execute(trade, ["T3", "HU", "from_ua", 5.5])
        (last_mw,) = con.execute("SELECT arg_max(limit_mw, effective_date) FROM ref_power_import_limit "
                                 "WHERE direction = 'import'").fetchone()
        con.execute("INSERT INTO ref_power_import_limit (step_id, effective_date, direction, limit_mw, qualifier, "
                    "decided_by, source_url, quote) VALUES ('L-new', DATE '2099-02-01', 'import', ?, 'exact', "
                    "'ENTSO-E', 'https://x', 'q')", [last_mw + 400])
        strike = ("INSERT INTO ref_energy_strike (strike_id, strike_date, asset_kind, effect, effect_uk, source_url, "
                  "quote) VALUES (?, ?, ?, 'e', 'у', 'https://x', 'q')")
        con.execute(strike, ["S1", date(2099, 3, 1), "gas_production"])
        con.execute(strike, ["S2", date(2099, 3, 3), "gas_storage"])
        con.execute(strike, ["S3", date(2099, 3, 2), "thermal_generation"])
        con.execute("INSERT INTO ref_ua_gas_reported (report_id, series, period, period_grain, neighbour_country, "
                    "value_bcm, qualifier, measure, reported_by, reported_by_uk, source_url, quote) VALUES "
                    "('G1', 'imports', '2099-04', 'month', 'TOTAL', 0.734, 'exact', 'physical', 'GTSOU', "
                    "'Оператор ГТС України', 'https://x', 'q')")
    return warehouse, new


def power_changes(warehouse: Path, tmp_path: Path) -> dict[str, list]:
    import duckdb

    from etl.changes import Thresholds, compare
    from etl.warehouse import apply_sql

    prev, new = two_warehouses(warehouse, tmp_path)
    with duckdb.connect(str(new)) as con:
        apply_sql(con)  # as a build does: the marts are views over the new rows, the replaced ones materialised
        found = compare(con, prev, Thresholds())
    by_kind: dict[str, list] = {}
    for c in found:
        by_kind.setdefault(c.kind, []).append(c)
    return by_kind


def test_digest_says_a_new_month_of_reported_power_trade_with_its_totals(warehouse: Path, tmp_path: Path):
    (trade,) = power_changes(warehouse, tmp_path)["power_trade"]
    assert trade.facts == {"month": "2099-01-01", "imports": 812.5, "exports": 25.5, "by": "ExPro Consulting"}
    assert trade.detail == ("Electricity trade reported for Jan 2099: imports 812.5 GWh, exports 25.5 GWh "
                            "(ExPro Consulting)")
    assert trade.link == "/electricity"


def test_digest_says_a_record_day_of_power_imports(warehouse: Path, tmp_path: Path):
    (record,) = power_changes(warehouse, tmp_path)["power_record"]
    assert record.facts == {"day": "2024-06-02", "gwh": 36.0, "before": 24.0, "before_day": "2024-06-01"}
    assert record.detail == ("Record day of electricity imports: 36.0 GWh on 02 Jun 2024, over all borders (the "
                             "record was 24.0 GWh on 01 Jun 2024)")


def test_digest_says_the_import_limit_raised(warehouse: Path, tmp_path: Path):
    (step,) = power_changes(warehouse, tmp_path)["power_limit"]
    assert step.facts["direction"] == "import" and step.facts["mw"] == step.facts["before"] + 400
    assert step.detail.startswith("Electricity import limit raised to ") and "from 01 Feb 2099 (was " in step.detail
    from etl.changes import say

    assert "lowered to 1,000 MW" in say("power_limit", {**step.facts, "mw": 1000.0, "before": 1700.0})
    assert say("power_limit", {**step.facts, "before": None}).startswith("Electricity import limit set at")


def test_digest_counts_new_strikes_by_system(warehouse: Path, tmp_path: Path):
    strikes = {c.subject: c for c in power_changes(warehouse, tmp_path)["strikes"]}
    assert set(strikes) == {"gas", "power"}
    assert strikes["gas"].facts == {"system": "gas", "n": 2, "first": "2099-03-01", "last": "2099-03-03"}
    assert strikes["gas"].detail == "2 new strikes on gas assets registered (01 Mar 2099 → 03 Mar 2099)"
    assert strikes["power"].detail == "1 new strike on power assets registered (02 Mar 2099 → 02 Mar 2099)"


def test_digest_says_a_new_month_of_ukraines_reported_gas_imports(warehouse: Path, tmp_path: Path):
    (gas,) = power_changes(warehouse, tmp_path)["gas_imports_reported"]
    assert gas.facts == {"month": "2099-04-01", "bcm": 0.734, "by": "GTSOU"}
    assert gas.detail == "Ukraine's gas imports reported for Apr 2099: 0.73 bcm (GTSOU)"


def test_an_unchanged_warehouse_says_nothing_of_power_or_strikes(warehouse: Path, tmp_path: Path):
    import shutil

    import duckdb

    from etl.changes import Thresholds, compare
    from etl.warehouse import apply_sql

    same = tmp_path / "same.duckdb"
    shutil.copy2(warehouse, same)
    with duckdb.connect(str(same)) as con:
        apply_sql(con)
        kinds = {c.kind for c in compare(con, warehouse, Thresholds())}
    assert not kinds & {"power_trade", "power_record", "power_limit", "strikes", "gas_imports_reported"}


def test_power_and_strike_changes_read_ukrainian(warehouse: Path, tmp_path: Path, monkeypatch):
    from dashboard import change_words, i18n

    found = [c for cs in power_changes(warehouse, tmp_path).values() for c in cs
             if c.kind in {"power_trade", "power_record", "power_limit", "strikes", "gas_imports_reported"}]
    monkeypatch.setattr(i18n, "current", lambda: "uk")
    monkeypatch.setenv("UA_GAS_I18N_STRICT", "1")  # a missing Ukrainian text raises
    words = {c.kind + c.subject: change_words.in_words(c.kind, json.dumps(c.facts), c.detail) for c in found}
    assert len(words) == 6
    assert "812,5" in words["power_trade2099-01"] and "2099" in words["power_trade2099-01"]
    assert "2 нові удари" in words["strikesgas"] and "бер. 2099" in words["strikesgas"]
    assert "ГВт·год" in words["power_recordimports"] and "підвищено" in words["power_limitimport"]
