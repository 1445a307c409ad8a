"""What GIE's two platforms (AGSI+ storage, ALSI LNG) share: the API key, paging, and their number format.

Not a source itself; agsi.py and alsi.py use it. Quirks (shared/API_NOTES.md §2–3): numbers are JSON strings,
``"-"`` or ``""`` means missing (never 0); ``last_page`` is the only reliable paging field (``total`` counts the
page); rows come newest first; an invalid filter is silently ignored, so the area answered is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from etl import PROJECT_ROOT
from etl.coverage import month_end, month_start
from etl.errors import ConfigError, FetchError, SchemaError
from etl.http import HttpClient
from etl.secrets import read_key
from etl.sources import RawResponse, Window

KEY_ENV = "GIE_API_KEY"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
PAGE_SIZE = 300
MAX_PAGES = 500


def api_key(secrets_file: Path = SECRETS_FILE) -> str:
    """The GIE key from $GIE_API_KEY, else GIE_API_KEY in .streamlit/secrets.toml; ConfigError says what to set."""
    key = read_key(KEY_ENV, secrets_file)
    if not key:
        raise ConfigError(
            f"no GIE API key: set the environment variable {KEY_ENV} (free key: register at "
            f"https://agsi.gie.eu/account — one key serves AGSI+ and ALSI) or put {KEY_ENV} = \"…\" in "
            f"{secrets_file.relative_to(PROJECT_ROOT) if secrets_file.is_relative_to(PROJECT_ROOT) else secrets_file}"
        )
    return key


def fetch_pages(
    client: HttpClient, url: str, key: str, params: dict[str, Any], source: str
) -> Iterator[RawResponse]:
    """Every page of one query (page=1..last_page). The key travels in the x-key header, never in the URL."""
    page, last = 1, 1
    while page <= last:
        query = {**params, "page": page, "size": PAGE_SIZE}
        try:
            result = client.get_json(url, params=query, headers={"x-key": key})
        except FetchError as exc:
            if exc.status in (401, 403):
                raise FetchError(f"{exc} — the GIE API refused the key in ${KEY_ENV}; check it", status=exc.status,
                                 body=exc.body, url=exc.url) from None
            raise
        payload = result.payload
        if not isinstance(payload, dict):
            raise SchemaError(f"{source}: {result.url} returned JSON that is not an object")
        if "error" in payload or ("message" in payload and "data" not in payload):
            raise FetchError(f"{source}: {result.url} answered with an error: "
                             f"{payload.get('message') or payload.get('error')}")
        if "data" not in payload:
            raise SchemaError(f"{source}: {result.url} has no 'data' list (keys: {sorted(payload)})")
        yield RawResponse(result.url, payload)
        try:
            last = int(payload.get("last_page") or 1)
        except (TypeError, ValueError):
            raise SchemaError(f"{source}: {result.url} has a non-numeric last_page") from None
        if last > MAX_PAGES:
            raise SchemaError(f"{source}: {result.url} announces {last} pages; narrow the window")
        if not payload["data"]:
            break
        page += 1


def asked_area(url: str) -> str:
    """The area a (logged or archived) GIE URL asked for: 'EU' for type=eu, else the country code."""
    query = parse_qs(urlsplit(url).query)
    return "EU" if query.get("type") == ["eu"] else (query.get("country") or [""])[0].upper()


def area_windows(window: Window, area: str, plan: dict[date, set[str]] | None) -> list[Window]:
    """The windows to ask for one area: the whole window, or with a gap-aware plan (month → areas) each run of
    consecutive planned months as one window (AGSI+/ALSI page through long windows), clipped to ``window``."""
    if plan is None:
        return [window]
    months = sorted(m for m, areas in plan.items() if area in areas)
    runs: list[list[date]] = []
    for month in months:
        if runs and month_start(runs[-1][-1] + timedelta(days=32)) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    out = []
    for run in runs:
        start, end = max(run[0], window.start), min(month_end(run[-1]), window.end)
        if start <= end:
            out.append(Window(start, end))
    return out


def area_hooks(fetch: Callable[..., Iterator[tuple[str, RawResponse]]], parse: Callable[[RawResponse, str], Any]
               ) -> tuple[Callable[..., Iterator[RawResponse]], Callable[[RawResponse], Any]]:
    """The source contract's two hooks for a GIE platform (AGSI+, ALSI): pages of every area, and a parser that
    reads the area asked for back from the request's public URL — so the archive replays the same way."""

    def fetch_for(con: Any, client: HttpClient, window: Window, *, base_url: str,
                  plan: dict[date, set[str]] | None = None, progress: Any = None) -> Iterator[RawResponse]:
        for _area, raw in fetch(client, window, base_url=base_url, progress=progress, plan=plan):
            yield raw

    def parse_raw(raw: RawResponse) -> Any:
        return parse(raw, asked_area(raw.url))

    return fetch_for, parse_raw


def window_params(window: Window) -> dict[str, str]:
    return {"from": window.start.isoformat(), "to": window.end.isoformat()}


def number(value: Any) -> float | None:
    """GIE number: a string (or a number in website exports); '-', '' and None are missing, not zero."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if text in {"", "-", "n/a", "N/A"}:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def numbers(series: pd.Series) -> pd.Series:
    """Vectorised :func:`number`: '-', '' and unreadable values become NaN (missing), never 0."""
    return pd.to_numeric(series.astype("string").str.strip(), errors="coerce").astype("float64")
