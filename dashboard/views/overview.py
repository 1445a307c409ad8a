"""Overview: where Ukraine's gas comes from and goes to, and the headline chart — transit to the EU, which ended on
1 January 2025."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import charts, data, queries, ui
from etl import units

st.title("Ukraine gas security tracker")
st.markdown("Daily gas flows at Ukraine's borders, storage and LNG routes, from ENTSOG, GIE and curated, "
            "sourced registers. Volumes in million m³ at 20 °C; energy in GWh (gross calorific value).")

transit = data.query("SELECT gas_day, ru_entry_mcm, eu_exit_mcm, exit_sk_mcm, exit_hu_mcm, exit_pl_mcm, "
                     "exit_ro_mcm, exit_md_mcm, eu_exit_basis FROM mart_transit_daily ORDER BY gas_day")
imports = queries.ua_imports_total_daily()
storage = data.query("SELECT * FROM mart_storage_outlook WHERE area_code = 'UA'")
ua_latest = data.query("SELECT * FROM mart_ua_storage_latest")
cargoes = queries.lng_register_totals()

k1, k2, k3, k4 = st.columns(4)
if len(transit):
    last = transit.dropna(subset=["eu_exit_mcm"]).iloc[-1]
    peak_year = transit.assign(y=pd.to_datetime(transit.gas_day).dt.year).groupby("y")["eu_exit_mcm"].sum()
    k1.metric("Transit to the EU, last day held", f"{last.eu_exit_mcm:,.1f} mcm/d",
              help=f"Gas day {pd.Timestamp(last.gas_day):%d %b %Y} ({last.eu_exit_basis}). Transit ended on "
                   "1 Jan 2025.")
    k2.metric(f"Transit in {peak_year.idxmax()} (peak year held)", f"{units.mcm_to_bcm(peak_year.max()):,.1f} bcm")
if len(ua_latest) and ua_latest.newest.iloc[0] == "reported":
    r = ua_latest.iloc[0]
    more = "> " if r.qualifier == "more_than" else ""
    k3.metric("Ukraine storage, latest report", f"{more}{r.reported_bcm:,.1f} bcm",
              help=f"{r.counts}, on {pd.Timestamp(r.reported_day):%d %b %Y} ({r.reported_by}); "
                   "data/reference/ua_storage_reported.csv")
elif len(storage):
    s = storage.iloc[0]
    k3.metric("Ukraine storage, last day held", f"{s.full_pct:.1f} % full",
              help=f"{s.gas_in_storage_twh:.1f} TWh on {pd.Timestamp(s.last_day):%d %b %Y} (GIE AGSI+)")
k4.metric("LNG cargoes in the register", f"{int(cargoes.n.iloc[0])}",
          help=f"{cargoes.mcm.iloc[0] or 0:,.0f} mcm delivered, as reported")

changes = queries.latest_changes()
if len(changes):
    counted = len(changes[changes.kind != "none"])
    with st.expander(f"Since the last refresh ({pd.Timestamp(changes.published_at.iloc[0]):%d %b %Y %H:%M} UTC): "
                     + (f"{counted} change(s)" if counted else "no data changed"), expanded=False):
        for row in changes.itertuples():
            st.markdown(f"- {row.detail}" + (f" — [view]({row.link})" if row.link else ""))
        st.caption("Also as an Atom feed (feed.xml beside the warehouse) and `python -m etl changes`.")

st.subheader("Russian gas transit through Ukraine to the EU ended on 1 January 2025")
c1, c2 = st.columns([3, 2])
with c1:
    grain = ui.choice("Resolution", {"day": "daily (from 2015)", "month": "monthly (from 2008, with the IEA)"},
                      "grain", "day")
with c2:
    show_events = ui.toggle("Show events", "events", True)
if grain == "month":
    frame = queries.border_totals_monthly()
    names = {"eu_exit_mcm": "Ukraine → EU (transit)", "ru_entry_mcm": "Russia → Ukraine (entries)",
             "imports_mcm": "EU → Ukraine (imports)"}
else:
    frame = transit[["gas_day", "ru_entry_mcm", "eu_exit_mcm", "exit_sk_mcm", "exit_hu_mcm", "exit_pl_mcm",
                     "exit_ro_mcm", "eu_exit_basis"]].merge(imports, on="gas_day", how="outer").sort_values("gas_day")
    frame = frame.assign(route_level=frame["eu_exit_basis"].eq("Bruegel route series"), iea_only=False)
    names = {"eu_exit_mcm": "Ukraine → EU (transit)", "ru_entry_mcm": "Russia → Ukraine (Sudzha entry)",
             "imports_mcm": "EU → Ukraine (imports)"}
lo, hi = pd.Timestamp(frame.gas_day.min()).date(), pd.Timestamp(frame.gas_day.max()).date()
fig = charts.line(
    frame, "gas_day", names,
    "Flows across Ukraine's borders: transit fell from ~250 mcm/d to ~40, then to zero",
    "mcm/d (20 °C)" + (", monthly mean" if grain == "month" else ""),
    colours={"eu_exit_mcm": "#d62728", "ru_entry_mcm": "#7f7f7f", "imports_mcm": "#0057B7"},
    max_gap_days=40 if grain == "month" else 7,
)
span = 31 if grain == "month" else 1
if frame["route_level"].fillna(False).any():
    charts.mark_spans(fig, frame["gas_day"], frame["route_level"], "route-level series (Bruegel)", span_days=span)
if frame["iea_only"].fillna(False).any():
    charts.mark_spans(fig, frame["gas_day"], frame["iea_only"], "IEA monthly (Gas Trade Flows)",
                      colour="rgba(31,119,180,0.10)", span_days=span)
x_end = max(hi, date(2025, 2, 1))  # keep the end of transit in view even where the data stop earlier
fig.update_xaxes(range=[lo, x_end])
if show_events:
    charts.add_events(fig, ui.events(), lo, x_end)
st.plotly_chart(fig, width="stretch", key="overview_transit")
ui.stale_warning(hi if grain == "day" else pd.Timestamp(transit.gas_day.max()).date(), "ENTSOG flow")
ui.footer(frame, f"ua_transit_and_imports_{grain}",
          "ENTSOG Transparency Platform, daily physical flow per point (2015–Mar 2023 via Bruegel's ENTSOG "
          "download; Apr 2024 TP exports; newer days after a refresh); shaded: Bruegel's route series (Ukraine "
          "transit, Sudzha entry) to 20 Oct 2024" + ("; monthly view: IEA Gas Trade Flows (Oct 2008 → Sep 2022) "
                                                    "where ENTSOG has no complete month (shaded blue where only "
                                                    "the IEA is used)" if grain == "month" else ""),
          "Transit = exits to SK, HU, PL, RO; imports = entries from SK, HU, PL, RO, MD; each border point counted "
          "once (data/reference/POINTS.md). Route-level days: Bruegel's mcm at "
          f"{units.BRUEGEL_GCV_KWH_PER_M3} kWh/m³ re-based to the {units.DEFAULT_GCV_LABEL}; no per-neighbour split "
          f"and no imports on those days. IEA m³ re-based from 15 °C (× {units.M3_20C_PER_M3_15C:.3f}).")
