"""The catalogue screen, driven with keys and the mouse as a person would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import Input, Select

from alnco.model import Entry
from alnco.tui.screens.catalogue import DETAIL_DELAY_SECONDS, CatalogueScreen
from alnco.tui.widgets.module_detail import ModuleDetail
from alnco.tui.widgets.module_list import ModuleList
from alnco.tui.screens.entry_form import EntryForm
from tui_helpers import HOSTILE_TEXT, open_catalogue, start_app
from tui_samples import make_module, sample_modules
from tui_waiting import settle


def shown_ids(app) -> list[str]:
    return [m.id for m in app.screen.query_one(ModuleList).modules]


def row_text(app, y: int) -> str:
    return app.screen.query_one(ModuleList).render_line(y).text


async def detail_text_after(pilot) -> str:
    """The detail pane once it has caught up with the cursor (it waits for the list)."""
    await pilot.pause(DETAIL_DELAY_SECONDS + 0.1)
    return pilot.app.screen.query_one(ModuleDetail).text


async def type_query(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause(0.15)  # past the debounce window
    await pilot.pause()


async def test_search_filters_as_you_type(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        assert len(shown_ids(app)) == 6
        await type_query(pilot, "dysl")
        assert shown_ids(app) == ["dyslexia"]
        assert "Dyslexia: assessment and support" in row_text(app, 0)
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.pause(0.15)
        assert len(shown_ids(app)) == 6


async def test_search_finds_welsh_text_and_ignores_accents(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "hanfodion")
        assert shown_ids(app) == ["aln-basics"]
        search = app.screen.query_one("#search", Input)
        search.value = ""
        await pilot.pause(0.15)
        await type_query(pilot, "cafe")  # the title says Café
        assert "cafe" in shown_ids(app)
        search.value = ""
        await pilot.pause(0.15)
        await type_query(pilot, "DYSLECSIA")
        assert shown_ids(app) == ["dyslexia"]


async def test_welsh_interface_shows_welsh_titles(tmp_path, monkeypatch):
    from tui_helpers import make_ctx

    ctx = make_ctx(tmp_path / "record.json", lang="cy")
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "dyslexia")
        assert "Dyslecsia: asesu a chefnogi" in row_text(app, 0)


async def test_a_burst_of_keys_ends_on_the_last_query(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await pilot.press(*"writing")
        await pilot.pause(0.2)
        assert shown_ids(app) == ["idp-writing"]
        assert app.screen.query_one("#results-header").render().plain.startswith("  Title (1)")


async def test_filters_narrow_the_results(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        app.screen.query_one("#filter-task", Select).value = "g"
        await pilot.pause()
        assert shown_ids(app) == ["training-tas"]
        app.screen.query_one("#filter-task", Select).clear()
        app.screen.query_one("#filter-provider", Select).value = "Regional consortium"
        app.screen.query_one("#filter-mode", Select).value = "enquiry"
        await pilot.pause()
        assert shown_ids(app) == ["cafe"]
        await pilot.press("escape")  # leave the search box so x is a key, not text
        app.screen.query_one(ModuleList).focus()
        await pilot.press("x")
        await pilot.pause()
        assert len(shown_ids(app)) == 6


async def test_filters_for_theme_language_and_level(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        screen = app.screen
        screen.query_one("#filter-theme", Select).value = "literacy"
        await pilot.pause()
        assert shown_ids(app) == ["dyslexia"]
        screen.query_one("#filter-theme", Select).clear()
        screen.query_one("#filter-language", Select).value = "cy"
        screen.query_one("#filter-level", Select).value = "practice"
        await pilot.pause()
        assert sorted(shown_ids(app)) == ["cynhwysiant", "idp-writing"]


async def test_filter_select_opens_from_the_keyboard(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await pilot.press("tab")  # search -> task filter
        assert app.focused.id == "filter-task"
        await pilot.press("enter", "down", "down", "enter")  # blank, a, b
        await pilot.pause()
        assert app.screen.query_one("#filter-task", Select).value in ("a", "b")
        assert set(shown_ids(app)) <= {m.id for m in sample_modules()
                                       if app.screen.query_one("#filter-task", Select).value in m.tasks}


async def test_enter_in_search_moves_to_first_result(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "regional")
        results = app.screen.query_one(ModuleList)
        results.cursor = 2
        app.screen.query_one("#search", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is results
        assert results.cursor == 0
        assert results.highlighted.id == shown_ids(app)[0]
        assert results.highlighted.title["en"] in await detail_text_after(pilot)


async def test_slash_focuses_search_from_the_results(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, ModuleList)
        await pilot.press("slash")
        assert app.focused.id == "search"
        assert app.screen.query_one("#search", Input).value == ""


async def test_l_logs_the_highlighted_module_through_the_entry_form(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "idp")
        await pilot.press("enter", "l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#hours", Input).value == "6"
        assert form.query_one("#date", Input).value in ("today", "2026-11-03", "Tue 3 Nov 2026",
                                                          "3 Nov 2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        [saved] = ctx.record.read().entries
        assert (saved.module_id, saved.status, saved.date, saved.hours) == (
            "idp-writing", "completed", date(2026, 11, 3), Decimal(6))
        # and the list marks it done at once
        assert row_text(app, 0).lstrip().startswith("✓ Writing person-centred IDPs")


async def test_p_plans_the_highlighted_module(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "dyslexia")
        await pilot.press("enter", "p")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#status").value == "planned"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CatalogueScreen)
        assert ctx.record.read().entries == []


async def test_l_and_p_type_letters_while_searching(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "pl")
        assert isinstance(app.screen, CatalogueScreen)
        assert app.screen.query_one("#search", Input).value == "pl"


async def test_arrow_keys_and_mouse_move_the_cursor(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await pilot.press("enter", "down", "down")
        results = app.screen.query_one(ModuleList)
        assert results.cursor == 2
        assert results.highlighted.title["en"] in await detail_text_after(pilot)
        await pilot.press("end")
        assert results.cursor == 5
        await pilot.press("home", "up")
        assert results.cursor == 0
        await pilot.click(ModuleList, offset=(10, 3))
        await pilot.pause()
        assert results.cursor == 3


async def test_marks_show_done_and_planned_from_the_record(ctx, monkeypatch):
    with ctx.record.transaction() as tx:
        tx.add(Entry(title="x", date=date(2026, 10, 1), hours=Decimal(1), module_id="dyslexia"))
        tx.add(Entry(title="y", date=date(2026, 12, 1), hours=Decimal(1), module_id="cafe",
                     status="planned"))
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        ids = shown_ids(app)
        assert row_text(app, ids.index("dyslexia")).lstrip().startswith("✓ Dyslexia")
        assert row_text(app, ids.index("cafe")).lstrip().startswith("◷ Café")
        assert row_text(app, ids.index("aln-basics")).lstrip().startswith("ALN basics")
        # Another session logs a module: the open screen picks it up.
        with ctx.record.transaction() as tx:
            tx.add(Entry(title="z", date=date(2026, 10, 2), hours=Decimal(1),
                         module_id="aln-basics"))
        app.reload_record()
        await pilot.pause()
        assert row_text(app, ids.index("aln-basics")).lstrip().startswith("✓ ALN basics")
        assert "You completed this on" in await detail_text_after(pilot)


async def test_detail_explains_tasks_provider_link_and_layer(ctx, monkeypatch):
    modules = sample_modules()
    modules[0] = make_module(
        "aln-basics", "ALN basics for ALNCOs", provider="Welsh Government", tasks=("a", "g"),
        url="https://example.org/aln", layer="system",
    )
    app = start_app(ctx, monkeypatch, modules)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "aln basics")
        text = await detail_text_after(pilot)
        assert "Welsh Government" in text
        assert "https://example.org/aln" in text
        assert "Identify ALN and co-ordinate provision" in text
        assert "Supervise and train school learning support workers" in text
        assert "system layer" in text


async def test_hostile_catalogue_text_is_shown_literally_and_never_acts(ctx, monkeypatch):
    hostile = make_module(
        "hostile", HOSTILE_TEXT, cy=HOSTILE_TEXT, summary={"en": HOSTILE_TEXT},
        provider=HOSTILE_TEXT, themes=(HOSTILE_TEXT,), url="[@click=app.quit]", tasks=("a",),
    )
    app = start_app(ctx, monkeypatch, [hostile, *sample_modules()])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "notes")
        assert shown_ids(app) == ["hostile"]
        row = row_text(app, 0)
        assert "Notes [/] and [bold [@click=app.quit]x[/]" in row
        assert "\x1b" not in row and "\\x1b" in row
        text = await detail_text_after(pilot)
        assert "[@click=app.quit]" in text and "[/]" in text
        assert "\x1b" not in text
        # Clicking where the "link" is drawn, and selecting it, must not quit.
        await pilot.press("enter", "enter")
        await pilot.click("#detail", offset=(5, 0))
        await pilot.click(ModuleList, offset=(20, 0))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None
        # The provider filter offers the hostile provider as plain text.
        provider = app.screen.query_one("#filter-provider", Select)
        provider.value = HOSTILE_TEXT
        await pilot.pause()
        assert shown_ids(app) == ["hostile"]
        screen_text = app.export_screenshot()
        assert "[@click=app.quit]" in screen_text.replace("&#160;", " ")


async def test_no_results_says_so(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "zzzz")
        assert shown_ids(app) == []
        assert "No modules match." in row_text(app, 0)
        await pilot.press("enter")
        assert app.screen.query_one(ModuleList).highlighted is None
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, CatalogueScreen)


async def test_layout_reflows_between_narrow_and_wide(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        detail = screen.query_one(ModuleDetail)
        results = screen.query_one(ModuleList)
        assert detail.region.y > results.region.y  # detail under the list
        await pilot.resize_terminal(130, 30)
        await pilot.pause()
        assert screen.has_class("-wide")
        assert detail.region.x > results.region.x  # detail beside the list
        assert detail.region.y == results.region.y - 1  # beside header + list


async def test_language_switch_keeps_the_search_and_shows_welsh_titles(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "dyslexia")
        app.action_set_language("cy")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogueScreen)
        assert screen.query_one("#search", Input).value == "dyslexia"
        assert shown_ids(app) == ["dyslexia"]
        assert "Dyslecsia: asesu a chefnogi" in row_text(app, 0)
        app.action_set_language("en")
        await settle(pilot)
        assert "Dyslexia: assessment and support" in row_text(app, 0)


async def test_escape_leaves_the_search_box_so_screen_keys_work(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await type_query(pilot, "idp")
        await pilot.press("escape")
        assert isinstance(app.focused, ModuleList)
        assert app.screen.query_one(ModuleList).highlighted.id == "idp-writing"
        await pilot.press("d")  # now a key, not text: back to the dashboard
        await settle(pilot)
        assert app.current_mode == "dashboard"


async def test_catalogue_opens_on_the_results_so_keys_work_at_once(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot, search=False)
        results = app.screen.query_one(ModuleList)
        assert app.focused is results and results.cursor == 0
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, EntryForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        assert app.current_mode == "dashboard"


async def test_vi_keys_move_in_the_results_but_type_in_the_search_box(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot, search=False)
        results = app.screen.query_one(ModuleList)
        assert app.focused is results
        ids = shown_ids(app)
        await pilot.press("j", "j")
        assert results.highlighted.id == ids[2]
        await pilot.press("k")
        assert results.highlighted.id == ids[1]
        await pilot.press("G")
        assert results.highlighted.id == ids[-1]
        await pilot.press("g")
        assert results.highlighted.id == ids[0]
        await pilot.press("slash")
        await pilot.press("j", "k", "g", "G")
        assert app.screen.query_one("#search", Input).value == "jkgG"


async def test_the_detail_pane_on_screen_follows_the_cursor(ctx, monkeypatch):
    """The pane repaints only the lines that differ: none may be left from the
    module shown before (checked on the painted screen, not the widget's text)."""
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        await detail_text_after(pilot)
        await type_query(pilot, "reg")
        await pilot.press("enter", "down")
        text = await detail_text_after(pilot)
        assert text.startswith("Inclusion in practice")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "ALN basics for ALNCOs" not in screen  # not a result: only a stale line shows it
        assert screen.count("Inclusion in practice") == 2  # the list and the pane


async def test_each_key_searches_at_once_while_searching_is_fast(ctx, monkeypatch):
    """No debounce while searches are fast: the results are there as soon as
    the key has been handled, with no waiting for a timer."""
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_catalogue(pilot)
        screen = app.screen
        searched: list[str] = []
        original = screen.catalogue.search

        def counting(query, **kw):
            searched.append(query)
            return original(query, **kw)

        monkeypatch.setattr(screen.catalogue, "search", counting)
        for typed in ("d", "dy", "dys", "dysl"):
            await pilot.press(typed[-1])
            assert searched[-1:] == [typed]
        assert shown_ids(app) == ["dyslexia"]
