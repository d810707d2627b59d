"""CSV for spreadsheets: UTF-8 with a BOM (Excel needs it to show ŵ and ŷ),
INTERFACE.md's columns, ISO dates, plain numeric hours, and every text cell
guarded against formula injection. The EWC number ends with an invisible mark
so that spreadsheets keep it as text, leading zero and all (see
`cells.identifier_text`). Control characters (an ESC that would run in a
terminal showing the file) are written visibly as `\x1b`. Numbers and dates are
left as they are, so the spreadsheet still sums the hours column.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from alnco.exports.cells import TRIGGERS_SET, has_controls, identifier_text, spreadsheet_text
from alnco.exports.document import ExportData
from alnco.model import Entry, format_hours

COLUMNS = (
    "entry_id", "name", "ewc_number", "institution", "date", "module_id", "title",
    "provider", "hours", "mode", "tasks", "status", "evidence", "reflection",
)
BOM = "\ufeff"


def rows(data: ExportData) -> Iterable[list[str]]:
    """One list of cells per entry, in COLUMNS order, already made spreadsheet-safe.

    This loop is the whole cost of a big export, so it is written out flat:
    a cheap `isprintable()` test stands in for the control-character regex
    (which then runs only on rows that have a newline or worse), the formula
    guard is inlined, and repeated dates, hours and providers are cached.
    """
    profile = data.profile
    safe = spreadsheet_text
    name, ewc, institution = (safe(profile.name), identifier_text(profile.ewc_number),
                              safe(profile.institution))
    providers: dict[str | None, str] = {}
    hours: dict[object, str] = {}
    dates: dict[object, str] = {}
    triggers = TRIGGERS_SET
    for entry in data.entries:
        entry_id, title, mode = entry.id, entry.title, entry.mode
        evidence, reflection = entry.evidence, entry.reflection
        module_id = entry.module_id or ""
        if module_id not in providers:
            providers[module_id] = _provider(data, entry)
        hour = hours.get(entry.hours)
        if hour is None:
            hour = hours[entry.hours] = format_hours(entry.hours)
        day = dates.get(entry.date)
        if day is None:
            day = dates[entry.date] = entry.date.isoformat()
        joined = entry_id + module_id + title + mode + evidence + reflection
        if not joined.isprintable() and has_controls(joined):
            entry_id, module_id, title, mode, evidence, reflection = (
                safe(entry_id), safe(module_id), safe(title), safe(mode), safe(evidence),
                safe(reflection))
        else:
            if entry_id[:1] in triggers:
                entry_id = "'" + entry_id
            if module_id[:1] in triggers:
                module_id = "'" + module_id
            if title[:1] in triggers:
                title = "'" + title
            if mode[:1] in triggers:
                mode = "'" + mode
            if evidence[:1] in triggers:
                evidence = "'" + evidence
            if reflection[:1] in triggers:
                reflection = "'" + reflection
        yield [entry_id, name, ewc, institution, day, module_id, title,
               providers[entry.module_id or ""], hour, mode, " ".join(entry.tasks),
               entry.status, evidence, reflection]


def _provider(data: ExportData, entry: Entry) -> str:
    module = data.module(entry.module_id)
    return spreadsheet_text(module.provider) if module is not None else ""


def render_csv(data: ExportData) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(data))
    return out.getvalue().encode("utf-8")
