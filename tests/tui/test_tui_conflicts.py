"""No lost updates in the app: an edit form, undo and removal never overwrite what
another session (here: the real `alnco` command, in its own process) saved since.
On a conflict the dialog shows both versions and asks: keep mine, keep theirs,
or go back to editing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static, TextArea

from alnco.tui.screens.conflict import ConflictScreen
from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.screens.learning import LearningScreen
from tui_helpers import TODAY, entry
from tui_notices import notices

TITLE = "Person-centred practice"


def cli(record_path: Path, *args: str) -> str:
    """Another session: the real `alnco` command, as its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(record_path), ALNCO_TODAY=TODAY, LANG="C.UTF-8",
               LC_ALL="C.UTF-8", ALNCO_SYSTEM_DIR=str(record_path.parent / "etc-alnco"),
               XDG_DATA_HOME=str(record_path.parent / "xdg-data"), ALNCO_LOCK_TIMEOUT="10")
    result = subprocess.run([sys.executable, "-m", "alnco", *args], capture_output=True,
                            text=True, encoding="utf-8", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def stored(record, entry_id: str):
    return next((e for e in record.read().entries if e.id == entry_id), None)


def cell(dialog: ConflictScreen, side: str, name: str) -> str:
    return str(dialog.query_one(f"#conflict-{side}-{name}", Static).render())


def marked(dialog: ConflictScreen) -> list[str]:
    return [name for name in ("date", "hours", "title", "status", "mode", "tasks", "standards",
                              "evidence", "reflection")
            if dialog.query_one(f"#conflict-label-{name}", Static).has_class("-changed")]


def messages(app) -> list[str]:
    return [str(n.message) for n in notices(app)]


async def open_form(pilot, title: str = TITLE) -> EntryForm:
    """Open My learning and the edit form on the entry called `title`."""
    app = pilot.app
    await pilot.press("m")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LearningScreen)
    row = next(i for i, e in enumerate(screen.shown) if e.title == title)
    screen.query_one("#entries").move_cursor(row=row, animate=False)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EntryForm)
    return app.screen


async def edit_and_collide(pilot, record, record_path, *theirs: str) -> tuple[EntryForm, str]:
    """Open the form, type my change, let another process change the entry, save."""
    form = await open_form(pilot)
    entry_id = form.original.id
    form.query_one("#hours", Input).value = "2.5"
    form.query_one("#reflection", TextArea).text = "My reflection"
    cli(record_path, "log", "edit", entry_id[:8], *theirs)
    await pilot.press("ctrl+s")
    await pilot.pause()
    return form, entry_id


THEIRS = ("--hours", "3.5", "--reflection", "Their reflection", "--evidence", "their-cert.pdf")


# ------------------------------------------------------------------ the edit form

async def test_saving_over_a_change_made_elsewhere_shows_both_and_writes_nothing(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        form, entry_id = await edit_and_collide(pilot, record, record_path, *THEIRS)
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert marked(dialog) == ["hours", "evidence", "reflection"]
        assert cell(dialog, "mine", "hours") == "2.5 h"
        assert cell(dialog, "theirs", "hours") == "3.5 h"
        assert cell(dialog, "mine", "reflection") == "My reflection"
        assert cell(dialog, "theirs", "reflection") == "Their reflection"
        assert cell(dialog, "theirs", "title") == TITLE
        assert app.focused is dialog.query_one("#conflict-edit", Button)  # the safe answer
        now = stored(record, entry_id)  # nothing written: the other change is intact
        assert (now.hours, now.reflection, now.evidence, now.revision) == (
            Decimal("3.5"), "Their reflection", "their-cert.pdf", 2)


async def test_a_change_only_to_the_standards_is_marked(seeded, app_for, record, record_path):
    """Standards linked in another session are a change like any other: shown and marked."""
    app = app_for()
    async with app.run_test(size=(100, 34)) as pilot:
        form = await open_form(pilot)
        cli(record_path, "log", "edit", form.original.id[:8], "--standard", "pedagogy",
            "--standard", "innovation")
        form.query_one("#hours", Input).value = str(form.original.hours)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert marked(dialog) == ["standards"]
        assert cell(dialog, "theirs", "standards") == "pedagogy, innovation"
        assert cell(dialog, "mine", "standards") == "-"


async def test_keep_theirs_discards_mine(seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        form, entry_id = await edit_and_collide(pilot, record, record_path, *THEIRS)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, LearningScreen)
        now = stored(record, entry_id)
        assert (now.hours, now.reflection, now.revision) == (Decimal("3.5"), "Their reflection", 2)
        assert app.undo_stack == []
        assert any("Kept the version saved in another session" in m for m in messages(app))
        form.keep_draft()  # a discarded form keeps no draft
        assert app.drafts.load() == []


async def test_keep_mine_saves_deliberately_over_the_current_revision_and_undo_brings_theirs(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        _form, entry_id = await edit_and_collide(pilot, record, record_path, *THEIRS)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, LearningScreen)
        now = stored(record, entry_id)
        # Every field as the form had it: the other evidence too was replaced, knowingly.
        assert (now.hours, now.reflection, now.evidence, now.revision) == (
            Decimal("2.5"), "My reflection", "", 3)
        await pilot.press("ctrl+z")  # undo puts back what my save replaced: theirs
        await pilot.pause()
        now = stored(record, entry_id)
        assert (now.hours, now.reflection, now.evidence, now.revision) == (
            Decimal("3.5"), "Their reflection", "their-cert.pdf", 4)


async def test_going_back_to_editing_keeps_my_values_and_the_next_save_is_deliberate(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        form, entry_id = await edit_and_collide(pilot, record, record_path, *THEIRS)
        await pilot.press("escape")  # esc: back to editing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#hours", Input).value == "2.5"
        assert form.query_one("#reflection", TextArea).text == "My reflection"
        assert form.base_revision == 2
        assert "saving now replaces" in str(form.query_one("#form-error", Static).render())
        assert stored(record, entry_id).hours == Decimal("3.5")
        form.query_one("#evidence", Input).value = "their-cert.pdf"  # merge by hand
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LearningScreen)
        now = stored(record, entry_id)
        assert (now.hours, now.reflection, now.evidence, now.revision) == (
            Decimal("2.5"), "My reflection", "their-cert.pdf", 3)


async def test_a_second_change_while_the_dialog_is_open_is_asked_about_again(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        _form, entry_id = await edit_and_collide(pilot, record, record_path, *THEIRS)
        cli(record_path, "log", "edit", entry_id[:8], "--title", "Renamed meanwhile")
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)  # not saved over revision 3 unseen
        assert cell(dialog, "theirs", "title") == "Renamed meanwhile"
        assert stored(record, entry_id).title == "Renamed meanwhile"
        await pilot.press("m")
        await pilot.pause()
        now = stored(record, entry_id)
        assert (now.title, now.hours, now.revision) == (TITLE, Decimal("2.5"), 4)


async def test_an_entry_removed_elsewhere_can_be_added_back_or_left_removed(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_form(pilot)
        entry_id = form.original.id
        form.query_one("#hours", Input).value = "2.5"
        cli(record_path, "log", "rm", entry_id[:8])
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert cell(dialog, "theirs", "hours") == "(removed)"
        assert str(dialog.query_one("#conflict-theirs", Button).label) == "Leave it removed (t)"
        assert stored(record, entry_id) is None
        await pilot.press("m")
        await pilot.pause()
        back = stored(record, entry_id)
        assert back is not None and back.hours == Decimal("2.5") and back.revision == 2
        assert isinstance(app.screen, LearningScreen)


@pytest.mark.parametrize("choice", ["m", "t", "e"])
async def test_hostile_text_in_both_versions_is_shown_as_data_whatever_is_chosen(
        with_profile, app_for, record, record_path, choice):
    long_reflection = "[bold " + "word " * 400
    with record.transaction() as tx:
        tx.add(entry("[@click=app.quit]x[/]", "2026-10-12", "2", reflection="[bold"))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "[@click=app.quit]x[/]")
        form.query_one("#title", Input).value = "[/] mine [@click=app.quit]"
        form.query_one("#reflection", TextArea).text = "[@click=app.bell]ring[/]"
        cli(record_path, "log", "edit", form.original.id[:8], "--title", "[bold theirs",
            "--reflection", long_reflection, "--evidence", "\x1b]52;c;aGk=\x07")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert "'[/] mine [@click=app.quit]' was changed" in str(
            dialog.query_one("#conflict-question", Static).render())
        assert cell(dialog, "mine", "title") == "[/] mine [@click=app.quit]"
        assert cell(dialog, "theirs", "title") == "[bold theirs"
        assert cell(dialog, "mine", "reflection") == "[@click=app.bell]ring[/]"
        shown = cell(dialog, "theirs", "reflection")
        assert shown.startswith("[bold word word") and "characters)" in shown
        assert len(shown) < 300  # a long reflection is cut, saying how much is left out
        assert cell(dialog, "theirs", "evidence") == "\\x1b]52;c;aGk=\\x07"
        assert "title" in marked(dialog) and "reflection" in marked(dialog)
        for button in dialog.query(Button):  # every answer reachable at 80x24
            assert button.region.right <= 80 and button.region.bottom <= 24, button.id
        await pilot.click(dialog.query_one("#conflict-question"))  # clicking text does nothing
        await pilot.click(dialog.query_one("#conflict-mine-title"))
        assert app.screen is dialog
        entry_id = form.original.id
        await pilot.press(choice)
        await pilot.pause()
        assert app.is_running
        now = stored(record, entry_id)
        if choice == "m":
            assert (now.title, now.reflection, now.revision) == (
                "[/] mine [@click=app.quit]", "[@click=app.bell]ring[/]", 3)
        elif choice == "t":
            assert (now.title, now.reflection, now.revision) == (
                "[bold theirs", long_reflection, 2)
        else:
            assert app.screen is form and now.revision == 2


# ------------------------------------------------------------------ undo

async def edit_in_app(pilot, record) -> str:
    form = await open_form(pilot)
    form.query_one("#hours", Input).value = "2.5"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LearningScreen)
    return form.original.id


async def test_undo_after_a_change_elsewhere_asks_and_keeping_theirs_changes_nothing(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        entry_id = await edit_in_app(pilot, record)
        cli(record_path, "log", "edit", entry_id[:8], "--title", "Their later title",
            "--evidence", "their-cert.pdf", "--reflection", "Their reflection")
        before = record.path.read_bytes()
        await pilot.press("ctrl+z")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert record.path.read_bytes() == before  # nothing restored over it
        assert cell(dialog, "mine", "hours") == "2 h"  # what undo would put back
        assert cell(dialog, "theirs", "title") == "Their later title"
        assert marked(dialog) == ["hours", "title", "evidence", "reflection"]
        assert app.focused is dialog.query_one("#conflict-theirs", Button)
        await pilot.press("escape")  # esc keeps theirs
        await pilot.pause()
        assert isinstance(app.screen, LearningScreen)
        assert record.path.read_bytes() == before
        assert any("Not undone" in m for m in messages(app))
        now = stored(record, entry_id)
        assert (now.title, now.evidence, now.reflection, now.hours) == (
            "Their later title", "their-cert.pdf", "Their reflection", Decimal("2.5"))


async def test_undo_anyway_restores_the_copy_as_a_new_revision(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        entry_id = await edit_in_app(pilot, record)
        cli(record_path, "log", "edit", entry_id[:8], "--title", "Their later title")
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        now = stored(record, entry_id)
        assert (now.title, now.hours, now.revision) == (TITLE, Decimal("2"), 4)


async def test_undo_then_edit_opens_the_current_entry_with_undos_values(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        entry_id = await edit_in_app(pilot, record)
        cli(record_path, "log", "edit", entry_id[:8], "--title", "Their later title")
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.base_revision == 3
        assert form.query_one("#hours", Input).value == "2"
        assert form.query_one("#title", Input).value == TITLE
        form.query_one("#title", Input).value = "Their later title"  # keep their title
        await pilot.press("ctrl+s")
        await pilot.pause()
        now = stored(record, entry_id)
        assert (now.title, now.hours, now.revision) == ("Their later title", Decimal("2"), 4)


async def test_undo_of_an_edit_to_an_entry_removed_elsewhere_asks_before_adding_it_back(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        entry_id = await edit_in_app(pilot, record)
        cli(record_path, "log", "rm", entry_id[:8])
        await pilot.press("ctrl+z")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert [b.id for b in dialog.query(Button)] == ["conflict-mine", "conflict-theirs"]
        assert stored(record, entry_id) is None
        await pilot.press("m")
        await pilot.pause()
        assert stored(record, entry_id).hours == Decimal("2")


async def test_undo_of_a_removal_asks_when_the_entry_came_back_meanwhile(
        seeded, app_for, record, record_path, tmp_path):
    export = tmp_path / "before.json"
    cli(record_path, "export", "--format", "json", "-o", str(export))
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        gone = app.screen.highlighted
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert stored(record, gone.id) is None
        cli(record_path, "import", str(export))  # another session brings it back
        cli(record_path, "log", "edit", gone.id[:8], "--reflection", "written after the import")
        await pilot.press("ctrl+z")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert marked(dialog) == ["reflection"]
        await pilot.press("t")
        await pilot.pause()
        assert stored(record, gone.id).reflection == "written after the import"


async def test_removing_an_entry_changed_elsewhere_since_it_was_shown_is_refused(
        seeded, app_for, record, record_path):
    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        shown = app.screen.highlighted
        await pilot.press("delete")
        await pilot.pause()
        cli(record_path, "log", "edit", shown.id[:8], "--reflection", "Added elsewhere")
        await pilot.press("y")
        await pilot.pause()
        assert stored(record, shown.id).reflection == "Added elsewhere"
        assert any("Not removed" in m for m in messages(app))
        assert app.undo_stack == []


def test_log_list_json_shows_the_revision_the_app_saved(seeded, record_path) -> None:
    listed = json.loads(cli(record_path, "log", "list", "--format", "json"))
    assert {e["revision"] for e in listed} == {1}


async def test_saving_on_the_way_out_asks_too_and_does_not_quit_over_the_question(
        seeded, app_for, record, record_path):
    from alnco.tui.screens.quit_question import UnsavedQuestion

    app = app_for()
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_form(pilot)
        entry_id = form.original.id
        form.query_one("#hours", Input).value = "2.5"
        cli(record_path, "log", "edit", entry_id[:8], *THEIRS)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedQuestion)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen) and app.is_running
        assert stored(record, entry_id).hours == Decimal("3.5")
        await pilot.press("m")
        await pilot.pause()
        now = stored(record, entry_id)
        assert (now.hours, now.evidence, now.revision) == (Decimal("2.5"), "", 3)
