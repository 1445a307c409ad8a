"""LNG: Ukraine has no terminal, so LNG arrives as regasified gas through EU terminals and pipelines. The register
of cargoes and contracts bound for Ukraine, the routes, and the corridor terminals' send-out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, queries, ui
from dashboard.i18n import t, tn

st.title(t("LNG bound for Ukraine"))
cargo = data.query("SELECT * FROM mart_lng_cargo ORDER BY delivered_on NULLS LAST, cargo_id")
st.markdown(tn("**{n} publicly reported cargo or contract**, with its source; volumes as reported (million m³ of "
               "gas). An empty cell means the source does not say.",
               "**{n} publicly reported cargoes and contracts**, each with its source; volumes as reported (million "
               "m³ of gas). An empty cell means the source does not say.", len(cargo), n=len(cargo)))

show_events = ui.toggle(t("Show events"), "events", True)
record_types = {"delivery": t("delivery"), "contract": t("contract"), "agreement": t("agreement")}
kinds = ui.multi(t("Record types"), list(record_types), "types", list(record_types), fmt=record_types.get)
shown = cargo[cargo.record_type.isin(kinds)]
register = i18n.localised(shown).assign(record_type=shown.record_type.map(record_types))
ui.table(
    register[["delivered_on", "date_reported", "record_type", "buyer", "seller", "vessel", "origin_country",
              "regas_terminal", "regas_country", "route_to_ua", "volume_mcm", "notes", "source_url"]],
    column_config={"source_url": st.column_config.LinkColumn(t("source")),
                   "delivered_on": st.column_config.Column(t("delivered on (first day reported)")),
                   "volume_mcm": st.column_config.NumberColumn(t("volume (mcm)"), format="%.0f")},
)
ui.footer(shown, "lng_cargo_register", t("curated register data/reference/lng_cargoes.csv (news reports, linked "
                                         "per row)"))

dated = shown.dropna(subset=["delivered_on"])
if len(dated):
    fig = go.Figure()
    for country, part in dated.groupby("regas_country"):
        fig.add_trace(go.Scatter(
            x=part.delivered_on, y=part.volume_mcm.fillna(0), mode="markers",
            name=t("via {country}", country=charts.name(country)),
            marker=dict(size=(part.volume_mcm.fillna(20) / 5 + 8), color=charts.colour(country),
                        symbol=["circle" if kind == "delivery" else "diamond-open" for kind in part.record_type]),
            text=part.buyer + " — " + part.regas_terminal.fillna(t("terminal not named")),
            hovertemplate="%{x|%d %b %Y}: %{y:.0f} " + t("mcm") + "<br>%{text}<extra></extra>"))
    fig.update_layout(template=charts.TEMPLATE, yaxis_title=t("mcm (as reported)"), yaxis_range=[0, 130],
                      title=t("US LNG for Ukraine arrives via Greece, Poland and Lithuania (● delivery, ◇ contract)"))
    if show_events:
        lo, hi = pd.Timestamp(dated.delivered_on.min()), pd.Timestamp(dated.delivered_on.max())
        charts.add_events(fig, ui.events(), (lo - pd.Timedelta(days=30)).date(), (hi + pd.Timedelta(days=30)).date())
    ui.chart(fig, key="lng_timeline")

st.subheader(t("Routes: origin → regasification terminal → Ukraine"))
routes = shown.assign(origin=shown.origin_country.map(charts.name, na_action="ignore").fillna(t("not reported")),
                      terminal=shown.regas_terminal.fillna(t("terminal not named")) + " ("
                      + shown.regas_country.fillna("?") + ")",
                      entry=shown.regas_country.map({"GR": t("Vertical Corridor (GR→BG→RO→MD/UA)"),
                                                     "PL": t("Hermanowice → Drozdovychi (PL→UA)"),
                                                     "LT": t("GIPL LT→PL, then PL→UA")})
                      .fillna(t("route not reported")))
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
sankey.update_layout(template=charts.TEMPLATE, title=t("Reported volumes by route (mcm; 1 where not reported)"))
ui.chart(sankey, key="lng_routes")
ui.footer(links.rename(columns={"a": "from", "b": "to"}), "lng_routes", t("curated register data/reference/"
                                                                         "lng_cargoes.csv"))
st.caption(t("Entry routes into Ukraine are the corridors the sources name; which border point carried each cargo "
             "is not published."))

st.subheader(t("Send-out of the corridor terminals (GIE ALSI)"))
terminals = data.query("SELECT gas_day, country_code, send_out_mcm FROM mart_lng_terminal_daily ORDER BY gas_day")
if terminals.empty:
    st.info(t("No terminal data in the bundled snapshot: GIE publishes ALSI send-out only through its API, which "
              "needs a free key. Set GIE_API_KEY and run `python -m etl refresh --source alsi` to load Greece, "
              "Poland, Lithuania and Croatia."), icon=":material/key:")
else:
    fig = charts.stacked_area(terminals, "gas_day", "send_out_mcm", "country_code",
                              t("LNG send-out on the corridors that reach Ukraine"), t("mcm/d (20 °C)"))
    if show_events:
        charts.add_events(fig, ui.events(), terminals.gas_day.min().date(), terminals.gas_day.max().date())
    ui.chart(fig, key="lng_sendout")
    ui.footer(terminals, "lng_terminal_sendout", t("GIE ALSI (Gas Infrastructure Europe)"))

st.subheader(t("Cargoes against Ukraine's imports through their entry border in the following four weeks"))
versus = data.query("SELECT * FROM mart_lng_cargo_vs_imports ORDER BY delivered_on")
covered = versus[versus.days_with_flow_data > 0]
if covered.empty:
    last = queries.last_import_day()
    st.info(t("The flow data held end on {last}; the first delivery is dated {first}. Refresh ENTSOG (`python -m "
              "etl refresh --source entsog`) to set each cargo against the imports through its entry border that "
              "followed it.", last=i18n.day(last), first=i18n.day(versus.delivered_on.min())))
ui.table(versus)
st.caption(t("Entry border: Greece → Romania/Moldova (Vertical Corridor), Poland and Lithuania → Poland, Croatia → "
             "Hungary (mart_lng_cargo_vs_imports). Imports through a border are not all LNG: the table shows what "
             "arrived, not what the cargo was."))
