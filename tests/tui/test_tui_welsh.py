"""Started in Welsh, every screen's keys are in Welsh, even screens imported later."""

from __future__ import annotations

import sys

from alnco.context import Context
from alnco.tui.app import create_app
from tui_waiting import settle

TODAY = "2026-11-03"


async def test_a_screen_imported_after_start_up_shows_welsh_keys(record_path, monkeypatch):
    # Onboarding is imported on first use; drop any copy an earlier test loaded
    # so this one sees a class that did not exist when the app started.
    monkeypatch.delitem(sys.modules, "alnco.tui.screens.onboarding", raising=False)
    ctx = Context.from_options(record=str(record_path), today=TODAY, lang="cy",
                               environ={"ALNCO_SYSTEM_DIR": str(record_path.parent / "etc")})
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "OnboardingScreen"  # no profile yet
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Cadw", "Hepgor am y tro"} <= descriptions
        assert not {"Save", "Skip for now"} & descriptions


async def test_the_command_palette_speaks_welsh(record_path) -> None:
    from textual.command import CommandInput
    from textual.widgets import Footer

    ctx = Context.from_options(record=str(record_path), today=TODAY, lang="cy",
                               environ={"ALNCO_SYSTEM_DIR": str(record_path.parent / "etc")})
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")  # skip onboarding
        await settle(pilot)
        # Nothing focused: a focused row adds its enter key, and at 80 columns the
        # footer then makes room by leaving out the palette hint (ctrl+p still works).
        app.screen.set_focus(None)
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        shown = " ".join(str(w.render()) for w in footer.query("*"))
        assert "palet" in shown and "palette" not in shown
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Chwilio am orchmynion…"
