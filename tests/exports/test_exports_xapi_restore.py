"""xAPI sync that survives a restore, a second LRS and a conflict, against a real Ralph
LRS: the actor id and the sent marks travel in the JSON export and come back on
import; marks are per LRS endpoint; a 409 on one statement never blocks the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alnco.exports.document import render_json
from exports_helpers import fixed_profile, make_data
from lrs_servers import PASSWORD, USER, endpoint_of, make_auth, misbehaving_lrs, \
    stored_statements
from ralph_appending import appending_ralph

FIRST, SECOND = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"


@pytest.fixture
def person(alnco, tmp_path):
    """A record without an EWC number (so an opaque xAPI actor), 2 completed entries and
    1 planned, and a private password file; `at(name)` runs alnco on another record."""
    source = tmp_path / "start.json"
    source.write_bytes(render_json(make_data(profile=fixed_profile(ewc_number=""))))
    assert alnco("import", str(source)).returncode == 0
    secret = tmp_path / "lrs-password"
    secret.write_text(PASSWORD + "\n")
    secret.chmod(0o600)

    def at(name: str):
        return lambda *args: alnco(*args, env={"ALNCO_RECORD": str(tmp_path / name)})

    return alnco, secret, at


def push(run, endpoint: str, secret: Path, *extra: str):
    return run("push", "--lrs", endpoint, "--user", USER, "--password-file", str(secret),
               *extra)


def record(path: Path) -> dict:
    return json.loads(path.read_text())


def actor_of(path: Path) -> str:
    [doc] = record(path)["xapi_actor"].values()
    return doc["id"]


def export_json(run, path: Path) -> dict:
    result = run("export", "--format", "json", "-o", str(path))
    assert result.returncode == 0, result.stderr
    return json.loads(path.read_text())


@pytest.fixture
def ralph_folder(ralph, tmp_path):
    make_auth(ralph, tmp_path)
    return ralph, tmp_path


def test_a_restored_record_carries_on_pushing_as_the_same_person(person, ralph_folder,
                                                                  tmp_path) -> None:
    alnco, secret, at = person
    python, folder = ralph_folder
    with appending_ralph(python, folder) as endpoint:
        first = push(alnco, endpoint, secret)
        assert first.returncode == 0 and "Sent 2 statements" in first.stdout, first.stderr
        exported = export_json(alnco, tmp_path / "backup.json")
        assert exported["xapi"]["actor_id"] == actor_of(tmp_path / "record.json")
        assert [m["entry_id"] for m in exported["xapi"]["sent"]] == [FIRST, SECOND]
        assert exported["xapi"]["sent"][0]["endpoint"] == endpoint + "statements"

        # A new machine: a fresh record, restored from the export.
        restored = at("restored.json")
        dry = restored("import", "--dry-run", str(tmp_path / "backup.json"))
        assert "your xAPI identity restored from the file" in dry.stdout, dry.stdout
        assert "2 entries marked as sent to 1 LRS" in dry.stdout, dry.stdout
        assert restored("import", str(tmp_path / "backup.json")).returncode == 0
        assert actor_of(tmp_path / "restored.json") == actor_of(tmp_path / "record.json")

        again = push(restored, endpoint, secret)  # nothing new: no 409 storm either
        assert again.returncode == 0 and "Sent 0 statements" in again.stdout, again.stderr
        assert restored("log", "add", "--title", "After the restore", "--hours", "1",
                        "--date", "2026-11-02").returncode == 0
        new = push(restored, endpoint, secret)
        assert new.returncode == 0 and "Sent 1 statement to" in new.stdout, new.stderr
        stored = stored_statements(endpoint)
    assert len(stored) == 3
    assert {s["actor"]["account"]["name"] for s in stored} == {
        actor_of(tmp_path / "record.json")}


def test_a_second_lrs_gets_everything_and_resend_sends_again(person, ralph_folder) -> None:
    alnco, secret, _at = person
    python, folder = ralph_folder
    with appending_ralph(python, folder) as pilot, appending_ralph(python, folder) as regional:
        assert "Sent 2 statements" in push(alnco, pilot, secret).stdout
        assert "Sent 0 statements" in push(alnco, pilot, secret).stdout
        # The same LRS typed differently is the same endpoint.
        assert "Sent 0 statements" in push(alnco, pilot.replace("http:", "HTTP:") + "statements/",
                                           secret).stdout
        second = push(alnco, regional, secret)
        assert second.returncode == 0 and "Sent 2 statements" in second.stdout, second.stderr
        resent = push(alnco, pilot, secret, "--resend")  # Ralph holds them: keeps one copy
        assert resent.returncode == 0 and "Sent 2 statements" in resent.stdout, resent.stderr
        assert len(stored_statements(pilot)) == 2 and len(stored_statements(regional)) == 2


def test_a_conflict_on_one_statement_does_not_block_the_others(person, ralph_folder,
                                                               tmp_path) -> None:
    """The issue's case: a restore from an export made before the actor travelled in
    it (no "xapi" section): a new random actor, so the LRS answers 409 for the old ids."""
    alnco, secret, at = person
    python, folder = ralph_folder
    with appending_ralph(python, folder) as endpoint:
        assert push(alnco, endpoint, secret).returncode == 0
        old = export_json(alnco, tmp_path / "old.json")
        del old["xapi"]
        (tmp_path / "old.json").write_text(json.dumps(old))
        restored = at("restored.json")
        assert restored("import", str(tmp_path / "old.json")).returncode == 0
        assert restored("log", "add", "--title", "New learning", "--hours", "2",
                        "--date", "2026-11-02").returncode == 0
        result = push(restored, endpoint, secret)
        stored = stored_statements(endpoint)
    assert result.returncode == 1, result.stderr
    assert "Sent 1 statement to" in result.stdout
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("alnco: warning: 2 entries were not sent")
    assert "00000000 Cod ADY: hanfodion ŵ ŷ â" in warning and "HTTP 409" in warning
    assert "alnco import FILE" in warning and "\x1b" not in warning
    assert len(stored) == 3  # the new entry went through
    marked = [d["id"] for d in record(tmp_path / "restored.json")["xapi_sent"].values()]
    assert FIRST not in marked and SECOND not in marked and len(marked) == 1


def test_importing_another_identity_keeps_yours_and_says_so(person, tmp_path) -> None:
    alnco, secret, at = person
    with misbehaving_lrs("ok") as server:
        assert push(alnco, endpoint_of(server), secret).returncode == 0
        other = at("other.json")
        assert other("log", "add", "--title", "Mine", "--hours", "1").returncode == 0
        assert push(other, endpoint_of(server), secret).returncode == 0  # its own actor
    mine = actor_of(tmp_path / "other.json")
    export_json(alnco, tmp_path / "backup.json")
    result = other("import", str(tmp_path / "backup.json"))
    assert result.returncode == 0, result.stderr
    assert "the file's xAPI identity differs from this record's" in result.stdout
    assert actor_of(tmp_path / "other.json") == mine
    twice = other("import", str(tmp_path / "backup.json"))  # marks merged once
    assert "marked as sent" not in twice.stdout
    assert len(record(tmp_path / "other.json")["xapi_sent"]) == 3


def test_old_marks_mean_the_lrs_they_name_and_marks_are_per_endpoint(person,
                                                                     tmp_path) -> None:
    alnco, secret, _at = person
    with misbehaving_lrs("ok") as pilot, misbehaving_lrs("ok") as regional:
        assert push(alnco, endpoint_of(pilot), secret).returncode == 0
        # As an older alnco wrote them: no "endpoint", only "sent_to".
        data = record(tmp_path / "record.json")
        for doc in data["xapi_sent"].values():
            del doc["endpoint"]
        (tmp_path / "record.json").write_text(json.dumps(data))
        pilot.requests[:] = []
        again = push(alnco, endpoint_of(pilot) + "/", secret)
        assert "Sent 0 statements" in again.stdout and pilot.requests == []
        other = push(alnco, endpoint_of(regional), secret)
        assert "Sent 2 statements" in other.stdout, other.stderr
        assert len(regional.requests) == 1


def test_an_endpoint_is_the_same_however_it_is_typed() -> None:
    from alnco.exports.sources import endpoint_key

    same = {endpoint_key(url) for url in (
        "https://LRS.example/xAPI/", "https://lrs.example:443/xAPI",
        "HTTPS://lrs.example/xAPI/statements", "https://lrs.example/xAPI/statements/")}
    assert same == {"https://lrs.example/xAPI/statements"}
    assert endpoint_key("http://lrs.example:8080/xAPI/") == \
        "http://lrs.example:8080/xAPI/statements"
    assert endpoint_key("https://lrs.example/xAPI/?tenant=7") == \
        "https://lrs.example/xAPI/statements?tenant=7"
    assert len({endpoint_key("https://pilot.example/xAPI/"),
                endpoint_key("https://regional.example/xAPI/")}) == 2


def test_resend_of_an_entry_edited_since_it_was_sent_says_so(person, ralph_folder) -> None:
    alnco, secret, _at = person
    python, folder = ralph_folder
    with appending_ralph(python, folder) as endpoint:
        assert "Sent 2 statements" in push(alnco, endpoint, secret).stdout
        assert alnco("log", "edit", FIRST, "--hours", "5").returncode == 0
        resent = push(alnco, endpoint, secret, "--resend")
    assert resent.returncode == 1
    assert "Sent 1 statement to" in resent.stdout, resent.stderr
    assert "1 entry was not sent again: it was edited after it was sent" in resent.stderr
    assert FIRST[:8] in resent.stderr and "import" not in resent.stderr
