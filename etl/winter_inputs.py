"""The winter gas balance's inputs, read as known on a day: storage, target, production, consumption and the
recent import pace from the warehouse (etl/sql/marts/85_winter.sql), entry capacity from its register
(data/reference/ua_entry_capacity.csv). Each comes with where and when it is from (:class:`Input`), so the
sensitivity shows what it rests on; the arithmetic on them is etl/winter_balance.py."""

from __future__ import annotations

import calendar
import csv
from datetime import date, timedelta
from pathlib import Path

from etl.errors import EtlError, ReferenceDataError
from etl.winter_balance import WEATHER, Input, WinterInputs

#: The borders gas can enter Ukraine across (MD carries the Trans-Balkan route from Romania).
BORDERS = ("HU", "MD", "PL", "SK")
CAPACITY_FILE = "ua_entry_capacity.csv"
CAPACITY_KINDS = ("firm", "technical", "interruptible")
#: Kinds counted as capacity: interruptible capacity can be cut, so it is not.
COUNTED_KINDS = ("firm", "technical")
PACE_WINDOW_DAYS = 30


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
