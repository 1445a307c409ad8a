"""The floor for bench/browser.py: a Streamlit page with a title and one three-point plotly chart. Whatever our
Overview takes beyond this page is ours; what this page takes is Streamlit's and plotly.js's in this browser."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor: one small plotly chart")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
