"""`alnco submit`: a co-ordinator copy into an inbox that keeps it private.

These run the real command against inbox folders made with the permissions
docs/admin.md gives (and with each one missing). The same flow across real
users over SSH is in tests/ssh/test_ssh_submit.py.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

INBOX_MODE = 0o3773  # setgid + sticky, rwx for owner and group, -wx for others


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.chmod(folder, INBOX_MODE)
    return folder


@pytest.fixture
def ann(alnco):
    assert alnco("profile", "set", "--name", "Ann Jones", "--ewc-number", "0123456",
                 "--setting", "school").returncode == 0
    for title, reflection in (("Person-centred practice", "I felt unsure about Carys"),
                              ("IDP writing", "Private: parents upset")):
        result = alnco("log", "add", "--title", title, "--date", "2026-10-01", "--hours", "2",
                       "--evidence", "https://example.org/my-notes", "--reflection", reflection)
        assert result.returncode == 0, result.stderr
    return alnco


def copies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".json")


def test_submit_hands_in_a_private_copy_without_reflections_or_evidence(ann, inbox):
    result = ann("submit", "--to", str(inbox))
    assert result.returncode == 0, result.stderr
    assert "Handed in 2 entries" in result.stdout
    assert "Left out: evidence, reflections" in result.stdout
    [copy] = copies(inbox)
    info = copy.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert info.st_gid == inbox.stat().st_gid
    text = copy.read_text(encoding="utf-8")
    assert "Carys" not in text and "parents upset" not in text and "my-notes" not in text
    document = json.loads(text)
    assert document["format"] == "alnco-export"
    assert document["omitted"] == ["assessments", "evidence", "reflection"]
    assert document["profile"]["ewc_number"] == "0123456"
    assert len(document["entries"]) == 2
    assert not [p for p in inbox.iterdir() if p.name.startswith(".")], "no temporary file left"


def test_submitting_again_replaces_your_own_copy(ann, inbox):
    assert ann("submit", "--to", str(inbox)).returncode == 0
    [first] = copies(inbox)
    ann("log", "add", "--title", "Third", "--date", "2026-10-02", "--hours", "1")
    result = ann("submit", "--to", str(inbox))
    assert result.returncode == 0, result.stderr
    assert "replacing your earlier copy" in result.stdout
    assert copies(inbox) == [first]
    assert len(json.loads(first.read_text())["entries"]) == 3


def test_a_copy_the_coordinator_removed_is_handed_in_afresh(ann, inbox):
    assert ann("submit", "--to", str(inbox)).returncode == 0
    [first] = copies(inbox)
    first.unlink()
    result = ann("submit", "--to", str(inbox))
    assert result.returncode == 0 and "a new copy" in result.stdout
    assert len(copies(inbox)) == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_file_someone_else_owns_under_your_old_name_is_never_touched(ann, inbox):
    assert ann("submit", "--to", str(inbox)).returncode == 0
    [first] = copies(inbox)
    first.write_text("someone else's", encoding="utf-8")
    os.chown(first, 54321, 54321)
    result = ann("submit", "--to", str(inbox))
    assert result.returncode == 0, result.stderr
    assert first.read_text(encoding="utf-8") == "someone else's"
    assert len(copies(inbox)) == 2


@pytest.mark.parametrize("mode, fix", [
    (0o2773, "+t"),          # no sticky bit: others could remove or replace a copy
    (0o1773, "g+s"),         # no setgid bit: the copy would not reach the co-ordinators
    (0o3777, "o-r"),         # readable by others: anyone could list the copies
])
def test_an_inbox_that_would_not_keep_the_copy_private_is_refused(ann, inbox, mode, fix):
    os.chmod(inbox, mode)
    result = ann("submit", "--to", str(inbox))
    assert result.returncode == 1
    assert result.stderr.startswith("alnco: error: the inbox")
    assert f"sudo chmod {fix}" in result.stderr
    assert list(inbox.iterdir()) == []


def test_an_inbox_reached_through_a_folder_others_can_change_is_refused(ann, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)  # not sticky: anyone could swap the inbox for their own folder
    folder = shared / "inbox"
    folder.mkdir()
    os.chmod(folder, INBOX_MODE)
    result = ann("submit", "--to", str(folder))
    assert result.returncode == 1
    assert "is not safe" in result.stderr and "chmod go-w" in result.stderr
    assert list(folder.iterdir()) == []


def test_without_an_inbox_submit_says_where_to_ask(ann):
    result = ann("submit")
    assert result.returncode == 1
    assert "no inbox is set up" in result.stderr and "--to DIR" in result.stderr


def test_a_missing_inbox_names_the_admin_docs(ann, tmp_path):
    result = ann("submit", "--to", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "docs/admin.md" in result.stderr


def test_the_system_layer_names_the_inbox(ann, inbox, cli_env):
    system = Path(cli_env["ALNCO_SYSTEM_DIR"])
    system.mkdir()
    (system / "defaults.toml").write_text(f'[submit]\ninbox = "{inbox}"\n', encoding="utf-8")
    result = ann("submit")
    assert result.returncode == 0, result.stderr
    assert len(copies(inbox)) == 1


def test_a_defaults_file_others_could_change_is_not_trusted(ann, inbox, cli_env):
    system = Path(cli_env["ALNCO_SYSTEM_DIR"])
    system.mkdir()
    defaults = system / "defaults.toml"
    defaults.write_text(f'[submit]\ninbox = "{inbox}"\n', encoding="utf-8")
    os.chmod(defaults, 0o666)
    result = ann("submit")
    assert result.returncode == 1
    assert "alnco: warning: skipped" in result.stderr and "no inbox is set up" in result.stderr
    assert copies(inbox) == []


def test_include_hands_in_reflections_when_asked(ann, inbox):
    result = ann("submit", "--to", str(inbox), "--include", "reflection")
    assert result.returncode == 0, result.stderr
    [copy] = copies(inbox)
    document = json.loads(copy.read_text(encoding="utf-8"))
    assert document["omitted"] == ["assessments", "evidence"]
    assert "Carys" in copy.read_text(encoding="utf-8")
    assert "my-notes" not in copy.read_text(encoding="utf-8")


def test_include_refuses_other_field_names(ann, inbox):
    result = ann("submit", "--to", str(inbox), "--include", "hours")
    assert result.returncode == 2
    assert "reflection, evidence or assessments" in result.stderr


def test_doctor_says_whether_the_inbox_keeps_copies_private(ann, inbox, cli_env):
    system = Path(cli_env["ALNCO_SYSTEM_DIR"])
    system.mkdir()
    (system / "defaults.toml").write_text(f'[submit]\ninbox = "{inbox}"\n', encoding="utf-8")
    good = ann("doctor")
    assert good.returncode == 0, good.stdout + good.stderr
    [line] = [line for line in good.stdout.splitlines() if " inbox " in f" {line} "]
    assert line.startswith("ok") and "private" in line
    os.chmod(inbox, 0o3777)
    bad = ann("doctor")
    assert bad.returncode == 1
    [line] = [line for line in bad.stdout.splitlines() if " inbox " in f" {line} "]
    assert line.startswith("problem") and "sudo chmod o-r" in line
