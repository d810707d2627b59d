"""Catalogues kept in spreadsheets: CSV rows mapped to module fields by the header row.

Columns are matched case-insensitively, ignoring spaces and hyphens:
`title_en`/`title_cy`, `summary_en`/`summary_cy`, `eligibility_en`/`eligibility_cy`,
`provider`/`provider_cy` and `themes`/`themes_cy` (a name without `_cy` is
English), and every other field by name. Lists are written as a spreadsheet
person would: tasks `a c` or `a, c`, themes `x; y` (their Welsh in the same
order in `themes_cy`), languages `en cy` or `bilingual`, settings `school fei`.
A `layer` column (as `catalogue list --format csv` writes) is ignored, and so
is the `'` that guards a cell starting with `=`, `+`, `-` or `@`.
Cells may be separated by commas, semicolons or tabs (taken from the header row).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from alnco.catalogue.loader import LoadResult, build_modules
from alnco.catalogue.serialise import from_spreadsheet
from alnco.catalogue.validate import FIELDS, Problem
from alnco.i18n import _

# Columns holding one language of a two-language field: (field, language).
ALIASES = {
    "title": ("title", "en"), "title_en": ("title", "en"), "title_cy": ("title", "cy"),
    "summary": ("summary", "en"), "summary_en": ("summary", "en"),
    "summary_cy": ("summary", "cy"),
    "provider": ("provider", "en"), "provider_en": ("provider", "en"),
    "provider_cy": ("provider", "cy"),
    "themes": ("themes", "en"), "themes_en": ("themes", "en"), "themes_cy": ("themes", "cy"),
    "eligibility": ("eligibility", "en"), "eligibility_en": ("eligibility", "en"),
    "eligibility_cy": ("eligibility", "cy"),
}
IGNORED = {"layer"}


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _mapping(headers: list[str], file: str) -> tuple[list[tuple[str, str | None] | None],
                                                       list[Problem]]:
    """For each column: (field, language or None), or None to ignore it."""
    columns: list[tuple[str, str | None] | None] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str | None]] = set()
    for header in headers:
        key = _key(header)
        target: tuple[str, str | None] | None
        if key in ALIASES:
            target = ALIASES[key]
        elif key in FIELDS:
            target = (key, None)
        elif key in IGNORED or not key:
            target = None
        else:
            problems.append(Problem(file, 1, None, _("unknown column '{column}'").format(
                column=header)))
            target = None
        if target is not None and target in seen:
            problems.append(Problem(file, 1, None, _("column '{column}' appears twice").format(
                column=header)))
            target = None
        if target is not None:
            seen.add(target)
        columns.append(target)
    for needed, label in ((("id", None), "id"), (("title", "en"), "title_en"),
                          (("hours", None), "hours"), (("mode", None), "mode"),
                          (("level", None), "level")):
        if needed not in seen:
            problems.append(Problem(file, 1, None, _("no '{column}' column in the header row")
                                    .format(column=label)))
    return columns, problems


def _row_to_raw(row: list[str], columns: list[tuple[str, str | None] | None]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for cell, target in zip(row, columns):
        if target is None or not cell.strip():
            continue
        cell = from_spreadsheet(cell)
        name, language = target
        if language:
            raw.setdefault(name, {})[language] = cell
        else:
            raw[name] = cell
    return raw


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab some spreadsheet programs write instead."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def load_csv_text(text: str, file: str, layer: str) -> LoadResult:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        headers = next(reader)
    except StopIteration:
        return LoadResult(file, problems=[Problem(file, None, None, _("the CSV file is empty"))],
                          unreadable=True)
    except csv.Error as error:
        return LoadResult(file, problems=[Problem(file, 1, None, _("not readable as CSV: {reason}")
                                                  .format(reason=error))], unreadable=True)
    columns, problems = _mapping(headers, file)
    raws: list[dict[str, Any]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > len(columns):
                    problems.append(Problem(file, start, None, _(
                        "{count} cells but only {columns} columns in the header row")
                        .format(count=len(row), columns=len(columns))))
                raws.append(_row_to_raw(row, columns))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(file, start, None, _("not readable as CSV: {reason}")
                                .format(reason=error)))
    result = build_modules(raws, file, layer, lambda index, _field: lines[index])
    result.problems[:0] = problems
    if problems:  # a wrong header makes every row suspect: keep nothing from this file
        result.modules = []
    return result
