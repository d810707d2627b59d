"""The LRS client: batches, headers, acknowledgement, and errors that lose nothing."""

from __future__ import annotations

import base64

import pytest

from alnco.errors import InputError
from alnco.exports.lrs import Client, LRSError, push, read_password, statements_url
from alnco.exports.xapi_export import statements
from exports_helpers import make_data
from lrs_servers import (PASSWORD, USER, endpoint_of, make_auth, misbehaving_lrs, ralph_lrs,
                         stored_statements)


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
        assert push(client, produced, acknowledged.append, size=10) == 2
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
                                           (409, "HTTP 409"), (401, "user name or password")])
def test_http_errors_are_clear_and_nothing_is_acknowledged(status, words) -> None:
    acknowledged = []
    with misbehaving_lrs(str(status)) as server:
        with pytest.raises(LRSError, match=words.replace("(", r"\(")) as raised:
            push(Client(endpoint_of(server), USER, PASSWORD, timeout=5),
                 statements(make_data()), acknowledged.append)
    assert acknowledged == []
    assert "\x1b" not in str(raised.value)


def test_a_timeout_is_clear_and_nothing_is_acknowledged() -> None:
    acknowledged = []
    with misbehaving_lrs("sleep") as server:
        with pytest.raises(LRSError, match="did not answer within 1 seconds"):
            push(Client(endpoint_of(server), USER, PASSWORD, timeout=1),
                 statements(make_data()), acknowledged.append)
    assert acknowledged == []


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
    with pytest.raises(InputError):
        statements_url("ftp://lrs.example/")
