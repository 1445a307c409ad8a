"""LNG: Ukraine has no terminal, so LNG arrives as regasified gas through EU terminals and pipelines. The register
of cargoes and contracts bound for Ukraine, the routes, and the corridor terminals' send-out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, queries, ui

st.title("LNG bound for Ukraine")
cargo = data.query("SELECT * FROM mart_lng_cargo ORDER BY delivered_on NULLS LAST, cargo_id")
st.markdown(f"**{len(cargo)} publicly reported cargoes and contracts**, each with its source; volumes as "
            "reported (million m³ of gas). An empty cell means the source does not say.")

show_events = ui.toggle("Show events", "events", True)
kinds = ui.multi("Record types", ["delivery", "contract", "agreement"], "types", ["delivery", "contract",
                                                                                   "agreement"])
shown = cargo[cargo.record_type.isin(kinds)]
ui.table(
    shown[["delivered_on", "date_reported", "record_type", "buyer", "seller", "vessel", "origin_country",
           "regas_terminal", "regas_country", "route_to_ua", "volume_mcm", "source_url"]],

    column_config={"source_url": st.column_config.LinkColumn("source"),
                   "delivered_on": st.column_config.DateColumn("delivered on (first day reported)"),
                   "volume_mcm": st.column_config.NumberColumn("volume (mcm)", format="%.0f")},
)
ui.footer(shown, "lng_cargo_register", "curated register data/reference/lng_cargoes.csv (news reports, linked "
          "per row)")

dated = shown.dropna(subset=["delivered_on"])
if len(dated):
    fig = go.Figure()
    for country, part in dated.groupby("regas_country"):
        fig.add_trace(go.Scatter(
            x=part.delivered_on, y=part.volume_mcm.fillna(0), mode="markers", name=f"via {charts.name(country)}",
            marker=dict(size=(part.volume_mcm.fillna(20) / 5 + 8), color=charts.colour(country),
                        symbol=["circle" if t == "delivery" else "diamond-open" for t in part.record_type]),
            text=part.buyer + " — " + part.regas_terminal.fillna("terminal not named"),
            hovertemplate="%{x|%d %b %Y}: %{y:.0f} mcm<br>%{text}<extra></extra>"))
    fig.update_layout(template=charts.TEMPLATE, yaxis_title="mcm (as reported)", yaxis_range=[0, 130],
                      title="US LNG for Ukraine arrives via Greece, Poland and Lithuania (● delivery, ◇ contract)")
    if show_events:
        lo, hi = pd.Timestamp(dated.delivered_on.min()), pd.Timestamp(dated.delivered_on.max())
        charts.add_events(fig, ui.events(), (lo - pd.Timedelta(days=30)).date(), (hi + pd.Timedelta(days=30)).date())
    st.plotly_chart(fig, width="stretch", key="lng_timeline")

st.subheader("Routes: origin → regasification terminal → Ukraine")
routes = shown.assign(origin=shown.origin_country.fillna("not reported").map(charts.name),
                      terminal=shown.regas_terminal.fillna("terminal not named") + " ("
                      + shown.regas_country.fillna("?") + ")",
                      entry=shown.regas_country.map({"GR": "Vertical Corridor (GR→BG→RO→MD/UA)",
                                                     "PL": "Hermanowice → Drozdovychi (PL→UA)",
                                                     "LT": "GIPL LT→PL, then PL→UA"}).fillna("route not reported"))
labels = pd.unique(pd.concat([routes.origin, routes.terminal, routes.entry])).tolist()
idx = {label: i for i, label in enumerate(labels)}
links = pd.concat([
    routes.groupby(["origin", "terminal"]).volume_mcm.sum(min_count=1).fillna(1).reset_index()
    .rename(columns={"origin": "a", "terminal": "b"}),
    routes.groupby(["terminal", "entry"]).volume_mcm.sum(min_count=1).fillna(1).reset_index()
    .rename(columns={"terminal": "a", "entry": "b"}),
])
sankey = go.Figure(go.Sankey(node=dict(label=labels, pad=18),
                             link=dict(source=links.a.map(idx), target=links.b.map(idx), value=links.volume_mcm)))
sankey.update_layout(template=charts.TEMPLATE, title="Reported volumes by route (mcm; 1 where not reported)")
st.plotly_chart(sankey, width="stretch", key="lng_routes")
ui.footer(links.rename(columns={"a": "from", "b": "to"}), "lng_routes", "curated register data/reference/"
          "lng_cargoes.csv")
st.caption("Entry routes into Ukraine are the corridors the sources name; which border point carried each cargo "
           "is not published.")

st.subheader("Send-out of the corridor terminals (GIE ALSI)")
terminals = data.query("SELECT gas_day, country_code, send_out_mcm FROM mart_lng_terminal_daily ORDER BY gas_day")
if terminals.empty:
    st.info("No terminal data in the bundled snapshot: GIE publishes ALSI send-out only through its API, which "
            "needs a free key. Set GIE_API_KEY and run `python -m etl refresh --source alsi` to load Greece, "
            "Poland, Lithuania and Croatia.", icon=":material/key:")
else:
    fig = charts.stacked_area(terminals, "gas_day", "send_out_mcm", "country_code",
                              "LNG send-out on the corridors that reach Ukraine", "mcm/d (20 °C)")
    if show_events:
        charts.add_events(fig, ui.events(), terminals.gas_day.min().date(), terminals.gas_day.max().date())
    st.plotly_chart(fig, width="stretch", key="lng_sendout")
    ui.footer(terminals, "lng_terminal_sendout", "GIE ALSI (Gas Infrastructure Europe)")

st.subheader("Cargoes against Ukraine's imports through their entry border in the following four weeks")
versus = data.query("SELECT * FROM mart_lng_cargo_vs_imports ORDER BY delivered_on")
covered = versus[versus.days_with_flow_data > 0]
if covered.empty:
    last = queries.last_import_day()
    st.info(f"The flow data held end on {pd.Timestamp(last):%d %b %Y}; the first delivery is dated "
            f"{pd.Timestamp(versus.delivered_on.min()):%d %b %Y}. Refresh ENTSOG (`python -m etl refresh --source "
            "entsog`) to set each cargo against the imports through its entry border that followed it.")
ui.table(versus)
st.caption("Entry border: Greece → Romania/Moldova (Vertical Corridor), Poland and Lithuania → Poland, Croatia → "
           "Hungary (mart_lng_cargo_vs_imports). Imports through a border are not all LNG: the table shows what "
           "arrived, not what the cargo was.")
