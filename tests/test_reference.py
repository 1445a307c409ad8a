"""Curated registers: good files load; a bad row is refused with file, line and column, and nothing loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl import REFERENCE_DIR
from etl.errors import ReferenceDataError
from etl.reference import POINTS, all_specs, load_all, load_csv
from etl.registers import EVENTS, LNG_CARGOES, STORAGE_TARGETS, first_day
from etl.warehouse import building
from tests.conftest import rows_of


@pytest.fixture
def ref_dir(tmp_path: Path) -> Path:
    out = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, out)
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_shipped_registers_are_valid():
    for spec in all_specs():
        assert len(load_csv(spec)) > 0, spec.file_name


def test_dtek_first_us_cargo_is_in_the_register_with_its_source():
    cargo = load_csv(LNG_CARGOES).set_index("cargo_id").loc["DTEK-2024-12-REVITHOUSSA"]
    assert cargo.volume_mcm == 100 and cargo.regas_country == "GR" and cargo.vessel == "Gaslog Savannah"
    assert cargo.source_urls.startswith("https://")


@pytest.mark.parametrize(("spec", "old", "new", "expected"), [
    (LNG_CARGOES, ",100,Gaslog Savannah,", ",about 100,Gaslog Savannah,",
     "lng_cargoes.csv:2, column 'volume_mcm': 'about 100' is not a number"),
    (LNG_CARGOES, "DTEK-2025-11-KLAIPEDA,delivery,2025-11-17", "DTEK-2025-11-KLAIPEDA,delivery,17/11/2025",
     "lng_cargoes.csv:6, column 'date_reported': '17/11/2025' is not a reported date"),
    (LNG_CARGOES, "NAFTOGAZ-ORLEN-2025-03-07,contract", "DTEK-2024-12-REVITHOUSSA,contract",
     "lng_cargoes.csv:3, column 'cargo_id': duplicate key ('DTEK-2024-12-REVITHOUSSA',) (first on line 2)"),
    (LNG_CARGOES, "https://www.interfax.ru/world/1074760 ; https://www.skai.gr/news/business/naftogaz-tha-"
     "paradosei-amerikaniko-lng-stin-oukrania ; https://news.finance.ua/ua/ukraina-vpershe-otrymaye-partiyu-"
     "skraplenoho-pryrodnoho-hazu-cherez-lytovs-kyy-terminal", "",
     "lng_cargoes.csv:9, column 'source_urls': required value is empty"),
    (LNG_CARGOES, ",delivery,2024-12-27,", ",shipment,2024-12-27,",
     "lng_cargoes.csv:2, column 'record_type': 'shipment' is not one of delivery, contract, agreement"),
    (LNG_CARGOES, ",100,Gaslog Savannah,", ",100000,Gaslog Savannah,",
     "lng_cargoes.csv:2, column 'volume_mcm': 100000.0 mcm is more than any LNG carrier holds"),
    (EVENTS, "TRANSIT-END-2025-01-01,2025-01-01,", "TRANSIT-END-2025-01-01,2025-13-01,",
     "events.csv:6, column 'event_date': '2025-13-01' is not a date"),
    (EVENTS, "https://unn.ua/en/news/russia-has-dealt", "ftp://unn.ua/en/news/russia-has-dealt",
     "events.csv:7, column 'source_url': 'ftp://"),
    (POINTS, "ITP-00421,SK-TSO-0001,exit,Budince,ITP-00421,Budince (SK→UA),SK,to_ua,ua_border,1,",
     "ITP-00421,SK-TSO-0001,exit,Budince,ITP-00421,Budince (SK→UA),Slovakia,to_ua,ua_border,1,",
     "points.csv:22, column 'neighbour_country': 'Slovakia' is not a 2-letter upper-case country code"),
    (STORAGE_TARGETS, "EU,,11,1,90,", "EU,,11,31,90,",
     "storage_targets.csv:3, column 'target_day': 11-31 is not a calendar day"),
])
def test_bad_row_is_refused_with_file_line_and_column(ref_dir: Path, spec, old, new, expected):
    edit(ref_dir / spec.file_name, old, new)
    with pytest.raises(ReferenceDataError) as err:
        load_csv(spec, ref_dir)
    assert expected in str(err.value)
    assert "nothing loaded" in str(err.value)


def test_a_bad_file_loads_nothing_and_keeps_the_published_warehouse(ref_dir: Path, warehouse: Path):
    before = rows_of(warehouse, "SELECT count(*) FROM ref_lng_cargo")
    edit(ref_dir / "lng_cargoes.csv", ",100,Gaslog Savannah,", ",lots,Gaslog Savannah,")
    with pytest.raises(ReferenceDataError), building(warehouse) as con:
        load_all(con, ref_dir)
    assert rows_of(warehouse, "SELECT count(*) FROM ref_lng_cargo") == before


def test_a_new_row_appears_after_loading(ref_dir: Path, warehouse: Path):
    with (ref_dir / "lng_cargoes.csv").open("a") as fh:
        fh.write("TEST-2026-03,delivery,2026-03-15,Test buyer,,90 mcm,90,,US,USA,Klaipeda LNG terminal,LT,"
                 "GIPL,https://example.org/report,test row\n")
    with building(warehouse) as con:
        load_all(con, ref_dir)
    assert rows_of(warehouse, "SELECT volume_mcm, delivered_on::VARCHAR FROM mart_lng_cargo "
                              "WHERE cargo_id = 'TEST-2026-03'") == [(90.0, "2026-03-15")]


def test_missing_column_is_named(ref_dir: Path):
    path = ref_dir / "events.csv"
    path.write_text(path.read_text().replace("source_url", "link", 1))
    with pytest.raises(ReferenceDataError, match="missing column\\(s\\) source_url"):
        load_csv(EVENTS, ref_dir)


def test_reported_dates_map_to_their_first_day():
    assert str(first_day("2026-01 (end of January)")) == "2026-01-01"
    assert str(first_day("2025-12/2026-03")) == "2025-12-01"
    assert first_day(None) is None


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("energy_strikes.csv", "2022-10-10-grid_substations-0,2022-10-10,grid_substations,",
     "2022-10-10-grid_substations-0,2099-10-10,grid_substations,",
     "energy_strikes.csv:2, column 'strike_date': '2099-10-10' is in the future"),
    ("energy_strikes.csv", "2022-10-10-grid_substations-0,2022-10-10,grid_substations,",
     "2022-10-10-grid_substations-0,2022-10-10,power_plant,",
     "energy_strikes.csv:2, column 'asset_kind': 'power_plant' is not one of gas_production"),
    ("ua_power_trade_reported.csv", "P-2026-02-TOTAL-to_ua-EXPRO,2026-02,", "P-2026-02-TOTAL-to_ua-EXPRO,2026-2,",
     "ua_power_trade_reported.csv:105, column 'month': '2026-2' is not a month (YYYY-MM)"),
    ("ua_power_trade_reported.csv", "P-2026-02-TOTAL-to_ua-EXPRO,2026-02,TOTAL,to_ua,1260.0,",
     "P-2026-02-TOTAL-to_ua-EXPRO,2026-02,TOTAL,to_ua,12600.0,",
     "ua_power_trade_reported.csv:105, column 'energy_gwh': 12600.0 GWh in a month is beyond the import limit"),
    ("ua_gas_reported.csv", "G-production-2024-TOTAL-EXPRO-0,production,2024,year,",
     "G-production-2024-TOTAL-EXPRO-0,production,2024-Q5,year,",
     "ua_gas_reported.csv:87, column 'period': '2024-Q5' is not a year"),
    ("ua_power_trade_shares.csv", "S-2024-10-HU-to_ua-EXPRO,2024-10,HU,to_ua,32.8,",
     "S-2024-10-HU-to_ua-EXPRO,2024-10,HU,to_ua,328,",
     "ua_power_trade_shares.csv:18, column 'share_pct': 328.0 is not a share of a total"),
    ("ua_power_trade_shares.csv", "S-2024-10-HU-to_ua-EXPRO,2024-10,HU,", "S-2024-10-HU-to_ua-EXPRO,2024-10,TOTAL,",
     "ua_power_trade_shares.csv:18, column 'neighbour_country': 'TOTAL' is not one of PL"),
    ("ua_power_trade_changes.csv", "C-2024-03-to_ua-EXPRO,2024-03,to_ua,2024-02,2,",
     "C-2024-03-to_ua-EXPRO,2024-03,to_ua,2024-04,2,",
     "ua_power_trade_changes.csv:2, column 'compared_month': 2024-04 is not before 2024-03"),
    ("ua_power_import_limit.csv", "L-2026-01-01-import,2026-01-01,import,2450,", "L-2026-01-01-import,2026-01-01,"
     "imports,2450,", "ua_power_import_limit.csv:19, column 'direction': 'imports' is not one of import, export"),
])
def test_a_bad_row_in_the_new_registers_is_refused_with_file_line_and_column(ref_dir: Path, file, old, new,
                                                                            expected):
    spec = next(s for s in all_specs() if s.file_name == file)
    edit(ref_dir / file, old, new)
    with pytest.raises(ReferenceDataError) as err:
        load_csv(spec, ref_dir)
    assert expected in str(err.value) and "nothing loaded" in str(err.value)


def test_a_strike_without_its_source_is_refused(ref_dir: Path):
    spec = next(s for s in all_specs() if s.file_name == "energy_strikes.csv")
    text = (ref_dir / spec.file_name).read_text().splitlines()
    row = text[1].split(",")
    url = next(i for i, cell in enumerate(row) if cell.startswith("http"))
    text[1] = ",".join([*row[:url], "", *row[url + 1:]])
    (ref_dir / spec.file_name).write_text("\n".join(text) + "\n")
    with pytest.raises(ReferenceDataError, match="energy_strikes.csv:2, column 'source_url': required value is empty"):
        load_csv(spec, ref_dir)
