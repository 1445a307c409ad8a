"""The winter gas balance (issue #22 part 2): how much gas Ukraine must import to reach its storage target — or, in
the withdrawal season, to end March above a floor — given storage now, domestic production and a consumption
profile. A SENSITIVITY, not a forecast: it shows what the declared inputs imply, and how the answer moves with
production losses, the weather and a border out of use.

The inputs are read from the warehouse (etl/sql/marts/85_winter.sql) and from the entry-capacity register
(data/reference/ua_entry_capacity.csv); the arithmetic is one pure function, :func:`balance`, which the dashboard
can call too.
"""

from __future__ import annotations

import calendar
import csv
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from etl.errors import EtlError, ReferenceDataError
from etl.units import mcm_to_bcm

LABEL = "sensitivity, not a forecast"
WEATHER = ("cold", "normal", "warm")
#: The borders gas can enter Ukraine across (MD carries the Trans-Balkan route from Romania).
BORDERS = ("HU", "MD", "PL", "SK")
WINTER_MONTHS = (11, 12, 1, 2, 3)
CAPACITY_FILE = "ua_entry_capacity.csv"
CAPACITY_KINDS = ("firm", "technical", "interruptible")
#: Kinds counted as capacity: interruptible capacity can be cut, so it is not.
COUNTED_KINDS = ("firm", "technical")
MCM_PER_BCM = 1 / mcm_to_bcm(1.0)
PACE_WINDOW_DAYS = 30


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


# --------------------------------------------------------------------------------------------------- reading ---

def read_capacity(path: Path, as_of: date) -> tuple[dict[str, float], list[Input]]:
    """Per border the newest counted capacity in force on ``as_of`` from the register; a malformed file is a
    ReferenceDataError naming the row and the problem."""
    if not path.exists():
        raise ReferenceDataError(f"{path}: the entry-capacity register is missing")
    need = ("border_country", "capacity_mcm_d", "capacity_kind", "valid_from", "source_url", "quote")
    best: dict[str, tuple[date, float, dict[str, str]]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in need if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            where = f"{path.name} line {line}"
            if row["border_country"] not in BORDERS:
                raise ReferenceDataError(f"{where}: border_country {row['border_country']!r} is not one of "
                                         f"{', '.join(BORDERS)}")
            if row["capacity_kind"] not in CAPACITY_KINDS:
                raise ReferenceDataError(f"{where}: capacity_kind {row['capacity_kind']!r} is not one of "
                                         f"{', '.join(CAPACITY_KINDS)}")
            try:
                value, valid_from = float(row["capacity_mcm_d"]), date.fromisoformat(row["valid_from"])
            except ValueError as exc:
                raise ReferenceDataError(f"{where}: {exc}") from None
            if value < 0:
                raise ReferenceDataError(f"{where}: capacity_mcm_d {value} is negative")
            if not row["source_url"].startswith("http") or not row["quote"].strip():
                raise ReferenceDataError(f"{where}: every row needs a source_url and the quote that states it")
            if row["capacity_kind"] not in COUNTED_KINDS or valid_from > as_of:
                continue
            border = row["border_country"]
            if border not in best or valid_from > best[border][0]:
                best[border] = (valid_from, value, row)
    capacity = {b: v for b, (_d, v, _r) in sorted(best.items())}
    inputs = [Input(f"capacity {b}", v, "mcm/d", d.isoformat(),
                    f"{r['capacity_kind']}, {r.get('point', '')} — {r['source_url']} ({CAPACITY_FILE})")
              for b, (d, v, r) in sorted(best.items())]
    return capacity, inputs


def _one(con, sql: str, params: list | None = None) -> tuple | None:
    return con.execute(sql, params or []).fetchone()


def read_inputs(con, as_of: date | None = None, reference: Path | None = None) -> WinterInputs:
    """Read every input from the warehouse (and the capacity register) as known on or before ``as_of``."""
    from etl.curated import reference_dir

    limit = as_of or date.max
    assumptions = {name: (value, unit, source) for name, value, unit, source in
                   con.execute("SELECT name, value, unit, source FROM mart_winter_assumptions").fetchall()}
    row = _one(con, "SELECT as_of, value_bcm, basis, total_bcm, qualifier, source FROM mart_winter_storage "
                    "WHERE as_of <= ? ORDER BY as_of DESC, rank_in_day LIMIT 1", [limit])
    if row is None:
        raise EtlError("no storage figure is held" + (f" on or before {as_of}" if as_of else "")
                       + "; run `python -m etl rebuild --offline` or a refresh")
    day, value_bcm, basis, storage_bcm, qualifier, storage_source = row
    cushion = assumptions["cushion_bcm"][0]
    items = [Input("storage", round(storage_bcm, 3), "bcm (total incl. long-term / cushion gas)", day.isoformat(),
                   f"{storage_source}; as reported {value_bcm:.3f} bcm, {basis}"
                   + (f", + {cushion} bcm long-term gas (mart_winter_assumptions)" if basis == "working gas" else "")
                   + ("" if qualifier == "exact" else f"; qualifier {qualifier}"))]

    season_start = day.year if day.month >= 4 else day.year - 1
    target = _one(con, "SELECT target_bcm, target_day, season, qualifier, source FROM mart_winter_target "
                       "WHERE season_start_year = ?", [season_start])
    if target:
        items.append(Input("target", target[0], "bcm (total gas in storage)", target[1].isoformat(),
                           f"season {target[2]}, {target[4]}" + ("" if target[3] == "exact" else
                                                                 f"; qualifier {target[3]}")))
    else:
        items.append(Input("target", None, "bcm", None, f"no storage target held for season {season_start}/"
                                                        f"{(season_start + 1) % 100:02d}"))

    annual = {}
    for series in ("production", "consumption"):
        hit = _one(con, "SELECT year, value_bcm, qualifier, source FROM mart_winter_annual WHERE series = ? "
                        "AND year <= ? ORDER BY year DESC LIMIT 1", [series, day.year])
        if hit is None:
            raise EtlError(f"no annual {series} figure is held for {day.year} or before")
        annual[series] = hit
    p_year, p_bcm, p_q, p_src = annual["production"]
    p_days = 366 if calendar.isleap(p_year) else 365
    items.append(Input("production", round(p_bcm / p_days, 5), "bcm/d", str(p_year),
                       f"{p_bcm} bcm in {p_year} / {p_days} d; {p_src}" + ("" if p_q == "exact" else
                                                                           f"; qualifier {p_q}")))
    c_year, c_bcm, c_q, c_src = annual["consumption"]
    items.append(Input("consumption (annual)", round(c_bcm, 3), "bcm/yr", str(c_year),
                       c_src + ("" if c_q == "exact" else f"; qualifier {c_q}")))
    profile = dict(con.execute("SELECT month_no, share_pct FROM mart_winter_profile").fetchall())
    profile_source = _one(con, "SELECT any_value(source) FROM mart_winter_profile")[0]
    items.append(Input("consumption profile", {m: profile[m] for m in sorted(profile)}, "% of the year by month",
                       None, profile_source))

    pace, pace_item = _recent_pace(con, day)
    items.append(pace_item)
    capacity, cap_items = read_capacity((reference or reference_dir()) / CAPACITY_FILE, day)
    items.extend(cap_items)
    weather = {w: assumptions[f"weather_{w}_pct"][0] for w in WEATHER}
    min_end = cushion + assumptions["working_min_bcm"][0]
    items.append(Input("end-of-March floor", min_end, "bcm (total)", None,
                       f"{cushion} bcm long-term gas + {assumptions['working_min_bcm'][0]} bcm working minimum — "
                       f"{assumptions['working_min_bcm'][2]}"))
    items.append(Input("weather", weather, "% of Nov–Mar consumption", None, assumptions["weather_cold_pct"][2]))
    return WinterInputs(
        as_of=day, storage_bcm=storage_bcm, target_bcm=target[0] if target else None,
        target_date=target[1] if target else None, min_end_bcm=min_end, production_bcm_d=p_bcm / p_days,
        consumption_annual_bcm=c_bcm, monthly_share_pct=profile, recent_pace_mcm_d=pace, capacity_mcm_d=capacity,
        weather_pct=weather,
        season_end=(int(assumptions["season_end_month"][0]), int(assumptions["season_end_day"][0])), inputs=items)


def _recent_pace(con, as_of: date) -> tuple[float | None, Input]:
    """Mean physical imports per day over the 30 days to the newest import day held on or before ``as_of`` — only
    when that day is within 30 days of ``as_of`` (an older window is not a recent pace); else None, never 0."""
    last = _one(con, "SELECT max(gas_day) FROM mart_ua_imports_daily WHERE gas_day <= ?", [as_of])[0]
    if last is None or (as_of - last).days > PACE_WINDOW_DAYS:
        why = ("no physical imports are held" if last is None else
               f"the newest physical imports held are of {last}, more than {PACE_WINDOW_DAYS} days before {as_of}")
        return None, Input("recent import pace", None, "mcm/d", last.isoformat() if last else None,
                           f"not known: {why} (mart_ua_imports_daily)")
    rows = con.execute("SELECT neighbour_country, sum(flow_mcm), count(DISTINCT gas_day) FROM mart_ua_imports_daily "
                       "WHERE gas_day > ? AND gas_day <= ? AND flow_mcm IS NOT NULL GROUP BY 1 ORDER BY 1",
                       [last - timedelta(days=PACE_WINDOW_DAYS), last]).fetchall()
    days = max((n for _b, _s, n in rows), default=0)
    if not days:
        return None, Input("recent import pace", None, "mcm/d", last.isoformat(),
                           "not known: no values in the window (mart_ua_imports_daily)")
    pace = sum(s for _b, s, _n in rows) / days
    by_border = ", ".join(f"{b} {s / days:.1f}" for b, s, _n in rows)
    return pace, Input("recent import pace", round(pace, 2), "mcm/d", last.isoformat(),
                       f"mean of {days} days to {last} ({by_border}); physical entries, mart_ua_imports_daily")


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
