"""Transit & border flows: every physical border point, by neighbour and direction, in GWh/d or mcm/d."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, ui

st.title("Transit & border flows")

bounds = data.query("SELECT min(gas_day) AS lo, max(gas_day) AS hi FROM mart_border_flow_daily")
lo, hi = pd.Timestamp(bounds.lo.iloc[0]).date(), pd.Timestamp(bounds.hi.iloc[0]).date()
countries = data.query("SELECT DISTINCT neighbour_country FROM mart_border_flow_daily ORDER BY 1")[
    "neighbour_country"].tolist()

c1, c2, c3 = st.columns([2, 2, 3])
with c1:
    start, end = ui.date_range(lo, hi)
with c2:
    direction = ui.choice("Direction", {"from_ua": "Out of Ukraine", "to_ua": "Into Ukraine"}, "dir", "from_ua")
    unit = ui.choice("Unit", ui.UNITS, "unit", "mcm")
with c3:
    chosen = ui.multi("Neighbours", countries, "countries", countries, fmt=charts.name)
    grain = ui.choice("Resolution", {"day": "daily", "month": "monthly mean"}, "grain", "day")
show_events = ui.toggle("Show events", "events", True)

value = "flow_mcm" if unit == "mcm" else "flow_gwh"
flows = data.query(
    f"SELECT date_trunc(?, gas_day) AS period, neighbour_country, "
    f"sum({value}) / count(DISTINCT gas_day) AS value "
    "FROM mart_border_flow_daily WHERE direction = ? AND gas_day BETWEEN ? AND ? "
    "GROUP BY ALL ORDER BY period",
    (grain, direction, start, end),
)
flows = flows[flows.neighbour_country.isin(chosen)]
where = "out of Ukraine" if direction == "from_ua" else "into Ukraine"
if flows.empty:
    st.info("No flows for this selection.")
else:
    top = flows.groupby("neighbour_country")["value"].sum().idxmax()
    fig = charts.stacked_area(flows, "period", "value", "neighbour_country",
                              f"Gas {where}, by neighbour — most via {charts.name(top)} in this period",
                              ui.UNITS[unit])
    if show_events:
        charts.add_events(fig, ui.events(), start, end)
    st.plotly_chart(fig, width="stretch", key="border_flows_chart")
ui.stale_warning(hi, "ENTSOG flow")
ui.footer(flows.rename(columns={"value": f"flow_{ui.UNITS[unit].replace('/', '_per_')}"}),
          f"ua_border_flows_{direction}_{grain}",
          "ENTSOG Transparency Platform, daily physical flow",
          "mcm at 20 °C from the point's ENTSOG GCV where published, else 10.55 kWh/m³.")

st.subheader("Points and the reports counted")
points = data.query(
    "SELECT point_key, any_value(point_label) AS point, any_value(neighbour_country) AS neighbour, "
    "min(gas_day) AS first_day, max(gas_day) AS last_day, round(sum(flow_mcm) / 1000, 2) AS total_bcm, "
    "any_value(reports) AS reports_counted, any_value(sources) AS sources "
    "FROM mart_border_flow_daily WHERE direction = ? AND gas_day BETWEEN ? AND ? GROUP BY point_key ORDER BY 6 DESC",
    (direction, start, end),
)
ui.table(points[points.neighbour.isin(chosen)])
st.caption("One row per physical point: where both operators report, the rule in data/reference/POINTS.md picks "
           "or combines their reports, so no flow is counted twice.")
