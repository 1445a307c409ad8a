"""Open data out: every mart and every curated register as CSV and Parquet, with a Frictionless Data Package
(``datapackage.json``) that says what each file is — its fields (type, unit from the column's suffix, description),
the sources and licences behind it, the dates it covers and the sha256 of every file.

The package version is derived from the content (the hashes of its CSV files), so a path ``DIR/<version>/`` never
changes meaning and re-exporting the same data gives the same version; ``DIR/latest`` points at the newest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from etl.sources import air_attacks, registry
from etl.units import unit_of
from etl.warehouse import sql_files

DATE_COLUMNS = ("gas_day", "month", "period", "as_of", "event_date", "delivered_on", "target_day", "year")
TYPES = {"VARCHAR": "string", "DOUBLE": "number", "FLOAT": "number", "DECIMAL": "number", "INTEGER": "integer",
         "BIGINT": "integer", "HUGEINT": "integer", "DATE": "date", "TIMESTAMP": "datetime",
         "TIMESTAMP WITH TIME ZONE": "datetime", "BOOLEAN": "boolean"}
#: What the columns that recur across marts mean; others are described from their name and unit.
FIELDS = {
    "gas_day": "gas day (06:00 to 06:00, local date of its start)", "month": "first day of the calendar month",
    "period": "first day of the period (month, or year for annual statistics)", "year": "calendar year",
    "neighbour_country": "the neighbouring country (ISO 3166 alpha-2; XX = not specified by the IEA; EU = route "
                         "total to the EU)",
    "direction": "to_ua (into Ukraine), from_ua (out of Ukraine) or to_eu (EU entry of a Russian route)",
    "basis": "which series the value rests on (ENTSOG points, IEA, route series, …)",
    "area_code": "storage area: country code, or EU for the AGSI+ aggregate", "source": "origin of the rows",
    "indicator": "indicator name (data/reference/indicators.csv)", "unit": "unit of the value",
    "value": "the indicator's value, in the row's unit", "route": "route of Russian pipeline gas into the EU",
    "point_key": "ENTSOG point key", "days_held": "days with a value in the period",
    "source_url": "page that states the figure", "note": "note", "why": "why the warehouse differs, where known",
}


#: Creative Commons terms found in a source's licence text → SPDX name and deed (first match wins: NC-SA first).
SPDX = {
    "CC BY-NC-SA 4.0": ("CC-BY-NC-SA-4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "CC BY 4.0": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
}
#: Sources whose terms require naming the author on every copy of their rows (and of rows derived from them).
ATTRIBUTIONS = {air_attacks.NAME: air_attacks.ATTRIBUTION}
REGISTER_LICENCE = {"name": "other", "title": "curated register: facts from the page linked on each row (source_url)"}


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'mart\\_%' ESCAPE '\\' "
                       "OR table_name LIKE 'ref\\_%' ESCAPE '\\' ORDER BY table_name").fetchall()
    return [r[0] for r in rows]


def lineage() -> dict[str, set[str]]:
    """Table → the fact tables and curated registers (ref_*) it is computed from (read transitively from the SQL
    files)."""
    refs: dict[str, set[str]] = {}
    for _name, text in sql_files():
        for block in re.split(r"(?=CREATE OR REPLACE VIEW )", text):
            match = re.match(r"CREATE OR REPLACE VIEW (\w+)", block)
            if match:
                code = re.sub(r"--[^\n]*", "", block)  # a comment naming the next mart is no lineage
                refs[match.group(1)] = set(re.findall(r"\b((?:fact|mart|ref)_\w+)", code)) - {match.group(1)}

    def facts(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if name.startswith(("fact_", "ref_")):
            return {name}
        return set().union(*(facts(d, seen | {name}) for d in refs.get(name, ()) if d not in seen)) if name in refs \
            else set()

    return {name: facts(name) for name in refs}


def export(warehouse: Path, out_dir: Path) -> Path:
    """Write the package under ``out_dir/<version>/`` and point ``out_dir/latest`` at it; returns that folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".staging-{os.getpid()}"
    staging.mkdir(exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)  # not the sandboxed reader: this one writes files
    try:
        resources = [_resource(con, name, staging) for name in table_names(con)]
    finally:
        con.close()
    version = "v" + hashlib.sha256("".join(r["hash"] for r in resources).encode()).hexdigest()[:12]
    package = {
        "name": "ukraine-gas-security-tracker", "title": "Ukraine gas-security tracker: marts and registers",
        "version": version, "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "description": "Every mart (mart_*) and curated register (ref_*) of the warehouse; volumes in m³ at 20 °C, "
                       "energy on a gross-calorific basis; units in the column names. See the project's README.",
        "licenses": [{"name": "various", "title": "Each resource lists the terms of the sources it comes from"}],
        "sources": [{"title": s.publisher, "path": s.base_url or None} for s in registry(live_only=False).values()],
        "resources": resources,
    }
    package["sources"] = [{k: v for k, v in s.items() if v} for s in package["sources"]]
    (staging / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    final = out_dir / version
    if final.exists():  # the same data exported before: same files, same meaning
        _remove(staging)
    else:
        staging.rename(final)
    link = out_dir / "latest"
    tmp_link = out_dir / f".latest-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(version)
    os.replace(tmp_link, link)
    return final


def _resource(con: duckdb.DuckDBPyConnection, table: str, folder: Path) -> dict[str, Any]:
    columns = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                          "ORDER BY ordinal_position", [table]).fetchall()
    order = ", ".join(f'"{c}"' for c, _ in columns)
    csv_path, parquet_path = folder / f"{table}.csv", folder / f"{table}.parquet"
    con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{csv_path}' (HEADER, DELIMITER ',')")
    con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{parquet_path}' (FORMAT PARQUET)")
    fields = [_field(name, kind, table) for name, kind in columns]
    resource: dict[str, Any] = {
        "name": table.replace("_", "-"), "path": csv_path.name, "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "hash": _sha256(csv_path), "bytes": csv_path.stat().st_size,
        "schema": {"fields": fields},
        "alternates": [{"path": parquet_path.name, "format": "parquet", "hash": _sha256(parquet_path)}],
    }
    sources = _sources_of(table)
    licences = [_licence(s) for s in sources]
    if sources:
        resource["sources"] = [{"title": s.publisher} for s in sources]
    if table.startswith("ref_") or _registers_of(table):
        licences.append(dict(REGISTER_LICENCE))
    if licences:
        resource["licenses"] = licences
    credits = [ATTRIBUTIONS[s.name] for s in sources if s.name in ATTRIBUTIONS]
    if credits:  # share-alike terms travel with the rows: say whose they are and on what terms, on the file itself
        resource["attribution"] = "; ".join(credits)
        resource["description"] = (f"Rows derived from {'; '.join(credits)}. Licence: "
                                   f"{', '.join(lic['name'] for lic in licences if lic['name'] != 'other')} — "
                                   "non-commercial use only, share alike; not under the project's licence.")
    day = next((c for c, _ in columns if c in DATE_COLUMNS), None)
    if day:
        lo, hi = con.execute(f'SELECT min("{day}"), max("{day}") FROM {table}').fetchone()
        if lo is not None:
            resource["coverage"] = {"field": day, "from": str(lo), "to": str(hi)}
    return resource


def _field(name: str, kind: str, table: str) -> dict[str, Any]:
    base = kind.split("(")[0]
    field: dict[str, Any] = {"name": name, "type": TYPES.get(base, "string" if "[]" not in kind else "array")}
    if field["type"] == "array":
        field["type"] = "string"
    unit = unit_of(name)
    words = FIELDS.get(name) or name.replace("_", " ")
    field["description"] = f"{words}{f' ({unit})' if unit and unit not in words else ''}"
    if unit:
        field["unit"] = unit
    if field["type"] == "datetime":
        field["format"] = "any"
    return field


def _sources_of(table: str) -> list[Any]:
    facts = lineage().get(table, {table} if table.startswith("fact_") else set())
    return [s for s in registry(live_only=False).values() if s.table in facts]


def _registers_of(table: str) -> set[str]:
    """The curated registers (ref_*) a mart is computed from."""
    return {name for name in lineage().get(table, set()) if name.startswith("ref_")}


def _licence(source: Any) -> dict[str, str]:
    """A source's terms as a Data Package licence: an SPDX name where the terms are a Creative Commons licence
    (the text starts with it; ENTSO-E's names CC BY 4.0 only for data whose listing is not verified: 'other'),
    else 'other' with the terms as found."""
    for marker, (name, path) in SPDX.items():
        if source.licence.startswith(marker):
            return {"name": name, "path": path, "title": source.licence}
    return {"name": "other", "title": source.licence}


def _sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def _remove(folder: Path) -> None:
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
