"""The validation machinery of the curated, sourced files under data/reference/: strict, whole file or nothing.

Each file has a :class:`Spec`: its columns with a type, which are required, and the key that must be unique. A
bad file raises ReferenceDataError listing every problem as ``file:line, column 'x': what is wrong`` — nothing
from that file is loaded, so a typo never silently drops a cargo from the register.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl import REFERENCE_DIR
from etl.errors import ReferenceDataError

MAX_REPORTED_ERRORS = 20
_URL = re.compile(r"^https?://\S+$")
_ISO2 = re.compile(r"^[A-Z]{2}$")


def parse_text(v: str) -> str:
    return v


def parse_int(v: str) -> int:
    try:
        return int(v)
    except ValueError:
        raise ValueError(f"{v!r} is not a whole number") from None


def parse_float(v: str) -> float:
    try:
        x = float(v.replace(",", ""))
    except ValueError:
        raise ValueError(f"{v!r} is not a number") from None
    if x < 0:
        raise ValueError(f"{v!r} is negative")
    return x


def parse_date(v: str) -> date:
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"{v!r} is not a date (YYYY-MM-DD)") from None


def parse_past_date(v: str) -> date:
    """A date that has happened (a strike, a report): a future date in a register is a typo, refused."""
    day = parse_date(v)
    if day > date.today():
        raise ValueError(f"{v!r} is in the future")
    return day


def parse_month(v: str) -> str:
    """A calendar month YYYY-MM that has begun."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
        raise ValueError(f"{v!r} is not a month (YYYY-MM)")
    if v > date.today().strftime("%Y-%m"):
        raise ValueError(f"{v!r} is in the future")
    return v


def parse_url_list(v: str) -> str:
    urls = [u.strip() for u in v.split(";") if u.strip()]
    bad = [u for u in urls if not _URL.match(u)]
    if not urls or bad:
        raise ValueError(f"{(bad or [v])[0]!r} is not an http(s) URL (separate several with ' ; ')")
    return " ; ".join(urls)


def parse_iso2(v: str) -> str:
    if not _ISO2.match(v):
        raise ValueError(f"{v!r} is not a 2-letter upper-case country code")
    return v


def parse_one_of(*choices: str) -> Callable[[str], str]:
    def check(v: str) -> str:
        if v not in choices:
            raise ValueError(f"{v!r} is not one of {', '.join(choices)}")
        return v

    return check


_CYRILLIC = re.compile(r"[А-ЯЄІЇҐа-яєіїґ]")


def parse_ukrainian(v: str) -> str:
    """Ukrainian text (the registers' ``*_uk`` columns): at least one Ukrainian letter, so English pasted into the
    Ukrainian column, or the columns swapped, is caught when the file is loaded."""
    if not _CYRILLIC.search(v):
        raise ValueError(f"{v!r} has no Ukrainian letter: is the English text in the Ukrainian column?")
    return v


def parse_reported_date(v: str) -> str:
    """A date as reported: YYYY-MM-DD, YYYY-MM, or a YYYY-MM/YYYY-MM range, optionally with a note in brackets."""
    head = v.split(" ")[0]
    if not re.match(r"^\d{4}-\d{2}(-\d{2})?(/\d{4}-\d{2}(-\d{2})?)?$", head):
        raise ValueError(f"{v!r} is not a reported date (YYYY-MM-DD, YYYY-MM or YYYY-MM/YYYY-MM)")
    return v


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] = parse_text
    required: bool = False


@dataclass(frozen=True)
class Spec:
    file_name: str
    table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    row_check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = field(default=None)


def load_csv(spec: Spec, directory: Path | None = None) -> pd.DataFrame:
    """Read and validate one curated file; return typed rows or raise ReferenceDataError."""
    directory = directory or reference_dir()
    path = directory / spec.file_name
    if not path.exists():
        raise ReferenceDataError(f"{path}: file is missing")
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c.name for c in spec.columns if c.name not in header]
        if missing:
            raise ReferenceDataError(f"{path}:1: missing column(s) {', '.join(missing)}")
        seen: dict[tuple[Any, ...], int] = {}
        for line_no, raw in enumerate(reader, start=2):
            if None in raw:
                errors.append(f"{path}:{line_no}: more fields than the header has columns")
                continue
            row: dict[str, Any] = {}
            for col in spec.columns:
                value = (raw.get(col.name) or "").strip()
                if not value:
                    if col.required:
                        errors.append(f"{path}:{line_no}, column '{col.name}': required value is empty")
                    row[col.name] = None
                    continue
                try:
                    row[col.name] = col.parse(value)
                except ValueError as exc:
                    errors.append(f"{path}:{line_no}, column '{col.name}': {exc}")
                    row[col.name] = None
            if spec.row_check:
                for column, message in spec.row_check(row):
                    errors.append(f"{path}:{line_no}, column '{column}': {message}")
            key = tuple(row[k] for k in spec.key)
            if all(k is not None for k in key):
                if key in seen:
                    errors.append(
                        f"{path}:{line_no}, column '{spec.key[0]}': duplicate key {key} (first on line {seen[key]})"
                    )
                else:
                    seen[key] = line_no
            rows.append(row)
    if errors:
        more = len(errors) - MAX_REPORTED_ERRORS
        listed = "\n  ".join(errors[:MAX_REPORTED_ERRORS]) + (f"\n  … and {more} more" if more > 0 else "")
        raise ReferenceDataError(f"{spec.file_name}: {len(errors)} problem(s), nothing loaded from it:\n  {listed}")
    return pd.DataFrame(rows, columns=[c.name for c in spec.columns])


def _point_checks(row: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    if row.get("valid_from") and row.get("valid_to") and row["valid_from"] > row["valid_to"]:
        problems.append(("valid_to", "is before valid_from"))
    return problems


POINTS = Spec(
    file_name="points.csv",
    table="ref_point",
    key=("point_key", "operator_key", "direction_key"),
    row_check=_point_checks,
    columns=(
        Column("point_key", required=True),
        Column("operator_key", required=True),
        Column("direction_key", parse_one_of("entry", "exit"), required=True),
        Column("point_label"),
        Column("physical_point_key", required=True),
        Column("physical_point_label", required=True),
        Column("neighbour_country", parse_iso2, required=True),
        Column("flow_direction", parse_one_of("to_ua", "from_ua", "to_eu"), required=True),
        Column("route", parse_one_of("ua_border", "nord_stream", "yamal_belarus", "turkstream", "baltic_finland"),
               required=True),
        Column("priority", parse_int, required=True),
        Column("combine", parse_one_of("mean", "max"), required=True),
        Column("valid_from", parse_date),
        Column("valid_to", parse_date),
        Column("note"),
    ),
)


def reference_dir() -> Path:
    """data/reference, or $UA_GAS_REFERENCE_DIR (a curated copy kept outside the clone)."""
    env = os.environ.get("UA_GAS_REFERENCE_DIR")
    return Path(env) if env else REFERENCE_DIR
