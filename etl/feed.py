"""Telling people what a publish changed: an Atom feed (feed.xml beside the warehouse: data/feed.xml by default)
that a feed reader can follow, and an optional
webhook (UA_GAS_WEBHOOK_URL, JSON POST, retried) for chat tools. Both run after the publish and never fail it."""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger("etl.feed")
ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:ua-gas-tracker:changes"


def write_feed(digest: list[dict[str, Any]], path: Path, base_url: str = "http://localhost:8501") -> Path:
    """An Atom feed with one entry per publish (newest first) listing what changed; written atomically."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "Ukraine gas-security tracker: what changed"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    ET.SubElement(feed, f"{{{ATOM}}}link", href=base_url)
    newest = max((row["published_at"] for row in digest), default=datetime.now(UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(newest)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "ua-gas-tracker refresh"
    by_publish: dict[int, list[dict[str, Any]]] = {}
    for row in digest:
        by_publish.setdefault(row["publish_id"], []).append(row)
    for publish_id, rows in sorted(by_publish.items(), reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        when = rows[0]["published_at"]
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"Refresh of {when:%d %b %Y %H:%M} UTC: {_summary(rows)}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{FEED_ID}:{publish_id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(when)
        ET.SubElement(entry, f"{{{ATOM}}}link", href=base_url + (rows[0]["link"] or "/"))
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = "\n".join(r["detail"] for r in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".xml.tmp")
    ET.ElementTree(feed).write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, path)
    return path


def post_webhook(rows: list[dict[str, Any]], url: str | None = None, timeout_s: float = 5.0) -> bool:
    """POST this publish's changes as JSON; retried twice on 5xx/timeouts. Returns whether it was delivered."""
    url = url or os.environ.get("UA_GAS_WEBHOOK_URL")
    if not url:
        return False
    body = {"published_at": _iso(rows[0]["published_at"]) if rows else None, "summary": _summary(rows),
            "changes": [{k: (v if not isinstance(v, datetime) else _iso(v)) for k, v in r.items()} for r in rows]}
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=Retry(total=2, backoff_factor=0.2, allowed_methods=None,
                                                            status_forcelist=(500, 502, 503, 504))))
    session.mount("https://", session.get_adapter("http://"))
    try:
        resp = session.post(url, json=body, timeout=timeout_s)
        resp.raise_for_status()
        return True
    except requests.RequestException as exc:
        log.warning("webhook %s not delivered (%s); the publish stands", url.split("?")[0], str(exc)[:160])
        return False


def _summary(rows: list[dict[str, Any]]) -> str:
    kinds = [r["kind"] for r in rows if r["kind"] != "none"]
    if not kinds:
        return "no data changed"
    names = {"days_added": "new days", "revised": "revisions", "flow_jump": "flow jumps",
             "storage_target": "storage targets crossed", "stale": "stale sources",
             "power_trade": "new months of power trade", "power_record": "power import records",
             "power_limit": "import-limit steps", "strikes": "new strikes registered",
             "gas_imports_reported": "new months of reported gas imports"}
    return ", ".join(f"{kinds.count(k)} × {names.get(k, k)}" for k in dict.fromkeys(kinds))


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")
