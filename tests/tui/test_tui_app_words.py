"""What the app says in its own words: the Edit profile form's footer says what
esc does there, and a record the app cannot save to is explained without the
command line's options."""

from __future__ import annotations

from textual.widgets import Input

from alnco.model import Profile
from alnco.store.record import Record
from alnco.tui.app import create_app
from alnco.tui.screens.onboarding import OnboardingScreen
from tui_helpers import make_ctx
from tui_waiting import settle


def footer_words(screen) -> list[str]:
    return [str(key.description) for key in screen.query("FooterKey")]


async def test_esc_is_skip_on_a_first_run_and_cancel_when_editing(record_path):
    app = create_app(make_ctx(record_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen) and app.screen.first_run
        words = footer_words(app.screen)
        assert "Skip for now" in words and "Cancel" not in words
        await pilot.press("escape")  # skipped: an empty profile is kept
        await settle(pilot)
        app.action_profile()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OnboardingScreen) and not form.first_run
        words = footer_words(form)
        assert "Cancel" in words and "Skip for now" not in words
        intro = str(form.query_one(".intro").render())
        assert "skip" not in intro and "esc cancels" in intro
        form.query_one("#name", Input).value = "Ceri"
        await pilot.press("escape")  # changed: asks first, as the footer's Cancel says
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"


async def test_a_symlinked_record_is_explained_without_options(tmp_path):
    real = tmp_path / "real.json"
    Record(real).set_profile(Profile(name="Ceri", setting="school"))
    (tmp_path / "record.json").symlink_to(real)
    app = create_app(make_ctx(tmp_path / "record.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_new_entry()
        await pilot.pause()
        form = app.screen
        for field, value in (("date", "today"), ("hours", "2"), ("title", "Course")):
            form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved, nothing lost
        error = str(form.query_one("#form-error").render())
        assert "symbolic link" in error and f"start alnco on the file itself: {real}" in error
        assert "--record" not in error
    assert not Record(real).read().entries
