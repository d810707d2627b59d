"""In a real terminal: a theme and a language chosen from the palette are still
there after quitting and starting alnco again, and config.toml holds them."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tomllib
from pathlib import Path

import pytest
from real_terminal import Terminal

from alnco.model import Profile
from alnco.store.record import Record

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux) for the "
                              "real-terminal test"),
]
HIGH_CONTRAST_KEYS = "38;2;255;255;0"  # the footer keys' yellow, as the terminal gets it


def start(tmp_path: Path, env: dict[str, str], run: int) -> Terminal:
    folder = tmp_path / f"run-{run}"  # a socket and script of its own for each start
    folder.mkdir()
    return Terminal(folder, env, [sys.executable, "-m", "alnco"])


def coloured_screen(terminal: Terminal) -> str:
    return terminal.tmux("capture-pane", "-p", "-e")


def test_theme_and_language_chosen_in_the_palette_survive_a_restart(tmp_path: Path):
    env = {
        "ALNCO_RECORD": str(tmp_path / "record.json"),
        "ALNCO_TODAY": "2026-11-03",
        "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", ""),
    }
    Record(Path(env["ALNCO_RECORD"])).set_profile(Profile(name="Ceri", institution="Ysgol"))

    terminal = start(tmp_path, env, 1)
    try:
        terminal.wait_for("Dashboard")
        assert HIGH_CONTRAST_KEYS not in coloured_screen(terminal)
        terminal.keys("C-p")
        terminal.wait_for("Search for commands")
        terminal.type("high contrast")
        terminal.wait_for("Theme: High contrast")
        terminal.keys("Enter")
        terminal.wait_until_gone("Search for commands")
        terminal.keys("C-p")
        terminal.wait_for("Search for commands")
        terminal.type("cymraeg")
        terminal.wait_for("Language: Welsh (Cymraeg)")
        terminal.keys("Enter")
        terminal.wait_for("Dangosfwrdd")
        terminal.keys("q")
        terminal.wait_until_gone("Dangosfwrdd")
    finally:
        terminal.close()

    config = Path(env["XDG_CONFIG_HOME"]) / "alnco" / "config.toml"
    assert tomllib.loads(config.read_text()) == {"app": {"theme": "high-contrast", "lang": "cy"}}
    assert stat.S_IMODE(config.stat().st_mode) == 0o600

    terminal = start(tmp_path, env, 2)
    try:
        shown = terminal.wait_for("Dangosfwrdd")  # Welsh from the first frame
        assert "Dashboard" not in shown
        assert HIGH_CONTRAST_KEYS in coloured_screen(terminal)
        terminal.keys("q")
        terminal.wait_until_gone("Dangosfwrdd")
    finally:
        terminal.close()
