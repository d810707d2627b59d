"""Fixtures for the progress tests: modules, catalogues, entries and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from alnco.catalogue.model import Module
from alnco.model import Entry

TODAY = date(2026, 11, 3)


def _catalogue_of(modules):
    """The real Catalogue when the catalogue package has it, else the smallest stand-in
    (the engine reads only `.modules`)."""
    try:
        from alnco.catalogue.catalogue import Catalogue
    except ImportError:
        return SimpleNamespace(modules={m.id: m for m in modules}, problems=[])
    return Catalogue.from_modules(modules)


@pytest.fixture
def catalogue_of():
    return _catalogue_of


def module(id: str, hours="2", tasks=("a",), languages=("en",), **kw) -> Module:
    title = kw.pop("title", {"en": id.replace("-", " ").title()})
    return Module(id=id, title=title, hours=Decimal(str(hours)), tasks=tuple(tasks),
                  languages=tuple(languages), **kw)


def entry(on: date, hours="1", tasks=("a",), status="completed", module_id=None,
          title="Learning") -> Entry:
    return Entry(title=title, date=on, hours=Decimal(str(hours)), tasks=tuple(tasks),
                 status=status, module_id=module_id)


@pytest.fixture
def make_module():
    return module


@pytest.fixture
def make_entry():
    return entry


class Run:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.env, self.cwd = env, cwd

    def __call__(self, *args: str, env: dict | None = None):
        return subprocess.run(
            [sys.executable, "-m", "alnco", *args], capture_output=True, text=True,
            encoding="utf-8", env={**self.env, **(env or {})}, cwd=self.cwd, timeout=60,
        )


@pytest.fixture
def system_dir(tmp_path: Path) -> Path:
    return tmp_path / "etc-alnco"


@pytest.fixture
def alnco(tmp_path: Path, system_dir: Path) -> Run:
    """The real `alnco` (a subprocess) with a private record, system layer and today."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(
        ALNCO_RECORD=str(tmp_path / "record.json"),
        ALNCO_TODAY=TODAY.isoformat(),
        ALNCO_SYSTEM_DIR=str(system_dir),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        LANG="C.UTF-8", LC_ALL="C.UTF-8", ALNCO_LOCK_TIMEOUT="2",
    )
    return Run(env, tmp_path)
