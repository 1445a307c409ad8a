"""Ukraine's storage as reported (data/reference/ua_storage_reported.csv) beside the AGSI+ series: the chart and
table the Storage page shows first for Ukraine, whose AGSI+ history needs a key."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, ui
from dashboard.i18n import t


def section(show_events: bool, show_strikes: bool = False) -> None:
    st.subheader(t("Ukraine's storage as reported, winter by winter"))
    reported = i18n.localised(data.query("SELECT * FROM mart_ua_storage_reported ORDER BY as_of"))
    stocks = reported[reported.measure == "stock"]
    ua_agsi = data.query("SELECT gas_day, gas_in_storage_bcm FROM mart_storage_daily WHERE area_code = 'UA' "
                         "ORDER BY gas_day")
    fig4 = go.Figure()
    marker = {"exact": "circle", "about": "circle-open", "more_than": "triangle-up"}
    for qualifier, part in stocks.groupby("qualifier"):
        fig4.add_trace(go.Scatter(
            x=part.as_of, y=part.value_bcm, mode="markers+lines" if qualifier == "exact" else "markers",
            name={"exact": t("reported stock"), "about": t("reported stock (about)"),
                  "more_than": t("reported stock (more than)")}[qualifier],
            marker=dict(symbol=marker[qualifier], size=10, color="#0057B7"), line=dict(width=0),
            customdata=part[["reported_by", "counts", "date_reported"]].to_numpy(),
            hovertemplate=t("%{y:.2f} bcm on %{customdata[2]}") + "<br>%{customdata[0]}<br>%{customdata[1]}"
            "<extra></extra>"))
    if len(ua_agsi):
        fig4.add_trace(go.Scatter(x=ua_agsi.gas_day, y=ua_agsi.gas_in_storage_bcm, mode="lines", name="GIE AGSI+",
                                  line=dict(width=2.5, color="#FFB000")))
    fig4.update_layout(template=charts.TEMPLATE, yaxis_title=t("bcm (as reported)"),
                       title=t("Gas in Ukraine's storage: figures reported by Naftogaz, the TSO, the government, "
                               "ExPro"))
    if show_events:
        charts.add_events(fig4, ui.events(), stocks.as_of.min(), stocks.as_of.max())
    if show_strikes:
        charts.add_strikes(fig4, ui.strikes(), stocks.as_of.min(), stocks.as_of.max(), systems=("gas",))
    ui.chart(fig4, key="storage_ua_reported")
    if show_strikes:
        from dashboard.ukraine_balance import strike_sources

        strike_sources(stocks.as_of.min(), stocks.as_of.max())
    ui.table(reported[["as_of", "date_reported", "measure", "value_bcm", "qualifier", "counts", "reported_by",
                       "source_url"]].sort_values("as_of", ascending=False),
             column_config={"source_url": st.column_config.LinkColumn(t("source"))})
    ui.footer(reported, "ua_storage_reported", t("data/reference/ua_storage_reported.csv (each row: its source page)"),
              t("Reported figures differ in what they count: some include ~4.7 bcm of long-term (buffer) gas or gas "
                "held by non-residents in the customs warehouse, some count working gas only — see 'counts'. Not one "
                "series."))
