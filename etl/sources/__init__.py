"""One module per data source, each with the same small contract:

- ``NAME``: the source's name on the CLI (``--source NAME``) and in ``etl_run``;
- ``TABLE``: the fact table it loads;
- ``fetch(client, window, **options) -> list[RawResponse]``: raw answers of the live API;
- ``parse(raw: RawResponse) -> pandas.DataFrame``: one typed frame in the table's columns (units in the names);
- ``load(con, frame) -> int``: idempotent upsert;
- ``refresh(con, client, window, progress) -> int``: fetch → parse → load for the window.

Importers for the files analysts download by hand (and the bundled snapshot) live in the same module, so a
source's parsing rules exist once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class Window:
    """An inclusive range of gas days."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class RawResponse:
    """What one API call returned: the public URL (no secrets), and the decoded JSON (None = 'no data')."""

    url: str
    payload: Any


def incremental_start(con: Any, table: str, first_day: date, revision_days: int, day_column: str = "gas_day",
                      where: str = "TRUE") -> date:
    """Where an incremental refresh starts: the newest day held minus the revision window, else ``first_day``."""
    from etl.warehouse import scalar

    last = scalar(con, f"SELECT max({day_column}) FROM {table} WHERE {where}")
    return first_day if last is None else last - timedelta(days=revision_days)


def load_frames(con: Any, table: str, frames: Iterable[Any]) -> int:
    """Parse everything first (a generator of frames), then upsert once: a bad page loads nothing."""
    import pandas as pd

    from etl.warehouse import upsert

    parsed = [f for f in frames if not f.empty]
    return upsert(con, table, pd.concat(parsed, ignore_index=True)) if parsed else 0


def registry() -> dict[str, Any]:
    """Source name → module. Adding a source is adding a module here."""
    from etl.sources import agsi, alsi, entsog, eurostat, owid

    return {m.NAME: m for m in (entsog, agsi, alsi, eurostat, owid)}
