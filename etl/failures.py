"""A failed refresh said in words, once, for the CLI (`status`) and the dashboard's sidebar alike.

The raw error (a URL of several hundred characters and urllib3's text) is what an engineer debugging needs and what
a reader cannot use; each caller shows these words first and keeps the raw text behind a flag or an expander.
``t`` is the caller's translation function (the dashboard passes its own; the CLI speaks English).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Translate = Callable[..., str]

#: How people name a source of etl_run / mart_source_freshness.
SOURCE_NAMES = {"entsog": "ENTSOG", "agsi": "GIE AGSI+", "alsi": "GIE ALSI", "eurostat": "Eurostat",
                "owid": "Our World in Data", "bruegel": "Bruegel", "iea": "IEA", "entsoe": "ENTSO-E",
                "energy_charts": "Energy-Charts"}


def english(message: str, **values: object) -> str:
    return message.format(**values) if values else message


def unreachable(error: str | None) -> bool:
    """The source was not reached at all (no network, DNS, timeout): a state of the machine, not a fault of the
    source — the sidebar says these in one line."""
    text = (error or "").lower()
    return "network reachable" in text or "timed out" in text or "could not connect" in text


def in_words(error: str, t: Translate = english) -> str:
    """What a refresh error means, as a person reads it (the catalogue extractor reads the t(...) calls here)."""
    text = (error or "").lower()
    if unreachable(error):
        return t("could not be reached (no network, or it did not answer)")
    if "api key" in text or "token" in text:
        return t("needs an API key (see the README: GIE_API_KEY, ENTSOE_API_KEY)")
    match = re.search(r"http (\d{3})", text)
    if match:
        return t("answered with an error (HTTP {status})", status=match.group(1))
    if "not json" in text or "shape changed" in text or "lacks field" in text or "not xml" in text:
        return t("answered in a shape the parser does not know; nothing was loaded")
    return t("failed (see the technical detail)")


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)
