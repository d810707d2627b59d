"""`alnco cohort DIR` in a real terminal, with enough files that workers read
them while the app starts: the rows arrive, Enter re-reads one person's file,
and the warnings are left in the terminal after the app closes."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from real_terminal import Terminal

sys.path.insert(0, str(Path(__file__).parents[1] / "exports"))

from cohort_files import write_cohort  # noqa: E402

from alnco.exports.parallel import PARALLEL_FROM  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux) for the real-terminal test"),
]


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        "ALNCO_RECORD": str(tmp_path / "record.json"),
        "ALNCO_TODAY": "2026-11-03",
        "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", ""),
    }


def joined_screen(terminal: Terminal, text: str, timeout: float = 20) -> str:
    """The pane with wrapped lines joined and its history, once `text` is in it
    (tmux sometimes leaves a dead pane's exit status out: not relied on here)."""
    deadline = time.monotonic() + timeout
    shown = ""
    while text not in shown and time.monotonic() < deadline:
        time.sleep(0.1)
        shown = terminal.tmux("capture-pane", "-p", "-J", "-S", "-100")
    return shown


def test_the_cohort_app_reads_in_workers_and_opens_one_person(tmp_path: Path) -> None:
    people = PARALLEL_FROM + 2
    paths = write_cohort(tmp_path / "inbox", people=people, entries=12)
    (tmp_path / "inbox" / "truncated.json").write_text(paths[1].read_text()[:100])
    env = environment(tmp_path)
    terminal = Terminal(tmp_path, env, [sys.executable, "-m", "alnco", "cohort",
                                        str(tmp_path / "inbox")])
    try:
        shown = terminal.wait_for(f"{people} of {people} people", timeout=60)
        assert "1 files skipped" in shown
        assert "Gwyn [/] ap Ŵyn" in shown and " root " in shown  # names as typed; owners
        terminal.keys("Enter")  # the person most at risk, read again from their file
        shown = terminal.wait_for("· owner root ·")
        assert "EWC number 1000" in shown and "Requirement" in shown and "Title" in shown
        terminal.keys("Escape")
        terminal.wait_for(f"{people} of {people} people")
        terminal.keys("q")
        # Printed once the app closed, so they stay in the terminal.
        after = joined_screen(terminal, "truncated.json is not an alnco")
        assert "alnco: warning: skipped: " in after and "truncated.json is not an alnco" in after
        assert "Traceback" not in after
    finally:
        terminal.close()


def test_when_no_file_can_be_used_the_app_closes_and_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(PARALLEL_FROM + 2):  # enough to be read by workers while the app starts
        (folder / f"notes-{n:02d}.json").write_text('{"format": "something-else"}')
    terminal = Terminal(tmp_path, environment(tmp_path),
                        [sys.executable, "-m", "alnco", "cohort", str(folder)])
    try:
        after = joined_screen(terminal, "alnco: error: ")
        assert f"alnco: error: none of the {PARALLEL_FROM + 2} files could be used" in after
        assert f"notes-{PARALLEL_FROM + 1:02d}.json is not an alnco export" in after
        assert "Traceback" not in after
    finally:
        terminal.close()
