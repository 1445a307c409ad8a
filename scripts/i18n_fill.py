"""Put translations into a catalogue from a JSON object {English message: text} (a context via a key prefix:
"column|gas_day", "value|stock"), keeping every other entry — a quick way to add a batch written outside a .po
editor.

    .venv/bin/python scripts/i18n_fill.py uk new.json && .venv/bin/python scripts/i18n_extract.py
"""

from __future__ import annotations

import json
import sys

from i18n_extract import LOCALES, read, render


def main(lang: str, batch: str) -> int:
    path = LOCALES / f"{lang}.po"
    catalog = read(path)
    texts: dict[str, str] = json.loads(open(batch, encoding="utf-8").read())
    for key, text in texts.items():
        context, _, message = key.partition("|") if key.startswith(("column|", "value|")) else (None, "", key)
        existing = catalog.get(message, context=context or None)
        if existing is not None:  # Catalog.add would keep the old text of an existing entry
            existing.string = text
        else:
            catalog.add(message, text, context=context or None)
    path.write_bytes(render(catalog))
    print(f"{len(texts)} texts into {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
