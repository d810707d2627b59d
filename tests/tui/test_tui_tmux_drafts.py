"""Unsaved work and plain terminals, end to end in a real terminal (tmux).

A dropped connection: the app runs in tmux, a form is half filled, and the tmux
server is killed, which hangs up the pane's terminal as a dropped SSH session
does (SIGHUP). The draft must be on disk, private, and offered at the next start.
A terminal without UTF-8 (LANG=C, PYTHONIOENCODING=ascii) must show ASCII only.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from real_terminal import Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux) for the real-terminal test"),
]
TODAY = "2026-11-03"


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alnco", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "ALNCO_RECORD": str(tmp_path / "record.json"),
        "ALNCO_TODAY": TODAY,
        "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        **extra,
    }


# ---------------------------------------------------------------- a dropped connection
def app_pid(term: Terminal) -> int:
    """The app's process: the pane runs `exec python -m alnco`, so it is the pane's."""
    return term.pane_pid()


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")  # exited; waiting for whoever reaps it


def test_a_dropped_connection_keeps_the_form_as_a_draft_offered_at_the_next_start(tmp_path):
    # ALNCO_DRAFT_SECONDS=600: the draft can only come from the hang-up.
    env = base_env(tmp_path, LANG="C.UTF-8", ALNCO_DRAFT_SECONDS="600")
    first_dir = tmp_path / "first"
    first_dir.mkdir()
    term = Terminal(first_dir, env, ["exec", sys.executable, "-m", "alnco"])
    try:
        term.wait_for("Welcome to alnco")
        term.keys("Escape")
        term.wait_for("Skipped")
        term.keys("m")
        term.wait_for("No entries here")
        term.keys("n")
        term.wait_for("Tue 3 Nov 2026")
        term.keys("Tab")
        term.type("2h")
        term.keys("Tab")
        term.type("Dropped mid-sentence")
        term.wait_for("→ 2 h")
        pid = app_pid(term)
        assert not gone(pid)
    finally:
        term.close()  # kill-server: the pane's terminal hangs up, as a dropped SSH session
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not gone(pid):
        time.sleep(0.1)
    assert gone(pid), "the app did not exit after its terminal hung up"

    folder = tmp_path / "record.drafts"
    [draft] = folder.glob("entry-new-*.json")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert json.loads(draft.read_text())["fields"]["title"] == "Dropped mid-sentence"
    assert json.loads(cli(env, "log", "list", "--format", "json").stdout) == []

    second_dir = tmp_path / "second"
    second_dir.mkdir()
    term = Terminal(second_dir, env, ["exec", sys.executable, "-m", "alnco"])
    try:
        shown = term.wait_for("You have unsaved learning from")
        (tmp_path / "restore-80x24.txt").write_text(shown)
        term.keys("r")
        term.wait_for("Dropped mid-sentence")
        shown = term.wait_for("→ 2 h")  # the hours as typed, read again
        assert "Log learning" in shown
        term.keys("C-s")
        term.wait_for("Logged")
        term.keys("q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not gone(app_pid(term)):
            time.sleep(0.1)
    finally:
        term.close()
    [entry] = json.loads(cli(env, "log", "list", "--format", "json").stdout)
    assert (entry["title"], entry["hours"]) == ("Dropped mid-sentence", 2)
    assert not draft.exists()


# ---------------------------------------------------------------- a terminal without UTF-8
@pytest.mark.parametrize("locale", [{"LANG": "C"}, {"LANG": "C.UTF-8", "PYTHONIOENCODING": "ascii"}],
                         ids=["LANG=C", "PYTHONIOENCODING=ascii"])
def test_a_terminal_without_utf8_gets_ascii_and_no_escapes(tmp_path, locale):
    env = base_env(tmp_path, **locale)
    term = Terminal(tmp_path, env, ["exec", sys.executable, "-m", "alnco"])
    try:
        shown = term.wait_for("Welcome to alnco")
        screens = [shown]
        term.keys("Escape")
        screens.append(term.wait_for("not started"))  # the dashboard, statuses in words
        term.keys("m")
        term.wait_for("No entries here")
        term.keys("n")
        term.wait_for("Tue 3 Nov 2026")
        term.keys("Tab")
        term.type("1h")
        screens.append(term.wait_for("> 1 h"))  # the parsed reading, its arrow in ASCII
        name = locale.get("PYTHONIOENCODING", "lang-c")
        (tmp_path / f"ascii-{name}-80x24.txt").write_text("\n\n".join(screens))
    finally:
        term.close()
    for screen in screens:
        assert screen.isascii(), [line for line in screen.splitlines() if not line.isascii()]
        assert "\\u" not in screen and "\\x" not in screen
    dashboard = screens[1]
    assert "o 1" in dashboard or "o 11" in dashboard  # "o 11 not started": ○ in ASCII
    assert "#" in screens[2] or "|" in screens[2]  # the form's borders, drawn in ASCII


def test_sigterm_keeps_the_draft_and_ends_the_app(tmp_path):
    env = base_env(tmp_path, LANG="C.UTF-8", ALNCO_DRAFT_SECONDS="600")
    term = Terminal(tmp_path, env, ["exec", sys.executable, "-m", "alnco"])
    try:
        term.wait_for("Welcome to alnco")
        term.keys("Escape")
        term.wait_for("Skipped")
        term.keys("m")
        term.wait_for("No entries here")
        term.keys("n")
        term.wait_for("Tue 3 Nov 2026")
        term.keys("Tab")
        term.keys("Tab")
        term.type("Stopped by the system")
        term.wait_for("Stopped by the system")
        pid = app_pid(term)
        os.kill(pid, 15)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not gone(pid):
            time.sleep(0.1)
        assert gone(pid)
        assert "Log learning" not in term.screen()  # the terminal was given back
    finally:
        term.close()
    [draft] = (tmp_path / "record.drafts").glob("entry-new-*.json")
    assert json.loads(draft.read_text())["fields"]["title"] == "Stopped by the system"
