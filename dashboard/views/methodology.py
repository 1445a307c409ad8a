"""Methodology: each dependence indicator's formula, sources and caveats, from data/reference/indicators.csv."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, i18n, queries
from dashboard.i18n import t
from etl import units

st.title(t("Methodology"))
st.markdown(t("Every number on the Dependence page comes from the view `mart_dependence_monthly` (yearly: "
              "`mart_dependence_yearly`); each row carries its inputs. Volumes are bcm at 20 °C: energy converted "
              "with the GCV ENTSOG publishes for the point and day, else the {default} (`etl/units.py`). Double "
              "counting of points reported by two operators is resolved by the rule in `data/reference/POINTS.md`.",
              default=i18n.default_gcv()))
with st.expander(t("Which source a value rests on (precedence, IEA zeros and repeats, route series)"), expanded=True):
    st.markdown(
        t("- **Per point, daily (ENTSOG)** first: a border-month is taken from ENTSOG when at least all but two of "
          "its days are held.") + "\n"
        + t("- **IEA Gas Trade Flows, monthly** (October 2008 → September 2022) where ENTSOG has no series or an "
            "incomplete month. The IEA's m³ are re-based to 20 °C (× 293.15 / 288.15 = {factor}; measured against "
            "ENTSOG the ratio is ≈ 1.02 on 400 of 423 border-months). An IEA value is treated as **missing, not "
            "zero** when it is 0 while ENTSOG or a route series shows flow across that border that month, or when it "
            "repeats the month before exactly while ENTSOG shows a different flow — the IEA's way of carrying a "
            "month it did not collect. The file's own note (\"data not fully collected between April and September "
            "2009\") is applied: zeros in those months are not loaded.", factor=i18n.num(units.M3_20C_PER_M3_15C, 4))
        + "\n"
        + t("- **ENTSOG partial month** where neither is complete or usable (basis 'ENTSOG (partial month)').")
        + "\n"
        + t("- **Route series** (Bruegel's daily totals from ENTSOG, {gcv} kWh/m³ re-based to 20 °C) last: transit "
            "to the EU as one 'EU' row and the Sudzha entry, July 2023 → October 2024.",
            gcv=i18n.num(units.BRUEGEL_GCV_KWH_PER_M3))
        + "\n\n"
        + t("Every mart row that mixes sources carries a `basis` column, and charts shade IEA-only and route-level "
            "spans. The TSO's own figures (cross-check on the Data page) are commercial and include virtual "
            "reverse; all three sources above are physical."))
st.markdown(t("The electricity and strike indicators below come from `mart_power_indicators_monthly` (yearly: "
              "`mart_power_indicators_yearly`), in the same shape: reported monthly trade (commercial) against the "
              "ENTSO-E import limit, and the strike register's counts. Each one's caveats say whether it rests on "
              "reported commercial figures or on physical flows."))
held = pd.concat([queries.indicators_held(), data.query(
    "SELECT indicator, min(period) AS first, max(period) AS last, count(*) AS periods "
    "FROM mart_power_indicators_monthly GROUP BY indicator").set_index("indicator")])
for row in i18n.localised(data.query("SELECT * FROM ref_indicator")).itertuples():
    st.subheader(row.title)
    span = (t("held {first} → {last} ({periods} periods)", first=i18n.month(held.at[row.indicator, "first"]),
              last=i18n.month(held.at[row.indicator, "last"]), periods=held.at[row.indicator, "periods"])
            if row.indicator in held.index else t("not held yet"))
    st.markdown(t("`{indicator}` · **unit** {unit} · **grain** {grain} · {span}", indicator=row.indicator,
                  unit=row.unit, grain=row.grain, span=span))
    st.markdown(t("**Formula.** {text}", text=row.formula))
    st.markdown(t("**Sources.** {text}", text=row.sources))
    if row.caveats:
        st.markdown(t("**Caveats.** {text}", text=row.caveats))
