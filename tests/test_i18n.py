"""The dashboard in Ukrainian and English: every shown string is in the catalogue, every page runs in both languages
without English left in the Ukrainian text, numbers and dates follow the language, and the language stays in links."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from tests.test_pages import PAGES, run

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import i18n_extract  # noqa: E402

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
#: Words a Ukrainian text keeps in Latin letters: names of sources, formats, tools and SQL objects.
KEPT_IN_LATIN = re.compile(
    r"`[^`]*`|https?://\S+|\b[\w./-]+\.(csv|md|py|json|xml|toml|duckdb|zip)\b|\b\w+_\w+\b|"
    r"Gas Trade Flows|Gas Infrastructure Europe|Our World in Data|BP Statistical Review|European natural gas imports|"
    r"Transparency Platform|ORLEN GAS Meeting|Frictionless|Poedit|Weblate|\bGIE\b|\bAGSI\+?|\bALSI\b|\bENTSOG\b|"
    r"\bIEA\b|\bBruegel\b|\bEurostat\b|\bOWID\b|\bDuckDB\b|\bCSV\b|\bParquet\b|\bSQL\b|\bREADME\b|\bUTC\b|\bCET\b|"
    r"\bSELECT\b|\bLIMIT\b|\bHHI\b|\bGCV\b|\bTP\b|\bpandas\b|\bOpen data\b|\bExPro\b|\bmd_held\b|\bfalse\b")
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]{2,}(?:[ ,]+[a-z]{2,}){2,}\b")  # three English words in a row


def english_left(text: str) -> list[str]:
    return ENGLISH_RUN.findall(KEPT_IN_LATIN.sub(" ", text))


@pytest.fixture()
def collect(monkeypatch):
    """Record every message shown without a Ukrainian text instead of falling back silently."""
    from dashboard import i18n

    monkeypatch.setenv("UA_GAS_I18N_STRICT", "collect")
    i18n.MISSED.clear()
    yield i18n.MISSED
    i18n.MISSED.clear()


def test_template_and_catalogue_follow_the_code():
    assert i18n_extract.main(["--check"]) == 0, "run scripts/i18n_extract.py and translate the new entries in uk.po"


def test_the_catalogue_check_ignores_the_babel_version_but_not_a_lost_message(tmp_path, monkeypatch):
    """A new babel release rewrites the header's Generated-By line: that is no change; a changed translation is."""
    locales = tmp_path / "locales"
    locales.mkdir()
    for name in ("messages.pot", "uk.po"):
        text = (i18n_extract.LOCALES / name).read_text()
        text = re.sub(r'"Generated-By: Babel [^"]*"', r'"Generated-By: Babel 9.99.0\\n"', text)
        (locales / name).write_text(text)
    monkeypatch.setattr(i18n_extract, "LOCALES", locales)
    monkeypatch.setattr(i18n_extract, "TEMPLATE", locales / "messages.pot")
    assert "Babel 9.99.0" in (locales / "uk.po").read_text()
    assert i18n_extract.main(["--check"]) == 0
    po = (locales / "uk.po").read_text()
    (locales / "uk.po").write_text(po.replace('msgid "Storage"\nmsgstr "Зберігання"\n', "", 1))  # a message lost
    assert i18n_extract.main(["--check"]) == 1


def test_every_ukrainian_text_is_filled_keeps_its_placeholders_and_reads_ukrainian():
    catalog = i18n_extract.read(i18n_extract.LOCALES / "uk.po")
    entries = [m for m in catalog if m.id]
    assert len(entries) > 300
    for m in entries:
        ids, texts = (m.id, m.string) if m.pluralizable else ((m.id,), (m.string,))
        assert all(texts) and not m.fuzzy, f"untranslated: {m.id!r}"
        assert len(texts) == (3 if m.pluralizable else 1), f"Ukrainian has three plural forms: {m.id!r}"
        for text in texts:
            assert sorted(set(PLACEHOLDER.findall(ids[0]))) == sorted(set(PLACEHOLDER.findall(text))), m.id
            if re.search(r"[a-z]{4,}", ids[0]) and ids[0] not in {"GIE AGSI+ (Gas Infrastructure Europe)",
                                                                  "GIE ALSI (Gas Infrastructure Europe)"}:
                assert re.search("[а-яіїєґ]", text), f"{m.id!r} is not in Ukrainian: {text!r}"


def test_a_missing_translation_is_caught(monkeypatch, collect):
    from dashboard import i18n

    monkeypatch.setattr(i18n, "current", lambda: "uk")
    assert i18n.t("Storage") == "Зберігання"
    assert i18n.t("A sentence nobody translated") == "A sentence nobody translated"  # falls back to English …
    assert ("uk", None, "A sentence nobody translated") in collect                 # … and is reported
    monkeypatch.setenv("UA_GAS_I18N_STRICT", "1")
    with pytest.raises(i18n.MissingTranslation, match="nobody translated"):
        i18n.t("A sentence nobody translated")


def test_numbers_dates_and_units_follow_the_language(monkeypatch):
    from dashboard import i18n

    monkeypatch.setattr(i18n, "current", lambda: "en")
    assert (i18n.num(1234567.891), i18n.day("2025-01-01"), i18n.month("2024-11-01")) == \
        ("1,234,567.9", "01 Jan 2025", "Nov 2024")
    monkeypatch.setattr(i18n, "current", lambda: "uk")
    assert i18n.num(1234567.891) == "1\xa0234\xa0567,9"  # no-break space groups, decimal comma
    assert i18n.num(8.5, 0) == "8" or i18n.num(8.5, 0) == "9"
    assert (i18n.day("2025-01-01"), i18n.month("2024-11-01")) == ("1 січ. 2025", "лист. 2024")
    assert i18n.moment("2026-11-25T10:15") == "25 лист. 2026 10:15"
    assert i18n.t("mcm/d") == "млн м³/добу" and i18n.t("GWh/d") == "ГВт·год/добу"
    assert i18n.default_gcv() == "типова вища теплота згоряння 10,55 кВт·год/м³ (20 °C)"


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_in_both_languages(warehouse: Path, collect, page: str, lang: str):
    at = run(page, {"lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    assert not collect, f"shown without a Ukrainian text: {sorted(collect, key=str)}"
    assert at.query_params["lang"] == lang  # a copied link opens in the same language
    if lang == "en":
        return
    shown = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success")
             for e in getattr(at, kind)]
    shown += [m.label for m in at.metric] + [w.label for w in (*at.radio, *at.multiselect, *at.toggle, *at.slider)]
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)
        shown.append(str(layout["layout"].get("title", {}).get("text", "")))
        shown += [str(a.get("text", "")) for a in layout["layout"].get("annotations", [])]
        shown += [str(trace.get("name", "")) for trace in layout["data"]]
    shown = [text for text in shown if not text.startswith("# Bundled snapshot")]  # PROVENANCE.md: English, says so
    leaks = {text[:90]: english_left(text) for text in shown if english_left(text)}
    assert not leaks, leaks
    assert at.title[0].value and re.search("[а-яіїє]", at.title[0].value)


def test_ukrainian_pages_read_ukrainian_numbers_dates_and_units(warehouse: Path):
    at = run("overview", {"lang": "uk"})
    assert at.title[0].value == "Газова безпека України: моніторинг"
    labels = {m.label: m.value for m in at.metric}
    assert labels["ПСГ України, млрд м³"] == "11,6"  # decimal comma
    assert labels["Імпорт електроенергії, МВт"] == "1\u00a0875"  # a Ukrainian thousands space
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["separators"] == ", " and spec["layout"]["yaxis"]["title"]["text"] == "млн м³/добу (20 °C)"
    assert "Кінець транзиту російського газу через Україну" in [a["text"] for a in spec["layout"]["annotations"]]
    assert {t["name"] for t in spec["data"]} == {"Україна → ЄС (транзит)", "Росія → Україна (вхід Суджа)",
                                                 "ЄС → Україна (імпорт)", "ряд за маршрутом (Bruegel)"}
    assert any("20 жовт. 2024" in w.value for w in at.warning)  # dates in Ukrainian


def test_switching_language_keeps_the_view(warehouse: Path):
    at = run("border_flows", {"dir": "to_ua", "countries": "HU", "from": "2017-01-01", "to": "2017-12-31"})
    assert at.radio(key="w_dir").value == "to_ua"
    at.segmented_control(key="w_lang").set_value("uk").run()
    assert not at.exception and at.query_params["lang"] == "uk"
    assert at.title[0].value == "Транзит і потоки на кордонах"
    assert at.radio(key="w_dir_uk").value == "to_ua" and at.multiselect(key="w_countries_uk").value == ["HU"]
    assert [str(d) for d in at.date_input(key="dates").value] == ["2017-01-01", "2017-12-31"]
    at.segmented_control(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Transit & border flows" and at.query_params["countries"] == "HU"


def test_registers_carry_both_languages_and_reject_english_in_the_ukrainian_column(tmp_path: Path):
    import shutil

    from etl import REFERENCE_DIR
    from etl.curated import load_csv
    from etl.errors import ReferenceDataError
    from etl.registers import EVENTS, INDICATORS, LABELS, LNG_CARGOES

    for spec in (EVENTS, INDICATORS, LABELS, LNG_CARGOES):
        frame = load_csv(spec)
        uk = [c for c in frame.columns if c.endswith("_uk")]
        assert uk and frame[[c for c in uk if c in {"title_uk", "name_uk"}]].notna().all().all(), spec.file_name
    shutil.copytree(REFERENCE_DIR, tmp_path / "ref")
    path = tmp_path / "ref" / "events.csv"
    text = path.read_text().replace("Кінець транзиту російського газу через Україну", "End of transit")
    path.write_text(text)
    with pytest.raises(ReferenceDataError, match="title_uk.*no Ukrainian letter"):
        load_csv(EVENTS, tmp_path / "ref")


def test_every_code_a_table_can_show_has_ukrainian_words():
    """Codes not in the bundled data (a failed run, an error-level finding) are shown after a live refresh: their
    Ukrainian words must already be in the catalogue."""
    from dashboard import i18n
    from etl.quality import CHECKS

    catalogue = i18n.catalogue("uk")
    codes = {c.name for c in CHECKS} | {c.severity for c in CHECKS} | {"ok", "failed", "skipped"}
    codes |= {"stock", "season_withdrawal", "season_used_in_ukraine", "exact", "about", "more_than"}
    missing = sorted(code for code in codes if ("value", code) not in catalogue)
    assert not missing, missing


def test_a_values_basis_reads_ukrainian(monkeypatch):
    from dashboard import i18n

    monkeypatch.setattr(i18n, "current", lambda: "uk")
    assert i18n.basis("ENTSOG (partial month) + route series") == "ENTSOG (неповний місяць) + ряд маршруту"
    assert i18n.basis("Bruegel route series + ENTSOG points") == "ряд маршруту Bruegel + точки ENTSOG"
    assert i18n.basis("ENTSOG + IEA") == "ENTSOG + МЕА"
    monkeypatch.setattr(i18n, "current", lambda: "en")
    assert i18n.basis("ENTSOG + IEA") == "ENTSOG + IEA"


def test_tables_say_codes_in_ukrainian_and_leave_missing_dates_blank(warehouse: Path):
    storage = run("storage", {"lang": "uk"})
    reported = next(d.value for d in storage.dataframe if "measure" in d.value.columns)
    assert {"запаси", "відбір за сезон"} <= set(reported["measure"]) and "stock" not in set(reported["measure"])
    assert {"точно", "приблизно"} <= set(reported["qualifier"])
    lng = run("lng", {"lang": "uk"})
    register = next(d.value for d in lng.dataframe if "delivered_on" in d.value.columns)
    delivered = register["delivered_on"].astype(str).tolist()
    assert "" in delivered and not any(v in {"None", "NaT", "nan"} for v in delivered)  # a contract with no date
    assert "контракт" in set(register["record_type"])

    fresh = next(d.value for d in run("data_sources").dataframe if "last_failure_at" in d.value.columns)
    shown = fresh["last_failure_at"].astype(str).tolist()
    assert "" in shown and not any(v in {"None", "NaT", "nan"} for v in shown)  # a time never failed: blank


def test_a_count_takes_the_form_its_number_asks_for(monkeypatch):
    """Ukrainian has three plural forms (1 доба, 2 доби, 5 діб; 21 доба, 22 доби, 11 діб), English two."""
    from dashboard import i18n

    def cover(n: int) -> str:
        return i18n.tn("{days} day of cover", "{days} days of cover", n, days=n)

    monkeypatch.setattr(i18n, "current", lambda: "uk")
    assert [cover(n) for n in (1, 2, 5, 21, 22, 11, 14, 104)] == [
        "1 доба запасу", "2 доби запасу", "5 діб запасу", "21 доба запасу", "22 доби запасу", "11 діб запасу",
        "14 діб запасу", "104 доби запасу"]
    assert i18n.tn("Offline: {n} source not reached at {when} UTC — {shown}",
                   "Offline: {n} sources not reached at {when} UTC — {shown}", 3, n=3, when="21:41",
                   shown="x").startswith("Немає мережі: 3 джерела не відповіли")
    monkeypatch.setattr(i18n, "current", lambda: "en")
    assert (cover(1), cover(2), cover(0)) == ("1 day of cover", "2 days of cover", "0 days of cover")


def test_the_extractor_writes_counted_messages_as_plural_entries():
    messages, errors = i18n_extract.extract()
    assert not errors
    assert (None, ("{days} day of cover", "{days} days of cover")) in messages
    pot = (i18n_extract.LOCALES / "messages.pot").read_text()
    assert 'msgid "{days} day of cover"\nmsgid_plural "{days} days of cover"' in pot
    uk = (i18n_extract.LOCALES / "uk.po").read_text()
    assert 'msgstr[0] "{days} доба запасу"\nmsgstr[1] "{days} доби запасу"\nmsgstr[2] "{days} діб запасу"' in uk
    # no count is written as "{n} day(s)" or left to a singular message any more
    assert not any("(s)" in (m if isinstance(m, str) else m[0]) for _, m in messages)


def ukrainian_texts() -> list[tuple[str, str]]:
    """(where, text) for every Ukrainian text: the catalogue's translations and the registers' *_uk cells."""
    import csv

    catalog = i18n_extract.read(i18n_extract.LOCALES / "uk.po")
    out = [(f"uk.po {m.id!r}"[:90], text) for m in catalog if m.id
           for text in (m.string if m.pluralizable else (m.string,))]
    for path in sorted((ROOT / "data" / "reference").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out += [(f"{path.name} {k}", v) for k, v in row.items() if k and k.endswith("_uk") and v]
    return out


def test_ukrainian_texts_use_one_apostrophe_and_the_fields_terms():
    texts = ukrainian_texts()
    assert len(texts) > 400
    apostrophe = re.compile(r"[а-яіїєґ]['ʼ][а-яіїєґ]", re.IGNORECASE)
    assert not [(w, t) for w, t in texts if apostrophe.search(t)], "use ’ (U+2019) between letters"
    wrong = re.compile(r"(?i:вимір|зустрічн\w* зарахуван|доставлен|заявлен|спалює)|\bGCV\b")
    assert not [(w, t[:80]) for w, t in texts if wrong.search(t)]
    catalogue = {(m.context, m.id): m.string for m in i18n_extract.read(i18n_extract.LOCALES / "uk.po") if m.id}
    assert "Прогноз" not in catalogue[(None, "Winter outlook")] and "прогноз" not in catalogue[(None, "Winter outlook")]
    assert catalogue[("column", "measure")] == "показник"
    assert catalogue[(None, "% of working gas volume")] == "% активної місткості ПСГ"
    assert catalogue[(None, "Area")] == "Країна/регіон" and catalogue[(None, "To")] == "До"
    assert "датою" in catalogue[(None, "Gas day = the day on which the 06:00 CET gas day starts")]
