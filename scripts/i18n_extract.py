"""Collect every message the dashboard shows into the translation template, and bring each catalogue up to date.

    .venv/bin/python scripts/i18n_extract.py           # write dashboard/locales/messages.pot, update uk.po
    .venv/bin/python scripts/i18n_extract.py --check   # exit 1 when the template or a catalogue lags the code

A message is the literal first argument of a call to ``t(...)`` (dashboard/i18n.py) anywhere under dashboard/ (and
in ALSO), with its ``context=`` when given; a call to ``tn(singular, plural, n, ...)`` gives a message with plural
forms (msgid/msgid_plural; Ukrainian has three msgstr forms: 1 доба, 2 доби, 5 діб). A call whose message is not a
literal (an f-string, a variable) cannot be translated and is reported as an error. Table headers (context "column")
and code values (context "value") are not literals in the code: they live in uk.po only, added by hand, and a page
showing one that is missing fails the AppTest run of every page in Ukrainian.

Updating a catalogue keeps its translations, adds new messages untranslated (empty), and drops messages the code no
longer shows (babel's ``Catalog.update``); translators then fill uk.po with Poedit, Weblate or a text editor.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "dashboard"
#: Modules outside dashboard/ whose t(...) calls the pages show: the change digest's sentences (etl.changes.say,
#: written in etl/change_sentences.py) and a failed refresh in words (etl.failures).
ALSO = (ROOT / "etl" / "changes.py", ROOT / "etl" / "change_sentences.py", ROOT / "etl" / "failures.py")
LOCALES = SOURCES / "locales"
TEMPLATE = LOCALES / "messages.pot"
LANGS = ("uk",)
COLUMN = "column"
KEPT = (COLUMN, "value")  # contexts of entries that live in uk.po only: table headers and code values
#: Header dates are fixed so that regenerating an unchanged catalogue changes no byte (git tracks the real history).
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


Message = str | tuple[str, str]  # an id, or (singular, plural) for a message with plural forms


def extract(root: Path = SOURCES) -> tuple[dict[tuple[str | None, Message], list[str]], list[str]]:
    """(context, message) → where it is used, and the calls that cannot be extracted."""
    found: dict[tuple[str | None, Message], list[str]] = {}
    errors: list[str] = []
    for path in [*sorted(root.rglob("*.py")), *(ALSO if root == SOURCES else ())]:
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call) or _name(node) not in {"t", "tn"} or not node.args:
                continue
            name, plural = _name(node), _name(node) == "tn"
            message = node.args[0]
            context = next((k.value for k in node.keywords if k.arg == "context"), None)
            if path.name == "i18n.py" and not _literal(message):  # the machinery: column() passes names through t()
                continue
            if not _literal(message) or (plural and (len(node.args) < 2 or not _literal(node.args[1]))):
                what = ast.unparse(node.args[1] if plural and _literal(message) and len(node.args) > 1 else message)
                errors.append(f"{where}:{node.lineno}: {name}() needs literal messages, not {what[:60]}")
                continue
            if context is not None and not _literal(context):
                errors.append(f"{where}:{node.lineno}: {name}(context=...) must be a literal")
                continue
            key: Message = (message.value, node.args[1].value) if plural else message.value
            found.setdefault((context.value if context is not None else None, key), []).append(
                f"{where}:{node.lineno}")
    return found, errors


def read(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle)


def render(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=120, sort_output=True, omit_header=False, ignore_obsolete=True, include_lineno=False)
    return buf.getvalue()


def template(messages: dict[tuple[str | None, Message], list[str]], columns: list[tuple[str, str]]) -> Catalog:
    pot = Catalog(project="ua-gas-tracker", version="1", fuzzy=False, creation_date=STAMP, revision_date=STAMP)
    for (context, message), places in messages.items():
        pot.add(message, context=context, locations=[(p.split(":")[0], int(p.split(":")[1])) for p in places])
    for context, name in columns:
        pot.add(name, context=context)
    return pot


def meaning(content: bytes) -> list[tuple]:
    """What a catalogue says, without its header: each entry's context, message, translation(s), flags and files.

    The header names the babel version that wrote it (``Generated-By``), so a new babel release would make a byte
    comparison fail with nothing changed; this comparison fails only when a message, a translation, a placeholder
    or where a message is used changed.
    """
    catalog = read_po(io.BytesIO(content))
    return sorted((m.context or "", str(m.id), str(m.string), tuple(sorted(m.flags)),
                   tuple(sorted({path for path, _ in m.locations}))) for m in catalog if m.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when a file would change")
    args = parser.parse_args(argv)
    messages, errors = extract()
    for error in errors:
        print(error, file=sys.stderr)
    catalogs = {lang: read(LOCALES / f"{lang}.po") for lang in LANGS if (LOCALES / f"{lang}.po").exists()}
    columns = sorted({(m.context, m.id) for cat in catalogs.values() for m in cat if m.id and m.context in KEPT})
    pot = template(messages, columns)
    outputs = {TEMPLATE: render(pot)}
    for lang, catalog in catalogs.items():
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.project, catalog.version, catalog.revision_date = pot.project, pot.version, STAMP
        catalog.last_translator = "ua-gas-tracker contributors"
        outputs[LOCALES / f"{lang}.po"] = render(catalog)
    stale = [path for path, content in outputs.items()
             if not path.exists() or meaning(path.read_bytes()) != meaning(content)]
    if args.check:
        for path in stale:
            print(f"{path.name} lags the code: run scripts/i18n_extract.py", file=sys.stderr)
        return 1 if stale or errors else 0
    for path in stale:
        path.write_bytes(outputs[path])
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(messages)} messages, {len(columns)} table headers and code values")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
