"""Methodology: each dependence indicator's formula, sources and caveats, from data/reference/indicators.csv."""

from __future__ import annotations

import streamlit as st

from dashboard import data

st.title("Methodology")
st.markdown("Every number on the Dependence page comes from the view `mart_dependence_monthly` (yearly: "
            "`mart_dependence_yearly`); each row carries its inputs. Volumes are bcm at 20 °C: energy converted with "
            "the GCV ENTSOG publishes for the point and day, else 10.55 kWh/m³ (`etl/units.py`). Double counting of "
            "points reported by two operators is resolved by the rule in `data/reference/POINTS.md`.")
held = data.query("SELECT indicator, min(period) AS first, max(period) AS last, count(*) AS periods "
                  "FROM mart_dependence_monthly GROUP BY indicator")
held = held.set_index("indicator")
for row in data.query("SELECT * FROM ref_indicator").itertuples():
    st.subheader(row.title)
    span = (f"held {held.at[row.indicator, 'first']:%b %Y} → {held.at[row.indicator, 'last']:%b %Y} "
            f"({held.at[row.indicator, 'periods']} periods)" if row.indicator in held.index else "not held yet")
    st.markdown(f"`{row.indicator}` · **unit** {row.unit} · **grain** {row.grain} · {span}")
    st.markdown(f"**Formula.** {row.formula}")
    st.markdown(f"**Sources.** {row.sources}")
    if row.caveats:
        st.markdown(f"**Caveats.** {row.caveats}")
