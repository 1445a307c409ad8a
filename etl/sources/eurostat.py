"""Eurostat gas statistics: imports by partner (``nrg_ti_gas`` annual, ``nrg_ti_gasm`` monthly) and supply
balances (``nrg_cb_gas``, ``nrg_cb_gasm``) for the EU, Ukraine and Moldova — the denominators of dependence.

Live API (no key): the JSON-stat 2.0 dissemination API. Quirks (shared/API_NOTES.md §4): ``value`` is a sparse
object keyed by the row-major flat index over ``id``/``size`` (last dimension fastest); at most 50 categories per
request (HTTP 416 beyond); Greece is EL; ``updated`` has an offset without a colon. Importer: the Data Browser's
"wide" XLSX download (one sheet per product × partner or per balance item), which is what the bundled snapshot
holds for 2011–2020.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl.errors import FetchError, SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Source, Window, incremental_start
from etl.warehouse import now_utc

log = logging.getLogger("etl.sources.eurostat")

NAME = "eurostat"
TABLE = "fact_eurostat_gas"
BASE_URL = "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data"
KEY = ["dataset", "freq", "period", "geo", "partner", "siec", "nrg_bal", "unit"]
COLUMNS = [*KEY, "value", "status", "source", "loaded_at"]
MAX_CATEGORIES = 50
REVISION_DAYS = 400  # monthly statistics are revised for about a year
FIRST_DAY = date(2015, 1, 1)
GEOS = ("EU27_2020", "UA", "MD")
PARTNERS = ("TOTAL", "RU", "NO", "DZ", "US", "QA", "AZ", "UK", "NSP")
#: (dataset, filters) the live refresh asks for; each stays under 50 categories.
QUERIES: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    ("nrg_ti_gasm", {"siec": ("G3000", "G3200"), "unit": ("TJ_GCV",), "geo": GEOS, "partner": PARTNERS}),
    ("nrg_cb_gasm", {"siec": ("G3000",), "unit": ("TJ_GCV",), "geo": GEOS,
                     "nrg_bal": ("IMP", "EXP", "IPRD", "IC_CAL_MG", "IC_OBS")}),
)


# ---------------------------------------------------------------- JSON-stat
def decode_jsonstat(payload: Any, url: str = "") -> pd.DataFrame:
    """A JSON-stat 2.0 dataset → one row per present cell, with a column per dimension (codes), value, status."""
    if not isinstance(payload, dict):
        raise SchemaError(f"eurostat: {url} is not a JSON object")
    if "error" in payload:
        err = payload["error"]
        raise FetchError(f"eurostat: {url} answered error {err.get('status', '?')}: {err.get('label', err)}")
    missing = [k for k in ("id", "size", "dimension", "value") if k not in payload]
    if missing:
        raise SchemaError(f"eurostat: {url} lacks JSON-stat field(s) {', '.join(missing)} — nothing loaded")
    ids, sizes = payload["id"], payload["size"]
    if len(ids) != len(sizes):
        raise SchemaError(f"eurostat: {url} has {len(ids)} dimensions but {len(sizes)} sizes")
    codes = []
    for dim, size in zip(ids, sizes, strict=True):
        index = payload["dimension"][dim]["category"]["index"]
        by_pos = sorted(index, key=index.get) if isinstance(index, dict) else list(index)
        if len(by_pos) != size:
            raise SchemaError(f"eurostat: {url} dimension {dim} has {len(by_pos)} categories, size says {size}")
        codes.append(by_pos)
    values, status = payload["value"], payload.get("status") or {}
    if isinstance(values, list):  # dense form
        values = {str(i): v for i, v in enumerate(values) if v is not None}
    strides = [1] * len(sizes)
    for i in range(len(sizes) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]
    rows = []
    for flat, value in values.items():
        k = int(flat)
        row = {dim: codes[d][(k // strides[d]) % sizes[d]] for d, dim in enumerate(ids)}
        row["value"] = value
        row["status"] = status.get(flat) if isinstance(status, dict) else None
        rows.append(row)
    return pd.DataFrame(rows, columns=[*ids, "value", "status"])


def period_start(text: str) -> date:
    """'2024' → 2024-01-01, '2024-03' or '2024M03' → 2024-03-01."""
    m = re.fullmatch(r"(\d{4})(?:-?M?(\d{2}))?", str(text))
    if not m:
        raise SchemaError(f"eurostat: unknown time period {text!r}")
    return date(int(m.group(1)), int(m.group(2) or 1), 1)


def to_fact(cells: pd.DataFrame, dataset: str, source: str) -> pd.DataFrame:
    """Decoded cells → fact_eurostat_gas rows."""
    if cells.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame({
        "dataset": dataset,
        "freq": cells["freq"] if "freq" in cells else ("M" if dataset.endswith("m") else "A"),
        "period": cells["time"].map(period_start),
        "geo": cells["geo"],
        "partner": cells["partner"] if "partner" in cells else "TOTAL",
        "siec": cells["siec"],
        "nrg_bal": cells["nrg_bal"] if "nrg_bal" in cells else "IMP",
        "unit": cells["unit"],
        "value": pd.to_numeric(cells["value"], errors="coerce"),
        "status": cells["status"],
    })
    out["source"], out["loaded_at"] = source, now_utc()
    return out.drop_duplicates(KEY, keep="last")[COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------- fetch / parse
def requests_for(dataset: str, filters: dict[str, tuple[str, ...]], window: Window) -> list[dict[str, Any]]:
    """Query parameter sets for one dataset, split so no request asks for more than 50 categories."""
    monthly = dataset.endswith("m")
    since = f"{window.start:%Y-%m}" if monthly else f"{window.start:%Y}"
    until = f"{window.end:%Y-%m}" if monthly else f"{window.end:%Y}"
    fixed = {k: v for k, v in filters.items() if k != "partner"}
    partners = filters.get("partner", ())
    fixed_count = sum(len(v) for v in fixed.values())
    per_request = max(1, MAX_CATEGORIES - fixed_count) if partners else 0
    chunks = [partners[i:i + per_request] for i in range(0, len(partners), per_request)] if partners else [()]
    out = []
    for chunk in chunks:
        params: list[tuple[str, str]] = [("format", "JSON"), ("lang", "EN"), ("sinceTimePeriod", since),
                                         ("untilTimePeriod", until)]
        for dim, values in itertools.chain(fixed.items(), [("partner", chunk)] if chunk else []):
            params += [(dim, v) for v in values]
        out.append({"dataset": dataset, "params": params})
    return out


def fetch(client: HttpClient, window: Window, base_url: str = BASE_URL,
          progress: Callable[[int, int, str], None] | None = None) -> Iterator[tuple[str, RawResponse]]:
    """One request per dataset × reporter (× partner chunk), so a reporter a dataset lacks (Ukraine is not certain
    to be in the monthly tables: API_NOTES §4.1) costs only its own request: Eurostat's 'no results' (HTTP 400/404)
    is logged and skipped; any other error stops the source."""
    plans = [r for dataset, filters in QUERIES for geo in filters.get("geo", ("",))
             for r in requests_for(dataset, {**filters, "geo": (geo,)} if geo else filters, window)]
    for i, plan in enumerate(plans, start=1):
        try:
            result = client.get_json(f"{base_url}/{plan['dataset']}", params=_as_dict(plan["params"]))
        except FetchError as exc:
            if exc.status == 416:
                raise FetchError(f"{exc} — Eurostat refused more than {MAX_CATEGORIES} categories in one request; "
                                 "the query plan must be split further", status=416, body=exc.body,
                                 url=exc.url) from None
            if _no_results(exc):
                log.warning("eurostat: no data for this query, skipped — %s", exc)
                continue
            raise
        if progress:
            progress(i, len(plans), plan["dataset"])
        yield plan["dataset"], RawResponse(result.url, result.payload)


def _no_results(exc: FetchError) -> bool:
    """Eurostat's 'no results' (SDMX code 100, sent as HTTP 404, or 400 with id 100) — not a syntax (140) or
    semantic (150) error, which must stop the source."""
    return exc.status == 404 or (exc.status == 400 and re.search(r'"id":\s*100\b', exc.body or "") is not None)


def _as_dict(params: list[tuple[str, str]]) -> dict[str, Any]:
    """Group repeated parameters into lists: requests sends them as partner=RU&partner=UA, as Eurostat expects."""
    out: dict[str, Any] = {}
    for key, value in params:
        out.setdefault(key, []).append(value)
    return {k: (v[0] if len(v) == 1 else v) for k, v in out.items()}


def parse(raw: RawResponse, dataset: str) -> pd.DataFrame:
    return to_fact(decode_jsonstat(raw.payload, raw.url), dataset, "eurostat_api")


def parse_archived(raw: RawResponse) -> pd.DataFrame:
    """One answer (live or archived) → frame; the dataset is read back from the request's URL path."""
    dataset = raw.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return parse(raw, dataset)


# ---------------------------------------------------------------- importer: Data Browser XLSX ("wide" sheets)
LABELS = {
    "Natural gas": "G3000", "Liquefied natural gas": "G3200",
    "Russia": "RU", "Total": "TOTAL", "Norway": "NO", "Algeria": "DZ", "Qatar": "QA", "United States": "US",
    "Terajoule (gross calorific value - GCV)": "TJ_GCV", "Million cubic metres": "MIO_M3",
    "Indigenous production": "PPRD", "Imports": "IMP", "Exports": "EXP",
    "Change in stock": "STK_CHG", "Inland consumption - calculated": "IC_CAL_MG",
    "Inland consumption - observed": "IC_OBS",
    "European Union - 27 countries (from 2020)": "EU27_2020", "Ukraine": "UA", "Moldova": "MD",
    "Germany (until 1990 former territory of the FRG)": "DE", "Germany": "DE", "Slovakia": "SK", "Hungary": "HU",
    "Poland": "PL", "Romania": "RO", "Greece": "EL", "Lithuania": "LT", "Croatia": "HR", "Bulgaria": "BG",
    "Austria": "AT", "Italy": "IT", "France": "FR", "Czechia": "CZ",
}
HEADER_LABELS = {
    "Time frequency": "freq", "Standard international energy product classification (SIEC)": "siec",
    "Geopolitical entity (partner)": "partner", "Unit of measure": "unit", "Energy balance": "nrg_bal",
}
BALANCE_ITEMS = {"PPRD", "IMP", "EXP", "STK_CHG", "IC_CAL_MG", "IC_OBS"}


def import_xlsx(path: Path, dataset: str) -> pd.DataFrame:
    """A Eurostat Data Browser XLSX download (custom extract) → fact rows for the geos in LABELS."""
    book = pd.ExcelFile(path, engine="openpyxl")
    frames = []
    for sheet in book.sheet_names:
        if not sheet.startswith("Sheet"):
            continue
        grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
        head = {HEADER_LABELS[str(r[0]).strip()]: str(r[2]).strip() for r in grid.itertuples(index=False)
                if str(r[0]).strip() in HEADER_LABELS}
        if "nrg_bal" in head and LABELS.get(head["nrg_bal"]) not in BALANCE_ITEMS:
            continue
        time_rows = grid.index[grid[0].astype(str).str.strip() == "TIME"]
        if not len(time_rows):
            raise SchemaError(f"eurostat: {path} sheet {sheet!r} has no TIME row — not a Data Browser export")
        t = time_rows[0]
        years = {c: str(int(float(v))) for c, v in grid.loc[t].items() if c > 0 and _is_number(v)}
        for r in range(t + 2, len(grid)):
            label = str(grid.at[r, 0]).strip()
            if label in ("", "nan") or label.startswith("Special value"):
                break
            geo = LABELS.get(label)
            if geo is None:
                continue
            for c, year in years.items():
                frames.append({"time": year, "geo": geo, "value": _cell(grid.at[r, c]), "status": None,
                               "freq": "A", "siec": LABELS.get(head.get("siec", ""), head.get("siec")),
                               "partner": LABELS.get(head.get("partner", "Total"), "TOTAL"),
                               "unit": LABELS.get(head.get("unit", ""), head.get("unit")),
                               "nrg_bal": LABELS.get(head.get("nrg_bal", "Imports"), "IMP")})
    cells = pd.DataFrame(frames)
    return to_fact(cells, dataset, "eurostat_export")


def _is_number(v: Any) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


def _cell(v: Any) -> float | None:
    """Eurostat's ':' (not available) → None; numbers as floats."""
    return float(v) if _is_number(v) else None


# ---------------------------------------------------------------- the source's declaration
def fetch_for(con: duckdb.DuckDBPyConnection, client: HttpClient, window: Window, *, base_url: str = BASE_URL,
              plan: dict[date, set[str]] | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> Iterator[RawResponse]:
    for _dataset, raw in fetch(client, window, base_url, progress):
        yield raw


def monthly_start(con: duckdb.DuckDBPyConnection) -> date:
    """Monthly statistics are revised for about a year: the newest month held − REVISION_DAYS (annual rows from
    the snapshot do not count)."""
    return incremental_start(con, TABLE, FIRST_DAY, REVISION_DAYS, day_column="period", where="freq = 'M'")


SOURCE = Source(
    name=NAME, table=TABLE,
    publisher='Eurostat',
    licence='Eurostat copyright notice: free reuse with acknowledgement of the source',
    parse=parse_archived, fetch=fetch_for, first_day=FIRST_DAY,
    revision_days=REVISION_DAYS, day_column="period", start=monthly_start, base_url=BASE_URL,
    series="one dataset × reporter × partner × product × balance item × unit", snapshot_file="eurostat_gas.parquet",
)
