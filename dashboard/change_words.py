"""What the last refresh changed (etl/changes.py), said in the visit's language from the figures each change stores;
the English sentence the refresh wrote is the fallback for changes recorded before their figures were kept."""

from __future__ import annotations

import json
from typing import Any

from dashboard import i18n
from dashboard.i18n import t


def in_words(kind: str, facts_json: str | None, detail: str) -> str:
    try:
        f: dict[str, Any] = json.loads(facts_json) if facts_json else {}
    except ValueError:
        f = {}
    if not f and kind != "none":
        return detail
    if kind == "none":
        return t("No data changed.")
    if kind == "days_added":
        moved = ""
        if f.get("old") and f.get("new") and f["new"] > f["old"]:
            moved = t("; newest day {old} → {new}", old=i18n.day(f["old"]), new=i18n.day(f["new"]))
        elif f.get("new") and not f.get("old"):
            moved = t("; newest day {new}", new=i18n.day(f["new"]))
        return t("{group}: {added} new rows ({origin})", group=f["group"], added=i18n.num(f["added"], 0),
                 origin=f["origin"]) + moved
    if kind == "revised":
        size = (t("by up to {pct} %", pct=i18n.num(f["pct"])) if f.get("pct") is not None else t("from zero"))
        return t("ENTSOG {report}: {n} day(s) revised {size} ({first} → {last}; {statuses})", report=f["report"],
                 n=f["n"], size=size, first=i18n.day(f["first"], year=False), last=i18n.day(f["last"]),
                 statuses=f["statuses"])
    if kind == "flow_jump":
        flow, mean = f["flow"], f["mean"]
        if mean > 0:
            return t("{label}: {flow} mcm/d on {day}, {change} % against its 7-day mean of {mean}", label=f["label"],
                     flow=i18n.num(flow), day=i18n.day(f["day"]), change=f"{100 * (flow - mean) / mean:+.0f}",
                     mean=i18n.num(mean))
        return t("{label}: {flow} mcm/d on {day}, up from its 7-day mean of {mean}", label=f["label"],
                 flow=i18n.num(flow), day=i18n.day(f["day"]), mean=i18n.num(mean))
    if kind == "storage_target":
        return t("{area} storage reached {pct} % on {day}, crossing the {target} % filling target",
                 area=f["area"], pct=i18n.num(f["pct"]), day=i18n.day(f["day"]), target=i18n.num(f["target"], 0))
    if kind == "stale":
        return t("{group} is stale: its newest day is {last} ({age} days ago)", group=f["group"],
                 last=i18n.day(f["last"]), age=f["age"])
    return detail
