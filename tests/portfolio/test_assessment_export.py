"""Self-assessment travels with the record: the JSON export carries it, `import` merges
it by session id, and co-ordinator copies (`--omit`, `submit`) leave it out unless the
ALNCO asks for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TODAY = "2026-11-03"
INBOX_MODE = 0o3773  # as tests/core/test_submit.py: setgid + sticky, -wx for others


def make_runner(home: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(home / "data" / "record.json"), ALNCO_TODAY=TODAY,
               ALNCO_SYSTEM_DIR=str(home / "etc-alnco"), XDG_DATA_HOME=str(home / "xdg"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8")
    (home / "data").mkdir(mode=0o700, parents=True)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "alnco", *args], capture_output=True,
                              text=True, env=env, timeout=120)
    return run


@pytest.fixture
def rated(tmp_path: Path):
    run = make_runner(tmp_path / "ann")
    assert run("profile", "set", "--name", "Ann", "--setting", "school").returncode == 0
    assert run("log", "add", "--title", "IDP writing", "--date", "2026-10-01", "--hours", "2",
               "--reflection", "private thoughts").returncode == 0
    assert run("assess", "set", "a=2", "b=3", "--on", "2026-03-01").returncode == 0
    assert run("assess", "set", "a=4", "pedagogy=3").returncode == 0
    return run


def sessions(run) -> list[dict]:
    return json.loads(run("assess", "show", "--format", "json").stdout)["assessments"]


def test_the_json_export_carries_every_session(rated, tmp_path) -> None:
    document = json.loads(rated("export", "--format", "json").stdout)
    assert [s["on"] for s in document["assessments"]] == ["2026-03-01", "2026-11-03"]
    assert document["assessments"][1]["ratings"] == {"task:a": 4, "standard:pedagogy": 3}
    assert set(document["assessments"][0]) == {"id", "on", "framework", "ratings",
                                               "created_at"}
    narrowed = json.loads(rated("export", "--format", "json", "--from", "2026-09-01").stdout)
    assert [s["on"] for s in narrowed["assessments"]] == ["2026-11-03"]


def test_omit_assessments_leaves_them_out_and_says_so(rated) -> None:
    copy = json.loads(rated("export", "--format", "json", "--omit", "assessments").stdout)
    assert "assessments" not in copy and copy["omitted"] == ["assessments"]
    assert copy["entries"][0]["reflection"] == "private thoughts"  # only what was named
    refused = rated("export", "--format", "json", "--omit", "ratings")
    assert refused.returncode == 2 and "evidence, reflection, assessments" in refused.stderr


def test_import_merges_sessions_by_id(rated, tmp_path) -> None:
    exported = tmp_path / "export.json"
    assert rated("export", "--format", "json", "-o", str(exported)).returncode == 0
    other = make_runner(tmp_path / "bob")
    assert other("assess", "set", "c=5").returncode == 0
    result = other("import", str(exported))
    assert result.returncode == 0, result.stderr
    assert "2 self-assessment sessions added" in result.stdout
    assert sorted(s["on"] for s in sessions(other)) == ["2026-03-01", "2026-11-03",
                                                       "2026-11-03"]
    again = other("import", str(exported))
    assert again.returncode == 0 and len(sessions(other)) == 3  # same ids: nothing added
    assert "self-assessment" not in again.stdout
    # The restored ratings steer and show as they did.
    shown = json.loads(other("assess", "show", "--format", "json").stdout)
    latest = {k["key"]: k["latest"] for k in shown["keys"]}
    assert latest["task:a"] == 4 and latest["task:c"] == 5
    # A copy without them adds nothing and removes nothing.
    copy = tmp_path / "copy.json"
    assert rated("export", "--format", "json", "--omit", "assessments", "-o",
                 str(copy)).returncode == 0
    assert other("import", str(copy)).returncode == 0 and len(sessions(other)) == 3


@pytest.mark.parametrize("section", [
    "nope", [{"id": "x"}], [{"id": "x", "on": "2026-01-01", "ratings": {"task:a": 7}}],
])
def test_a_damaged_section_is_refused_and_nothing_is_imported(rated, tmp_path, section) -> None:
    document = json.loads(rated("export", "--format", "json").stdout)
    document["assessments"] = section
    document["entries"][0]["id"] = "11111111-1111-4111-8111-111111111111"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    other = make_runner(tmp_path / "bob")
    result = other("import", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith("alnco: error: ") and '"assessments" section' in result.stderr
    assert other("log", "list", "--format", "json").stdout.strip() == "[]"


def test_submit_leaves_them_out_unless_included(rated, tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.chmod(inbox, INBOX_MODE)
    result = rated("submit", "--to", str(inbox))
    assert result.returncode == 0, result.stderr
    assert "Left out: evidence, reflections, self-assessment" in result.stdout
    [copy] = sorted(inbox.glob("*.json"))
    document = json.loads(copy.read_text(encoding="utf-8"))
    assert "assessments" not in document
    assert document["omitted"] == ["assessments", "evidence", "reflection"]
    included = rated("submit", "--to", str(inbox), "--include", "assessments")
    assert included.returncode == 0, included.stderr
    [copy] = sorted(inbox.glob("*.json"))
    document = json.loads(copy.read_text(encoding="utf-8"))
    assert len(document["assessments"]) == 2
    assert document["omitted"] == ["evidence", "reflection"]
    refused = rated("submit", "--to", str(inbox), "--include", "ratings")
    assert refused.returncode == 2 and "reflection, evidence or assessments" in refused.stderr
