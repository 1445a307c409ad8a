"""How a built figure is drawn: the first-chart measures (plotly preload, compact dates), a title that fits a phone,
the visit's language conventions, and :func:`draw_cached`, which builds a figure once per warehouse version,
language and arguments. Kept apart from the figure builders (dashboard/charts.py): it is about sending a figure to
the browser, not about what the figure shows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import i18n
from dashboard.chart_layers import wrap


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
