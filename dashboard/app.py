"""Entry point: `streamlit run dashboard/app.py`. Builds the warehouse from the bundled snapshot on first start."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` from a clone without install

from dashboard import data  # noqa: E402

st.set_page_config(page_title="Ukraine gas security tracker", page_icon=":material/local_fire_department:",
                   layout="wide")
data.ensure_warehouse()

VIEWS = Path(__file__).resolve().parent / "views"  # not "pages/": Streamlit would also serve that folder as v1 pages
nav = st.navigation(
    [
        st.Page(VIEWS / "overview.py", title="Overview", icon=":material/home:", default=True),  # served at /
        st.Page(VIEWS / "border_flows.py", title="Transit & border flows", icon=":material/swap_horiz:",
                url_path="border_flows"),
        st.Page(VIEWS / "storage.py", title="Storage", icon=":material/database:", url_path="storage"),
        st.Page(VIEWS / "lng.py", title="LNG", icon=":material/directions_boat:", url_path="lng"),
        st.Page(VIEWS / "dependence.py", title="Dependence", icon=":material/hub:", url_path="dependence"),
        st.Page(VIEWS / "methodology.py", title="Methodology", icon=":material/menu_book:", url_path="methodology"),
        st.Page(VIEWS / "data_sources.py", title="Data & sources", icon=":material/table_view:",
                url_path="data_sources"),
    ]
)
schedule = data.schedule_state()
if schedule and schedule.get("next_run"):
    last = f"last {schedule['last_run'].replace('T', ' ')} ({schedule.get('last_status', '?')}), " \
        if schedule.get("last_run") else ""
    st.sidebar.caption(f"Data refresh: {last}next {schedule['next_run'].replace('T', ' ')}")
newest = data.freshness()["last_day"]
for failure in data.failed_sources().itertuples():
    held = newest.get(failure.source)
    st.sidebar.warning(f"Last {failure.source} refresh failed ({failure.finished_at:%d %b %H:%M} UTC): "
                       f"{data.failure_in_words(str(failure.error))}. Pages show the last good data"
                       + (f" ({failure.source} data held to {held:%d %b %Y})." if held is not None else "."),
                       icon=":material/sync_problem:")
    with st.sidebar.expander("Technical detail"):
        st.code(str(failure.error), language=None)
nav.run()
