"""Fixtures for the evidence tests: a private record with one entry, a Context on it,
and the real `alnco` process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.context import Context
from alnco.model import Entry

TODAY = "2026-11-03"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        base.pop(name, None)
    base.update(
        ALNCO_RECORD=str(tmp_path / "data" / "record.json"),
        ALNCO_TODAY=TODAY,
        ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        ALNCO_LOCK_TIMEOUT="2",
    )
    (tmp_path / "data").mkdir(mode=0o700)
    return base


@pytest.fixture
def ctx(env: dict[str, str]) -> Context:
    return Context.from_options(environ=env)


@pytest.fixture
def entry(ctx: Context) -> Entry:
    made = Entry(title="Dyslexia course", date=date(2026, 10, 1), hours=Decimal(2))
    ctx.record.add_entry(made)
    return made


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "mine"
    folder.mkdir()
    made = {
        "cert.pdf": os.urandom(70_000),
        "notes.txt": "What I learned\n".encode() * 10,
        "slides.pptx": os.urandom(5_000),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


class Run:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.env = env
        self.cwd = cwd

    def __call__(self, *args: str, env: dict[str, str] | None = None, text: bool = True,
                 input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "alnco", *args], input=input,
                              capture_output=True, text=text,
                              encoding="utf-8" if text else None,
                              env={**self.env, **(env or {})}, cwd=self.cwd, timeout=60)


@pytest.fixture
def alnco(env: dict[str, str], tmp_path: Path) -> Run:
    return Run(env, tmp_path)
