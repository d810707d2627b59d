"""`alnco push` end to end: a real Ralph LRS, and servers that fail on purpose."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from alnco.exports.document import render_json
from exports_helpers import assert_refused, make_data
from lrs_servers import PASSWORD, USER, endpoint_of, make_auth, misbehaving_lrs, ralph_lrs, \
    raw_server, stored_statements


@pytest.fixture
def ready(alnco, tmp_path):
    """A record with 2 completed and 1 planned entry, and a private password file."""
    source = tmp_path / "fixed.json"
    source.write_bytes(render_json(make_data()))
    assert alnco("import", str(source)).returncode == 0
    secret = tmp_path / "lrs-password"
    secret.write_text(PASSWORD + "\n")
    secret.chmod(0o600)
    return alnco, secret


def sent_ids(tmp_path: Path) -> list[str]:
    record = json.loads((tmp_path / "record.json").read_text())
    return sorted(doc["id"] for doc in record.get("xapi_sent", {}).values())


def push(alnco, endpoint: str, secret: Path, *extra: str):
    return alnco("push", "--lrs", endpoint, "--user", USER, "--password-file", str(secret),
                 *extra)


def test_push_to_ralph_marks_only_acknowledged_entries_and_is_repeatable(ready, ralph,
                                                                         tmp_path) -> None:
    alnco, secret = ready
    make_auth(ralph, tmp_path)
    with ralph_lrs(ralph, tmp_path) as endpoint:
        first = push(alnco, endpoint, secret)
        assert first.returncode == 0, first.stderr
        assert "Sent 2 statements" in first.stdout
        stored = stored_statements(endpoint)
        again = push(alnco, endpoint, secret)  # nothing left to send: no second write
    assert again.returncode == 0 and "Sent 0 statements" in again.stdout
    ids = sorted(s["id"] for s in stored)
    assert ids == sent_ids(tmp_path) == ["00000000-0000-4000-8000-000000000001",
                                         "00000000-0000-4000-8000-000000000002"]
    assert all(s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed" for s in stored)


def test_a_failing_lrs_loses_nothing_and_the_next_push_sends_it(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("500") as server:
        result = push(alnco, endpoint_of(server), secret)
    assert_refused(result, 1, "HTTP 500", "nothing more was marked sent")
    assert sent_ids(tmp_path) == []
    with misbehaving_lrs("ok") as server:
        result = push(alnco, endpoint_of(server), secret)
        bodies = [json.loads(body) for _headers, body in server.requests]
    assert result.returncode == 0, result.stderr
    assert len(sent_ids(tmp_path)) == 2
    assert [len(b) for b in bodies] == [2]


def test_a_failure_midway_keeps_the_batches_already_acknowledged(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("ok-then-500") as server:
        result = push(alnco, endpoint_of(server), secret, "--batch-size", "1")
        assert_refused(result, 1, "HTTP 500", "1 statement had been acknowledged")
        assert sent_ids(tmp_path) == ["00000000-0000-4000-8000-000000000001"]
        server.behaviour, server.requests[:] = "ok", []  # the same LRS, working again
        assert push(alnco, endpoint_of(server), secret).returncode == 0
        [(_headers, body)] = server.requests
    assert [s["id"] for s in json.loads(body)] == ["00000000-0000-4000-8000-000000000002"]


def test_timeouts_and_refusals_are_one_clear_line(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("sleep") as server:
        assert_refused(push(alnco, endpoint_of(server), secret, "--timeout", "1"), 1,
                       "did not finish within 1 second ")
    with misbehaving_lrs("400") as server:
        assert_refused(push(alnco, endpoint_of(server), secret), 1, "HTTP 400")
    with misbehaving_lrs("401") as server:
        assert_refused(push(alnco, endpoint_of(server), secret), 1, "user name or password")
    assert_refused(push(alnco, "http://127.0.0.1:9/xAPI/", secret), 1, "cannot reach")
    assert sent_ids(tmp_path) == []


def test_a_password_file_others_can_read_is_refused_before_sending(ready, tmp_path) -> None:
    alnco, secret = ready
    secret.chmod(0o640)
    with misbehaving_lrs("ok") as server:
        assert_refused(push(alnco, endpoint_of(server), secret), 1, "chmod 600")
        assert server.requests == []


def test_from_limits_what_is_sent(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("ok") as server:
        assert push(alnco, endpoint_of(server), secret, "--from", "2026-10-01").returncode == 0
        [(_headers, body)] = server.requests
    assert [s["id"] for s in json.loads(body)] == ["00000000-0000-4000-8000-000000000002"]


def test_an_entry_edited_after_sending_is_not_resent_and_the_user_is_told(ready,
                                                                           tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("ok") as server:
        assert push(alnco, endpoint_of(server), secret).returncode == 0
        assert alnco("log", "edit", "00000000-0000-4000-8000-000000000001",
                     "--title", "Renamed").returncode == 0
        server.requests[:] = []
        result = push(alnco, endpoint_of(server), secret)
        assert server.requests == []
    assert result.returncode == 0
    assert "1 entry was edited after it was sent" in result.stderr


def test_a_trickling_server_cannot_hold_a_push_past_its_deadline(ready, tmp_path) -> None:
    """One byte every 0.4 s never trips a per-read timeout; --timeout 2 is the whole push."""
    alnco, secret = ready
    for behaviour in ("trickle", "trickle-body"):
        with misbehaving_lrs(behaviour) as server:
            start = time.monotonic()
            result = push(alnco, endpoint_of(server), secret, "--timeout", "2")
            elapsed = time.monotonic() - start
        assert_refused(result, 1, "did not finish within 2 seconds", "nothing more was marked sent")
        assert elapsed < 3.5, (behaviour, elapsed)
    assert sent_ids(tmp_path) == []


def test_a_redirect_is_refused_and_the_password_goes_nowhere_else(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("ok") as elsewhere:
        target = endpoint_of(elsewhere) + "/statements"
        with misbehaving_lrs("redirect", redirect_to=target) as server:
            result = push(alnco, endpoint_of(server), secret)
            assert len(server.requests) == 1  # the origin got the one POST, with credentials
        seen = [headers.get("Authorization") for headers, _body in elsewhere.requests]
    assert seen == []  # the other port saw no request at all, so no Authorization header
    assert_refused(result, 1, "redirected the push (HTTP 302) to " + target,
                   "nothing more was marked sent")
    assert PASSWORD not in result.stderr
    assert sent_ids(tmp_path) == []


@pytest.mark.parametrize("reply", [b"\x00\xff garbage \x1b[2J\r\n\r\n" * 20, b""])
def test_a_server_that_is_not_http_is_exit_1_and_one_line(ready, tmp_path, reply) -> None:
    alnco, secret = ready
    with raw_server(reply) as server:
        result = push(alnco, endpoint_of(server), secret)
    assert_refused(result, 1, "did not give an HTTP answer", "nothing more was marked sent")
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    assert sent_ids(tmp_path) == []


def test_tls_failures_are_exit_1_and_one_line(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("ok") as server:
        result = push(alnco, endpoint_of(server).replace("http:", "https:"), secret)
        assert server.requests == []
    assert_refused(result, 1, "secure (TLS) connection", "nothing more was marked sent")


def test_a_password_in_the_address_is_refused_and_never_printed(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("ok") as server:
        port = server.server_address[1]
        for url in (f"http://{USER}:{PASSWORD}@127.0.0.1:{port}/xAPI/",
                    f"http://{USER}@127.0.0.1:{port}/xAPI/",
                    f"ftp://{USER}:{PASSWORD}@127.0.0.1:{port}/"):
            result = push(alnco, url, secret)
            assert result.returncode == 1, result.stderr
            assert PASSWORD not in result.stderr and PASSWORD not in result.stdout
            assert_refused(result, 1)
        assert server.requests == []
    assert "--password-file" in push(alnco, f"http://u:{PASSWORD}@127.0.0.1:{port}/",
                                     secret).stderr


def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(ready) -> None:
    alnco, secret = ready
    for value in ("0", "-1", "nan", "inf"):
        assert_refused(push(alnco, "http://127.0.0.1:9/xAPI/", secret, "--timeout", value), 2,
                       "--timeout")
