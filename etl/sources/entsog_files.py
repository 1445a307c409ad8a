"""ENTSOG data from files analysts download by hand: the Transparency Platform's own ``operationalData`` CSV/XLSX
export, and Bruegel's CSV layout of the same ENTSOG data (the bundled snapshot's per-point history). The rules are
the live connector's (etl/sources/entsog.py: normalise, finish), so both paths give the same rows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from etl.errors import SchemaError
from etl.sources.entsog import REQUIRED_FIELDS, finish, normalise


def import_tp_export(path: Path) -> pd.DataFrame:
    """An ``operationalData`` download from the TP web UI or API (.xlsx sheet 'page', or .csv)."""
    if path.suffix.lower() == ".xlsx":
        df = pd.read_excel(path, sheet_name=0, dtype={"value": "float64"}, engine="openpyxl")
    else:
        df = pd.read_csv(path)
    missing = [f for f in REQUIRED_FIELDS if f not in df.columns]
    if missing:
        raise SchemaError(f"entsog: {path} is not an ENTSOG operationalData export (missing {', '.join(missing)})")
    return normalise(df, source="entsog_export")


BRUEGEL_COLUMNS = ("dates", "values", "direction", "operator", "location", "label")


def import_bruegel_csv(paths: Iterable[Path], keep: set[tuple[str, str, str]] | None = None) -> pd.DataFrame:
    """Bruegel's ENTSOG download (dates, values, direction, operator, location, label, …), kWh/d physical flow.

    ``keep`` limits the rows to these (point, operator, direction) reports — the snapshot keeps the ones in
    data/reference/points.csv.
    """
    frames = []
    for path in paths:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = [c for c in BRUEGEL_COLUMNS if c not in df.columns]
        if missing:
            raise SchemaError(f"entsog: {path} is not in Bruegel's layout (missing {', '.join(missing)})")
        if keep is not None:
            key = list(zip(df["location"], df["operator"], df["direction"], strict=True))
            df = df[[k in keep for k in key]]
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    out = pd.DataFrame({
        "gas_day": pd.to_datetime(df["dates"].str[:10]).dt.date,
        "point_key": df["location"].str.upper(),
        "operator_key": df["operator"].str.upper(),
        "direction_key": df["direction"].str.lower(),
        "indicator": "Physical Flow",
        "value": pd.to_numeric(df["values"].replace("", None), errors="coerce"),
        "unit": "kWh/d",
        "flow_status": None,
        "point_label": df["label"],
        "last_update_at": pd.NaT,
    })
    return finish(out, source="bruegel_entsog")
