"""Map: Ukraine's gas interconnection points, power interconnectors and gas storage sites, over country outlines
bundled with the code (data/reference/geo/, Natural Earth 2.0 via world-atlas 1.1.4: Crimea drawn as part of
Ukraine). Drawn as plain plotly scatter traces on longitude/latitude axes: no map tiles, no CDN, nothing fetched,
so the page works offline. Positions from data/reference/energy_locations.csv, each with its source and quality."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, i18n, ui
from dashboard.i18n import t

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
GEOJSON = REFERENCE / "geo" / "ua_neighbours_ne2_50m.geojson"
LOCATIONS = REFERENCE / "energy_locations.csv"
#: The view: Ukraine with the near side of its neighbours (lon, lat in degrees).
LON, LAT = (19.0, 40.8), (44.0, 53.0)
#: Longitude shrinks with latitude: at the map's middle latitude a degree east is cos(48.5°) of a degree north.
ASPECT = 1 / math.cos(math.radians(48.5))
COLOURS = {"gas_ip": "#e6550d", "power_line": "#6a3d9a", "storage": "#2ca02c"}
SYMBOLS = {"gas_ip": "circle", "power_line": "diamond", "storage": "square"}
#: Where each country's name is written (lon, lat): clear of the markers.
LABEL_AT = {"UA": (32.4, 49.9), "PL": (21.0, 52.3), "SK": (20.2, 48.95), "HU": (20.7, 46.6), "RO": (25.0, 46.0),
            "MD": (28.3, 46.95), "BY": (27.5, 52.6), "RU": (38.6, 52.2)}


@lru_cache(maxsize=1)
def outlines() -> dict[str, list[list[list[float]]]]:
    """ISO alpha-2 code → the outer rings of the country's polygons, [[lon, lat], …] each."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    out: dict[str, list[list[list[float]]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        out[feature["id"]] = [polygon[0] for polygon in polygons]
    return out


def gas_flows() -> pd.DataFrame:
    """The flows of each physical point on Ukraine's border on the newest gas day held for that point."""
    return data.query("""
        SELECT point_key, direction, gas_day, flow_mcm, flow_gwh
        FROM mart_border_flow_daily
        QUALIFY gas_day = max(gas_day) OVER (PARTITION BY point_key)
        ORDER BY point_key, direction""")


def gas_capacity() -> pd.DataFrame:
    """Firm technical capacity of each point and direction, newest day held up to today (GWh/d)."""
    return data.query("""
        WITH cap AS (
            SELECT f.gas_day, p.physical_point_key AS point_key, p.flow_direction AS direction,
                   kwh_to_gwh(avg(f.value)) AS capacity_gwh
            FROM fact_entsog_operational f JOIN ref_point p USING (point_key, operator_key, direction_key)
            WHERE f.indicator = 'Firm Technical' AND p.priority > 0 AND p.route = 'ua_border'
              AND f.gas_day <= current_date
            GROUP BY ALL)
        SELECT * FROM cap QUALIFY gas_day = max(gas_day) OVER (PARTITION BY point_key, direction)""")


POWER_TABLE = "mart_power_border_daily"
POWER_COLUMNS = {"day", "neighbour_country", "direction", "energy_gwh", "mean_mw", "peak_mw"}


def power_flows() -> pd.DataFrame:
    """Each border's physical power flows on the newest day held for it (mart_power_border_daily); empty when the
    warehouse has no such table, or one without the columns read here: the lines are then drawn without flows."""
    columns = data.query("SELECT column_name FROM information_schema.columns WHERE table_name = ?", (POWER_TABLE,))
    if not POWER_COLUMNS <= set(columns.column_name):
        return pd.DataFrame(columns=sorted(POWER_COLUMNS))
    return data.query(f"""
        SELECT day, neighbour_country, direction, energy_gwh, mean_mw, peak_mw FROM {POWER_TABLE}
        QUALIFY day = max(day) OVER (PARTITION BY neighbour_country)
        ORDER BY neighbour_country, direction""")


def quality(code: str) -> str:
    return {"site": t("position of the site"), "town": t("position of the nearest town, not the site"),
            "approximate": t("approximate position")}.get(code, code)


def direction(code: str, country: str) -> str:
    name = charts.name(country)
    return {"to_ua": t("{country} → Ukraine", country=name),
            "from_ua": t("Ukraine → {country}", country=name)}.get(code, code)


def gas_hover(row, flows: pd.DataFrame, capacity: pd.DataFrame) -> str:
    lines = [f"<b>{row.name}</b>", t("Gas interconnection point with {country}", country=charts.name(row.country))]
    keys = str(row.code).split()
    held = flows[flows.point_key.isin(keys)]
    if held.empty:
        lines.append(t("No flow data held for this point"))
    for flow in held.itertuples():
        lines.append(t("{direction}: {mcm} mcm/d ({gwh} GWh/d) on {day}",
                       direction=direction(flow.direction, row.country), mcm=i18n.num(flow.flow_mcm),
                       gwh=i18n.num(flow.flow_gwh), day=i18n.day(flow.gas_day)))
    for cap in capacity[capacity.point_key.isin(keys)].itertuples():
        lines.append(t("Firm technical capacity {direction}: {gwh} GWh/d on {day}", direction=direction(
            cap.direction, row.country), gwh=i18n.num(cap.capacity_gwh, 0), day=i18n.day(cap.gas_day)))
    return "<br>".join(lines)


def power_hover(row, power: pd.DataFrame) -> str:
    lines = [f"<b>{row.name}</b>", t("Power interconnector with {country}", country=charts.name(row.country))]
    held = power[power.neighbour_country == row.country]
    for flow in held.itertuples():
        lines.append(t("{direction}, whole border: {gwh} GWh on {day} (mean {mean} MW, peak {peak} MW)",
                       direction=direction(flow.direction, row.country), gwh=i18n.num(flow.energy_gwh),
                       day=i18n.day(flow.day), mean=i18n.num(flow.mean_mw, 0), peak=i18n.num(flow.peak_mw, 0)))
    if held.empty:
        lines.append(t("No power flow data held for this border"))
    return "<br>".join(lines)


def storage_hover(row) -> str:
    return "<br>".join([f"<b>{row.name}</b>", t("Underground gas storage")])


def markers(places: pd.DataFrame, kind: str, name: str) -> go.Scatter:
    """One marker per position (sites that share a point share a marker and its hover); open markers where the
    position is a town's or approximate."""
    grouped = places.groupby(["lat", "lon"], sort=False).agg(
        hover=("hover", lambda h: "<br><br>".join(h)), site=("coord_quality", lambda q: (q == "site").any()),
        quality=("coord_quality", "first")).reset_index()
    grouped["hover"] += "<br><i>" + grouped.quality.map(quality) + "</i>"
    symbol = SYMBOLS[kind]
    return go.Scatter(x=grouped.lon, y=grouped.lat, mode="markers", name=name, legendgroup=kind, meta=kind,
                      hovertext=grouped.hover, hovertemplate="%{hovertext}<extra></extra>",
                      marker=dict(size=12, color=COLOURS[kind], line=dict(width=2, color=COLOURS[kind]),
                                  symbol=[symbol if site else f"{symbol}-open" for site in grouped.site]))



def places_held() -> pd.DataFrame:
    return pd.read_csv(LOCATIONS, dtype={"neighbour_country": str}, keep_default_na=False,
                       na_values={"lat": [""], "lon": [""]})


def places_shown() -> pd.DataFrame:
    return i18n.localised(places_held()).rename(columns={"neighbour_country": "country"})


def map_figure() -> go.Figure:
    """The map, built once per warehouse version and language (charts.draw_cached): the outlines alone are a few
    thousand points, and a click elsewhere on the page changes nothing here."""
    shown = places_shown()
    flows, capacity, power = gas_flows(), gas_capacity(), power_flows()
    fig = go.Figure()
    for code, rings in outlines().items():
        home = code == "UA"
        xs = [x for ring in rings for x in [p[0] for p in ring] + [None]]
        ys = [y for ring in rings for y in [p[1] for p in ring] + [None]]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", hoverinfo="skip", showlegend=False,
                                 meta=f"outline:{code}", line=dict(color="#0057B7" if home else "#9a9a9a",
                                                                   width=1.6 if home else 0.8),
                                 fillcolor="rgba(0,87,183,0.10)" if home else "rgba(128,128,128,0.07)"))
    fig.add_trace(go.Scatter(x=[p[0] for p in LABEL_AT.values()], y=[p[1] for p in LABEL_AT.values()], mode="text",
                             text=[charts.name(code) for code in LABEL_AT], hoverinfo="skip", showlegend=False,
                             meta="labels", textfont=dict(color="#7a7a7a", size=12)))

    ties = shown[shown.kind == "power_line"]
    xs: list[float | None] = []
    ys: list[float | None] = []
    for _, ends in ties.groupby("code", sort=False):
        if len(ends) == 2:
            xs += [*ends.lon, None]
            ys += [*ends.lat, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, legendgroup="power_line",
                             meta="power_line", line=dict(color=COLOURS["power_line"], width=1.5, dash="dot")))

    gas = shown[shown.kind == "gas_ip"]
    fig.add_trace(markers(gas.assign(hover=[gas_hover(r, flows, capacity) for r in gas.itertuples()]), "gas_ip",
                          t("Gas interconnection points")))
    fig.add_trace(markers(ties.assign(hover=[power_hover(r, power) for r in ties.itertuples()]), "power_line",
                          t("Power interconnectors")))
    stores = shown[shown.kind == "storage"]
    fig.add_trace(markers(stores.assign(hover=[storage_hover(r) for r in stores.itertuples()]), "storage",
                          t("Gas storage sites")))
    fig.update_layout(
        template=charts.TEMPLATE, height=620, hovermode="closest", dragmode="pan",
        # the title pinned to the top and room below it for a legend of up to three lines (a phone's width)
        title=dict(text=t("Gas points, power lines and gas storage"), yref="container", y=1, yanchor="top",
                   pad=dict(t=22)),
        margin=dict(t=112),
        xaxis=dict(range=list(LON), visible=False, constrain="domain"),
        yaxis=dict(range=list(LAT), visible=False, scaleanchor="x", scaleratio=ASPECT, constrain="domain",
                   constraintoward="top"),  # on a narrow screen the room left over goes below the map, not above
    )
    return fig


st.title(t("Map: Ukraine's gas and power links, and its gas storage"))
places = places_held()
shown = places_shown()
flows, power = gas_flows(), power_flows()
charts.draw_cached(map_figure, key="energy_map")

newest = flows.gas_day.max() if len(flows) else None
gas_said = (t("Gas flows: ENTSOG, the newest day held for each point (the newest of all {day}).",
              day=i18n.day(newest)) if newest is not None and not pd.isna(newest)
            else t("Gas flows: none held."))
power_said = (t("Power flows: physical, ENTSO-E or Energy-Charts, the newest day held for each border (the newest "
                "of all {day}).", day=i18n.day(power.day.max())) if len(power)
              else t("Power flows: none held yet; the lines are drawn without them."))
st.caption(t("Filled markers stand at the site itself; open markers at the nearest town or an approximate "
             "position (see the table). Dotted lines join the two ends of a power line; their course is not "
             "drawn. Borders: Natural Earth 2.0 (world-atlas 1.1.4), internationally recognised borders — Crimea "
             "is Ukraine.") + " " + gas_said + " " + power_said)

st.subheader(t("Positions and their sources"))
kinds = {"gas_ip": t("gas interconnection point"), "power_line": t("power interconnector"),
         "storage": t("gas storage site")}
table = shown.assign(kind=shown.kind.map(kinds), coord_quality=shown.coord_quality.map(quality))
ui.table(table[["kind", "name", "country", "lat", "lon", "coord_quality", "code", "source_url", "licence", "note"]],
         column_config={"lat": st.column_config.NumberColumn(i18n.column("lat"), format="%.4f"),
                        "lon": st.column_config.NumberColumn(i18n.column("lon"), format="%.4f")})
ui.footer(places, "energy_locations", t("curated register data/reference/energy_locations.csv (SciGRID_gas, the "
                                        "GridKit extract of the ENTSO-E map and GeoNames, linked per row); "
                                        "ENTSOG flows (mart_border_flow_daily)"))
st.caption(t("Not drawn, for want of a usable position in the sources checked: the gas points Sokhranivka, "
             "Drozdovychi, Tekovo, Hrebenyky, Oleksiivka, Lymanske and Ananiiv and the historic Russian and "
             "Belarusian entries; the storage sites Krasnopopivske, Verhunske, Chervonopartyzanske and "
             "Hlibovske (Crimea)."))
