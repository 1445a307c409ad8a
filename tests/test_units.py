from pytest import approx

from etl import units


def test_energy_to_volume_uses_named_default_factor():
    # 10.55 GWh of gas at 10.55 kWh/m³ is exactly 1 million m³
    assert units.gwh_to_mcm(10.55) == approx(1.0)
    assert units.kwh_to_mcm(10.55e6) == approx(1.0)
    assert units.twh_to_bcm(10.55) == approx(1.0)
    assert units.mcm_to_gwh(1.0) == approx(10.55)


def test_measured_gcv_per_normal_m3_becomes_per_m3_at_20c():
    # 11.32 kWh/Nm³ at 0 °C → 11.32 × 273.15 / 293.15 per m³ at 20 °C
    assert units.gcv_nm3_to_m3_20c(11.32) == approx(11.32 * 273.15 / 293.15)
    assert units.gcv_nm3_to_m3_20c(11.32) == approx(10.548, abs=1e-3)


def test_sql_constants_are_the_python_ones():
    c = units.sql_constants()
    assert c["default_gcv_kwh_per_m3"] == units.DEFAULT_GCV_KWH_PER_M3_20C
    assert c["m3_20c_per_nm3"] == approx(293.15 / 273.15)


MACROS = {  # SQL macro (etl/sql/marts/00_units.sql) → its Python twin, and the arguments tried
    "kwh_to_gwh": (units.kwh_to_gwh, [(3.2e9,)]),
    "twh_to_gwh": (units.twh_to_gwh, [(12.5,)]),
    "mwh_to_gwh": (units.mwh_to_gwh, [(41_987.0,)]),
    "kwh_to_mcm": (units.kwh_to_mcm, [(1.055e9,), (4.2e8, 10.9)]),
    "gwh_to_mcm": (units.gwh_to_mcm, [(410.0,), (410.0, 11.1)]),
    "mcm_to_gwh": (units.mcm_to_gwh, [(38.9,), (38.9, 10.3)]),
    "mcm_to_bcm": (units.mcm_to_bcm, [(40_512.0,)]),
    "twh_to_bcm": (units.twh_to_bcm, [(945.7,)]),
    "bcm_to_twh": (units.bcm_to_twh, [(8.5,)]),
    "tj_to_gwh": (units.tj_to_gwh, [(720_000.0,)]),
    "tj_to_bcm": (units.tj_to_bcm, [(720_000.0,)]),
    "gcv_nm3_to_m3_20c": (units.gcv_nm3_to_m3_20c, [(11.32,)]),
    "republish_mcm": (units.republish_mcm, [(40.0, units.BRUEGEL_GCV_KWH_PER_M3)]),
    "iea_mcm_to_20c": (units.iea_mcm_to_20c, [(56_064.0,)]),
}


def test_every_sql_unit_macro_gives_the_python_number():
    import duckdb

    from etl.warehouse import render, sql_files

    con = duckdb.connect()
    con.execute(render(dict(sql_files())["marts/00_units.sql"]))
    declared = {r[0] for r in con.execute("SELECT DISTINCT function_name FROM duckdb_functions() "
                                          "WHERE function_type = 'macro' AND NOT internal").fetchall()}
    assert declared - {"default_gcv_kwh_per_m3"} == set(MACROS), "every macro has a Python twin here"
    for name, (python, cases) in MACROS.items():
        for args in cases:
            (sql_value,), = con.execute(f"SELECT {name}({', '.join(f'{a!r}::DOUBLE' for a in args)})").fetchall()
            assert sql_value == approx(python(*args), rel=1e-12), name
    assert con.execute("SELECT default_gcv_kwh_per_m3()").fetchone()[0] == units.DEFAULT_GCV_KWH_PER_M3_20C


def test_marts_convert_only_through_the_macros():
    """No conversion factor is written into a mart: each goes through a macro rendered from etl/units.py."""
    import re

    from etl.warehouse import sql_files

    for name, text in sql_files():
        if not name.startswith("marts/") or name.endswith("00_units.sql"):
            continue
        code = "\n".join(line.split("--")[0] for line in text.splitlines())
        assert not re.search(r"\b(10\.55|10\.3|1e6|1e9|273\.15|293\.15|3600)\b|/ 1000\b", code), name
        assert not re.search(r"\{\{(default_gcv|kwh_per_gwh|gwh_per_twh|tj_per_twh|m3_20c)", code), name


def test_event_labels_never_overlap_at_the_narrowest_plot_or_any_wider():
    import pandas as pd

    from dashboard.charts import LABEL_PX, NARROWEST_PLOT_PX, label_offsets

    lo, hi = pd.Timestamp("2015-01-01"), pd.Timestamp("2025-02-01")
    days = [pd.Timestamp(d) for d in ("2016-01-01", "2022-02-24", "2022-05-11", "2022-11-17", "2024-12-27",
                                      "2025-01-01")]
    offsets = label_offsets(days, lo, hi)
    assert offsets[0] == 0 and offsets[1] == 0  # room beside them: just right of their line
    assert offsets[2] > 0                       # 76 days (~7 px) after the one before: pushed right
    assert offsets[5] < 0                       # at the right edge: pulled back left, into the plot
    assert all(o >= 0 or o <= -LABEL_PX for o in offsets)  # beside its line, never across it
    for width in (NARROWEST_PLOT_PX, 600, 1200):  # gaps only grow with the width
        span = (hi - lo).days
        starts = [(d - lo).days / span * width + o for d, o in zip(days, offsets, strict=True)]
        assert all(b - a >= LABEL_PX - 1e-9 for a, b in zip(starts, starts[1:], strict=False)), width
        assert 0 <= starts[0] and starts[-1] <= width - LABEL_PX + 1e-9, width


def test_a_long_chart_title_wraps_with_room_above_and_the_legend_below():
    import plotly.graph_objects as go

    from dashboard.charts import fit_title

    fig = go.Figure(layout=dict(title="Flows across Ukraine's borders: transit fell from ~250 mcm/d to ~40, then to "
                                      "zero"))
    fit_title(fig)
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= 44 for line in lines)
    assert fig.layout.margin.t >= 40 + 18 * 2 and fig.layout.legend.y < 0  # the title's lines fit; legend below
    short = go.Figure(layout=dict(title="Gas storage, Ukraine"))
    fit_title(short)
    assert short.layout.title.text == "Gas storage, Ukraine" and short.layout.legend.y is None
