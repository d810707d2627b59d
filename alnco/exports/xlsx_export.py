"""An Excel workbook: an Entries sheet with real date and number cells (so
filters and sums work) and a Progress sheet as at the export date.

Text is written as typed-string cells with Excel's "quote prefix" flag: the
workbook's own way of saying "text, never a formula", so `=HYPERLINK(...)` in a
title stays visible text without an apostrophe added to the value. An
identifier (the EWC number) is a typed string too, so `0123456` keeps its zero.

An Excel cell holds at most 32,767 characters and openpyxl would quietly drop
the rest, so a longer text is cut here instead, visibly: it ends with a
translated "[cut: ...]" marker and `cut_cells` tells the command how many
cells were cut, for its warning.

Hours use the General number format: `2`, `1.5`, `6.25` (a format like `0.##`
shows whole hours as `2.` in Excel).
"""

from __future__ import annotations

import io
from typing import Any, Iterator, Sequence

from alnco.exports.cells import visible_controls
from alnco.exports.csv_export import COLUMNS
from alnco.exports.document import ExportData
from alnco.exports.labels import basis_label, status_label  # noqa: F401
from alnco.progress.words import verdict
from alnco.i18n import _

DATE_FORMAT = "yyyy-mm-dd"
HOURS_FORMAT = "General"
CELL_LIMIT = 32_767  # Excel's limit, in UTF-16 code units (what Excel's LEN counts)


def cut_marker() -> str:
    return _("… [cut: the full text is in the JSON export]")


def _units(text: str) -> int:
    """Length in UTF-16 code units: a character beyond U+FFFF (an emoji) counts 2."""
    if len(text) * 2 <= CELL_LIMIT:  # the common case, without encoding anything
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def fit(text: str) -> str:
    """`text` as one Excel cell can hold it: whole, or cut and ending with the marker."""
    if _units(text) <= CELL_LIMIT:
        return text
    marker = cut_marker()
    keep = (CELL_LIMIT - _units(marker)) * 2
    head = text.encode("utf-16-le")[:keep]
    if 0xD8 <= head[-1] <= 0xDB:  # half of a surrogate pair: drop it, never a broken character
        head = head[:-2]
    return head.decode("utf-16-le") + marker


def cut_cells(data: ExportData) -> int:
    """How many cells `render_xlsx` cuts for this data (for the command's warning)."""
    texts = [text for _row, _column, text in _progress_texts(data)]
    for entry in data.entries:
        texts.extend(_entry_texts(data, entry).values())
    # visible_controls at most quadruples a text, so only long ones need a closer look
    return sum(1 for text in texts
               if len(text) > CELL_LIMIT // 8 and _units(visible_controls(text)) > CELL_LIMIT)


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
    cell.value = fit(visible_controls(value))
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
    widths = [len(name) for name in COLUMNS]
    for row, entry in enumerate(data.entries, start=2):
        for column, value in _entry_texts(data, entry).items():
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


def _entry_texts(data: ExportData, entry: Any) -> dict[int, str]:
    """The text cells of an entry's row, by column number."""
    profile = data.profile
    module = data.module(entry.module_id)
    return {
        1: entry.id, 2: profile.name, 3: profile.ewc_number, 4: profile.institution,
        6: entry.module_id or "", 7: entry.title,
        8: module.provider if module is not None else "", 10: entry.mode,
        11: " ".join(entry.tasks), 12: entry.status, 13: entry.evidence,
        14: entry.reflection,
    }


def _progress_texts(data: ExportData) -> Iterator[tuple[int, int, str]]:
    """The Progress sheet's text cells that come from data: (row, column, text)."""
    yield 1, 1, _("Progress of {name} as at {date}").format(
        name=data.profile.name or _("(no name)"), date=data.today.isoformat())
    progress = data.progress
    if progress is None:
        return
    yield 2, 1, progress.framework_title
    if data.notes:  # e.g. the shipped targets were used instead of the local ones
        yield 4, 1, " ".join(data.notes)
    for row, result in enumerate(progress.requirements, start=6):
        yield row, 1, result.title
        yield row, 2, verdict(result)
        yield row, 4, basis_label(result.basis)
        yield row, 5, result.citation
        yield row, 7, result.reason


def _progress_sheet(sheet: Any, data: ExportData) -> None:
    from openpyxl.styles import Font

    progress = data.progress
    for row, column, value in _progress_texts(data):
        _text(sheet.cell(row=row, column=column), value)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    if progress is None:
        return
    if data.notes:
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
        share = sheet.cell(row=row, column=3, value=round(float(result.fraction), 4))
        share.number_format = "0%"
        if result.due is not None:
            sheet.cell(row=row, column=6, value=result.due).number_format = DATE_FORMAT
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
