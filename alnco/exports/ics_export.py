"""Planned learning as a calendar: one all-day event per planned entry, each
with a reminder the day before, so it lands in Outlook or Google Calendar."""

from __future__ import annotations

from datetime import timedelta

from alnco.exports.cells import visible_controls
from alnco.exports.document import ExportData
from alnco.exports.labels import mode_label
from alnco.i18n import _
from alnco.model import format_hours

PRODID = "-//alnco//alnco learning log//EN"


def render_ics(data: ExportData) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Planned professional learning"))
    for entry in data.entries:
        if entry.status != "planned":
            continue
        event = Event()
        event.add("uid", f"{entry.id}@alnco")
        event.add("dtstamp", data.exported_at)
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + timedelta(days=1))
        event.add("summary", visible_controls(entry.title))
        event.add("description", visible_controls(_describe(data, entry)))
        event.add("transp", "TRANSPARENT")  # an all-day reminder, not a busy day
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", visible_controls(entry.title))
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def _describe(data: ExportData, entry) -> str:
    lines = [_("{hours} hours of professional learning").format(hours=format_hours(entry.hours))]
    if entry.module_id:
        lines.append(_("Module: {id}").format(id=entry.module_id))
    if entry.mode:
        lines.append(_("Mode: {mode}").format(mode=mode_label(entry.mode)))
    if entry.tasks:
        lines.append(_("Tasks: {tasks}").format(tasks=" ".join(entry.tasks)))
    return "\n".join(lines)
