"""One HTTP path for every source: timeouts, retries with capped exponential backoff and jitter, Retry-After,
a per-host rate limit, and a gzip archive of raw responses (secrets stripped) so a load can be replayed offline.

Retries are urllib3's ``Retry`` on the session's adapter (separate connect / read / status counts, Retry-After
honoured and capped, backoff with jitter); what no library does here stays: the per-host pace, the archive, the
JSON check, and one typed error (:class:`etl.errors.FetchError` with ``status`` and ``body``) raised in one place.
Sources call :meth:`HttpClient.get_json`; none of them talks to ``requests`` directly.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from etl.errors import FetchError, SchemaError, UnreachableError

log = logging.getLogger("etl.http")
# urllib3 logs each retry with the whole request line; ours (shortened, secrets stripped) is the one kept in logs
logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Query parameters and headers never written to logs or to the archive.
SECRET_NAMES = frozenset({"x-key", "key", "apikey", "api_key", "token", "securitytoken"})  # ENTSO-E: securityToken
USER_AGENT = "ua-gas-tracker/0.1 (+open-source Ukraine gas-security tracker)"


@dataclass
class RetryPolicy:
    """How hard to try. Defaults suit ENTSOG/GIE (slow gateways, occasional 502/504, 60 s server timeout)."""

    attempts: int = 4
    #: a host that cannot be reached at all (no network, DNS failure) is retried only this often: an offline
    #: refresh should say so in seconds, not after the full backoff
    connect_attempts: int = 2
    timeout_s: float = 90.0
    backoff_base_s: float = 2.0
    backoff_cap_s: float = 60.0
    retry_after_cap_s: float = 120.0
    min_interval_s: float = 1.0

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """Defaults, overridable by $UA_GAS_HTTP_ATTEMPTS, _TIMEOUT, _BACKOFF and _MIN_INTERVAL (seconds)."""
        policy = cls()
        for name, attr, cast in (("ATTEMPTS", "attempts", int), ("TIMEOUT", "timeout_s", float),
                                 ("BACKOFF", "backoff_base_s", float), ("MIN_INTERVAL", "min_interval_s", float)):
            value = os.environ.get(f"UA_GAS_HTTP_{name}")
            if value:
                setattr(policy, attr, cast(value))
        return policy


@dataclass
class HttpResult:
    """A decoded JSON answer, or ``payload=None`` when the status was one the caller reads as 'no data'."""

    url: str
    status: int
    payload: Any


class _Retry(Retry):
    """urllib3's Retry that caps Retry-After (a gateway asking for an hour must not stall a cron run), logs each
    retry as the refresh log reads it, and counts attempts for the run log."""

    retry_after_cap_s: float = 120.0
    on_retry: Any = None

    def new(self, **kw: Any) -> _Retry:
        new = super().new(**kw)
        new.retry_after_cap_s, new.on_retry = self.retry_after_cap_s, self.on_retry
        return new

    def parse_retry_after(self, retry_after: str) -> float:
        """Seconds (fractions too) or an HTTP date; an unreadable value means no wait rather than an error."""
        return min(retry_after_seconds(retry_after) or 0.0, self.retry_after_cap_s)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        if self.on_retry:
            problem = f"HTTP {response.status}" if response is not None else _short(error) if error else "?"
            self.on_retry(problem, len(new.history), new.get_backoff_time())
        return new


@dataclass
class HttpClient:
    """A ``requests.Session`` with the project's fault handling. One per refresh run."""

    source: str
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    archive_dir: Path | None = None
    session: requests.Session = field(default_factory=requests.Session)
    requests_made: int = 0
    _last_call: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _current_url: str = ""

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = USER_AGENT
        p = self.policy
        retry = _Retry(total=p.attempts - 1, connect=p.connect_attempts - 1, read=p.attempts - 1,
                       status=p.attempts - 1, other=0, allowed_methods=frozenset({"GET"}),
                       status_forcelist=RETRY_STATUSES, backoff_factor=p.backoff_base_s / 2,
                       backoff_max=p.backoff_cap_s, backoff_jitter=p.backoff_base_s / 2,
                       respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=False)
        retry.retry_after_cap_s, retry.on_retry = p.retry_after_cap_s, self._log_retry
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def get_json(
        self,
        url: str,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        empty_statuses: frozenset[int] = frozenset(),
    ) -> HttpResult:
        """GET and decode JSON, retrying transient faults. Raises FetchError or SchemaError with a clear message."""
        shown, resp = self._get(url, params, headers, empty_statuses)
        if resp.status_code in empty_statuses:
            return HttpResult(shown, resp.status_code, None)
        self._archive(public_url(url, params, shorten=False), resp.status_code, resp.content)
        try:
            payload = resp.json()
        except ValueError as exc:
            raise SchemaError(
                f"{self.source}: {shown} returned a body that is not JSON "
                f"(content-type {resp.headers.get('content-type', '?')}; {_short(exc)}; "
                f"starts with {resp.text[:60]!r})"
            ) from None
        return HttpResult(shown, resp.status_code, payload)

    def get_text(self, url: str, params: dict[str, Any] | None = None) -> HttpResult:
        """GET a text body (CSV downloads), with the same retries and archive as JSON."""
        shown, resp = self._get(url, params, None, frozenset())
        self._archive(public_url(url, params, shorten=False), resp.status_code, resp.content, fmt="text")
        return HttpResult(shown, resp.status_code, resp.text)

    def _get(self, url: str, params: dict[str, Any] | None, headers: dict[str, str] | None,
             empty_statuses: frozenset[int]) -> tuple[str, requests.Response]:
        """One request through the retrying adapter; the final answer is 2xx or declared empty, or FetchError."""
        shown = public_url(url, params)
        self._respect_rate_limit(url)
        self._current_url, attempts_before = shown, self.requests_made
        self.requests_made += 1
        try:
            resp = self.session.get(url, params=query_string(params), headers=headers,
                                    timeout=self.policy.timeout_s)
        except (requests.Timeout, requests.ConnectionError) as exc:
            attempts = self.requests_made - attempts_before
            timed_out = isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower()
            problem = (f"timed out after {self.policy.timeout_s:g} s" if timed_out
                       else f"connection failed ({_short(exc)}) — is the network reachable?")
            raise UnreachableError(f"{self.source}: {shown} failed after {attempts} attempts: {problem}",
                                   url=shown) from None
        if resp.status_code in empty_statuses:
            self._archive(public_url(url, params, shorten=False), resp.status_code, resp.content)
            return shown, resp
        if resp.status_code >= 400:
            attempts = self.requests_made - attempts_before
            tried = f" after {attempts} attempts" if resp.status_code in RETRY_STATUSES else ""
            raise FetchError(f"{self.source}: {shown} failed{tried}: HTTP {resp.status_code}{_body_hint(resp)}",
                             status=resp.status_code, body=resp.text[:2000], url=shown)
        return shown, resp

    def _log_retry(self, problem: str, attempt: int, delay: float) -> None:
        self.requests_made += 1
        log.warning("%s: %s — %s; retry %d/%d in about %.1f s", self.source, self._current_url, problem, attempt,
                    self.policy.attempts - 1, delay)

    def _respect_rate_limit(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            wait = self._last_call.get(host, 0.0) + self.policy.min_interval_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_call[host] = time.monotonic()

    def _archive(self, shown_url: str, status: int, body: bytes, fmt: str = "json") -> None:
        """Keep the raw bytes (gzip) under archive_dir/<source>/<UTC day>/ with the public URL beside them."""
        if self.archive_dir is None:
            return
        day = datetime.now(UTC).strftime("%Y-%m-%d")
        folder = self.archive_dir / self.source / day
        folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(shown_url.encode()).hexdigest()[:16]
        with gzip.open(folder / f"{digest}.json.gz", "wb") as fh:
            fh.write(body)
        meta = {"url": shown_url, "status": status, "format": fmt, "fetched_at": datetime.now(UTC).isoformat()}
        (folder / f"{digest}.meta.json").write_text(json.dumps(meta))


def query_string(params: dict[str, Any] | None) -> str | None:
    """Encode parameters as the public clients do: commas kept literal (ENTSOG lists: entsog-py keeps ',' unescaped
    on purpose), spaces as %20 ('Physical%20Flow', as in the TP's own export URLs), lists as repeated keys
    (Eurostat: partner=RU&partner=UA)."""
    if not params:
        return None
    return urlencode(params, doseq=True, safe=",", quote_via=quote)


def public_url(url: str, params: dict[str, Any] | None, shorten: bool = True) -> str:
    """The URL as it may be shown: secrets replaced by ***; for logs (``shorten``) long lists cut. The archive keeps
    the full form, so a stored response says exactly what was asked."""
    if not params:
        return url
    safe = {k: ("***" if k.lower() in SECRET_NAMES else _shorten(str(v)) if shorten else v)
            for k, v in params.items()}
    return f"{url}?{urlencode(safe, doseq=True, safe=',-*.()+')}"


def _shorten(value: str, limit: int = 60) -> str:
    """Long comma lists (ENTSOG pointDirection) are cut for logs: 'a,b,...(+38 more)'."""
    if len(value) <= limit or "," not in value:
        return value
    items = value.split(",")
    head = items[:2]
    return ",".join(head) + f",...(+{len(items) - 2} more)"


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header (seconds or an HTTP date) into seconds; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _body_hint(resp: requests.Response) -> str:
    text = resp.text.strip().replace("\n", " ")
    return f" ({text[:120]})" if text else ""


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160]
