"""Curated, sourced reference tables under data/reference/: validated strictly (etl/curated.py), loaded whole or not
at all. The points table's spec lives with the validation machinery; the registers' specs in etl/registers.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from etl import registers
from etl.curated import POINTS, Column, Spec, load_csv, reference_dir

__all__ = ["POINTS", "Column", "Spec", "all_specs", "load_all", "load_csv", "reference_dir"]


def all_specs() -> list[Spec]:
    """Every curated file the warehouse loads (the points table, and the registers)."""
    return [POINTS, *registers.SPECS]


def load_all(con: Any, directory: Path | None = None) -> dict[str, int]:
    """Validate every curated file first, then replace the reference tables; one bad file loads none."""
    from etl.warehouse import replace_table

    directory = directory or reference_dir()
    frames = {spec.table: registers.to_table_frame(spec, load_csv(spec, directory)) for spec in all_specs()}
    return {table: replace_table(con, table, frame) for table, frame in frames.items()}
