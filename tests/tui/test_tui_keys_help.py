"""Keys you can see: every dialog says which key answers it (in its buttons and its
own footer), and help names the screen, writes keys one way (as the footer does),
explains `^` and `⏎`, the list keys and the status symbols."""

from __future__ import annotations

import re

from textual.widgets import Button, DataTable, Footer

from alnco.context import Context
from alnco.tui.app import create_app
from alnco.tui.screens.conflict import EDIT, FORM, MINE, THEIRS, UNDO, ConflictScreen
from alnco.tui.screens.help import HelpScreen
from alnco.tui.screens.quit_question import RestoreQuestion, UnsavedQuestion
from alnco.tui.widgets import nav
from alnco.tui.widgets.confirm import ConfirmScreen
from tui_helpers import TODAY, entry
from tui_notices import notices


def footer_keys(screen) -> dict[str, str]:
    """key as shown -> description, from the footer of `screen`."""
    footer = screen.query_one(Footer)
    shown = {}
    for key in footer.query("FooterKey"):
        shown[key.key_display] = key.description
    return shown


def buttons(screen) -> list[str]:
    return [str(b.label) for b in screen.query(Button)]


async def _push(pilot, screen, answers: list) -> None:
    """Show `screen`; its answer is appended to `answers` when it closes."""
    pilot.app.push_screen(screen, answers.append)
    await pilot.pause()
    await pilot.pause()


def welsh_app(record_path):
    ctx = Context.from_options(record=str(record_path), today=TODAY, lang="cy",
                               environ={"ALNCO_SYSTEM_DIR": str(record_path.parent / "etc")})
    return create_app(ctx)


# ---------------------------------------------------------------- dialogs
async def test_yes_no_dialog_shows_and_takes_y_and_n(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        answers: list = []
        await _push(pilot, ConfirmScreen("Remove it?", yes="Remove", no="Keep"), answers)
        assert buttons(app.screen) == ["Remove (y)", "Keep (n, esc)"]
        assert footer_keys(app.screen) == {"y": "Remove", "n": "Keep"}
        await pilot.press("y")
        await pilot.pause()
        await _push(pilot, ConfirmScreen("Remove it?"), answers)
        assert footer_keys(app.screen) == {"y": "Yes", "n": "No"}
        await pilot.press("n")
        await pilot.pause()
        await _push(pilot, ConfirmScreen("Remove it?"), answers)
        await pilot.press("escape")
        await pilot.pause()
        assert answers == [True, False, False]


async def test_yes_no_dialog_in_welsh_keeps_y_and_n(with_profile, record_path):
    app = welsh_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        answers: list = []
        await _push(pilot, ConfirmScreen("Tynnu?", yes="Tynnu", no="Cadw"), answers)
        assert buttons(app.screen) == ["Tynnu (y)", "Cadw (n, esc)"]
        assert footer_keys(app.screen) == {"y": "Tynnu", "n": "Cadw"}
        await pilot.press("n")
        await pilot.pause()
        await _push(pilot, ConfirmScreen("Tynnu?"), answers)
        assert footer_keys(app.screen) == {"y": "Ie", "n": "Na"}
        await pilot.press("y")
        await pilot.pause()
        assert answers == [False, True]


async def test_unsaved_and_restore_questions_show_their_keys(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        answers: list = []
        await _push(pilot, UnsavedQuestion("Log learning"), answers)
        assert footer_keys(app.screen) == {"s": "Save", "d": "Discard", "esc": "Keep editing"}
        assert buttons(app.screen) == ["Save (s)", "Discard (d)", "Keep editing (esc)"]
        await pilot.press("k")
        await pilot.pause()
        await _push(pilot, RestoreQuestion("You have unsaved learning."), answers)
        assert footer_keys(app.screen) == {"r": "Restore", "d": "Discard", "esc": "Not now"}
        await pilot.press("escape")
        await pilot.pause()
        assert answers == ["keep", "later"]


async def test_conflict_dialog_footer_says_what_its_buttons_say(with_profile, app_for):
    mine = entry("Mine", "2026-11-01")
    theirs = entry("Theirs", "2026-11-01")
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        answers: list = []
        await _push(pilot, ConflictScreen(mine, theirs, context=FORM), answers)
        assert footer_keys(app.screen) == {"m": "Keep mine", "t": "Keep theirs", "e": "Edit"}
        await pilot.press("escape")
        await pilot.pause()
        # undo over a removed entry: no "edit" answer, so no e key either
        await _push(pilot, ConflictScreen(mine, None, context=UNDO), answers)
        assert footer_keys(app.screen) == {"m": "Undo anyway", "t": "Leave it removed"}
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)  # e does nothing here
        await pilot.press("t")
        await pilot.pause()
        assert answers == [EDIT, THEIRS]
        await _push(pilot, ConflictScreen(mine, theirs, context=UNDO), answers)
        await pilot.press("m")
        await pilot.pause()
        assert answers[-1] == MINE


# ---------------------------------------------------------------- help
def key_cells(help_screen) -> list[str]:
    cells = []
    for table in help_screen.query(DataTable):
        cells += [table.get_row_at(i)[0].plain for i in range(table.row_count)]
    return cells


def help_text(help_screen) -> str:
    return "\n".join(str(w.render()) for w in help_screen.query(".help-text"))


async def test_help_is_titled_for_the_screen_it_was_asked_from(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, name in (("d", "Dashboard"), ("c", "Catalogue"), ("m", "My learning")):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert str(app.screen.query_one("#help-title").render()) == f"Help: {name}"
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("n")  # the entry form: help names the form
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert str(app.screen.query_one("#help-title").render()) == "Help: Log learning"


async def test_help_writes_keys_as_the_footer_does(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        footer = set(footer_keys(app.screen))
        await pilot.press("question_mark")
        await pilot.pause()
        cells = key_cells(app.screen)
        words = " ".join(cells).split()
        # every footer key appears in help written the same way
        assert footer - {"^p"} <= set(words), (footer, cells)
        assert "^p" in words and "^q" in words and "^z" in words
        # one notation: never ctrl+x, never the word enter or escape in the key column
        assert not [w for w in words if w.startswith("ctrl+") or w in ("enter", "escape")]
        assert "q ^q" in cells and "? f1" in cells  # one line for keys that do the same
        text = help_text(app.screen)
        assert "^q means: hold ctrl and press q. ⏎ is the enter key." in text


async def test_help_lists_the_list_keys_and_the_status_symbols(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-list-keys", DataTable)
        rows = {table.get_row_at(i)[0].plain: table.get_row_at(i)[1].plain
                for i in range(table.row_count)}
        assert rows["↑ ↓ j k pgup pgdn"] == "Move in a list"
        assert rows["home end g G"] == "First or last line"
        assert rows["⏎"] == "Open, edit or choose the line you are on"
        assert rows["␣ space"] == "Mark planned learning as done (My learning)"
        assert rows["/"] == "Search (catalogue)"
        text = help_text(app.screen)
        for line in ("✓ completed:", "◷ planned:", "✓ met:", "→ on track:", "! behind:",
                     "✗ overdue:", "○ not started:", "– not applicable:"):
            assert line in text


async def test_help_leaves_out_textual_editing_keys(seeded, record_path):
    """In a text field Textual binds many keys with English words (ctrl+a "Go to
    start"): help lists alnco's keys, not those."""
    app = welsh_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "n")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        does = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        assert "Cadw" in does
        assert not [d for d in does if re.search(r"\b(cursor|Delete|Select|Go to|Paste)\b", d)]


# ---------------------------------------------------------------- Textual's own words
async def test_ctrl_c_hint_and_screenshot_note_in_welsh(with_profile, record_path):
    app = welsh_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        nav.quit_hint(app)
        nav.screenshot_saved(app, "/tmp/x.svg")
        await pilot.pause()
        notes = [(n.title, n.message) for n in notices(app)]
        quit_notes = [message for title, message in notes if title == "Ydych chi am adael?"]
        assert quit_notes and "q" in quit_notes[0] and "Press" not in quit_notes[0], notes
        assert ("Sgrinlun", "Sgrinlun wedi'i gadw: /tmp/x.svg") in notes


async def test_a_drop_down_footer_is_in_welsh(seeded, record_path):
    app = welsh_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("f")  # the year filter
        await pilot.pause()
        await pilot.press("enter")  # open its list
        await pilot.pause()
        shown = footer_keys(app.screen)
        assert "Cau'r ddewislen" in shown.values(), shown
        assert "Dismiss menu" not in shown.values()
