"""alnco over a real SSH connection, as two ALNCOs on one school server use it.

Each test logs in through a private sshd on loopback (see conftest.py): the app
runs in `ssh -tt` inside tmux at 80x24, and what it saved is checked with the
CLI over SSH, as the user.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from real_terminal import Terminal

pytestmark = pytest.mark.slow

SYSTEM_MODULE = """
[[module]]
id = "e2e-county-induction"
title = { en = "County ALNCO induction (e2e)", cy = "Sefydlu CADY y sir (e2e)" }
provider = "County ALN service"
mode = "face-to-face"
level = "awareness"
hours = 3
tasks = ["a"]
languages = ["en"]
url = "https://example.org/"
source = "test"
"""


def app_over_ssh(world, user: str, tmp: Path) -> Terminal:
    return Terminal(tmp, {"TERM": "xterm-256color", "LANG": "C.UTF-8",
                          "PATH": os.environ.get("PATH", "")},
                    world.ssh_argv(user, str(world.alnco), tty=True))


def test_an_alnco_logs_a_module_over_ssh_and_quits(world, ann, tmp_path) -> None:
    started = time.monotonic()
    term = app_over_ssh(world, ann, tmp_path)
    try:
        term.wait_for("Welcome to alnco", timeout=30)
        term.keys("Escape")  # skip onboarding
        term.wait_for("Skipped")
        term.keys("c")
        term.wait_for("Title (")
        term.keys("/")
        term.type("IDP")
        term.wait_for("IDP", timeout=10)
        term.keys("Enter")  # to the results, first one highlighted
        term.keys("l")  # log it as done today
        term.wait_for("Log learning")
        term.keys("C-s")
        shown = term.wait_for("Logged")
        (tmp_path / "catalogue-over-ssh-80x24.txt").write_text(shown)
        term.keys("q")
        term.wait_until_gone("Catalogue")
    finally:
        term.close()
    (tmp_path / "seconds.txt").write_text(f"{time.monotonic() - started:.1f}\n")
    result = world.alnco_cmd(ann, "log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert entry["module_id"] and entry["date"] == "2026-11-03" and entry["status"] == "completed"
    # The record is the user's own, private file in their own home.
    record = world.home(ann) / ".local/share/alnco/record.json"
    stat = record.stat()
    assert stat.st_uid == world_uid(ann) and stat.st_mode & 0o777 == 0o600
    assert record.parent.stat().st_mode & 0o777 == 0o700


def world_uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def test_one_alnco_cannot_read_anothers_record(world, ann, bob) -> None:
    assert world.alnco_cmd(ann, "log", "add", "--title", "Private reflection Ŵ",
                           "--hours", "1").returncode == 0
    theirs = world.home(ann) / ".local/share/alnco/record.json"
    peek = world.run(bob, "cat", str(theirs))
    assert peek.returncode != 0 and "Private reflection" not in peek.stdout
    through_alnco = world.alnco_cmd(bob, "log", "list", env={"ALNCO_RECORD": str(theirs)})
    assert through_alnco.returncode != 0
    assert "Private reflection" not in through_alnco.stdout + through_alnco.stderr
    assert "Traceback" not in through_alnco.stderr
    mine = world.alnco_cmd(bob, "log", "list", "--format", "json")
    assert mine.returncode == 0 and json.loads(mine.stdout) == []


def test_the_system_layer_is_seen_by_everyone_and_refused_when_another_user_can_write_it(
        world, ann, bob) -> None:
    published = world.system_dir / "catalogue" / "county.toml"
    published.write_text(SYSTEM_MODULE)
    os.chown(published, 0, 0)
    os.chmod(published, 0o644)
    try:
        for user in (ann, bob):
            shown = world.alnco_cmd(user, "catalogue", "show", "e2e-county-induction")
            assert shown.returncode == 0, shown.stderr
            assert "County ALNCO induction (e2e)" in shown.stdout
        os.chmod(published, 0o666)  # now any user could change what everyone is offered
        for user in (ann, bob):
            shown = world.alnco_cmd(user, "catalogue", "show", "e2e-county-induction")
            assert shown.returncode != 0 and "County ALNCO induction" not in shown.stdout
            assert str(published) in shown.stderr  # the warning names the file to fix
    finally:
        published.unlink()


def test_a_dropped_connection_mid_form_leaves_a_draft_to_recover(world, bob, tmp_path) -> None:
    term = app_over_ssh(world, bob, tmp_path)
    try:
        term.wait_for("Welcome to alnco", timeout=30)
        term.keys("Escape")
        term.wait_for("Skipped")
        term.keys("m")
        term.wait_for("My learning")
        term.keys("n")
        term.wait_for("Log learning")
        term.keys("Tab")
        term.type("2")
        term.keys("Tab")
        term.type("Half-typed over a bad link")
        time.sleep(1)
        # The link drops: the ssh client dies, sshd hangs up on the session.
        subprocess.run(["pkill", "-KILL", "-f", f"ssh -i {world.key}.*{bob}@"], check=False)
        time.sleep(2)
    finally:
        term.close()
    deadline = time.monotonic() + 15  # sshd ends the session; the app saves a draft on SIGHUP
    while time.monotonic() < deadline and world.run(bob, "pgrep", "-u", bob, "-f", "bin/alnco"
                                                     ).returncode == 0:
        time.sleep(0.3)
    assert world.alnco_cmd(bob, "log", "list", "--format", "json").stdout.strip() == "[]"
    (tmp_path / "again").mkdir()
    again = app_over_ssh(world, bob, tmp_path / "again")
    try:
        shown = again.wait_for("You have unsaved learning", timeout=30)
        (tmp_path / "draft-offered-80x24.txt").write_text(shown)
        again.keys("r")  # restore it into the form, finish it, save
        again.wait_for("Half-typed over a bad link")
        again.keys("C-s")
        again.wait_for("1 behind")  # saved: the hours line now counts it
        again.keys("q")
        again.wait_until_gone("Dashboard")
    finally:
        again.close()
    [entry] = json.loads(world.alnco_cmd(bob, "log", "list", "--format", "json").stdout)
    assert entry["title"] == "Half-typed over a bad link" and entry["hours"] == 2
    drafts = world.run(bob, "sh", "-c", "ls -A ~/.local/share/alnco/record.drafts")
    assert drafts.stdout.strip() == ""  # saved: the draft is gone
