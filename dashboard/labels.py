"""Names and colours of countries, routes and suppliers, from the one curated vocabulary data/reference/labels.csv
(validated like every register; also in the warehouse as ref_label). Read from the file, so a chart never depends on
the warehouse having been rebuilt since the vocabulary changed."""

from __future__ import annotations

from functools import lru_cache

from etl.curated import load_csv
from etl.registers import LABELS

FALLBACK_COLOUR = "#444444"


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], tuple[str, str]]:
    frame = load_csv(LABELS)
    return {(r.code, r.kind): (r.name, r.colour) for r in frame.itertuples()}


def name(code: str, kind: str = "country") -> str:
    return _table().get((code, kind), (code, FALLBACK_COLOUR))[0]


def colour(code: str, kind: str = "country") -> str:
    return _table().get((code, kind), (code, FALLBACK_COLOUR))[1]


def codes(kind: str) -> list[str]:
    """The codes of one kind, in the file's order (e.g. the order suppliers stack in)."""
    return [code for (code, k) in _table() if k == kind]
