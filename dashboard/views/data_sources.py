"""Data & sources: what the warehouse holds, from where, how fresh, what the last runs did, what the quality
checks found — and the whole warehouse to download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, data, i18n, ui
from dashboard.i18n import t, tn
from etl.units import unit_of

st.title(t("Data & sources"))

st.subheader(t("Freshness by source"))
ui.table(data.query("SELECT * FROM mart_source_freshness ORDER BY source_group, source"))
st.caption(t("entsog_api / agsi_api / alsi_api rows come from a live refresh; bruegel_entsog, entsog_export and "
             "agsi_export rows from the bundled snapshot of published files."))

st.subheader(t("Coverage: what is held, month by month"))
groups = {"border": t("Ukraine's border points (ENTSOG)"), "routes": t("EU entry points of Russian routes (ENTSOG)"),
          "storage": t("Storage areas (GIE AGSI+)"), "power": t("Electricity: borders and reported trade"),
          "strikes": t("Strikes register and attack counts")}
group = ui.choice(t("Series"), groups, "cov", "border")


def coverage_rows(group: str) -> pd.DataFrame:
    """The coverage mart's rows of one kind of series (cached query; the filter is a few ms)."""
    cov = data.query("SELECT source, route, series_label, neighbour, month, status, days_held, days_expected "
                     "FROM mart_coverage_monthly ORDER BY neighbour, series_label, month")
    kind = cov.source.eq("agsi").map({True: "storage", False: "routes"}).where(cov.route.ne("ua_border"), "border")
    kind = kind.where(~cov.route.isin(["power", "strikes"]), cov.route)  # their own pictures, not the routes' one
    return cov[kind == group].drop(columns=["source", "route"])


def coverage_figure(group: str, title: str):
    cov = coverage_rows(group)
    summary = cov.status.value_counts()
    return charts.coverage(cov, t("{group}: {held} months held, {route} route-level only, {missing} missing",
                                  group=title, held=i18n.num(summary.get("held", 0), 0),
                                  route=i18n.num(summary.get("route-level only", 0), 0),
                                  missing=i18n.num(summary.get("missing", 0), 0)))


cov = coverage_rows(group)
if cov.empty:
    st.info(t("No series of this kind in the warehouse."))
else:  # the series × month picture built once per warehouse version, language and kind
    charts.draw_cached(coverage_figure, group, groups[group], key="coverage_chart")
    ui.footer(cov, f"coverage_{group}", t("mart_coverage_monthly (this warehouse)"),
              t("route-level only = no per-point value, but Bruegel's route total covers the point's route that "
                "month. `python -m etl status` lists the holes; a refresh asks for exactly those months."))

st.subheader(t("Bundled snapshot"))
ui.table(data.query("SELECT * FROM meta_snapshot ORDER BY table_name"))
prov = Path(__file__).resolve().parents[2] / "data" / "snapshot" / "PROVENANCE.md"  # repo root / data / …
if prov.exists():
    with st.expander(t("Provenance and licences of the bundled data")):
        st.markdown(prov.read_text())

st.subheader(t("Cross-check against the Ukrainian TSO's annual figures"))
ui.table(data.query("SELECT * FROM mart_crosscheck_gtsou"),
         column_config={"source_url": st.column_config.LinkColumn(t("source"))})
st.caption(t("Three measures side by side. The TSO publishes **commercial** flows: its imports include virtual "
             "reverse (gas bought in the EU and delivered by netting against transit, which no meter sees). ENTSOG "
             "(per point, daily) and the IEA (per border, monthly) are **physical**. The warehouse value takes ENTSOG "
             "where its month is complete, else the IEA, else route totals (column basis), in bcm at 20 °C. 'why' "
             "says why a figure differs where that is known."))

st.subheader(t("Run log"))
ui.table(data.query("SELECT run_id, command, source, status, started_at, finished_at, window_from, window_to, "
                        "rows_loaded, requests, error FROM etl_run ORDER BY run_id DESC LIMIT 50"))

st.subheader(t("Quality checks"))
checks = data.query("SELECT source, check_name, severity, subject, detail FROM quality_check "
                    "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, source")
if checks.empty:
    st.success(t("No findings."))
else:
    ui.table(checks)

st.subheader(t("SQL explorer (read-only)"))
st.caption(t("One SELECT on the warehouse's tables and views; at most 5,000 rows and 10 s. The query is kept in the "
             "link, so a cut can be shared."))
with st.expander(t("Marts, columns and units")):
    ui.table(data.catalogue(), height=300)
default_sql = ("SELECT year(gas_day) AS year, round(mcm_to_bcm(sum(eu_exit_mcm)), 1) AS transit_bcm\n"
               "FROM mart_transit_daily GROUP BY 1 ORDER BY 1")
sql = st.text_area(t("Query"), value=st.query_params.get("sql") or default_sql, height=120, key="w_sql")
if st.button(t("Run query"), key="run_sql", type="primary") or st.query_params.get("sql"):
    from dashboard.explorer import QueryRefused

    try:
        result = data.explore(sql)
    except QueryRefused as exc:
        st.error(str(exc), icon=":material/block:")
    else:
        st.query_params["sql"] = sql
        if result.truncated:
            st.warning(tn("Showing the first {n} row; add a LIMIT or aggregate.",
                          "Showing the first {n} rows; add a LIMIT or aggregate.", len(result.frame),
                          n=i18n.num(len(result.frame), 0)))
        ui.table(result.frame)
        frame = result.frame
        dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])
                 or c in {"year", "month", "gas_day", "period"}]
        numbers = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and c not in dates]
        if dates and numbers:
            fig = charts.line(frame.sort_values(dates[0]), dates[0], {c: c for c in numbers[:4]},
                              t("Quick chart of the query result"),
                              ", ".join(filter(None, map(unit_of, numbers[:4]))))
            ui.chart(fig, key="explorer_chart")
        st.download_button(t("Download result (CSV)"), lambda: frame.to_csv(index=False).encode(), "query.csv",
                           "text/csv", key="dl_query", on_click="ignore")

st.subheader(t("Download"))
path = data.warehouse_path()
st.download_button(t("Whole warehouse (DuckDB, {mb} MB)", mb=i18n.num(path.stat().st_size / 1e6)), path.read_bytes,
                   "ua_gas_warehouse.duckdb", "application/octet-stream", key="dl_warehouse", on_click="ignore")
st.caption(t("Open it with `duckdb ua_gas_warehouse.duckdb` and query the mart_* views."))
st.download_button(t("Data package: every mart and register as CSV + Parquet with datapackage.json (zip)"),
                   data.package_zip, "ua_gas_data_package.zip", "application/zip", key="dl_package", on_click="ignore")
st.caption(t("A Frictionless Data Package: fields with types, units and descriptions, sources and licences per "
             "file, sha256 of every file; the version is derived from the content. Read it with pandas, DuckDB or R "
             "— see the README ('Open data')."))
