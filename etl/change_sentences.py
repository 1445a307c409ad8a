"""The change digest's sentences, in any language: :func:`say` turns a change's figures into words. Kept apart
from the comparisons (etl/changes.py), which need none of it: the dashboard says these sentences too, in the visit's
language (dashboard/change_words.py), and scripts/i18n_extract.py reads this file's ``t(...)`` calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any


def _english(message: str, /, **values: Any) -> str:
    return message.format(**values) if values else message


def _english_n(singular: str, plural: str, n: float, /, **values: Any) -> str:
    return _english(singular if n == 1 else plural, **values)


def _number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _day(value: str, year: bool = True) -> str:
    return f"{date.fromisoformat(str(value)[:10]):%d %b %Y}" if year else f"{date.fromisoformat(str(value)[:10]):%d %b}"


def _month_from(day: Callable[..., str]) -> Callable[[str], str]:
    """A month in the page's format from its day format: '01 Feb 2026' → 'Feb 2026', '1 лют. 2026' → 'лют. 2026'."""
    return lambda value: day(value).split(" ", 1)[-1]


def say(kind: str, f: dict[str, Any], t: Callable[..., str] = _english, num: Callable[..., str] = _number,
        day: Callable[..., str] = _day, tn: Callable[..., str] = _english_n,
        month: Callable[..., str] | None = None) -> str:
    """A change in words from its figures. English by default (digest, CLI, feed, webhook); the dashboard passes its
    translation (``t``, and ``tn`` for a count: 1 day / 2 days) and number/date formats (dashboard/change_words.py).
    Messages are extracted into the dashboard's catalogue by scripts/i18n_extract.py, which reads this file too.
    ``month`` formats a month ('Feb 2026'); by default it is read off ``day``."""
    month = month or _month_from(day)
    if kind == "days_added":
        moved = ""
        if f.get("old") and f.get("new") and f["new"] > f["old"]:
            moved = t("; newest day {old} → {new}", old=day(f["old"]), new=day(f["new"]))
        elif f.get("new") and not f.get("old"):
            moved = t("; newest day {new}", new=day(f["new"]))
        return tn("{group}: {added} new row ({origin})", "{group}: {added} new rows ({origin})", f["added"],
                  group=f["group"], added=num(f["added"], 0), origin=f["origin"]) + moved
    if kind == "revised":
        size = t("by up to {pct} %", pct=num(f["pct"])) if f.get("pct") is not None else t("from zero")
        return tn("ENTSOG {report}: {n} day revised {size} ({first} → {last}; {statuses})",
                  "ENTSOG {report}: {n} days revised {size} ({first} → {last}; {statuses})", f["n"],
                  report=f["report"], n=f["n"], size=size, first=day(f["first"], year=False), last=day(f["last"]),
                  statuses=f["statuses"])
    if kind == "flow_jump":
        flow, mean = f["flow"], f["mean"]
        if mean > 0:
            return t("{label}: {flow} mcm/d on {day}, {change} % against its 7-day mean of {mean}", label=f["label"],
                     flow=num(flow), day=day(f["day"]), change=f"{100 * (flow - mean) / mean:+.0f}", mean=num(mean))
        return t("{label}: {flow} mcm/d on {day}, up from its 7-day mean of {mean}", label=f["label"],
                 flow=num(flow), day=day(f["day"]), mean=num(mean))
    if kind == "storage_target":
        return t("{area} storage reached {pct} % on {day}, crossing the {target} % filling target", area=f["area"],
                 pct=num(f["pct"]), day=day(f["day"]), target=num(f["target"], 0))
    if kind == "stale":
        return tn("{group} is stale: its newest day is {last} ({age} day ago)",
                  "{group} is stale: its newest day is {last} ({age} days ago)", f["age"], group=f["group"],
                  last=day(f["last"]), age=f["age"])
    if kind == "power_trade":
        imports, exports = f.get("imports"), f.get("exports")
        if imports is not None and exports is not None:
            return t("Electricity trade reported for {month}: imports {imports} GWh, exports {exports} GWh ({by})",
                     month=month(f["month"]), imports=num(imports), exports=num(exports), by=f["by"])
        if imports is not None:
            return t("Electricity imports reported for {month}: {imports} GWh ({by})", month=month(f["month"]),
                     imports=num(imports), by=f["by"])
        return t("Electricity exports reported for {month}: {exports} GWh ({by})", month=month(f["month"]),
                 exports=num(exports or 0), by=f["by"])
    if kind == "power_record":
        return t("Record day of electricity imports: {gwh} GWh on {day}, over all borders (the record was {before} "
                 "GWh on {before_day})", gwh=num(f["gwh"]), day=day(f["day"]), before=num(f["before"]),
                 before_day=day(f["before_day"]))
    if kind == "power_limit":
        what = t("Electricity import limit") if f["direction"] == "import" else t("Electricity export limit")
        values = {"what": what, "mw": num(f["mw"], 0), "day": day(f["day"])}
        if f.get("before") is None:
            return t("{what} set at {mw} MW from {day}", **values)
        if f["mw"] > f["before"]:
            return t("{what} raised to {mw} MW from {day} (was {before} MW)", **values, before=num(f["before"], 0))
        if f["mw"] < f["before"]:
            return t("{what} lowered to {mw} MW from {day} (was {before} MW)", **values, before=num(f["before"], 0))
        return t("{what} confirmed at {mw} MW from {day}", **values)
    if kind == "strikes":
        span = {"n": f["n"], "first": day(f["first"]), "last": day(f["last"])}
        if f["system"] == "gas":
            return tn("{n} new strike on gas assets registered ({first} → {last})",
                      "{n} new strikes on gas assets registered ({first} → {last})", f["n"], **span)
        if f["system"] == "oil":
            return tn("{n} new strike on oil refining registered ({first} → {last})",
                      "{n} new strikes on oil refining registered ({first} → {last})", f["n"], **span)
        return tn("{n} new strike on power assets registered ({first} → {last})",
                  "{n} new strikes on power assets registered ({first} → {last})", f["n"], **span)
    if kind == "gas_imports_reported":
        if f.get("bcm") is None:
            return t("Ukraine's gas imports reported for {month}: by neighbour, no total", month=month(f["month"]))
        return t("Ukraine's gas imports reported for {month}: {bcm} bcm ({by})", month=month(f["month"]),
                 bcm=num(f["bcm"], 2), by=f["by"])
    return t("No data changed.")
