"""Settings in the app: themes named in words, choices from the palette kept in
config.toml, one focus style you can see without colour, and a high-contrast theme
whose text all reaches WCAG AA (4.5:1)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.theme import BUILTIN_THEMES

from alnco import settings
from alnco.context import Context
from alnco.i18n import set_language
from alnco.tui.app import SCREENS_BY_MODE, create_app
from alnco.tui.themes import HIGH_CONTRAST, HIGH_CONTRAST_THEME, TEXTUAL_NAMES, theme_label
from tui_helpers import TODAY, still
from tui_notices import notices
from tui_waiting import settle

THICK = "thick"  # the focus bar (alnco.tui app.tcss)


@pytest.fixture
def env(tmp_path: Path, with_profile) -> dict[str, str]:
    """A person's own config folder and an empty system layer, no language forced."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"),
            "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"), "LANG": "C.UTF-8"}


def start(record_path: Path, env: dict[str, str], lang: str | None = None):
    ctx = Context.from_options(record=str(record_path), today=TODAY, lang=lang, environ=env)
    return create_app(ctx)


def kept(env: dict[str, str]) -> dict:
    path = Path(env["XDG_CONFIG_HOME"]) / "alnco" / "config.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["app"]


async def palette(pilot, typed: str, first: str) -> list[str]:
    """Open the palette, type `typed`, and wait (for the search, not a time) until
    `first` is the top hit or the hits stop changing; return the titles offered."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    titles: list[str] = []
    for _ in range(100):
        await pilot.pause()
        palette_screen = pilot.app.screen
        assert isinstance(palette_screen, CommandPalette)
        options = palette_screen.query_one(CommandList)
        titles = [str(options.get_option_at_index(i).prompt).split("\n")[0]
                  for i in range(options.option_count)]
        if titles and titles[0] == first:
            break
    return titles


# ---------------------------------------------------------------- names in words
async def test_the_palette_names_themes_in_words_in_both_languages(record_path, env):
    app = start(record_path, env)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Theme: Dark", "Theme: Light", "Theme: High contrast"} <= set(titles)
        assert not [t for t in titles if "textual-" in t or "alnco-" in t]
        app.action_set_language("cy")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Thema: Tywyll", "Thema: Golau", "Thema: Cyferbyniad uchel"} <= set(titles)


# ---------------------------------------------------------------- settings that stick
async def test_a_theme_chosen_in_the_palette_is_kept_for_next_time(record_path, env):
    app = start(record_path, env)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        titles = await palette(pilot, "high contrast", "Theme: High contrast")
        assert titles[0] == "Theme: High contrast"
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_THEME
    assert kept(env) == {"theme": "high-contrast"}
    again = start(record_path, env)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST_THEME


async def test_a_language_chosen_in_the_palette_is_kept_for_next_time(record_path, env):
    app = start(record_path, env)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = await palette(pilot, "cymraeg", "Language: Welsh (Cymraeg)")
        assert titles[0] == "Language: Welsh (Cymraeg)"
        await pilot.press("enter")
        await pilot.pause()
    assert kept(env) == {"lang": "cy"}
    set_language("en")
    assert start(record_path, env).ctx.language == "cy"
    assert start(record_path, env, lang="en").ctx.language == "en"  # --lang still wins
    assert start(record_path, {**env, "ALNCO_LANG": "en"}).ctx.language == "en"


@pytest.mark.parametrize("language, typed", [
    ("cy", "english"), ("cy", "saesneg"), ("cy", "cymraeg"),
    ("en", "cymraeg"), ("en", "welsh"), ("en", "saesneg"),
])
async def test_either_languages_word_finds_the_language_switch(record_path, env, language,
                                                               typed):
    app = start(record_path, env, lang=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wanted = {("cy", "english"): "Iaith: Saesneg (English)",
                  ("cy", "saesneg"): "Iaith: Saesneg (English)",
                  ("cy", "cymraeg"): "Iaith: Cymraeg (Welsh)",
                  ("en", "cymraeg"): "Language: Welsh (Cymraeg)",
                  ("en", "welsh"): "Language: Welsh (Cymraeg)",
                  ("en", "saesneg"): "Language: English (Saesneg)"}[language, typed]
        titles = await palette(pilot, typed, wanted)
        assert titles[0] == wanted


async def test_alnco_theme_beats_the_config_and_a_wrong_one_is_said(record_path, env):
    settings.save(env, theme="light")
    app = start(record_path, {**env, "ALNCO_THEME": "high-contrast"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST_THEME
    app = start(record_path, {**env, "ALNCO_THEME": "neon"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert app.theme == "textual-light"
        [note] = [n.message for n in notices(app)]
        assert note == "ignored ALNCO_THEME=neon: the themes are dark, light, high-contrast"


async def test_a_broken_config_starts_the_app_with_defaults_and_one_warning(record_path, env):
    path = Path(env["XDG_CONFIG_HOME"]) / "alnco" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[app]\ntheme = "high-contrast\n')  # the quote never closes
    app = start(record_path, env)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert app.theme == "textual-dark" and app.current_mode == "dashboard"
        notes = [n.message for n in notices(app)]
        assert len(notes) == 1 and notes[0].startswith(f"skipped your settings {path}: ")
        # Choosing a theme now does not overwrite what you were in the middle of editing.
        app.action_set_theme("light")
        await pilot.pause()
        assert app.theme == "textual-light"
        assert "fix or remove it" in [n.message for n in notices(app)][-1]
    assert path.read_text() == '[app]\ntheme = "high-contrast\n'


async def test_system_defaults_choose_the_theme_until_you_do(record_path, env):
    system = Path(env["ALNCO_SYSTEM_DIR"])
    system.mkdir()
    (system / "defaults.toml").write_text('[app]\ntheme = "high-contrast"\n')
    app = start(record_path, env)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == HIGH_CONTRAST_THEME
        app.action_set_theme("dark")
    assert start(record_path, env).theme == "textual-dark"


def test_every_theme_setting_has_a_theme_and_a_name():
    assert tuple(TEXTUAL_NAMES) == settings.THEMES
    assert len({theme_label(key) for key in settings.THEMES}) == len(settings.THEMES)


def test_every_mode_has_its_real_screen():
    import importlib

    for module_name, class_name in SCREENS_BY_MODE.values():
        assert hasattr(importlib.import_module(module_name), class_name)


# ---------------------------------------------------------------- focus you can see
FOCUSABLE = ("Input, Select, TextArea, Checkbox, Button, DataTable, ModuleList, ModuleDetail, "
             "OptionList, RadioSet, RequirementRow, #form-body")


def left_edges(app) -> dict[str, str]:
    return {f"{type(w).__name__}#{w.id}": w.styles.border_left[0]
            for w in app.screen.query(FOCUSABLE) if w.display and w.can_focus}


async def assert_focus_is_a_shape(pilot, where: str) -> None:
    """Each focusable widget, in turn: it (and only it) has the bar; unfocused it has none."""
    app = pilot.app
    seen = set()
    for _ in range(40):
        await pilot.press("tab")
        await pilot.pause()
        focused = app.focused
        if focused is None or id(focused) in seen:
            break
        seen.add(id(focused))
        styled = list(app.screen.query(FOCUSABLE))
        holder = next((node for node in (focused, *focused.ancestors) if node in styled), None)
        assert holder is not None, f"{where}: {focused!r} takes the focus unstyled"
        edges = left_edges(app)
        name = f"{type(holder).__name__}#{holder.id}"
        assert edges.pop(name) == THICK, f"{where}: focused {name} shows no bar"
        assert THICK not in edges.values(), f"{where}: a bar on an unfocused widget {edges}"
    assert len(seen) > 1, where


@pytest.mark.parametrize("theme", list(TEXTUAL_NAMES))
async def test_one_focus_style_everywhere_and_without_colour(record_path, env, theme):
    app = start(record_path, {**env, "ALNCO_THEME": theme, "NO_COLOR": "1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("slash")  # the search box, then the six filters and the results
        await assert_focus_is_a_shape(pilot, "catalogue")
        await pilot.press("m")
        await pilot.pause()
        await assert_focus_is_a_shape(pilot, "my learning")
        await pilot.press("n")
        await pilot.pause()
        await assert_focus_is_a_shape(pilot, "entry form")


@pytest.mark.parametrize("theme", ["high-contrast", "light"])
def test_snapshot_focus_on_a_catalogue_filter(snap_compare, tmp_path, monkeypatch, theme):
    monkeypatch.chdir(tmp_path)
    ctx = Context.from_options(record="record.json", today=TODAY, lang="en",
                               environ={"ALNCO_SYSTEM_DIR": "etc-alnco", "ALNCO_THEME": theme})
    from alnco.model import Profile
    from alnco.store.record import Record

    Record(Path("record.json")).set_profile(Profile(name="Ceri", institution="Ysgol Test"))

    async def focus(pilot):
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("slash", "tab", "tab")
        still(pilot.app)
        await pilot.pause()

    assert snap_compare(create_app(ctx), terminal_size=(80, 24), run_before=focus)


def test_snapshot_focus_on_my_learnings_filter_without_colour(snap_compare, tmp_path,
                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    ctx = Context.from_options(record="record.json", today=TODAY, lang="en",
                               environ={"ALNCO_SYSTEM_DIR": "etc-alnco", "NO_COLOR": "1"})
    from alnco.model import Profile
    from alnco.store.record import Record

    Record(Path("record.json")).set_profile(Profile(name="Ceri", institution="Ysgol Test"))

    async def focus(pilot):
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("f", "tab")
        still(pilot.app)
        await pilot.pause()

    assert snap_compare(create_app(ctx), terminal_size=(80, 24), run_before=focus)


# ---------------------------------------------------------------- WCAG AA in high contrast
def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_wcag():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def _colours(theme) -> dict[str, tuple[int, int, int]]:
    """The theme's colours as Textual works them out, each blended onto the background
    it sits on (text-muted is white at some per cent, say)."""
    from textual.color import Color

    variables = theme.to_color_system().generate()
    background = Color.parse(variables["background"])

    def solid(name: str, under: Color = background) -> tuple[int, int, int]:
        value = variables[name]
        if value.startswith("auto"):
            percent = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1
            colour = under.get_contrast_text(percent)
        else:
            colour = Color.parse(value)
        return under + colour if colour.a < 1 else colour  # type: ignore[return-value]

    names = ("background", "surface", "panel", "footer-background", "block-cursor-background",
             "block-cursor-blurred-background", "input-selection-background")
    found = {name: solid(name) for name in names}
    for name in ("text", "text-muted", "text-disabled", "text-primary", "text-accent",
                 "text-success", "text-warning", "text-error", "foreground",
                 "foreground-muted", "foreground-disabled"):
        for ground in ("background", "surface", "panel"):
            found[f"{name} on {ground}"] = solid(name, Color(*found[ground]))
    for name in ("footer-key-foreground", "footer-description-foreground",
                 "block-cursor-foreground", "block-cursor-blurred-foreground",
                 "input-selection-foreground"):
        found[name] = solid(name)
    return {k: (v.rgb if hasattr(v, "rgb") else v) for k, v in found.items()}


def test_high_contrast_theme_text_reaches_aa():
    colours = _colours(HIGH_CONTRAST)
    pairs = {
        f"{text} on {ground}": (colours[f"{text} on {ground}"], colours[ground])
        for text in ("text", "text-muted", "text-disabled", "text-primary", "text-accent",
                     "text-success", "text-warning", "text-error", "foreground",
                     "foreground-muted", "foreground-disabled")  # labels, hints, placeholders
        for ground in ("background", "surface", "panel")
    }
    pairs["footer keys"] = (colours["footer-key-foreground"], colours["footer-background"])
    pairs["footer words"] = (colours["footer-description-foreground"],
                             colours["footer-background"])
    pairs["cursor row"] = (colours["block-cursor-foreground"],
                           colours["block-cursor-background"])
    pairs["cursor row, list not focused"] = (colours["block-cursor-blurred-foreground"],
                                             colours["block-cursor-blurred-background"])
    pairs["selected text"] = (colours["input-selection-foreground"],
                              colours["input-selection-background"])
    low = {name: round(contrast(*pair), 2) for name, pair in pairs.items()
           if contrast(*pair) < 4.5}
    assert not low


def test_textual_dark_placeholders_would_fail_so_the_check_can_fail():
    colours = _colours(BUILTIN_THEMES["textual-dark"])
    assert contrast(colours["text-disabled on surface"], colours["surface"]) < 4.5


# What the screen shows, cell by cell. Textual has no public API for the composed
# screen (export_screenshot is SVG): textual_internals reads the compositor's strips.
def screen_cells(app):
    from textual_internals import screen_strips

    for strip in screen_strips(app):
        for segment in strip:
            style = segment.style
            text = segment.text.strip()
            if not text or style is None or style.color is None or style.bgcolor is None:
                continue
            # Borders, bars and blocks are not text; pictographs draw their own colours.
            text = "".join(ch for ch in text if not 0x2500 <= ord(ch) <= 0x259F
                           and ord(ch) < 0x1F000)
            if not text:
                continue
            fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            if style.reverse:
                fg, bg = bg, fg
            yield text, tuple(fg), tuple(bg)


async def test_every_text_on_screen_in_high_contrast_reaches_aa(record_path, env):
    from tui_helpers import entry

    with start(record_path, env).record.transaction() as tx:
        tx.add(entry("Person-centred practice", "2026-10-12", "2", tasks=("a", "d")))
        tx.add(entry("IDP writing workshop", "2026-12-01", "3", status="planned"))
    app = start(record_path, {**env, "ALNCO_THEME": "high-contrast"})
    low: dict[str, set] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys in ([], ["c"], ["slash"], ["tab"], ["m"], ["f"], ["n"], ["escape", "escape"],
                     ["question_mark"], ["escape", "ctrl+p"], ["escape", "delete"],
                     ["escape", "ctrl+p", *"edit profile", "enter"]):
            await pilot.press(*keys)
            await pilot.pause()
            for text, fg, bg in screen_cells(app):
                if contrast(fg, bg) < 4.5:
                    low.setdefault(type(app.screen).__name__, set()).add(
                        (text[:20], fg, bg, round(contrast(fg, bg), 2)))
    assert not low
