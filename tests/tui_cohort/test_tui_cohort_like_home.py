"""The cohort app looks and answers like the home app: the same focus bar, the
same themes from the same settings, ctrl+p with its commands in words, `?` for
help and ctrl+c saying how to quit, all in the interface language."""

from __future__ import annotations

import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandPalette

sys.path.insert(0, str(Path(__file__).parents[1] / "exports"))

from cohort_files import write_cohort  # noqa: E402

from alnco.context import Context  # noqa: E402
from alnco.exports.cohort import read_cohort  # noqa: E402
from alnco.i18n import set_language  # noqa: E402
from tui_notices import notices, record_notices  # noqa: E402

THICK = "thick"  # the focus bar, as in the home app (shared.tcss)


@pytest.fixture
def cohort(tmp_path: Path):
    write_cohort(tmp_path / "exports", people=5, entries=6)
    ctx = Context.from_options(record=str(tmp_path / "r.json"), today="2026-11-03",
                               environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})
    return read_cohort(ctx, [str(tmp_path / "exports")], date(2026, 11, 3))


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    """Settings of this test's own: config.toml in its XDG_CONFIG_HOME."""
    (tmp_path / "downloads").mkdir()
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path),
            "ALNCO_SYSTEM_DIR": str(tmp_path / "etc"),
            "XDG_DOWNLOAD_DIR": str(tmp_path / "downloads")}


def app_for(cohort, environ):
    from alnco.tui.cohort import CohortApp

    return CohortApp(cohort, environ=environ)


def footer_words(app) -> str:
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.query("FooterKey"))


async def test_focus_is_the_home_apps_bar_on_the_filter_and_the_table(cohort, environ):
    app = app_for(cohort, environ)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field, table = app.query_one("#filter"), app.query_one("#cohort")
        assert app.focused is table
        assert table.styles.border_left[0] == THICK
        assert field.styles.border_left[0] not in ("", THICK)  # a thin line: a field is there
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is field
        assert field.styles.border_left[0] == THICK
        assert table.styles.border_left[0] != THICK


@pytest.mark.parametrize("setting", ["env", "config"])
async def test_the_theme_comes_from_the_same_settings(cohort, environ, setting):
    if setting == "env":
        environ["ALNCO_THEME"] = "high-contrast"
    else:
        config = Path(environ["XDG_CONFIG_HOME"]) / "alnco"
        config.mkdir(parents=True)
        (config / "config.toml").write_text('[app]\ntheme = "high-contrast"\n')
    app = app_for(cohort, environ)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "alnco-high-contrast"


async def test_a_theme_chosen_in_the_palette_is_kept_for_the_home_app_too(cohort, environ):
    from alnco import settings

    app = app_for(cohort, environ)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Theme: Dark", "Theme: Light", "Theme: High contrast", "Help", "Screenshot",
                "Quit"} <= set(titles)
        assert not [t for t in titles if "textual-" in t]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"contrast")
        for _ in range(100):  # the palette searches in a worker
            await pilot.pause()
            if app.screen.query_one("CommandList").option_count:
                break
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "alnco-high-contrast"
    assert settings.resolve_theme(environ, Path(environ["ALNCO_SYSTEM_DIR"]),
                                  lambda _w: None) == "high-contrast"


async def test_help_lists_the_cohort_keys_and_closes_with_escape(cohort, environ):
    from alnco.tui.cohort_help import CohortHelp

    app = app_for(cohort, environ)
    async with app.run_test(size=(100, 24)) as pilot:  # at 80 the footer drops "palette"
        await pilot.pause()
        assert "? Help" in footer_words(app) and "palette" in footer_words(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, CohortHelp)
        table = app.screen.query_one("#help-keys")
        rows = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0])
                for i in range(table.row_count)}
        assert rows["Sort"] == "s" and rows["Filter"] == "/" and rows["Quit"] == "q ^q"
        assert rows["Open"] == "⏎" and "Select" not in rows
        assert footer_words(app).strip() == "esc Close"  # only what works here
        letters = str(app.screen.query_one("#help-letters").render())
        assert "M met" in letters
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CohortHelp)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, CohortHelp)


async def test_j_and_k_move_in_the_table(cohort, environ):
    app = app_for(cohort, environ)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one("#cohort")
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_screenshot_is_saved_privately_and_said_in_words(cohort, environ, monkeypatch):
    record_notices(monkeypatch)
    app = app_for(cohort, environ)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [command] = [c for c in app.get_system_commands(app.screen) if c.title == "Screenshot"]
        command.callback()
        await pilot.pause()
    [svg] = Path(environ["XDG_DOWNLOAD_DIR"]).glob("alnco-cohort-*.svg")
    assert stat.S_IMODE(svg.stat().st_mode) == 0o600
    assert [str(n.message) for n in notices(app)] == [f"Screenshot saved: {svg}"]


async def test_in_welsh_the_palette_help_and_quit_hint_are_welsh(cohort, environ, monkeypatch):
    record_notices(monkeypatch)
    set_language("cy")
    app = app_for(cohort, environ)
    async with app.run_test(size=(120, 30)) as pilot:  # at 80 the footer drops "palet"
        await pilot.pause()
        words = footer_words(app)
        assert "palet" in words and "Cymorth" in words and "Hidlo" in words, words
        assert "palette" not in words and "Help" not in words
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Thema: Tywyll", "Thema: Golau", "Thema: Cyferbyniad uchel"} <= set(titles)
        assert not {"Theme", "Quit", "Keys", "Screenshot", "Help"} & set(titles)
        await pilot.press("ctrl+c")  # copies in a field; here it says how to quit
        await pilot.pause()
        assert [(n.title, n.message) for n in notices(app)] == [
            ("Ydych chi am adael?", "Gwasgwch ^q i adael.")]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one("CommandInput").placeholder == "Chwilio am orchmynion…"
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert str(app.screen.query_one("#help-title").render()) == "Cymorth: alnco cohort"
