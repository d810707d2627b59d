"""The app shell: onboarding, help, quitting, palette, themes, colour, language, errors."""

from __future__ import annotations

import gettext

from rich.text import Text
from textual.filter import Monochrome
from textual.widgets import DataTable, Input, Select, Static

from alnco.model import Profile
from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.screens.help import HelpScreen
from alnco.tui.screens.learning import LearningScreen
from alnco.tui.screens.onboarding import OnboardingScreen
from alnco.tui.themes import HIGH_CONTRAST_THEME
from tui_notices import notices


# ---------------------------------------------------------------- onboarding
async def test_first_run_asks_for_a_profile_and_saves_it(app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OnboardingScreen)
        assert app.focused is screen.query_one("#name", Input)
        await pilot.press(*"Ceri Jones")
        screen.query_one("#setting", Select).value = "fei"
        screen.query_one("#institution", Input).value = "Coleg Test"
        screen.query_one("#designated", Input).value = "31/9/2024"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # 31 September is refused, inline
        assert "30 days" in str(screen.query_one("#form-error", Static).render())
        screen.query_one("#designated", Input).value = "1/9/2024"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OnboardingScreen)
    profile = record.read().profile
    assert (profile.name, profile.setting, profile.institution, str(profile.designated_on)) == (
        "Ceri Jones", "fei", "Coleg Test", "2024-09-01")


async def test_onboarding_can_be_skipped_and_does_not_come_back(app_for, record):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OnboardingScreen)
    assert record.read().profile == Profile()
    again = app_for()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, OnboardingScreen)


async def test_edit_profile_from_the_palette_shows_the_saved_values(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_profile()
        await pilot.pause()
        assert app.screen.query_one("#name", Input).value == "Ceri"
        assert app.screen.query_one("#institution", Input).value == "Ysgol Test"


# ---------------------------------------------------------------- keys
async def test_help_lists_the_keys_of_the_screen_below(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        keys = {table.get_row_at(i)[1].plain for i in range(table.row_count)}
        assert {"Remove", "Undo", "Log", "Plan", "Edit", "Filter", "My learning",
                "Catalogue", "Dashboard", "Quit"} <= keys
        text = " ".join(str(w.render()) for w in app.screen.query(".help-text"))
        assert "planned:" in text and "overdue:" in text
        assert str(app.ctx.record_path) in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LearningScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_q_quits_from_a_list(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_is_typed_in_a_field_and_ctrl_q_always_quits(with_profile, app_for):
    from alnco.tui.screens.quit_question import UnsavedQuestion

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_new_entry()
        await pilot.pause()
        form = app.screen
        await pilot.press("tab", "tab")  # to the title
        await pilot.press(*"quiz")
        await pilot.pause()
        assert app.is_running
        assert form.query_one("#title", Input).value == "quiz"
        await pilot.press("ctrl+q")  # from inside a field, but the form has changes:
        await pilot.pause()
        assert isinstance(app.screen, UnsavedQuestion)  # it asks (tests/tui/test_tui_drafts.py)
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_quits_at_once_from_a_form_without_changes(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_new_entry()
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_screens_by_key_and_missing_ones_do_not_crash(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        for key, mode in (("m", "learning"), ("c", "catalogue"), ("d", "dashboard")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode


# ---------------------------------------------------------------- palette, themes
async def test_palette_offers_every_action(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Go to dashboard", "Go to catalogue", "Go to my learning", "Log learning",
                       "Plan learning", "Undo", "Edit profile", "Export as CSV", "Export as JSON",
                       "Theme: High contrast", "Language: Welsh (Cymraeg)",
                       "Language: English (Saesneg)", "Help", "Quit"):
            assert wanted in titles
        command = {c.title: c for c in app.get_system_commands(app.screen)}
        command["Theme: High contrast"].callback()
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_THEME
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


async def test_no_color_from_the_environment_alnco_started_with(with_profile, app_for):
    plain = app_for()
    assert not plain.no_color
    app = app_for(NO_COLOR="1")
    assert app.no_color and any(isinstance(f, Monochrome) for f in app.get_line_filters())


def test_animations_off_over_ssh_unless_asked_for(with_profile, app_for):
    assert app_for().animation_level != "none"
    assert app_for(SSH_CONNECTION="10.0.0.1 5000 10.0.0.2 22").animation_level == "none"
    assert app_for(TEXTUAL_ANIMATIONS="none").animation_level == "none"


# ---------------------------------------------------------------- language
class FakeWelsh(gettext.NullTranslations):
    WORDS = {"My learning": "Fy nysgu", "Remove": "Dileu", "Date": "Dyddiad"}

    def gettext(self, message):
        return self.WORDS.get(message, message)


async def test_switching_language_re_renders_screens_and_keys(seeded, app_for, monkeypatch):
    import alnco.i18n as i18n

    real = i18n._load
    monkeypatch.setattr(i18n, "_load", lambda language: FakeWelsh() if language == "cy"
                        else real(language))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        app.action_set_language("cy")
        await pilot.pause()
        screen = app.screen
        assert "Fy nysgu" in str(screen.query_one(".nav-bar", Static).render())
        table = screen.query_one("#entries", DataTable)
        assert [c.label.plain for c in table.columns.values()][0] == "Dyddiad"
        assert table.row_count == 3
        descriptions = {b.binding.description for b in screen.active_bindings.values()}
        assert "Dileu" in descriptions
        app.action_set_language("en")
        await pilot.pause()
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Remove" in descriptions and "Dileu" not in descriptions


async def test_export_from_the_palette_reports_its_outcome(with_profile, app_for, tmp_path):
    from alnco.tui.widgets.prompt import PromptScreen

    app = app_for()
    target = tmp_path / "out.json"
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export("json")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one(Input).value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        messages = [n.message for n in notices(app)]
        # Either the export command wrote the file, or its refusal is shown (one line).
        assert (target.exists() and any(str(target) in m for m in messages)) or any(
            "export" in m for m in messages), messages


async def test_a_broken_catalogue_layer_is_a_notification_not_stderr(with_profile, app_for,
                                                                     tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[module]]\nid = 'x'\ntitle = { en = 'Broken [/]' }\nhours = -3\n")
    app = app_for(ALNCO_CATALOGUE=str(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        messages = [n.message for n in notices(app)]
        assert any(str(bad) in str(m) for m in messages), messages
    assert "alnco: warning" not in capsys.readouterr().err


# ---------------------------------------------------------------- start-up
async def test_the_app_says_once_when_it_has_started(record, monkeypatch) -> None:
    """alnco.entry turns the garbage collector back on then (tests/core/test_entry.py):
    styles read, no screen of its own yet."""
    from textual.app import ScreenStackError

    from alnco.tui.app import create_app
    from alnco.tui.screens.catalogue import CatalogueScreen
    from alnco.tui.screens.dashboard import DashboardScreen
    from tui_helpers import make_ctx, start_app

    start_app(make_ctx(record.path), monkeypatch)  # a profile: the home screen, no onboarding
    seen: list[object] = []

    def started() -> None:
        try:
            shown = app.screen
        except ScreenStackError:  # no screen yet: as expected
            shown = None
        seen.append((len(app.stylesheet.rules), shown))

    app = create_app(make_ctx(record.path), started=started)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CatalogueScreen)  # the app works on after it
    [(rules, screen)] = seen
    assert rules > 0 and not isinstance(screen, DashboardScreen)
