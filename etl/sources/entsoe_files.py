"""Hourly cross-border physical flows on Ukraine's borders from a file of ENTSO-E's published values — the offline
counterpart of the live A11 source (etl/sources/entsoe.py), loaded into the same table with ``source =
'entsoe_file'``: a live refresh of the same hours replaces them (same key), and the column says which one a row is.

The file is long and plain, one row per pair and UTC hour, as ENTSO-E's hourly values are commonly kept
(``from_country,to_country,hour,physical_flow_mw``: ``HU,UA,2024-06-01T00:00:00Z,671.4``). One side of every row
must be Ukraine. A missing hour stays missing (never 0); a pair that names no neighbour of Ukraine, a value that is
not a number or an hour that is not a UTC hour refuses the whole file with the line it is on.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errors import SchemaError
from etl.sources.entsoe_xml import COLUMNS, NEIGHBOURS, UA_BZN
from etl.warehouse import now_utc

SOURCE_TAG = "entsoe_file"
HEADER = ["from_country", "to_country", "hour", "physical_flow_mw"]


def import_flows_csv(path: Path) -> pd.DataFrame:
    """A file of hourly physical flows → rows of fact_entsoe_flow (basis 'physical', the bidding-zone pair)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(frame.columns) != HEADER:
        raise SchemaError(f"{path.name}: expected columns {', '.join(HEADER)}, found {', '.join(frame.columns)} — "
                          "nothing loaded")
    into_ua = frame["to_country"] == "UA"
    neighbour = frame["from_country"].where(into_ua, frame["to_country"])
    hours = pd.to_datetime(frame["hour"], format="%Y-%m-%dT%H:%M:%SZ", errors="coerce")
    mw = pd.to_numeric(frame["physical_flow_mw"], errors="coerce")
    bad = (~neighbour.isin(NEIGHBOURS) | (into_ua == (frame["from_country"] == "UA")) | hours.isna() | mw.isna()
           | (hours.dt.minute != 0))
    if bad.any():
        line = int(bad.to_numpy().argmax()) + 2  # 1-based, after the header
        raise SchemaError(f"{path.name}:{line}: {','.join(frame.iloc[line - 2])!r} is not a flow between Ukraine and "
                          "a neighbour at a UTC hour in MW — nothing loaded")
    direction = into_ua.map({True: "to_ua", False: "from_ua"})
    pair = [f"{UA_BZN}>{NEIGHBOURS[n]}" if ua else f"{NEIGHBOURS[n]}>{UA_BZN}"
            for n, ua in zip(neighbour, into_ua, strict=True)]  # in_Domain>out_Domain, as the live source keeps it
    out = pd.DataFrame({"hour_utc": hours, "neighbour_country": neighbour, "direction": direction, "mw": mw,
                        "basis": "physical", "domain_pair": pair, "source": SOURCE_TAG, "loaded_at": now_utc()})
    duplicated = out.duplicated(["hour_utc", "neighbour_country", "direction"])
    if duplicated.any():
        line = int(duplicated.to_numpy().argmax()) + 2
        raise SchemaError(f"{path.name}:{line}: the same pair and hour twice — nothing loaded")
    return out[COLUMNS].sort_values(["hour_utc", "neighbour_country", "direction"], ignore_index=True)
