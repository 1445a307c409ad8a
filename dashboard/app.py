"""Entry point: `streamlit run dashboard/app.py`. Builds the warehouse from the bundled snapshot on first start."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` from a clone without install

from dashboard import charts, data, i18n  # noqa: E402
from dashboard.i18n import t, tn  # noqa: E402

st.set_page_config(page_title=t("Ukraine gas security tracker"), page_icon=":material/local_fire_department:",
                   layout="wide")
st.html(charts.PHONE_CSS)  # event labels need room: phones keep the lines and drop the words
if preload := charts.plotly_preload():
    st.html(preload, unsafe_allow_javascript=True)
data.ensure_warehouse()

# the language first: every label below reads it. Kept in ?lang= so a copied link opens in the same language.
lang = st.sidebar.segmented_control("Мова / Language", list(i18n.LANGUAGES), default=i18n.current(),
                                    format_func=i18n.LANGUAGES.get, key="w_lang")
if lang and st.query_params.get("lang") != lang:
    st.query_params["lang"] = lang

VIEWS = Path(__file__).resolve().parent / "views"  # not "pages/": Streamlit would also serve that folder as v1 pages
nav = st.navigation(
    [
        st.Page(VIEWS / "overview.py", title=t("Overview"), icon=":material/home:", default=True),  # served at /
        st.Page(VIEWS / "winter.py", title=t("This winter"), icon=":material/ac_unit:", url_path="winter"),
        st.Page(VIEWS / "border_flows.py", title=t("Transit & border flows"), icon=":material/swap_horiz:",
                url_path="border_flows"),
        st.Page(VIEWS / "storage.py", title=t("Storage"), icon=":material/database:", url_path="storage"),
        st.Page(VIEWS / "lng.py", title=t("LNG"), icon=":material/directions_boat:", url_path="lng"),
        st.Page(VIEWS / "dependence.py", title=t("Dependence"), icon=":material/hub:", url_path="dependence"),
        st.Page(VIEWS / "electricity.py", title=t("Electricity"), icon=":material/bolt:", url_path="electricity"),
        st.Page(VIEWS / "strikes.py", title=t("Strikes"), icon=":material/crisis_alert:", url_path="strikes"),
        st.Page(VIEWS / "energy_map.py", title=t("Map"), icon=":material/map:", url_path="map"),
        st.Page(VIEWS / "methodology.py", title=t("Methodology"), icon=":material/menu_book:",
                url_path="methodology"),
        st.Page(VIEWS / "data_sources.py", title=t("Data & sources"), icon=":material/table_view:",
                url_path="data_sources"),
    ]
)
schedule = data.schedule_state()
if schedule and schedule.get("next_run"):
    last = t("last {when} ({status}), ", when=i18n.moment(schedule["last_run"]),
             status=data.run_status_in_words(schedule.get("last_status"))) if schedule.get("last_run") else ""
    st.sidebar.caption(t("Data refresh: {last}next {when}", last=last, when=i18n.moment(schedule["next_run"])))

def _offline(failures) -> None:
    """Failed refreshes, quietly: no network is a state (one line, the data held still shown), so the sources not
    reached share one line; a failure that is not the network (an HTTP error, a changed shape) gets its own warning.
    What each source's failure means and its raw error are behind one expander."""
    from etl.failures import unreachable

    if failures.empty:
        return
    unreached = failures[[unreachable(str(e)) for e in failures.error]]
    if len(unreached):
        held = [data.freshness()["last_day"].get(s) for s in unreached.source]
        held = [d for d in held if d is not None and not pd.isna(d)]
        shown = (t("pages show the data held, to {day}", day=i18n.day(max(held))) if held
                 else t("pages show the data held"))
        st.sidebar.caption(":material/cloud_off: " + tn(
            "Offline: {n} source not reached at {when} UTC — {shown}",
            "Offline: {n} sources not reached at {when} UTC — {shown}", len(unreached), n=len(unreached),
            when=f"{pd.Timestamp(unreached.finished_at.max()):%H:%M}", shown=shown))
    for failure in failures.drop(unreached.index).itertuples():
        st.sidebar.warning(data.failure_notice(failure.source, str(failure.error), failure.finished_at),
                           icon=":material/sync_problem:")
    with st.sidebar.expander(t("Technical detail")):
        for failure in failures.itertuples():
            st.caption(data.failure_notice(failure.source, str(failure.error), failure.finished_at))
            st.code(str(failure.error), language=None)


_offline(data.failed_sources())
nav.run()
