"""`python -m dashboard [streamlit options]`: `streamlit run dashboard/app.py`, warmed up.

A plain `streamlit run` imports nothing until the first visitor connects, so the first visit pays for importing
pandas, plotly, DuckDB and babel and for plotly's first figure (~0.8 s on a 2-core machine) before anything is
drawn. This launcher does that work in a thread while the server starts, and opens the warehouse and runs the
Overview's queries once, so the first visitor's page script runs as fast as the second's (bench/browser.py measures
both launches in the same run).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def warm_up() -> None:
    """Import what every page imports and build one figure; errors are left for the page to report."""
    try:
        import babel.dates  # noqa: F401
        import babel.messages.pofile  # noqa: F401
        import babel.numbers  # noqa: F401
        import duckdb  # noqa: F401
        import pandas  # noqa: F401
        import plotly.graph_objects as go

        from dashboard import charts, i18n, labels, queries, ui  # noqa: F401

        go.Figure(go.Scatter(x=[pandas.Timestamp("2025-01-01")], y=[1.0])).to_json()  # plotly's validators load lazily
        i18n.catalogue("uk")
        from etl.warehouse import connect_readonly, resolve_path

        path = resolve_path(None)
        if path.exists():  # the OS page cache and DuckDB's first open, for the first visitor's queries
            with connect_readonly(path) as con:
                con.execute("SELECT count(*) FROM mart_transit_daily").fetchall()
    except Exception:  # noqa: BLE001 — warming is an optimisation; the page shows any real error
        pass


def main(argv: list[str]) -> int:
    from streamlit.web import cli

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.path.insert(0, str(APP.parent.parent))
    sys.exit(main(sys.argv[1:]))
