"""Text from the record is data, never markup or terminal control codes."""

from __future__ import annotations

from textual.widgets import DataTable, Input, TextArea

from tui_helpers import HOSTILE, entry
from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.screens.learning import LearningScreen
from alnco.tui.widgets.confirm import ConfirmScreen


async def test_hostile_titles_notes_and_evidence_are_shown_literally(with_profile, app_for,
                                                                      record):
    with record.transaction() as tx:
        for i, text in enumerate(HOSTILE):
            tx.add(entry(text, f"2026-10-0{i + 1}", evidence=text, reflection=text, mode=text))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        table = app.screen.query_one("#entries", DataTable)
        titles = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        assert "[/]" in titles and "[bold" in titles and "[@click=app.quit]x[/]" in titles
        escaped = [t for t in titles if t.startswith("evil")]
        assert escaped == ["evil\\x1b]52;c;aGk=\\x07\\x1b[2J"]  # visible, not sent
        # Clicking every row never runs an embedded action.
        for row in range(table.row_count):
            await pilot.click(DataTable, offset=(20, 1 + row))
        await pilot.pause()
        assert app.is_running
        # Each one opens in the form (the text kept exactly) and in the remove question.
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.press("enter")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, EntryForm)
            assert form.query_one("#title", Input).value in HOSTILE
            assert form.query_one("#evidence", Input).value in HOSTILE
            assert form.query_one("#reflection", TextArea).text in HOSTILE
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("delete")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            await pilot.pause()
        app.save_screenshot(filename="hostile.svg", path=str(record.path.parent))
        assert isinstance(app.screen, LearningScreen)
    assert len(record.read().entries) == len(HOSTILE)


async def test_hostile_text_typed_into_the_form_is_saved_exactly(with_profile, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_new_entry()
        await pilot.pause()
        form = app.screen
        form.query_one("#title", Input).value = HOSTILE[2]
        form.query_one("#hours", Input).value = "[bold"  # refused, and the reason shows it
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        form.query_one("#hours", Input).value = "1"
        form.query_one("#evidence", Input).value = HOSTILE[3]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
    [saved] = record.read().entries
    assert (saved.title, saved.evidence) == (HOSTILE[2], HOSTILE[3])
