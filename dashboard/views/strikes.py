"""Under fire: the sourced register of strikes on Ukraine's energy assets as a timeline by asset kind, the nightly
missiles and drones launched (the Air Force's reports), and the register with each row's source."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, ui
from dashboard.i18n import t, tn

KINDS = {"gas_production": t("gas production"), "gas_storage": t("gas storage"),
         "gas_transmission": t("gas transmission"), "thermal_generation": t("thermal generation"),
         "hydro_generation": t("hydro generation"), "nuclear_related": t("nuclear-related"),
         "grid_substations": t("substations and grid"), "oil_refining": t("oil and refineries")}
COLOURS = {"gas_production": "#8c2d04", "gas_storage": "#d94801", "gas_transmission": "#fd8d3c",
           "thermal_generation": "#08306b", "hydro_generation": "#2171b5", "nuclear_related": "#6a51a3",
           "grid_substations": "#4292c6", "oil_refining": "#525252"}

st.title(t("Under fire: strikes on Ukraine's energy system"))
strikes = data.query("SELECT * FROM mart_energy_strike ORDER BY strike_date")
st.markdown(tn("**{n} reported strike** on Ukraine's energy assets since October 2022, with its source and the "
               "words of the page it rests on. A row is one strike or one night's wave on one kind of asset.",
               "**{n} reported strikes** on Ukraine's energy assets since October 2022, each with its source and the "
               "words of the page it rests on. A row is one strike or one night's wave on one kind of asset.",
               len(strikes), n=len(strikes)))
kinds = ui.multi(t("Asset kinds"), list(KINDS), "kinds", list(KINDS), fmt=KINDS.get)
shown = strikes[strikes.asset_kind.isin(kinds)]

fig = go.Figure()
effect = "effect_uk" if i18n.current() != i18n.DEFAULT else "effect"
for kind, part in shown.groupby("asset_kind"):
    fig.add_trace(go.Scatter(
        x=part.strike_date, y=[KINDS[kind]] * len(part), mode="markers", name=KINDS[kind],
        marker=dict(size=11, color=COLOURS[kind], symbol="x"),
        text=part[effect].map(lambda s: charts.wrap(str(s), 60)),
        hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>"))
fig.update_layout(template=charts.TEMPLATE, showlegend=False, title=t("Strikes on energy assets by kind"),
                  height=420, yaxis=dict(categoryorder="array", categoryarray=list(KINDS.values())[::-1]))
ui.chart(fig, key="strikes_timeline")
ui.footer(shown.drop(columns=["effect_uk"]), "energy_strikes",
          t("curated register data/reference/energy_strikes.csv (news reports and company statements, linked per "
            "row)"), t("A register of what was reported, not a complete count: quiet nights and unreported hits are "
                       "not in it."))

monthly = data.query("SELECT * FROM mart_strike_monthly WHERE launched IS NOT NULL ORDER BY month")
if len(monthly):
    fig2 = go.Figure([
        go.Bar(x=monthly.month, y=monthly.launched_drones, name=t("drones launched"), marker_color="#fdae6b"),
        go.Bar(x=monthly.month, y=monthly.launched_missiles, name=t("missiles launched (and mixed reports)"),
               marker_color="#e6550d"),
    ])
    gas = monthly[monthly.gas_strikes > 0]
    fig2.add_trace(go.Scatter(x=gas.month, y=[0] * len(gas), mode="markers", name=t("month with strikes on gas assets"),
                              marker=dict(symbol="x", color="#8c2d04", size=8 + 2 * gas.gas_strikes)))
    fig2.update_layout(template=charts.TEMPLATE, barmode="stack", yaxis_title=t("per month"),
                       title=t("Missiles and drones launched at Ukraine per month (Air Force reports)"))
    ui.chart(fig2, key="strikes_intensity")
    ui.footer(monthly, "air_attacks_monthly",
              t("Petro Ivaniuk, Massive Missile Attacks on Ukraine (Kaggle), from Air Force of Ukraine reports; "
                "daily counts summed by month. Licence CC BY-NC-SA 4.0: non-commercial use, share alike"),
              t("All targets, not only energy: the dataset names regions, not assets."))

st.subheader(t("The register"))
table = i18n.localised(shown.assign(asset_kind=shown.asset_kind.map(KINDS)))
ui.table(table[["strike_date", "asset_kind", "operator", "oblasts", "effect", "share_production_lost_pct",
                "customers_cut", "quote", "source_url"]],
         column_config={"source_url": st.column_config.LinkColumn(t("source"))})
newest = pd.to_datetime(strikes.strike_date).max() if len(strikes) else None
if newest is not None:
    st.caption(t("Newest strike in the register: {day}.", day=i18n.day(newest)))
