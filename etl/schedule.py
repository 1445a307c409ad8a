"""The refresh schedule that runs itself: `python -m etl schedule` refreshes every source it can reach at the times
the README gives for cron (10:15 and 20:15 local time), survives a failed run, and stops when the process it serves
(the dashboard, ``--parent PID``) is gone. State (last run, its outcome, next run) is written beside the warehouse
for the sidebar. One scheduler per warehouse (its own lock); a refresh under way elsewhere (cron) is simply skipped
by the warehouse's own lock, so two schedulers never refresh at once.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from etl.errors import EtlError, LockedError

log = logging.getLogger("etl.schedule")
DEFAULT_TIMES = (clock(10, 15), clock(20, 15))


def parse_times(text: str) -> tuple[clock, ...]:
    """'10:15,20:15' → times of day; ValueError naming the bad one."""
    out = []
    for part in text.split(","):
        try:
            out.append(datetime.strptime(part.strip(), "%H:%M").time())
        except ValueError:
            raise ValueError(f"{part.strip()!r} is not a time of day (HH:MM)") from None
    return tuple(sorted(out))


def next_run(after: datetime, times: tuple[clock, ...] = DEFAULT_TIMES) -> datetime:
    """The first scheduled moment strictly after ``after`` (local time)."""
    for days in (0, 1):
        day = (after + timedelta(days=days)).date()
        for t in times:
            moment = datetime.combine(day, t)
            if moment > after:
                return moment
    raise AssertionError("unreachable: a day always has a next time")


def state_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".schedule.json")


def read_state(warehouse: Path) -> dict[str, Any] | None:
    """The scheduler's state; ``next_run`` is dropped when its process is gone (killed without saying so)."""
    try:
        state = json.loads(state_path(warehouse).read_text())
    except (OSError, ValueError):
        return None
    if state.get("pid") and not _alive(state["pid"]):
        state.update(pid=None, next_run=None)
    return state


def _alive(pid: int | None) -> bool:
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run(warehouse: Path, times: tuple[clock, ...] = DEFAULT_TIMES, parent: int | None = None,
        run_now: bool = False, refresh: Callable[[Path], Any] | None = None, poll_s: float = 5.0,
        max_runs: int | None = None) -> int:
    """Loop until the parent is gone (or ``max_runs`` refreshes, for tests). Returns the number of runs made."""
    if refresh is None:
        from etl.pipeline import refresh as refresh_all

        refresh = refresh_all
    lock_file = warehouse.with_name(warehouse.name + ".scheduler.lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_file, "a+")  # noqa: SIM115 — held for the scheduler's life
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise LockedError(f"a scheduler already keeps {warehouse} fresh (lock {lock_file}); "
                          "not starting another") from None
    # stopped with the dashboard (SIGTERM from a supervisor, SIGINT from Ctrl-C): leave through `finally`
    previous_handler = signal.signal(signal.SIGTERM, _stop)
    runs, due = 0, datetime.now() if run_now else next_run(datetime.now(), times)
    state: dict[str, Any] = read_state(warehouse) or {}
    try:
        while _alive(parent) and (max_runs is None or runs < max_runs):
            _write_state(warehouse, {**state, "pid": os.getpid(), "next_run": due.isoformat(timespec="minutes")})
            if datetime.now() < due:
                time.sleep(min(poll_s, max(0.0, (due - datetime.now()).total_seconds())))
                continue
            state = {**state, "last_run": datetime.now().isoformat(timespec="minutes")}
            try:
                report = refresh(warehouse)
                state["last_status"] = getattr(report, "status", "ok")
            except LockedError:
                state["last_status"] = "skipped: another refresh was running"
            except (EtlError, OSError, ValueError) as exc:  # survive a failed run; the next one may work
                state["last_status"] = f"failed: {str(exc)[:200]}"
                log.error("scheduled refresh failed: %s", exc)
            runs += 1
            due = next_run(datetime.now(), times)
            log.info("scheduled refresh %s; next at %s", state["last_status"], due.isoformat(timespec="minutes"))
    finally:
        _write_state(warehouse, {**state, "pid": None, "next_run": None})
        signal.signal(signal.SIGTERM, previous_handler)
        fh.close()
    return runs


def _stop(*_: Any) -> None:
    raise SystemExit(0)


def _write_state(warehouse: Path, state: dict[str, Any]) -> None:
    tmp = state_path(warehouse).with_suffix(".tmp")
    tmp.write_text(json.dumps(state))
    os.replace(tmp, state_path(warehouse))
