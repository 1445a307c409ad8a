"""The dashboard as a person sees it: `streamlit run` on a free port, pages opened in Debian's headless Chromium,
charts waited for, a screenshot saved per page under tests/artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(snapshot_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it when run as root)")
    path = tmp_path_factory.mktemp("browser") / "warehouse.duckdb"
    shutil.copy2(snapshot_warehouse, path)
    port = free_port()
    env = {**os.environ, "UA_GAS_WAREHOUSE": str(path)}
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "--server.port", str(port),  # as scripts/dashboard.sh
                             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not answer /_stcore/health within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


OPEN: list = []  # the pages a test opened: closed after it, so no Streamlit session outlives its test


@pytest.fixture(autouse=True)
def close_pages():
    yield
    while OPEN:
        OPEN.pop().close()


def open_page(browser, url: str, name: str, min_charts: int = 1, width: int = 1400):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 1000})
    OPEN.append(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="domcontentloaded")
    if min_charts:
        page.locator(".js-plotly-plot").nth(min_charts - 1).wait_for(state="visible", timeout=45_000)
    else:
        page.locator("h1").first.wait_for(timeout=45_000)
    page.wait_for_timeout(500)  # let plotly finish its transition before the screenshot
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return page, errors


def test_overview_shows_the_transit_chart(server: str, browser):
    page, errors = open_page(browser, server, "overview")
    assert page.locator(".js-plotly-plot").first.is_visible()
    assert page.get_by_text("End of Russian gas transit through Ukraine").first.is_visible()
    assert not page.locator("[data-testid='stException']").count()
    assert not errors, errors


@pytest.mark.parametrize(("path", "charts"), [("border_flows", 1), ("lng", 2), ("methodology", 0), ("data_sources", 1),
                                             ("strikes", 2), ("winter", 2), ("map", 1)])
def test_every_page_renders(server: str, browser, path: str, charts: int):
    """Storage, Dependence and Electricity render in test_chart_labels_never_overlap (same page, same width)."""
    page, errors = open_page(browser, f"{server}/{path}", path, charts)
    assert not page.locator("[data-testid='stException']").count()
    assert not errors, errors


def test_a_shared_link_restores_the_view(server: str, browser):
    link = f"{server}/border_flows?dir=to_ua&unit=gwh&countries=HU&from=2017-01-01&to=2017-12-31&grain=month"
    page, _ = open_page(browser, link, "border_flows_shared_link")
    assert page.get_by_text("Gas into Ukraine, by neighbour").first.is_visible()
    assert page.get_by_text("GWh/d").first.is_visible()
    assert "dir=to_ua" in page.url and "countries=HU" in page.url


def test_long_view_reaches_2008_with_its_basis_shaded(server: str, browser):
    page, errors = open_page(browser, f"{server}/border_flows?grain=month&dir=to_ua", "border_flows_monthly")
    chart = page.locator(".js-plotly-plot").first
    assert chart.get_by_text("2010").first.is_visible()  # the x axis starts before ENTSOG's 2015
    assert chart.get_by_text("IEA monthly (Gas Trade Flows)").first.is_visible()
    assert not errors, errors


def test_data_page_draws_the_coverage_picture(server: str, browser):
    page, errors = open_page(browser, f"{server}/data_sources", "data_sources_coverage")
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(ARTIFACTS / "coverage.png"))
    assert chart.get_by_text("route-level only").first.is_visible() and chart.get_by_text("IEA monthly").count()
    assert not errors, errors


def test_phone_width_renders(server: str, browser):
    page, errors = open_page(browser, server, "overview_phone", width=390)
    assert page.locator(".js-plotly-plot").first.is_visible() and not errors


EVENT_BOXES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot =>
    Array.from(plot.querySelectorAll('g.annotation')).map(a => {
        const r = a.getBoundingClientRect();
        return {text: a.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    }))"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of visible labels in one chart whose boxes intersect (1 px of slack for anti-aliasing)."""
    shown = [b for b in boxes if b["right"] - b["left"] > 0 and b["bottom"] - b["top"] > 0]
    return [(a["text"], b["text"]) for i, a in enumerate(shown) for b in shown[i + 1:]
            if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1
            and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1]


@pytest.mark.parametrize("width", [1400, 800])
@pytest.mark.parametrize("path", ["", "storage", "lng?lang=uk", "border_flows?lang=uk", "dependence", "electricity"])
def test_chart_labels_never_overlap(server: str, browser, path: str, width: int):
    name = f"labels_{(path or 'overview').split('?')[0]}_{width}" + ("_uk" if "uk" in path else "")
    page, errors = open_page(browser, f"{server}/{path}", name, width=width)
    assert not page.locator("[data-testid='stException']").count()
    if "lang=uk" in path:  # these pages' Ukrainian reading is checked here, not loaded again
        heading = page.locator("h1").first.inner_text()
        assert any("а" <= ch <= "я" or ch in "іїєґ" for ch in heading.lower()), heading
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    charts = page.evaluate(EVENT_BOXES)
    assert sum(len(c) for c in charts) >= 3  # the event labels are there to be checked
    clashes = [pair for boxes in charts for pair in overlapping(boxes)]
    assert not clashes, clashes
    assert not errors, errors


def test_phone_keeps_event_lines_and_drops_their_words(server: str, browser):
    page, errors = open_page(browser, f"{server}/?lang=uk", "overview_phone_uk", width=390)
    boxes = page.evaluate(EVENT_BOXES)[0]
    assert boxes and all(b["right"] - b["left"] == 0 for b in boxes)  # labels hidden on a phone …
    assert page.locator(".js-plotly-plot").first.locator("path[style*='dash']").count() >= 5  # … their lines kept
    metrics = page.locator("[data-testid='stMetricLabel']").all()
    assert metrics and not any(m.evaluate("e => [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > "
                                          "x.clientWidth + 1)") for m in metrics)  # KPI labels fit
    assert not errors, errors


@pytest.mark.parametrize(("path", "charts"), [("", 1), ("storage", 4), ("dependence", 5), ("methodology", 0),
                                             ("data_sources", 1), ("winter", 2), ("electricity", 3), ("strikes", 2),
                                             ("map", 1)])
def test_every_page_reads_ukrainian(server: str, browser, path: str, charts: int):
    """LNG and Border flows read Ukrainian in test_chart_labels_never_overlap (lang=uk there)."""
    page, errors = open_page(browser, f"{server}/{path}?lang=uk", f"uk_{path or 'overview'}", charts)
    assert not page.locator("[data-testid='stException']").count()
    heading = page.locator("h1").first.inner_text()
    assert any("а" <= ch <= "я" or ch in "іїєґ" for ch in heading.lower()), heading
    assert "lang=uk" in page.url
    assert not errors, errors


def test_kpi_labels_fit_at_1280(server: str, browser):
    for lang in ("en", "uk"):
        page, _ = open_page(browser, f"{server}/?lang={lang}", f"overview_1280_{lang}", width=1280)
        labels = page.locator("[data-testid='stMetricLabel']").all()
        values = page.locator("[data-testid='stMetricValue']").all()
        assert len(labels) == 6  # the situation board's tiles
        cut = [e.inner_text() for e in labels + values  # the ellipsis sits on an inner element, so look at all
               if e.evaluate("e => [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1)")]
        assert not cut, (lang, cut)


def test_switching_language_in_the_sidebar_keeps_the_view(server: str, browser):
    page, errors = open_page(browser, f"{server}/border_flows?dir=to_ua&countries=HU&grain=month", "switch_en")
    page.get_by_role("radio", name="Українська").click()
    page.get_by_text("Газ в Україну за сусідніми країнами").first.wait_for(timeout=30_000)
    assert "lang=uk" in page.url and "dir=to_ua" in page.url and "countries=HU" in page.url
    page.get_by_role("radio", name="English").click()
    page.get_by_text("Gas into Ukraine, by neighbour").first.wait_for(timeout=30_000)
    assert "lang=en" in page.url and "countries=HU" in page.url
    assert not errors, errors
