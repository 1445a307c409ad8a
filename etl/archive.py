"""Read back the raw archive (data/raw/<source>/<UTC day>/<digest>.json.gz + .meta.json) written by etl/http.py.

Replaying it runs the same parsers and loads as a live refresh, so a load can be reproduced (or repaired after a
parser fix) without the network.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from etl.errors import SchemaError
from etl.sources import RawResponse


def archived(archive_dir: Path, source: str, since: date | None = None,
             until: date | None = None) -> Iterator[RawResponse]:
    """Every archived answer of ``source``, oldest day first (later answers win when loaded)."""
    root = archive_dir / source
    if not root.exists():
        return
    for day_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            day = date.fromisoformat(day_dir.name)
        except ValueError:
            continue
        if (since and day < since) or (until and day > until):
            continue
        metas = sorted(day_dir.glob("*.meta.json"), key=lambda p: json.loads(p.read_text())["fetched_at"])
        for meta_path in metas:
            meta = json.loads(meta_path.read_text())
            body_path = meta_path.with_name(meta_path.name.replace(".meta.json", ".json.gz"))
            raw = gzip.decompress(body_path.read_bytes())
            if meta["status"] == 404:
                yield RawResponse(meta["url"], None)
                continue
            if meta.get("format") == "text":
                yield RawResponse(meta["url"], raw.decode("utf-8"))
                continue
            try:
                payload = json.loads(raw)
            except ValueError:
                raise SchemaError(f"{source}: archived body {body_path} is not JSON") from None
            yield RawResponse(meta["url"], payload)
