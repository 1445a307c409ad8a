"""Methodology: each dependence indicator's formula, sources and caveats, from data/reference/indicators.csv."""

from __future__ import annotations

import streamlit as st

from dashboard import data, queries
from etl import units

st.title("Methodology")
st.markdown("Every number on the Dependence page comes from the view `mart_dependence_monthly` (yearly: "
            "`mart_dependence_yearly`); each row carries its inputs. Volumes are bcm at 20 °C: energy converted with "
            f"the GCV ENTSOG publishes for the point and day, else the {units.DEFAULT_GCV_LABEL} (`etl/units.py`). "
            "Double counting of points reported by two operators is resolved by the rule in "
            "`data/reference/POINTS.md`.")
with st.expander("Which source a value rests on (precedence, IEA zeros and repeats, route series)", expanded=True):
    st.markdown(
        "- **Per point, daily (ENTSOG)** first: a border-month is taken from ENTSOG when at least all but two of its "
        "days are held.\n"
        "- **IEA Gas Trade Flows, monthly** (October 2008 → September 2022) where ENTSOG has no series or an "
        "incomplete month. The IEA's m³ are re-based to 20 °C "
        f"(× 293.15 / 288.15 = {units.M3_20C_PER_M3_15C:.4f}; measured against ENTSOG "
        "the ratio is ≈ 1.02 on 400 of 423 border-months). An IEA value is treated as **missing, not zero** when "
        "it is 0 while ENTSOG or a route series shows flow across that border that month, or when it repeats the "
        "month before exactly while ENTSOG shows a different flow — the IEA's way of carrying a month it did not "
        "collect. The file's own note (\"data not fully collected between April and September 2009\") is applied: "
        "zeros in those months are not loaded.\n"
        "- **ENTSOG partial month** where neither is complete or usable (basis 'ENTSOG (partial month)').\n"
        f"- **Route series** (Bruegel's daily totals from ENTSOG, {units.BRUEGEL_GCV_KWH_PER_M3} kWh/m³ re-based "
        "to 20 °C) last: transit to the "
        "EU as one 'EU' row and the Sudzha entry, July 2023 → October 2024.\n\n"
        "Every mart row that mixes sources carries a `basis` column, and charts shade IEA-only and route-level "
        "spans. The TSO's own figures (cross-check on the Data page) are commercial and include virtual reverse; "
        "all three sources above are physical.")
held = queries.indicators_held()
for row in data.query("SELECT * FROM ref_indicator").itertuples():
    st.subheader(row.title)
    span = (f"held {held.at[row.indicator, 'first']:%b %Y} → {held.at[row.indicator, 'last']:%b %Y} "
            f"({held.at[row.indicator, 'periods']} periods)" if row.indicator in held.index else "not held yet")
    st.markdown(f"`{row.indicator}` · **unit** {row.unit} · **grain** {row.grain} · {span}")
    st.markdown(f"**Formula.** {row.formula}")
    st.markdown(f"**Sources.** {row.sources}")
    if row.caveats:
        st.markdown(f"**Caveats.** {row.caveats}")
