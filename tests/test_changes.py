"""What changed at each refresh: two publishes of known replayed ENTSOG data give the expected digest (a revision,
a new day, a flow jump); the Atom feed parses; the webhook is posted, and a dead one does not fail the refresh."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
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
