"""SVG snapshots of the catalogue and dashboard at 80x24 and 120x40.

Run `pytest tests/tui2 --snapshot-update` after a deliberate change, then
convert the SVGs to PNG and look at them before committing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textual.widgets import Input

from alnco.model import Entry
from tui2_support import open_catalogue, sample_progress, settle, start_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def seeded_ctx(ctx):
    with ctx.record.transaction() as tx:
        for title, day, hours, status, module in (
            ("ALN basics", "2026-03-04", "6", "completed", "aln-basics"),
            ("Cluster meeting", "2026-10-04", "3", "completed", None),
            ("Writing IDPs", "2026-10-14", "6", "planned", "idp-writing"),
            ("Dyslexia course", "2026-12-14", "12", "planned", "dyslexia"),
        ):
            tx.add(Entry(title=title, date=date.fromisoformat(day), hours=Decimal(hours),
                         status=status, module_id=module))
    return ctx


def no_blink(app) -> None:
    """No blinking cursor, so the picture is stable."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False


async def on_dashboard(pilot) -> None:
    await settle(pilot)
    no_blink(pilot.app)


async def on_catalogue(pilot) -> None:
    await open_catalogue(pilot)  # and `/` to search
    await pilot.press("r", "e", "g", "enter", "down")
    await pilot.pause(0.3)  # past the search box's 80 ms debounce, however busy the machine
    await settle(pilot)
    no_blink(pilot.app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_catalogue_snapshot(snap_compare, seeded_ctx, monkeypatch, size):
    app = start_app(seeded_ctx, monkeypatch, progress=sample_progress())
    assert snap_compare(app, terminal_size=size, run_before=on_catalogue)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard_snapshot(snap_compare, seeded_ctx, monkeypatch, size):
    app = start_app(seeded_ctx, monkeypatch, progress=sample_progress())
    assert snap_compare(app, terminal_size=size, run_before=on_dashboard)
