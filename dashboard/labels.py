"""Names and colours of countries, routes and suppliers, from the one curated vocabulary data/reference/labels.csv
(validated like every register; also in the warehouse as ref_label). Read from the file, so a chart never depends on
the warehouse having been rebuilt since the vocabulary changed."""

from __future__ import annotations

from functools import lru_cache

from dashboard import i18n
from etl.curated import load_csv
from etl.registers import LABELS

FALLBACK_COLOUR = "#444444"


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], tuple[str, str, str]]:
    frame = load_csv(LABELS)
    return {(r.code, r.kind): (r.name, r.colour, r.name_uk) for r in frame.itertuples()}


def name(code: str, kind: str = "country") -> str:
    """The code's name in the visit's language (the code itself when the vocabulary lacks it)."""
    entry = _table().get((code, kind))
    if entry is None:
        return code
    return entry[2] if i18n.current() == "uk" else entry[0]


def colour(code: str, kind: str = "country") -> str:
    return _table().get((code, kind), (code, FALLBACK_COLOUR, code))[1]


def codes(kind: str) -> list[str]:
    """The codes of one kind, in the file's order (e.g. the order suppliers stack in)."""
    return [code for (code, k) in _table() if k == kind]
