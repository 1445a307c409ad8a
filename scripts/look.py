"""Screenshots of a running dashboard as a visitor sees it: each chart of a page, at desktop or phone width.

    .venv/bin/streamlit run dashboard/app.py --server.headless true &   # or bash scripts/dashboard.sh
    .venv/bin/python scripts/look.py storage --width 1400 --out /tmp/look
    .venv/bin/python scripts/look.py "data_sources?cov=storage" --width 390

Writes <out>/<page>_<n>.png per chart (and <page>_top.png); Streamlit scrolls inside its own container, so a
full-page screenshot misses what is below the fold.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="page path after the host, e.g. 'storage' or 'data_sources?cov=routes'")
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--out", type=Path, default=Path("/tmp/look"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.page.split("?")[0] or "overview"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": args.width, "height": 1000})
        page.goto(f"{args.url}/{args.page}", wait_until="domcontentloaded")
        page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=60_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(args.out / f"{stem}_top.png"))
        for n, chart in enumerate(page.locator(".js-plotly-plot").all()):
            chart.scroll_into_view_if_needed()
            page.wait_for_timeout(400)
            chart.screenshot(path=str(args.out / f"{stem}_{n}.png"))
            print(args.out / f"{stem}_{n}.png")
        browser.close()


if __name__ == "__main__":
    main()
