"""The dashboard in English and Ukrainian: which language a visit reads, the message catalogue, and numbers, dates
and units in that language's conventions.

English strings in the code are the message ids (the English catalogue is the code itself, extracted to
``locales/messages.pot`` by ``scripts/i18n_extract.py``); ``locales/uk.po`` holds the Ukrainian text in the format
translators' tools (Poedit, Weblate) edit, read with babel. The language lives in ``?lang=`` so a copied link keeps
it; without it, the browser's locale decides (``st.context.locale``), else English.

Without a Ukrainian text a message falls back to English. ``UA_GAS_I18N_STRICT=1`` raises instead, and
``UA_GAS_I18N_STRICT=collect`` (the tests) records every miss in :data:`MISSED`, so one run of every page lists all
the strings a Ukrainian reader would see in English.
"""

from __future__ import annotations

import math
import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

LANGUAGES = {"en": "English", "uk": "Українська"}
DEFAULT = "en"
LOCALES = Path(__file__).resolve().parent / "locales"
#: babel patterns for Ukrainian dates ("1 січ. 2025", "січ. 2025"); English keeps the strftime forms the pages used.
_UK_DAY, _UK_MONTH = "d MMM y", "LLL y"


class MissingTranslation(KeyError):
    """A message shown on a page has no Ukrainian text in locales/uk.po (raised only in strict mode)."""


@lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[tuple[str | None, str], Any]:
    """(context, English id) → text for ``lang``; empty for English. Fuzzy or empty entries are not translations.

    A message with plural forms is keyed by its English singular and maps to the tuple of the language's forms
    (Ukrainian: доба / доби / діб), chosen by :func:`tn`."""
    if lang == DEFAULT:
        return {}
    from babel.messages.pofile import read_po

    with open(LOCALES / f"{lang}.po", "rb") as handle:
        cat = read_po(handle)
    out: dict[tuple[str | None, str], Any] = {}
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        if m.pluralizable:
            if isinstance(m.string, tuple | list) and m.string and all(m.string):
                out[(m.context, m.id[0])] = tuple(m.string)
        elif m.string:
            out[(m.context, m.id)] = m.string
    return out


@lru_cache(maxsize=4)
def plural_form(lang: str):
    """n → index of the plural form in ``lang`` (gettext's rule from babel's CLDR data: Ukrainian has three)."""
    import gettext

    from babel.messages.plurals import get_plural

    return gettext.c2py(get_plural(lang).plural_expr)


#: (language, context, message) shown without a translation, in collect mode.
MISSED: set[tuple[str, str | None, str]] = set()


def current() -> str:
    """The visit's language: ?lang= if valid, else the browser's locale if Ukrainian, else English."""
    try:
        asked = st.query_params.get("lang")
    except Exception:  # outside a Streamlit run (scripts, unit tests of helpers)
        return DEFAULT
    if asked in LANGUAGES:
        return asked
    browser = getattr(st.context, "locale", None) or ""
    return "uk" if str(browser).lower().startswith("uk") else DEFAULT


def t(message: str, /, context: str | None = None, **values: Any) -> str:
    """``message`` in the visit's language, with ``{name}`` placeholders filled from ``values``."""
    lang = current()
    text = message
    if lang != DEFAULT:
        found = catalogue(lang).get((context, message))
        if isinstance(found, tuple):  # a plural message asked for without a count: its first form
            found = found[0]
        if found is None:
            mode = os.environ.get("UA_GAS_I18N_STRICT")
            if mode == "1":
                raise MissingTranslation(f"no {lang} text for {message!r} (context {context!r}) in locales/{lang}.po")
            if mode == "collect":
                MISSED.add((lang, context, message))
        text = found or message
    return text.format(**values) if values else text


def tn(singular: str, plural: str, n: float | int, /, context: str | None = None, **values: Any) -> str:
    """A message with a count: the form that agrees with ``n`` (1 day / 2 days; 1 доба / 2 доби / 5 діб / 21 доба),
    with ``{name}`` placeholders filled from ``values`` (pass the count formatted, e.g. ``days=num(n, 0)``)."""
    lang = current()
    count = int(round(abs(float(n)))) if n is not None and n == n else 0
    text = singular if count == 1 else plural
    if lang != DEFAULT:
        forms = catalogue(lang).get((context, singular))
        if not isinstance(forms, tuple):
            mode = os.environ.get("UA_GAS_I18N_STRICT")
            if mode == "1":
                raise MissingTranslation(f"no {lang} plural forms for {singular!r} (context {context!r})")
            if mode == "collect":
                MISSED.add((lang, context, singular))
        else:
            text = forms[min(plural_form(lang)(count), len(forms) - 1)]
    return text.format(**values) if values else text


def column(name: str) -> str:
    """A table header: the SQL column name in English (as in downloads and the SQL explorer), a label in Ukrainian."""
    return name if current() == DEFAULT else t(name, context="column")


#: Columns of codes a table shows ('stock', 'exact', 'ok', …): said in the visit's language (context "value" in the
#: catalogue), while downloads keep the codes.
VALUE_COLUMNS = {"measure", "qualifier", "status", "severity", "tso_basis", "check_name"}


BASIS_COLUMNS = {"basis", "eu_exit_basis"}


def values(frame: pd.DataFrame) -> pd.DataFrame:
    """The code and basis columns of a table in the visit's language (unchanged in English)."""
    if current() == DEFAULT:
        return frame
    shown = [c for c in frame.columns if c in VALUE_COLUMNS]
    frame = frame.assign(**{c: frame[c].map(lambda v: t(v, context="value") if isinstance(v, str) and v else v)
                            for c in shown})
    return frame.assign(**{c: frame[c].map(basis) for c in frame.columns if c in BASIS_COLUMNS})


def basis(text: Any) -> Any:
    """A mart's ``basis`` ('ENTSOG + IEA', 'Bruegel route series', 'ENTSOG (partial month) + route series') in the
    visit's language, phrase by phrase."""
    if current() == DEFAULT or not isinstance(text, str):
        return text
    phrases = {"Bruegel route series": t("Bruegel route series"), "ENTSOG points": t("ENTSOG points"),
               "partial month": t("partial month"), "route series": t("route series"), "IEA": t("IEA")}
    for english, said in phrases.items():  # longest first: "Bruegel route series" before "route series"
        text = text.replace(english, said)
    return text


def num(value: float | int | None, digits: int = 1) -> str:
    """A number with grouping: 1,234.5 in English, 1 234,5 in Ukrainian."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if current() == DEFAULT:
        return f"{value:,.{digits}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(round(float(value), digits), format=pattern, locale=current())


def _as_date(value: Any) -> date:
    return pd.Timestamp(value).date()  # a date, datetime, Timestamp or ISO text


def day(value: Any, year: bool = True) -> str:
    """A calendar day: '01 Jan 2025' / '1 січ. 2025' ('01 Jan' / '1 січ.' without the year)."""
    d = _as_date(value)
    if current() == DEFAULT:
        return f"{d:%d %b %Y}" if year else f"{d:%d %b}"
    from babel.dates import format_date

    return format_date(d, _UK_DAY if year else "d MMM", locale=current())


def month(value: Any) -> str:
    """A month: 'Jan 2025' / 'січ. 2025'."""
    d = _as_date(value)
    if current() == DEFAULT:
        return f"{d:%b %Y}"
    from babel.dates import format_date

    return format_date(d, _UK_MONTH, locale=current())


def moment(value: Any) -> str:
    """A day and time (UTC): '25 Nov 2026 12:53' / '25 лист. 2026 12:53'."""
    ts = pd.Timestamp(value)
    return f"{day(ts)} {ts:%H:%M}"


#: Plotly date formats for Ukrainian axes and hovers: numeric, day.month.year, as Ukrainian texts write dates
#: (plotly.js ships English month names only unless a locale bundle is loaded, which Streamlit does not).
UK_TICK_FORMATS = [
    dict(dtickrange=[None, 86_400_000 * 28], value="%d.%m.%Y"),
    dict(dtickrange=[86_400_000 * 28, 86_400_000 * 364], value="%m.%Y"),
    dict(dtickrange=[86_400_000 * 364, None], value="%Y"),
]


def default_gcv() -> str:
    """The default GCV's label (etl.units.DEFAULT_GCV_LABEL) in the visit's language."""
    from etl import units

    return t("default {gcv} kWh/m³ (20 °C)", gcv=num(units.DEFAULT_GCV_KWH_PER_M3_20C, 2))


def localised(frame: pd.DataFrame) -> pd.DataFrame:
    """A register's rows with each bilingual field in the visit's language (``x`` ← ``x_uk`` where filled), and
    the ``*_uk`` columns dropped: what a table or chart shows, whatever the language."""
    pairs = [c[:-3] for c in frame.columns if c.endswith("_uk") and c[:-3] in frame.columns]
    if current() != DEFAULT:
        frame = frame.assign(**{c: frame[f"{c}_uk"].where(frame[f"{c}_uk"].notna() & frame[f"{c}_uk"].astype(str)
                                                          .str.strip().ne(""), frame[c]) for c in pairs})
    return frame.drop(columns=[f"{c}_uk" for c in pairs])
