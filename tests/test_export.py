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


def test_power_and_strike_marts_are_exported_with_their_licences(warehouse: Path, tmp_path: Path):
    """Every power and strike mart and register is in the package; rows derived from the missile/drone counts carry
    CC BY-NC-SA 4.0 and the dataset's attribution, the register-only strike mart does not."""
    from frictionless import validate

    folder = export(warehouse, tmp_path / "out")
    assert validate(str(folder / "datapackage.json")).valid
    resources = {r["name"]: r for r in json.loads((folder / "datapackage.json").read_text())["resources"]}
    assert {"mart-power-flow-hourly", "mart-power-border-daily", "mart-power-imports-monthly",
            "mart-power-limit-steps", "mart-power-limit-utilisation", "mart-energy-strike", "mart-strike-monthly",
            "ref-power-trade-reported", "ref-power-import-limit", "ref-energy-strike", "ref-ua-gas-reported"} <= \
        set(resources)
    credit = "Petro Ivaniuk, Massive Missile Attacks on Ukraine (Kaggle), from Air Force of Ukraine reports"
    derived = [name for name, r in resources.items() if "CC-BY-NC-SA-4.0" in {x["name"] for x in r.get("licenses", [])}]
    assert {"mart-strike-monthly", "mart-board-strikes"} <= set(derived)
    for name in derived:
        nc = next(x for x in resources[name]["licenses"] if x["name"] == "CC-BY-NC-SA-4.0")
        assert nc["path"] == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
        assert credit in resources[name]["attribution"] and "non-commercial" in resources[name]["description"]
    strikes = {x["name"] for x in resources["mart-strike-monthly"]["licenses"]}
    assert strikes == {"CC-BY-NC-SA-4.0", "other"}  # the counts and the curated register
    assert "CC-BY-NC-SA-4.0" not in {x["name"] for x in resources["mart-energy-strike"]["licenses"]}
    assert "attribution" not in resources["mart-energy-strike"]
    flows = {x["title"][:20] for x in resources["mart-power-border-daily"]["licenses"]}
    assert flows == {"ENTSO-E Transparency", "CC BY 4.0"}
    assert {x["name"] for x in resources["mart-power-limit-steps"]["licenses"]} == {"other"}  # register only
    assert len(resources["mart-power-imports-monthly"]["licenses"]) == 3  # ENTSO-E, Energy-Charts, register
