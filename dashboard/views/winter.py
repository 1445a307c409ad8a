"""This winter: the gas balance (what Ukraine must import to reach the season's storage target, or to end March above
a floor, and whether the borders can carry it) under named scenarios, and the power headroom under the import limit.
Every figure is a sensitivity of its inputs, which are listed with their dates and sources — not a forecast. The
arithmetic is etl.winter.balance, the same function as `python -m etl winter`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, ui
from dashboard.i18n import t
from etl import winter

st.title(t("This winter: what Ukraine must import, and can the borders carry it"))
st.warning(t("A sensitivity, not a forecast: each result follows from the inputs listed below (their dates and "
             "sources), under the scenario you set. Change an input and the answer moves with it."),
           icon=":material/tune:")


@st.cache_data(show_spinner=False, max_entries=32)
def _inputs(as_of: date | None, version: tuple[int, int] | None) -> winter.WinterInputs:
    """Read once per warehouse version and 'as of' day: a scenario change then recomputes only the arithmetic."""
    return data.with_connection(winter.read_inputs, as_of)


newest = _inputs(None, data.version())
age = (date.today() - newest.as_of).days
if age > 30:
    st.info(t("The newest storage figure held is of {day} ({days} days ago): the balance starts there, not today. A "
              "refresh or a newer reported stock in data/reference brings it forward.", day=i18n.day(newest.as_of),
              days=age), icon=":material/history:")
c1, c2, c3 = st.columns(3)
with c1:
    as_of = st.date_input(t("As of (the newest storage figure held on or before)"), value=newest.as_of,
                          min_value=date(2021, 4, 1), max_value=newest.as_of, key="w_asof",
                          format=ui.date_format())
    inputs = newest if as_of == newest.as_of else _inputs(as_of, data.version())
    weathers = {"cold": t("cold winter (+15 % Nov–Mar)"), "normal": t("normal"), "warm": t("warm winter (−15 %)")}
    weather = ui.choice(t("Weather"), weathers, "weather", "normal")
with c2:
    loss = st.slider(t("Production lost to strikes, %"), 0, 60, 0, step=5, key="w_loss")
    borders = {"": t("none")} | {b: charts.name(b) for b in sorted(inputs.capacity_mcm_d)}
    out = ui.choice(t("One border out"), borders, "out", "", horizontal=False)
with c3:
    target = ui.decimal(t("Storage target, bcm (total gas)"), 5.0, 25.0, float(inputs.target_bcm or 13.0), 0.1,
                        key="w_target")
    floor = ui.decimal(t("End-of-March floor, bcm (total gas)"), 0.0, 10.0, float(inputs.min_end_bcm), 0.1,
                       key="w_floor")

scenario = winter.Scenario(target_bcm=target, min_end_bcm=floor, production_loss_pct=float(loss), weather=weather,
                           border_out=(out,) if out else ())
result = winter.balance(inputs, scenario)

goal = (t("reach {bcm} bcm by {day}", bcm=i18n.num(result.target_bcm), day=i18n.day(result.target_date))
        if result.phase == "injection" else
        t("end March with at least {bcm} bcm ({day})", bcm=i18n.num(result.target_bcm),
          day=i18n.day(result.target_date)))
st.markdown(t("**From {day}**, with {storage} bcm in storage, to {goal}:", day=i18n.day(result.as_of),
              storage=i18n.num(result.storage_bcm), goal=goal))
k1, k2, k3, k4 = st.columns(4)
k1.metric(t("Import need, bcm"), i18n.num(result.import_need_bcm, 2),
          help=t("target − storage − (production − consumption) over {days} days, never below zero", days=result.days))
k2.metric(t("Needed pace, mcm/d"), i18n.num(result.needed_pace_mcm_d) if result.needed_pace_mcm_d is not None
          else "—")
k3.metric(t("Recent pace, mcm/d"), i18n.num(result.recent_pace_mcm_d) if result.recent_pace_mcm_d is not None
          else "—", help=t("Physical imports, mean of the last 30 days held; '—': none held in the 30 days before the "
                           "as-of day (never taken as zero)."))
k4.metric(t("Entry capacity, mcm/d"), i18n.num(result.capacity_total_mcm_d, 1)
          if result.capacity_total_mcm_d is not None else "—",
          help=t("Firm or technical entry capacity per border (data/reference/ua_entry_capacity.csv)"))
if result.feasible is False:
    st.error(t("The needed pace exceeds the entry capacity left: the target cannot be reached by imports alone."))
elif result.feasible and result.import_need_bcm > 0:
    st.success(t("The borders can carry the needed pace ({pace} of {cap} mcm/d).",
                 pace=i18n.num(result.needed_pace_mcm_d), cap=i18n.num(result.capacity_total_mcm_d)))

# the sensitivity: the need at every production loss, for each weather, with the chosen scenario marked
losses = list(range(0, 65, 5))
fig = go.Figure()
for key, colour in (("cold", "#08519c"), ("normal", "#6baed6"), ("warm", "#fd8d3c")):
    needs = [winter.balance(inputs, replace(scenario, production_loss_pct=float(p), weather=key)).import_need_bcm
             for p in losses]
    fig.add_trace(go.Scatter(x=losses, y=needs, mode="lines+markers", name=weathers[key], line=dict(color=colour)))
fig.add_trace(go.Scatter(x=[loss], y=[result.import_need_bcm], mode="markers", name=t("your scenario"),
                         marker=dict(size=14, symbol="star", color="#d62728")))
fig.update_layout(template=charts.TEMPLATE, xaxis_title=t("production lost to strikes, %"),
                  yaxis_title=t("import need, bcm"),
                  title=t("Import need by production lost and weather (a sensitivity)"))
ui.chart(fig, key="winter_sensitivity")
if max(fig.data[0].y) == 0:
    st.caption(t("At these inputs the stock covers the period even in a cold winter with 60 % of production lost: no "
                 "import is needed to meet the goal. Move the 'as of' day into an injection season (e.g. 1 Aug 2025) "
                 "to see the need to reach a target."))

cap = pd.DataFrame({"border": list(result.capacity_mcm_d), "capacity_mcm_d": list(result.capacity_mcm_d.values())})
if len(cap):
    fig2 = go.Figure(go.Bar(x=cap.capacity_mcm_d, y=[charts.name(b) for b in cap.border], orientation="h",
                            marker_color=[charts.colour(b) for b in cap.border], name=t("entry capacity")))
    if result.needed_pace_mcm_d:
        fig2.add_vline(x=result.needed_pace_mcm_d, line=dict(color="#d62728", dash="dash"))
        fig2.add_annotation(x=result.needed_pace_mcm_d, y=1.02, yref="paper", showarrow=False,
                            text=t("needed pace, all borders together"), xanchor="left")
    fig2.update_layout(template=charts.TEMPLATE, xaxis_title=t("mcm/d"), height=300,
                       title=t("Entry capacity per border (one out: zero) against the needed pace"))
    ui.chart(fig2, key="winter_capacity")

st.subheader(t("Inputs, with their dates and sources"))
rows = pd.DataFrame([{"input": i.name, "value": i.value if not isinstance(i.value, dict) else
                      ", ".join(f"{k}: {v:g}" for k, v in i.value.items()), "unit": i.unit, "as_of": i.as_of or "",
                      "source": i.source} for i in result.inputs])
rows["value"] = rows["value"].map(lambda v: "" if v is None else (i18n.num(v, 3) if isinstance(v, float) else str(v)))
ui.table(rows)
ui.footer(rows, "winter_inputs", t("the inputs above, each with its source: Ukraine's reported storage, targets and "
                                   "production (data/reference), OWID consumption, ENTSOG imports, the entry-capacity "
                                   "register"))
st.caption(t("Assumptions of this project (weather ±15 %, the working-gas minimum, the monthly profile where no "
             "monthly consumption is held) are declared in etl/sql/marts/85_winter.sql and named as such above. "
             "The same numbers: `python -m etl winter --json`."))

st.subheader(t("Power headroom under the import limit"))
steps = data.query("SELECT * FROM mart_power_limit_steps WHERE direction = 'import' ORDER BY effective_date")
util = data.query("SELECT * FROM mart_board_power ORDER BY grain")
if steps.empty:
    st.info(t("No import limit is held."))
else:
    limit = float(steps.limit_mw.iloc[-1])
    deficit = st.slider(t("A generation deficit of N GW to cover by imports"), 0.0, 5.0, 1.5, step=0.1, key="w_def")
    share = 100 * deficit * 1000 / limit
    p1, p2 = st.columns(2)
    p1.metric(t("Share of the {limit} MW import limit", limit=i18n.num(limit, 0)), f"{i18n.num(share, 0)} %",
              help=t("in force since {day}", day=i18n.day(steps.effective_date.iloc[-1])))
    if share > 100:
        p1.caption(t("More than the limit: {gw} GW could not be imported at any hour.",
                     gw=i18n.num(deficit - limit / 1000, 2)))
    peak = util[(util.grain == "day") & util.is_newest]  # held days only when newer than the newest month
    month = util[util.grain == "month"]
    if len(peak):
        p2.metric(t("Newest peak hour held, MW"), i18n.num(peak.import_mw.iloc[0], 0),
                  help=i18n.day(peak.period.iloc[0]))
    elif len(month):
        p2.metric(t("Newest monthly mean import, MW"), i18n.num(month.import_mw.iloc[0], 0),
                  help=i18n.month(month.period.iloc[0]))
        p2.caption(t("Only monthly figures are held: a monthly mean is not the evening peak, when the limit binds."))
