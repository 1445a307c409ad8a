"""Energy-Charts (Fraunhofer ISE): Ukraine's cross-border physical flows, ``/cbpf?country=ua``. No key.

Answer (v1, research/api_bodies.md §A): ``{"unix_seconds": [...], "countries": [{"name": "Hungary", "data":
[GW | null, ...]}, ..., {"name": "sum", ...}], "deprecated": false}`` — GW, positive = import into Ukraine, one net
series per border. ``start``/``end`` as ``YYYY-MM-DD`` are local days of the country (Europe/Kyiv); asked one
calendar month at a time. The step (15 min now, hourly in older periods) is read from the timestamps, never assumed.
The documented country list is global and some codes answer 400 "… is not the code for an available country".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from etl.coverage import SeriesSpan, month_end
from etl.errors import FetchError, SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Source, Window
from etl.warehouse import now_utc

log = logging.getLogger("etl.sources.energy_charts")

NAME = "energy_charts"
TABLE = "fact_energy_charts_flow"
BASE_URL = "https://api.energy-charts.info"
FIRST_DAY = date(2022, 3, 16)
REVISION_DAYS = 3
COUNTRY = "ua"
#: series name → ISO2. "sum" is the net position over all borders (adding it would count every flow twice);
#: Belarus and Russia are not kept: their interconnectors with Ukraine have been disconnected since 24 Feb 2022,
#: so their series are empty or zero and would only add rows that say nothing.
NEIGHBOURS = {"Poland": "PL", "Slovakia": "SK", "Hungary": "HU", "Romania": "RO", "Moldova": "MD"}
IGNORED = frozenset({"sum", "Belarus", "Russia"})
COLUMNS = ["hour_utc", "neighbour_country", "direction", "mw", "basis", "source", "loaded_at"]


def month_windows(window: Window) -> list[Window]:
    out, start = [], window.start
    while start <= window.end:
        end = min(month_end(start), window.end)
        out.append(Window(start, end))
        start = end + timedelta(days=1)
    return out


def fetch(client: HttpClient, window: Window, *, base_url: str = BASE_URL,
          progress: Callable[[int, int, str], None] | None = None) -> Iterator[RawResponse]:
    parts = month_windows(window)
    for i, part in enumerate(parts, start=1):
        params = {"country": COUNTRY, "start": part.start.isoformat(), "end": part.end.isoformat()}
        try:
            result = client.get_json(f"{base_url.rstrip('/')}/cbpf", params=params)
        except FetchError as exc:
            if exc.status == 400 and "not the code for an available country" in (exc.body or ""):
                raise FetchError(f"{NAME}: Energy-Charts does not serve Ukraine (country={COUNTRY}) on /cbpf any "
                                 f"more — it answered HTTP 400 '{(exc.body or '').strip()[:120]}'; use the ENTSO-E "
                                 "source for the border flows", status=400, body=exc.body, url=exc.url) from None
            raise
        yield RawResponse(result.url, result.payload)
        if progress:
            progress(i, len(parts), part.start.strftime("%Y-%m"))


def parse(raw: RawResponse) -> pd.DataFrame:
    """One month's answer → hourly rows per neighbour and direction (NaN = not published, never 0)."""
    body = raw.payload
    if body is None:
        return pd.DataFrame(columns=COLUMNS)
    if not isinstance(body, dict) or "unix_seconds" not in body or "countries" not in body:
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        raise SchemaError(f"{NAME}: {raw.url} is not a /cbpf answer (expected unix_seconds and countries; got "
                          f"{keys}) — the API's shape changed (v2?); nothing loaded")
    if body.get("deprecated"):
        log.warning("%s: %s is marked deprecated by Energy-Charts", NAME, raw.url)
    seconds = np.asarray(body["unix_seconds"] or [], dtype="int64")
    if len(seconds) == 0:
        return pd.DataFrame(columns=COLUMNS)
    step = int(np.min(np.diff(seconds))) if len(seconds) > 1 else 3600
    if step <= 0 or 3600 % step:
        raise SchemaError(f"{NAME}: {raw.url} has timestamps {step} s apart; only steps dividing an hour are read")
    times = pd.to_datetime(seconds, unit="s")
    frames = []
    for entry in body["countries"]:
        name = entry.get("name") if isinstance(entry, dict) else None
        if name in IGNORED:
            continue
        if name not in NEIGHBOURS:
            log.warning("%s: %s carries an unknown series %r; not loaded", NAME, raw.url, name)
            continue
        data = entry.get("data")
        if not isinstance(data, list) or len(data) != len(seconds):
            raise SchemaError(f"{NAME}: {raw.url} series {name!r} has {len(data) if isinstance(data, list) else 0} "
                              f"values for {len(seconds)} timestamps; nothing loaded")
        gw = pd.to_numeric(pd.Series(data, dtype="object"), errors="coerce").astype("float64").to_numpy()
        # a net series: per interval only one direction can be non-zero (A11 publishes both directions apart)
        for direction, mw in (("to_ua", np.maximum(gw, 0) * 1000), ("from_ua", np.maximum(-gw, 0) * 1000)):
            frames.append(_hourly(times, mw, step, NEIGHBOURS[name], direction))
    if not frames:
        raise SchemaError(f"{NAME}: {raw.url} has none of the series {', '.join(NEIGHBOURS)}; nothing loaded")
    out = pd.concat(frames, ignore_index=True)
    out["basis"], out["source"], out["loaded_at"] = "physical", "energy_charts_api", now_utc()
    return out[COLUMNS]


def _hourly(times: pd.DatetimeIndex, mw: np.ndarray, step: int, neighbour: str, direction: str) -> pd.DataFrame:
    """Mean MW per UTC hour, NaN unless every interval of the hour has a value."""
    frame = pd.DataFrame({"hour_utc": times.floor("h"), "mw": mw})
    g = frame.groupby("hour_utc", sort=True)["mw"].agg(["mean", "count"])
    out = g["mean"].where(g["count"] * step == 3600).rename("mw").reset_index()
    out["neighbour_country"], out["direction"] = neighbour, direction
    return out


# ---------------------------------------------------------------- series and holes (etl/coverage.py)
DIRECTIONS = ("to_ua", "from_ua")
#: a series is one border in one direction ('PL to_ua'); a day is held when one of its UTC hours has a value
HELD_SQL = ("SELECT DISTINCT neighbour_country || ' ' || direction AS series, CAST(hour_utc AS DATE) AS day "
            "FROM fact_energy_charts_flow WHERE basis = 'physical' AND mw IS NOT NULL")


def expected_series(con: Any = None) -> list[SeriesSpan]:
    """Five borders × two directions (one net series per border, split), each from 16 Mar 2022."""
    return [SeriesSpan(f"{iso2} {direction}", FIRST_DAY) for iso2 in NEIGHBOURS.values() for direction in DIRECTIONS]


def fetch_for(con: Any, client: HttpClient, window: Window, *, base_url: str = BASE_URL,
              plan: dict[date, set[str]] | None = None, progress: Callable[[int, int, str], None] | None = None
              ) -> Iterator[RawResponse]:
    """With a gap-aware plan only its months are asked (one answer carries every border of a month)."""
    if plan is None:
        return fetch(client, window, base_url=base_url, progress=progress)
    return _fetch_months(client, window, sorted(plan), base_url, progress)


def _fetch_months(client: HttpClient, window: Window, months: list[date], base_url: str,
                  progress: Callable[[int, int, str], None] | None) -> Iterator[RawResponse]:
    parts = [Window(max(m, window.start), min(month_end(m), window.end)) for m in months]
    parts = [p for p in parts if p.start <= p.end]
    for i, part in enumerate(parts, start=1):
        yield from fetch(client, part, base_url=base_url)
        if progress:
            progress(i, len(parts), part.start.strftime("%Y-%m"))


SOURCE = Source(
    name=NAME, table=TABLE,
    publisher="Energy-Charts (Fraunhofer ISE)",
    licence="CC BY 4.0",
    parse=parse, fetch=fetch_for, first_day=FIRST_DAY, revision_days=REVISION_DAYS,
    day_column="CAST(hour_utc AS DATE)", last_day_where="mw IS NOT NULL",
    series="one border of Ukraine (net physical flow, split into the two directions)", base_url=BASE_URL,
    held_sql=HELD_SQL, expected_series=expected_series,
)
