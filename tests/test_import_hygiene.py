"""Layering rules that keep the CLI fast and the core usable without a terminal UI.

Harlequin checks the same rule with import-linter; here a fresh interpreter
imports every non-TUI module and must not have pulled in Textual.
"""

from __future__ import annotations

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
