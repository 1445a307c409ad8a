"""Controls every page shares — date range, units, event toggle — kept in the URL query parameters so a copied
link reproduces the view, and the footer under every chart: source, freshness, downloads of the data drawn."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, data, i18n
from dashboard.i18n import t, tn


def units() -> dict[str, str]:
    """The flow units a page offers, labelled in the visit's language."""
    return {"mcm": t("mcm/d"), "gwh": t("GWh/d")}


def _param(key: str) -> str | None:
    value = st.query_params.get(key)
    return value if value else None


def _set_param(key: str, value: Any) -> None:
    text = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    if st.query_params.get(key) != text:
        st.query_params[key] = text


def _key(param: str) -> str:
    """A widget's key. Options are shown through a language's labels, and a widget remembers the label it last
    showed, so each language gets its own widget: a switch builds it afresh from the URL, which holds codes."""
    return f"w_{param}" if i18n.current() == i18n.DEFAULT else f"w_{param}_{i18n.current()}"


def _parse_date(text: str | None, fallback: date, lo: date, hi: date) -> date:
    try:
        value = date.fromisoformat(text) if text else fallback
    except ValueError:
        value = fallback
    return min(max(value, lo), hi)


def date_range(lo: date, hi: date, default_start: date | None = None, key: str = "dates") -> tuple[date, date]:
    """A from/to picker bounded by the data; state in ?from=&to=."""
    start = _parse_date(_param("from"), default_start or lo, lo, hi)
    end = _parse_date(_param("to"), hi, lo, hi)
    picked = st.date_input(t("Gas days"), value=(start, end), min_value=lo, max_value=hi, key=key,
                           format="DD.MM.YYYY" if i18n.current() == "uk" else "YYYY/MM/DD",
                           help=t("Gas day = the day on which the 06:00 CET gas day starts"))
    if isinstance(picked, tuple | list) and len(picked) == 2:
        start, end = picked
    _set_param("from", start.isoformat())
    _set_param("to", end.isoformat())
    return start, end


def choice(label: str, options: dict[str, str], param: str, default: str, horizontal: bool = True) -> str:
    """A radio whose value (a key of ``options``) lives in ?param=."""
    keys = list(options)
    current = _param(param)
    index = keys.index(current) if current in keys else keys.index(default)
    value = st.radio(label, keys, index=index, format_func=options.get, horizontal=horizontal, key=_key(param))
    _set_param(param, value)
    return value


def multi(label: str, options: list[str], param: str, default: list[str], fmt=None) -> list[str]:
    """A multiselect whose values live in ?param=a,b."""
    current = _param(param)
    chosen = [v for v in current.split(",") if v in options] if current else default
    value = st.multiselect(label, options, default=chosen, format_func=fmt or str, key=_key(param))
    _set_param(param, value)
    return value


def toggle(label: str, param: str, default: bool = True) -> bool:
    current = _param(param)
    value = st.toggle(label, value=(current == "1") if current in {"0", "1"} else default, key=f"w_{param}")
    _set_param(param, "1" if value else "0")
    return value


def decimal(label: str, lo: float, hi: float, value: float, step: float, key: str, digits: int = 1) -> float:
    """A number picked on a slider whose labels follow the visit's language ("13,2" in Ukrainian): Streamlit's
    number_input formats with printf and would show "13.20" on a Ukrainian page."""
    count = round((hi - lo) / step)
    numbers = {i18n.num(lo + i * step, digits): round(lo + i * step, digits) for i in range(count + 1)}
    start = min(numbers, key=lambda text: abs(numbers[text] - value))
    # the options are the labels themselves (one key per language: a label of one is not an option of the other)
    return numbers[st.select_slider(label, list(numbers), value=start, key=f"{key}_{i18n.current()}")]


def events(power: bool = False) -> pd.DataFrame:
    """The events register, its title in the visit's language. Gas charts leave out the power events (grid
    synchronisation, import-limit steps), which only the Electricity page's charts need (``power=True``)."""
    frame = i18n.localised(data.query("SELECT event_id, event_date, category, title, title_uk, source_url "
                                      "FROM ref_event ORDER BY event_date"))
    if not power:
        return frame[frame.category != "power"]
    # the power charts: the grid's own events and the attacks on it (the strikes on gas production are GAS-…)
    return frame[(frame.category == "power")
                 | ((frame.category == "attack") & ~frame.event_id.str.startswith("GAS-"))]


def strikes() -> pd.DataFrame:
    """The strike register for the time charts' layer, its effect in the visit's language."""
    return i18n.localised(data.query("SELECT strike_date, system, asset_kind, effect, effect_uk FROM "
                                     "mart_energy_strike ORDER BY strike_date"))


def strikes_with_sources() -> pd.DataFrame:
    """The strike register with its source pages, for the tables beside a chart's strike layer."""
    return i18n.localised(data.query("SELECT strike_date, system, asset_kind, operator, effect, effect_uk, source_url "
                                     "FROM mart_energy_strike ORDER BY strike_date"))


def footer(frame: pd.DataFrame, stem: str, source: str, note: str = "") -> None:
    """Caption naming the source and freshness, and downloads of exactly the rows drawn."""
    fresh = data.freshness()
    run = fresh["last_run"]
    run_text = f"{i18n.moment(run)} UTC" if run is not None and not pd.isna(run) else t("never")
    days = ", ".join(t("{source} to {day}", source=k, day=i18n.day(v)) for k, v in sorted(fresh["last_day"].items())
                     if v is not None and not pd.isna(v))
    st.caption(t("Source: {source}. Data held: {days}. Warehouse last built/refreshed: {run}.", source=source,
                 days=days, run=run_text) + (f" {note}" if note else ""))
    c1, c2, _ = st.columns([1, 1, 4])
    # callables: the file is made only when someone clicks, not on every rerun of the page. The labels are the
    # formats' names beside a download icon, which fit the narrow columns in any language ("Завантажити CSV" was
    # cut at 1440 px); the tooltip says it in words.
    c1.download_button("CSV", lambda: frame.to_csv(index=False).encode(), f"{stem}.csv", "text/csv",
                       key=f"csv_{stem}", on_click="ignore", icon=":material/download:",
                       help=t("Download the rows drawn as {format}", format="CSV"))
    c2.download_button("Parquet", lambda: _parquet(frame), f"{stem}.parquet", "application/octet-stream",
                       key=f"pq_{stem}", on_click="ignore", icon=":material/download:",
                       help=t("Download the rows drawn as {format}", format="Parquet"))


def chart(fig, key: str) -> None:
    """Draw a plotly figure in the visit's language conventions (decimal comma, numeric dates in Ukrainian)."""
    if charts.fast_start():
        charts.compact(fig)
    charts.fit_title(fig)
    if i18n.current() != i18n.DEFAULT:
        charts.localise(fig, i18n.UK_TICK_FORMATS)
    st.plotly_chart(fig, width="stretch", key=key)


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def date_format() -> str:
    """How a table shows a day: ISO in English, day.month.year in Ukrainian."""
    return "DD.MM.YYYY" if i18n.current() != i18n.DEFAULT else "YYYY-MM-DD"


def table(frame: pd.DataFrame, column_config: dict | None = None, **kwargs) -> None:
    """st.dataframe with dates shown as dates (DuckDB DATE columns arrive as midnight timestamps), empty cells
    blank rather than "None", and headers in the visit's language (the SQL name in each header's tooltip)."""
    config: dict[str, Any] = {}
    frame = i18n.values(frame)
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_datetime64_any_dtype(values):
            continue
        days_only = values.dropna().dt.normalize().eq(values.dropna()).all()
        if values.isna().any():  # the grid prints a missing time as "None": ISO text instead, blank if missing
            shown = values.dt.strftime("%Y-%m-%d" if days_only else "%Y-%m-%d %H:%M")
            frame = frame.assign(**{column: shown.astype(object).where(values.notna(), "")})
        elif days_only:
            config[column] = st.column_config.DateColumn(i18n.column(column), format=date_format(),
                                                         help=f"`{column}`")
    config.update(column_config or {})
    local = i18n.current() != i18n.DEFAULT  # the grid writes 470.55 whatever the language: Ukrainian wants 470,55
    for column in frame.columns:  # the grid prints a missing number as "None" too: numbers as text, blank if missing
        values = frame[column]
        if not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
                and (values.isna().any() or (local and (values.dropna() % 1 != 0).any()))):
            continue
        given = config.get(column) or {}
        digits = _digits(values.dropna(), (given.get("type_config") or {}).get("format"))
        frame = frame.assign(**{column: values.map(lambda v, d=digits: "" if pd.isna(v) else i18n.num(v, d))
                                .astype(object)})
        config[column] = st.column_config.TextColumn(given.get("label") or i18n.column(column),
                                                     help=given.get("help") or f"`{column}`", alignment="right")
    text = [c for c in frame.columns if c not in config and (frame[c].dtype == object
                                                             or pd.api.types.is_string_dtype(frame[c]))]
    frame = frame.assign(**{c: frame[c].astype(object).where(frame[c].notna(), "") for c in text}) if text else frame
    for column in frame.columns:
        if column not in config:
            config[column] = st.column_config.Column(i18n.column(column), help=f"`{column}`")
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)


def _digits(values: pd.Series, fmt: str | None) -> int:
    """Decimals to show a number column with: those of a printf format ('%.0f') when given, else the fewest (at most
    3) that show every value as held."""
    import re

    if fmt and (found := re.fullmatch(r"%[,]?\.(\d)f", fmt)):
        return int(found.group(1))
    floats = values.astype(float)
    return next((d for d in range(3) if (floats.round(d) - floats).abs().max() < 1e-9), 3)


def stale_warning(last_day: date | None, source: str, days: int = 14) -> None:
    """Say plainly when a source's newest day is old, instead of letting a chart look current."""
    if last_day is None:
        st.info(t("No {source} data in the warehouse yet.", source=source))
        return
    age = (date.today() - pd.Timestamp(last_day).date()).days
    if age > days:
        st.warning(tn("{source} data end on {day} ({age} day ago): the bundled snapshot ends there. Run "
                      "`python -m etl refresh` on a machine with network to bring it up to date.",
                      "{source} data end on {day} ({age} days ago): the bundled snapshot ends there. Run "
                      "`python -m etl refresh` on a machine with network to bring it up to date.", age,
                      source=source, day=i18n.day(last_day), age=i18n.num(age, 0)), icon=":material/schedule:")
