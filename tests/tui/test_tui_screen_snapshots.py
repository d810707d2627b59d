"""SVG snapshots of the catalogue and dashboard at 80x24 and 120x40; the dashboard
also at 60x20, with a requirement line open, and in Welsh for a new user.

Run `pytest tests/tui/test_tui_screen_snapshots.py --snapshot-update` after a deliberate change, then
convert the SVGs to PNG and look at them before committing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textual.widgets import Input

from alnco.model import Entry
from tui_helpers import open_catalogue, start_app
from tui_samples import sample_progress
from tui_waiting import settle

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


@pytest.mark.parametrize("size", [*SIZES, (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard_snapshot(snap_compare, seeded_ctx, monkeypatch, size):
    app = start_app(seeded_ctx, monkeypatch, progress=sample_progress())
    assert snap_compare(app, terminal_size=size, run_before=on_dashboard)


def test_dashboard_snapshot_with_a_line_open(snap_compare, seeded_ctx, monkeypatch):
    """`enter` on a requirement line shows its reason and citation under it."""
    app = start_app(seeded_ctx, monkeypatch, progress=sample_progress())

    async def open_line(pilot):
        await on_dashboard(pilot)
        await pilot.press("r", "j", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_line)


def test_dashboard_snapshot_in_welsh(snap_compare, tmp_path, monkeypatch):
    """The real engine and catalogue in Welsh, for a new user: getting started."""
    from alnco.context import Context
    from alnco.tui.app import create_app

    ctx = Context.from_options(record=str(tmp_path / "record.json"), today="2026-11-03",
                               lang="cy", environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})
    from alnco.model import Profile

    ctx.record.set_profile(Profile(name="Ceri", setting="school", designated_on=date(2025, 9, 1)))
    assert snap_compare(create_app(ctx), terminal_size=(80, 24), run_before=on_dashboard)
