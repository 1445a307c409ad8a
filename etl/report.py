"""Tables the README shows, generated from the warehouse's marts so the README never drifts from the data.

`python -m etl crosscheck` prints the GTSOU cross-check as Markdown; `scripts/update_readme.py` writes it between
the README's `<!-- crosscheck:start -->` / `<!-- crosscheck:end -->` markers (a test checks they agree).
"""

from __future__ import annotations

import math
from typing import Any

import duckdb

START, END = "<!-- crosscheck:start -->", "<!-- crosscheck:end -->"
FLOW_NAMES = {("transit", "EU"): "transit to the EU", ("transit", "ALL"): "transit, EU + Moldova",
              ("imports", "EU"): "imports from the EU", ("imports", "ALL"): "imports from EU + MD"}


def _flow(measure: str, country: str, names: dict[str, str]) -> str:
    if (measure, country) in FLOW_NAMES:
        return FLOW_NAMES[(measure, country)]
    where = names.get(country, country)
    return f"transit to {where}" if measure == "transit" else f"imports from {where}"


def _num(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return format(value, fmt)


def crosscheck_markdown(con: duckdb.DuckDBPyConnection) -> str:
    names = dict(con.execute("SELECT code, name FROM ref_label WHERE kind = 'country'").fetchall())
    rows = con.execute("SELECT year, measure, country, gtsou_bcm, warehouse_bcm, difference_pct, basis, entsog_bcm, "
                       "iea_bcm, why FROM mart_crosscheck_gtsou").fetchall()
    lines = ["| year | flow | TSO (commercial, bcm) | warehouse (bcm) | difference | basis | ENTSOG (physical) "
             "| IEA (physical) | why they differ |",
             "|---|---|---|---|---|---|---|---|---|"]
    for year, measure, country, gtsou, ours, diff, basis, entsog, iea, why in rows:
        signed = "—" if diff is None else f"{diff:+.1f} %".replace("-", "−")
        flow = _flow(measure, country, names)
        lines.append(f"| {year} | {flow} | {_num(gtsou, 'g')} | {_num(ours, '.2f')} | {signed} | "
                     f"{basis or ''} | {_num(entsog, '.2f')} | {_num(iea, '.2f')} | {why or ''} |")
    return "\n".join(lines) + "\n"


def replace_block(text: str, block: str) -> str:
    """The README with the generated block between the markers (ValueError when the markers are missing)."""
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise ValueError(f"the README has no {START} … {END} block")
    return f"{head}{START}\n{block}{END}{tail}"
