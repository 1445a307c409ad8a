"""ENTSO-E's XML answers read into hourly rows: the parser of etl/sources/entsoe.py (see its docstring for the
document's quirks), and the vocabulary a document is read with — Ukraine's areas, the neighbours' EICs, the columns.
Kept apart from the requests, the token and the Source declaration: replay and the tests parse archived answers
without any of them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from etl.errors import FetchError, SchemaError
from etl.sources import RawResponse
from etl.warehouse import now_utc

NAME = "entsoe"
UA_BZN = "10Y1001C--00003F"        # Ukraine, bidding zone / market balance area (what is asked)
UA_IPS = "10Y1001C--000182"        # Ukraine IPS control area (the trap: not asked)
UA_BEI = "10YUA-WEPS-----0"        # the former Burshtyn island (SK, HU, RO borders until 22 Sep 2022)
UA_AREAS = frozenset({UA_BZN, UA_IPS, UA_BEI})
NEIGHBOURS = {
    "PL": "10YPL-AREA-----S",
    "SK": "10YSK-SEPS-----K",
    "HU": "10YHU-MAVIR----U",
    "RO": "10YRO-TEL------P",
    "MD": "10Y1001A1001A990",
}
COUNTRY_OF = {eic: iso2 for iso2, eic in NEIGHBOURS.items()}
BASIS = {"A11": "physical", "A09": "commercial"}
COLUMNS = ["hour_utc", "neighbour_country", "direction", "mw", "basis", "domain_pair", "source", "loaded_at"]
NO_DATA = "No matching data"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element, path: str, where: str) -> str:
    """The text at a '/'-separated path of local names; SchemaError naming the element when it is missing."""
    node: ET.Element | None = element
    for part in path.split("/"):
        node = _child(node, part) if node is not None else None
    if node is None or node.text is None or not node.text.strip():
        raise SchemaError(f"{NAME}: {where} lacks <{path}> — the document's shape changed; nothing loaded")
    return node.text.strip()


_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?$")


def resolution_minutes(text: str, where: str) -> int:
    m = _DURATION.match(text)
    minutes = (int(m.group(1) or 0) * 60 + int(m.group(2) or 0)) if m else 0
    if not minutes or 60 % minutes:
        raise SchemaError(f"{NAME}: {where} has resolution {text!r}; only divisors of an hour (PT60M, PT15M) "
                          "are read")
    return minutes


def _instant(text: str, where: str) -> np.datetime64:
    try:
        stamp_ = pd.Timestamp(text)
    except ValueError:
        raise SchemaError(f"{NAME}: {where} has an unreadable time {text!r}") from None
    if stamp_.tzinfo is not None:
        stamp_ = stamp_.tz_convert("UTC").tz_localize(None)
    return np.datetime64(stamp_.to_datetime64(), "m")


def period_values(period: ET.Element, curve: str, where: str) -> tuple[np.ndarray, np.ndarray, int]:
    """One Period → (start of each interval, MW, minutes per interval). A03: forward-filled inside the Period;
    A01: a missing position is NaN."""
    start = _instant(_text(period, "timeInterval/start", where), where)
    end = _instant(_text(period, "timeInterval/end", where), where)
    minutes = resolution_minutes(_text(period, "resolution", where), where)
    n = int((end - start) / np.timedelta64(minutes, "m"))
    if n <= 0:
        raise SchemaError(f"{NAME}: {where} has a Period that ends before it starts")
    ns = period.tag[: period.tag.index("}") + 1] if period.tag.startswith("{") else ""
    points = period.findall(f"{ns}Point")
    positions = [p.findtext(f"{ns}position") for p in points]
    quantities = [(p.findtext(f"{ns}quantity") or "").strip() or "nan" for p in points]
    try:
        pos = np.array(positions, dtype="int64")
        qty = np.array(quantities, dtype="float64")
    except (TypeError, ValueError):
        raise SchemaError(f"{NAME}: {where} has a Point whose position or quantity is missing or not a number"
                          ) from None
    if len(pos) and (pos.min() < 1 or pos.max() > n):
        raise SchemaError(f"{NAME}: {where} has a Point position outside its Period (1…{n})")
    values = np.full(n, np.nan)
    seen = np.zeros(n, dtype=bool)
    values[pos - 1], seen[pos - 1] = qty, True
    if not seen.any():
        raise SchemaError(f"{NAME}: {where} has a Period without Points")
    if curve == "A03":  # variable-sized blocks: a value holds until the next sent position, then to Period end
        idx = np.where(seen, np.arange(n), -1)
        np.maximum.accumulate(idx, out=idx)
        values = np.where(idx >= 0, values[np.maximum(idx, 0)], np.nan)
    times = start + np.arange(n) * np.timedelta64(minutes, "m")
    return times, values, minutes


def hourly(times: np.ndarray, values: np.ndarray, minutes: np.ndarray) -> pd.DataFrame:
    """Intervals → hours: the duration-weighted mean when the hour is fully covered by values, else NaN."""
    frame = pd.DataFrame({"t": times.astype("datetime64[ns]"), "v": values, "m": minutes})
    frame = frame.drop_duplicates("t", keep="last")
    frame["hour_utc"] = frame["t"].dt.floor("h")
    frame["vm"] = frame["v"] * frame["m"]
    frame["covered"] = frame["m"].where(frame["v"].notna(), 0)
    g = frame.groupby("hour_utc", sort=True)[["vm", "covered"]].sum(min_count=1)
    mw = (g["vm"] / 60.0).where(g["covered"] == 60)
    return mw.rename("mw").reset_index()


def parse(raw: RawResponse) -> pd.DataFrame:
    """One answer (XML text) → hourly rows; the Acknowledgement 'no data' → no rows; SchemaError when malformed."""
    if raw.payload is None:
        return pd.DataFrame(columns=COLUMNS)
    text = raw.payload if isinstance(raw.payload, str) else raw.payload.decode("utf-8")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SchemaError(f"{NAME}: {raw.url} returned a body that is not well-formed XML ({exc}; starts with "
                          f"{text[:60]!r}); nothing loaded") from None
    kind = _local(root.tag)
    if kind == "Acknowledgement_MarketDocument":
        return _acknowledged(root, raw.url)
    if kind != "Publication_MarketDocument":
        raise SchemaError(f"{NAME}: {raw.url} answered a <{kind}>, not a Publication_MarketDocument")
    doc_type = _text(root, "type", raw.url)
    if doc_type not in BASIS:
        raise SchemaError(f"{NAME}: {raw.url} is a document of type {doc_type}; only A11 and A09 are read")
    asked = parse_qs(urlsplit(raw.url).query)
    frames = []
    for i, series in enumerate(_children(root, "TimeSeries"), start=1):
        where = f"{raw.url} TimeSeries {i}"
        receiving = _text(series, "in_Domain.mRID", where)
        sending = _text(series, "out_Domain.mRID", where)
        if asked.get("in_Domain", [receiving]) != [receiving] or asked.get("out_Domain", [sending]) != [sending]:
            raise SchemaError(f"{NAME}: asked for {asked['in_Domain'][0]}>{asked['out_Domain'][0]} but {where} "
                              f"answered {receiving}>{sending}; nothing loaded")
        if receiving in UA_AREAS and sending in COUNTRY_OF:
            direction, neighbour = "to_ua", COUNTRY_OF[sending]
        elif sending in UA_AREAS and receiving in COUNTRY_OF:
            direction, neighbour = "from_ua", COUNTRY_OF[receiving]
        else:
            raise SchemaError(f"{NAME}: {where} is the pair {receiving}>{sending}, not a border of Ukraine")
        unit = _child(series, "quantity_Measure_Unit.name")
        if unit is not None and (unit.text or "").strip() not in ("MAW", ""):
            raise SchemaError(f"{NAME}: {where} is in {unit.text!r}, not MAW (MW)")
        curve = (_child(series, "curveType").text or "A01").strip() if _child(series, "curveType") is not None \
            else "A01"
        periods = _children(series, "Period")
        if not periods:
            raise SchemaError(f"{NAME}: {where} has no Period")
        parts = [period_values(p, curve, where) for p in periods]
        times = np.concatenate([t for t, _, _ in parts])
        values = np.concatenate([v for _, v, _ in parts])
        minutes = np.concatenate([np.full(len(t), m) for t, _, m in parts])
        hours = hourly(times, values, minutes)
        # hours between Periods (a gap in the TimeSeries) are kept as NULL rows: published as missing, never 0
        span = pd.date_range(hours["hour_utc"].min(), hours["hour_utc"].max(), freq="h")
        hours = hours.set_index("hour_utc").reindex(span).rename_axis("hour_utc").reset_index()
        hours["neighbour_country"], hours["direction"] = neighbour, direction
        hours["domain_pair"] = f"{receiving}>{sending}"
        frames.append(hours)
    if not frames:
        raise SchemaError(f"{NAME}: {raw.url} is a Publication_MarketDocument without TimeSeries")
    out = pd.concat(frames, ignore_index=True)
    # several TimeSeries of one pair: a value wins over a NULL for the same hour
    out = out.sort_values("mw", na_position="first").drop_duplicates(["hour_utc", "neighbour_country", "direction"],
                                                                     keep="last")
    out["basis"], out["source"], out["loaded_at"] = BASIS[doc_type], "entsoe_api", now_utc()
    return out.sort_values(["neighbour_country", "direction", "hour_utc"])[COLUMNS].reset_index(drop=True)


def _acknowledged(root: ET.Element, url: str) -> pd.DataFrame:
    reason = _child(root, "Reason")
    code = _text(reason, "code", url) if reason is not None else ""
    text = (_child(reason, "text").text or "").strip() if reason is not None and _child(reason, "text") is not None \
        else ""
    if code == "999" and (not text or NO_DATA.lower() in text.lower()):
        return pd.DataFrame(columns=COLUMNS)
    raise FetchError(f"{NAME}: {url} was refused: Reason {code or '?'} {text!r}", url=url)
