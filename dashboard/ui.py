"""Controls every page shares — date range, units, event toggle — kept in the URL query parameters so a copied
link reproduces the view, and the footer under every chart: source, freshness, downloads of the data drawn."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data

UNITS = {"mcm": "mcm/d", "gwh": "GWh/d"}


def _param(key: str) -> str | None:
    value = st.query_params.get(key)
    return value if value else None


def _set_param(key: str, value: Any) -> None:
    text = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    if st.query_params.get(key) != text:
        st.query_params[key] = text


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
    picked = st.date_input("Gas days", value=(start, end), min_value=lo, max_value=hi, key=key,
                           help="Gas day = the day on which the 06:00 CET gas day starts")
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
    value = st.radio(label, keys, index=index, format_func=options.get, horizontal=horizontal, key=f"w_{param}")
    _set_param(param, value)
    return value


def multi(label: str, options: list[str], param: str, default: list[str], fmt=None) -> list[str]:
    """A multiselect whose values live in ?param=a,b."""
    current = _param(param)
    chosen = [v for v in current.split(",") if v in options] if current else default
    value = st.multiselect(label, options, default=chosen, format_func=fmt or str, key=f"w_{param}")
    _set_param(param, value)
    return value


def toggle(label: str, param: str, default: bool = True) -> bool:
    current = _param(param)
    value = st.toggle(label, value=(current == "1") if current in {"0", "1"} else default, key=f"w_{param}")
    _set_param(param, "1" if value else "0")
    return value


def events() -> pd.DataFrame:
    return data.query("SELECT event_id, event_date, category, title, source_url FROM ref_event ORDER BY event_date")


def footer(frame: pd.DataFrame, stem: str, source: str, note: str = "") -> None:
    """Caption naming the source and freshness, and downloads of exactly the rows drawn."""
    fresh = data.freshness()
    run = fresh["last_run"]
    run_text = f"{pd.Timestamp(run):%Y-%m-%d %H:%M} UTC" if run is not None and not pd.isna(run) else "never"
    days = ", ".join(f"{k} to {pd.Timestamp(v):%Y-%m-%d}" for k, v in sorted(fresh["last_day"].items())
                     if v is not None and not pd.isna(v))
    st.caption(f"Source: {source}. Data held: {days}. Warehouse last built/refreshed: {run_text}."
               + (f" {note}" if note else ""))
    c1, c2, _ = st.columns([1, 1, 4])
    # callables: the file is made only when someone clicks, not on every rerun of the page
    c1.download_button("Download CSV", lambda: frame.to_csv(index=False).encode(), f"{stem}.csv", "text/csv",
                       key=f"csv_{stem}", on_click="ignore")
    c2.download_button("Download Parquet", lambda: _parquet(frame), f"{stem}.parquet", "application/octet-stream",
                       key=f"pq_{stem}", on_click="ignore")


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def table(frame: pd.DataFrame, column_config: dict | None = None, **kwargs) -> None:
    """st.dataframe with dates shown as dates (DuckDB DATE columns arrive as midnight timestamps)."""
    config = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values) and values.dropna().dt.normalize().eq(values.dropna()).all():
            config[column] = st.column_config.DateColumn(column)
    config.update(column_config or {})
    # an empty text cell reads as empty, not as "None"
    text = [c for c in frame.columns if c not in config and (frame[c].dtype == object
                                                             or pd.api.types.is_string_dtype(frame[c]))]
    frame = frame.assign(**{c: frame[c].astype(object).where(frame[c].notna(), "") for c in text}) if text else frame
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)


def stale_warning(last_day: date | None, source: str, days: int = 14) -> None:
    """Say plainly when a source's newest day is old, instead of letting a chart look current."""
    if last_day is None:
        st.info(f"No {source} data in the warehouse yet.")
        return
    age = (date.today() - pd.Timestamp(last_day).date()).days
    if age > days:
        st.warning(f"{source} data end on {pd.Timestamp(last_day):%d %b %Y} ({age} days ago): the bundled "
                   "snapshot ends there. Run `python -m etl refresh` on a machine with network to bring it up "
                   "to date.", icon=":material/schedule:")
