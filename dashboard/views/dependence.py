"""Dependence: how dependent the EU was on Russian gas crossing Ukraine, and how dependent Ukraine is on the few
borders, sources and storage that keep it supplied — side by side over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from dashboard import charts, data, labels, queries, ui, ukraine_balance
from etl import units

st.title("Supply dependence")
indicators = data.query("SELECT * FROM ref_indicator")
titles = dict(zip(indicators.indicator, indicators.title, strict=True))
show_events = ui.toggle("Show events", "events", True)
events = ui.events()

# ---------------------------------------------------------------- EU side: Russian routes
routes = data.query("SELECT month, route, flow_bcm, basis FROM mart_russian_routes_monthly WHERE complete "
                    "ORDER BY month")
yearly = data.query("SELECT year, value FROM mart_dependence_yearly "
                    "WHERE indicator = 'ua_route_share_of_ru_pipeline_pct' AND periods = 12 ORDER BY year")
finding = ""
if len(yearly) >= 2:
    a, b = yearly.iloc[0], yearly.iloc[-1]
    finding = f": Ukraine carried {a.value:.0f} % in {int(a.year)} and {b.value:.0f} % in {int(b.year)}"
fig = go.Figure()
for route, part in routes.groupby("route"):
    fig.add_trace(go.Scatter(x=part.month, y=part.flow_bcm, name=labels.name(route, "route"), stackgroup="one",
                             mode="lines", line=dict(width=0.5, color=labels.colour(route, "route"))))
fig.update_layout(template=charts.TEMPLATE, yaxis_title="bcm/month (20 °C, months with complete data)",
                  title=f"Russian pipeline gas into the EU by route{finding}")
route_level = routes.groupby("month")["basis"].agg(lambda b: b.str.contains("Bruegel").any())
if route_level.any():
    charts.mark_spans(fig, pd.Series(route_level.index), pd.Series(route_level.to_numpy()),
                      "route-level series (Bruegel)")
if show_events and len(routes):
    charts.add_events(fig, events, routes.month.min().date(), routes.month.max().date())
st.plotly_chart(fig, width="stretch", key="dep_routes")
ui.footer(routes, "russian_routes_monthly", "ENTSOG Transparency Platform, physical flows at the EU entry points of "
          "each route and Ukraine's western exits; shaded months rest wholly or partly on Bruegel's daily route "
          "series (ENTSOG-based) where no per-point data is held (column 'basis')",
          "Each physical point counted once (data/reference/POINTS.md). Route series: Bruegel's mcm at "
          f"{units.BRUEGEL_GCV_KWH_PER_M3} kWh/m³ re-based to the {units.DEFAULT_GCV_LABEL}.")

st.subheader("The EU's gas supply by supplier")
supply = data.query("SELECT month, supplier, flow_bcm, share_pct FROM mart_eu_supply_monthly WHERE complete "
                    "ORDER BY month")
if supply.empty:
    st.info("No route-level supply series in the warehouse.")
else:
    ru = supply[supply.supplier == "russia"].set_index("month")["share_pct"]
    headline = (f": Russia {ru.iloc[0]:.0f} % in {pd.Timestamp(ru.index[0]):%b %Y}, "
                f"{ru.iloc[-1]:.0f} % in {pd.Timestamp(ru.index[-1]):%b %Y}") if len(ru) else ""
    fig_s = go.Figure()
    for supplier in labels.codes("supplier"):
        part = supply[supply.supplier == supplier]
        fig_s.add_trace(go.Scatter(x=part.month, y=part.flow_bcm, name=labels.name(supplier, "supplier"),
                                   stackgroup="one", mode="lines",
                                   line=dict(width=0.5, color=labels.colour(supplier, "supplier")),
                                   customdata=part.share_pct, hovertemplate="%{y:.2f} bcm (%{customdata:.0f} %)"))
    fig_s.update_layout(template=charts.TEMPLATE, yaxis_title="bcm/month (20 °C)",
                        title=f"EU gas imports by supplier{headline}")
    if show_events:
        charts.add_events(fig_s, events, supply.month.min().date(), supply.month.max().date())
    st.plotly_chart(fig_s, width="stretch", key="dep_eu_supply")
    ui.footer(supply, "eu_supply_monthly", "Bruegel, European natural gas imports (daily by route and supplier, "
              "computed from ENTSOG physical flows), file of 22 Oct 2024",
              "Imports only (no EU production or storage); Russian LNG is under LNG. Bruegel's "
              f"{units.BRUEGEL_GCV_KWH_PER_M3} kWh/m³ re-based to the {units.DEFAULT_GCV_LABEL}.")

ukraine_balance.section(events, show_events)

# ---------------------------------------------------------------- all indicators: small multiples
st.subheader("Every indicator over time")
monthly = data.query("SELECT period, grain, indicator, value, unit, inputs, source FROM mart_dependence_monthly "
                     "ORDER BY indicator, period")
available = [i for i in indicators.indicator if i in set(monthly.indicator)]
chosen = ui.multi("Indicators", available, "ind", available, fmt=lambda i: titles.get(i, i))
shown = monthly[monthly.indicator.isin(chosen)]
if shown.empty:
    st.info("Choose at least one indicator.")
else:
    cols = 2
    rows = (len(chosen) + cols - 1) // cols
    grid = make_subplots(rows=rows, cols=cols, subplot_titles=[titles.get(i, i) for i in chosen],
                         vertical_spacing=0.3 / max(rows, 1), horizontal_spacing=0.08)
    for n, ind in enumerate(chosen):
        part = shown[shown.indicator == ind]
        if (part.grain == "month").all():
            part = charts.break_gaps(part, "period", max_gap_days=40)  # no line across months without data
        r, c = n // cols + 1, n % cols + 1
        mode = "lines+markers" if (part.grain == "year").all() or len(part) < 6 else "lines"
        grid.add_trace(go.Scatter(x=part.period, y=part.value, mode=mode, name=titles.get(ind, ind),
                                  showlegend=False, line=dict(width=1.6), customdata=part.inputs,
                                  hovertemplate="%{x|%b %Y}: %{y:,.1f}<br>%{customdata}<extra></extra>"),
                       row=r, col=c)
        grid.update_yaxes(title_text=part.unit.iloc[0], row=r, col=c, rangemode="tozero")
        if show_events:
            for ev in events.itertuples():
                day = pd.Timestamp(ev.event_date)
                if part.period.min() <= day <= part.period.max():
                    grid.add_vline(x=day.timestamp() * 1000, line=dict(color=charts.EVENT_COLOURS.get(ev.category),
                                   width=0.8, dash="dot"), row=r, col=c)
    grid.update_layout(template=charts.TEMPLATE, height=260 * rows, margin=dict(t=90),
                       title="Each panel has its own unit and grain (annual statistics as dots)")
    st.plotly_chart(grid, width="stretch", key="dep_grid")
    ui.footer(shown, "dependence_indicators", "ENTSOG, IEA Gas Trade Flows, Bruegel route series, Eurostat, GIE "
              "AGSI+, LNG register — per indicator on the Methodology page; each value's basis in the 'source' column")

# ---------------------------------------------------------------- what changed
st.subheader("What changed between two years")
years = sorted(data.query("SELECT DISTINCT year FROM mart_dependence_yearly").year.tolist())
if len(years) >= 2:
    c1, c2 = st.columns(2)
    with c1:
        ya = ui.choice("From", {str(y): str(y) for y in years}, "ya", str(2019 if 2019 in years else years[0]),
                       horizontal=False)
    with c2:
        yb = ui.choice("To", {str(y): str(y) for y in years}, "yb", str(years[-1]), horizontal=False)
    compare = queries.dependence_two_years(int(ya), int(yb))
    compare.insert(0, "title", compare.indicator.map(titles))
    compare["change"] = compare.value_b - compare.value_a
    ui.table(compare.rename(columns={"value_a": ya, "value_b": yb, "periods_a": f"periods in {ya}",
                                         "periods_b": f"periods in {yb}"}))
    st.caption("Flows are summed over the year, shares and indices averaged; 'periods' counts the months (or 1 for "
               "annual statistics) a value rests on — fewer than 12 months means a partial year.")
    st.markdown("Trace these numbers in the warehouse (Data page → SQL explorer, or `duckdb data/warehouse.duckdb`):")
    st.code(f"SELECT * FROM mart_dependence_yearly WHERE year IN ({ya}, {yb}) ORDER BY indicator, year;\n"
            f"SELECT * FROM mart_dependence_monthly WHERE year(period) = {yb} ORDER BY indicator, period;",
            language="sql")

# ---------------------------------------------------------------- N-1
st.subheader("N-1 infrastructure standard for Ukraine")
inputs = data.query("SELECT * FROM mart_n1_inputs")
ui.table(inputs)
values = dict(zip(inputs.term, inputs.value_gwh_per_day, strict=True))
d_max = st.number_input("Dmax: demand on a 1-in-20 peak day (GWh/d) — not in any bundled source; enter it",
                        min_value=0.0, value=0.0, step=100.0, key="w_dmax")
d_eff = st.number_input("Deff: demand-side measures (GWh/d)", min_value=0.0, value=0.0, step=50.0, key="w_deff")
missing = [t for t in ("EPm", "Im", "Sm", "Pm") if pd.isna(values.get(t))]
if missing or d_max <= 0:
    reasons = []
    if missing:
        reasons.append(f"{', '.join(missing)} need a live refresh (`python -m etl refresh --source entsog` brings "
                       "ENTSOG firm technical capacities)")
    if d_max <= 0:
        reasons.append("Dmax must be entered")
    st.info("N-1 not computed: " + "; ".join(reasons) + ".")
else:
    result = data.query("SELECT n_minus_1_pct(?, ?, ?, ?, ?, ?, ?) AS n1",
                        (values["EPm"], values["Pm"], values["Sm"], values.get("LNGm") or 0.0, values["Im"], d_max,
                         d_eff)).n1.iloc[0]
    st.metric("N-1", f"{result:,.0f} %", "meets the standard" if result >= 100 else "below 100 %",
              delta_color="normal" if result >= 100 else "inverse")
st.caption("Formula: Regulation (EU) 2017/1938 Annex II (SQL macro n_minus_1_pct); see the Methodology page.")
