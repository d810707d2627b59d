"""Layering rules that keep the CLI fast and the core usable without a terminal UI.

Harlequin checks the same rule with import-linter; here a fresh interpreter
imports every non-TUI module and must not have pulled in Textual.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHECK = r"""
import importlib, pkgutil, sys
names = []
# store/ and catalogue/ are mapped into alnco from their own folders, so each
# package's tree is walked separately.
for root in ("alnco", "alnco.store", "alnco.catalogue"):
    package = importlib.import_module(root)
    for info in pkgutil.walk_packages(package.__path__, root + "."):
        if info.name.startswith("alnco.tui") or info.name.endswith("__main__"):
            continue  # the TUI may import Textual; __main__ would run the CLI
        importlib.import_module(info.name)
        names.append(info.name)
for pkg in ("alnco.store.record", "alnco.catalogue.model", "alnco.cli"):
    assert pkg in sys.modules, pkg
leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(names), "modules imported; textual leaked:", leaked[:3])
sys.exit(1 if leaked else 0)
"""


def test_domain_never_imports_textual(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_store_and_catalogue_import_alone_without_textual(tmp_path: Path) -> None:
    code = ("import sys, alnco.store.record, alnco.catalogue;"
            "sys.exit('textual' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=tmp_path).returncode == 0


def test_a_log_command_never_loads_textual(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "alnco", "--record",
         str(tmp_path / "r.json"), "log", "add", "--title", "x", "--hours", "1"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    assert "alnco.store.record" in imported
    assert not [m for m in imported if m.startswith(("textual", "rich"))]


def test_store_catalogue_tui_are_never_top_level_names(tmp_path: Path) -> None:
    code = ("import importlib.util as u, sys;"
            "sys.exit(any(u.find_spec(n) for n in ('store', 'catalogue', 'tui')))")
    assert subprocess.run([sys.executable, "-c", code], cwd=tmp_path).returncode == 0


# ---------------------------------------------------------------- start-up cost
# `alnco status --short` runs at every login and `alnco log add` many times a day
# (issue 12: each at most 4x `python -c pass`). Each name below was once loaded
# by them without being used, at a cost of 1 to 5 ms each; bench/bench_status.py
# times them, these tests only say which modules a command loads.
NEVER_AT_START = ("textual", "rich", "zipfile", "importlib.resources", "alnco.catalogue.layers",
                  "alnco.exports")


RUN_AND_LIST = """
import sys
from alnco.cli import main
code = main(sys.argv[1:])
print("MODULES", *sorted(sys.modules), file=sys.stderr)
sys.exit(code)
"""


def _imported(tmp_path: Path, *args: str) -> list[str]:
    """The modules `alnco ARGS` has loaded when it ends, run as a user would (no
    ALNCO_TODAY). sys.modules, not -X importtime, which does not see the command
    modules the CLI loads through importlib."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "LANG": "C.UTF-8", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "ALNCO_SYSTEM_DIR": str(tmp_path / "etc")}
    result = subprocess.run([sys.executable, "-c", RUN_AND_LIST, *args],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr.rpartition("MODULES ")[2].split()


def _loaded(imported: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in imported if m in names or m.startswith(tuple(n + "." for n in names))]


def test_status_at_a_login_without_a_record_loads_neither_the_record_nor_progress(
        tmp_path: Path) -> None:
    imported = _imported(tmp_path, "--record", str(tmp_path / "none.json"), "status", "--short")
    assert "alnco.commands.status" in imported
    unused = ("alnco.store", "alnco.progress", "alnco.model", "alnco.parsing", "alnco.output",
              "tinydb", "orjson", "tomllib", "dateutil", "uuid", "tempfile", "decimal", "csv",
              "dataclasses", "inspect")
    assert _loaded(imported, NEVER_AT_START + unused) == []


def test_status_with_a_record_loads_no_writer_and_no_catalogue(tmp_path: Path) -> None:
    record = str(tmp_path / "record.json")
    _imported(tmp_path, "--record", record, "log", "add", "--title", "IDP clinic",
              "--hours", "2", "--status", "planned", "--date", "2099-01-15")
    imported = _imported(tmp_path, "--record", record, "status", "--short")
    assert "alnco.progress.engine" in imported
    # Saving (tempfile: shutil, bz2, lzma; TinyDB and the lock, only in a transaction),
    # printing tables (alnco.output: csv), finding the frameworks through
    # importlib.resources (zipfile) and parsing their TOML (they are read from their
    # JSON copies with orjson) are not needed here; nor is dateutil (periods move by
    # months with alnco.progress.periods.shift_months).
    unused = ("tempfile", "shutil", "alnco.output", "csv", "dateutil",
              "calendar") + READING_NEEDS_NO + NOT_FOR_ONE_COMMAND
    assert _loaded(imported, NEVER_AT_START + unused) == []
    # typing too (4 ms): the modules it reads import typing's names for their
    # annotations only (`TYPE_CHECKING = False; if TYPE_CHECKING: ...`).
    assert "typing" not in imported


# Each loaded by a one-shot command once, for ~9 ms (dataclasses, through inspect),
# ~2 ms (uuid, through platform) and ~1.5 ms (orjson, which imports both): the
# model, progress and settings are alnco.values classes, the record is read and
# written with alnco.strict_json and new ids come from os.urandom.
NOT_FOR_ONE_COMMAND = ("dataclasses", "inspect", "uuid", "platform", "orjson")


# Reading a record and the shipped frameworks: no writer, no TOML parser.
READING_NEEDS_NO = ("tinydb", "alnco.store.database", "alnco.store.lock", "tomllib")


def test_listing_and_progress_read_without_tinydb(tmp_path: Path) -> None:
    record = str(tmp_path / "record.json")
    _imported(tmp_path, "--record", record, "log", "add", "--title", "IDP clinic",
              "--hours", "2", "--date", "2026-10-01")
    listed = _imported(tmp_path, "--record", record, "log", "list")
    assert "alnco.store.record" in listed
    assert _loaded(listed, NEVER_AT_START + READING_NEEDS_NO + ("csv",)) == []
    progress = _imported(tmp_path, "--record", record, "progress")
    assert "alnco.progress.frameworks" in progress
    # progress reads the catalogue (TOML), found beside the package: no zipfile.
    writer = tuple(n for n in READING_NEEDS_NO if n != "tomllib")
    assert _loaded(progress, ("textual", "zipfile", "importlib.resources") + writer) == []


def test_status_reading_the_catalogue_finds_it_without_importlib_resources(
        tmp_path: Path) -> None:
    """An old entry that takes its task letters from its module: the shipped catalogue
    (and its TOML) is read, found beside the package rather than through zipfile."""
    from datetime import date
    from decimal import Decimal

    from alnco.model import Entry
    from alnco.store.record import Record

    record = tmp_path / "record.json"
    Record(record).add_entry(Entry(title="IDPs", date=date(2026, 10, 1), hours=Decimal(2),
                                   module_id="idp-writing"))
    imported = _imported(tmp_path, "--record", str(record), "status", "--short")
    assert "alnco.catalogue.layers" in imported
    unused = ("zipfile", "importlib.resources", "tinydb", "alnco.store.lock")
    assert _loaded(imported, unused) == []


def test_log_add_loads_no_framework_or_progress(tmp_path: Path) -> None:
    imported = _imported(tmp_path, "--record", str(tmp_path / "r.json"), "log", "add",
                         "--title", "Reading", "--hours", "1", "--date", "yesterday")
    assert "alnco.store.record" in imported
    # Saving writes its temp file by hand: tempfile would load shutil, bz2, lzma, random.
    unused = ("alnco.progress", "tomllib", "dateutil", "alnco.numerals", "calendar",
              "tempfile", "shutil", "csv") + NOT_FOR_ONE_COMMAND
    assert _loaded(imported, NEVER_AT_START + unused) == []
