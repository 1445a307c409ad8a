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


def run(warehouse: Path) -> list[dict]:
    chromium = shutil.which("chromium")
    if not chromium:
        return [{"bench": "browser", "skipped": "Debian's chromium is not installed"}]
    from playwright.sync_api import sync_playwright

    port = _port()
    env = {**os.environ, "UA_GAS_WAREHOUSE": str(warehouse)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port",
                             str(port), "--server.headless", "true"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        server_up = time.perf_counter() - started
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t = time.perf_counter()
            page.goto(url, wait_until="domcontentloaded")
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=60_000)
            first_chart = time.perf_counter() - t
            page2 = browser.new_page(viewport={"width": 1400, "height": 1000})
            t = time.perf_counter()
            page2.goto(url, wait_until="domcontentloaded")
            page2.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=60_000)
            second_visit = time.perf_counter() - t
            for path in PAGES[1:]:
                page.goto(f"{url}/{path}", wait_until="domcontentloaded")
                page.locator("h1").first.wait_for(timeout=60_000)
                page.wait_for_timeout(500)
            browser.close()
        return [{"bench": "browser", "server_up_s": server_up, "first_chart_s": first_chart,
                 "second_visit_first_chart_s": second_visit, "server_peak_rss_mb": _peak_rss_mb(proc.pid)}]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
