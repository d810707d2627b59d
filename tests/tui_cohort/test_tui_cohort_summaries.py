"""The cohort app as `alnco cohort` runs it: rows from summaries read in forked
workers, one person's file re-read on Enter, owners shown, an EWC number from
two owners marked, and a file that changed or went away said so, not a crash."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "exports"))

from cohort_files import duplicate, write_cohort  # noqa: E402

from alnco.context import Context  # noqa: E402
from alnco.exports.cohort import read_cohort, start_reading  # noqa: E402
from alnco.exports.parallel import PARALLEL_FROM, fork_available  # noqa: E402

AS_OF = date(2026, 11, 3)
MARK, NAME, OWNER = 0, 1, 2  # the table's first columns


def context(tmp_path: Path) -> Context:
    return Context.from_options(record=str(tmp_path / "r.json"), today=AS_OF.isoformat(),
                                environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})


def column(app, index: int) -> list[str]:
    table = app.query_one("#cohort")
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


async def open_row(app, pilot, predicate) -> None:
    """Put the cursor on the first shown person for whom `predicate` holds; Enter."""
    table = app.query_one("#cohort")
    table.focus()
    table.move_cursor(row=next(i for i, p in enumerate(app.shown) if predicate(p)))
    await pilot.press("enter")
    await pilot.pause()


async def until_read(app, pilot) -> None:
    for _ in range(400):
        if app.cohort is not None:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    pytest.fail("the cohort was never read")


@pytest.mark.skipif(not fork_available(), reason="no fork on this platform: read serially")
async def test_rows_come_from_workers_summaries_and_enter_reads_that_persons_file(
        tmp_path: Path) -> None:
    from alnco.tui.cohort import CohortApp, PersonScreen

    paths = write_cohort(tmp_path / "inbox", people=PARALLEL_FROM + 4, entries=15)
    reading = start_reading(context(tmp_path), [str(tmp_path / "inbox")], AS_OF,
                            summary=True, jobs=2)
    assert reading.workers is not None  # really forked, as at national scale
    app = CohortApp(reading)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await until_read(app, pilot)
            assert len(column(app, NAME)) == PARALLEL_FROM + 4
            assert "[bold]Bad[/] [@click=app.quit]x" in column(app, NAME)
            # Only summaries are held: no entries, no evidence ids.
            assert all(p.entries == [] for p in app.cohort.people)
            summary = "".join(str(app.query_one("#summary").render()))
            assert f"{PARALLEL_FROM + 4} of {PARALLEL_FROM + 4} people" in summary
            await open_row(app, pilot, lambda p: p.source == str(paths[7]))
            screen = app.screen
            assert isinstance(screen, PersonScreen)
            entries = screen.query_one("#entries")
            on_disk = json.loads(paths[7].read_text(encoding="utf-8"))["entries"]
            assert entries.row_count == len(on_disk) == 15
            assert not screen.query("#person-note")  # the file is as it was read
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, PersonScreen)
    finally:
        reading.close()


async def test_a_file_deleted_or_changed_before_drill_down_is_said_not_a_crash(
        tmp_path: Path) -> None:
    from alnco.tui.cohort import CohortApp, PersonScreen

    paths = write_cohort(tmp_path / "inbox", people=6, entries=10)
    cohort = read_cohort(context(tmp_path), [str(tmp_path / "inbox")], AS_OF, summary=True)
    paths[2].unlink()
    data = json.loads(paths[3].read_text(encoding="utf-8"))
    data["entries"] = data["entries"][:4]
    paths[3].write_text(json.dumps(data), encoding="utf-8")
    paths[4].write_text("{ not json", encoding="utf-8")
    app = CohortApp(cohort)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await open_row(app, pilot, lambda p: p.source == str(paths[2]))
        screen = app.screen
        assert isinstance(screen, PersonScreen) and app.is_running
        note = str(screen.query_one("#person-note").render())
        assert "no longer there" in note and "export-002.json" in note
        assert not screen.query("#entries")  # nothing to show, and nothing invented
        requirements = screen.query_one("#requirements")  # still what the file said
        assert requirements.row_count == len(screen.person.progress.requirements) > 0
        await pilot.press("escape")
        await pilot.pause()
        await open_row(app, pilot, lambda p: p.source == str(paths[3]))
        note = str(app.screen.query_one("#person-note").render())
        assert "changed since the cohort was read" in note
        assert app.screen.query_one("#entries").row_count == 4  # what it says now
        await pilot.press("escape")
        await pilot.pause()
        await open_row(app, pilot, lambda p: p.source == str(paths[4]))
        note = str(app.screen.query_one("#person-note").render())
        assert "cannot be used now" in note and "not valid JSON" in note
        assert app.is_running


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to other owners needs root")
async def test_owners_are_shown_and_an_ewc_number_from_two_owners_is_marked(
        tmp_path: Path) -> None:
    from alnco.tui.cohort import SHARED_MARK, CohortApp, PersonScreen, WarningsScreen

    paths = write_cohort(tmp_path / "inbox", people=6, entries=10)
    # Someone else (uid 1002) hands in a newer file claiming person 2's EWC number.
    forged = duplicate(paths[2], tmp_path / "inbox" / "forged.json",
                       "2030-01-01T00:00:00.000+00:00")
    os.chown(paths[2], 1001, 1001)
    os.chown(forged, 1002, 1002)
    cohort = read_cohort(context(tmp_path), [str(tmp_path / "inbox")], AS_OF, summary=True)
    owner_1001, owner_1002 = (p.owner for p in sorted(
        (p for p in cohort.people if p.profile.ewc_number == "100002"), key=lambda p: p.source))
    app = CohortApp(cohort)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert len(column(app, NAME)) == 7  # neither displaced the other
        rows = list(zip(column(app, MARK), column(app, OWNER), app.shown))
        marked = sorted((owner, p.source) for mark, owner, p in rows if mark == SHARED_MARK)
        assert marked == [(owner_1001, str(paths[2])), (owner_1002, str(forged))]
        assert {owner for mark, owner, p in rows if not mark} == {"root"}
        help_line = str(app.query_one("#shared-help").render())
        assert "check who is who" in help_line and app.query_one("#shared-help").display
        await open_row(app, pilot, lambda p: p.source == str(forged))
        screen = app.screen
        assert isinstance(screen, PersonScreen)
        whose = str(screen.query_one("#person-owner").render())
        assert owner_1002 in whose and "100002" in whose and "forged.json" in whose
        shared = str(screen.query_one("#person-shared").render())
        assert owner_1001 in shared and "check who is who" in shared
        await pilot.press("escape", "w")
        await pilot.pause()
        assert isinstance(app.screen, WarningsScreen)
        text = str(app.screen.query_one("#warnings-text").render())
        assert "EWC number 100002" in text and "forged.json" in text
        assert owner_1001 in text and owner_1002 in text


async def test_no_mark_or_help_line_when_every_number_has_one_owner(tmp_path: Path) -> None:
    from alnco.tui.cohort import CohortApp

    write_cohort(tmp_path / "inbox", people=4, entries=3)
    cohort = read_cohort(context(tmp_path), [str(tmp_path / "inbox")], AS_OF, summary=True)
    app = CohortApp(cohort)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert set(column(app, MARK)) == {""}
        assert not app.query_one("#shared-help").display
        me = cohort.people[0].owner
        assert me and set(column(app, OWNER)) == {me}


async def test_a_coordinator_copy_opens_with_its_entries(tmp_path: Path) -> None:
    from cohort_files import coordinator_copy

    from alnco.tui.cohort import CohortApp, PersonScreen

    paths = write_cohort(tmp_path / "inbox", people=4, entries=9)
    coordinator_copy(paths[2])  # no reflections or evidence in it, and it says so
    cohort = read_cohort(context(tmp_path), [str(tmp_path / "inbox")], AS_OF, summary=True)
    app = CohortApp(cohort)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await open_row(app, pilot, lambda p: p.source == str(paths[2]))
        screen = app.screen
        assert isinstance(screen, PersonScreen) and not screen.query("#person-note")
        assert screen.query_one("#entries").row_count == 9
        assert all(e.reflection == "" and e.evidence == "" for e in screen.person.entries)


def _die_on_the_fifth(path: Path) -> tuple:
    if path.name == "export-005.json":
        os._exit(9)  # as the out-of-memory killer would leave it
    return None, []


@pytest.mark.skipif(not fork_available(), reason="no fork on this platform: read serially")
async def test_a_worker_that_dies_closes_the_app_with_the_error_not_a_traceback(
        tmp_path: Path) -> None:
    from alnco.errors import AlncoError
    from alnco.exports.cohort import Cohort, Reading
    from alnco.exports.parallel import Workers
    from alnco.tui.cohort import CohortApp

    paths = write_cohort(tmp_path / "inbox", people=12, entries=1)
    reading = Reading(Cohort(as_of=AS_OF), paths, True, Workers(_die_on_the_fifth, paths, 2))
    app = CohortApp(reading)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(200):
                if not app.is_running:
                    break
                await pilot.pause(0.05)
        assert isinstance(app.error, AlncoError)
        assert "stopped unexpectedly" in str(app.error) and app.cohort is None
    finally:
        reading.close()
