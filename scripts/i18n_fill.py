"""Put translations into a catalogue from a JSON object {English message: text} (a context via a key prefix:
"column|gas_day", "value|stock"), keeping every other entry — a quick way to add a batch written outside a .po
editor. A message with plural forms is keyed by its English singular and given a list of the forms (Ukrainian:
["{n} доба", "{n} доби", "{n} діб"]); run the extractor first so that its entry exists.

    .venv/bin/python scripts/i18n_fill.py uk new.json && .venv/bin/python scripts/i18n_extract.py
"""

from __future__ import annotations

import json
import sys

from i18n_extract import LOCALES, read, render


def main(lang: str, batch: str) -> int:
    path = LOCALES / f"{lang}.po"
    catalog = read(path)
    texts: dict[str, str | list[str]] = json.loads(open(batch, encoding="utf-8").read())
    for key, text in texts.items():
        context, _, message = key.partition("|") if key.startswith(("column|", "value|")) else (None, "", key)
        existing = catalog.get(message, context=context or None)
        if isinstance(text, list):
            if existing is None or not existing.pluralizable:
                print(f"no plural entry for {message!r}: run scripts/i18n_extract.py first", file=sys.stderr)
                return 1
            existing.string = tuple(text)
        elif existing is not None:  # Catalog.add would keep the old text of an existing entry
            existing.string = text
        else:
            catalog.add(message, text, context=context or None)
    path.write_bytes(render(catalog))
    print(f"{len(texts)} texts into {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
