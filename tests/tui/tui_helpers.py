"""Plain helpers for the TUI tests (a unique module name: every test folder has a
conftest.py, so `from conftest import ...` would depend on collection order)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from alnco.context import Context
from alnco.model import Entry

TODAY = "2026-11-03"  # a Tuesday
HOSTILE = ("[/]", "[bold", "[@click=app.quit]x[/]", "evil\x1b]52;c;aGk=\x07\x1b[2J")


def make_ctx(record_path: Path, **environ: str) -> Context:
    env = {"ALNCO_SYSTEM_DIR": str(record_path.parent / "etc-alnco")}
    env.update(environ)
    return Context.from_options(record=str(record_path), today=TODAY, lang="en", environ=env)


def entry(title: str, day: str, hours: str = "1.5", **fields) -> Entry:
    return Entry(title=title, date=date.fromisoformat(day), hours=Decimal(hours), **fields)


def still(app) -> None:
    """No blinking cursors, so snapshots are stable."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
