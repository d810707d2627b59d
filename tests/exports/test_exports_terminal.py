"""What reaches a terminal: the report's progress bar (only on a terminal, only
for many files), xlsx never dumped on a terminal, and no Textual/rich on import."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from cohort_files import write_cohort
from exports_helpers import assert_refused


def run_on_terminal(args: list[str], env: dict, cwd) -> tuple[int, bytes, bytes]:
    """Run alnco with stderr (and optionally stdout) on a pseudo-terminal."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "alnco", *args], stdout=subprocess.PIPE,
                               stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out = process.stdout.read()
    os.close(master)
    return process.wait(timeout=120), out, seen


def test_progress_bar_only_on_a_terminal_and_only_for_many_files(alnco, cli_env, tmp_path):
    write_cohort(tmp_path / "many", people=25, entries=5)
    write_cohort(tmp_path / "few", people=5, entries=5)
    code, out, terminal = run_on_terminal(["report", str(tmp_path / "many"), "--format",
                                           "json"], cli_env, tmp_path)
    assert code == 0
    assert b"Reading exports" in terminal
    assert b"Reading exports" not in out and out.startswith(b"{")
    code, _out, terminal = run_on_terminal(["report", str(tmp_path / "few")], cli_env, tmp_path)
    assert code == 0 and b"Reading exports" not in terminal
    piped = alnco("report", str(tmp_path / "many"))
    assert piped.returncode == 0 and "Reading exports" not in piped.stderr


def test_report_and_export_never_load_textual_or_rich_when_piped(alnco, cli_env, tmp_path):
    write_cohort(tmp_path / "few", people=3, entries=5)
    for args in (["report", str(tmp_path / "few")], ["export", "--format", "csv"]):
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "alnco", *args],
                                capture_output=True, text=True, env=cli_env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines()
                    if line.startswith("import time:")]
        assert not [m for m in imported if m.startswith(("textual", "rich"))], args


def test_xlsx_goes_to_a_pipe_but_not_to_a_terminal(alnco, cli_env, tmp_path) -> None:
    piped = alnco("export", "--format", "xlsx", "-o", "-", binary=True)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK")
    master, slave = pty.openpty()
    result = subprocess.run([sys.executable, "-m", "alnco", "export", "--format", "xlsx"],
                            stdout=slave, stderr=subprocess.PIPE, text=True, env=cli_env,
                            cwd=tmp_path, timeout=60)
    os.close(slave)
    os.close(master)
    assert_refused(result, 2, "-o FILE.xlsx")
