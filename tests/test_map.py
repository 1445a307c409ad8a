"""The Map page: runs in both languages, draws every kind of place over bundled outlines (Crimea inside Ukraine),
and asks the network for nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
GEOJSON = ROOT / "data" / "reference" / "geo" / "ua_neighbours_ne2_50m.geojson"
LOCATIONS = ROOT / "data" / "reference" / "energy_locations.csv"
KINDS = {"gas_ip", "power_line", "storage"}


def run_map(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()  # first: the page is registered under url_path "map", which switch_page finds only after a run
    from dashboard import i18n

    i18n.MISSED.clear()  # what the Overview (that first run) misses is not this page's
    at.switch_page("views/energy_map.py")
    return at.run()


def spec_of(at: AppTest) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if "energy_map" in c.proto.id).proto.spec)


def inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: whether (lon, lat) is inside the closed ring [[lon, lat], …]."""
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def in_country(lon: float, lat: float, geometry: dict) -> bool:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(inside(lon, lat, poly[0]) and not any(inside(lon, lat, hole) for hole in poly[1:])
               for poly in polygons)


def countries() -> dict[str, dict]:
    return {f["id"]: f["geometry"] for f in json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]}


@pytest.mark.parametrize(("city", "lon", "lat"), [("Simferopol", 34.10, 44.95), ("Sevastopol", 33.52, 44.6),
                                                  ("Kerch", 36.47, 45.36), ("Kyiv", 30.52, 50.45)])
def test_crimea_is_drawn_inside_ukraine(city: str, lon: float, lat: float):
    shapes = countries()
    assert in_country(lon, lat, shapes["UA"]), city
    assert not in_country(lon, lat, shapes["RU"]), city


def test_the_outlines_are_small_and_russia_keeps_belgorod():
    assert GEOJSON.stat().st_size < 300_000
    shapes = countries()
    assert set(shapes) == {"UA", "PL", "SK", "HU", "RO", "MD", "BY", "RU"}
    assert in_country(36.59, 50.60, shapes["RU"]) and not in_country(36.59, 50.60, shapes["UA"])  # Belgorod


def test_locations_register_has_a_source_and_a_position_for_every_row():
    rows = list(csv.DictReader(LOCATIONS.open(encoding="utf-8")))
    assert {r["kind"] for r in rows} == KINDS
    for r in rows:
        assert r["source_url"] and r["licence"] and r["coord_quality"] in {"site", "town", "approximate"}, r
        assert 43 < float(r["lat"]) < 53 and 19 < float(r["lon"]) < 41, r
        assert r["name_uk"], r


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_map_page_draws_every_kind_over_ukraines_outline(warehouse: Path, lang: str, monkeypatch):
    from dashboard import i18n

    monkeypatch.setenv("UA_GAS_I18N_STRICT", "collect")
    i18n.MISSED.clear()
    at = run_map(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not i18n.MISSED, sorted(i18n.MISSED, key=str)  # every string on the page has its Ukrainian text
    spec = spec_of(at)
    metas = {trace.get("meta") for trace in spec["data"]}
    assert KINDS <= metas
    assert "outline:UA" in metas
    ukraine = next(trace for trace in spec["data"] if trace.get("meta") == "outline:UA")
    assert len(ukraine["x"]) > 100 and ukraine["line"]["color"] == "#0057B7"
    gas = next(trace for trace in spec["data"] if trace.get("meta") == "gas_ip" and trace.get("hovertext"))
    hover = " ".join(gas["hovertext"])
    if lang == "en":
        assert "Ukraine → Slovakia: 40.5 mcm/d" in hover and "23 Apr 2024" in hover
        assert "Simferopol" not in hover
    else:
        assert "Україна → Словаччина: 40,5 млн м³/добу" in hover and "23 квіт. 2024" in hover
        assert at.title[0].value.startswith("Мапа")
    caption = " ".join(c.value for c in at.caption)
    assert ("Crimea is Ukraine" if lang == "en" else "Крим є Україною") in caption
    assert ("23 Apr 2024" if lang == "en" else "23 квіт. 2024") in caption


def test_map_needs_no_network(warehouse: Path):
    """No tiles, no mapbox, no geo subplot (plotly.js fetches a geo subplot's base map from its CDN): the figure
    is plain x/y scatter traces and names no URL."""
    at = run_map("en")
    text = next(c for c in at.get("plotly_chart") if "energy_map" in c.proto.id).proto.spec
    spec = json.loads(text)
    assert "http" not in text
    assert {trace["type"] for trace in spec["data"]} == {"scatter"}
    assert not {"mapbox", "map", "geo"} & set(spec["layout"])
