"""Time from `streamlit run` to the first chart visible in headless Chromium, and the server's peak memory."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PAGES = ("", "border_flows", "storage", "lng", "dependence", "methodology", "data_sources")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


#: What is launched, and how: the floor (Streamlit + one tiny plotly chart), the Overview as a plain `streamlit run`
#: without the first-chart measures (the baseline), and as the README's command launches it (warmed up, measures on).
LAUNCHES = {
    "floor: minimal Streamlit + plotly page": (["-m", "streamlit", "run", "bench/minimal_app.py"], {}),
    "before: streamlit run, no warm-up, no preload/compact": (["-m", "streamlit", "run", "dashboard/app.py"],
                                                               {"UA_GAS_FAST_START": "0"}),
    "after: python -m dashboard (warm-up, preload, compact)": (["-m", "dashboard"], {}),
}


def _launch(args: list[str], extra_env: dict[str, str], warehouse: Path, browser, visit_all: bool) -> dict:
    port = _port()
    env = {**os.environ, "UA_GAS_WAREHOUSE": str(warehouse), "UA_GAS_NO_AUTO_REFRESH": "1", **extra_env}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args, "--server.port", str(port), "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        server_up = time.perf_counter() - started
        times = []
        for _ in range(2):  # a first visit, and a second one in a fresh browser context (same server)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t = time.perf_counter()
            page.goto(url, wait_until="domcontentloaded")
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=60_000)
            times.append(time.perf_counter() - t)
            page.close()
        if visit_all:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for path in PAGES[1:]:
                page.goto(f"{url}/{path}", wait_until="domcontentloaded")
                page.locator("h1").first.wait_for(timeout=60_000)
                page.wait_for_timeout(500)
            page.close()
        return {"server_up_s": server_up, "first_chart_s": times[0], "second_visit_first_chart_s": times[1],
                "server_peak_rss_mb": _peak_rss_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run(warehouse: Path) -> list[dict]:
    """Time to the first chart after the server is up, for each launch in LAUNCHES, in one run; ``vs_before`` is
    the ratio to the baseline launch."""
    chromium = shutil.which("chromium")
    if not chromium:
        return [{"bench": "browser", "skipped": "Debian's chromium is not installed"}]
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        for name, (args, env) in LAUNCHES.items():
            rows.append({"bench": "browser", "launch": name,
                         **_launch(args, env, warehouse, browser, visit_all=name.startswith("after"))})
        browser.close()
    before = next(r["first_chart_s"] for r in rows if r["launch"].startswith("before"))
    for r in rows:
        r["vs_before"] = r["first_chart_s"] / before
    return rows
