"""Plotly figure builders: one template, one colour per neighbour/route, event annotations, units in labels.

The layers laid over a time chart (events, strikes, shaded spans) are in dashboard/chart_layers.py and how a figure is
drawn (compact dates, titles that fit, draw_cached) in dashboard/chart_drawing.py; both are importable from here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard import i18n, labels
from dashboard.chart_drawing import (
    compact,
    draw_cached,
    fast_start,
    fit_title,
    localise,
    plotly_preload,
    prepare,
)
from dashboard.chart_layers import (
    EVENT_COLOURS,
    GAP_COLOUR,
    LABEL_MAX_CHARS,
    LABEL_PX,
    NARROWEST_PLOT_PX,
    PHONE_CSS,
    STRIKE_COLOURS,
    add_events,
    add_strikes,
    append_layout,
    label_offsets,
    legend_key,
    mark_gaps,
    mark_spans,
    wrap,
)
from dashboard.i18n import t

__all__ = ["COVERAGE_COLOURS", "EVENT_COLOURS", "GAP_COLOUR", "LABEL_MAX_CHARS", "LABEL_PX", "NARROWEST_PLOT_PX",
           "PHONE_CSS", "STRIKE_COLOURS", "TEMPLATE", "add_events", "add_strikes", "append_layout", "band",
           "break_gaps", "colour", "compact", "coverage", "coverage_status", "draw_cached", "fast_start", "fit_title",
           "label_offsets", "legend_key", "line", "localise", "mark_gaps", "mark_spans", "name", "plotly_preload",
           "prepare", "stacked_area", "wrap"]


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
