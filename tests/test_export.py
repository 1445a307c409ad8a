"""The data package: every mart and register out as CSV and Parquet with a datapackage.json that a consumer's
tools validate; the same data gives the same files and version; `refresh --export` writes it after a publish."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from pytest_httpserver import HTTPServer

from etl.cli import EXIT, main
from etl.export import export
from tests.conftest import rows_of


def test_export_of_the_bundled_warehouse_validates_and_reads_back(warehouse: Path, tmp_path: Path):
    from frictionless import Package, validate

    folder = export(warehouse, tmp_path / "out")
    assert (tmp_path / "out" / "latest").resolve() == folder.resolve()
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])[:5]
    package = json.loads((folder / "datapackage.json").read_text())
    names = {r["name"] for r in package["resources"]}
    assert {"mart-transit-daily", "mart-border-flow-monthly", "ref-ua-storage-reported", "ref-label"} <= names
    transit = next(r for r in package["resources"] if r["name"] == "mart-transit-daily")
    fields = {f["name"]: f for f in transit["schema"]["fields"]}
    assert fields["eu_exit_mcm"]["unit"] == "million m³ (20 °C)" and fields["gas_day"]["type"] == "date"
    assert all(f.get("description") for f in fields.values())
    assert transit["coverage"] == {"field": "gas_day", "from": "2015-01-01", "to": "2024-10-20"}
    assert {s["title"] for s in transit["sources"]} >= {"ENTSOG Transparency Platform",
                                                       "Bruegel, European natural gas imports (from ENTSOG)"}
    assert transit["hash"].startswith("sha256:") and transit["alternates"][0]["format"] == "parquet"
    parquet = pd.read_parquet(folder / "mart_transit_daily.parquet")
    assert len(parquet) == rows_of(warehouse, "SELECT count(*) FROM mart_transit_daily")[0][0]
    assert Package(str(folder / "datapackage.json")).get_resource("ref-label").read_rows()[0]["code"]


def test_re_export_of_the_same_data_gives_the_same_version_and_hashes(warehouse: Path, tmp_path: Path):
    first = export(warehouse, tmp_path / "a")
    second = export(warehouse, tmp_path / "b")
    assert first.name == second.name
    hashes = [{r["name"]: r["hash"] for r in json.loads((f / "datapackage.json").read_text())["resources"]}
              for f in (first, second)]
    assert hashes[0] == hashes[1]


def test_export_command_and_refresh_with_export(warehouse: Path, tmp_path: Path, httpserver: HTTPServer,
                                                monkeypatch):
    from tests.test_pipeline import ARGS, serve_entsog

    assert main(["export", str(tmp_path / "pkg")]) == EXIT["ok"]
    before = (tmp_path / "pkg" / "latest").resolve().name
    serve_entsog(httpserver, monkeypatch)
    assert main([*ARGS, "--export", str(tmp_path / "pkg")]) == EXIT["ok"]
    after = (tmp_path / "pkg" / "latest").resolve().name
    assert after != before  # new rows → new content → a new version; the old one stays where it was
    assert (tmp_path / "pkg" / before / "datapackage.json").exists()


def test_data_page_offers_the_package_as_one_zip(warehouse: Path):
    import io
    import zipfile

    from dashboard import data

    names = zipfile.ZipFile(io.BytesIO(data.package_zip())).namelist()
    assert any(n.endswith("/datapackage.json") for n in names) and any(n.endswith("mart_transit_daily.parquet")
                                                                       for n in names)
