"""Fixtures for the catalogue tests: contexts with private layers, and the real CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from alnco.context import Context

TODAY = date(2026, 11, 3)


def _module_toml(module_id: str, title: str = "A module", **fields: object) -> str:
    """One valid [[module]] table, with `fields` added or replacing defaults (None drops)."""
    values: dict[str, object] = {
        "id": f'"{module_id}"',
        "title": f'{{ en = "{title}", cy = "Modiwl {title}" }}',
        "mode": '"online"',
        "level": '"awareness"',
        "hours": "2",
        "tasks": '["a"]',
        "languages": '["en", "cy"]',
    }
    values.update({k: v for k, v in fields.items()})
    body = "".join(f"{k} = {v}\n" for k, v in values.items() if v is not None)
    return "[[module]]\n" + body + "\n"


@pytest.fixture
def module_toml():
    return _module_toml


@pytest.fixture
def make_ctx(tmp_path: Path):
    """A Context whose system and data folders are private to the test."""

    def make(catalogue: Path | None = None, language: str = "en") -> Context:
        environ = {
            "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"),
            "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        }
        return Context(
            record_path=tmp_path / "record.json", record_is_default=False, today=TODAY,
            language=language, catalogue_path=catalogue,
            system_dir=tmp_path / "etc-alnco", environ=environ,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )

    return make


@pytest.fixture
def system_dir(tmp_path: Path) -> Path:
    return tmp_path / "etc-alnco"


@pytest.fixture
def imported_file(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data" / "alnco" / "catalogue" / "imported.toml"


class Run:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.env = env
        self.cwd = cwd

    def __call__(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "alnco", *args], capture_output=True, text=True,
            encoding="utf-8", env={**self.env, **(env or {})}, cwd=self.cwd, timeout=60,
        )


@pytest.fixture
def alnco(tmp_path: Path) -> Run:
    """The real `alnco` process, with a private record, system folder and data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(
        ALNCO_RECORD=str(tmp_path / "record.json"),
        ALNCO_TODAY=TODAY.isoformat(),
        ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS="200",
    )
    return Run(env, tmp_path)
