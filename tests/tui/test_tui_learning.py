"""My learning: the table, filters, totals, edit, remove with confirmation, undo,
the preview of the highlighted entry and marking planned learning done."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable, Input, Select, Static

from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.screens.learning import LearningScreen
from alnco.tui.widgets.confirm import ConfirmScreen
from tui_notices import notices


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#entries", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def totals(app) -> str:
    return str(app.screen.query_one("#learning-totals", Static).render())


async def open_learning(pilot) -> None:
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LearningScreen)


async def test_table_lists_entries_newest_first_with_totals(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        assert [r[1] for r in rows(app)] == [
            "IDP writing workshop", "Person-centred practice", "ALN Code essentials"]
        assert rows(app)[1] == ["12 Oct 2026", "Person-centred practice", "2", "completed", "ad"]
        assert "3 entries: 3.5 h completed, 3 h planned" in totals(app)


async def test_filters_by_academic_year_and_status(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        app.screen.query_one("#filter-year", Select).value = "2026-09-01"
        await pilot.pause()
        assert [r[1] for r in rows(app)] == ["IDP writing workshop", "Person-centred practice"]
        app.screen.query_one("#filter-status", Select).value = "completed"
        await pilot.pause()
        assert [r[1] for r in rows(app)] == ["Person-centred practice"]
        assert "1 entry: 2 h completed, 0 h planned" in totals(app)
        app.screen.query_one("#filter-year", Select).value = "2025-09-01"
        await pilot.pause()
        assert [r[1] for r in rows(app)] == ["ALN Code essentials"]


async def test_enter_edits_and_ctrl_z_undoes_the_edit(seeded, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        await pilot.press("down")  # Person-centred practice
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#title", Input).value == "Person-centred practice"
        form.query_one("#hours", Input).value = "2.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LearningScreen)
        edited = [e for e in record.read().entries if e.title == "Person-centred practice"][0]
        assert edited.hours == Decimal("2.5")
        assert rows(app)[1][2] == "2.5"
        await pilot.press("ctrl+z")
        await pilot.pause()
        restored = [e for e in record.read().entries if e.title == "Person-centred practice"][0]
        assert restored.hours == Decimal("2")
        assert rows(app)[1][2] == "2"


async def test_delete_asks_first_and_no_keeps_the_entry(seeded, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused, safe answer is "Keep"
        await pilot.pause()
        assert len(record.read().entries) == 3


async def test_delete_then_undo_brings_the_entry_back(seeded, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        before = {e.id: e for e in record.read().entries}
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [e.title for e in record.read().entries if e.title == "IDP writing workshop"] == []
        assert "IDP writing workshop" not in [r[1] for r in rows(app)]
        await pilot.press("ctrl+z")
        await pilot.pause()
        after = {e.id: e for e in record.read().entries}
        assert after == before  # the same id, fields and timestamps
        assert "IDP writing workshop" in [r[1] for r in rows(app)]
        await pilot.press("ctrl+z")  # nothing left to undo: says so, changes nothing
        await pilot.pause()
        assert {e.id for e in record.read().entries} == set(before)


async def test_new_and_plan_keys_open_the_form_with_the_status(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#status", Select).value == "planned"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#status", Select).value == "completed"


async def test_another_session_saving_updates_the_open_table(seeded, app_for, record):
    from textual.events import AppFocus

    from tui_helpers import entry

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        record.add_entry(entry("Saved in another terminal", "2026-11-02"))
        app.post_message(AppFocus())  # coming back to the terminal checks the record
        await pilot.pause()
        assert "Saved in another terminal" in [r[1] for r in rows(app)]


async def test_a_form_in_progress_survives_another_sessions_save(seeded, app_for, record):
    from tui_helpers import entry

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#title", Input).value = "Half-typed"
        record.add_entry(entry("Saved in another terminal", "2026-11-02"))
        app.check_record()  # what the timer does every two seconds
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Half-typed"
        await pilot.press("escape")  # unsaved changes: asks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert "Saved in another terminal" in [r[1] for r in rows(app)]


async def test_long_titles_are_shortened_so_every_column_stays_on_screen(with_profile, app_for,
                                                                        record):
    from tui_helpers import entry

    long_title = "Adaptive teaching: advising colleagues on differentiated methods " * 3
    record.add_entry(entry(long_title, "2026-10-01", "6"))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        table = app.screen.query_one("#entries", DataTable)
        shown = rows(app)[0][1]
        assert shown.endswith("…") and long_title.startswith(shown[:-1])
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert used <= 80
        await pilot.resize_terminal(100, 30)  # still one column: the table is wider
        await pilot.pause()
        assert len(rows(app)[0][1]) > len(shown)  # more room, more of the title


# ---------------------------------------------------------------- master-detail
def preview(app) -> str:
    return str(app.screen.query_one("#preview-text", Static).render())


async def test_the_preview_shows_evidence_and_reflection_as_typed(with_profile, app_for, record):
    from tui_helpers import entry

    record.add_entry(entry("Code day", "2026-10-01", "3", evidence="[bold]cert.pdf",
                           reflection="Learnt [@click=app.quit]x[/]\nand more"))
    record.add_entry(entry("Older", "2026-09-01", "1"))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        text = preview(app)
        assert "Code day" in text and "[bold]cert.pdf" in text
        assert "Learnt [@click=app.quit]x[/]" in text and "and more" in text
        await pilot.click("#learning-preview", offset=(10, 3))
        await pilot.pause()
        assert app.is_running
        await pilot.press("down")  # the preview follows the cursor
        await pilot.pause()
        assert "Older" in preview(app) and "none yet" in preview(app)


async def test_space_marks_planned_learning_done_and_ctrl_z_undoes_it(seeded, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        assert rows(app)[0][1] == "IDP writing workshop"  # planned for 1 Dec 2026
        footer = [str(k.description) for k in app.screen.query("FooterKey")]
        assert "Done" in footer
        await pilot.press("space")
        await pilot.pause()
        done = [e for e in record.read().entries if e.title == "IDP writing workshop"][0]
        assert done.status == "completed" and str(done.date) == "2026-11-03"  # today
        assert done.revision == 2
        highlighted = app.screen.highlighted
        assert highlighted is not None and highlighted.id == done.id  # still on it
        assert "Done" not in [str(k.description) for k in app.screen.query("FooterKey")]
        await pilot.press("space")  # completed already: nothing happens
        await pilot.pause()
        assert [e for e in record.read().entries if e.id == done.id][0] == done
        await pilot.press("ctrl+z")
        await pilot.pause()
        back = [e for e in record.read().entries if e.id == done.id][0]
        assert back.status == "planned" and str(back.date) == "2026-12-01"


async def test_a_plan_whose_date_has_passed_keeps_its_date(with_profile, app_for, record):
    from tui_helpers import entry

    record.add_entry(entry("Late plan", "2026-10-14", "2", status="planned"))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        await pilot.press("space")
        await pilot.pause()
        [done] = record.read().entries
        assert done.status == "completed" and str(done.date) == "2026-10-14"


async def test_marking_done_never_overwrites_another_sessions_change(seeded, app_for, record):
    from alnco.values import replace

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        shown = app.screen.highlighted
        with record.transaction() as tx:  # another terminal, unseen by this app yet
            theirs = tx.replace(replace(shown, title="Renamed elsewhere"))
        await pilot.press("space")
        await pilot.pause()
        stored = [e for e in record.read().entries if e.id == shown.id][0]
        assert stored == theirs and stored.status == "planned"
        assert any("changed in another session" in str(n.message) for n in notices(app))
        assert "Renamed elsewhere" in [r[1] for r in rows(app)]


async def test_the_saved_row_is_highlighted_after_a_new_entry_and_an_edit(seeded, app_for,
                                                                         record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_learning(pilot)
        app.screen.query_one("#filter-status", Select).value = "planned"  # hides new ones
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#title", Input).value = "Brand new learning"
        form.query_one("#date", Input).value = "2025-10-01"
        form.query_one("#hours", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LearningScreen)
        assert screen.highlighted is not None and screen.highlighted.title == "Brand new learning"
        assert screen.status == "all"  # the filter made way for it
        assert "Brand new learning" in preview(app)
        # an edit that moves the entry to another place in the order: still highlighted
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#date", Input).value = "2026-11-02"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert screen.highlighted.title == "Brand new learning"
        assert rows(app)[app.screen.query_one("#entries", DataTable).cursor_row][1] == \
            "Brand new learning"
