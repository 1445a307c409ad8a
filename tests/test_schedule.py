"""The schedule that runs itself: next run times, a run that survives a failure, one scheduler per warehouse, and
a scheduler that stops with the dashboard it serves."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from datetime import time as clock
from pathlib import Path

import pytest

from etl.cli import EXIT, main
from etl.errors import FetchError, LockedError
from etl.schedule import next_run, parse_times, read_state, run

ROOT = Path(__file__).resolve().parents[1]


def test_next_run_is_the_next_time_of_day_today_or_tomorrow():
    times = parse_times("20:15,10:15")
    assert times == (clock(10, 15), clock(20, 15))
    assert next_run(datetime(2026, 11, 25, 9, 0), times) == datetime(2026, 11, 25, 10, 15)
    assert next_run(datetime(2026, 11, 25, 10, 15), times) == datetime(2026, 11, 25, 20, 15)
    assert next_run(datetime(2026, 11, 25, 21, 0), times) == datetime(2026, 11, 26, 10, 15)
    with pytest.raises(ValueError, match="'25:00' is not a time of day"):
        parse_times("10:15,25:00")


def test_wrong_schedule_times_exit_2(capsys):
    assert main(["schedule", "--at", "noon"]) == EXIT["usage"]


def test_a_failed_run_is_survived_and_said_and_a_second_scheduler_refuses(tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    calls = []

    def failing(path: Path):
        calls.append(path)
        if len(calls) == 1:
            with pytest.raises(LockedError, match="a scheduler already keeps"):
                run(warehouse, run_now=True, refresh=lambda p: None, max_runs=1)
            raise FetchError("entsog: … failed after 2 attempts: connection failed — is the network reachable?")
        return type("Report", (), {"status": "ok"})()

    assert run(warehouse, times=(clock(0, 0),), run_now=True, refresh=failing, max_runs=1) == 1
    state = read_state(warehouse)
    assert state["last_status"].startswith("failed: entsog") and state["next_run"] is None
    assert run(warehouse, run_now=True, refresh=failing, max_runs=1) == 1  # the next run works
    assert read_state(warehouse)["last_status"] == "ok"


def test_the_scheduler_stops_with_the_dashboard_it_serves(tmp_path: Path, monkeypatch):
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    env_warehouse = tmp_path / "w.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "etl", "--warehouse", str(env_warehouse), "schedule",
                             "--parent", str(parent.pid), "--at", "03:00"], cwd=ROOT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (read_state(env_warehouse) or {}).get("next_run"):
        time.sleep(0.2)
    state = read_state(env_warehouse)
    assert state and state["next_run"].endswith("03:00") and state["pid"] == proc.pid  # waiting, told the sidebar
    parent.kill()
    parent.wait()
    assert proc.wait(timeout=15) == 0  # gone within a poll once the dashboard is
    assert read_state(env_warehouse)["next_run"] is None


def test_sidebar_shows_the_last_and_next_scheduled_run(warehouse: Path):
    import json

    from etl.schedule import state_path
    from tests.test_pages import run as run_page

    state_path(warehouse).write_text(json.dumps({"last_run": "2026-11-25T10:15", "last_status": "ok",
                                                 "next_run": "2026-11-25T20:15", "pid": 1}))
    at = run_page("overview")
    assert any("last 25 Nov 2026 10:15 (ok), next 25 Nov 2026 20:15" in c.value for c in at.sidebar.caption)
    at = run_page("overview", {"lang": "uk"})
    assert any("Оновлення даних: останнє 25 лист. 2026 10:15 (успішно), наступне 25 лист. 2026 20:15" in c.value
               for c in at.sidebar.caption)
