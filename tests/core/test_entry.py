"""The `alnco` program's entry point (alnco.entry): the garbage collector is off
while alnco starts and on again, as in any Python program, for the command, or
for the app once it has started (it may then run for hours). Checked in a fresh interpreter: pytest's own
collector must not be touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = r"""
import gc, sys
import alnco.cli

states = {}

def fake_tui(ctx, started):
    states["app starting"] = gc.isenabled()
    started()  # what the app calls once it has started
    states["app drawn"] = gc.isenabled()
    return 0

alnco.cli._run_tui = fake_tui
from alnco.commands import status
real = status.show_status

def show_status(ctx, args):
    states["command"] = gc.isenabled()
    return real(ctx, args)

status.show_status = show_status
original_register = status.register

def register(commands, common):
    states["while starting"] = gc.isenabled()
    original_register(commands, common)
    commands.choices["status"].set_defaults(handler=show_status)

status.register = register
from alnco import entry
sys.argv = ["alnco", *sys.argv[1:]]
code = entry.main()
print(sorted(states.items()), code, gc.isenabled())
"""


def _probe(tmp_path: Path, *args: str) -> str:
    env = {**os.environ, "ALNCO_RECORD": str(tmp_path / "none.json"), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "ALNCO_SYSTEM_DIR": str(tmp_path / "etc")}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_command_starts_without_the_collector_and_runs_with_it(tmp_path: Path) -> None:
    assert _probe(tmp_path, "status", "--short") == (
        "[('command', True), ('while starting', False)] 0 True")


def test_the_app_starts_without_the_collector_and_runs_with_it(tmp_path: Path) -> None:
    assert _probe(tmp_path) == "[('app drawn', True), ('app starting', False)] 0 True"


def test_python_dash_m_alnco_is_the_same_program(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "alnco", "--version"], capture_output=True,
                            text=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("alnco ")
