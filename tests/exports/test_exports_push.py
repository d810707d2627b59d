"""`alnco push` end to end: a real Ralph LRS, and servers that fail on purpose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alnco.exports.document import render_json
from exports_helpers import assert_refused, make_data
from lrs_servers import PASSWORD, USER, endpoint_of, make_auth, misbehaving_lrs, ralph_lrs, \
    stored_statements


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
    with misbehaving_lrs("ok") as server:
        assert push(alnco, endpoint_of(server), secret).returncode == 0
        [(_headers, body)] = server.requests
    assert [s["id"] for s in json.loads(body)] == ["00000000-0000-4000-8000-000000000002"]


def test_timeouts_and_refusals_are_one_clear_line(ready, tmp_path) -> None:
    alnco, secret = ready
    with misbehaving_lrs("sleep") as server:
        assert_refused(push(alnco, endpoint_of(server), secret, "--timeout", "1"), 1,
                       "did not answer within 1 seconds")
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
    with misbehaving_lrs("ok") as server:
        result = push(alnco, endpoint_of(server), secret)
        assert server.requests == []
    assert result.returncode == 0
    assert "1 entry was edited after it was sent" in result.stderr
