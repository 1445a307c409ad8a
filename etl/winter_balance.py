"""The winter gas balance's arithmetic: the inputs, a scenario and the result as dataclasses, and :func:`balance`,
one pure function (no I/O) the CLI and the dashboard both call. Reading the inputs (etl/winter_inputs.py) and telling
the result (etl/winter.py) are kept apart so this stays the one place the numbers are made."""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from etl.units import mcm_to_bcm

LABEL = "sensitivity, not a forecast"
WEATHER = ("cold", "normal", "warm")
WINTER_MONTHS = (11, 12, 1, 2, 3)
MCM_PER_BCM = 1 / mcm_to_bcm(1.0)


@dataclass(frozen=True)
class Input:
    """One input of the balance, with where and when it comes from."""

    name: str
    value: Any
    unit: str
    as_of: str | None
    source: str


@dataclass(frozen=True)
class WinterInputs:
    as_of: date                       # the day the storage figure is for
    storage_bcm: float                # total gas in storage (incl. long-term / cushion gas), the targets' basis
    target_bcm: float | None          # the season's storage target (total gas)
    target_date: date | None
    min_end_bcm: float                # default floor at the end of March (cushion + working minimum)
    production_bcm_d: float           # domestic production, annual mean per day
    consumption_annual_bcm: float
    monthly_share_pct: dict[int, float]  # calendar month → % of annual consumption
    recent_pace_mcm_d: float | None   # mean daily physical imports over the last 30 days held (None: not held)
    capacity_mcm_d: dict[str, float]  # border → entry capacity
    weather_pct: dict[str, float] = field(default_factory=lambda: {"cold": 15.0, "normal": 0.0, "warm": -15.0})
    season_end: tuple[int, int] = (3, 31)
    inputs: list[Input] = field(default_factory=list)


@dataclass(frozen=True)
class Scenario:
    target_bcm: float | None = None
    by: date | None = None
    min_end_bcm: float | None = None
    production_loss_pct: float = 0.0
    weather: str = "normal"
    border_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class WinterResult:
    as_of: date
    phase: str                        # 'injection' (to the target date) | 'withdrawal' (to the end of March)
    storage_bcm: float
    target_bcm: float
    target_date: date
    days: int
    production_bcm_d: float
    production_bcm: float
    consumption_bcm: float
    import_need_bcm: float
    needed_pace_mcm_d: float | None
    recent_pace_mcm_d: float | None
    capacity_mcm_d: dict[str, float]
    capacity_total_mcm_d: float | None
    feasible: bool | None
    scenario: dict[str, Any]
    inputs: list[Input]
    label: str = LABEL

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["as_of"], out["target_date"] = self.as_of.isoformat(), self.target_date.isoformat()
        return out


def _season_end(as_of: date, month_day: tuple[int, int]) -> date:
    """The end of the gas year (April–March) that contains ``as_of``."""
    year = as_of.year + 1 if as_of.month >= 4 else as_of.year
    return date(year, *month_day)


def consumption_over(start: date, end: date, annual_bcm: float, share_pct: dict[int, float],
                     weather_factor: float) -> float:
    """Consumption on the days after ``start`` up to and including ``end``: each day its month's share of the year
    spread evenly over the month, winter months (Nov–Mar) scaled by ``weather_factor``."""
    total, day = 0.0, start + timedelta(days=1)
    while day <= end:
        per_day = annual_bcm * share_pct[day.month] / 100 / calendar.monthrange(day.year, day.month)[1]
        total += per_day * (weather_factor if day.month in WINTER_MONTHS else 1.0)
        day += timedelta(days=1)
    return total


def balance(inputs: WinterInputs, scenario: Scenario) -> WinterResult:
    """The gas balance of one scenario — pure arithmetic, no I/O.

    Injection season (``as_of`` before the target date): import need = max(0, target − storage − (production −
    consumption) over the days to the target date). Withdrawal season (on or after the target date, to the end of
    March): the same with the end-of-March floor (``min_end_bcm``) as the target.
    """
    if scenario.weather not in inputs.weather_pct:
        raise ValueError(f"weather must be one of {', '.join(inputs.weather_pct)}, not {scenario.weather!r}")
    if not 0 <= scenario.production_loss_pct <= 100:
        raise ValueError(f"production loss must be 0–100 %, not {scenario.production_loss_pct}")
    target_date = scenario.by or inputs.target_date
    target_bcm = scenario.target_bcm if scenario.target_bcm is not None else inputs.target_bcm
    if target_date is not None and target_bcm is not None and inputs.as_of < target_date:
        phase, goal_bcm, goal_date = "injection", target_bcm, target_date
    else:
        phase = "withdrawal"
        goal_bcm = scenario.min_end_bcm if scenario.min_end_bcm is not None else inputs.min_end_bcm
        goal_date = _season_end(inputs.as_of, inputs.season_end)
    days = max((goal_date - inputs.as_of).days, 0)
    production_bcm_d = inputs.production_bcm_d * (1 - scenario.production_loss_pct / 100)
    production = production_bcm_d * days
    factor = 1 + inputs.weather_pct[scenario.weather] / 100
    consumption = consumption_over(inputs.as_of, goal_date, inputs.consumption_annual_bcm,
                                   inputs.monthly_share_pct, factor)
    need = max(0.0, goal_bcm - inputs.storage_bcm - (production - consumption))
    pace = need * MCM_PER_BCM / days if days else (0.0 if need == 0 else None)
    capacity = {b: (0.0 if b in scenario.border_out else c) for b, c in sorted(inputs.capacity_mcm_d.items())}
    total = sum(capacity.values()) if capacity else None
    feasible = None if pace is None or total is None else pace <= total
    return WinterResult(
        as_of=inputs.as_of, phase=phase, storage_bcm=inputs.storage_bcm, target_bcm=goal_bcm, target_date=goal_date,
        days=days, production_bcm_d=production_bcm_d, production_bcm=production, consumption_bcm=consumption,
        import_need_bcm=need, needed_pace_mcm_d=pace, recent_pace_mcm_d=inputs.recent_pace_mcm_d,
        capacity_mcm_d=capacity, capacity_total_mcm_d=total, feasible=feasible,
        scenario={"production_loss_pct": scenario.production_loss_pct, "weather": scenario.weather,
                  "border_out": list(scenario.border_out), "target_bcm": scenario.target_bcm,
                  "by": scenario.by.isoformat() if scenario.by else None, "min_end_bcm": scenario.min_end_bcm},
        inputs=list(inputs.inputs))
