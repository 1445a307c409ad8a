"""Overview: where things stand this gas year (the situation board, dashboard/board.py), what the last refresh
changed, and the history — transit to the EU, which ended on 1 January 2025."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import board, change_words, charts, data, i18n, queries, ui
from dashboard.i18n import t
from etl import units

st.title(t("Ukraine gas security tracker"))
st.markdown(t("**Where things stand** — Ukraine's gas and power supply this gas year, each figure with its date and "
              "source. Volumes in bcm or million m³ at 20 °C; power in MW and GWh."))

transit = data.query("SELECT gas_day, ru_entry_mcm, eu_exit_mcm, exit_sk_mcm, exit_hu_mcm, exit_pl_mcm, "
                     "exit_ro_mcm, exit_md_mcm, eu_exit_basis FROM mart_transit_daily ORDER BY gas_day")
imports = queries.ua_imports_total_daily()

board.board()

changes = queries.latest_changes()
if len(changes):
    counted = len(changes[changes.kind != "none"])
    with st.expander(t("Since the last refresh ({when} UTC): ", when=i18n.moment(changes.published_at.iloc[0]))
                     + (t("changes: {n}", n=counted) if counted else t("no data changed")), expanded=False):
        for row in changes.itertuples():
            st.markdown(f"- {change_words.in_words(row.kind, row.facts, row.detail)}"
                        + (f" — [{t('view')}]({row.link})" if row.link else ""))
        st.caption(t("Also as an Atom feed (feed.xml beside the warehouse) and `python -m etl changes`."))

st.subheader(t("Russian gas transit through Ukraine to the EU ended on 1 January 2025"))
c1, c2 = st.columns([3, 2])
with c1:
    grain = ui.choice(t("Resolution"), {"day": t("daily (from 2015)"), "month": t("monthly (from 2008, with the IEA)")},
                      "grain", "day")
with c2:
    show_events = ui.toggle(t("Show events"), "events", True)
if grain == "month":
    frame = queries.border_totals_monthly()
    names = {"eu_exit_mcm": t("Ukraine → EU (transit)"), "ru_entry_mcm": t("Russia → Ukraine (entries)"),
             "imports_mcm": t("EU → Ukraine (imports)")}
else:
    frame = transit[["gas_day", "ru_entry_mcm", "eu_exit_mcm", "exit_sk_mcm", "exit_hu_mcm", "exit_pl_mcm",
                     "exit_ro_mcm", "eu_exit_basis"]].merge(imports, on="gas_day", how="outer").sort_values("gas_day")
    frame = frame.assign(route_level=frame["eu_exit_basis"].eq("Bruegel route series"), iea_only=False)
    names = {"eu_exit_mcm": t("Ukraine → EU (transit)"), "ru_entry_mcm": t("Russia → Ukraine (Sudzha entry)"),
             "imports_mcm": t("EU → Ukraine (imports)")}
lo, hi = pd.Timestamp(frame.gas_day.min()).date(), pd.Timestamp(frame.gas_day.max()).date()
fig = charts.line(
    frame, "gas_day", names,
    t("Flows across Ukraine's borders: transit fell from ~250 mcm/d to ~40, then to zero"),
    t("mcm/d (20 °C)") + (t(", monthly mean") if grain == "month" else ""),
    colours={"eu_exit_mcm": "#d62728", "ru_entry_mcm": "#7f7f7f", "imports_mcm": "#0057B7"},
    max_gap_days=40 if grain == "month" else 7,
)
span = 31 if grain == "month" else 1
if frame["route_level"].fillna(False).any():
    charts.mark_spans(fig, frame["gas_day"], frame["route_level"], t("route-level series (Bruegel)"), span_days=span)
if frame["iea_only"].fillna(False).any():
    charts.mark_spans(fig, frame["gas_day"], frame["iea_only"], t("IEA monthly (Gas Trade Flows)"),
                      colour="rgba(31,119,180,0.10)", span_days=span)
x_end = max(hi, date(2025, 2, 1))  # keep the end of transit in view even where the data stop earlier
fig.update_xaxes(range=[lo, x_end])
if show_events:
    charts.add_events(fig, ui.events(), lo, x_end)
ui.chart(fig, key="overview_transit")
ui.stale_warning(hi if grain == "day" else pd.Timestamp(transit.gas_day.max()).date(), t("ENTSOG flow"))
ui.footer(frame, f"ua_transit_and_imports_{grain}",
          t("ENTSOG Transparency Platform, daily physical flow per point (2015–Mar 2023 via Bruegel's ENTSOG "
            "download; Apr 2024 TP exports; newer days after a refresh); shaded: Bruegel's route series (Ukraine "
            "transit, Sudzha entry) to 20 Oct 2024")
          + (t("; monthly view: IEA Gas Trade Flows (Oct 2008 → Sep 2022) where ENTSOG has no complete month "
               "(shaded blue where only the IEA is used)") if grain == "month" else ""),
          t("Transit = exits to SK, HU, PL, RO; imports = entries from SK, HU, PL, RO, MD; each border point counted "
            "once (data/reference/POINTS.md). Route-level days: Bruegel's mcm at {gcv} kWh/m³ re-based to the "
            "{default}; no per-neighbour split and no imports on those days. IEA m³ re-based from 15 °C "
            "(× {factor}).", gcv=i18n.num(units.BRUEGEL_GCV_KWH_PER_M3), default=i18n.default_gcv(),
            factor=i18n.num(units.M3_20C_PER_M3_15C, 3)))
