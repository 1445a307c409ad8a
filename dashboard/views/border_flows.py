"""Transit & border flows: every physical border point, by neighbour and direction, in GWh/d or mcm/d."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, i18n, queries, ui
from dashboard.i18n import t
from etl import units

st.title(t("Transit & border flows"))

grain = ui.choice(t("Resolution"), {"day": t("daily (ENTSOG, from 2015)"),
                                    "month": t("monthly (ENTSOG + IEA, from 2008)")}, "grain", "day")
bounds = queries.border_bounds()
lo, hi = pd.Timestamp(bounds.lo[grain]).date(), pd.Timestamp(bounds.hi[grain]).date()
countries = queries.border_neighbours()

c1, c2, c3 = st.columns([2, 2, 3])
with c1:
    start, end = ui.date_range(lo, hi)
with c2:
    direction = ui.choice(t("Direction"), {"from_ua": t("Out of Ukraine"), "to_ua": t("Into Ukraine")}, "dir",
                          "from_ua")
    unit = ui.choice(t("Unit"), ui.units(), "unit", "mcm")
with c3:
    chosen = ui.multi(t("Neighbours"), countries, "countries", countries, fmt=charts.name)
show_events = ui.toggle(t("Show events"), "events", True)
show_strikes = ui.toggle(t("Show strikes on energy assets"), "strikes", False)

flows = queries.border_flows(grain, direction, start, end)
flows = flows[flows.neighbour_country.isin(chosen)].assign(
    value=lambda f: f["flow_mcm"] if unit == "mcm" else f["flow_gwh"])


def flows_figure(grain: str, direction: str, start, end, chosen: tuple[str, ...], unit: str, show_events: bool,
                 show_strikes: bool):
    flows = queries.border_flows(grain, direction, start, end)
    flows = flows[flows.neighbour_country.isin(chosen)].assign(
        value=lambda f: f["flow_mcm"] if unit == "mcm" else f["flow_gwh"])
    top = charts.name(flows.groupby("neighbour_country")["value"].sum().idxmax())
    title = (t("Gas out of Ukraine, by neighbour — most via {top} in this period", top=top) if direction == "from_ua"
             else t("Gas into Ukraine, by neighbour — most via {top} in this period", top=top))
    fig = charts.stacked_area(flows, "period", "value", "neighbour_country", title,
                              ui.units()[unit] + (t(" (monthly mean)") if grain == "month" else ""), hover="basis")
    if grain == "month":
        by_month = flows.basis.eq("IEA").groupby(flows.period).all()
        charts.mark_spans(fig, pd.Series(by_month.index), pd.Series(by_month.to_numpy()),
                          t("IEA monthly (Gas Trade Flows)"), colour="rgba(31,119,180,0.10)", span_days=31)
    if show_events:
        charts.add_events(fig, ui.events(), start, end)
    if show_strikes:
        charts.add_strikes(fig, ui.strikes(), start, end, systems=("gas",))
    return fig


if flows.empty:
    st.info(t("No flows for this selection."))
else:  # built once per warehouse version, language and selection: a rerun that changes none of them only sends it
    charts.draw_cached(flows_figure, grain, direction, start, end, tuple(chosen), unit, show_events, show_strikes,
                       key="border_flows_chart")
ui.stale_warning(hi, t("ENTSOG flow"))
ui.footer(flows.drop(columns="value"), f"ua_border_flows_{direction}_{grain}",
          t("ENTSOG Transparency Platform, daily physical flow") + (
              t("; monthly view: IEA Gas Trade Flows (Sep 2022 edition) where ENTSOG has no series or an incomplete "
                "month, Bruegel's route totals (as 'EU') after March 2023 — column 'basis'; shaded: IEA-only months")
              if grain == "month" else ""),
          t("mcm at 20 °C from the point's ENTSOG GCV where published, else the {default}; IEA m³ re-based from "
            "15 °C (× {factor}); IEA months in GWh at the default GCV.", default=i18n.default_gcv(),
            factor=i18n.num(units.M3_20C_PER_M3_15C, 3)))

st.subheader(t("Points and the reports counted"))
points = queries.border_points(direction, start, end)
ui.table(points[points.neighbour.isin(chosen)])
st.caption(t("One row per physical point: where both operators report, the rule in data/reference/POINTS.md picks "
             "or combines their reports, so no flow is counted twice."))
