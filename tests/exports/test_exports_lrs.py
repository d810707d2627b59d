"""The LRS client: batches, headers, acknowledgement, and errors that lose nothing."""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time

import pytest

from alnco.errors import InputError
from alnco.exports.lrs import Client, LRSError, push, read_password, shown_url, statements_url
from alnco.exports.xapi_export import statements
from exports_helpers import make_data
from lrs_servers import (PASSWORD, USER, endpoint_of, make_auth, misbehaving_lrs, ralph_lrs,
                         raw_server, stored_statements)


@pytest.fixture(scope="module")
def ralph_auth(ralph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ralph")
    make_auth(ralph, folder)
    return ralph, folder


def test_ralph_stores_what_we_send_and_acknowledges_a_resend(ralph_auth) -> None:
    python, folder = ralph_auth
    produced = statements(make_data())
    acknowledged = []
    with ralph_lrs(python, folder) as endpoint:
        client = Client(endpoint, USER, PASSWORD, timeout=20)
        assert push(client, produced, acknowledged.append, size=10).sent == 2
        stored = stored_statements(endpoint)
        # Ralph's fs backend takes one write per start, so the resend below is
        # answered from what it holds (204), which must also count as acknowledged.
        push(client, produced, acknowledged.append)
    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in produced)
    assert stored[0]["actor"]["account"]["name"] == "123456"
    assert len(acknowledged) == 2


def test_ralph_refuses_a_wrong_password(ralph_auth) -> None:
    python, folder = ralph_auth
    acknowledged = []
    with ralph_lrs(python, folder) as endpoint:
        with pytest.raises(LRSError, match="user name or password"):
            push(Client(endpoint, USER, "wrong", timeout=20), statements(make_data()),
                 acknowledged.append)
    assert acknowledged == []


@pytest.mark.parametrize("status, words", [(500, "failed (HTTP 500"), (400, "refused the statements (HTTP 400"),
                                           (401, "user name or password")])
def test_http_errors_are_clear_and_nothing_is_acknowledged(status, words) -> None:
    acknowledged = []
    with misbehaving_lrs(str(status)) as server:
        with pytest.raises(LRSError, match=words.replace("(", r"\(")) as raised:
            push(Client(endpoint_of(server), USER, PASSWORD, timeout=5),
                 statements(make_data()), acknowledged.append)
    assert acknowledged == []
    assert "\x1b" not in str(raised.value)


def test_a_409_is_retried_one_by_one_and_each_conflict_is_returned_not_acknowledged() -> None:
    produced = statements(make_data())
    acknowledged = []
    with misbehaving_lrs("409") as server:
        done = push(Client(endpoint_of(server), USER, PASSWORD, timeout=5), produced,
                    acknowledged.append)
        sizes = [len(json.loads(body)) for _headers, body in server.requests]
    assert sizes == [2, 1, 1]  # the batch, then each statement alone
    assert done.sent == 0 and [s["id"] for s in done.conflicts] == [s["id"] for s in produced]
    assert acknowledged == []


def test_a_timeout_is_clear_and_nothing_is_acknowledged() -> None:
    acknowledged = []
    with misbehaving_lrs("sleep") as server:
        with pytest.raises(LRSError, match="did not finish within 1 second "):
            push(Client(endpoint_of(server), USER, PASSWORD, timeout=1),
                 statements(make_data()), acknowledged.append)
    assert acknowledged == []


@pytest.mark.parametrize("behaviour", ["trickle", "trickle-body"])
def test_the_timeout_is_a_deadline_for_the_whole_push_not_per_read(behaviour) -> None:
    """A byte every 0.4 s never trips a per-read timeout of 1 s; the deadline must."""
    acknowledged = []
    with misbehaving_lrs(behaviour) as server:
        start = time.monotonic()
        with pytest.raises(LRSError, match="did not finish within 1 second"):
            push(Client(endpoint_of(server), USER, PASSWORD, timeout=1),
                 statements(make_data()), acknowledged.append)
        elapsed = time.monotonic() - start
    assert acknowledged == []
    assert 0.9 <= elapsed < 1.8, elapsed


def test_a_redirect_is_an_error_and_the_credentials_never_leave_the_origin() -> None:
    with misbehaving_lrs("ok") as elsewhere:
        target = endpoint_of(elsewhere) + "/statements"
        with misbehaving_lrs("redirect", redirect_to=target) as server:
            with pytest.raises(LRSError, match="redirected the push") as raised:
                push(Client(endpoint_of(server), USER, PASSWORD, timeout=5),
                     statements(make_data()), [].append)
        assert elsewhere.requests == []  # not followed: no request, so no Authorization
    assert target in str(raised.value) and "HTTP 302" in str(raised.value)
    assert PASSWORD not in str(raised.value)


def test_a_relative_redirect_names_the_absolute_address() -> None:
    with misbehaving_lrs("redirect", redirect_to="/other/statements") as server:
        with pytest.raises(LRSError) as raised:
            push(Client(endpoint_of(server), USER, PASSWORD, timeout=5),
                 statements(make_data()), [].append)
        port = server.server_address[1]
    assert f"http://127.0.0.1:{port}/other/statements" in str(raised.value)


@pytest.mark.parametrize("reply, words", [
    (b"SSH-2.0-OpenSSH_9.2\r\n", "what it sent is not HTTP"),
    (bytes(range(256)) * 4, "what it sent is not HTTP"),
    (b"", "closed the connection without answering"),
])
def test_a_server_that_does_not_speak_http_is_one_clear_error(reply, words) -> None:
    with raw_server(reply) as server:
        with pytest.raises(LRSError, match="did not give an HTTP answer") as raised:
            push(Client(endpoint_of(server), USER, PASSWORD, timeout=5),
                 statements(make_data()), [].append)
    assert words in str(raised.value)
    assert "\x00" not in str(raised.value) and "SSH-2.0" not in str(raised.value)


def test_tls_to_a_server_without_tls_fails_clearly() -> None:
    with misbehaving_lrs("ok") as server:
        url = endpoint_of(server).replace("http:", "https:")
        with pytest.raises(LRSError, match=r"secure \(TLS\) connection .* failed"):
            push(Client(url, USER, PASSWORD, timeout=5), statements(make_data()), [].append)


def test_refused_connections_and_failed_lookups_say_so(monkeypatch) -> None:
    with pytest.raises(LRSError, match="connection refused"):
        push(Client("http://127.0.0.1:9/xAPI/", USER, PASSWORD, timeout=5),
             statements(make_data()), [].append)

    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(LRSError, match="no server called lrs.example was found"):
        push(Client("https://lrs.example/xAPI/", USER, PASSWORD, timeout=5),
             statements(make_data()), [].append)


def test_a_stuck_name_lookup_is_bounded_by_the_deadline(monkeypatch) -> None:
    release = threading.Event()

    def stuck(*args, **kwargs):
        release.wait(10)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    start = time.monotonic()
    try:
        with pytest.raises(LRSError, match="did not finish within 0.5 seconds"):
            push(Client("https://lrs.example/xAPI/", USER, PASSWORD, timeout=0.5),
                 statements(make_data()), [].append)
    finally:
        release.set()
    assert time.monotonic() - start < 1.5


def test_batches_carry_the_xapi_version_and_basic_auth() -> None:
    many = statements(make_data())
    with misbehaving_lrs("ok") as server:
        acknowledged = []
        push(Client(endpoint_of(server), USER, PASSWORD), many, acknowledged.append, size=1)
        requests = server.requests
    assert len(requests) == 2 and len(acknowledged) == 2
    headers = requests[0][0]
    assert headers["X-Experience-API-Version"] == "1.0.3"
    expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert headers["Authorization"] == f"Basic {expected}"


def test_a_password_file_others_can_read_is_refused(tmp_path) -> None:
    secret = tmp_path / "password"
    secret.write_text("hunter2\n")
    secret.chmod(0o644)
    with pytest.raises(InputError, match="chmod 600"):
        read_password(secret)
    secret.chmod(0o600)
    assert read_password(secret) == "hunter2"


def test_statements_url() -> None:
    assert statements_url("https://lrs.example/xAPI/") == "https://lrs.example/xAPI/statements"
    assert statements_url("https://lrs.example/xAPI/statements") == \
        "https://lrs.example/xAPI/statements"
    assert statements_url("https://lrs.example/xAPI/?tenant=7") == \
        "https://lrs.example/xAPI/statements?tenant=7"
    for bad in ("ftp://lrs.example/", "https://", "https://lrs.example:99999/", "https://[::1",
                "lrs.example/xAPI"):
        with pytest.raises(InputError, match="must be an http"):
            statements_url(bad)


@pytest.mark.parametrize("url", ["https://cady:hunter2@lrs.example/xAPI/",
                                 "https://cady@lrs.example/xAPI/",
                                 "https://cady:hunter2@[::1/xAPI/",
                                 "ftp://cady:hunter2@lrs.example/",
                                 "cady:hunter2@lrs.example/xAPI/",
                                 "https://cady:hun/ter2@lrs.example/xAPI/",
                                 "https:/cady:hunter2@lrs.example/xAPI/"])
def test_credentials_in_the_address_are_refused_and_never_shown(url) -> None:
    with pytest.raises(InputError) as raised:
        Client(url, USER, PASSWORD)
    assert not {"hunter2", "hun", "ter2", "cady"} & set(re.split(r"\W+", str(raised.value)))
    assert "--password-file" in str(raised.value) and "***@" in str(raised.value)
    if url.startswith("https://cady") and "[" not in url:
        assert "(https://***@lrs.example/xAPI/)" in str(raised.value)


def test_shown_url_hides_userinfo_and_control_characters() -> None:
    assert shown_url("https://u:p@lrs.example/x") == "https://***@lrs.example/x"
    assert shown_url("https://lrs.example/\x1b[2J") == "https://lrs.example/\\x1b[2J"
    assert len(shown_url("https://lrs.example/" + "a" * 500)) == 200
