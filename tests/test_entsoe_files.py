"""The importer of kept ENTSO-E hourly flows (data/reference/entsoe/): rows become fact_entsoe_flow rows with the
bidding-zone pair the live source asks, a missing hour stays missing, and a bad line refuses the file by its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.errors import SchemaError
from etl.sources.entsoe_files import import_flows_csv
from etl.sources.entsoe_xml import NEIGHBOURS, UA_BZN

HEADER = "from_country,to_country,hour,physical_flow_mw\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "physical_flows_ua_2024-06.csv"
    path.write_text(HEADER + body)
    return path


def test_rows_become_flows_with_direction_and_the_pair_asked(tmp_path: Path):
    frame = import_flows_csv(write(tmp_path, "HU,UA,2024-06-01T00:00:00Z,671.4\nUA,RO,2024-06-01T00:00:00Z,2.5e-4\n"
                                             "HU,UA,2024-06-01T02:00:00Z,0\n"))
    rows = list(frame[["neighbour_country", "direction", "mw", "domain_pair", "source"]].itertuples(index=False))
    assert rows == [("HU", "to_ua", 671.4, f"{UA_BZN}>{NEIGHBOURS['HU']}", "entsoe_file"),
                    ("RO", "from_ua", 0.00025, f"{NEIGHBOURS['RO']}>{UA_BZN}", "entsoe_file"),
                    ("HU", "to_ua", 0.0, f"{UA_BZN}>{NEIGHBOURS['HU']}", "entsoe_file")]
    assert len(frame) == 3  # 01:00 is not in the file: not invented


@pytest.mark.parametrize(("body", "line"), [
    ("HU,UA,2024-06-01T00:00:00Z,671.4\nDE,UA,2024-06-01T00:00:00Z,1\n", 3),  # not a neighbour
    ("HU,UA,2024-06-01T00:00:00Z,n/a\n", 2),  # not a number
    ("HU,UA,2024-06-01T00:30:00Z,1\n", 2),  # not an hour
    ("HU,SK,2024-06-01T00:00:00Z,1\n", 2),  # Ukraine on neither side
    ("HU,UA,2024-06-01T00:00:00Z,1\nHU,UA,2024-06-01T00:00:00Z,2\n", 3),  # the same hour twice
])
def test_a_bad_line_refuses_the_file_by_its_number(tmp_path: Path, body: str, line: int):
    with pytest.raises(SchemaError, match=f"physical_flows_ua_2024-06.csv:{line}:.*nothing loaded"):
        import_flows_csv(write(tmp_path, body))


def test_a_changed_header_is_refused(tmp_path: Path):
    path = tmp_path / "flows.csv"
    path.write_text("from,to,hour,mw\nHU,UA,2024-06-01T00:00:00Z,1\n")
    with pytest.raises(SchemaError, match="expected columns from_country, to_country, hour, physical_flow_mw"):
        import_flows_csv(path)
