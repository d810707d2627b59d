"""The dashboard: requirements, hours, plans and suggestions, at a glance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textual.widgets import OptionList

from alnco.errors import RecordError
from alnco.model import Entry
from alnco.tui.screens.catalogue import CatalogueScreen
from alnco.tui.screens.dashboard import DashboardScreen, suggestions_with_reasons
from alnco.tui.widgets.hours_summary import month_initials, monthly_hours
from alnco.tui.widgets.module_list import ModuleList
from alnco.tui.widgets.planned_list import split_planned
from alnco.tui.widgets.requirement_row import RequirementRow
from alnco.values import replace
from tui_helpers import HOSTILE_TEXT, start_app
from tui_samples import sample_modules, sample_progress
from tui_notices import notices
from tui_waiting import settle

TODAY = date(2026, 11, 3)


@pytest.fixture
def progress(monkeypatch):
    """The progress engine's answer, fixed, so the layout is what is tested."""
    import alnco.tui.screens.dashboard as dashboard

    state = {"progress": sample_progress(), "calls": 0}

    def fake(ctx, snapshot, catalogue):
        state["calls"] += 1
        if isinstance(state["progress"], Exception):
            raise state["progress"]
        return state["progress"]

    monkeypatch.setattr(dashboard, "load_progress", fake)
    return state


def entry(title, day, hours="1", **kw):
    return Entry(title=title, date=date.fromisoformat(day), hours=Decimal(hours), **kw)


def app_for(ctx, monkeypatch):
    return start_app(ctx, monkeypatch)


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


async def test_one_row_per_requirement_with_word_reason_and_citation(ctx, progress, monkeypatch):
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        rows = list(app.screen.query(RequirementRow))
        assert [r.result.id for r in rows] == ["induction", "hours", "tasks", "local"]
        text = screen_text(app)
        for word in ("✓ met", "! behind", "✗ overdue", "○ not started"):
            assert word in text
        assert "12.5 of 35 hours; expected 15 by now." in text
        assert "ALN Code 2021 para 29.22 · guidance" in text
        assert "Local authority policy · local" in text
        assert "36%" in text and "100%" in text
        # the status is also a class, so themes can colour it
        assert rows[2].has_class("-overdue")


async def test_hours_against_target_and_months_chart(ctx, progress, monkeypatch):
    with ctx.record.transaction() as tx:
        tx.add(entry("a", "2026-03-04", "6"))
        tx.add(entry("b", "2026-10-04", "3"))
        tx.add(entry("c", "2025-10-31", "9"))  # 13 months ago: outside the chart
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Hours this academic year: 12.5 of 35 h" in text
        assert "1 Sep 2026 to 31 Aug 2027" in text
        assert "Last 12 months: 9 h; busiest Mar 2026 (6 h)." in text
        assert "D J F M A M J J A S O N" in text


async def test_no_target_is_said_in_words(ctx, progress, monkeypatch):
    progress["progress"] = replace(sample_progress(), hours_target=None)
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "12.5 h (this framework sets no hours target)" in screen_text(app)


def test_monthly_hours_buckets_completed_learning_by_month():
    entries = [
        entry("a", "2026-11-01", "1.5"),
        entry("b", "2026-11-03", "1"),
        entry("c", "2025-12-31", "2"),
        entry("d", "2025-11-30", "4"),  # before the window
        entry("e", "2026-11-20", "5", status="planned"),
    ]
    totals = monthly_hours(entries, TODAY)
    assert len(totals) == 12
    assert totals[0] == Decimal(2)  # Dec 2025
    assert totals[-1] == Decimal("2.5")  # Nov 2026
    assert sum(totals) == Decimal("4.5")
    assert month_initials(TODAY) == "D J F M A M J J A S O N "


def test_planned_learning_splits_overdue_from_upcoming():
    entries = [
        entry("late", "2026-10-01", status="planned"),
        entry("today", "2026-11-03", status="planned"),
        entry("next", "2026-12-01", status="planned"),
        entry("done", "2026-10-01"),
    ]
    overdue, upcoming = split_planned(entries, TODAY)
    assert [e.title for e in overdue] == ["late"]
    assert [e.title for e in upcoming] == ["today", "next"]


async def test_overdue_and_upcoming_plans_are_listed_in_words(ctx, progress, monkeypatch):
    with ctx.record.transaction() as tx:
        tx.add(entry("Late plan", "2026-10-14", "6", status="planned"))
        tx.add(entry("Next plan", "2026-12-14", "2", status="planned"))
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        planned = str(app.screen.query_one("#planned").render())
        assert "✗ overdue" in planned and "14 Oct 2026" in planned and "Late plan" in planned
        assert "◷ upcoming" in planned and "Next plan" in planned
        assert planned.index("Late plan") < planned.index("Next plan")


def test_suggestions_are_the_engines_next_steps_with_the_requirement_they_help():
    progress = sample_progress()
    picked = suggestions_with_reasons(progress, 5)
    assert [module_id for module_id, _ in picked] == list(progress.next_steps(5))
    reasons = dict(picked)
    assert reasons["training-tas"].id == "tasks"
    assert reasons["dyslexia"].id == "hours"
    assert reasons["cafe"].id == "hours"  # the first requirement that lists it


async def test_enter_on_a_suggestion_opens_it_in_the_catalogue(ctx, progress, monkeypatch):
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#suggestions", OptionList)
        expected = list(sample_progress().next_steps(5))
        assert [o.id for o in options.options] == expected
        await pilot.press("s")
        assert app.focused is options
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        results = app.screen.query_one(ModuleList)
        assert app.focused is results
        assert results.highlighted.id == expected[1]
        assert len(results.modules) == len(sample_modules())  # search and filters cleared


async def test_record_changes_are_picked_up(ctx, progress, monkeypatch):
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Nothing planned" in str(app.screen.query_one("#planned").render())
        calls = progress["calls"]
        with ctx.record.transaction() as tx:
            tx.add(entry("New plan", "2026-12-01", status="planned"))
        app.reload_record()
        await settle(pilot)
        assert progress["calls"] == calls + 1
        assert "New plan" in str(app.screen.query_one("#planned").render())


async def test_a_progress_error_is_a_notification_not_a_crash(ctx, progress, monkeypatch):
    progress["progress"] = RecordError("the record is corrupt; restore the backup")
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert "Progress cannot be shown" in str(app.screen.query_one("#framework").render())
        assert any("corrupt" in str(n.message) for n in notices(app))


async def test_hostile_text_in_progress_and_plans_is_literal(ctx, progress, monkeypatch):
    req = replace(sample_progress().requirements[1], title=HOSTILE_TEXT, reason=HOSTILE_TEXT,
                  citation=HOSTILE_TEXT)
    progress["progress"] = replace(sample_progress(), framework_title=HOSTILE_TEXT,
                                   requirements=(req,))
    with ctx.record.transaction() as tx:
        tx.add(entry(HOSTILE_TEXT, "2026-10-01", status="planned"))
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert text.count("[@click=app.quit]x[/]") >= 4
        assert "\x1b" not in text
        await pilot.click("#framework", offset=(30, 0))
        await pilot.pause()
        assert app.is_running


async def test_fits_at_80x24_and_reflows_when_wide(ctx, progress, monkeypatch):
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        main, side = screen.query_one("#dashboard-main"), screen.query_one("#dashboard-side")
        assert side.region.y > main.region.y or side.virtual_region.y > main.virtual_region.y
        for widget in screen.query("RequirementRow, HoursSummary, #suggestions"):
            assert widget.region.right <= 80
        await pilot.resize_terminal(130, 40)
        await settle(pilot)
        assert screen.has_class("-wide")
        assert side.region.x > main.region.x


async def test_real_engine_and_shipped_catalogue_fill_the_dashboard(ctx):
    """No stand-ins: the same progress `alnco progress` computes, laid out."""
    from alnco.catalogue.layers import load_catalogue
    from alnco.model import Profile
    from alnco.progress.service import progress_for
    from alnco.tui.app import create_app
    from alnco.tui.widgets.status_words import status_word

    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ceri", setting="school", designated_on=date(2025, 9, 1)))
        tx.add(entry("Code day", "2026-10-01", "3", tasks=("a", "c")))
    catalogue = load_catalogue(ctx)
    expected = progress_for(ctx, catalogue=catalogue)
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = list(app.screen.query(RequirementRow))
        assert [r.result for r in rows] == list(expected.requirements)
        text = screen_text(app)
        for result in expected.requirements:
            assert status_word(result.status) in text
            assert result.reason in text
        assert expected.framework_title in text
        options = app.screen.query_one("#suggestions", OptionList)
        shown = [o.id for o in options.options if o.id]
        assert shown == [m for m in expected.next_steps(5) if catalogue.get(m)]


async def test_overview_counts_each_status_in_words(ctx, progress, monkeypatch):
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#overview").render())
        assert line == "✗ 1 overdue  ! 1 behind  ○ 1 not started  ✓ 1 met"


async def test_language_switch_redraws_the_dashboard_with_its_data(ctx, progress, monkeypatch):
    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_set_language("cy")
        await settle(pilot)
        rows = list(app.screen.query(RequirementRow))
        assert len(rows) == len(sample_progress().requirements)
        assert app.screen.query_one("#suggestions", OptionList).option_count == 3
        app.action_set_language("en")
        await settle(pilot)
        assert "✓ met" in screen_text(app)


async def test_two_results_arriving_together_leave_one_whole_dashboard(ctx, progress, monkeypatch):
    """A record change and a refocus can both deliver progress while the first is
    still being drawn: the later one must not be lost, nor rows doubled."""
    import asyncio

    app = app_for(ctx, monkeypatch)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        snapshot = app.snapshot
        fewer = replace(progress["progress"],
                        requirements=progress["progress"].requirements[:2])
        await asyncio.gather(screen._show(fewer, app.catalogue, snapshot),
                             screen._show(progress["progress"], app.catalogue, snapshot))
        await pilot.pause()
        rows = [r.result.id for r in screen.query(RequirementRow)]
        assert rows == ["induction", "hours", "tasks", "local"]  # the last one, whole
        assert screen.loaded


# ---------------------------------------------------------------- fitting 80x24
def test_a_small_screen_gets_a_few_planned_lines_and_a_count_of_the_rest():
    from alnco.tui.widgets.planned_list import planned_content

    plans = [entry(f"Plan {i}", f"2026-1{i % 3}-0{i + 1}", status="planned") for i in range(5)]
    short = str(planned_content(plans, TODAY, max_lines=3)).splitlines()
    assert len(short) == 3
    assert short[-1] == "…and 3 more (see My learning, m)"
    assert "✗ overdue" in short[0]  # overdue first
    assert len(str(planned_content(plans, TODAY)).splitlines()) == 5  # room: all of them


def test_a_suggestion_is_one_line_with_the_requirement_it_helps():
    from alnco.tui.screens.dashboard import suggestion_prompt

    module = sample_modules()[2]
    requirement = sample_progress().requirements[1]
    text = str(suggestion_prompt(module, requirement, "en"))
    assert "\n" not in text
    assert text == "Dyslexia: assessment and support · 12 h · for: Keep your learning current"


def test_getting_started_is_for_people_with_nothing_logged_yet():
    from alnco.model import Profile
    from alnco.store.record import Snapshot
    from alnco.tui.screens.dashboard import getting_started

    new = str(getting_started(Snapshot()))
    assert new.startswith("Getting started\n1. Tell alnco who you are: press ctrl+p")
    profiled = str(getting_started(Snapshot(profile=Profile(name="Ceri"))))
    assert "Tell alnco" not in profiled and "1. Press c for the catalogue" in profiled
    assert getting_started(Snapshot(entries=(entry("Done", "2026-10-01"),))) is None


def test_months_are_named_in_the_interface_language():
    from alnco.i18n import set_language
    from alnco.tui.widgets.hours_summary import month_and_year

    try:
        set_language("cy")
        assert month_and_year(date(2026, 11, 1)) == "Tach 2026"
        assert month_initials(TODAY).split()[-1] == "T"  # Tachwedd
    finally:
        set_language("en")
    assert month_and_year(date(2026, 11, 1)) == "Nov 2026"
