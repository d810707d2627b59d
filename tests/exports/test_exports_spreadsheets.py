"""Spreadsheets as people open them: the CSV in real LibreOffice Calc (identifiers
stay text, hours stay numbers, no formula cells), and the xlsx's cut cells and
number formats."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from alnco.exports.cells import TEXT_MARK, identifier_text
from alnco.exports.document import render_json
from alnco.exports.xlsx_export import CELL_LIMIT, cut_cells, cut_marker, render_xlsx
from alnco.i18n import set_language
from alnco.values import replace
from exports_helpers import HOSTILE, fixed_entries, fixed_profile, make_data

EWC = "0123456"
# LibreOffice's CSV filter: comma, double quote, UTF-8 (76), from line 1. The
# second set also turns on "quoted field as text", "detect special numbers",
# "trim spaces" and "evaluate formulas": the settings most likely to change a cell.
FILTERS = {
    "defaults": "CSV:44,34,76,1",
    "everything on": "CSV:44,34,76,1,,2057,true,true,false,false,true,-1,true",
}


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return found


def calc(soffice: str, csv_file: Path, filter_options: str, tmp_path: Path):
    """The CSV as LibreOffice Calc reads it, saved as xlsx: (sheet, worksheet XML)."""
    out = tmp_path / "calc"
    profile = tmp_path / "lo-profile"  # a private profile: tests never share one
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         f"--infilter={filter_options}", "--convert-to", "xlsx", "--outdir", str(out),
         str(csv_file)],
        check=True, capture_output=True, timeout=180)
    converted = out / (csv_file.stem + ".xlsx")
    with zipfile.ZipFile(converted) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))
    return load_workbook(converted).active, xml


def restore(alnco, tmp_path: Path, **profile) -> None:
    """A record with an EWC number that starts with 0 and hostile text, via import."""
    source = tmp_path / "fixed.json"
    source.write_bytes(render_json(make_data(profile=fixed_profile(ewc_number=EWC, **profile))))
    result = alnco("import", str(source))
    assert result.returncode == 0, result.stderr


def column(sheet, name: str) -> list:
    header = [c.value for c in sheet[1]]
    index = header.index(name)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def assert_no_formulas(sheet, xml: bytes) -> None:
    assert b"<f>" not in xml and b"<f " not in xml
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_identifier_text_marks_the_end_and_still_guards_formulas() -> None:
    assert identifier_text(EWC) == EWC + TEXT_MARK
    assert identifier_text("") == ""  # an empty cell stays empty
    assert identifier_text("=1+1") == "'=1+1" + TEXT_MARK
    assert identifier_text("12\x1b") == "12\\x1b" + TEXT_MARK
    assert TEXT_MARK.strip() == TEXT_MARK  # not whitespace: no "trim" takes it away


@pytest.mark.parametrize("filter_options", FILTERS.values(), ids=FILTERS.keys())
def test_libreoffice_keeps_the_ewc_number_and_sums_the_hours(
        alnco, soffice, tmp_path, filter_options) -> None:
    restore(alnco, tmp_path)
    result = alnco("export", "--format", "csv", "-o", "entries.csv")
    assert result.returncode == 0, result.stderr
    sheet, xml = calc(soffice, tmp_path / "entries.csv", filter_options, tmp_path)
    ewc = column(sheet, "ewc_number")
    assert {c.data_type for c in ewc} == {"s"}
    assert {c.value for c in ewc} == {EWC + TEXT_MARK}
    assert {c.value.rstrip(TEXT_MARK) for c in ewc} == {EWC}  # what a person sees
    hours = column(sheet, "hours")
    assert [(c.value, c.data_type) for c in hours] == [(1.5, "n"), (2, "n"), (6.25, "n")]
    titles = [c.value for c in column(sheet, "title")]
    assert titles[0] == "Cod ADY: hanfodion ŵ ŷ â"
    assert titles[1].startswith("'=HYPERLINK")  # neutralised, never a formula
    assert_no_formulas(sheet, xml)


def test_libreoffice_keeps_the_ewc_number_of_the_cohort_report(alnco, soffice, tmp_path) -> None:
    restore(alnco, tmp_path)
    assert alnco("export", "--format", "json", "-o", "ann.json").returncode == 0
    result = alnco("report", "--format", "csv", "-o", "cohort.csv", "ann.json")
    assert result.returncode == 0, result.stderr
    sheet, xml = calc(soffice, tmp_path / "cohort.csv", FILTERS["defaults"], tmp_path)
    [ewc] = column(sheet, "ewc_number")
    assert ewc.data_type == "s" and ewc.value.rstrip(TEXT_MARK) == EWC
    [hours] = column(sheet, "hours_this_year")
    assert hours.data_type == "n"
    assert_no_formulas(sheet, xml)


def test_xlsx_keeps_the_ewc_number_as_plain_text_without_a_mark() -> None:
    book = load_workbook(io.BytesIO(render_xlsx(make_data(
        profile=fixed_profile(ewc_number=EWC)))))
    cell = book["Entries"]["C2"]
    assert cell.value == EWC and cell.data_type == "s"  # a typed string needs no mark


def test_xlsx_hours_show_whole_hours_without_a_point() -> None:
    from exports_helpers import real_progress

    profile = fixed_profile()
    progress, catalogue = real_progress(profile, fixed_entries())
    book = load_workbook(io.BytesIO(render_xlsx(make_data(progress=progress,
                                                          catalogue=catalogue))))
    hours = [book["Entries"].cell(row=r, column=9) for r in (2, 3, 4)]
    assert [c.value for c in hours] == [1.5, 2, 6.25]
    # General shows 2, 1.5 and 6.25; "0.##" would show "2." in Excel
    assert {c.number_format for c in hours} == {"General"}
    assert book["Progress"]["B3"].number_format == "General"


def long_data(*texts: str):
    entries = fixed_entries()
    changed = [replace(entries[0], reflection=texts[0]),
               replace(entries[1], title=texts[1]), *entries[2:]]
    return make_data(entries=changed)


def test_xlsx_cuts_a_long_cell_visibly_and_counts_it() -> None:
    just_fits = "x" * CELL_LIMIT
    too_long = "Myfyrio ŵ " * 4_000  # 40,000 characters
    data = long_data(too_long, just_fits)
    book = load_workbook(io.BytesIO(render_xlsx(data)))
    sheet = book["Entries"]
    reflection, title = sheet["N2"].value, sheet["G3"].value
    assert title == just_fits  # exactly at the limit: whole
    assert reflection.endswith(cut_marker()) and len(reflection) == CELL_LIMIT
    assert too_long.startswith(reflection[:-len(cut_marker())])
    marked = [c for row in sheet.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.endswith(cut_marker())]
    assert len(marked) == cut_cells(data) == 1
    assert cut_cells(make_data()) == 0


def test_xlsx_counts_as_excel_does_and_never_splits_a_character() -> None:
    emoji = "😀" * 20_000  # 20,000 characters, but 40,000 UTF-16 units in Excel
    data = long_data(emoji, "short")
    assert cut_cells(data) == 1
    cell = load_workbook(io.BytesIO(render_xlsx(data)))["Entries"]["N2"].value
    assert cell.endswith(cut_marker())
    kept = cell[:-len(cut_marker())]
    assert set(kept) == {"😀"}
    assert len(cell.encode("utf-16-le")) // 2 <= CELL_LIMIT


def test_the_cut_marker_is_translated() -> None:
    try:
        set_language("cy")
        welsh = cut_marker()
    finally:
        set_language("en")
    assert welsh != cut_marker() and "JSON" in welsh


def test_export_warns_once_about_cut_cells(alnco, tmp_path) -> None:
    restore(alnco, tmp_path)
    result = alnco("log", "add", "--title", "Long", "--hours", "1", "--reflection-file", "-",
                   input="Myfyrio. " * 5_000)
    assert result.returncode == 0, result.stderr
    result = alnco("export", "--format", "xlsx", "-o", "log.xlsx")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("alnco: warning")]
    assert len(warnings) == 1, result.stderr
    assert "1 cell" in warnings[0] and "32,767" in warnings[0]
    assert "alnco export --format json" in warnings[0]
    sheet = load_workbook(tmp_path / "log.xlsx")["Entries"]
    assert sum(1 for row in sheet.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.endswith(cut_marker())) == 1
    quiet = alnco("export", "--format", "xlsx", "-o", "all.xlsx", "--to", "2026-10-31")
    assert quiet.returncode == 0 and "warning" not in quiet.stderr


def test_hostile_text_is_never_cut_into_a_formula() -> None:
    data = long_data("=" + HOSTILE * 1_000, "short")
    book = load_workbook(io.BytesIO(render_xlsx(data)))
    cell = book["Entries"]["N2"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.endswith(cut_marker())
