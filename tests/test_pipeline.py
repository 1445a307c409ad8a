"""The refresh as cron runs it: CLI exit codes, faults per source, the lock, kill -9, readers during publishes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from etl import REFERENCE_DIR, pipeline
from etl.cli import EXIT, main
from etl.http import RetryPolicy
from etl.sources import registry
from etl.warehouse import writer_lock
from tests.conftest import entsog_payload, rows_of

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["refresh", "--source", "entsog", "--since", "2024-04-01", "--until", "2024-04-30", "--no-archive"]


@pytest.fixture(autouse=True)
def fast_http(monkeypatch):
    for name, value in {"ATTEMPTS": "2", "TIMEOUT": "2", "BACKOFF": "0.01", "MIN_INTERVAL": "0"}.items():
        monkeypatch.setenv(f"UA_GAS_HTTP_{name}", value)
    monkeypatch.delenv("GIE_API_KEY", raising=False)
    monkeypatch.setenv("UA_GAS_ENTSOG_URL", "http://127.0.0.1:9/api/v1")


def counts(path: Path) -> list[tuple]:
    return rows_of(path, "SELECT source, count(*) FROM fact_entsog_operational GROUP BY 1 ORDER BY 1")


def serve_entsog(httpserver: HTTPServer, monkeypatch, body=None, status=200) -> None:
    text = body if isinstance(body, str) else json.dumps(body or entsog_payload())
    httpserver.expect_request("/api/v1/operationalData").respond_with_response(
        Response(text, status=status, content_type="application/json"))
    monkeypatch.setenv("UA_GAS_ENTSOG_URL", httpserver.url_for("/api/v1"))


def test_refresh_loads_live_rows_and_logs_the_run(warehouse: Path, httpserver: HTTPServer, monkeypatch, capsys):
    serve_entsog(httpserver, monkeypatch)
    assert main([*ARGS, "--json"]) == EXIT["ok"]
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "ok" and out["sources"][0]["rows"] == 4
    assert ("entsog_api", 4) in counts(warehouse)
    assert rows_of(warehouse, "SELECT status, rows_loaded, window_from::VARCHAR FROM etl_run "
                              "WHERE command = 'refresh'") == [("ok", 4, "2024-04-01")]
    # the fixture's provisional SK-side-less day: the UA exit (fallback) now feeds the transit mart
    assert rows_of(warehouse, "SELECT count(*) FROM mart_transit_daily WHERE gas_day = '2024-04-21'") == [(1,)]


def test_rerun_is_idempotent(warehouse: Path, httpserver: HTTPServer, monkeypatch):
    serve_entsog(httpserver, monkeypatch)
    assert main(ARGS) == EXIT["ok"]
    first = rows_of(warehouse, "SELECT * EXCLUDE (loaded_at) FROM fact_entsog_operational ORDER BY ALL")
    assert main(ARGS) == EXIT["ok"]
    assert rows_of(warehouse, "SELECT * EXCLUDE (loaded_at) FROM fact_entsog_operational ORDER BY ALL") == first


def test_malformed_json_fails_clearly_and_keeps_the_data(warehouse: Path, httpserver: HTTPServer, monkeypatch,
                                                        caplog):
    before = counts(warehouse)
    serve_entsog(httpserver, monkeypatch, body='{"operationalData": [{"pointKey": ')
    assert main(ARGS) == EXIT["failed"]
    assert counts(warehouse) == before
    (status, error), = rows_of(warehouse, "SELECT status, error FROM etl_run WHERE command = 'refresh'")
    assert status == "failed" and error.startswith("entsog: ") and "from=2024-04-01" in error and "not JSON" in error


def test_no_network_fails_in_seconds_and_the_warehouse_still_opens(warehouse: Path, caplog):
    before = counts(warehouse)
    started = time.monotonic()
    assert main(ARGS) == EXIT["failed"]
    assert time.monotonic() - started < 10
    assert "connection failed" in caplog.text
    assert counts(warehouse) == before


def test_one_source_failing_makes_a_partial_run(warehouse: Path, httpserver: HTTPServer, monkeypatch, caplog):
    serve_entsog(httpserver, monkeypatch)
    code = main(["refresh", "--source", "entsog", "--source", "agsi", "--since", "2024-04-01", "--until",
                 "2024-04-30", "--no-archive"])
    assert code == EXIT["partial"]
    assert "GIE_API_KEY" in caplog.text
    assert ("entsog_api", 4) in counts(warehouse)


def test_second_refresh_exits_with_locked(warehouse: Path, caplog):
    with writer_lock(warehouse):
        assert main(ARGS) == EXIT["locked"]
    assert "another refresh is running" in caplog.text


@pytest.mark.parametrize(("argv", "message"), [
    (["refresh", "--since", "yesterday"], "not a date"),
    (["refresh", "--source", "gazprom"], "invalid choice"),
    (["rebuild"], "--offline"),
    (["explode"], "invalid choice"),
])
def test_wrong_arguments_exit_2_with_a_message(argv, message, capsys):
    assert main(argv) == EXIT["usage"]
    assert message in capsys.readouterr().err


def test_until_before_since_is_refused(warehouse: Path, caplog):
    assert main(["refresh", "--since", "2024-05-01", "--until", "2024-04-01"]) == EXIT["usage"]
    assert "before --since" in caplog.text


def test_status_reports_sources_and_runs(warehouse: Path, capsys):
    assert main(["status"]) == EXIT["ok"]
    out = capsys.readouterr().out
    assert "bruegel_entsog" in out and "rebuild" in out and "2015-01-01" in out


def test_kill_9_mid_refresh_leaves_the_last_good_warehouse(warehouse: Path, httpserver: HTTPServer, monkeypatch):
    """A refresh killed while it writes: the published file opens with the same rows; the next run resumes."""
    served = []

    def slow(_request):
        served.append(1)
        time.sleep(0.3)
        return Response(json.dumps(entsog_payload()), content_type="application/json")

    httpserver.expect_request("/api/v1/operationalData").respond_with_handler(slow)
    monkeypatch.setenv("UA_GAS_ENTSOG_URL", httpserver.url_for("/api/v1"))
    before = counts(warehouse)
    env = {**os.environ, "UA_GAS_WAREHOUSE": str(warehouse)}
    proc = subprocess.Popen([sys.executable, "-m", "etl", "refresh", "--source", "entsog", "--since", "2023-01-01",
                             "--until", "2024-04-30", "--no-archive"], cwd=ROOT, env=env,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while len(served) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served, "the refresh never reached the server"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert counts(warehouse) == before
    assert main(ARGS) == EXIT["ok"]  # the next run takes the lock and completes
    assert ("entsog_api", 4) in counts(warehouse)
    assert not list(warehouse.parent.glob("*.building-*"))


READER = """
import sys, time, duckdb
from pathlib import Path
from etl.warehouse import connect_readonly, file_version
path, until = Path(sys.argv[1]), time.monotonic() + float(sys.argv[2])
con, ver, reads, errors, versions = None, None, 0, [], set()
while time.monotonic() < until:
    try:
        v = file_version(path)
        if v != ver:
            if con is not None:
                con.close()
            con, ver = connect_readonly(path), v
            versions.add(v)
        con.execute("SELECT count(*) FROM mart_transit_daily").fetchone()
        reads += 1
    except Exception as exc:
        errors.append(repr(exc))
print(reads, len(versions), len(errors), errors[:3])
"""


def test_a_reader_never_errors_while_refreshes_publish(warehouse: Path, httpserver: HTTPServer, monkeypatch):
    serve_entsog(httpserver, monkeypatch)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), "6"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    time.sleep(1.0)
    for _ in range(3):
        assert main(ARGS) == EXIT["ok"]
    out, _ = reader.communicate(timeout=30)
    reads, versions, errors, sample = out.split(" ", 3)
    assert int(errors) == 0, sample
    assert int(reads) > 50 and int(versions) >= 2


def test_replay_of_the_archive_reproduces_the_tables(warehouse: Path, snapshot_warehouse: Path, tmp_path: Path,
                                                     httpserver: HTTPServer, monkeypatch):
    serve_entsog(httpserver, monkeypatch)
    archive = tmp_path / "raw"
    report = pipeline.refresh(warehouse, ["entsog"], since=date(2024, 4, 1), until=date(2024, 5, 31),
                              archive_dir=archive,
                              policy=RetryPolicy(attempts=1, min_interval_s=0))
    assert report.status == "ok" and list(archive.rglob("*.json.gz"))
    live = rows_of(warehouse, "SELECT * EXCLUDE (loaded_at) FROM fact_entsog_operational ORDER BY ALL")

    replayed = tmp_path / "replayed.duckdb"
    replayed.write_bytes(snapshot_warehouse.read_bytes())
    monkeypatch.setenv("UA_GAS_WAREHOUSE", str(replayed))
    assert main(["replay", "--source", "entsog", "--archive", str(archive)]) == EXIT["ok"]
    assert rows_of(replayed, "SELECT * EXCLUDE (loaded_at) FROM fact_entsog_operational ORDER BY ALL") == live


def test_load_reference_publishes_an_edited_register(warehouse: Path, tmp_path: Path, monkeypatch, caplog):
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref)
    monkeypatch.setenv("UA_GAS_REFERENCE_DIR", str(ref))
    with (ref / "lng_cargoes.csv").open("a") as fh:
        fh.write("NEW-1,delivery,2026-03-01,Buyer,,,50,,US,,Klaipeda LNG terminal,LT,,https://example.org/x,\n")
    facts = counts(warehouse)
    assert main(["load-reference"]) == EXIT["ok"]
    assert rows_of(warehouse, "SELECT volume_mcm FROM mart_lng_cargo WHERE cargo_id = 'NEW-1'") == [(50.0,)]
    assert counts(warehouse) == facts  # live and snapshot facts kept
    with (ref / "lng_cargoes.csv").open("a") as fh:
        fh.write("NEW-2,delivery,yesterday,Buyer,,,50,,US,,,LT,,https://example.org/x,\n")
    assert main(["load-reference"]) == EXIT["invalid"]
    assert "lng_cargoes.csv:11, column 'date_reported'" in caplog.text
    assert rows_of(warehouse, "SELECT count(*) FROM mart_lng_cargo WHERE cargo_id LIKE 'NEW-%'") == [(1,)]


def test_status_lists_a_source_that_never_loaded_with_its_error(warehouse: Path, capsys):
    assert main(["refresh", "--source", "alsi", "--no-archive"]) == EXIT["failed"]
    capsys.readouterr()
    assert main(["status"]) == EXIT["ok"]
    out = capsys.readouterr().out
    alsi_line = next(line for line in out.splitlines() if line.startswith("alsi"))
    assert "(no rows yet)" in alsi_line and "never" in alsi_line and "GIE_API_KEY" in alsi_line


def test_a_run_of_every_source_skips_keyed_sources_without_a_key(warehouse: Path, httpserver: HTTPServer,
                                                                  monkeypatch, caplog):
    serve_entsog(httpserver, monkeypatch)
    everything = registry()
    monkeypatch.setattr(pipeline, "registry",
                        lambda live_only=True: {k: everything[k] for k in ("entsog", "agsi", "alsi")})
    report = pipeline.refresh(warehouse, since=date(2024, 4, 1), until=date(2024, 4, 30), archive_dir=None)
    assert [(r.source, r.status) for r in report.results] == [("entsog", "ok"), ("agsi", "skipped"),
                                                               ("alsi", "skipped")]
    assert report.status == "ok"
    assert "agsi: skipped — no GIE API key: set the environment variable GIE_API_KEY" in caplog.text
    assert rows_of(warehouse, "SELECT source, status FROM etl_run WHERE command = 'refresh' ORDER BY run_id") == [
        ("entsog", "ok"), ("agsi", "skipped"), ("alsi", "skipped")]


def test_refresh_on_a_fresh_machine_builds_from_the_snapshot_first(tmp_path: Path, httpserver: HTTPServer,
                                                                   monkeypatch):
    path = tmp_path / "new" / "warehouse.duckdb"  # no warehouse yet: the refresh starts from the bundled data
    monkeypatch.setenv("UA_GAS_WAREHOUSE", str(path))
    assert main(ARGS) == EXIT["failed"]  # no network (port 9)
    assert rows_of(path, "SELECT count(*) > 80000 FROM fact_entsog_operational") == [(True,)]
    serve_entsog(httpserver, monkeypatch)
    assert main(ARGS) == EXIT["ok"]
    assert ("entsog_api", 4) in counts(path)


def test_replay_without_an_archive_skips_and_snapshot_without_shared_says_what_to_pass(warehouse: Path, tmp_path,
                                                                                     caplog):
    assert main(["replay", "--source", "entsog", "--archive", str(tmp_path / "none")]) == EXIT["ok"]
    assert "nothing to replay" in caplog.text
    assert rows_of(warehouse, "SELECT count(*) FROM etl_run WHERE command = 'replay'") == [(0,)]
    assert main(["snapshot", "--shared", str(tmp_path / "missing")]) == EXIT["invalid"]
    assert "pass --shared PATH" in caplog.text


def test_status_says_a_failure_in_words_and_keeps_the_raw_error_behind_verbose(warehouse: Path, capsys):
    assert main(ARGS) == EXIT["failed"]  # no network (port 9)
    capsys.readouterr()
    assert main(["status"]) == EXIT["ok"]
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("entsog") and "could not" in line)
    assert "could not be reached (no network, or it did not answer) at " in line and " UTC" in line
    assert "http://" not in out and "127.0.0.1" not in out  # no raw URL for a reader
    assert "--verbose" in out
    assert main(["status", "--verbose"]) == EXIT["ok"]
    verbose = capsys.readouterr().out
    assert "raw: " in verbose and "127.0.0.1:9" in verbose
    assert main(["status", "--json"]) == EXIT["ok"]
    info = json.loads(capsys.readouterr().out)
    entsog = next(s for s in info["sources"] if s["source"] == "entsog")
    failed = [o for o in entsog["origins"] if o["last_error"]]
    assert failed and failed[0]["last_error_words"].startswith("could not be reached")
    assert "127.0.0.1:9" in failed[0]["last_error"]
