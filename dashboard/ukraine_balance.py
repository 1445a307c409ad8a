"""The Dependence page's long view of Ukraine's own supply (IEA Gas Trade Flows from October 2008, ENTSOG after):
what entered from Russia against what left for the EU and Moldova, and where Ukraine's gas from abroad came from."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, ui
from dashboard.i18n import t


def section(show_events: bool, show_strikes: bool = False) -> None:
    st.subheader(t("Ukraine's own supply: Russian gas kept, and the turn to the EU"))
    balance = _balance()
    if balance.empty:
        st.info(t("No month holds both the entries from Russia and the exits to the EU."))
        return
    yearly = balance.assign(y=pd.to_datetime(balance.month).dt.year).groupby("y")["kept_bcm"].sum()
    full = yearly[[y for y in yearly.index if (pd.to_datetime(balance.month).dt.year == y).sum() == 12]]
    headline = (t(": {a} bcm kept in {ya}, {b} bcm in {yb}", a=i18n.num(full.iloc[0], 0), ya=full.index[0],
                  b=i18n.num(full.iloc[-1], 0), yb=full.index[-1]) if len(full) >= 2 else "")
    charts.draw_cached(balance_figure, headline, show_events, key="dep_ua_balance")
    ui.footer(balance, "ua_supply_balance_monthly", t("IEA Gas Trade Flows (monthly, Oct 2008 → Sep 2022; Russia → "
              "Ukraine to April 2019); ENTSOG where its month is complete; Bruegel's route totals (Sudzha entry, "
              "Ukraine transit) from July 2023 — column 'basis'"),
              t("A physical balance: it includes the gas the transit system burns and, from late 2015, EU purchases "
                "delivered by netting against transit (virtual reverse); Ukraine bought no gas from Gazprom after "
                "November 2015. md_held = false: no Moldova exit that month, so the balance includes gas for "
                "Moldova."))

    sources = data.query("SELECT month, neighbour_country, flow_bcm, share_pct, basis, measure "
                         "FROM mart_ua_imports_monthly WHERE flow_bcm > 0 ORDER BY month")
    totals = data.query("SELECT month FROM mart_ua_imports_reported_monthly ORDER BY month")
    charts.draw_cached(sources_figure, show_events, show_strikes, key="dep_ua_sources")
    ui.footer(sources, "ua_supply_by_source_monthly", t("IEA Gas Trade Flows; ENTSOG; as above; reported: "
                                                        "data/reference/ua_gas_reported.csv (the TSO, ExPro, linked "
                                                        "per row)"),
              t("Areas: physical entries (Russia = the gas kept in Ukraine, above; SK, HU, PL, RO, MD = entries at "
                "those borders). Hatched bars and diamonds: Ukraine's own reported imports (column 'measure'), which "
                "until the end of 2024 net EU traders' virtual reverse against transit and so are several times the "
                "physical entries; they are never used to fill a physical month. After March 2023 no physical "
                "entries per border are bundled; the reported months reach {last}.",
                last=i18n.month(totals.month.max()) if len(totals) else "—"))

    if show_strikes:
        strike_sources(sources.month.min(), None)
    production_section(show_strikes)


def _balance() -> pd.DataFrame:
    return data.query("SELECT month, mcm_to_bcm(ru_entry_mcm) AS ru_entry_bcm, "
                      "mcm_to_bcm(eu_exit_mcm + coalesce(md_exit_mcm, 0)) AS exit_bcm, mcm_to_bcm(ru_intake_mcm) "
                      "AS kept_bcm, md_held, basis FROM mart_ua_supply_balance_monthly ORDER BY month")


def balance_figure(headline: str, show_events: bool) -> go.Figure:
    """What entered from Russia against what left for the EU and Moldova (built once per version and language)."""
    balance = _balance()
    frame = charts.break_gaps(balance, "month", max_gap_days=40)
    fig = go.Figure([
        go.Bar(x=balance.month, y=balance.kept_bcm, name=t("kept in Ukraine (entries − exits)"), marker_color="#FFB000",
               customdata=balance.basis.map(i18n.basis), hovertemplate="%{y:.2f} " + t("bcm") + " (%{customdata})"),
        go.Scatter(x=frame.month, y=frame.ru_entry_bcm, name=t("entries from Russia (and Belarus)"), mode="lines",
                   line=dict(color="#7f7f7f", width=1.8)),
        go.Scatter(x=frame.month, y=frame.exit_bcm, name=t("exits to the EU and Moldova"), mode="lines",
                   line=dict(color="#d62728", width=1.8)),
    ])
    fig.update_layout(template=charts.TEMPLATE, yaxis_title=t("bcm/month (20 °C)"),
                      title=t("What entered from Russia and what left for the EU and Moldova") + headline)
    if show_events:
        charts.add_events(fig, ui.events(), balance.month.min().date(), balance.month.max().date())
    return fig


def sources_figure(show_events: bool, show_strikes: bool) -> go.Figure:
    """Ukraine's gas from abroad: physical entries as areas, its own reported imports as hatched bars and diamonds."""
    sources = data.query("SELECT month, neighbour_country, flow_bcm, share_pct, basis, measure "
                         "FROM mart_ua_imports_monthly WHERE flow_bcm > 0 ORDER BY month")
    physical = sources[sources.measure == "physical"]
    reported = sources[sources.measure == "commercial"]
    totals = data.query("SELECT month, reported_bcm, qualifier, reported_by, measure, source_url "
                        "FROM mart_ua_imports_reported_monthly ORDER BY month")
    fig2 = charts.stacked_area(physical, "month", "flow_bcm", "neighbour_country",
                               t("Ukraine's gas from abroad by source: Russia until 2015, its EU neighbours since"),
                               t("bcm/month (20 °C)"), hover="basis")
    for country, part in reported.groupby("neighbour_country"):  # reported months: bars, hatched, never stacked in
        label = t("{country}, reported", country=charts.name(country))
        fig2.add_trace(go.Bar(x=part.month, y=part.flow_bcm, name=label,
                              marker=dict(color=charts.colour(country), pattern_shape="/", opacity=0.8),
                              customdata=part.basis, hovertemplate="%{y:.3f} " + t("bcm") + " (%{customdata})"))
    if len(totals):
        fig2.add_trace(go.Scatter(x=totals.month, y=totals.reported_bcm, mode="markers", name=t("total, reported"),
                                  marker=dict(symbol="diamond", size=8, color="#333333"), customdata=totals.reported_by,
                                  hovertemplate="%{y:.3f} " + t("bcm") + " (%{customdata})<extra></extra>"))
    fig2.update_layout(barmode="stack")
    if show_events:
        charts.add_events(fig2, ui.events(), sources.month.min().date(), sources.month.max().date())
    if show_strikes:
        charts.add_strikes(fig2, ui.strikes(), systems=("gas",))
    return fig2

def strike_sources(x_min, x_max) -> None:
    """The strikes a chart marks, each with its source one click away (a chart's hover cannot hold a link)."""
    strikes = ui.strikes_with_sources()
    shown = strikes[strikes.system == "gas"]
    if x_min is not None:
        shown = shown[pd.to_datetime(shown.strike_date) >= pd.Timestamp(x_min)]
    if x_max is not None:
        shown = shown[pd.to_datetime(shown.strike_date) <= pd.Timestamp(x_max)]
    with st.expander(t("The strikes on gas assets marked above, with their sources ({n})", n=len(shown))):
        ui.table(shown[["strike_date", "asset_kind", "operator", "effect", "source_url"]],
                 column_config={"source_url": st.column_config.LinkColumn(t("source"))})


def production_section(show_strikes: bool) -> None:
    """Ukraine's own gas: production and consumption per year, reported figures where held, OWID elsewhere."""
    st.subheader(t("Ukraine's own gas: production and consumption per year"))
    annual = data.query("SELECT series, year, value_bcm, qualifier, source FROM mart_winter_annual "
                        "WHERE year >= 2008 ORDER BY year")
    if annual.empty:
        st.info(t("No annual production or consumption is held."))
        return
    charts.draw_cached(production_figure, show_strikes, key="dep_ua_production")
    newest = annual[annual.series == "production"].year.max()
    ui.footer(annual, "ua_production_consumption_yearly",
              t("Our World in Data (Energy Institute Statistical Review) to 2024; Ukraine's reported figures "
                "(data/reference/ua_gas_reported.csv: ExPro, the government, the TSO) where held, preferred"),
              t("Production is held to {year}: no national figure for 2025 was found in the stored pages (reports "
                "after the strikes spoke of 30–60 % of production lost, without a yearly volume).",
                year=newest))


def production_figure(show_strikes: bool) -> go.Figure:
    annual = data.query("SELECT series, year, value_bcm, qualifier, source FROM mart_winter_annual "
                        "WHERE year >= 2008 ORDER BY year")
    fig = go.Figure()
    for series, colour, label in (("production", "#2ca02c", t("production")),
                                  ("consumption", "#7f7f7f", t("consumption"))):
        part = annual[annual.series == series]
        reported = part.source.str.contains("ref_ua_gas_reported")
        fig.add_trace(go.Bar(x=pd.to_datetime(part.year.astype(str) + "-07-01").dt.date, y=part.value_bcm, name=label,
                             marker=dict(color=colour, pattern_shape=["/" if r else "" for r in reported]),
                             customdata=part.source, hovertemplate="%{x|%Y}: %{y:.1f} " + t("bcm")
                             + "<br>%{customdata}<extra></extra>"))
    fig.update_layout(template=charts.TEMPLATE, barmode="group", yaxis_title=t("bcm per year"),
                      title=t("Ukraine's gas production and consumption (hatched: Ukraine's own reported figures)"))
    if show_strikes:
        charts.add_strikes(fig, ui.strikes(), systems=("gas",))
    return fig
