"""End to end in a real terminal: tmux runs `alnco`, keys are sent, the CLI checks the record."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from real_terminal import Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux) for the real-terminal test"),
]
TODAY = "2026-11-03"


@pytest.fixture
def terminal(tmp_path: Path):
    env = {
        "ALNCO_RECORD": str(tmp_path / "record.json"),
        "ALNCO_TODAY": TODAY,
        "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", ""),
    }
    term = Terminal(tmp_path, env, [sys.executable, "-m", "alnco"])
    yield term
    term.close()


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alnco", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_log_learning_in_a_real_terminal_then_check_it_with_the_cli(terminal, tmp_path):
    terminal.wait_for("Welcome to alnco")
    terminal.keys("Escape")  # skip onboarding
    terminal.wait_for("Skipped")
    terminal.keys("m")
    terminal.wait_for("No entries here")
    terminal.keys("n")
    terminal.wait_for("Log learning")
    shown = terminal.wait_for("Tue 3 Nov 2026")  # date first, today, read live
    terminal.keys("Tab")
    terminal.type("1h30")
    terminal.keys("Tab")
    terminal.type("Tmux [bold] course")
    terminal.wait_for("→ 1.5 h")
    terminal.keys("C-s")
    shown = terminal.wait_for("1 entry: 1.5 h completed")
    (tmp_path / "screen-80x24.txt").write_text(shown)
    assert "Tmux [bold] course" in shown
    terminal.keys("q")
    terminal.wait_until_gone("My learning")

    result = cli(terminal.env, "log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert (entry["title"], entry["hours"], entry["date"], entry["status"], entry["module_id"]) == (
        "Tmux [bold] course", 1.5, TODAY, "completed", None)


def test_find_a_module_in_the_catalogue_log_it_and_check_with_the_cli(terminal, tmp_path):
    terminal.wait_for("Welcome to alnco")
    terminal.keys("Escape")
    terminal.wait_for("Skipped")
    terminal.keys("c")
    terminal.wait_for("Title (")
    terminal.keys("/")
    terminal.type("asesu")  # Welsh for "assess": the search reads both languages
    terminal.wait_for("Assessment for ALN")
    terminal.keys("Enter")  # to the results, first one highlighted
    terminal.keys("l")  # log it as done: the form opens with today and its hours
    shown = terminal.wait_for("Log learning")
    assert "Tue 3 Nov 2026" in shown
    terminal.keys("C-s")
    shown = terminal.wait_for("Logged")
    (tmp_path / "catalogue-80x24.txt").write_text(shown)
    terminal.keys("q")
    terminal.wait_until_gone("Catalogue")

    [entry] = json.loads(cli(terminal.env, "log", "list", "--format", "json").stdout)
    module = json.loads(cli(terminal.env, "catalogue", "show", entry["module_id"],
                            "--format", "json").stdout)
    assert "asesu" in (module["title"]["cy"] + module["summary"]["cy"]).lower()
    assert (entry["title"], entry["hours"], entry["date"], entry["status"]) == (
        module["title"]["en"], module["hours"], TODAY, "completed")
