"""Fixtures for the core tests: a private record and the real `alnco` process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TODAY = "2026-11-03"  # a Tuesday


@pytest.fixture
def record_path(tmp_path: Path) -> Path:
    return tmp_path / "record.json"


@pytest.fixture
def cli_env(tmp_path: Path, record_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(
        ALNCO_RECORD=str(record_path),
        ALNCO_TODAY=TODAY,
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        ALNCO_LOCK_TIMEOUT="2",
    )
    return env


class Run:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.env = env
        self.cwd = cwd

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        result = subprocess.run(
            [sys.executable, "-m", "alnco", *args],
            input=input, capture_output=True, text=True, encoding="utf-8",
            env={**self.env, **(env or {})}, cwd=self.cwd, timeout=60,
        )
        return result


@pytest.fixture
def alnco(cli_env: dict[str, str], tmp_path: Path) -> Run:
    """Run the real `alnco` command (as a subprocess) against a private record."""
    return Run(cli_env, tmp_path)
