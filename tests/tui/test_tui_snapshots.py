"""SVG snapshots of the screens at 80x24 and 120x40, My learning also at 60x20 and
in Welsh (cursor blink off).

Update with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`, then
look at them (rsvg-convert to PNG) before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_helpers import entry, still
from tui_waiting import settle as wait_until_loaded
from alnco.context import Context
from alnco.model import Profile
from alnco.store.record import Record
from alnco.tui.app import create_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def fixed_record(tmp_path, monkeypatch):
    """A relative path, so help (which shows where the record lives) renders the
    same in every run, and parallel runs never share a folder."""
    monkeypatch.chdir(tmp_path)
    return Path("record.json")


def snapshot_ctx(record: Path) -> Context:
    return Context.from_options(record=str(record), today="2026-11-03", lang="en",
                                environ={"ALNCO_SYSTEM_DIR": "etc-alnco"})


def seed(path: Path, profile: bool = True) -> None:
    record = Record(path)
    if profile:
        record.set_profile(Profile(name="Ceri", institution="Ysgol Test"))
    with record.transaction() as tx:
        tx.add(entry("Person-centred practice: one-page profiles", "2026-10-12", "2",
                     tasks=("a", "d")))
        tx.add(entry("IDP writing workshop", "2026-12-01", "3", status="planned", tasks=("c",)))
        tx.add(entry("ALN Code essentials [module 1]", "2025-11-20", "1.5", tasks=("a",)))


async def settle(pilot) -> None:
    """Background work shown (see tui_waiting), and no blinking cursors."""
    await wait_until_loaded(pilot)
    still(pilot.app)
    await pilot.pause()


@pytest.mark.parametrize("size", [*SIZES, (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_my_learning(snap_compare, fixed_record, size):
    seed(fixed_record)
    assert snap_compare(create_app(snapshot_ctx(fixed_record)), press=["m"], terminal_size=size,
                        run_before=settle)


def test_snapshot_my_learning_in_welsh(snap_compare, fixed_record):
    """Welsh words are longer: the columns and the footer still fit at 80x24."""
    seed(fixed_record)
    ctx = Context.from_options(record=str(fixed_record), today="2026-11-03", lang="cy",
                               environ={"ALNCO_SYSTEM_DIR": "etc-alnco"})
    assert snap_compare(create_app(ctx), press=["m"], terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_entry_form(snap_compare, fixed_record, size):
    seed(fixed_record)

    async def open_form(pilot):
        await pilot.press("m")
        await pilot.pause()
        pilot.app.screen.query_one("#entries").move_cursor(row=1)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(create_app(snapshot_ctx(fixed_record)), terminal_size=size,
                        run_before=open_form)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_entry_form_error(snap_compare, fixed_record, size):
    seed(fixed_record)

    async def bad_date(pilot):
        await pilot.press("m", "n")
        await pilot.pause()
        pilot.app.screen.query_one("#date").value = "31/02/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(create_app(snapshot_ctx(fixed_record)), terminal_size=size,
                        run_before=bad_date)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_onboarding(snap_compare, fixed_record, size):
    assert snap_compare(create_app(snapshot_ctx(fixed_record)), terminal_size=size,
                        run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_help(snap_compare, fixed_record, size):
    seed(fixed_record)

    async def help_(pilot):
        await pilot.press("m", "question_mark")
        await settle(pilot)

    assert snap_compare(create_app(snapshot_ctx(fixed_record)), terminal_size=size,
                        run_before=help_)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_remove_question(snap_compare, fixed_record, size):
    seed(fixed_record)

    async def ask(pilot):
        await pilot.press("m", "delete")
        await settle(pilot)

    assert snap_compare(create_app(snapshot_ctx(fixed_record)), terminal_size=size,
                        run_before=ask)
