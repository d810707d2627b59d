"""CSV for spreadsheets: UTF-8 with a BOM (Excel needs it to show ŵ and ŷ),
INTERFACE.md's columns, ISO dates, plain numeric hours, and every text cell
guarded against formula injection. Control characters (an ESC that would
run in a terminal showing the file) are written visibly as `\x1b`. Numbers and dates are left as they are, so
the spreadsheet still sums the hours column.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from alnco.exports.cells import spreadsheet_text
from alnco.exports.document import ExportData
from alnco.model import Entry, format_hours

COLUMNS = (
    "entry_id", "name", "ewc_number", "institution", "date", "module_id", "title",
    "provider", "hours", "mode", "tasks", "status", "evidence", "reflection",
)
BOM = "\ufeff"


def rows(data: ExportData) -> Iterable[list[str]]:
    """One list of cells per entry, in COLUMNS order, already made spreadsheet-safe."""
    profile = data.profile
    safe = spreadsheet_text
    person = [safe(profile.name), safe(profile.ewc_number), safe(profile.institution)]
    providers: dict[str | None, str] = {}
    hours: dict[object, str] = {}  # format_hours is the costliest cell; values repeat
    for entry in data.entries:
        module_id = entry.module_id
        if module_id not in providers:
            providers[module_id] = _provider(data, entry)
        if entry.hours not in hours:
            hours[entry.hours] = format_hours(entry.hours)
        yield [
            safe(entry.id), *person, entry.date.isoformat(), safe(module_id or ""),
            safe(entry.title), providers[module_id], hours[entry.hours], safe(entry.mode),
            " ".join(entry.tasks), entry.status, safe(entry.evidence), safe(entry.reflection),
        ]


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
