"""The winter gas balance (issue #22 part 2): how much gas Ukraine must import to reach its storage target — or, in
the withdrawal season, to end March above a floor — given storage now, domestic production and a consumption
profile. A SENSITIVITY, not a forecast: it shows what the declared inputs imply, and how the answer moves with
production losses, the weather and a border out of use.

The inputs are read from the warehouse (etl/sql/marts/85_winter.sql) and from the entry-capacity register
(data/reference/ua_entry_capacity.csv); the arithmetic is one pure function, :func:`balance`, which the dashboard
can call too.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from etl.errors import EtlError
from etl.winter_balance import (
    LABEL,
    MCM_PER_BCM,
    WEATHER,
    WINTER_MONTHS,
    Input,
    Scenario,
    WinterInputs,
    WinterResult,
    balance,
    consumption_over,
)
from etl.winter_inputs import (
    BORDERS,
    CAPACITY_FILE,
    CAPACITY_KINDS,
    COUNTED_KINDS,
    PACE_WINDOW_DAYS,
    read_capacity,
    read_inputs,
)

__all__ = ["BORDERS", "CAPACITY_FILE", "CAPACITY_KINDS", "COUNTED_KINDS", "LABEL", "MCM_PER_BCM", "PACE_WINDOW_DAYS",
           "WEATHER", "WINTER_MONTHS", "Input", "Scenario", "WinterInputs", "WinterResult", "balance", "bcm",
           "consumption_over", "percent", "read_capacity", "read_inputs", "render_text", "run", "scenario_from_args"]


# ------------------------------------------------------------------------------------------------------- CLI ---

def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "not known"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def render_text(result: WinterResult) -> str:
    goal = "storage target" if result.phase == "injection" else "end-of-March floor"
    feasible = "not known" if result.feasible is None else ("yes" if result.feasible else "no")
    lines = [f"Winter gas balance — {result.label}",
             f"  phase                {result.phase} season, {result.days} days from {result.as_of} to "
             f"{result.target_date}",
             f"  storage now          {_fmt(result.storage_bcm)} bcm (as of {result.as_of}, total incl. cushion gas)",
             f"  {goal:<20} {_fmt(result.target_bcm)} bcm by {result.target_date}",
             f"  production           {_fmt(result.production_bcm_d * MCM_PER_BCM, 1)} mcm/d → "
             f"{_fmt(result.production_bcm)} bcm over the period",
             f"  consumption          {_fmt(result.consumption_bcm)} bcm over the period "
             f"(weather: {result.scenario['weather']})",
             f"  import need          {_fmt(result.import_need_bcm)} bcm",
             f"  needed pace          {_fmt(result.needed_pace_mcm_d, 1)} mcm/d over {result.days} days",
             f"  recent pace          {_fmt(result.recent_pace_mcm_d, 1)}"
             + (" mcm/d" if result.recent_pace_mcm_d is not None else " (no imports held for the last 30 days)"),
             "  entry capacity       " + (", ".join(f"{b} {_fmt(c, 1)}" for b, c in result.capacity_mcm_d.items())
                                          or "not known")
             + f" = {_fmt(result.capacity_total_mcm_d, 1)} mcm/d",
             f"  feasible             {feasible} (needed pace against total entry capacity)"]
    scenario = [f"production −{result.scenario['production_loss_pct']:g} %" if result.scenario["production_loss_pct"]
                else "", f"border out: {', '.join(result.scenario['border_out'])}" if result.scenario["border_out"]
                else ""]
    if any(scenario):
        lines.append("  scenario             " + "; ".join(s for s in scenario if s))
    lines.append("Inputs:")
    for item in result.inputs:
        value = item.value if not isinstance(item.value, dict) else ", ".join(f"{k}: {v:g}" for k, v in
                                                                              item.value.items())
        shown = f"{value:.5g} {item.unit}" if isinstance(value, float) else \
            ("not known" if value is None else f"{value} {item.unit}")
        lines.append(f"  - {item.name}: {shown} [{item.as_of or 'no date'}] — {item.source}")
    return "\n".join(lines)


def run(path: Path, scenario: Scenario, as_of: date | None = None, as_json: bool = False) -> str:
    from etl.warehouse import connect_readonly

    if not path.exists():
        raise EtlError(f"no warehouse at {path}; run `python -m etl rebuild --offline` first")
    con = connect_readonly(path)
    try:
        inputs = read_inputs(con, as_of)
    finally:
        con.close()
    result = balance(inputs, scenario)
    if as_json:
        out = result.to_dict()
        out["requested_as_of"] = as_of.isoformat() if as_of else None
        return json.dumps(out, ensure_ascii=False, default=str)
    return render_text(result)


def scenario_from_args(args) -> Scenario:
    return replace(Scenario(), target_bcm=args.target_bcm, by=args.by, min_end_bcm=args.min_end_bcm,
                   production_loss_pct=args.production_loss_pct, weather=args.weather,
                   border_out=tuple(sorted(set(args.border_out or ()))))


def percent(text: str) -> float:
    """argparse type: a share 0–100."""
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a share between 0 and 100")
    return value


def bcm(text: str) -> float:
    """argparse type: a volume ≥ 0 in bcm."""
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value
