"""The forms speak the app's language, not the command line's.

No `--flags` in what they say, dates as the lists show them (and typed text
kept as typed), Welsh dates read back, no red error on a form nobody has
typed in yet, `esc` in Edit profile asking before it throws changes away, F1
opening help from any form, and "Replace file?" for an export to an existing
file.
"""

from __future__ import annotations

import json
from datetime import date

from textual.widgets import Input, Static

from alnco.context import Context
from alnco.model import Profile
from alnco.tui.app import create_app
from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.screens.help import HelpScreen
from alnco.tui.screens.onboarding import OnboardingScreen
from alnco.tui.screens.replace_file import ReplaceFileScreen
from alnco.tui.widgets.confirm import ConfirmScreen
from alnco.tui.widgets.prompt import PromptScreen
from tui_helpers import TODAY, entry
from tui_notices import notices


def feedback(form, field_id: str) -> Static:
    return form.query_one(f"#{field_id} .parsed-feedback", Static)


def form_error(form) -> str:
    return str(form.query_one("#form-error", Static).render())


def messages(app) -> list[str]:
    return [str(n.message) for n in notices(app)]


async def type_text(pilot, widget_id: str, text: str) -> None:
    """Focus a field, clear it and type `text` key by key, as a person does."""
    field = pilot.app.screen.query_one(f"#{widget_id}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()


async def new_entry(pilot, status: str = "completed") -> EntryForm:
    pilot.app.action_new_entry(status)
    await pilot.pause()
    assert isinstance(pilot.app.screen, EntryForm)
    return pilot.app.screen


def welsh_app(record_path):
    ctx = Context.from_options(record=str(record_path), today=TODAY, lang="cy",
                               environ={"ALNCO_SYSTEM_DIR": str(record_path.parent / "etc")})
    return create_app(ctx)


# ---------------------------------------------------------------- no red before typing
async def test_a_blank_form_shows_no_error_until_typed_in_or_saved(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_entry(pilot)
        hours = feedback(form, "hours-field")
        assert not hours.has_class("-invalid") and "✗" not in str(hours.render())
        assert not form.query(".parsed-feedback.-invalid")
        assert "Tue 3 Nov 2026" in str(feedback(form, "date-field").render())  # a good reading
        await type_text(pilot, "hours", "9x")
        assert hours.has_class("-invalid") and "not a number of hours" in str(hours.render())
        await type_text(pilot, "hours", "")
        assert "hours are needed" in str(hours.render())  # typed in: now it says so

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_entry(pilot)
        await pilot.press("ctrl+s")  # saving a blank form says what is missing
        await pilot.pause()
        assert app.screen is form
        hours = feedback(form, "hours-field")
        assert hours.has_class("-invalid") and "hours are needed" in str(hours.render())
        assert "hours are needed" in form_error(form)


# ---------------------------------------------------------------- words, not flags
async def test_entry_form_errors_have_no_command_line_words(with_profile, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_entry(pilot)
        await type_text(pilot, "hours", "1")
        await pilot.press("ctrl+s")  # no title
        await pilot.pause()
        assert form_error(form) == "an entry needs a title: say what the learning was"
        await type_text(pilot, "title", "Course")
        await type_text(pilot, "date", "1/12/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = form_error(form)
        assert said == ("a completed entry cannot be dated in the future (1 Dec 2026); set its "
                        "status to planned to plan it")
        await type_text(pilot, "date", "1/1/1900")
        assert "(1 Jan 1950 to 31 Dec 2100)" in str(feedback(form, "date-field").render())
        await type_text(pilot, "date", "soon")
        shown = str(feedback(form, "date-field").render())
        assert "try 3 Nov 2026" in shown and "--" not in shown and "2026-11-03" not in shown
        assert record.read().entries == []


async def test_editing_shows_the_date_as_the_lists_do(with_profile, app_for, record):
    with record.transaction() as tx:
        saved = tx.add(entry("Workshop", "2026-10-12", "2"))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_entry_form({}, original=saved)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#date", Input).value == "12 Oct 2026"
        assert not form.dirty  # showing it so is not a change
        await type_text(pilot, "date", "13/10/2026")
        await pilot.press("tab")
        await pilot.pause()
        assert form.query_one("#date", Input).value == "13/10/2026"  # kept as typed
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert record.read().entries[0].date == date(2026, 10, 13)


# ---------------------------------------------------------------- Welsh dates
async def test_welsh_dates_are_shown_and_read_in_the_form(with_profile, record_path, record):
    app = welsh_app(record_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            form = await new_entry(pilot)
            assert form.query_one("#date", Input).value == "3 Tach 2026"
            await type_text(pilot, "date", "2 Tach 2026")
            assert "Llun 2 Tach 2026" in str(feedback(form, "date-field").render())
            await type_text(pilot, "hours", "1")
            await type_text(pilot, "title", "Gweithdy")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is not form
            # Its error, in Welsh, has no flags and a Welsh month.
            form = await new_entry(pilot)
            await type_text(pilot, "date", "30 Chwef 2026")
            shown = str(feedback(form, "date-field").render())
            assert "Chwefror 2026" in shown and "February" not in shown
    finally:
        from alnco import i18n

        i18n.set_language("en")
    assert [e.date for e in record.read().entries] == [date(2026, 11, 2)]


# ---------------------------------------------------------------- Edit profile
async def test_edit_profile_keeps_the_date_as_typed_and_shows_it_as_lists_do(
        record, app_for):
    record.set_profile(Profile(name="Ceri", setting="school", designated_on=date(2024, 9, 2)))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_profile()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OnboardingScreen)
        assert form.query_one("#designated", Input).value == "2 Sep 2024"
        await type_text(pilot, "designated", "1/9/2025")
        await pilot.press("tab")
        await pilot.pause()
        assert form.query_one("#designated", Input).value == "1/9/2025"
        assert "Mon 1 Sep 2025" in str(feedback(form, "designated-field").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert record.read().profile.designated_on == date(2025, 9, 1)
        app.action_profile()
        await pilot.pause()
        assert app.screen.query_one("#designated", Input).value == "1 Sep 2025"


async def test_esc_in_edit_profile_asks_before_discarding(record, app_for):
    record.set_profile(Profile(name="Ceri", setting="school"))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_profile()
        await pilot.pause()
        form = app.screen
        await type_text(pilot, "name", "Ceri Jones")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard your changes to your profile?" in str(
            app.screen.query_one(".dialog-question", Static).render())
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Ceri Jones"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, (OnboardingScreen, ConfirmScreen))
        assert record.read().profile.name == "Ceri"
        # Nothing typed: esc just closes.
        app.action_profile()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (OnboardingScreen, ConfirmScreen))


# ---------------------------------------------------------------- F1
async def test_f1_opens_help_from_every_form_and_leaves_it_as_it_was(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for open_form in (lambda: app.action_new_entry("completed"), app.action_profile,
                          app.action_declare):
            open_form()
            await pilot.pause()
            form = app.screen
            field = form.focused
            assert isinstance(field, Input) or field is not None
            if isinstance(field, Input):
                await pilot.press("a", "b")
            typed = field.value if isinstance(field, Input) else None
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), type(form).__name__
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is form
            if typed is not None:
                assert field.value == typed
            form.leave_discarding()
            await pilot.pause()


# ---------------------------------------------------------------- Replace file?
async def export_to(pilot, fmt: str, path) -> None:
    pilot.app.action_export(fmt)
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_export_to_an_existing_file_asks_to_replace_it(with_profile, app_for, tmp_path):
    target = tmp_path / "[b]out.json"  # a name that would be markup: shown as typed
    target.write_text("old")
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await export_to(pilot, "json", target)
        assert isinstance(app.screen, ReplaceFileScreen)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert question.startswith("Replace file?") and str(target) in question
        await pilot.press("n")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert target.read_text() == "old"
        assert any("was kept as it is" in m for m in messages(app))

        await export_to(pilot, "json", target)
        assert isinstance(app.screen, ReplaceFileScreen)
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert json.loads(target.read_text())["format"] == "alnco-export"
        assert target.stat().st_mode & 0o777 == 0o600
        assert any(m == f"Exported to {target}" for m in messages(app))
        assert not any("--force" in m or "another -o" in m for m in messages(app))


async def test_export_refusals_use_the_apps_words(with_profile, app_for, tmp_path):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await export_to(pilot, "csv", tmp_path / "no-such-folder" / "out.csv")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (link := tmp_path / "link.csv").symlink_to(tmp_path / "elsewhere.csv")
        await export_to(pilot, "csv", link)
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = messages(app)
        assert any("does not exist; create it or choose another file" in m for m in said)
        assert any("is a symbolic link" in m and "choose another file" in m for m in said)
        assert not any("another -o" in m or "--" in m for m in said), said
        assert not (tmp_path / "elsewhere.csv").exists()


async def test_a_file_that_appears_while_exporting_is_asked_about_too(with_profile, app_for,
                                                                      tmp_path):
    target = tmp_path / "late.json"
    target.write_text("old")  # as if made after the name was chosen and checked
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.run_worker(lambda: app._export("json", str(target)), thread=True)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReplaceFileScreen)
        assert not any("--force" in m for m in messages(app))
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert json.loads(target.read_text())["format"] == "alnco-export"
