"""The winter gas balance (etl/winter.py): its arithmetic, the scenario levers and the `winter` command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from etl.cli import EXIT, main
from etl.winter import Scenario, WinterInputs, balance, read_capacity

FLAT = {m: 100 / 12 for m in range(1, 13)}
PROFILE = {1: 16.0, 2: 13.0, 3: 12.0, 4: 7.0, 5: 4.0, 6: 3.0, 7: 3.0, 8: 3.0, 9: 4.0, 10: 9.0, 11: 12.0, 12: 14.0}


def inputs(**overrides) -> WinterInputs:
    base = dict(as_of=date(2025, 6, 28), storage_bcm=8.0, target_bcm=13.2, target_date=date(2025, 11, 1),
                min_end_bcm=5.7, production_bcm_d=0.052, consumption_annual_bcm=19.0, monthly_share_pct=PROFILE,
                recent_pace_mcm_d=None, capacity_mcm_d={"HU": 8.0, "MD": 4.0, "PL": 12.4, "SK": 42.0})
    base.update(overrides)
    return WinterInputs(**base)


def test_production_loss_raises_the_need_by_exactly_the_lost_production():
    ins = inputs()
    base, lossy = balance(ins, Scenario()), balance(ins, Scenario(production_loss_pct=40))
    assert base.import_need_bcm > 0
    assert lossy.import_need_bcm - base.import_need_bcm == pytest.approx(0.4 * ins.production_bcm_d * base.days,
                                                                         rel=1e-12)
    assert base.days == (date(2025, 11, 1) - date(2025, 6, 28)).days and base.phase == "injection"


def test_identity_of_the_balance():
    r = balance(inputs(monthly_share_pct=FLAT), Scenario())
    assert r.import_need_bcm == pytest.approx(13.2 - 8.0 - (r.production_bcm - r.consumption_bcm))
    assert r.needed_pace_mcm_d == pytest.approx(r.import_need_bcm * 1000 / r.days)


def test_weather_orders_the_need_cold_normal_warm():
    ins = inputs(as_of=date(2025, 11, 20), storage_bcm=12.0)  # withdrawal season: winter months in the period
    needs = {w: balance(ins, Scenario(weather=w)) for w in ("cold", "normal", "warm")}
    assert needs["cold"].phase == "withdrawal" and needs["cold"].target_date == date(2026, 3, 31)
    assert needs["cold"].consumption_bcm > needs["normal"].consumption_bcm > needs["warm"].consumption_bcm
    ins = inputs(as_of=date(2025, 11, 20), storage_bcm=6.0)
    assert (balance(ins, Scenario(weather="cold")).import_need_bcm > balance(ins, Scenario()).import_need_bcm
            > balance(ins, Scenario(weather="warm")).import_need_bcm > 0)


def test_border_out_lowers_capacity_by_that_border():
    ins = inputs()
    full, out = balance(ins, Scenario()), balance(ins, Scenario(border_out=("SK",)))
    assert full.capacity_total_mcm_d - out.capacity_total_mcm_d == pytest.approx(42.0)
    assert out.capacity_mcm_d["SK"] == 0.0


def test_unknowns_stay_unknown_and_no_need_means_no_pace():
    r = balance(inputs(capacity_mcm_d={}), Scenario(target_bcm=5.0))
    assert r.import_need_bcm == 0 and r.needed_pace_mcm_d == 0 and r.capacity_total_mcm_d is None
    assert r.feasible is None and r.recent_pace_mcm_d is None


def test_capacity_register_newest_in_force_and_bad_rows_named(tmp_path: Path):
    from etl import REFERENCE_DIR
    from etl.errors import ReferenceDataError

    cap, items = read_capacity(REFERENCE_DIR / "ua_entry_capacity.csv", date(2026, 1, 15))
    assert cap["PL"] == 12.4 and cap["SK"] == 42.0 and all(i.source for i in items)
    cap, _ = read_capacity(REFERENCE_DIR / "ua_entry_capacity.csv", date(2026, 2, 1))
    assert cap["PL"] == 15.3  # in force from 27 Jan 2026; the 18.4 of end-April is not yet
    bad = tmp_path / "ua_entry_capacity.csv"
    bad.write_text("border_country,capacity_mcm_d,capacity_kind,valid_from,source_url,quote\n"
                   "XX,5,firm,2022-01-01,https://example.org,q\n")
    with pytest.raises(ReferenceDataError, match="line 2: border_country 'XX'"):
        read_capacity(bad, date(2026, 1, 1))


KEYS = {"as_of", "storage_bcm", "target_bcm", "target_date", "import_need_bcm", "needed_pace_mcm_d",
        "recent_pace_mcm_d", "capacity_mcm_d", "capacity_total_mcm_d", "feasible", "days", "production_bcm_d",
        "consumption_bcm", "inputs", "label"}


def test_cli_json_on_the_offline_warehouse(warehouse: Path, capsys):
    assert main(["winter", "--json"]) == EXIT["ok"]
    out = json.loads(capsys.readouterr().out)
    assert KEYS <= out.keys() and out["label"] == "sensitivity, not a forecast"
    date.fromisoformat(out["as_of"])
    assert isinstance(out["import_need_bcm"], float) and out["import_need_bcm"] >= 0
    names = {i["name"] for i in out["inputs"]}
    assert {"storage", "target", "production", "consumption (annual)", "recent import pace"} <= names
    assert all({"name", "value", "unit", "as_of", "source"} <= i.keys() for i in out["inputs"])


def test_cli_scenario_and_text(warehouse: Path, capsys):
    assert main(["winter", "--as-of", "2025-08-01", "--production-loss-pct", "40", "--weather", "cold",
                 "--border-out", "SK", "--json"]) == EXIT["ok"]
    out = json.loads(capsys.readouterr().out)
    assert out["phase"] == "injection" and out["target_date"] == "2025-11-01" and out["as_of"] <= "2025-08-01"
    assert out["capacity_mcm_d"]["SK"] == 0 and out["import_need_bcm"] > 0
    assert main(["winter"]) == EXIT["ok"]
    text = capsys.readouterr().out
    assert "sensitivity, not a forecast" in text and "import need" in text and "Inputs:" in text


@pytest.mark.parametrize("args, words", [
    (["--weather", "hot"], "invalid choice: 'hot'"),
    (["--production-loss-pct", "120"], "120 is not a share between 0 and 100"),
    (["--border-out", "XX"], "invalid choice: 'XX'"),
])
def test_wrong_arguments_are_usage_errors(args, words, capsys):
    assert main(["winter", *args]) == EXIT["usage"] == 2
    err = capsys.readouterr().err
    assert "usage:" in err and words in err
