"""Storage: will Ukraine get through the winter? Stock against the five-year band, injection and withdrawal,
fill against the EU and neighbours, and a winter outlook at the current and a chosen withdrawal rate."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, queries, reported_storage, ui
from etl import units

st.title("Gas storage")

areas = queries.storage_areas()
if areas.empty:
    st.info("No storage data in the warehouse. Run `python -m etl refresh --source agsi` with a GIE key.")
    st.stop()
codes = areas.area_code.tolist()
c1, c2 = st.columns([3, 2])
with c2:
    area = ui.choice("Area", {c: charts.name(c) for c in codes}, "area", "UA" if "UA" in codes else codes[0])
    unit = ui.choice("Unit", {"twh": "TWh", "bcm": "bcm (20 °C)"}, "unit", "twh")
info = areas.set_index("area_code").loc[area]
lo, hi = pd.Timestamp(info.lo).date(), pd.Timestamp(info.hi).date()
with c1:
    start, end = ui.date_range(lo, hi)
show_events = ui.toggle("Show events", "events", True)

if area == "UA" and info.days < 400:
    st.warning(f"The bundled snapshot holds only {info.days} days of Ukraine's storage "
               f"({lo:%d %b %Y} → {hi:%d %b %Y}): the public AGSI+ history needs a free GIE key. Set GIE_API_KEY "
               "and run `python -m etl refresh --source agsi --since 2022-03-03` to load it. Until then the "
               "figures Ukraine's operators and government reported show five winters (first chart).",
               icon=":material/key:")
    reported_storage.section(show_events)

band = data.query("SELECT b.*, d.gas_in_storage_bcm FROM mart_storage_band b JOIN mart_storage_daily d "
                  "USING (area_code, gas_day) WHERE area_code = ? AND gas_day BETWEEN ? AND ? ORDER BY gas_day",
                  (area, start, end))
factor = 1.0 if unit == "twh" else (band.gas_in_storage_bcm / band.gas_in_storage_twh).median()
y_title = "TWh" if unit == "twh" else f"bcm ({units.DEFAULT_GCV_LABEL})"
plot = band.assign(**{c: band[c] * factor for c in ["gas_in_storage_twh", "band_min_twh", "band_mean_twh",
                                                    "band_max_twh"]})
latest = band.iloc[-1] if len(band) else None
vs = ""
if latest is not None and pd.notna(latest.band_mean_twh):
    diff = latest.gas_in_storage_twh - latest.band_mean_twh
    vs = f": {abs(diff):,.0f} TWh {'above' if diff >= 0 else 'below'} the five-year mean on {latest.gas_day:%d %b %Y}"
fig = charts.band(plot, "gas_day", "band_min_twh", "band_max_twh", "band_mean_twh", "gas_in_storage_twh",
                  f"Gas in storage, {charts.name(area)}{vs}", y_title, "gas in storage")
if show_events:
    charts.add_events(fig, ui.events(), start, end)
st.plotly_chart(fig, width="stretch", key="storage_band")
ui.footer(plot, f"storage_band_{area}", "GIE AGSI+ (Gas Infrastructure Europe)",
          "Band = same calendar day in the previous five years held.")

flows = data.query("SELECT gas_day, injection_gwh, withdrawal_gwh FROM mart_storage_daily "
                   "WHERE area_code = ? AND gas_day BETWEEN ? AND ? ORDER BY gas_day", (area, start, end))
fig2 = go.Figure([
    go.Bar(x=flows.gas_day, y=flows.injection_gwh, name="injection", marker_color="#2ca02c"),
    go.Bar(x=flows.gas_day, y=-flows.withdrawal_gwh, name="withdrawal", marker_color="#d62728"),
])
fig2.update_layout(template=charts.TEMPLATE, barmode="relative", yaxis_title="GWh/d",
                   title=f"Injection (up) and withdrawal (down), {charts.name(area)}")
if show_events:
    charts.add_events(fig2, ui.events(), start, end)
st.plotly_chart(fig2, width="stretch", key="storage_flows")
ui.footer(flows, f"storage_flows_{area}", "GIE AGSI+ (Gas Infrastructure Europe)")

st.subheader("Fill level: Ukraine, the EU and the neighbours")
compare = ui.multi("Areas", codes, "compare", codes, fmt=charts.name)
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
    fig3.add_trace(go.Scatter(x=targets.target_day, y=targets.full_pct, mode="markers", name="EU filling target",
                              marker=dict(symbol="diamond", size=10, color="#003399"),
                              hovertext=targets.legal_basis))
fig3.update_layout(template=charts.TEMPLATE, yaxis_title="% of working gas volume", yaxis_range=[0, 100],
                   title="How full storage is, against the EU's 1 November filling target")
if show_events:
    charts.add_events(fig3, ui.events(), start, end)
st.plotly_chart(fig3, width="stretch", key="storage_fill")
ui.footer(fill, "storage_fill_pct", "GIE AGSI+; targets: Regulation (EU) 2022/1032 (data/reference/"
          "storage_targets.csv)")

if area != "UA":
    reported_storage.section(show_events)

st.subheader("Winter outlook")
outlook = data.query("SELECT * FROM mart_storage_outlook WHERE area_code = ?", (area,))
latest_ua = data.query("SELECT * FROM mart_ua_storage_latest") if area == "UA" else None
if latest_ua is not None and len(latest_ua) and latest_ua.newest.iloc[0] == "reported" and len(outlook):
    r = latest_ua.iloc[0]
    st.info(f"AGSI+ holds Ukraine only to {pd.Timestamp(r.agsi_day):%d %b %Y}: the outlook starts from the newest "
            f"reported stock, {r.reported_bcm:,.1f} bcm ({r.counts}) on {pd.Timestamp(r.reported_day):%d %b %Y} "
            f"({r.reported_by}), ≈ {r.reported_twh:,.0f} TWh at the {units.DEFAULT_GCV_LABEL}. No recent "
            "withdrawal rate is held, so only the rate you choose applies.", icon=":material/info:")
    outlook = outlook.assign(last_day=r.reported_day, gas_in_storage_twh=r.reported_twh, full_pct=float("nan"),
                             net_withdrawal_7d_gwh=float("nan"), days_of_cover=float("nan"))
if outlook.empty:
    st.info("No outlook: no storage data for this area.")
else:
    o = outlook.iloc[0]
    wgv_twh = float(o.working_gas_volume_twh or 0)
    floor_pct = st.slider("Floor (% of working gas volume)", 0, 50, 10, key="w_floor")
    current_rate = float(o.net_withdrawal_7d_gwh) if pd.notna(o.net_withdrawal_7d_gwh) else 0.0
    rate = st.number_input("Withdrawal rate to test (GWh/d)", min_value=0.0, value=max(current_rate, 500.0),
                           step=50.0, key="w_rate")
    floor_twh = wgv_twh * floor_pct / 100
    dates = data.query(
        "SELECT storage_floor_date(?, ?, ?, ?) AS at_current, storage_floor_date(?, ?, ?, ?) AS at_chosen",
        (o.gas_in_storage_twh, floor_twh, current_rate, o.last_day,
         o.gas_in_storage_twh, floor_twh, rate, o.last_day))
    m1, m2, m3 = st.columns(3)
    m1.metric(f"Stock on {pd.Timestamp(o.last_day):%d %b %Y}", f"{o.gas_in_storage_twh:,.1f} TWh",
              f"{o.full_pct:.1f} % full" if pd.notna(o.full_pct) else "as reported", delta_color="off")
    m2.metric("Net withdrawal, last 7 days", f"{current_rate:,.0f} GWh/d" if pd.notna(o.net_withdrawal_7d_gwh)
              else "not held", "filling" if current_rate <= 0 else f"{o.days_of_cover:,.0f} days of cover",
              delta_color="off")
    chosen = dates.at_chosen.iloc[0]
    m3.metric(f"Floor of {floor_pct} % reached at {rate:,.0f} GWh/d",
              f"{pd.Timestamp(chosen):%d %b %Y}" if pd.notna(chosen) else "not reached")
    at_current = dates.at_current.iloc[0]
    st.caption(("At the current rate the floor is reached on "
                f"{pd.Timestamp(at_current):%d %b %Y}. " if pd.notna(at_current) else
                "At the current rate storage is filling, so no floor date. ")
               + "Constant-rate arithmetic (SQL macro storage_floor_date), not a forecast: cold spells and attacks "
                 "change the rate.")
