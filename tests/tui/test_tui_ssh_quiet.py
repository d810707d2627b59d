"""Over SSH (SSH_CONNECTION set) no text field blinks: a blinking cursor redraws
twice a second for nothing, which a slow school link pays for. Locally it blinks
as usual."""

from __future__ import annotations

from textual.widgets import Input

from alnco.tui.screens.catalogue import CatalogueScreen

SSH = "192.0.2.10 50000 192.0.2.1 22"


async def open_search(pilot) -> Input:
    await pilot.pause()
    await pilot.press("c")
    for _ in range(50):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, CatalogueScreen):
            break
    await pilot.press("slash")
    await pilot.pause()
    focused = pilot.app.focused
    assert isinstance(focused, Input)
    return focused


async def test_over_ssh_the_search_box_and_the_palette_do_not_blink(with_profile, app_for):
    app = app_for(SSH_CONNECTION=SSH)
    async with app.run_test(size=(80, 24)) as pilot:
        search = await open_search(pilot)
        assert search.cursor_blink is False
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette_input = app.focused
        assert isinstance(palette_input, Input)
        assert palette_input is not search
        assert palette_input.cursor_blink is False
        await pilot.press("escape")
        await pilot.pause()


async def test_over_ssh_form_fields_do_not_blink(with_profile, app_for):
    app = app_for(SSH_CONNECTION=SSH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_new_entry()
        await pilot.pause()
        await pilot.pause()
        fields = list(app.screen.query("Input, TextArea"))
        assert fields
        for field in fields:
            field.focus()
            await pilot.pause()
            assert field.cursor_blink is False, field


async def test_locally_the_cursor_blinks(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        search = await open_search(pilot)
        assert search.cursor_blink is True
