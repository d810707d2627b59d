"""Fixtures for the exports tests: fixed data, the real CLI, and Ralph (own venv)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exports_helpers import FIXED_EPOCH, TODAY, Run, make_data, ralph_python


@pytest.fixture
def data():
    return make_data()


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(
        ALNCO_RECORD=str(tmp_path / "record.json"),
        ALNCO_TODAY=TODAY,
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        ALNCO_LOCK_TIMEOUT="5",
        SOURCE_DATE_EPOCH=FIXED_EPOCH,
    )
    return env


@pytest.fixture
def alnco(cli_env: dict[str, str], tmp_path: Path) -> Run:
    """The real `alnco` command as a subprocess, against a private record."""
    return Run(cli_env, tmp_path)


@pytest.fixture(scope="session")
def ralph() -> str:
    python = ralph_python()
    if python is None and os.environ.get("CI"):
        pytest.fail("Ralph is required in CI: python3 -m venv /opt/ralph-venv && "
                    "/opt/ralph-venv/bin/pip install 'ralph-malph[cli,lrs]' requests")
    if python is None:
        pytest.skip("Ralph (ralph-malph[cli,lrs]) is not installed: set ALNCO_TEST_RALPH_PYTHON "
                    "or install it in /opt/ralph-venv")
    return python


