"""Storage: will Ukraine get through the winter? Stock against the five-year band, injection and withdrawal,
fill against the EU and neighbours, and a winter outlook at the current and a chosen withdrawal rate."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, queries, reported_storage, ui
from dashboard.i18n import t, tn

st.title(t("Gas storage"))

areas = queries.storage_areas()
if areas.empty:
    st.info(t("No storage data in the warehouse. Run `python -m etl refresh --source agsi` with a GIE key."))
    st.stop()
codes = areas.area_code.tolist()
c1, c2 = st.columns([3, 2])
with c2:
    area = ui.choice(t("Area"), {c: charts.name(c) for c in codes}, "area", "UA" if "UA" in codes else codes[0])
    unit = ui.choice(t("Unit"), {"twh": t("TWh"), "bcm": t("bcm (20 °C)")}, "unit", "twh")
info = areas.set_index("area_code").loc[area]
lo, hi = pd.Timestamp(info.lo).date(), pd.Timestamp(info.hi).date()
with c1:
    start, end = ui.date_range(lo, hi)
show_events = ui.toggle(t("Show events"), "events", True)
show_strikes = ui.toggle(t("Show strikes on energy assets"), "strikes", False)

if area == "UA" and info.days < 400:
    st.warning(tn("The bundled snapshot holds only {days} day of Ukraine's storage ({lo} → {hi}): the public "
                  "AGSI+ history needs a free GIE key. Set GIE_API_KEY and run `python -m etl refresh --source agsi "
                  "--since 2022-03-03` to load it. Until then the figures Ukraine's operators and government "
                  "reported show five winters (first chart).",
                  "The bundled snapshot holds only {days} days of Ukraine's storage ({lo} → {hi}): the public "
                  "AGSI+ history needs a free GIE key. Set GIE_API_KEY and run `python -m etl refresh --source agsi "
                  "--since 2022-03-03` to load it. Until then the figures Ukraine's operators and government "
                  "reported show five winters (first chart).", info.days, days=info.days, lo=i18n.day(lo),
                  hi=i18n.day(hi)),
               icon=":material/key:")
elif area == "UA" and hi < date.today() - timedelta(days=60):
    st.warning(tn("The bundled snapshot holds Ukraine's AGSI+ storage from {lo} to {hi} ({days} day, copied from "
                  "a public dashboard's record of AGSI+: data/reference/agsi/README.md). Set GIE_API_KEY and run "
                  "`python -m etl refresh --source agsi` to bring the days since; meanwhile the figures Ukraine's "
                  "operators and government reported reach further (first chart).",
                  "The bundled snapshot holds Ukraine's AGSI+ storage from {lo} to {hi} ({days} days, copied from "
                  "a public dashboard's record of AGSI+: data/reference/agsi/README.md). Set GIE_API_KEY and run "
                  "`python -m etl refresh --source agsi` to bring the days since; meanwhile the figures Ukraine's "
                  "operators and government reported reach further (first chart).", int(info.days),
                  lo=i18n.day(lo), hi=i18n.day(hi), days=int(info.days)), icon=":material/key:")
if area == "UA":
    reported_storage.section(show_events, show_strikes)

band = data.query("SELECT b.*, d.gas_in_storage_bcm FROM mart_storage_band b JOIN mart_storage_daily d "
                  "USING (area_code, gas_day) WHERE area_code = ? AND gas_day BETWEEN ? AND ? ORDER BY gas_day",
                  (area, start, end))
factor = 1.0 if unit == "twh" else (band.gas_in_storage_bcm / band.gas_in_storage_twh).median()
y_title = t("TWh") if unit == "twh" else f"{t('bcm')} ({i18n.default_gcv()})"
enough = band.band_years >= 3  # a "five-year" band of one or two earlier years (Ukraine's AGSI+ days) is not drawn
plot = band.assign(**{c: band[c] * factor for c in ["gas_in_storage_twh", "band_min_twh", "band_mean_twh",
                                                    "band_max_twh"]})
plot = plot.assign(**{c: plot[c].where(enough) for c in ["band_min_twh", "band_mean_twh", "band_max_twh"]})
latest = band.assign(band_mean_twh=band.band_mean_twh.where(enough)).iloc[-1] if len(band) else None
vs = ""
if latest is not None and pd.notna(latest.band_mean_twh):
    diff = latest.gas_in_storage_twh - latest.band_mean_twh
    vs = (t(": {twh} TWh above the five-year mean on {day}", twh=i18n.num(abs(diff), 0), day=i18n.day(latest.gas_day))
          if diff >= 0 else
          t(": {twh} TWh below the five-year mean on {day}", twh=i18n.num(abs(diff), 0), day=i18n.day(latest.gas_day)))
fig = charts.band(plot, "gas_day", "band_min_twh", "band_max_twh", "band_mean_twh", "gas_in_storage_twh",
                  t("Gas in storage, {area}", area=charts.name(area)) + vs, y_title, t("gas in storage"))
if show_events:
    charts.add_events(fig, ui.events(), start, end)
ui.chart(fig, key="storage_band")
ui.footer(plot, f"storage_band_{area}", t("GIE AGSI+ (Gas Infrastructure Europe)"),
          t("Band = same calendar day in the previous five years held; drawn where at least three of them are."))



def flows_figure(area: str, start, end, show_events: bool) -> go.Figure:
    flows = data.query("SELECT gas_day, injection_gwh, withdrawal_gwh FROM mart_storage_daily "
                       "WHERE area_code = ? AND gas_day BETWEEN ? AND ? ORDER BY gas_day", (area, start, end))
    fig2 = go.Figure([
        go.Bar(x=flows.gas_day, y=flows.injection_gwh, name=t("injection"), marker_color="#2ca02c"),
        go.Bar(x=flows.gas_day, y=-flows.withdrawal_gwh, name=t("withdrawal"), marker_color="#d62728"),
    ])
    fig2.update_layout(template=charts.TEMPLATE, barmode="relative", yaxis_title=t("GWh/d"),
                       title=t("Injection (up) and withdrawal (down), {area}", area=charts.name(area)))
    if show_events:
        charts.add_events(fig2, ui.events(), start, end)
    return fig2


flows = data.query("SELECT gas_day, injection_gwh, withdrawal_gwh FROM mart_storage_daily "
                   "WHERE area_code = ? AND gas_day BETWEEN ? AND ? ORDER BY gas_day", (area, start, end))
charts.draw_cached(flows_figure, area, start, end, show_events, key="storage_flows")
ui.footer(flows, f"storage_flows_{area}", t("GIE AGSI+ (Gas Infrastructure Europe)"))

st.subheader(t("Fill level: Ukraine, the EU and the neighbours"))
compare = ui.multi(t("Areas"), codes, "compare", codes, fmt=charts.name)


def fill_figure(compare: tuple[str, ...], start, end, show_events: bool) -> go.Figure:
    fill = data.query("SELECT gas_day, area_code, full_pct FROM mart_storage_daily WHERE gas_day BETWEEN ? AND ? "
                      "ORDER BY gas_day", (start, end))
    fill = fill[fill.area_code.isin(compare)]
    fig3 = go.Figure()
    for code, part in fill.groupby("area_code"):
        fig3.add_trace(go.Scatter(x=part.gas_day, y=part.full_pct, name=charts.name(code), mode="lines",
                                  line=dict(color=charts.colour(code))))
    targets = data.query("SELECT target_day, full_pct, legal_basis FROM mart_storage_target WHERE target_day "
                         "BETWEEN ? AND ?", (start, end))
    if len(targets):
        fig3.add_trace(go.Scatter(x=targets.target_day, y=targets.full_pct, mode="markers",
                                  name=t("EU filling target"), marker=dict(symbol="diamond", size=10, color="#003399"),
                                  hovertext=targets.legal_basis))
    fig3.update_layout(template=charts.TEMPLATE, yaxis_title=t("% of working gas volume"), yaxis_range=[0, 100],
                       title=t("How full storage is, against the EU's 1 November filling target"))
    if show_events:
        charts.add_events(fig3, ui.events(), start, end)
    return fig3


fill = data.query("SELECT gas_day, area_code, full_pct FROM mart_storage_daily WHERE gas_day BETWEEN ? AND ? "
                  "ORDER BY gas_day", (start, end))
fill = fill[fill.area_code.isin(compare)]
charts.draw_cached(fill_figure, tuple(compare), start, end, show_events, key="storage_fill")
ui.footer(fill, "storage_fill_pct", t("GIE AGSI+; targets: Regulation (EU) 2022/1032 (data/reference/"
                                      "storage_targets.csv)"))

if area != "UA":
    reported_storage.section(show_events, show_strikes)

st.subheader(t("Winter outlook"))
outlook = data.query("SELECT * FROM mart_storage_outlook WHERE area_code = ?", (area,))
latest_ua = i18n.localised(data.query("SELECT * FROM mart_ua_storage_latest")) if area == "UA" else None
if latest_ua is not None and len(latest_ua) and latest_ua.newest.iloc[0] == "reported" and len(outlook):
    r = latest_ua.iloc[0]
    st.info(t("AGSI+ holds Ukraine only to {agsi_day}: the outlook starts from the newest reported stock, {bcm} bcm "
              "({counts}) on {day} ({by}), ≈ {twh} TWh at the {default}. No recent withdrawal rate is held, so only "
              "the rate you choose applies.", agsi_day=i18n.day(r.agsi_day), bcm=i18n.num(r.reported_bcm),
              counts=r.counts, day=i18n.day(r.reported_day), by=r.reported_by, twh=i18n.num(r.reported_twh, 0),
              default=i18n.default_gcv()), icon=":material/info:")
    outlook = outlook.assign(last_day=r.reported_day, gas_in_storage_twh=r.reported_twh, full_pct=float("nan"),
                             net_withdrawal_7d_gwh=float("nan"), days_of_cover=float("nan"))
if outlook.empty:
    st.info(t("No outlook: no storage data for this area."))
else:
    o = outlook.iloc[0]
    wgv_twh = float(o.working_gas_volume_twh or 0)
    floor_pct = st.slider(t("Floor (% of working gas volume)"), 0, 50, 10, key="w_floor")
    current_rate = float(o.net_withdrawal_7d_gwh) if pd.notna(o.net_withdrawal_7d_gwh) else 0.0
    rate = st.number_input(t("Withdrawal rate to test (GWh/d)"), min_value=0.0, value=max(current_rate, 500.0),
                           format="%.0f", step=50.0, key="w_rate")
    floor_twh = wgv_twh * floor_pct / 100
    dates = data.query(
        "SELECT storage_floor_date(?, ?, ?, ?) AS at_current, storage_floor_date(?, ?, ?, ?) AS at_chosen",
        (o.gas_in_storage_twh, floor_twh, current_rate, o.last_day,
         o.gas_in_storage_twh, floor_twh, rate, o.last_day))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("Stock on {day}", day=i18n.day(o.last_day)), f"{i18n.num(o.gas_in_storage_twh)} {t('TWh')}",
              t("{pct} % full", pct=i18n.num(o.full_pct)) if pd.notna(o.full_pct) else t("as reported"),
              delta_color="off")
    m2.metric(t("Net withdrawal, last 7 days"), f"{i18n.num(current_rate, 0)} {t('GWh/d')}"
              if pd.notna(o.net_withdrawal_7d_gwh) else t("not held"),
              t("filling") if current_rate <= 0 else tn("{days} day of cover", "{days} days of cover",
                                                       round(o.days_of_cover), days=i18n.num(o.days_of_cover, 0)),
              delta_color="off")
    chosen = dates.at_chosen.iloc[0]
    m3.metric(t("Floor of {pct} % reached at {rate} GWh/d", pct=floor_pct, rate=i18n.num(rate, 0)),
              i18n.day(chosen) if pd.notna(chosen) else t("not reached"))
    at_current = dates.at_current.iloc[0]
    st.caption((t("At the current rate the floor is reached on {day}. ", day=i18n.day(at_current))
                if pd.notna(at_current) else t("At the current rate storage is filling, so no floor date. "))
               + t("Constant-rate arithmetic (SQL macro storage_floor_date), not a forecast: cold spells and attacks "
                   "change the rate."))
