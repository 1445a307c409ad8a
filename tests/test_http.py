"""The shared HTTP path against a real local server: retries, Retry-After, timeouts, bad bodies, secrets."""

from __future__ import annotations

import gzip
import json
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from etl.errors import FetchError, SchemaError
from etl.http import HttpClient, RetryPolicy, public_url, retry_after_seconds


def test_503_then_success_is_retried(httpserver: HTTPServer, fast_policy: RetryPolicy):
    httpserver.expect_ordered_request("/api").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/api").respond_with_json({"ok": 1})
    client = HttpClient("test", fast_policy)
    assert client.get_json(httpserver.url_for("/api")).payload == {"ok": 1}
    assert client.requests_made == 2


def test_429_honours_retry_after(httpserver: HTTPServer, fast_policy: RetryPolicy):
    httpserver.expect_ordered_request("/api").respond_with_data("slow down", status=429,
                                                                headers={"Retry-After": "0.15"})
    httpserver.expect_ordered_request("/api").respond_with_json({"ok": 1})
    started = time.monotonic()
    HttpClient("test", fast_policy).get_json(httpserver.url_for("/api"))
    assert time.monotonic() - started >= 0.15


def test_persistent_5xx_gives_a_clear_error_naming_source_and_url(httpserver: HTTPServer, fast_policy: RetryPolicy):
    httpserver.expect_request("/api").respond_with_data("<html>Bad gateway</html>", status=502)
    with pytest.raises(FetchError) as err:
        HttpClient("entsog", fast_policy).get_json(httpserver.url_for("/api"), params={"from": "2024-01-01"})
    msg = str(err.value)
    assert msg.startswith("entsog: ")
    assert "from=2024-01-01" in msg and "after 3 attempts" in msg and "HTTP 502" in msg


def test_timeout_is_retried_then_reported(httpserver: HTTPServer):
    def slow(_request):
        time.sleep(0.5)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    policy = RetryPolicy(attempts=2, timeout_s=0.1, backoff_base_s=0.01, min_interval_s=0)
    with pytest.raises(FetchError, match="timed out after 0.1 s"):
        HttpClient("test", policy).get_json(httpserver.url_for("/slow"))


def test_connection_refused_fails_fast_with_message(fast_policy: RetryPolicy):
    started = time.monotonic()
    with pytest.raises(FetchError, match="connection failed"):
        HttpClient("test", fast_policy).get_json("http://127.0.0.1:9/nothing")
    assert time.monotonic() - started < 5


def test_malformed_json_is_a_schema_error(httpserver: HTTPServer, fast_policy: RetryPolicy):
    httpserver.expect_request("/api").respond_with_data('{"operationalData": [', content_type="application/json")
    with pytest.raises(SchemaError, match="not JSON"):
        HttpClient("test", fast_policy).get_json(httpserver.url_for("/api"))


def test_declared_empty_status_returns_none(httpserver: HTTPServer, fast_policy: RetryPolicy):
    httpserver.expect_request("/api").respond_with_json({"message": "No Data Available"}, status=404)
    result = HttpClient("test", fast_policy).get_json(httpserver.url_for("/api"), empty_statuses=frozenset({404}))
    assert result.payload is None and result.status == 404


def test_other_4xx_is_not_retried(httpserver: HTTPServer, fast_policy: RetryPolicy):
    httpserver.expect_request("/api").respond_with_data("nope", status=400)
    client = HttpClient("test", fast_policy)
    with pytest.raises(FetchError, match="HTTP 400"):
        client.get_json(httpserver.url_for("/api"))
    assert client.requests_made == 1


def test_archive_keeps_raw_bytes_without_secrets(httpserver: HTTPServer, fast_policy: RetryPolicy, tmp_path):
    httpserver.expect_request("/api").respond_with_json({"data": [1]})
    client = HttpClient("agsi", fast_policy, archive_dir=tmp_path)
    client.get_json(httpserver.url_for("/api"), params={"country": "UA", "key": "SECRET"},
                    headers={"x-key": "SECRET"})
    body = next(tmp_path.rglob("*.json.gz"))
    assert json.loads(gzip.decompress(body.read_bytes())) == {"data": [1]}
    meta = next(tmp_path.rglob("*.meta.json")).read_text()
    assert "SECRET" not in meta and "country=UA" in meta


def test_entsoe_security_token_is_never_in_an_archived_url_or_a_log(httpserver: HTTPServer,
                                                                     fast_policy: RetryPolicy, tmp_path):
    from etl.http import public_url

    assert public_url("https://x/api", {"securityToken": "SECRET", "documentType": "A11"}) == \
        "https://x/api?securityToken=***&documentType=A11"
    httpserver.expect_request("/api").respond_with_json({"data": [1]})
    client = HttpClient("entsoe", fast_policy, archive_dir=tmp_path)
    result = client.get_json(httpserver.url_for("/api"), params={"documentType": "A11", "securityToken": "SECRET"})
    assert "SECRET" not in result.url
    assert "SECRET" not in next(tmp_path.rglob("*.meta.json")).read_text()


def test_archive_keeps_the_full_url_and_errors_carry_status_and_body(httpserver: HTTPServer,
                                                                    fast_policy: RetryPolicy, tmp_path):
    directions = ",".join(f"ua-tso-0001itp-{n:05d}exit" for n in range(40))
    httpserver.expect_request("/ok").respond_with_json({"x": 1})
    httpserver.expect_request("/denied").respond_with_data('{"error": "invalid key"}', status=401)
    client = HttpClient("entsog", fast_policy, archive_dir=tmp_path)
    result = client.get_json(httpserver.url_for("/ok"), params={"pointDirection": directions})
    assert "...(+38" in result.url and directions not in result.url  # logs and messages shorten long lists …
    meta = json.loads(next(tmp_path.rglob("*.meta.json")).read_text())
    assert directions in meta["url"]  # … the archive keeps what was asked
    with pytest.raises(FetchError) as err:
        client.get_json(httpserver.url_for("/denied"))
    assert err.value.status == 401 and "invalid key" in err.value.body and err.value.url.endswith("/denied")


def test_public_url_and_retry_after_parsing():
    assert public_url("http://x/api", {"x-key": "abc", "a": "b,c"}) == "http://x/api?x-key=***&a=b,c"
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
