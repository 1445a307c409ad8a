"""Plotly figure builders: one template, one colour per neighbour/route, event annotations, units in labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from dashboard import i18n, labels
from dashboard.i18n import t

EVENT_COLOURS = {"transit": "#d62728", "attack": "#8c564b", "lng": "#17becf", "storage": "#2ca02c",
                 "policy": "#7f7f7f", "supply": "#ff7f0e"}

pio.templates["ua_gas"] = go.layout.Template(
    layout=dict(
        font=dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13),
        colorway=[labels.colour(c) for c in labels.codes("country")],
        hovermode="x unified",
        margin=dict(l=10, r=10, t=60, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        paper_bgcolor="rgba(0,0,0,0)",  # transparent: the Streamlit light or dark theme shows through
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis=dict(showgrid=False),
        yaxis=dict(gridcolor="rgba(128,128,128,0.2)", rangemode="tozero"),
    )
)
TEMPLATE = "ua_gas"


def colour(code: str) -> str:
    return labels.colour(code)


def name(code: str) -> str:
    return labels.name(code)


def fast_start() -> bool:
    """Whether the first-chart measures (plotly preload, compact dates) are on; ``UA_GAS_FAST_START=0`` turns them
    off so bench/browser.py can time the page without them in the same run."""
    import os

    return os.environ.get("UA_GAS_FAST_START") != "0"


def plotly_preload() -> str | None:
    """A script that starts loading Streamlit's plotly chunk (4.7 MB of JS, requested only when the first chart
    arrives) as soon as the page's first element is drawn, so its download and parse overlap the page script
    instead of following it. None when the chunk is not where this Streamlit keeps it, or when the first-chart
    measures are off (the benchmark's baseline)."""
    import streamlit

    if not fast_start():
        return None
    chunks = sorted((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    if len(chunks) != 1:
        return None
    return f'<script>import(new URL("static/js/{chunks[0].name}", document.baseURI).href)</script>'


def fit_title(fig: go.Figure, width: int = 44) -> None:
    """A title that stays whole on a phone (~44 bold characters a line): wrapped, with the legend moved below
    the plot when the title takes more than one line, so the two never share the top margin."""
    text = fig.layout.title.text
    if not text or "<br>" in text or len(text) <= width:
        return
    lines = wrap(text, width)
    top = 40 + 18 * (lines.count("<br>") + 1)  # room for every line of a 13 px bold title
    below = -0.22 if fig.layout.xaxis.title.text else -0.1  # under an x-axis title, not over it
    fig.update_layout(title=dict(text=lines, yref="container", y=1, yanchor="top", pad=dict(t=22)),
                      margin=dict(t=max(top, fig.layout.margin.t or 0)),
                      legend=dict(orientation="h", yanchor="top", y=below, xanchor="left", x=0))


def compact(fig: go.Figure) -> None:
    """Send days as 'YYYY-MM-DD' rather than plotly's 'YYYY-MM-DDT00:00:00.000000': the Overview's daily figure
    shrinks by half (plotly reads both as dates), and the browser parses and draws it sooner."""
    for trace in fig.data:
        x = getattr(trace, "x", None)
        if x is None or len(x) < 50:
            continue
        days = pd.to_datetime(pd.Series(x), errors="coerce")
        if days.notna().any() and days.dropna().dt.normalize().eq(days.dropna()).all():
            trace.x = days.dt.strftime("%Y-%m-%d").where(days.notna(), None).tolist()


def localise(fig: go.Figure, tick_formats: list[dict]) -> None:
    """Ukrainian conventions on a built figure: decimal comma and space grouping, numeric day.month.year dates on
    axes and in hovers (plotly.js month names are English only)."""
    fig.update_layout(separators=", ")
    fig.update_xaxes(tickformatstops=tick_formats, hoverformat="%d.%m.%Y")
    fig.update_yaxes(exponentformat="none")  # 10 000, not the SI "10k" Ukrainian texts do not use
    for trace in fig.data:
        template = getattr(trace, "hovertemplate", None)
        if template:
            trace.hovertemplate = template.replace("|%d %b %Y}", "|%d.%m.%Y}").replace("|%b %Y}", "|%m.%Y}")


#: Event labels run vertically beside their line, so a label is as wide as one line of text whatever its length.
#: They are placed for the narrowest plot that shows them (~330 px: a 800 px window with the sidebar open): distances
#: between events only grow on a wider screen, so labels that do not overlap there overlap nowhere. Phones (< 640 px)
#: hide chart labels (PHONE_CSS) and keep the lines: ten years on 300 px leave no room for words.
LABEL_PX = 17  # measured: a 10 px label with its background is 16 px wide in Chromium
NARROWEST_PLOT_PX = 330
PHONE_CSS = "<style>@media (max-width: 640px) { .js-plotly-plot .infolayer g.annotation { display: none; } }</style>"
LABEL_MAX_CHARS = 48


def add_events(fig: go.Figure, events: pd.DataFrame, x_min: date | None = None, x_max: date | None = None) -> None:
    """Dashed vertical lines for each event inside [x_min, x_max], each with its title written down the line; the
    full title and date are in the hover. See :func:`label_offsets` for how labels avoid each other."""
    lo = pd.Timestamp(x_min) if x_min else pd.Timestamp(events.event_date.min())
    hi = pd.Timestamp(x_max) if x_max else pd.Timestamp(events.event_date.max())
    inside = sorted((ev for ev in events.itertuples() if lo <= pd.Timestamp(ev.event_date) <= hi),
                    key=lambda ev: pd.Timestamp(ev.event_date))
    offsets = label_offsets([pd.Timestamp(ev.event_date) for ev in inside], lo, hi)
    shapes, notes = [], []
    for ev, offset in zip(inside, offsets, strict=True):
        day = pd.Timestamp(ev.event_date)
        col = EVENT_COLOURS.get(ev.category, "#555")
        text = ev.title if len(ev.title) <= LABEL_MAX_CHARS else ev.title[:LABEL_MAX_CHARS - 1].rstrip() + "…"
        shapes.append(dict(type="line", x0=day, x1=day, y0=0, y1=1, yref="paper",
                           line=dict(color=col, width=1.2, dash="dash")))
        notes.append(dict(x=day, y=1, yref="paper", text=text, showarrow=False, textangle=-90, xanchor="left",
                          yanchor="top", xshift=offset, font=dict(size=10, color=col),
                          bgcolor="rgba(255,255,255,0.8)", hovertext=f"{ev.event_date:%Y-%m-%d}: {ev.title}"
                          if hasattr(ev.event_date, "strftime") else f"{ev.event_date}: {ev.title}"))
    append_layout(fig, shapes, notes)


def append_layout(fig: go.Figure, shapes: list[dict] = (), annotations: list[dict] = ()) -> None:
    """Add shapes and annotations in one layout update: plotly's add_shape/add_vline/add_vrect re-validate every
    shape already held on each call, so a loop of them is quadratic (60 events × 20 panels took seconds)."""
    if shapes:
        fig.layout.shapes = (*fig.layout.shapes, *shapes)
    if annotations:
        fig.layout.annotations = (*fig.layout.annotations, *annotations)


def label_offsets(days: list[pd.Timestamp], lo: pd.Timestamp, hi: pd.Timestamp, plot_px: int = NARROWEST_PLOT_PX,
                  label_px: int = LABEL_PX) -> list[float]:
    """How far (px) each vertical label starts from its line, for days in date order: just right of the line where
    there is room, pushed right past the label before it, and pulled back left where the row would leave the plot
    (then wholly left of its line, so the dashed line never runs through its own words).
    Labels keep the order of their lines, so the gaps between them only grow on a wider plot: placed without overlap
    at ``plot_px``, they overlap at no larger width either (and stay inside the plot)."""
    span_days = max((hi - lo).days, 1)
    xs = [(day - lo).days / span_days * plot_px for day in days]
    starts: list[float] = []
    for x in xs:  # left to right: right of the line, after the previous label
        starts.append(max(x, starts[-1] + label_px) if starts else x)
    limit = plot_px - label_px
    for i in range(len(starts) - 1, -1, -1):  # right to left: back inside the plot, before the next label
        starts[i] = min(starts[i], limit if i == len(starts) - 1 else starts[i + 1] - label_px)
        if xs[i] - label_px < starts[i] < xs[i]:  # never across its own line: wholly to the left of it instead
            starts[i] = xs[i] - label_px
    return [max(s, 0.0) - x for s, x in zip(starts, xs, strict=True)]


def wrap(text: str, width: int = 46) -> str:
    """A long chart or panel title broken into lines (plotly's <br>) so it does not run into its neighbour."""
    import textwrap

    return "<br>".join(textwrap.wrap(text, width)) or text


def break_gaps(df: pd.DataFrame, x: str, max_gap_days: int = 7) -> pd.DataFrame:
    """Insert an empty row inside every gap longer than ``max_gap_days`` so lines break instead of bridging
    months without data with a straight segment."""
    if df.empty:
        return df
    days = pd.to_datetime(df[x])
    gaps = days.diff() > pd.Timedelta(days=max_gap_days)
    if not gaps.any():
        return df
    fillers = pd.DataFrame({x: (days[gaps] - pd.Timedelta(days=1)).to_numpy()})
    out = pd.concat([df.assign(**{x: days}), fillers], ignore_index=True)
    return out.sort_values(x, kind="stable").reset_index(drop=True)


def stacked_area(df: pd.DataFrame, x: str, y: str, group: str, title: str, y_title: str,
                 hover: str | None = None) -> go.Figure:
    """One stacked trace per group; ``hover`` names a column shown beside each value (e.g. the data's basis)."""
    fig = go.Figure()
    for code, part in df.groupby(group, sort=True):
        part = break_gaps(part, x, max_gap_days=40)  # months without data stay empty, not bridged
        extra = dict(customdata=part[hover].map(i18n.basis), hovertemplate="%{y:,.1f} (%{customdata})") if hover else {}
        fig.add_trace(go.Scatter(x=part[x], y=part[y], name=name(code), stackgroup="one", mode="lines",
                                 line=dict(width=0.5, color=colour(code)), **extra))
    mark_gaps(fig, df[x])
    fig.update_layout(template=TEMPLATE, title=title, yaxis_title=y_title)
    return fig


def legend_key(fig: go.Figure, label: str, colour: str) -> None:
    """A legend entry for a shaded kind of span: the words sit in the legend, where they never cover data or an
    event label, and each kind is named once however many spans it shades."""
    if any(getattr(trace, "name", None) == label for trace in fig.data):
        return
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label, hoverinfo="skip",
                             marker=dict(symbol="square", size=12, color=colour)))


GAP_COLOUR = "rgba(128,128,128,0.18)"


def mark_gaps(fig: go.Figure, days: pd.Series, max_gap_days: int = 40) -> None:
    """Shade spans longer than ``max_gap_days`` with no data at all: a stacked area would otherwise draw them as
    zero flow."""
    held = pd.to_datetime(pd.Series(days.unique())).sort_values()
    gaps = held.diff() > pd.Timedelta(days=max_gap_days)
    append_layout(fig, [dict(type="rect", x0=start, x1=end, y0=0, y1=1, xref="x", yref="y domain",
                             fillcolor=GAP_COLOUR, line=dict(width=0))
                        for start, end in zip(held.shift()[gaps], held[gaps], strict=True)])
    if gaps.any():
        legend_key(fig, t("no data held"), GAP_COLOUR)


def mark_spans(fig: go.Figure, days: pd.Series, flagged: pd.Series, label: str,
               colour: str = "rgba(255,176,0,0.14)", span_days: int = 1) -> None:
    """Shade each run of consecutive days where ``flagged`` is true (e.g. values resting on a route-level series
    rather than per-point data), named once in the legend, so the basis of every part of a line is visible."""
    frame = pd.DataFrame({"day": pd.to_datetime(days).to_numpy(),
                          "flag": flagged.fillna(False).astype(bool).to_numpy()})
    frame = frame.sort_values("day").drop_duplicates("day")
    run = (frame["flag"] != frame["flag"].shift()).cumsum()
    flagged_runs = frame[frame["flag"]].groupby(run[frame["flag"]])["day"].agg(["min", "max"])
    step = pd.offsets.MonthBegin(1) if span_days > 1 else pd.Timedelta(days=1)
    append_layout(fig, [dict(type="rect", x0=first, x1=last + step, y0=0, y1=1, xref="x", yref="y domain",
                             fillcolor=colour, line=dict(width=0), layer="below")
                        for first, last in zip(flagged_runs["min"], flagged_runs["max"], strict=True)])
    if frame["flag"].any():
        legend_key(fig, label, colour.replace("0.14", "0.5").replace("0.10", "0.4"))


def line(df: pd.DataFrame, x: str, series: dict[str, str], title: str, y_title: str,
         colours: dict[str, str] | None = None, max_gap_days: int = 7) -> go.Figure:
    """Lines that break where the data have a gap longer than ``max_gap_days`` (use ~40 for monthly data)."""
    fig = go.Figure()
    mark_gaps(fig, df[x])
    df = break_gaps(df, x, max_gap_days)
    for column, label in series.items():
        held = df[column].notna()
        part = df[held.cummax() & held[::-1].cummax()[::-1]]  # no run of empty days before its first or after its last
        fig.add_trace(go.Scatter(x=part[x], y=part[column], name=label, mode="lines",
                                 line=dict(width=1.6, color=(colours or {}).get(column))))
    fig.update_layout(template=TEMPLATE, title=title, yaxis_title=y_title)
    return fig


def band(df: pd.DataFrame, x: str, lo: str, hi: str, mean: str, value: str, title: str, y_title: str,
         value_label: str) -> go.Figure:
    """A five-year min–max band with its mean, and the current series on top."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=df[x], y=df[hi], mode="lines", line=dict(width=0), showlegend=False,
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=df[x], y=df[lo], mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor="rgba(0,87,183,0.15)", name=t("previous 5 years: min–max")))
    fig.add_trace(go.Scatter(x=df[x], y=df[mean], mode="lines", line=dict(dash="dot", color="#0057B7"),
                             name=t("previous 5 years: mean")))
    fig.add_trace(go.Scatter(x=df[x], y=df[value], mode="lines", line=dict(width=2.5, color="#FFB000"),
                             name=value_label))
    fig.update_layout(template=TEMPLATE, title=title, yaxis_title=y_title)
    return fig


COVERAGE_COLOURS = {"held": "#2ca02c", "partial": "#98df8a", "IEA monthly": "#1f77b4", "route-level only": "#FFB000",
                    "missing": "#d62728",
                    "before series": "#d9d9d9", "series ended": "#d9d9d9"}


def coverage_status(status: str) -> str:
    """A status of mart_coverage_monthly as the legend and hover say it."""
    return {"held": t("held"), "partial": t("partial"), "IEA monthly": t("IEA monthly"),
            "route-level only": t("route-level only"), "missing": t("missing"), "before series": t("before series"),
            "series ended": t("series ended")}.get(status, status)


def coverage(df: pd.DataFrame, title: str) -> go.Figure:
    """Series × month picture of what is held (one colour per status of mart_coverage_monthly)."""
    statuses = [s for s in COVERAGE_COLOURS if s in set(df["status"])]
    codes = {s: i for i, s in enumerate(statuses)}
    grid = df.pivot_table(index="series_label", columns="month", values="status", aggfunc="first")
    cells = pd.Series(grid.to_numpy(dtype=object).ravel())  # one map over every cell, each status named once
    z = cells.map(codes).to_numpy(dtype=float).reshape(grid.shape)
    n = max(len(statuses), 1)
    scale = []
    for i, s in enumerate(statuses):  # a stepped colour scale: code i ↔ its status colour
        scale += [[i / n, COVERAGE_COLOURS[s]], [(i + 1) / n, COVERAGE_COLOURS[s]]]
    text = cells.map({s: coverage_status(s) for s in cells.dropna().unique()}).to_numpy(dtype=object).reshape(
        grid.shape)
    fig = go.Figure(go.Heatmap(z=z, x=grid.columns, y=grid.index, colorscale=scale or None, zmin=-0.5,
                               zmax=n - 0.5, showscale=False, xgap=0.5, ygap=1, customdata=text,
                               hovertemplate="%{y}<br>%{x|%b %Y}: %{customdata}<extra></extra>"))
    for s in statuses:  # legend entries for the statuses shown
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=coverage_status(s),
                                 marker=dict(symbol="square", size=12, color=COVERAGE_COLOURS[s])))
    fig.update_layout(template=TEMPLATE, title=title, height=max(260, 22 * len(grid.index) + 160),
                      yaxis=dict(autorange="reversed", rangemode="normal", automargin=True), hovermode="closest",
                      legend=dict(orientation="h", yanchor="top", y=-0.06, xanchor="left", x=0),  # below: a long
                      margin=dict(b=60))  # title and the statuses' legend never share a line
    return fig


#: The strike layer's colours by energy system (the strike register's asset kinds grouped).
STRIKE_COLOURS = {"gas": "#8c2d04", "power": "#08519c", "oil": "#525252"}


def add_strikes(fig: go.Figure, strikes: pd.DataFrame, x_min: date | None = None, x_max: date | None = None,
                systems: tuple[str, ...] = ("gas", "power", "oil")) -> None:
    """Strikes on energy assets (mart_energy_strike) as small marks along the bottom of a time chart, on an overlaid
    axis of its own so the data's scale is untouched; the hover says what was hit and whose report it is.
    ``strikes`` needs strike_date, system, asset_kind and the effect in the visit's language (column ``effect``)."""
    shown = strikes[strikes.system.isin(systems)]
    if x_min is not None:
        shown = shown[pd.to_datetime(shown.strike_date) >= pd.Timestamp(x_min)]
    if x_max is not None:
        shown = shown[pd.to_datetime(shown.strike_date) <= pd.Timestamp(x_max)]
    if shown.empty:
        return
    from dashboard.i18n import t

    names = {"gas": t("strike on gas assets"), "power": t("strike on power assets"),
             "oil": t("strike on oil assets")}
    for system, part in shown.groupby("system"):
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(part.strike_date).dt.date, y=[0.03] * len(part), yaxis="y9", mode="markers",
            name=names[system],
            marker=dict(symbol="x-thin", size=11, line=dict(width=2, color=STRIKE_COLOURS[system])),
            text=part.effect.map(lambda s: wrap(str(s), 60)), hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>"))
    fig.update_layout(yaxis9=dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True))


def prepare(fig: go.Figure) -> None:
    """What dashboard.ui.chart does to a figure before drawing it: compact dates (fast start), a title that fits, the
    visit's language conventions."""
    if fast_start():
        compact(fig)
    fit_title(fig)
    if i18n.current() != i18n.DEFAULT:
        localise(fig, i18n.UK_TICK_FORMATS)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_spec(name: str, args: tuple, version: object, lang: str, fast: bool, _build) -> dict:
    # name, version, lang and fast only key the cache (an argument starting with "_" is left out of the key)
    fig = _build(*args)
    prepare(fig)
    return fig.to_dict()


def draw_cached(build, *args, key: str) -> None:
    """ui.chart for a figure ``build(*args)`` makes, built once per warehouse version, language and arguments:
    plotly builds and validates a figure in ~0.1 s (a panel grid in seconds), and a click that changes nothing it
    shows then only sends the held spec. ``build`` must depend on nothing but its (hashable) arguments, the
    warehouse and the language, and draw nothing itself."""
    from dashboard import data

    name = f"{build.__code__.co_filename}:{build.__qualname__}"
    spec = _cached_spec(name, args, (str(data.warehouse_path()), data.version()), i18n.current(), fast_start(), build)
    st.plotly_chart(go.Figure(spec, _validate=False), width="stretch", key=key)
