"""The entry form: today first, live date reading, inline errors, nothing invalid saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import Checkbox, Input, Select, Static, TextArea

from alnco.errors import InputError
from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.widgets.confirm import ConfirmScreen
from tui_notices import notices


def feedback(form, field_id: str) -> str:
    return str(form.query_one(f"#{field_id} .parsed-feedback", Static).render())


def form_error(form) -> str:
    return str(form.query_one("#form-error", Static).render())


async def new_form(pilot, status: str = "completed") -> EntryForm:
    pilot.app.action_new_entry(status)
    await pilot.pause()
    assert isinstance(pilot.app.screen, EntryForm)
    return pilot.app.screen


async def test_date_is_focused_first_prefilled_today_and_read_live(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        assert app.focused is form.query_one("#date", Input)
        assert app.focused.value == "3 Nov 2026"  # as the lists show dates
        assert "Tue 3 Nov 2026" in feedback(form, "date-field")
        app.focused.value = ""
        await pilot.press(*"last friday")
        await pilot.pause()
        assert "Fri 30 Oct 2026" in feedback(form, "date-field")
        app.focused.value = "31/02/2026"
        await pilot.pause()
        assert "February 2026 has 28 days" in feedback(form, "date-field")


async def test_invalid_input_is_refused_inline_and_nothing_is_saved(with_profile, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        form.query_one("#title", Input).value = "Reading"
        form.query_one("#hours", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "hours must be more than 0" in form_error(form)
        form.query_one("#hours", Input).value = "1h"
        form.query_one("#date", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "cannot be dated in the future" in form_error(form)
        form.query_one("#date", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a date" in form_error(form)
        assert record.read().entries == []


async def test_a_plan_can_be_dated_in_the_future(with_profile, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot, "planned")
        form.query_one("#date", Input).value = "4/12/2026"
        form.query_one("#hours", Input).value = "90m"
        form.query_one("#title", Input).value = "Trauma-informed practice"
        form.query_one("#evidence", Input).value = "https://example.org/cert"
        form.query_one("#reflection", TextArea).text = "Line one\nline two"
        form.query_one("#task-b", Checkbox).value = True
        form.query_one("#task-e", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        [saved] = record.read().entries
        assert saved.status == "planned"
        assert saved.date == date(2026, 12, 4)
        assert saved.hours == Decimal("1.5")
        assert saved.tasks == ("b", "e")
        assert saved.evidence == "https://example.org/cert"
        assert saved.reflection == "Line one\nline two"


async def test_escape_without_changes_closes_at_once(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not form
        assert not isinstance(app.screen, ConfirmScreen)


async def test_escape_with_changes_asks_and_can_keep_editing(with_profile, app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        await pilot.press("tab")  # to hours
        await pilot.press(*"2")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused answer is "Keep editing"
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#hours", Input).value == "2"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not form
        assert record.read().entries == []


async def test_log_module_prefills_from_the_catalogue_snapshot(with_profile, app_for, record,
                                                                monkeypatch):
    import alnco.catalogue.lookup as lookup

    calls = []

    def snapshot(ctx, module_id, catalogue=None):
        calls.append(module_id)
        return {"module_id": module_id, "title": "ALN Code essentials",
                "hours": Decimal("1.5"), "tasks": ("a", "c"), "mode": "online"}

    monkeypatch.setattr(lookup, "module_snapshot", snapshot)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_log_module("aln-code-essentials", "completed")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert calls == ["aln-code-essentials"]
        assert form.query_one("#hours", Input).value == "1.5"
        assert form.query_one("#date", Input).value == "3 Nov 2026"
        assert form.query_one("#task-a", Checkbox).value and form.query_one("#task-c", Checkbox).value
        assert form.query_one("#mode", Select).value == "online"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [saved] = record.read().entries
        assert (saved.module_id, saved.title, saved.hours, saved.status) == (
            "aln-code-essentials", "ALN Code essentials", Decimal("1.5"), "completed")


async def test_unknown_module_is_a_notification_not_a_crash(with_profile, app_for, monkeypatch):
    import alnco.catalogue.lookup as lookup

    def snapshot(ctx, module_id, catalogue=None):
        raise InputError(f"no module '{module_id}'; did you mean aln-code-essentials?")

    monkeypatch.setattr(lookup, "module_snapshot", snapshot)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_log_module("aln-code", "planned")
        await pilot.pause()
        assert not isinstance(app.screen, EntryForm)
        assert any("did you mean" in n.message for n in notices(app))


async def test_a_record_that_cannot_be_written_is_an_inline_error(tmp_path, app_for):
    from tui_helpers import make_ctx
    from alnco.tui.app import create_app

    app = create_app(make_ctx(tmp_path / "missing-folder" / "record.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")  # skip onboarding (it cannot save either: notified)
        await pilot.pause()
        form = await new_form(pilot)
        form.query_one("#title", Input).value = "Reading"
        form.query_one("#hours", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "does not exist" in form_error(form)
