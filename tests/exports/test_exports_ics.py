"""Planned learning as all-day calendar events with a reminder."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from alnco.exports.ics_export import render_ics
from alnco.values import replace
from exports_golden import check
from exports_helpers import HOSTILE, make_data


def events(content: bytes):
    return [c for c in Calendar.from_ical(content).walk("VEVENT")]


def test_golden(data) -> None:
    check("planned.ics", render_ics(data))


def test_only_planned_entries_become_all_day_events_with_a_reminder(data) -> None:
    [event] = events(render_ics(data))
    assert event["uid"] == "00000000-0000-4000-8000-000000000003@alnco"
    assert event.decoded("dtstart") == date(2026, 12, 4)  # a date, so all-day
    assert event.decoded("dtend") == date(2026, 12, 5)
    [alarm] = event.walk("VALARM")
    assert alarm["action"] == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(days=-1)
    assert "6.25 hours" in str(event["description"])


def test_hostile_titles_stay_text_and_carry_no_control_characters(data) -> None:
    planned = [replace(e, status="planned", date=date(2027, 1, 1)) for e in data.entries]
    content = render_ics(make_data(entries=planned))
    assert b"\x1b" not in content
    summaries = [str(e["summary"]) for e in events(content)]
    assert HOSTILE.replace("\x1b", "\\x1b") in summaries
    assert "Cod ADY: hanfodion ŵ ŷ â" in summaries
    for line in content.split(b"\r\n"):
        assert len(line) <= 75  # folded as RFC 5545 requires


def test_nothing_planned_writes_a_valid_empty_calendar_and_says_why(alnco, tmp_path) -> None:
    assert alnco("log", "add", "--title", "Done", "--hours", "1").returncode == 0
    result = alnco("export", "--format", "ics", "-o", "plan.ics")
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("No planned learning to put in a calendar")
    assert "plan.ics" in line and "Exported 0" not in line
    calendar = Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    assert calendar.name == "VCALENDAR" and events(calendar.to_ical()) == []
    to_stdout = alnco("export", "--format", "ics")
    assert to_stdout.returncode == 0 and to_stdout.stdout.startswith("BEGIN:VCALENDAR")
    [line] = to_stdout.stderr.splitlines()
    assert line.startswith("No planned learning to put in a calendar")


def test_planned_learning_still_says_how_many_were_exported(alnco) -> None:
    assert alnco("log", "add", "--title", "Plan", "--hours", "1", "--status", "planned",
                 "--date", "2026-12-01").returncode == 0
    result = alnco("export", "--format", "ics", "-o", "plan.ics")
    assert result.returncode == 0 and result.stderr.startswith("Exported 1 entry to ")
