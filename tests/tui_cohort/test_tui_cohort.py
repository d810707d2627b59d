"""The cohort app through Textual's Pilot, with hostile names and titles."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "exports"))

from cohort_files import write_cohort  # noqa: E402

from alnco.context import Context  # noqa: E402
from alnco.exports.cohort import read_cohort  # noqa: E402

MARK, NAME, OWNER, INSTITUTION, SETTING, RISK, HOURS = range(7)  # the table's columns


@pytest.fixture
def cohort(tmp_path: Path):
    write_cohort(tmp_path / "exports", people=9, entries=25)
    ctx = Context.from_options(record=str(tmp_path / "r.json"), today="2026-11-03",
                               environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})
    return read_cohort(ctx, [str(tmp_path / "exports")], date(2026, 11, 3))


def names(app) -> list[str]:
    table = app.query_one("#cohort")
    return [table.get_row_at(i)[NAME].plain for i in range(table.row_count)]


def test_hostile_names_show_as_typed_and_the_app_survives(cohort) -> None:
    asyncio.run(_test_hostile_names_show_as_typed_and_the_app_survives(cohort))


async def _test_hostile_names_show_as_typed_and_the_app_survives(cohort) -> None:
    from alnco.tui.cohort import CohortApp

    app = CohortApp(cohort)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        shown = names(app)
        assert len(shown) == 9
        assert "[bold]Bad[/] [@click=app.quit]x" in shown  # not parsed, not clickable
        assert "Gwyn [/] ap Ŵyn" in shown
        assert "Ann \\x1b[2J Lloyd" in shown  # control character made visible
        # Most at risk first, the same order as `alnco report`.
        risks = [p.risk for p in app.shown]
        assert risks == sorted(risks, key=["high", "medium", "low"].index)
        assert [p.source for p in app.shown] == [p.source for p in cohort.people]
        await pilot.click("#cohort", offset=(2, 0))  # clicking around must not run actions
        await pilot.pause()
        assert app.is_running


def test_filter_sort_and_drill_down(cohort) -> None:
    asyncio.run(_test_filter_sort_and_drill_down(cohort))


async def _test_filter_sort_and_drill_down(cohort) -> None:
    from alnco.tui.cohort import CohortApp, PersonScreen

    app = CohortApp(cohort)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash")
        await pilot.press(*"Person 00")
        await pilot.pause()
        assert sorted(names(app)) == [f"Person {n:03d} Ŷ" for n in range(5, 9)]
        await pilot.press("escape")
        await pilot.pause()
        assert len(names(app)) == 9
        app.sort_column = NAME
        app.refill()
        by_name = names(app)
        assert by_name == sorted(by_name, key=str.casefold)
        await pilot.press("r")
        assert names(app) == list(reversed(by_name))
        table = app.query_one("#cohort")
        table.focus()
        table.move_cursor(row=by_name.index("Gwyn [/] ap Ŵyn") and
                          names(app).index("Gwyn [/] ap Ŵyn"))
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PersonScreen)
        assert screen.person.profile.name == "Gwyn [/] ap Ŵyn"
        requirements = screen.query_one("#requirements")
        assert requirements.row_count == len(screen.person.progress.requirements)
        entries = screen.query_one("#entries")
        titles = [entries.get_row_at(i)[4].plain for i in range(entries.row_count)]
        assert any("[@click=app.quit]" in t for t in titles)
        await pilot.press("s", "r", "slash")  # the cohort's keys do nothing here
        await pilot.pause()
        assert app.is_running and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PersonScreen)


def test_clicking_a_header_sorts_by_that_column(cohort) -> None:
    asyncio.run(_test_clicking_a_header_sorts_by_that_column(cohort))


async def _test_clicking_a_header_sorts_by_that_column(cohort) -> None:
    from alnco.tui.cohort import CohortApp

    app = CohortApp(cohort)
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.query_one("#cohort")
        table.post_message(table.HeaderSelected(table, table.ordered_columns[HOURS].key, HOURS,
                                                table.ordered_columns[HOURS].label))
        await pilot.pause()
        hours = [app.shown[i].progress.hours_this_year for i in range(len(app.shown))]
        assert hours == sorted(hours)


async def test_settings_are_shown_in_words_and_found_by_code_or_word(cohort) -> None:
    from alnco.tui.cohort import CohortApp

    app = CohortApp(cohort)
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.query_one("#cohort")
        settings = {table.get_row_at(i)[SETTING].plain for i in range(table.row_count)}
        assert settings == {"school", "FEI"}
        colleges = sorted(p.source for p in cohort.people if p.profile.setting == "fei")
        assert colleges
        for query in ("fei", "FEI"):
            app.query_one("#filter").value = query
            await pilot.pause()
            assert sorted(p.source for p in app.shown) == colleges
        table.focus()
        await pilot.press("enter")  # the first college: its heading says where they work
        await pilot.pause()
        heading = str(app.screen.query_one("#person-heading").render())
        assert app.screen.person.profile.setting == "fei" and "  FEI  " in heading
