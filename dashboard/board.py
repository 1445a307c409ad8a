"""The Overview's situation board: one tile per question an analyst brings in winter — storage against the target,
gas imports against the borders' capacity, power imports against the limit, LNG this season, strikes in the last 30
days held. Each tile says its date and source, links to its page, and says so when its data are older than the
source's normal delay. Figures come from the board marts (etl/sql/marts/88_board.sql); this module only lays out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, i18n
from dashboard.i18n import t, tn

#: How old each tile's newest figure may be before the tile says it is stale (the source's normal delay).
NORMAL_DELAY_DAYS = {"storage": 14, "gas_imports": 5, "power": 40, "strikes": 30, "attacks": 7}


def season_of(day: date) -> tuple[int, str]:
    """The gas year (April–March) a day falls in: (start year, '2026/27')."""
    start = day.year if day.month >= 4 else day.year - 1
    return start, f"{start}/{str(start + 1)[2:]}"


def _age_note(as_of: Any, key: str, today: date) -> str:
    if as_of is None or pd.isna(as_of):
        return t("no data held")
    age = (today - pd.Timestamp(as_of).date()).days
    if age > NORMAL_DELAY_DAYS[key]:
        return "⚠ " + tn("{n} day old: older than this source's usual delay",
                         "{n} days old: older than this source's usual delay", age, n=age)
    return ""


def _tile(col, label: str, value: str, detail: str, when: str, note: str, page: str, help_text: str = "") -> None:
    with col.container(border=True):
        st.metric(label, value, help=help_text or None)
        st.caption(detail)
        st.caption(when + (f" · {note}" if note else ""))
        st.page_link(f"views/{page}.py", label=t("Open the page"), icon=":material/arrow_forward:",
                     query_params={"lang": i18n.current()})


def storage_tile(col, today: date) -> None:
    s = data.query("SELECT * FROM mart_board_storage")
    targets = data.query("SELECT season, season_start_year, target_bcm, target_day, qualifier, source "
                         "FROM mart_winter_target ORDER BY season_start_year")
    start, season = season_of(today)
    target = targets[targets.season_start_year == start]
    if target.empty and len(targets):
        target = targets.tail(1)
    if s.empty:
        _tile(col, t("Ukraine's storage, bcm"), "—", t("no stock held"), "", "", "storage")
        return
    r = s.iloc[0]
    more = "> " if r.qualifier == "more_than" else ""
    parts = []
    if len(target):
        g = target.iloc[0]
        parts.append(t("target {season}: {more}{bcm} bcm by {day}", season=g.season,
                       more="≥ " if g.qualifier == "more_than" else "", bcm=i18n.num(g.target_bcm),
                       day=i18n.day(g.target_day)))
    parts.append(t("a year earlier: {bcm} bcm", bcm=i18n.num(r.year_ago_bcm)) if not pd.isna(r.year_ago_bcm)
                 else t("a year earlier: not held"))
    parts.append(t("five-year band: not held for Ukraine"))
    _tile(col, t("Ukraine's storage, bcm"), f"{more}{i18n.num(r.total_bcm)}", "; ".join(parts),
          t("as of {day} · {source}", day=i18n.day(r.as_of), source=str(r.source).split(" (")[0]),
          _age_note(r.as_of, "storage", today), "storage",
          t("Total gas in storage including long-term (buffer) gas, the basis of the season's target."))


def gas_imports_tile(col, today: date, capacity: dict[str, float]) -> None:
    g = data.query("SELECT * FROM mart_board_gas_imports ORDER BY mean_mcm_d DESC")
    reported = data.query("SELECT month, reported_bcm, reported_by FROM mart_ua_imports_reported_monthly "
                          "ORDER BY month DESC LIMIT 1")
    total = g.mean_mcm_d.sum() if len(g) else None
    borders = ", ".join(t("{cc} {mcm} of {cap}", cc=r.neighbour_country, mcm=i18n.num(r.mean_mcm_d),
                          cap=i18n.num(capacity.get(r.neighbour_country), 0) if r.neighbour_country in capacity
                          else "?") for r in g.itertuples())
    detail = t("mean of the 30 days to the newest day held, by border against firm entry capacity: {borders}",
               borders=borders) if len(g) else t("no physical entries held")
    if len(reported):
        r = reported.iloc[0]
        detail += ". " + t("Newest reported month: {month}, {bcm} bcm ({who})", month=i18n.month(r.month),
                           bcm=i18n.num(r.reported_bcm, 2), who=r.reported_by)
    last = g.last_day.iloc[0] if len(g) else None
    _tile(col, t("Gas imports, mcm/d"), i18n.num(total) if total is not None else "—", detail,
          t("to {day} · ENTSOG physical flows", day=i18n.day(last)) if last is not None else "",
          _age_note(last, "gas_imports", today), "dependence")


def power_tile(col, today: date) -> None:
    p = data.query("SELECT * FROM mart_board_power ORDER BY grain")
    if p.empty:
        _tile(col, t("Power imports, MW"), "—", t("no power data held"), "", "", "electricity")
        return
    m = p[p.grain == "month"]
    d = p[(p.grain == "day") & p.is_newest]  # a day of physical flows only when it is newer than the newest month
    if len(d) or m.empty:
        d = d if len(d) else p[p.grain == "day"]
        r = d.iloc[0]
        _tile(col, t("Power imports, MW"), i18n.num(r.import_mw, 0),
              t("peak hour: {pct} % of the {limit} MW import limit", pct=i18n.num(r.utilisation_pct, 0),
                limit=i18n.num(r.limit_mw, 0)),
              t("{day} · ENTSO-E / Energy-Charts physical flows", day=i18n.day(r.period)),
              _age_note(r.period, "gas_imports", today), "electricity")
        return
    r = m.iloc[0]
    month_end = (pd.Timestamp(r.period) + pd.offsets.MonthEnd(0)).date()
    _tile(col, t("Power imports, MW"), i18n.num(r.import_mw, 0),
          t("mean of the month: {gwh} GWh in {month} = {pct} % of the {limit} MW import limit (a mean, not the peak)",
            gwh=i18n.num(r.energy_gwh, 0), month=i18n.month(r.period), pct=i18n.num(r.utilisation_pct, 0),
            limit=i18n.num(r.limit_mw, 0)),
          t("{month} · reported by {who}", month=i18n.month(r.period), who=r.source),
          _age_note(month_end, "power", today), "electricity")


def lng_tile(col, today: date) -> None:
    start, season = season_of(today)
    lng = data.query("SELECT * FROM mart_board_lng ORDER BY season_start_year")
    this = lng[lng.season_start_year == start]
    last = lng.tail(1)
    n = int(this.cargoes.iloc[0]) if len(this) else 0
    detail = (t("{mcm} mcm delivered this gas year, as reported", mcm=i18n.num(this.volume_mcm.iloc[0], 0))
              if len(this) else t("none reported this gas year ({season})", season=season))
    when = t("last delivery held: {day}", day=i18n.day(last.last_delivery.iloc[0])) if len(last) else ""
    _tile(col, t("LNG cargoes, {season}", season=season), str(n), detail, when, "", "lng")


def strikes_tile(col, today: date) -> None:
    s = data.query("SELECT * FROM mart_board_strikes")
    if s.empty or pd.isna(s.strikes_to.iloc[0]):
        _tile(col, t("Strikes on energy assets, 30 days"), "—", t("no strikes held"), "", "", "strikes")
        return
    r = s.iloc[0]
    detail = t("gas {gas}, power {power}; missiles and drones launched in the 30 days to {day}: {n}",
               gas=r.gas_strikes, power=r.power_strikes, day=i18n.day(r.attacks_to), n=i18n.num(r.launched_30d, 0))
    _tile(col, t("Strikes on energy assets, 30 days"), str(int(r.strikes)), detail,
          t("to {day} · sourced register", day=i18n.day(r.strikes_to)), _age_note(r.strikes_to, "strikes", today),
          "strikes")


def board(today: date | None = None) -> None:
    """The six tiles, in two rows of three (a phone stacks them)."""
    from etl import REFERENCE_DIR
    from etl.winter import CAPACITY_FILE, read_capacity

    today = today or date.today()
    try:
        capacity, _ = read_capacity(REFERENCE_DIR / CAPACITY_FILE, today)
    except Exception:  # a bad register is reported by the loader and the CLI; the board shows '?' meanwhile
        capacity = {}
    top = st.columns(3)
    storage_tile(top[0], today)
    gas_imports_tile(top[1], today, capacity)
    power_tile(top[2], today)
    bottom = st.columns(3)
    lng_tile(bottom[0], today)
    strikes_tile(bottom[1], today)
    with bottom[2].container(border=True):
        st.metric(t("Russian transit to the EU"), t("ended"),
                  help=t("Transit through Ukraine ended on 1 January 2025; its history is charted below."))
        st.caption(t("1 January 2025: the transit contract expired and flows at Sudzha stopped."))
        st.caption(t("history below · ENTSOG, Bruegel, IEA"))
        st.page_link("views/border_flows.py", label=t("Open the page"), icon=":material/arrow_forward:",
                     query_params={"lang": i18n.current()})
