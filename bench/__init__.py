"""Benchmarks: `python -m bench` (see README). Inputs larger than the recorded responses are made by repeating
real series with shifted keys (bench/synthetic.py); they measure speed only and are never presented as data."""
