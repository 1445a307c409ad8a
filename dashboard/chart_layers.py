"""Layers drawn over a time chart: event lines with their labels, strikes on energy assets, and the shading of spans
without data or on another basis. Kept apart from the figure builders (dashboard/charts.py) because every page lays
them over figures it builds itself; each adds its shapes in one layout update (see :func:`append_layout`)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t

EVENT_COLOURS = {"transit": "#d62728", "attack": "#8c564b", "lng": "#17becf", "storage": "#2ca02c",
                 "policy": "#7f7f7f", "supply": "#ff7f0e"}


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
