"""Layout at the sizes people use (80x24, 60x20 over SSH, 120x40): My learning's
columns follow the width on every resize, the dashboard keeps hours and
suggestions on screen, lists answer j/k/g/G, and a new user is told what to do."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, OptionList, Select, Static

from alnco.context import Context
from alnco.model import Profile
from alnco.tui.app import create_app
from alnco.tui.screens.dashboard import DashboardScreen
from alnco.tui.screens.learning import LearningScreen
from alnco.tui.widgets.entries_table import TITLE_MIN, column_plan
from alnco.tui.widgets.requirement_row import RequirementRow
from tui_helpers import TODAY, entry, make_ctx
from tui_waiting import settle

NATURAL = {"date": 11, "title": 40, "hours": 5, "status": 9, "tasks": 6}


# ---------------------------------------------------------------- column plan
def test_every_column_fits_when_there_is_room():
    assert column_plan(120, NATURAL) == NATURAL


def test_the_title_shrinks_first():
    plan = column_plan(60, NATURAL)
    assert list(plan) == ["date", "title", "hours", "status", "tasks"]
    assert TITLE_MIN <= plan["title"] < NATURAL["title"]
    assert sum(w + 2 for w in plan.values()) + 1 <= 60


def test_then_tasks_then_status_go_and_the_date_stays_longest():
    assert list(column_plan(50, NATURAL)) == ["date", "title", "hours", "status"]
    assert list(column_plan(40, NATURAL)) == ["date", "title", "hours"]
    assert list(column_plan(30, NATURAL)) == ["date", "title"]
    for width in (30, 40, 50):
        assert sum(w + 2 for w in column_plan(width, NATURAL).values()) + 1 <= width


# ---------------------------------------------------------------- My learning
LONG = "Adaptive teaching: advising colleagues on differentiated methods in class"


@pytest.fixture
def long_log(with_profile):
    with with_profile.transaction() as tx:
        tx.add(entry(LONG, "2026-10-01", "6", tasks=("a", "b", "c", "d", "e", "f")))
        tx.add(entry("Cluster meeting", "2026-12-01", "2", status="planned", tasks=("c",)))
    return with_profile


def headings(app) -> list[str]:
    table = app.screen.query_one("#entries", DataTable)
    return [str(column.label) for column in table.columns.values()]


def table_fits(app) -> bool:
    table = app.screen.query_one("#entries", DataTable)
    used = sum(column.get_render_width(table) for column in table.columns.values())
    return used <= table.size.width


async def test_columns_are_worked_out_again_when_the_terminal_narrows(long_log, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await settle(pilot)
        assert headings(app) == ["Date", "Title", "Hours", "Status", "Tasks"]
        for size in ((60, 20), (80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            names = headings(app)
            assert names[:1] == ["Date"] and "Hours" in names and "Status" in names, size
            assert table_fits(app), size
            title = app.screen.query_one("#entries", DataTable).get_row_at(1)[1].plain
            assert title.endswith("…") and LONG.startswith(title[:-1])
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert headings(app) == ["Date", "Title", "Hours", "Status", "Tasks"]


async def test_every_footer_key_fits_at_60_columns(long_log, app_for):
    app = app_for()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("m")
        await settle(pilot)
        footer = app.screen.query_one("Footer")
        keys = list(footer.query("FooterKey"))
        assert keys and all(key.region.right <= 60 for key in keys)
        assert {str(key.description) for key in keys} >= {"Log", "Plan", "Done", "Remove"}


async def test_j_k_g_G_move_in_my_learning(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await settle(pilot)
        table = app.screen.query_one("#entries", DataTable)
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("k")
        assert table.cursor_row == table.row_count - 2
        await pilot.press("g")
        assert table.cursor_row == 0


# ---------------------------------------------------------------- dashboard
@pytest.fixture
def real_ctx(record_path) -> Context:
    ctx = make_ctx(record_path)
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ceri", setting="school", designated_on=date(2025, 9, 1)))
        tx.add(entry("Code day", "2026-10-01", "3", tasks=("a", "c")))
        tx.add(entry("IDP course", "2026-12-01", "3", status="planned", tasks=("c",)))
    return ctx


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_hours_plans_and_suggestions_are_on_screen_without_scrolling(real_ctx, size):
    app = create_app(real_ctx)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        rows = list(screen.query(RequirementRow))
        assert len(rows) >= 10  # the shipped framework: a line for each
        assert all(row.region.height in (0, 1) for row in rows)  # one line each (or scrolled)
        width, height = size
        for selector in ("#hours-year", "#planned", "#suggestions"):
            region = screen.query_one(selector).region
            assert region.height and region.bottom <= height - 1 and region.right <= width, selector
        options = screen.query_one("#suggestions", OptionList)
        assert options.option_count >= 3


async def test_enter_opens_a_line_to_show_its_reason_and_citation(real_ctx):
    app = create_app(real_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r", "down")
        row = app.focused
        assert isinstance(row, RequirementRow) and row.line_action is None
        details = row.query_one(".requirement-details", Static)
        assert not details.display or details.region.height == 0
        await pilot.press("enter")
        await pilot.pause()
        assert row.expanded and details.region.height >= 2
        assert row.result.reason in str(details.render())
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert not row.expanded and row.region.height == 1
        # a line with an action keeps enter for it; space shows its details
        await pilot.press("k")
        assert app.focused.line_action is not None
        await pilot.press("space")
        await pilot.pause()
        assert app.focused.expanded and isinstance(app.screen, DashboardScreen)


async def test_j_k_g_G_move_between_lines_and_suggestions(real_ctx):
    app = create_app(real_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = list(app.screen.query(RequirementRow))
        await pilot.press("r", "j", "j")
        assert app.focused is rows[2]
        await pilot.press("k")
        assert app.focused is rows[1]
        await pilot.press("G")
        assert app.focused is rows[-1]
        await pilot.press("g")
        assert app.focused is rows[0]
        await pilot.press("s")
        options = app.screen.query_one("#suggestions", OptionList)
        assert app.focused is options and options.highlighted == 0
        await pilot.press("j")
        assert options.highlighted == 1
        await pilot.press("G")
        assert options.highlighted == options.option_count - 1
        await pilot.press("g")
        assert options.highlighted == 0


@pytest.mark.parametrize("lang, first_words", [
    ("en", ["Getting started", "Press c for the catalogue", "Press m for My learning"]),
    ("cy", ["Dechrau arni", "Pwyswch c i agor y catalog", "Pwyswch m i agor Fy nysgu"]),
])
async def test_a_new_user_is_told_what_to_do_first(record_path, lang, first_words):
    ctx = Context.from_options(record=str(record_path), today=TODAY, lang=lang,
                               environ={"ALNCO_SYSTEM_DIR": str(record_path.parent / "etc")})
    ctx.record.set_profile(Profile(name="Ceri", setting="school"))
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#getting-started", Static)
        assert box.display and box.region.bottom <= 23
        text = str(box.render())
        for words in first_words:
            assert words in text
        assert "alnco " not in text and "--" not in text  # keys, not commands
        with ctx.record.transaction() as tx:  # once something is logged, it goes
            tx.add(entry("First day", "2026-11-02", "1"))
        app.reload_record()
        await settle(pilot)
        assert not app.screen.query_one("#getting-started", Static).display


async def test_language_switch_redraws_the_requirements_in_the_new_language(real_ctx):
    app = create_app(real_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        english = [row.result.title for row in app.screen.query(RequirementRow)]
        app.action_set_language("cy")
        await settle(pilot)
        welsh = [row.result.title for row in app.screen.query(RequirementRow)]
        assert len(welsh) == len(english) and welsh != english
        assert any("rheoliad" in row.result.citation or "OS 2021" in row.result.citation
                   for row in app.screen.query(RequirementRow))
        app.action_set_language("en")
        await settle(pilot)
        assert [row.result.title for row in app.screen.query(RequirementRow)] == english


# ---------------------------------------------------------------- catalogue filter
async def test_the_task_drop_down_is_as_wide_as_its_choices(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        select = app.screen.query_one("#filter-task", Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        overlay = select.query_one("SelectOverlay")  # by name: its module is private
        longest = max(len(str(option.prompt)) for option in overlay.options)
        assert overlay.region.width >= longest > select.region.width
        assert overlay.region.right <= 80


async def test_my_learning_follows_a_language_switch_with_its_rows(seeded, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await settle(pilot)
        app.action_set_language("cy")
        await settle(pilot)
        assert headings(app)[:2] == ["Dyddiad", "Teitl"]
        assert app.screen.query_one("#entries", DataTable).row_count == 3
        assert "Oriau" in headings(app) and table_fits(app)
        app.action_set_language("en")
        await settle(pilot)
        assert headings(app)[0] == "Date"
