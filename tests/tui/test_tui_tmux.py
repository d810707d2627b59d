"""End to end in a real terminal: tmux runs `alnco`, keys are sent, the CLI checks the record."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux) for the real-terminal test"),
]
TODAY = "2026-11-03"


class Terminal:
    """One tmux server on a private socket, one 80x24 window running a command."""

    def __init__(self, tmp: Path, env: dict[str, str], command: list[str]):
        self.socket = str(tmp / "tmux.sock")
        self.env = env
        script = tmp / "run.sh"
        exports = "".join(f"export {k}='{v}'\n" for k, v in env.items())
        script.write_text("#!/bin/sh\n" + exports + " ".join(command) + "\n")
        script.chmod(0o700)
        # remain-on-exit keeps the pane (and what the app last showed) if it ends early,
        # so a failure shows the screen instead of "no server running".
        self.tmux("new-session", "-d", "-x", "80", "-y", "24", str(script),
                  ";", "set-option", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    # At human speed. Textual hands each key to the focused widget's queue
    # before a Tab binding is resolved, so keys sent within the same few ms as
    # a Tab land in the field being left (seen here; a Textual limitation).
    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)
        time.sleep(0.3)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-l", text)
        time.sleep(0.3)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


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
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "My learning" in terminal.screen():
        time.sleep(0.1)

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
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "Catalogue" in terminal.screen():
        time.sleep(0.1)

    [entry] = json.loads(cli(terminal.env, "log", "list", "--format", "json").stdout)
    module = json.loads(cli(terminal.env, "catalogue", "show", entry["module_id"],
                            "--format", "json").stdout)
    assert "asesu" in (module["title"]["cy"] + module["summary"]["cy"]).lower()
    assert (entry["title"], entry["hours"], entry["date"], entry["status"]) == (
        module["title"]["en"], module["hours"], TODAY, "completed")
