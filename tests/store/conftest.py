"""Fixtures for the store tests: another user, a folder they can use, the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from store_helpers import owned_by_nobody

TODAY = "2026-11-03"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """Another user's file in another folder, which alnco must never write or delete."""
    folder = tmp_path / "victim"
    folder.mkdir()
    target = folder / "precious.txt"
    target.write_text("someone else's data\n")
    owned_by_nobody(target)
    owned_by_nobody(folder)
    return target


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder under /tmp that a non-root user can reach (pytest's tmp_path is 0700 root)."""
    folder = Path(tempfile.mkdtemp(prefix="alnco-store-test-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
        ALNCO_LOCK_TIMEOUT="2",
    )
    return env


@pytest.fixture
def alnco(cli_env: dict[str, str], tmp_path: Path):
    """Run the real `alnco` command (a subprocess) against a private record."""

    def run(*args: str, env: dict[str, str | None] | None = None, input: str | None = None):
        merged = {**cli_env, **(env or {})}
        merged = {k: v for k, v in merged.items() if v is not None}
        return subprocess.run([sys.executable, "-m", "alnco", *args], input=input,
                              capture_output=True, text=True, encoding="utf-8",
                              env=merged, cwd=tmp_path, timeout=60)

    return run
