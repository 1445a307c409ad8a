"""Streamlit dashboard: reads the published warehouse read-only; pages select, filter and chart the marts."""
