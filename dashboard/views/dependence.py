"""Dependence: how dependent the EU was on Russian gas crossing Ukraine, and how dependent Ukraine is on the few
borders, sources and storage that keep it supplied — side by side over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from dashboard import charts, data, i18n, labels, queries, ui, ukraine_balance
from dashboard.i18n import t
from etl import units

st.title(t("Supply dependence"))
indicators = i18n.localised(data.query("SELECT * FROM ref_indicator"))
titles = dict(zip(indicators.indicator, indicators.title, strict=True))
units_shown = dict(zip(indicators.indicator, indicators.unit, strict=True))
show_events = ui.toggle(t("Show events"), "events", True)
show_strikes = ui.toggle(t("Show strikes on energy assets"), "strikes", False)

# ---------------------------------------------------------------- EU side: Russian routes
def routes_figure(show_events: bool) -> go.Figure:
    routes = data.query("SELECT month, route, flow_bcm, basis FROM mart_russian_routes_monthly WHERE complete "
                        "ORDER BY month")
    yearly = data.query("SELECT year, value FROM mart_dependence_yearly "
                        "WHERE indicator = 'ua_route_share_of_ru_pipeline_pct' AND periods = 12 ORDER BY year")
    finding = ""
    if len(yearly) >= 2:
        a, b = yearly.iloc[0], yearly.iloc[-1]
        finding = t(": Ukraine carried {a} % in {ya} and {b} % in {yb}", a=i18n.num(a.value, 0), ya=int(a.year),
                    b=i18n.num(b.value, 0), yb=int(b.year))
    fig = go.Figure()
    for route, part in routes.groupby("route"):
        fig.add_trace(go.Scatter(x=part.month, y=part.flow_bcm, name=labels.name(route, "route"), stackgroup="one",
                                 mode="lines", line=dict(width=0.5, color=labels.colour(route, "route"))))
    fig.update_layout(template=charts.TEMPLATE, yaxis_title=t("bcm/month (20 °C, months with complete data)"),
                      title=t("Russian pipeline gas into the EU by route") + finding)
    route_level = routes.basis.str.contains("Bruegel").fillna(False).groupby(routes.month).any()
    if route_level.any():
        charts.mark_spans(fig, pd.Series(route_level.index), pd.Series(route_level.to_numpy()),
                          t("route-level series (Bruegel)"))
    if show_events and len(routes):
        charts.add_events(fig, ui.events(), routes.month.min().date(), routes.month.max().date())
    return fig


routes = data.query("SELECT month, route, flow_bcm, basis FROM mart_russian_routes_monthly WHERE complete "
                    "ORDER BY month")
charts.draw_cached(routes_figure, show_events, key="dep_routes")
ui.footer(routes, "russian_routes_monthly", t("ENTSOG Transparency Platform, physical flows at the EU entry points "
          "of each route and Ukraine's western exits; shaded months rest wholly or partly on Bruegel's daily route "
          "series (ENTSOG-based) where no per-point data is held (column 'basis')"),
          t("Each physical point counted once (data/reference/POINTS.md). Route series: Bruegel's mcm at {gcv} "
            "kWh/m³ re-based to the {default}.", gcv=i18n.num(units.BRUEGEL_GCV_KWH_PER_M3),
            default=i18n.default_gcv()))


def supply_figure(show_events: bool) -> go.Figure:
    supply = data.query("SELECT month, supplier, flow_bcm, share_pct FROM mart_eu_supply_monthly WHERE complete "
                        "ORDER BY month")
    ru = supply[supply.supplier == "russia"].set_index("month")["share_pct"]
    headline = t(": Russia {a} % in {ma}, {b} % in {mb}", a=i18n.num(ru.iloc[0], 0), ma=i18n.month(ru.index[0]),
                 b=i18n.num(ru.iloc[-1], 0), mb=i18n.month(ru.index[-1])) if len(ru) else ""
    fig_s = go.Figure()
    for supplier in labels.codes("supplier"):
        part = supply[supply.supplier == supplier]
        fig_s.add_trace(go.Scatter(x=part.month, y=part.flow_bcm, name=labels.name(supplier, "supplier"),
                                   stackgroup="one", mode="lines",
                                   line=dict(width=0.5, color=labels.colour(supplier, "supplier")),
                                   customdata=part.share_pct,
                                   hovertemplate="%{y:.2f} " + t("bcm") + " (%{customdata:.0f} %)"))
    fig_s.update_layout(template=charts.TEMPLATE, yaxis_title=t("bcm/month (20 °C)"),
                        title=t("EU gas imports by supplier") + headline)
    if show_events:
        charts.add_events(fig_s, ui.events(), supply.month.min().date(), supply.month.max().date())
    return fig_s


st.subheader(t("The EU's gas supply by supplier"))
supply = data.query("SELECT month, supplier, flow_bcm, share_pct FROM mart_eu_supply_monthly WHERE complete "
                    "ORDER BY month")
if supply.empty:
    st.info(t("No route-level supply series in the warehouse."))
else:
    charts.draw_cached(supply_figure, show_events, key="dep_eu_supply")
    ui.footer(supply, "eu_supply_monthly", t("Bruegel, European natural gas imports (daily by route and supplier, "
              "computed from ENTSOG physical flows), file of 22 Oct 2024"),
              t("Imports only (no EU production or storage); Russian LNG is under LNG. Bruegel's {gcv} kWh/m³ "
                "re-based to the {default}.", gcv=i18n.num(units.BRUEGEL_GCV_KWH_PER_M3),
                default=i18n.default_gcv()))

ukraine_balance.section(show_events, show_strikes)

# ---------------------------------------------------------------- all indicators: small multiples
def grid_figure(chosen: tuple[str, ...], show_events: bool) -> go.Figure:
    """Every chosen indicator in a panel of its own (two a row), event lines in each."""
    indicators = i18n.localised(data.query("SELECT * FROM ref_indicator"))
    titles = dict(zip(indicators.indicator, indicators.title, strict=True))
    units_shown = dict(zip(indicators.indicator, indicators.unit, strict=True))
    monthly = data.query("SELECT period, grain, indicator, value, unit, inputs, source FROM mart_dependence_monthly "
                         "ORDER BY indicator, period")
    shown = monthly[monthly.indicator.isin(chosen)]
    events = ui.events()
    cols = 2
    rows = (len(chosen) + cols - 1) // cols
    # panel titles wrapped for the narrowest two-panel row (~180 px a panel at 800 px with the sidebar open)
    grid = make_subplots(rows=rows, cols=cols, subplot_titles=[charts.wrap(titles.get(i, i), 30) for i in chosen],
                         vertical_spacing=0.45 / max(rows, 1), horizontal_spacing=0.16)
    grid.update_annotations(font_size=11)
    lines: list[dict] = []
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
        grid.update_yaxes(title_text=units_shown.get(ind, part.unit.iloc[0]), row=r, col=c, rangemode="tozero")
        if show_events:  # one layout update for every panel's lines (add_vline per line is quadratic)
            axis = "" if n == 0 else str(n + 1)
            lo, hi = part.period.min(), part.period.max()
            lines += [dict(type="line", x0=day.timestamp() * 1000, x1=day.timestamp() * 1000, y0=0, y1=1,
                           xref=f"x{axis}", yref=f"y{axis} domain",
                           line=dict(color=charts.EVENT_COLOURS.get(category), width=0.8, dash="dot"))
                      for day, category in zip(pd.to_datetime(events.event_date), events.category, strict=True)
                      if lo <= day <= hi]
    charts.append_layout(grid, lines)
    grid.update_layout(template=charts.TEMPLATE, height=310 * rows, margin=dict(t=110),
                       title=t("Each panel has its own unit and grain (annual statistics as dots)"))
    return grid


st.subheader(t("Every indicator over time"))
monthly = data.query("SELECT period, grain, indicator, value, unit, inputs, source FROM mart_dependence_monthly "
                     "ORDER BY indicator, period")
available = [i for i in indicators.indicator if i in set(monthly.indicator)]
chosen = ui.multi(t("Indicators"), available, "ind", available, fmt=lambda i: titles.get(i, i))
shown = monthly[monthly.indicator.isin(chosen)]
if shown.empty:
    st.info(t("Choose at least one indicator."))
else:
    charts.draw_cached(grid_figure, tuple(chosen), show_events, key="dep_grid")
    ui.footer(shown, "dependence_indicators", t("ENTSOG, IEA Gas Trade Flows, Bruegel route series, Eurostat, GIE "
              "AGSI+, LNG register — per indicator on the Methodology page; each value's basis in the 'source' "
              "column"))

# ---------------------------------------------------------------- what changed
st.subheader(t("What changed between two years"))
years = sorted(data.query("SELECT DISTINCT year FROM mart_dependence_yearly").year.tolist())
if len(years) >= 2:
    c1, c2 = st.columns(2)
    with c1:
        ya = ui.choice(t("From"), {str(y): str(y) for y in years}, "ya", str(2019 if 2019 in years else years[0]),
                       horizontal=False)
    with c2:
        yb = ui.choice(t("To"), {str(y): str(y) for y in years}, "yb", str(years[-1]), horizontal=False)
    compare = queries.dependence_two_years(int(ya), int(yb))
    compare.insert(0, "title", compare.indicator.map(titles))
    compare["change"] = compare.value_b - compare.value_a
    renamed = {"value_a": ya, "value_b": yb, "periods_a": t("periods in {year}", year=ya),
               "periods_b": t("periods in {year}", year=yb)}  # headers that already read in the visit's language
    ui.table(compare.rename(columns=renamed),
             column_config={name: st.column_config.NumberColumn(name) for name in renamed.values()})
    st.caption(t("Flows are summed over the year, shares and indices averaged; 'periods' counts the months (or 1 for "
                 "annual statistics) a value rests on — fewer than 12 months means a partial year."))
    st.markdown(t("Trace these numbers in the warehouse (Data page → SQL explorer, or "
                  "`duckdb data/warehouse.duckdb`):"))
    st.code(f"SELECT * FROM mart_dependence_yearly WHERE year IN ({ya}, {yb}) ORDER BY indicator, year;\n"
            f"SELECT * FROM mart_dependence_monthly WHERE year(period) = {yb} ORDER BY indicator, period;",
            language="sql")

# ---------------------------------------------------------------- N-1
st.subheader(t("N-1 infrastructure standard for Ukraine"))
inputs = data.query("SELECT * FROM mart_n1_inputs")
ui.table(inputs)
values = dict(zip(inputs.term, inputs.value_gwh_per_day, strict=True))
d_max = st.number_input(t("Dmax: demand on a 1-in-20 peak day (GWh/d) — not in any bundled source; enter it"),
                        min_value=0.0, value=0.0, format="%.0f", step=100.0, key="w_dmax")
d_eff = st.number_input(t("Deff: demand-side measures (GWh/d)"), min_value=0.0, value=0.0, format="%.0f", step=50.0,
                        key="w_deff")
missing = [t for t in ("EPm", "Im", "Sm", "Pm") if pd.isna(values.get(t))]
if missing or d_max <= 0:
    reasons = []
    if missing:
        reasons.append(t("{terms} need a live refresh (`python -m etl refresh --source entsog` brings ENTSOG firm "
                         "technical capacities)", terms=", ".join(missing)))
    if d_max <= 0:
        reasons.append(t("Dmax must be entered"))
    st.info(t("N-1 not computed: ") + "; ".join(reasons) + ".")
else:
    result = data.query("SELECT n_minus_1_pct(?, ?, ?, ?, ?, ?, ?) AS n1",
                        (values["EPm"], values["Pm"], values["Sm"], values.get("LNGm") or 0.0, values["Im"], d_max,
                         d_eff)).n1.iloc[0]
    st.metric("N-1", f"{i18n.num(result, 0)} %", t("meets the standard") if result >= 100 else t("below 100 %"),
              delta_color="normal" if result >= 100 else "inverse")
st.caption(t("Formula: Regulation (EU) 2017/1938 Annex II (SQL macro n_minus_1_pct); see the Methodology page."))
