"""In a real terminal (tmux, 80x24, keys at human speed): attach a file to an
entry from the form (with tab completing its name), see it in My learning,
then rate confidence from the dashboard; the command line checks the record."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from real_terminal import Terminal

from alnco.context import Context
from portfolio_support import seed

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux) for the real-terminal test"),
]
TODAY = "2026-11-03"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "ALNCO_RECORD": str(tmp_path / "record.json"),
        "ALNCO_TODAY": TODAY,
        "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", ""),
    }


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alnco", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_attach_a_file_and_rate_confidence_in_a_real_terminal(env, tmp_path):
    seed(Context.from_options(record=env["ALNCO_RECORD"], today=TODAY, lang="en",
                              environ={"ALNCO_SYSTEM_DIR": env["ALNCO_SYSTEM_DIR"]}))
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "certificate.txt").write_text("Certificate of attendance\n", encoding="utf-8")
    terminal = Terminal(tmp_path, env, [sys.executable, "-m", "alnco"])
    try:
        terminal.wait_for("Suggested next")
        terminal.keys("m")
        terminal.wait_for("IDP writing workshop")
        terminal.keys("Enter")  # edit the newest entry
        terminal.wait_for("Edit learning")
        for _field in range(6):  # date, hours, title, status, mode, evidence: the attach field
            terminal.keys("Tab")
        terminal.type("~/Documents/cer")
        terminal.keys("Tab")  # completes the name
        terminal.keys("Enter")  # adds the file
        terminal.wait_for("certificate.txt will be attached when you save")
        terminal.keys("C-s")
        shown = terminal.wait_for("Files: certificate.txt (26 B)")
        assert "Standards:" in shown
        terminal.keys("o")
        terminal.wait_for("Certificate of attendance")
        terminal.keys("Escape")
        terminal.keys("d")
        terminal.wait_for("confidence rating is due")
        terminal.keys("a")
        terminal.wait_for("Rate your confidence")
        for rating in "34251":  # tasks a to e
            terminal.keys(rating)
        terminal.keys("C-s")
        terminal.wait_for("Confidence saved")
        shown = terminal.wait_for("Confidence ")
        assert "confidence rating is due" not in shown
        terminal.keys("C-q")
        terminal.wait_until_gone("Confidence saved")
    finally:
        terminal.close()

    listed = cli(env, "evidence", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    files = json.loads(listed.stdout)
    assert [(f["name"], f["size"]) for f in files] == [("certificate.txt", 26)]
    doctor = cli(env, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    rated = cli(env, "assess", "show", "--format", "json")
    assert rated.returncode == 0, rated.stderr
    shown = json.loads(rated.stdout)
    latest = {item["key"]: item["latest"] for item in shown["keys"]}
    assert {key: latest[key] for key in ("task:a", "task:b", "task:c", "task:d", "task:e")} \
        == {"task:a": 3, "task:b": 4, "task:c": 2, "task:d": 5, "task:e": 1}
    assert latest["task:f"] is None
    assert shown["due"] is False  # rated this term
