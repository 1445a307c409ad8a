"""ENTSOG connector: parsing real-format rows, and the full fetch → parse → load against a replay server."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

from etl.errors import SchemaError
from etl.http import HttpClient
from etl.sources import RawResponse, Window, entsog, entsog_files
from tests.conftest import FIXTURES, entsog_payload, entsog_row, envelope

POINTS = pd.DataFrame({"point_key": ["ITP-00117", "ITP-00117", "ITP-00421"],
                       "operator_key": ["UA-TSO-0001", "SK-TSO-0001", "SK-TSO-0001"],
                       "direction_key": ["exit", "entry", "exit"]})


def test_real_fixture_parses_to_typed_rows():
    frame = entsog.parse(RawResponse("fixture", entsog_payload()))
    flows = frame[frame.indicator == "Physical Flow"].sort_values("gas_day")
    assert flows.gas_day.tolist() == [date(2024, 4, 21), date(2024, 4, 22)]
    assert flows.value.tolist() == [384579023.59, 375182263.98]
    assert set(frame.unit) == {"kWh/d", "kWh/Nm3"}
    assert (frame.flow_status == "Provisional").all()
    assert str(frame.last_update_at.iloc[0].tz) == "UTC"


def test_gas_day_is_brussels_local_date_across_dst():
    # winter: 06:00+01:00 = 05:00 UTC; summer: 06:00+02:00 = 04:00 UTC; both are the local date
    rows = [entsog_row(periodFrom="2024-01-15T06:00:00+01:00", periodTo="2024-01-16T06:00:00+01:00"),
            entsog_row(periodFrom="2024-03-31T06:00:00+02:00", periodTo="2024-04-01T06:00:00+02:00"),
            # DST change day: the gas day of 30→31 March 2024 has 23 hours
            entsog_row(periodFrom="2024-03-30T06:00:00+01:00", periodTo="2024-03-31T06:00:00+02:00")]
    days = sorted(entsog.parse(RawResponse("t", envelope(rows))).gas_day)
    assert days == [date(2024, 1, 15), date(2024, 3, 30), date(2024, 3, 31)]


def test_rows_spanning_several_days_are_dropped():
    rows = [entsog_row(periodFrom="2024-04-01T06:00:00+02:00", periodTo="2024-04-09T06:00:00+02:00")]
    assert entsog.parse(RawResponse("t", envelope(rows))).empty


def test_exact_duplicates_and_provisional_then_confirmed():
    prov = entsog_row(value=100, flowStatus="Provisional", lastUpdateDateTime="2024-04-22T14:03:00+02:00")
    conf = entsog_row(value=120, flowStatus="Confirmed", lastUpdateDateTime="2024-04-22T10:00:00+02:00")
    frame = entsog.parse(RawResponse("t", envelope([prov, prov, conf, prov])))
    assert len(frame) == 1
    assert frame.value.iloc[0] == 120 and frame.flow_status.iloc[0] == "Confirmed"


def test_latest_update_wins_between_two_provisional_rows():
    old = entsog_row(value=1, lastUpdateDateTime="2024-04-22T08:00:00+02:00")
    new = entsog_row(value=2, lastUpdateDateTime="2024-04-22T18:00:00+02:00")
    assert entsog.parse(RawResponse("t", envelope([old, new]))).value.tolist() == [2]


def test_no_data_forms_are_empty_not_errors():
    assert entsog.parse(RawResponse("t", None)).empty
    assert entsog.parse(RawResponse("t", {"message": "No Data Available"})).empty
    assert entsog.parse(RawResponse("t", envelope([], key="operationaldatas"))).empty


def test_data_key_is_whatever_path_spelling_was_echoed():
    frame = entsog.parse(RawResponse("t", envelope([entsog_row()], key="operationaldatas")))
    assert len(frame) == 1


def test_changed_fields_are_refused_with_the_field_named():
    row = entsog_row()
    row["flowValue"] = row.pop("value")
    with pytest.raises(SchemaError, match="lacks field\\(s\\) value"):
        entsog.parse(RawResponse("http://x/operationalData?from=2024-04-01", envelope([row])))


def test_null_value_is_kept_as_missing_not_zero():
    frame = entsog.parse(RawResponse("t", envelope([entsog_row(value=None)])))
    assert len(frame) == 1 and pd.isna(frame.value.iloc[0])


def test_month_windows_split_at_calendar_months():
    parts = entsog.month_windows(Window(date(2024, 1, 20), date(2024, 3, 5)))
    assert [(w.start, w.end) for w in parts] == [
        (date(2024, 1, 20), date(2024, 1, 31)), (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 5))]


def test_point_directions_are_lower_case_concatenations():
    assert entsog.point_directions(POINTS) == ["sk-tso-0001itp-00117entry", "sk-tso-0001itp-00421exit",
                                               "ua-tso-0001itp-00117exit"]


def test_fetch_requests_one_call_per_month_and_batch(httpserver: HTTPServer, fast_policy, monkeypatch):
    monkeypatch.setattr(entsog, "BATCH_SIZE", 2)
    seen = []

    def handler(request):
        seen.append(dict(request.args))
        from werkzeug import Response
        if request.args["from"].startswith("2024-03"):
            return Response(json.dumps({"message": "No Data Available"}), status=404)
        return Response(json.dumps(entsog_payload()), content_type="application/json")

    httpserver.expect_request("/api/v1/operationalData").respond_with_handler(handler)
    raws = list(entsog.fetch(HttpClient("entsog", fast_policy), Window(date(2024, 3, 10), date(2024, 4, 30)), POINTS,
                             base_url=httpserver.url_for("/api/v1")))
    assert len(raws) == 4  # 2 months × 2 batches
    assert sum(r.payload is None for r in raws) == 2  # March answered 404 No Data
    assert {s["from"] for s in seen} == {"2024-03-10", "2024-04-01"}
    assert {s["to"] for s in seen} == {"2024-03-31", "2024-04-30"}
    assert all(s["indicator"] == "Physical Flow,GCV,Firm Technical" and s["periodType"] == "day" for s in seen)
    assert sorted(s["pointDirection"] for s in seen)[0] == "sk-tso-0001itp-00117entry,sk-tso-0001itp-00421exit"
    raw_query = httpserver.log[0][0].query_string.decode()
    assert "pointDirection=sk-tso-0001itp-00117entry,sk-tso-0001itp-00421exit" in raw_query  # commas literal
    assert "indicator=Physical%20Flow,GCV,Firm%20Technical" in raw_query


def test_tp_xlsx_export_is_imported_with_local_gas_days():
    frame = entsog_files.import_tp_export(FIXTURES / "entsog" /
                                    "operationalData_xlsx_day_2024-04-24_073241_UA-exit-ITP-00117_and_Baumgarten.xlsx")
    ua = frame[(frame.point_key == "ITP-00117") & (frame.indicator == "Physical Flow")].sort_values("gas_day")
    assert ua.value.tolist() == [384579023.59, 375182263.98]
    assert ua.gas_day.tolist() == [date(2024, 4, 21), date(2024, 4, 22)]
    assert set(frame.source) == {"entsog_export"}


def test_bruegel_layout_import_resolves_conflicting_duplicates(tmp_path: Path):
    csv = tmp_path / "2018manual_EU27.csv"
    csv.write_text(",dates,values,direction,operator,location,label,country,exportcountry,IEAname\n"
                   "0,2018-06-23,300.0,entry,HU-TSO-0001,ITP-00095,Beregdaróc,HU,Ukraine,x\n"
                   "1,2018-06-23,100.0,entry,HU-TSO-0001,ITP-00095,Beregdaróc,HU,Ukraine,x\n"
                   "2,2018-06-23,200.0,entry,HU-TSO-0001,ITP-00095,Beregdaróc,HU,Ukraine,x\n"
                   "3,2018-06-24,50.0,entry,HU-TSO-0001,ITP-00095,Beregdaróc,HU,Ukraine,x\n"
                   "4,2018-06-24,50.0,entry,HU-TSO-0001,ITP-00095,Beregdaróc,HU,Ukraine,x\n"
                   "5,2018-06-25,,entry,HU-TSO-0001,ITP-00095,Beregdaróc,HU,Ukraine,x\n"
                   "6,2018-06-25,9.0,entry,ES-TSO-0006,LNG-00018,Huelva,ES,LNG,x\n")
    frame = entsog_files.import_bruegel_csv([csv], keep={("ITP-00095", "HU-TSO-0001", "entry")})
    by_day = dict(zip(frame.gas_day, frame.value, strict=True))
    assert by_day[date(2018, 6, 23)] == 200.0  # median of three conflicting reports
    assert by_day[date(2018, 6, 24)] == 50.0
    assert pd.isna(by_day[date(2018, 6, 25)])
    assert len(frame) == 3  # the LNG row is not a Ukrainian point


def test_capacity_interval_is_spread_over_its_gas_days_but_flows_are_not():
    cap = entsog_row(indicator="Firm Technical", unit="kWh/d", value=5e8, flowStatus=None,
                     periodFrom="2024-04-01T06:00:00+02:00", periodTo="2024-04-09T06:00:00+02:00")
    flow = entsog_row(periodFrom="2024-04-01T06:00:00+02:00", periodTo="2024-04-09T06:00:00+02:00")
    frame = entsog.parse(RawResponse("t", envelope([cap, flow])))
    assert set(frame.indicator) == {"Firm Technical"}
    assert sorted(frame.gas_day) == [date(2024, 4, d) for d in range(1, 9)]
    assert (frame.value == 5e8).all()
