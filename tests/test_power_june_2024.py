"""ENTSO-E's own published hours (data/reference/entsoe/, eight months of 2024–2026) in the snapshot, and
June 2024 through the live path replayed with real values, set beside ExPro's reported 858.3 GWh — the comparison of
measures the Electricity page makes."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest import approx
from pytest_httpserver import HTTPServer
from werkzeug import Response

from bench.power_parse import publication_xml
from etl.cli import EXIT, main
from etl.snapshot import ENTSOE_FLOWS
from etl.sources import entsoe
from etl.sources.entsoe_xml import COUNTRY_OF
from tests.conftest import rows_of

TOKEN = "tok-june-0123456789abcdef"


def published(month: str = "2024-06") -> dict[tuple[str, str], dict[datetime, float]]:
    """(neighbour, direction) → {UTC hour: MW} from the bundled file of ENTSO-E's values for one month."""
    flows: dict[tuple[str, str], dict[datetime, float]] = defaultdict(dict)
    path = next(p for p in ENTSOE_FLOWS if p.name == f"physical_flows_ua_{month}.csv")
    for line in path.read_text().splitlines()[1:]:
        sender, receiver, hour, value = line.split(",")
        key = (sender, "to_ua") if receiver == "UA" else (receiver, "from_ua")
        flows[key][datetime.strptime(hour, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)] = float(value)
    return flows


@pytest.fixture
def entsoe_replays_june(httpserver: HTTPServer, monkeypatch) -> list[dict]:
    """Every A11 query answered with the published hours of its pair inside the window asked; an hour the
    publisher lacks is left out of the document (A01: a gap)."""
    flows, asked = published(), []

    def handler(request):
        args = dict(request.args)
        asked.append(args)
        into_ua = args["in_Domain"] == entsoe.UA_BZN
        key = (COUNTRY_OF[args["out_Domain"] if into_ua else args["in_Domain"]], "to_ua" if into_ua else "from_ua")
        start = datetime.strptime(args["periodStart"], "%Y%m%d%H%M").replace(tzinfo=UTC)
        end = datetime.strptime(args["periodEnd"], "%Y%m%d%H%M").replace(tzinfo=UTC)
        hours = int((end - start) / timedelta(hours=1))
        points = {i + 1: flows[key][start + timedelta(hours=i)] for i in range(hours)
                  if start + timedelta(hours=i) in flows[key]}
        body = publication_xml(args["in_Domain"], args["out_Domain"], [(start, end, "PT60M", points)])
        return Response(body, content_type="application/xml")

    httpserver.expect_request("/api").respond_with_handler(handler)
    monkeypatch.setenv("UA_GAS_ENTSOE_URL", httpserver.url_for("/api"))
    monkeypatch.setenv(entsoe.KEY_ENV, TOKEN)
    monkeypatch.setattr(entsoe, "SECRETS_FILE", Path("/nonexistent/secrets.toml"))
    for name, value in {"ATTEMPTS": "2", "TIMEOUT": "2", "BACKOFF": "0.01", "MIN_INTERVAL": "0"}.items():
        monkeypatch.setenv(f"UA_GAS_HTTP_{name}", value)
    return asked


@pytest.mark.parametrize("month", sorted(p.stem[-7:] for p in ENTSOE_FLOWS))
def test_the_offline_snapshot_holds_each_bundled_month_as_published(warehouse: Path, month: str):
    held = rows_of(warehouse, "SELECT neighbour_country, direction, count(mw), sum(mw) FROM fact_entsoe_flow "
                              "WHERE source = 'entsoe_file' AND strftime(hour_utc, '%Y-%m') = ? GROUP BY ALL "
                              "ORDER BY ALL", [month])
    flows = published(month)
    assert [(c, d, n) for c, d, n, _ in held] == [(c, d, len(flows[c, d])) for c, d in sorted(flows)]
    assert [s for *_, s in held] == [approx(sum(flows[k].values())) for k in sorted(flows)]
    if month == "2024-06":
        assert ("SK", "to_ua", 718) in [(c, d, n) for c, d, n, _ in held]  # two hours ENTSO-E lacks stay missing


def test_refresh_of_june_2024_loads_each_border_and_sets_it_beside_the_reported_month(warehouse: Path,
                                                                                   entsoe_replays_june):
    code = main(["refresh", "--source", "entsoe", "--since", "2024-06-01", "--until", "2024-06-30", "--no-archive"])
    assert code == EXIT["ok"] and len(entsoe_replays_june) == 10
    flows = published()
    loaded = rows_of(warehouse, "SELECT neighbour_country, direction, count(mw), sum(mw), min(source), max(source) "
                                "FROM fact_entsoe_flow WHERE strftime(hour_utc, '%Y-%m') = '2024-06' "
                                "GROUP BY ALL ORDER BY ALL")
    assert [(c, d, n, lo, hi) for c, d, n, _, lo, hi in loaded] == [
        (c, d, len(flows[c, d]), "entsoe_api", "entsoe_api") for c, d in sorted(flows)]  # the live answer replaces
    assert [s for _, _, _, s, _, _ in loaded] == [approx(sum(flows[k].values())) for k in sorted(flows)]

    # June 2024 in UTC hours: gross 976.5 GWh in, 172.7 GWh out (169.4 of it to Romania, while 204.3 GWh came in
    # over the Moldovan border: Romanian power reaching Ukraine through Moldova), net 803.7 GWh — against ExPro's
    # reported commercial 858.3 GWh, which counts traded volume by counterparty (Romania 17 %), not metered flow.
    (into, out), = rows_of(warehouse, "SELECT sum(mw) FILTER (WHERE direction = 'to_ua') / 1000, "
                                      "sum(mw) FILTER (WHERE direction = 'from_ua') / 1000 FROM fact_entsoe_flow "
                                      "WHERE strftime(hour_utc, '%Y-%m') = '2024-06'")
    assert into == approx(976.5, abs=0.05) and out == approx(172.7, abs=0.05)
    assert into - out == approx(803.7, abs=0.05)
    (reported,), = rows_of(warehouse, "SELECT energy_gwh FROM mart_power_imports_monthly WHERE measure = 'reported' "
                                      "AND month = DATE '2024-06-01' AND direction = 'to_ua' "
                                      "AND neighbour_country = 'TOTAL'")
    assert reported == 858.3 and (into - out) / reported == approx(0.936, abs=0.001)
    (held, net, pct), = rows_of(warehouse, "SELECT hours_held, physical_net_gwh, net_physical_of_reported_pct FROM "
                                          "mart_power_measures_compared WHERE month = DATE '2024-06-01'")
    assert held == 715 and net == approx(799.5, abs=0.05) and pct == approx(93.15, abs=0.01)  # Kyiv month: 3 h less

    # the busiest evening: net import over the EU borders against the 1.7 GW limit then in force
    (day, peak, limit), = rows_of(warehouse, "SELECT period, import_mw, limit_mw FROM mart_power_limit_utilisation "
                                             "WHERE grain = 'day' AND period BETWEEN '2024-06-01' AND '2024-06-30' "
                                             "ORDER BY import_mw DESC LIMIT 1")
    assert str(day) == "2024-06-28" and peak == approx(1799.99) and limit == 1700.0
