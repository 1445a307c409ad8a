"""What the last refresh changed (etl/changes.py), said in the visit's language: the refresh's own sentences
(etl.changes.say) given this page's translation and number/date formats, from the figures each change stores. A
change recorded before figures were kept shows the English sentence the refresh wrote."""

from __future__ import annotations

import json

from dashboard import i18n
from etl.changes import say


def in_words(kind: str, facts_json: str | None, detail: str) -> str:
    try:
        facts = json.loads(facts_json) if facts_json else {}
    except ValueError:
        facts = {}
    if not facts and kind != "none":
        return detail
    return say(kind, facts, t=i18n.t, num=i18n.num, day=i18n.day, tn=i18n.tn)
