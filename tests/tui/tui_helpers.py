"""Plain helpers for the TUI tests (a unique module name: every test folder has a
conftest.py, so `from conftest import ...` would depend on collection order).
The sample catalogue and progress answer are in tui_samples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from alnco.context import Context
from alnco.model import Entry
from tui_samples import catalogue_of, sample_modules
from tui_waiting import settle

TODAY = "2026-11-03"  # a Tuesday
# Hostile text: markup, a click action, and terminal escapes (OSC 52, clear screen).
HOSTILE = ("[/]", "[bold", "[@click=app.quit]x[/]", "evil\x1b]52;c;aGk=\x07\x1b[2J")
HOSTILE_TEXT = "Notes [/] and [bold [@click=app.quit]x[/] \x1b[2J\x1b]52;c;aGk=\x07 end"


def make_ctx(record_path: Path, *, today: str = TODAY, lang: str = "en",
             **environ: str) -> Context:
    """A Context on the private record, with its own (empty) system layer."""
    env = {"ALNCO_SYSTEM_DIR": str(record_path.parent / "etc-alnco")}
    env.update(environ)
    return Context.from_options(record=str(record_path), today=today, lang=lang, environ=env)


def entry(title: str, day: str, hours: str = "1.5", **fields) -> Entry:
    return Entry(title=title, date=date.fromisoformat(day), hours=Decimal(hours), **fields)


def still(app) -> None:
    """No blinking cursors, so snapshots are stable."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False


def start_app(ctx, monkeypatch, modules=None, progress=None):
    """The real app (create_app) on a record with a profile (so no onboarding),
    with `modules` as the whole catalogue and, if given, a fixed progress answer."""
    from alnco.model import Profile
    from alnco.tui.app import create_app
    import alnco.tui.screens.dashboard as dashboard

    catalogue = catalogue_of(sample_modules() if modules is None else modules)
    monkeypatch.setattr("alnco.catalogue.layers.load_catalogue", lambda _ctx, **_options: catalogue)
    if progress is not None:
        monkeypatch.setattr(dashboard, "load_progress", lambda _c, _s, _cat: progress)
    if ctx.record.read().profile is None:
        with ctx.record.transaction() as tx:
            tx.set_profile(Profile(name="Ceri", setting="school", institution="Ysgol Test",
                                   designated_on=date(2025, 9, 1)))
    return create_app(ctx)


async def open_catalogue(pilot, *, search: bool = True):
    """From the dashboard (home) to the catalogue, loaded; then `/` to search."""
    from alnco.tui.screens.catalogue import CatalogueScreen

    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CatalogueScreen)
    if search:
        await pilot.press("slash")
        assert pilot.app.focused.id == "search"
    return pilot.app.screen
