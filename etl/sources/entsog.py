"""ENTSOG Transparency Platform: daily physical flows and GCV at every point on Ukraine's borders.

Live API (no key): ``operationalData`` for the point directions of data/reference/points.csv, one call per calendar
month × batch of point directions, ``indicator=Physical Flow,GCV``, ``periodType=day``. Quirks handled here (see
shared/API_NOTES.md §1): 404 and ``{"message": "No Data Available"}`` mean no rows; the data key echoes the path;
gas day = Brussels-local date of ``periodFrom``; rows spanning more than one day are dropped; exact duplicates
dropped; Confirmed preferred over Provisional, then the latest ``lastUpdateDateTime``.

Importers of the files analysts download by hand (the TP's own CSV/XLSX, Bruegel's CSV layout of the same data)
are in etl/sources/entsog_files.py, on this module's normalise/finish.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from etl.coverage import SeriesSpan
from etl.errors import SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Source, Window
from etl.warehouse import now_utc

log = logging.getLogger("etl.sources.entsog")

NAME = "entsog"
TABLE = "fact_entsog_operational"
BASE_URL = "https://transparency.entsog.eu/api/v1"
ENDPOINT = "operationalData"
INDICATORS = ("Physical Flow", "GCV", "Firm Technical")
UNITS = {"Physical Flow": "kWh/d", "GCV": "kWh/Nm3", "Firm Technical": "kWh/d"}
#: Capacities are published as validity intervals that can span weeks; they are spread over their gas days.
CAPACITY_INDICATORS = frozenset({"Firm Technical"})
MAX_SPREAD_DAYS = 400
NO_DATA_MESSAGE = "No Data Available"
BATCH_SIZE = 40          # point directions per request (URL stays well under 8 kB)
REVISION_DAYS = 30       # re-fetched on every incremental refresh: provisional → confirmed, late revisions
FIRST_DAY = date(2015, 1, 1)
REQUIRED_FIELDS = ("periodFrom", "periodTo", "operatorKey", "pointKey", "directionKey", "indicator", "value")
OPTIONAL_FIELDS = ("unit", "flowStatus", "pointLabel", "lastUpdateDateTime", "periodType")
#: ENTSOG's usual day row, 06:00 Brussels time with its offset: the gas day is then the first 10 characters.
_GAS_DAY_START = r"^\d{4}-\d{2}-\d{2}T06:00:00\+0[12]:00$"
TZ = "Europe/Brussels"
COLUMNS = ["gas_day", "point_key", "operator_key", "direction_key", "indicator", "value", "unit", "flow_status",
           "point_label", "last_update_at", "source", "loaded_at"]
KEY = ["gas_day", "point_key", "operator_key", "direction_key", "indicator"]


# ---------------------------------------------------------------- fetch
def point_directions(points: pd.DataFrame) -> list[str]:
    """``pointDirection`` values (operator + point + direction, lower case) for every report in the points table."""
    values = (points["operator_key"] + points["point_key"] + points["direction_key"]).str.lower()
    return sorted(set(values))


def month_windows(window: Window) -> list[Window]:
    """Split a window at calendar-month boundaries (ENTSOG times out on long queries; CREA splits by month)."""
    out, start = [], window.start
    while start <= window.end:
        last = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        end = min(last, window.end)
        out.append(Window(start, end))
        start = end + timedelta(days=1)
    return out


def requests_for(window: Window, directions: list[str],
                 plan: dict[date, set[str]] | None = None) -> list[tuple[Window, list[str]]]:
    """(month, batch of point directions) to ask: every direction in every month of the window, or, with a
    gap-aware ``plan`` (month → series), only the directions with a hole in that month."""
    out = []
    for month in month_windows(window):
        wanted = directions if plan is None else sorted(
            {series_direction(s) for s in plan.get(month.start.replace(day=1), set())} & set(directions))
        out += [(month, wanted[i:i + BATCH_SIZE]) for i in range(0, len(wanted), BATCH_SIZE)]
    return out


def fetch(
    client: HttpClient,
    window: Window,
    points: pd.DataFrame,
    base_url: str = BASE_URL,
    progress: Callable[[int, int, str], None] | None = None,
    plan: dict[date, set[str]] | None = None,
) -> Iterable[RawResponse]:
    """Yield one raw answer per month × batch; 404 / 'No Data Available' yields payload None."""
    requests = requests_for(window, point_directions(points), plan)
    total, done = len(requests), 0
    for month, batch in requests:
        params = {
            "pointDirection": ",".join(batch),
            "indicator": ",".join(INDICATORS),
            "periodType": "day",
            "from": month.start.isoformat(),
            "to": month.end.isoformat(),
            "timezone": "CET",
            "limit": -1,
        }
        result = client.get_json(f"{base_url}/{ENDPOINT}", params=params, empty_statuses=frozenset({404}))
        done += 1
        if progress:
            progress(done, total, f"{month.start:%Y-%m}")
        yield RawResponse(result.url, result.payload)


# ---------------------------------------------------------------- parse
def api_rows(payload: Any, url: str = "") -> list[dict[str, Any]]:
    """The row list of an ENTSOG JSON envelope, whatever spelling of the path it echoes as its key."""
    if payload is None:
        return []
    if not isinstance(payload, dict):
        raise SchemaError(f"entsog: {url} returned JSON that is not an object (got {type(payload).__name__})")
    if set(payload) <= {"message"} and NO_DATA_MESSAGE in str(payload.get("message", NO_DATA_MESSAGE)):
        return []
    keys = [k for k in payload if k != "meta"]
    if len(keys) != 1 or not isinstance(payload[keys[0]], list):
        raise SchemaError(f"entsog: {url} has no single data list next to 'meta' (keys: {sorted(payload)})")
    rows = payload[keys[0]]
    meta = payload.get("meta") or {}
    if isinstance(meta, dict) and isinstance(meta.get("total"), int) and meta["total"] > len(rows) + 5:
        log.warning("entsog: %s returned %d of %d rows (meta.total); the window may be truncated",
                    url, len(rows), meta["total"])
    return rows


def parse(raw: RawResponse) -> pd.DataFrame:
    """A live API answer → typed frame of fact_entsog_operational (source 'entsog_api')."""
    rows = api_rows(raw.payload, raw.url)
    if not rows:
        return empty_frame()
    required = frozenset(REQUIRED_FIELDS)
    bad = next((i for i, row in enumerate(rows) if not required <= row.keys()), None)
    if bad is not None:
        missing = sorted(required - rows[bad].keys())
        raise SchemaError(
            f"entsog: {raw.url} row {bad} lacks field(s) {', '.join(missing)} — the API's shape changed; "
            "nothing from this response was loaded"
        )
    # Columnar extraction of the fields we keep: much cheaper than a frame of all ~35 fields.
    columns = {field: [row.get(field) for row in rows] for field in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS)}
    return normalise(pd.DataFrame(columns), source="entsog_api")


def normalise(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """ENTSOG columns (API JSON or TP export) → the fact table's typed columns, one row per key."""
    df = df[df["indicator"].isin(INDICATORS)]
    if "periodType" in df:
        df = df[df["periodType"].fillna("day").str.lower() == "day"]
    if df.empty:
        return empty_frame()
    start, end = _gas_day_bounds(df["periodFrom"], df["periodTo"])
    span_h = (end - start).dt.total_seconds() / 3600
    capacity = df["indicator"].isin(CAPACITY_INDICATORS)
    days = (end.dt.normalize() - start.dt.normalize()).dt.days.clip(lower=1)
    one_day = span_h.between(22.5, 25.5)
    spread = capacity & ~one_day & (days <= MAX_SPREAD_DAYS) & (span_h > 0)
    keep = one_day | spread
    if (~keep).any():
        log.info("entsog: dropped %d flow rows that span more than one gas day", int((~keep).sum()))
    out = pd.DataFrame({
        "gas_day": start.dt.date,
        "point_key": df["pointKey"].astype(str).str.upper(),
        "operator_key": df["operatorKey"].astype(str).str.upper(),
        "direction_key": df["directionKey"].astype(str).str.lower(),
        "indicator": df["indicator"],
        "value": pd.to_numeric(df["value"], errors="coerce"),
        "unit": df["unit"] if "unit" in df else df["indicator"].map(UNITS),
        "flow_status": df["flowStatus"] if "flowStatus" in df else None,
        "point_label": df["pointLabel"] if "pointLabel" in df else None,
        "last_update_at": _timestamps(df["lastUpdateDateTime"]) if "lastUpdateDateTime" in df else pd.NaT,
    })
    repeat = days.where(spread, 1).to_numpy()
    out = out[keep.to_numpy()]
    repeat = repeat[keep.to_numpy()]
    if (repeat > 1).any():  # capacity intervals: one row per gas day they cover
        out = out.loc[out.index.repeat(repeat)]
        offset = out.groupby(level=0).cumcount().to_numpy()
        out["gas_day"] = [d + timedelta(days=int(k)) for d, k in zip(out["gas_day"], offset, strict=True)]
    out["unit"] = out["unit"].fillna(out["indicator"].map(UNITS))
    return finish(out.reset_index(drop=True), source)


def finish(out: pd.DataFrame, source: str) -> pd.DataFrame:
    """Shared last step of every ENTSOG parser: resolve duplicates, stamp source and load time, fix dtypes."""
    out = out.drop_duplicates()
    status_rank = out["flow_status"].map({"Confirmed": 0, "Provisional": 1}).fillna(2)
    out = (out.assign(_rank=status_rank, _upd=out["last_update_at"])
              .sort_values(["_rank", "_upd"], ascending=[True, False], na_position="last"))
    # Same key, different values and nothing to prefer one by (seen in Bruegel's 2018 file): keep the median.
    dup = out.duplicated(KEY, keep=False) & out["flow_status"].isna() & out["last_update_at"].isna()
    if dup.any():
        medians = out[dup].groupby(KEY, as_index=False)["value"].median()
        firsts = out[dup].drop_duplicates(KEY).drop(columns="value").merge(medians, on=KEY)
        out = pd.concat([out[~dup], firsts], ignore_index=True)
    out = out.drop_duplicates(KEY, keep="first").drop(columns=["_rank", "_upd"])
    out["source"] = source
    out["loaded_at"] = now_utc()
    out["gas_day"] = pd.to_datetime(out["gas_day"]).dt.date
    out["last_update_at"] = pd.to_datetime(out["last_update_at"], utc=True)
    return out[COLUMNS].reset_index(drop=True)


def _gas_day_bounds(period_from: pd.Series, period_to: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Brussels-local start and end times. Fast path: when every row starts and ends at 06:00 local with an
    offset (the normal daily row), the local time is written in the string itself — no time-zone arithmetic."""
    text_from, text_to = period_from.astype(str), period_to.astype(str)
    if text_from.str.match(_GAS_DAY_START).all() and text_to.str.match(_GAS_DAY_START).all():
        start = pd.to_datetime(text_from.str[:10], format="%Y-%m-%d") + pd.Timedelta(hours=6)
        end = pd.to_datetime(text_to.str[:10], format="%Y-%m-%d") + pd.Timedelta(hours=6)
        # 23/25-hour days at the DST changes: give the span the real hours so the one-day test stays exact
        offset_change = text_from.str[-6:] != text_to.str[-6:]
        shift = pd.to_timedelta(offset_change.map({True: 1, False: 0}), unit="h")
        sign = text_from.str[-6:].map({"+01:00": -1, "+02:00": 1}).fillna(0)
        end = end + shift * sign
        return start, end
    return _local_times(period_from), _local_times(period_to)


def _local_times(values: pd.Series) -> pd.Series:
    """Times with an offset (API) → Brussels local; times without one (TP export) are already local."""
    text = values.astype(str)
    if text.str.contains(r"[+-]\d\d:\d\d$|Z$", regex=True).any():
        return pd.to_datetime(text, utc=True, format="ISO8601").dt.tz_convert(TZ).dt.tz_localize(None)
    return pd.to_datetime(text, format="mixed")


def _timestamps(values: pd.Series) -> pd.Series:
    text = values.astype("string")
    has_offset = text.str.contains(r"[+-]\d\d:\d\d$|Z$", regex=True).fillna(False)
    if has_offset.any():
        return pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    local = pd.to_datetime(text, format="mixed", errors="coerce")
    return local.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


# ---------------------------------------------------------------- series and holes (etl/coverage.py)
#: One series = one operator's report of physical flow at a point in one direction.
HELD_SQL = """
    SELECT DISTINCT point_key || ' ' || operator_key || ' ' || direction_key AS series, gas_day AS day
    FROM fact_entsog_operational WHERE indicator = 'Physical Flow'"""


def expected_series(con: duckdb.DuckDBPyConnection) -> list[SeriesSpan]:
    """Every report of data/reference/points.csv, from its validFrom (else ENTSOG's first day here) to its validTo."""
    rows = con.execute("SELECT point_key, operator_key, direction_key, valid_from, valid_to FROM ref_point "
                       "ORDER BY ALL").fetchall()
    return [SeriesSpan(f"{p} {o} {d}", max(start or FIRST_DAY, FIRST_DAY), end) for p, o, d, start, end in rows]


def series_direction(series: str) -> str:
    """'ITP-00117 UA-TSO-0001 exit' → ENTSOG's pointDirection 'ua-tso-0001itp-00117exit'."""
    point, operator, direction = series.split(" ")
    return f"{operator}{point}{direction}".lower()


# ---------------------------------------------------------------- the source's declaration
def fetch_for(con: duckdb.DuckDBPyConnection, client: HttpClient, window: Window, *, base_url: str = BASE_URL,
              plan: dict[date, set[str]] | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> Iterable[RawResponse]:
    """The contract's fetch: the point directions come from the warehouse's points table."""
    points = con.execute("SELECT point_key, operator_key, direction_key FROM ref_point").df()
    return fetch(client, window, points, base_url, progress, plan)


SOURCE = Source(
    name=NAME, table=TABLE,
    publisher='ENTSOG Transparency Platform',
    licence='ENTSOG TP terms of use; cite "ENTSOG TP [date] https://transparency.entsog.eu/"',
    parse=parse, fetch=fetch_for, first_day=FIRST_DAY, revision_days=REVISION_DAYS,
    series="one operator's report of physical flow at a point in one direction (data/reference/points.csv)",
    base_url=BASE_URL, combine=lambda frame: finish(frame, source="entsog_api"), held_sql=HELD_SQL,
    expected_series=expected_series, last_day_where="indicator = 'Physical Flow'",
    snapshot_file="entsog_operational.parquet",
)
