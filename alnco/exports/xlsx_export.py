"""An Excel workbook: an Entries sheet with real date and number cells (so
filters and sums work) and a Progress sheet as at the export date.

Text is written as typed-string cells with Excel's "quote prefix" flag: the
workbook's own way of saying "text, never a formula", so `=HYPERLINK(...)` in a
title stays visible text without an apostrophe added to the value.
"""

from __future__ import annotations

import io
from typing import Any, Sequence

from alnco.exports.cells import visible_controls
from alnco.exports.csv_export import COLUMNS
from alnco.exports.document import ExportData
from alnco.exports.labels import basis_label, status_label  # noqa: F401
from alnco.progress.words import verdict
from alnco.i18n import _

DATE_FORMAT = "yyyy-mm-dd"
HOURS_FORMAT = "0.##"


def render_xlsx(data: ExportData) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    entries = workbook.active
    entries.title = _("Entries")
    _entries_sheet(entries, data)
    _progress_sheet(workbook.create_sheet(_("Progress")), data)
    moment = data.exported_at.replace(tzinfo=None)
    workbook.properties.creator = "alnco"
    workbook.properties.created = moment
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(cell: Any, value: str) -> None:
    cell.value = visible_controls(value)
    cell.data_type = "s"  # openpyxl would otherwise make '=...' a formula
    if value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        cell.quotePrefix = True


def _header(sheet: Any, row: int, names: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=row, column=column, value=name)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center")


def _entries_sheet(sheet: Any, data: ExportData) -> None:
    _header(sheet, 1, COLUMNS)
    profile = data.profile
    widths = [len(name) for name in COLUMNS]
    for row, entry in enumerate(data.entries, start=2):
        module = data.module(entry.module_id)
        texts = {
            1: entry.id, 2: profile.name, 3: profile.ewc_number, 4: profile.institution,
            6: entry.module_id or "", 7: entry.title,
            8: module.provider if module is not None else "", 10: entry.mode,
            11: " ".join(entry.tasks), 12: entry.status, 13: entry.evidence,
            14: entry.reflection,
        }
        for column, value in texts.items():
            _text(sheet.cell(row=row, column=column), value)
            widths[column - 1] = max(widths[column - 1], min(len(value), 60))
        day = sheet.cell(row=row, column=5, value=entry.date)
        day.number_format = DATE_FORMAT
        hours = sheet.cell(row=row, column=9, value=float(entry.hours))
        hours.number_format = HOURS_FORMAT
    widths[4] = 11
    _widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{_column(len(COLUMNS))}{max(1, len(data.entries) + 1)}"


def _progress_sheet(sheet: Any, data: ExportData) -> None:
    progress = data.progress
    profile = data.profile
    _text(sheet.cell(row=1, column=1), _("Progress of {name} as at {date}").format(
        name=profile.name or _("(no name)"), date=data.today.isoformat()))
    from openpyxl.styles import Font

    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    if progress is None:
        return
    _text(sheet.cell(row=2, column=1), progress.framework_title)
    if data.notes:  # e.g. the shipped targets were used instead of the local ones
        _text(sheet.cell(row=4, column=1), " ".join(data.notes))
        sheet.cell(row=4, column=1).font = Font(bold=True)
    if progress.law_checked_on:
        sheet.cell(row=2, column=5, value=_("Law last checked on"))
        sheet.cell(row=2, column=6, value=progress.law_checked_on).number_format = DATE_FORMAT
    sheet.cell(row=3, column=1, value=_("Hours this academic year"))
    sheet.cell(row=3, column=2, value=float(progress.hours_this_year)).number_format = HOURS_FORMAT
    if progress.hours_target is not None:
        sheet.cell(row=3, column=3, value=_("target"))
        sheet.cell(row=3, column=4, value=float(progress.hours_target)).number_format = \
            HOURS_FORMAT
    names = [_("Requirement"), _("Status"), _("Progress"), _("Basis"), _("Citation"),
             _("Due"), _("Why")]
    _header(sheet, 5, names)
    for row, result in enumerate(progress.requirements, start=6):
        _text(sheet.cell(row=row, column=1), result.title)
        _text(sheet.cell(row=row, column=2), verdict(result))
        share = sheet.cell(row=row, column=3, value=round(float(result.fraction), 4))
        share.number_format = "0%"
        _text(sheet.cell(row=row, column=4), basis_label(result.basis))
        _text(sheet.cell(row=row, column=5), result.citation)
        if result.due is not None:
            sheet.cell(row=row, column=6, value=result.due).number_format = DATE_FORMAT
        _text(sheet.cell(row=row, column=7), result.reason)
    _widths(sheet, [44, 30, 10, 11, 30, 11, 70])
    sheet.freeze_panes = "A6"
    last = 5 + len(progress.requirements)
    sheet.auto_filter.ref = f"A5:G{last}"


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_column(index)].width = width + 2


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
