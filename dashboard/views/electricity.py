"""Electricity: Ukraine's imports from (and exports to) its EU neighbours and Moldova, month by month, against the
ENTSO-E import limit; the hourly physical flows where held; the strikes on power assets as a layer. Reported
(commercial) months and physical flows are separate series, never one filling the other's hole."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, ui
from dashboard.i18n import t

st.title(t("Electricity: imports from the EU against the limit"))
st.markdown(t("Since the attacks of October 2022 hit Ukraine's power plants and grid, imports from its EU neighbours "
              "and Moldova have been a pillar of its energy security. Monthly figures are **reported** trade "
              "(ExPro, DiXi Group / Energy Map); hourly **physical** flows come from ENTSO-E (eight months of "
              "2024–2026 are bundled, the rest comes with a refresh) or Energy-Charts."))

monthly = data.query("SELECT * FROM mart_power_imports_monthly ORDER BY month, neighbour_country")
steps = data.query("SELECT * FROM mart_power_limit_steps ORDER BY effective_date")
strikes = data.query("SELECT strike_date, asset_kind, effect, effect_uk, source_url FROM mart_energy_strike "
                     "WHERE system = 'power' ORDER BY strike_date")
directions = {"to_ua": t("imports into Ukraine"), "from_ua": t("exports from Ukraine")}
direction = ui.choice(t("Direction"), directions, "direction", "to_ua")
show_strikes = ui.toggle(t("Show strikes on power assets"), "strikes", True)

imports = monthly[(monthly.direction == "to_ua") & (monthly.measure == "reported")]
limit_now = steps[steps.direction == "import"].tail(1)
c1, c2, c3 = st.columns(3)
if len(imports):
    newest = imports[imports.neighbour_country == "TOTAL"].tail(1)
    if len(newest):
        c1.metric(t("Imports, newest month reported, GWh"), i18n.num(newest.energy_gwh.iloc[0], 0),
                  help=t("{month}, reported by {who}", month=i18n.month(newest.month.iloc[0]),
                         who=newest.source.iloc[0]))
    record = imports[imports.neighbour_country == "TOTAL"].sort_values("energy_gwh").tail(1)
    if len(record):
        c3.metric(t("Record month held, GWh"), i18n.num(record.energy_gwh.iloc[0], 0),
                  help=i18n.month(record.month.iloc[0]))
if len(limit_now):
    c2.metric(t("Import limit now, MW"), i18n.num(limit_now.limit_mw.iloc[0], 0),
              help=t("in force since {day} ({who})", day=i18n.day(limit_now.effective_date.iloc[0]),
                     who=limit_now.decided_by.iloc[0]))

shown = monthly[monthly.direction == direction]
bases = {"commercial": t("commercial trade"), "physical": t("physical flow"), "not_stated": t("basis not stated")}
said = shown.source.fillna("") + ", " + shown.basis.map(bases).fillna(shown.basis)  # who reported it, on what basis
share = shown.share_pct.map(lambda v: "" if pd.isna(v) else
                            t("{share} % of the reported total", share=i18n.num(v)) + ", ")
change = shown.change_factor.map(lambda v: "" if pd.isna(v) else
                                 t("back-computed from the next reported month and its change (× {factor})",
                                   factor=i18n.num(v, 3)) + ", ")
shown = shown.assign(said=share + change + said)
fig = go.Figure()
for country, part in shown[(shown.measure == "reported") & (shown.neighbour_country != "TOTAL")].groupby(
        "neighbour_country"):
    fig.add_trace(go.Bar(x=part.month, y=part.energy_gwh, name=charts.name(country),
                         marker_color=charts.colour(country), customdata=part.said,
                         hovertemplate="%{x|%b %Y}: %{y:,.1f} " + t("GWh") + " (" + t("reported") + ": %{customdata})"
                         "<extra></extra>"))
totals = shown[(shown.measure == "reported") & (shown.neighbour_country == "TOTAL")]
if len(totals):
    totals = charts.break_gaps(totals, "month", max_gap_days=40)  # no line across months with no figure
    fig.add_trace(go.Scatter(x=totals.month, y=totals.energy_gwh, mode="markers+lines", name=t("total reported"),
                             line=dict(color="#333333", width=1.5), marker=dict(size=7),
                             text=totals.said, connectgaps=False,
                             hovertemplate="%{x|%b %Y}: %{y:,.1f} " + t("GWh") + "<br>%{text}<extra></extra>"))
compared = data.query("SELECT * FROM mart_power_measures_compared ORDER BY month")
physical = shown[(shown.measure == "physical") & shown.month.isin(compared.month)]  # months held ≥ 90 %
for country, part in physical.groupby("neighbour_country"):
    fig.add_trace(go.Scatter(x=part.month, y=part.energy_gwh, mode="markers",  # months held apart: no line between
                             marker=dict(symbol="diamond-open", size=10, line=dict(width=2)),
                             name=t("{country}, physical", country=charts.name(country)),
                             marker_color=charts.colour(country), customdata=part.source,
                             hovertemplate="%{x|%b %Y}: %{y:,.1f} " + t("GWh") + " (" + t("physical flow")
                             + ": %{customdata})<extra></extra>"))
fig.update_layout(template=charts.TEMPLATE, barmode="stack", yaxis_title=t("GWh per month"),
                  title=t("Ukraine's electricity imports by neighbour, per month") if direction == "to_ua"
                  else t("Ukraine's electricity exports by neighbour, per month"))
if show_strikes and len(strikes) and len(shown):
    per_month = strikes.assign(month=pd.to_datetime(strikes.strike_date).dt.to_period("M").dt.to_timestamp())
    counts = per_month.groupby("month").size().reset_index(name="n")
    fig.add_trace(go.Scatter(x=counts.month, y=[0] * len(counts), mode="markers", name=t("strikes on power assets"),
                             marker=dict(symbol="x", size=6 + 3 * counts.n, color="#d62728"),
                             customdata=counts.n,
                             hovertemplate="%{x|%b %Y}: %{customdata} " + t("strikes registered") + "<extra></extra>"))
if ui.toggle(t("Show events"), "events", True) and len(shown):
    charts.add_events(fig, ui.events(power=True), pd.Timestamp(shown.month.min()).date(),
                      pd.Timestamp(shown.month.max()).date())
ui.chart(fig, key="power_monthly")
ui.footer(shown.drop(columns="said"), "power_trade_monthly",
          t("reported monthly trade: data/reference/ua_power_trade_reported.csv (ExPro, DiXi Group / Energy Map, "
            "linked per row); physical: ENTSO-E A11 or Energy-Charts, where held"),
          t("Bars: a neighbour's reported volume, or its reported share of the month's total in GWh (the hover says "
            "which); the line: the reported total. Months with no mark have no figure held."))

if len(compared):
    st.markdown(t("**Two measures of the same month**: metered flows (ENTSO-E) beside the reported trade. Gross "
                  "physical imports count loop flows — power from Romania reaching Ukraine through Moldova while "
                  "as much left for Romania — so the net figure is the one to set against a traded volume."))
    gwh = [c for c in compared.columns if c.endswith("_gwh")]
    pct = [c for c in compared.columns if c.endswith("_pct")]
    ui.table(i18n.localised(compared.drop(columns=["reported_basis"]).round({**dict.fromkeys(gwh, 1),
                                                                             **dict.fromkeys(pct, 0)})))

st.subheader(t("The import limit and how much of it was used"))
util = data.query("SELECT * FROM mart_power_limit_utilisation ORDER BY period")
fig2 = go.Figure()
for key, label, colour in (("import", t("import limit"), "#1f77b4"), ("export", t("export limit"), "#ff7f0e")):
    part = steps[steps.direction == key]
    if len(part):
        x = [*part.effective_date, pd.Timestamp.today().normalize()]
        y = [*part.limit_mw, part.limit_mw.iloc[-1]]
        fig2.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(shape="hv", color=colour, width=2), name=label))
mean = util[util.grain == "month"]
if len(mean):
    fig2.add_trace(go.Bar(x=mean.period, y=mean.import_mw, name=t("mean import power of the month (reported)"),
                          marker_color="#9ecae1", customdata=mean.utilisation_pct,
                          hovertemplate="%{x|%b %Y}: %{y:,.0f} MW, %{customdata:.0f} %<extra></extra>"))
peak = charts.break_gaps(util[util.grain == "day"], "period", max_gap_days=3)  # held months stay apart
if len(peak):
    fig2.add_trace(go.Scatter(x=peak.period, y=peak.import_mw, mode="lines+markers", marker=dict(size=4),
                              connectgaps=False,
                              name=t("peak hour of the day (net physical, EU borders)"),
                              line=dict(color="#08519c", width=1)))
fig2.update_layout(template=charts.TEMPLATE, yaxis_title="MW",
                   title=t("ENTSO-E limit on Ukraine's and Moldova's imports, with the power actually imported"))
ui.chart(fig2, key="power_limit")
ui.footer(steps, "power_limit_steps", t("data/reference/ua_power_import_limit.csv (ENTSO-E, Ukrenergo, the "
                                        "European Commission, linked per row)"),
          t("A monthly mean is not a peak: the limit binds in the evening hours, which only hourly flows show. The "
            "peak hour is the net physical import over the borders with Poland, Slovakia, Hungary and Romania; the "
            "limit covers Ukraine and Moldova together and binds on scheduled trade, so a metered hour may exceed it."))

daily = data.query("SELECT * FROM mart_power_border_daily ORDER BY day")
st.subheader(t("Daily physical flows"))
if daily.empty:
    st.info(t("No hourly flows are held yet: a refresh reaches them from Energy-Charts (no key needed) or from "
              "ENTSO-E (set ENTSOE_API_KEY). The monthly figures above are reported trade."))
else:
    days = daily[(daily.direction == direction) & (daily.hours_held >= 20)]  # not the stray hours at a month's edge
    months = {str(m): i18n.month(m) for m in sorted(pd.to_datetime(days.day).dt.to_period("M").dt.to_timestamp()
                                                    .dt.date.unique())}
    shown_month = ui.choice(t("Month"), months, "pmonth", list(months)[-1]) if months else None
    part = days[pd.to_datetime(days.day).dt.strftime("%Y-%m-01") == shown_month] if shown_month else days
    fig3 = charts.stacked_area(part, "day", "energy_gwh", "neighbour_country",
                               t("Physical flows per day by border"), t("GWh per day"), hover="source")
    ui.chart(fig3, key="power_daily")
    ui.footer(part, "power_border_daily", t("ENTSO-E Transparency Platform (A11) or Energy-Charts (/cbpf)"))

st.subheader(t("Before the war: Ukraine's yearly electricity balance"))
balance = data.query("SELECT * FROM mart_power_balance_yearly WHERE year >= 2000 ORDER BY year")
if len(balance):
    kinds = {"nuclear": ("#6a51a3", t("nuclear")), "coal": ("#525252", t("coal")), "gas": ("#fd8d3c", t("gas")),
             "hydro": ("#2171b5", t("hydro")), "solar": ("#fec44f", t("solar")), "wind": ("#41ab5d", t("wind")),
             "bioenergy": ("#8c6d31", t("bioenergy")), "other_renewables": ("#74c476", t("other renewables")),
             "oil": ("#252525", t("oil"))}
    fig4 = go.Figure()
    for item, (colour, label) in kinds.items():
        part = balance[balance.item == item]
        if len(part) and part.twh.abs().sum() > 0:
            fig4.add_trace(go.Bar(x=part.year, y=part.twh, name=label, marker_color=colour))
    demand = balance[balance.item == "demand"]
    fig4.add_trace(go.Scatter(x=demand.year, y=demand.twh, mode="lines+markers", name=t("demand"),
                              line=dict(color="#d62728", width=2)))
    net = balance[balance.item == "net_imports"]
    fig4.add_trace(go.Scatter(x=net.year, y=net.twh, mode="lines+markers", name=t("net imports (− = net exports)"),
                              line=dict(color="#000000", width=1.5, dash="dot")))
    fig4.update_layout(template=charts.TEMPLATE, barmode="stack", yaxis_title=t("TWh per year"),
                       title=t("Generation by source, demand and net imports, 2000–2022 (Ember via OWID)"))
    ui.chart(fig4, key="power_balance")
    ui.footer(balance, "power_balance_yearly", t("Ember via Our World in Data (CC BY 4.0), Ukraine's rows of "
                                                 "owid-energy-data.csv"),
              t("Ember publishes no Ukraine data after 2022: the balance since the attacks is not public."))

def register(sql: str) -> None:
    """A register's rows in the visit's language, each row's source one click away."""
    ui.table(i18n.localised(data.query(sql)), column_config={"source_url": st.column_config.LinkColumn(t("source"))})


with st.expander(t("The reported figures, with their sources")):
    register("SELECT month, neighbour_country, direction, energy_gwh, qualifier, basis, reported_by, reported_by_uk, "
             "quote, source_url FROM ref_power_trade_reported ORDER BY month, direction")
    st.caption(t("Changes against an earlier month, as reported (data/reference/ua_power_trade_changes.csv): where "
                 "that month's own total was not found, it is back-computed from them and marked 'about'."))
    register("SELECT month, direction, compared_month, factor, reported_by, reported_by_uk, quote, source_url "
             "FROM ref_power_trade_change ORDER BY month, direction")
    st.caption(t("Shares of a month's total by neighbour, as reported (data/reference/ua_power_trade_shares.csv):"))
    register("SELECT month, neighbour_country, direction, share_pct, reported_by, reported_by_uk, quote, source_url "
             "FROM ref_power_trade_share ORDER BY month, direction, share_pct DESC")
