"""Placeholder text (the grey hint in an empty field: "what the learning was",
a blank drop-down's name: "Task") is readable in every theme: at least 4.5:1
(WCAG AA) on the field's own background, focused or not, in the entry form and
the catalogue's search box and filters."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from alnco.tui.app import create_app
from alnco.tui.themes import PLACEHOLDER, TEXTUAL_NAMES
from tui_helpers import make_ctx
from tui_waiting import settle


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def placeholder_contrasts(app) -> dict[str, float]:
    """Each empty field with a placeholder on the screen: its hint's contrast."""
    found = {}
    for field in app.screen.query(Input):
        if field.value or not field.placeholder or not field.display:
            continue
        hint = field.get_component_rich_style("input--placeholder").color.get_truecolor()
        ground = field.background_colors[1].rgb
        found[f"#{field.id}{' (focused)' if field.has_focus else ''}"] = round(
            contrast(tuple(hint), ground), 2)
    for select in app.screen.query(Select):  # a blank drop-down shows its name
        current = select.query_one("SelectCurrent")
        if current.has_class("-has-value") or not select.display:
            continue
        style = current.query_one("#label").rich_style
        found[f"#{select.id}{' (focused)' if select.has_focus else ''}"] = round(contrast(
            tuple(style.color.get_truecolor()), tuple(style.bgcolor.get_truecolor())), 2)
    return found


@pytest.mark.parametrize("theme", list(TEXTUAL_NAMES))
async def test_placeholders_reach_aa_in_every_theme(with_profile, record_path, theme):
    app = create_app(make_ctx(record_path, ALNCO_THEME=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_new_entry()
        await pilot.pause()
        seen: dict[str, float] = {}
        for _ in range(6):  # each field unfocused, then focused
            seen.update(placeholder_contrasts(app))
            await pilot.press("tab")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)
        seen.update({f"catalogue {k}": v for k, v in placeholder_contrasts(app).items()})
        await pilot.press("slash")
        await pilot.pause()
        seen.update({f"catalogue {k}": v for k, v in placeholder_contrasts(app).items()})
    assert "#title" in seen and "#title (focused)" in seen, seen
    assert any(name.startswith("catalogue #search") for name in seen), seen
    assert any(name.startswith("catalogue #filter-task") for name in seen), seen
    low = {name: ratio for name, ratio in seen.items() if ratio < 4.5}
    assert not low, f"{theme}: placeholders below 4.5:1: {low}"


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_the_placeholder_grey_is_the_one_themes_names(with_profile, record_path, theme):
    app = create_app(make_ctx(record_path, ALNCO_THEME=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_new_entry()
        await pilot.pause()
        field = app.screen.query_one("#title", Input)
        hint = field.get_component_rich_style("input--placeholder").color.get_truecolor()
    assert "#{:02X}{:02X}{:02X}".format(*hint) == PLACEHOLDER[theme]
