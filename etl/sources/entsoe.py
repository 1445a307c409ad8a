"""ENTSO-E Transparency Platform: cross-border physical flows (A11, [12.1.G]) on Ukraine's five borders.

Live API ``GET https://web-api.tp.entsoe.eu/api?documentType=A11&in_Domain=…&out_Domain=…&periodStart=…&periodEnd=…``
with ``securityToken`` (free: register on the platform, then ask for "Restful API access"; $ENTSOE_API_KEY). One
direction per request; ``in_Domain`` is the *receiving* area, so in_Domain = Ukraine is a flow into Ukraine. At most
one year per request (windows are split at 1 January). Quirks (shared/API_NOTES.md §9, research/api_bodies.md §B):

- Ask with **bidding-zone** EICs: the country-border / control-area pair (UA IPS ``10Y1001C--000182``) has answered
  zeros while the bidding-zone pair carried the flow (Electricity Maps #6799). The pair asked is kept in
  ``domain_pair``.
- Until 22 Sep 2022 the SK, HU and RO borders belonged to the Burshtyn island (``10YUA-WEPS-----0``).
- The answer is XML (``Publication_MarketDocument``; the namespace version changes, so local names are matched):
  TimeSeries → Period (timeInterval, resolution PT60M or PT15M) → Point (position, quantity in MW). curveType A03
  sends only the positions where the value changes (a missing position repeats the previous value, inside one
  Period only); A01 sends every position (a missing one is a gap). A gap shows up as several Periods.
- No data is an ``Acknowledgement_MarketDocument`` with Reason code 999 ("No matching data found …"), with HTTP 200
  or 400: nothing published, not a fault.
- The token must never be shown: it is added to the request by a requests auth hook, outside the parameters the
  HttpClient logs and archives, and any error text is scrubbed of it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from etl import PROJECT_ROOT
from etl.coverage import SeriesSpan
from etl.errors import ConfigError, EtlError, FetchError
from etl.http import HttpClient
from etl.secrets import read_key
from etl.sources import RawResponse, Source, Window
from etl.sources.entsoe_xml import (
    BASIS,
    COLUMNS,
    COUNTRY_OF,
    NAME,
    NEIGHBOURS,
    NO_DATA,
    UA_AREAS,
    UA_BEI,
    UA_BZN,
    UA_IPS,
    hourly,
    parse,
    period_values,
    resolution_minutes,
)

__all__ = ["BASE_URL", "BASIS", "BURSHTYN_BORDERS", "BURSHTYN_UNTIL", "COLUMNS", "COUNTRY_OF", "DIRECTIONS",
           "DOCUMENT_TYPES", "FIRST_DAY", "HELD_SQL", "KEY_ENV", "NAME", "NEIGHBOURS", "NO_DATA", "REVISION_DAYS",
           "SECRETS_FILE", "SOURCE", "TABLE", "TOKEN_PARAM", "UA_AREAS", "UA_BEI", "UA_BZN", "UA_IPS", "api_key",
           "expected_series", "fetch", "fetch_for", "hourly", "parse", "period_values", "planned_requests",
           "request_spans", "requests_for", "resolution_minutes", "stamp", "ua_side"]

log = logging.getLogger("etl.sources.entsoe")

TABLE = "fact_entsoe_flow"
BASE_URL = "https://web-api.tp.entsoe.eu/api"
FIRST_DAY = date(2022, 3, 16)  # ENTSO-E synchronised Ukraine and Moldova with Continental Europe on 16 Mar 2022
REVISION_DAYS = 3
KEY_ENV = "ENTSOE_API_KEY"
TOKEN_PARAM = "securityToken"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"

BURSHTYN_UNTIL = datetime(2022, 9, 22, tzinfo=UTC)  # first instant asked with UA_BZN on the island's borders
BURSHTYN_BORDERS = frozenset({"SK", "HU", "RO"})
DOCUMENT_TYPES = ("A11",)  # A09 (scheduled exchanges) is parsed if archived, not fetched yet


# ---------------------------------------------------------------- the key
def api_key(secrets_file: Path | None = None) -> str:
    """The token from $ENTSOE_API_KEY, else ENTSOE_API_KEY in .streamlit/secrets.toml; ConfigError says what to set."""
    secrets_file = secrets_file or SECRETS_FILE
    key = read_key(KEY_ENV, secrets_file)
    if not key:
        shown = secrets_file.relative_to(PROJECT_ROOT) if secrets_file.is_relative_to(PROJECT_ROOT) else secrets_file
        raise ConfigError(
            f"no ENTSO-E API key: set the environment variable {KEY_ENV} (free: register on "
            f"https://transparency.entsoe.eu, then ask for \"Restful API access\") or put {KEY_ENV} = \"…\" in {shown}"
        )
    return key


class _TokenInQuery(requests.auth.AuthBase):
    """Adds the token to the request as it is sent — after the HttpClient has formed the public URL it logs and
    archives, so the token never reaches a log line, an archived URL or a RawResponse."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.prepare_url(r.url, {TOKEN_PARAM: self.token})
        return r


class _RedactToken(logging.Filter):
    """urllib3 logs the request line (with the query, so the token) at DEBUG when it retries: redact it there."""

    PATTERN = re.compile(rf"({TOKEN_PARAM}=)[^&\s'\"]+")

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if TOKEN_PARAM in text:
            record.msg, record.args = self.PATTERN.sub(r"\1***", text), ()
        return True


for _name in ("urllib3.util.retry", "urllib3.connectionpool", "urllib3.connection"):
    if not any(isinstance(f, _RedactToken) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_RedactToken())


def _scrub(exc: EtlError, token: str) -> EtlError:
    """The same error with the token replaced by *** wherever it could appear (urllib3 puts the URL in messages)."""
    def clean(text: str | None) -> str | None:
        return text.replace(token, "***") if text and token else text

    message = clean(str(exc))
    if isinstance(exc, FetchError):
        return type(exc)(message, status=exc.status, body=clean(exc.body), url=clean(exc.url))
    return type(exc)(message)


# ---------------------------------------------------------------- requests
def ua_side(border: str, at: datetime) -> str:
    """Ukraine's EIC on a border at an instant: the Burshtyn island for SK/HU/RO before 22 Sep 2022."""
    return UA_BEI if border in BURSHTYN_BORDERS and at < BURSHTYN_UNTIL else UA_BZN


def request_spans(window: Window, border: str) -> list[tuple[datetime, datetime]]:
    """[start, end) UTC spans covering the window's days: split at 1 January (≤ one year per request) and, on the
    island's borders, at the day Ukraine's side changed."""
    start = datetime(window.start.year, window.start.month, window.start.day, tzinfo=UTC)
    end = datetime(window.end.year, window.end.month, window.end.day, tzinfo=UTC) + timedelta(days=1)
    cuts = {datetime(y, 1, 1, tzinfo=UTC) for y in range(start.year + 1, end.year + 1)}
    if border in BURSHTYN_BORDERS:
        cuts.add(BURSHTYN_UNTIL)
    edges = [start, *sorted(c for c in cuts if start < c < end), end]
    return list(zip(edges[:-1], edges[1:], strict=True))


def stamp(at: datetime) -> str:
    return at.strftime("%Y%m%d%H%M")


def requests_for(window: Window, borders: tuple[str, ...] = tuple(NEIGHBOURS),
                 document_types: tuple[str, ...] = DOCUMENT_TYPES) -> list[dict[str, str]]:
    """The query parameters (without the token) of every request a window needs: border × direction × span."""
    out = []
    for doc in document_types:
        for border in borders:
            for start, end in request_spans(window, border):
                ua, other = ua_side(border, start), NEIGHBOURS[border]
                for receiving, sending in ((ua, other), (other, ua)):  # to_ua, then from_ua
                    out.append({"documentType": doc, "in_Domain": receiving, "out_Domain": sending,
                                "periodStart": stamp(start), "periodEnd": stamp(end)})
    return out


def fetch(client: HttpClient, window: Window, *, base_url: str = BASE_URL, key: str | None = None,
          borders: tuple[str, ...] = tuple(NEIGHBOURS), progress: Callable[[int, int, str], None] | None = None,
          queries: list[dict[str, str]] | None = None) -> Iterator[RawResponse]:
    """One RawResponse (XML text) per border × direction × span (or per query of ``queries``); an Acknowledgement
    'no data' with HTTP 400 is answered as an empty response (HTTP 200 ones reach the parser, which reads them as
    empty)."""
    key = key or api_key()
    queries = requests_for(window, borders) if queries is None else queries
    previous_auth = client.session.auth
    client.session.auth = _TokenInQuery(key)
    try:
        for i, query in enumerate(queries, start=1):
            try:
                result = client.get_text(base_url, params=query)
            except FetchError as exc:
                if exc.status == 400 and _is_no_data(exc.body):
                    log.info("%s: nothing published for %s>%s %s–%s", NAME, query["in_Domain"],
                             query["out_Domain"], query["periodStart"], query["periodEnd"])
                    yield RawResponse(_scrub(exc, key).url or base_url, None)
                    continue
                if exc.status in (401, 403):
                    raise _scrub(FetchError(f"{exc} — ENTSO-E refused the token in ${KEY_ENV}; check it",
                                            status=exc.status, body=exc.body, url=exc.url), key) from None
                raise _scrub(exc, key) from None
            except EtlError as exc:
                raise _scrub(exc, key) from None
            yield RawResponse(result.url, result.payload)
            if progress:
                border = COUNTRY_OF.get(query["in_Domain"]) or COUNTRY_OF.get(query["out_Domain"], "?")
                progress(i, len(queries), f"{border} {query['periodStart'][:8]}")
    finally:
        client.session.auth = previous_auth


def _is_no_data(body: str | None) -> bool:
    """An Acknowledgement whose Reason says no matching data (code 999 alone also covers bad parameters)."""
    return bool(body) and "Acknowledgement_MarketDocument" in body and NO_DATA.lower() in body.lower()



# ---------------------------------------------------------------- series and holes (etl/coverage.py)
DIRECTIONS = ("to_ua", "from_ua")
#: a series is one border in one direction ('PL to_ua'); a day is held when one of its UTC hours has a value
HELD_SQL = ("SELECT DISTINCT neighbour_country || ' ' || direction AS series, CAST(hour_utc AS DATE) AS day "
            "FROM fact_entsoe_flow WHERE basis = 'physical' AND mw IS NOT NULL")


def expected_series(con: Any = None) -> list[SeriesSpan]:
    """Five borders × two directions, each from synchronisation (16 Mar 2022)."""
    return [SeriesSpan(f"{border} {direction}", FIRST_DAY) for border in NEIGHBOURS for direction in DIRECTIONS]


def planned_requests(window: Window, plan: dict[date, set[str]]) -> list[dict[str, str]]:
    """The queries a gap-aware plan (month → 'PL to_ua' …) needs: per border and direction, each run of
    consecutive planned months as one window (split at 1 January and at the island's day, as always)."""
    from etl.sources.gie import area_windows

    out = []
    for border in NEIGHBOURS:
        for direction in DIRECTIONS:
            for part in area_windows(window, f"{border} {direction}", plan):
                for query in requests_for(part, (border,)):
                    to_ua = query["in_Domain"] in UA_AREAS
                    if to_ua == (direction == "to_ua"):
                        out.append(query)
    return out


# ---------------------------------------------------------------- the source's declaration
def fetch_for(con: Any, client: HttpClient, window: Window, *, base_url: str = BASE_URL,
              plan: dict[date, set[str]] | None = None, progress: Callable[[int, int, str], None] | None = None
              ) -> Iterator[RawResponse]:
    queries = planned_requests(window, plan) if plan is not None else None
    return fetch(client, window, base_url=base_url, progress=progress, queries=queries)


SOURCE = Source(
    name=NAME, table=TABLE,
    publisher="ENTSO-E Transparency Platform",
    licence='ENTSO-E Transparency Platform Terms and Conditions of Use; data on its "List of Data Available for '
            'Free Re-use" are CC BY 4.0 (attribution "ENTSO-E Transparency Platform", changes indicated) — whether '
            'Physical Flows [12.1.G] on Ukraine\'s borders are on that list is not verified',
    parse=parse, fetch=fetch_for, first_day=FIRST_DAY, revision_days=REVISION_DAYS,
    day_column="CAST(hour_utc AS DATE)", last_day_where="mw IS NOT NULL",
    series="one border of Ukraine in one direction (physical flow, hourly)", base_url=BASE_URL,
    requires_key=api_key, held_sql=HELD_SQL, expected_series=expected_series,
    snapshot_file="entsoe_flow.parquet",  # offline: ENTSO-E's published hours of June 2024 (entsoe_files.py)
)
