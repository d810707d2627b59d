"""The line-API results list: renders only what is on screen, keeps the cursor
visible, and shows catalogue text literally."""

from __future__ import annotations

from decimal import Decimal

from textual.app import App

from alnco.tui.widgets.module_list import ModuleList, clip, columns, header_line
from tui_helpers import HOSTILE_TEXT
from tui_samples import make_module


def many(n: int):
    return [make_module(f"m{i:05d}", f"Module number {i}", hours=Decimal(i % 7 + 1),
                        tasks=("a", "c")) for i in range(n)]


class ListApp(App):
    def compose(self):
        yield ModuleList()

    def on_mount(self) -> None:
        self.query_one(ModuleList).focus()


async def test_five_thousand_modules_render_only_the_visible_rows():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        results = app.query_one(ModuleList)
        rendered: list[int] = []
        original = results._render_row

        def counting(module, *args):
            rendered.append(int(module.id[1:]))
            return original(module, *args)

        results._render_row = counting
        results.set_modules(many(5000))
        await pilot.pause()
        assert results.virtual_size.height == 5000
        assert rendered and max(rendered) < 12  # nothing below the fold was drawn
        assert "Module number 0" in results.render_line(0).text


async def test_cursor_keys_scroll_without_animation():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        results = app.query_one(ModuleList)
        results.set_modules(many(5000))
        await pilot.pause()
        await pilot.press("pagedown", "pagedown")
        assert results.cursor == 22
        assert results.scroll_offset.y > 0  # moved at once, no animation pending
        assert results.highlighted.id == "m00022"
        await pilot.press("end")
        await pilot.pause()
        assert results.cursor == 4999
        assert "Module number 4999" in results.render_line(11).text
        await pilot.press("home")
        await pilot.pause()
        assert results.scroll_offset.y == 0


async def test_new_results_reset_the_cursor_or_keep_a_module():
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        results = app.query_one(ModuleList)
        modules = many(100)
        results.set_modules(modules)
        results.cursor = 50
        await pilot.pause()
        results.set_modules(modules[40:])
        assert results.cursor == 0 and results.scroll_offset.y == 0
        results.set_modules(modules, keep="m00077")
        await pilot.pause()
        assert results.highlighted.id == "m00077"


async def test_highlight_and_select_messages():
    seen = []

    class Watching(ListApp):
        def on_module_list_highlighted(self, event):
            seen.append(("highlighted", event.module.id if event.module else None))

        def on_module_list_selected(self, event):
            seen.append(("selected", event.module.id))

    app = Watching()
    async with app.run_test(size=(60, 12)) as pilot:
        app.query_one(ModuleList).set_modules(many(3))
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.double_click(ModuleList, offset=(5, 2))
        await pilot.pause()
    assert ("highlighted", "m00000") in seen
    assert ("highlighted", "m00001") in seen
    assert ("selected", "m00001") in seen
    assert ("selected", "m00002") in seen


def test_clip_makes_control_codes_visible_and_fits_width():
    text = clip(HOSTILE_TEXT, 30)
    assert len(text) == 30 and text.endswith("…")
    assert "\x1b" not in clip("a\x1b[2Jb", 20) and "\\x1b" in clip("a\x1b[2Jb", 20)
    assert clip("ŵyl 和", 10) == "ŵyl 和    "  # the wide character counts as two cells


def test_columns_fit_a_narrow_list():
    assert sum(columns(80)) + 2 == 80
    title, hours, tasks = columns(12)
    assert tasks == 0 and title + hours + 2 == 12
    assert header_line(80, 1234).startswith("  Title (1,234)")
    assert len(header_line(80, 5)) == 80


async def test_vi_keys_move_the_cursor():
    """j/k/g/G (as in lazygit or less): down, up, top, bottom."""
    app = ListApp()
    async with app.run_test(size=(60, 12)) as pilot:
        results = app.query_one(ModuleList)
        results.set_modules(many(300))
        await pilot.pause()
        await pilot.press("j", "j", "j", "k")
        assert results.highlighted.id == "m00002"
        await pilot.press("G")
        await pilot.pause()
        assert results.highlighted.id == "m00299"
        assert "Module number 299" in results.render_line(11).text  # scrolled to it
        await pilot.press("g")
        await pilot.pause()
        assert results.highlighted.id == "m00000" and results.scroll_offset.y == 0
