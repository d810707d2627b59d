"""xlsx and html: real cells and a self-contained page, with hostile text everywhere."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from decimal import Decimal

from alnco.exports.html_report import render_html
from alnco.progress.model import STATUSES, Progress, RequirementResult
from alnco.exports.xlsx_export import render_xlsx
from exports_golden import check
from exports_helpers import HOSTILE, fixed_entries, fixed_profile, make_data, real_progress


def hand_built_progress() -> Progress:
    """The CONTRACTS.md types, filled by hand, so the goldens do not move when the
    engine's wording does; one requirement per status, with hostile text."""
    results = tuple(
        RequirementResult(id=f"req-{n}", title=f"Requirement {n}: {status} ŵ" if n else HOSTILE,
                          kind="hours", basis=("statutory", "guidance", "local")[n % 3],
                          citation="WSI 2021/401 reg 29", status=status,
                          fraction=n / 5, reason=f"Because <{status}> & \x1b", evidence=(),
                          suggestions=(), due=date(2027, 8, 31) if n % 2 else None)
        for n, status in enumerate(STATUSES))
    return Progress(as_of=date(2026, 11, 3), framework="alnco-school-2021",
                    framework_title="ALNCO at a school [test]", requirements=results,
                    hours_this_year=Decimal("3.5"), hours_target=Decimal("30"))


def hostile_data():
    profile = fixed_profile(name=HOSTILE, institution="@Ysgol <i>Aberâ</i>")
    return make_data(profile=profile, progress=hand_built_progress())


def dump(book) -> str:
    """A stable text picture of a workbook (xlsx bytes carry zip timestamps)."""
    lines = []
    for sheet in book.worksheets:
        lines.append(f"# {sheet.title} freeze={sheet.freeze_panes} filter={sheet.auto_filter.ref}")
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None:
                    lines.append(f"{c.coordinate} {c.data_type} {c.number_format} "
                                 f"q={int(bool(c.quotePrefix))} {c.value!r}")
    return "\n".join(lines) + "\n"


def test_xlsx_golden_and_cells() -> None:
    content = render_xlsx(hostile_data())
    book = load_workbook(io.BytesIO(content))
    check("hostile.xlsx.txt", dump(book).encode("utf-8"))
    entries = book["Entries"]
    assert entries.freeze_panes == "A2"
    assert entries.auto_filter.ref == "A1:N4"
    assert entries["A1"].font.bold
    assert isinstance(entries["E2"].value, datetime) and entries["E2"].value.date() == \
        date(2026, 9, 15)
    assert entries["I2"].value == 1.5 and entries["I2"].data_type == "n"
    title = entries["G3"]
    assert title.data_type == "s" and title.quotePrefix
    assert title.value == HOSTILE.replace("\x1b", "\\x1b")
    assert entries["B2"].value.startswith("=HYPERLINK") and entries["B2"].data_type == "s"
    assert entries["G2"].value == "Cod ADY: hanfodion ŵ ŷ â"
    progress = book["Progress"]
    statuses = [progress.cell(row=r, column=2).value for r in range(6, progress.max_row + 1)]
    assert statuses == ["met", "on track", "behind", "overdue", "not started",
                        "not applicable"]
    assert progress["C7"].value == 0.2 and progress["C7"].number_format == "0%"
    assert progress["B3"].value == 3.5 and progress["D3"].value == 30
    assert progress.freeze_panes == "A6"


def test_xlsx_progress_sheet_from_the_real_engine() -> None:
    profile = fixed_profile()
    progress, catalogue = real_progress(profile, fixed_entries())
    book = load_workbook(io.BytesIO(render_xlsx(make_data(progress=progress,
                                                          catalogue=catalogue))))
    sheet = book["Progress"]
    titles = [sheet.cell(row=r, column=1).value for r in range(6, sheet.max_row + 1)]
    assert titles == [r.title for r in progress.requirements]


def test_xlsx_has_no_formula_anywhere() -> None:
    with zipfile.ZipFile(io.BytesIO(render_xlsx(hostile_data()))) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_html_golden_is_self_contained_and_escaped() -> None:
    content = render_html(hostile_data())
    check("hostile.html", content)
    page = content.decode("utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;i&gt;Aberâ&lt;/i&gt;" in page
    assert "\x1b" not in page and "\\x1b[2J" in page
    assert not re.search(r"\b(src|href)\s*=|@import|url\(", page)
    assert "As at 3 Nov 2026" in page
    assert page.count('class="bar"') == 6
    assert 'aria-label="40%"' in page and "&lt;behind&gt;" in page
    assert "2026-27" in page  # hours by academic year


def test_html_without_progress_still_renders_hours(data) -> None:
    page = render_html(data).decode("utf-8")
    assert "Hours by academic year" in page and "3.5" in page


def unconfirmed_data():
    """A statutory line whose legal wording was never verified, met."""
    met = RequirementResult(id="reg27", title="Prescribed qualification", kind="declaration",
                            basis="statutory", citation="WSI 2021/401 reg 27", status="met",
                            fraction=1.0, reason="Declared", evidence=(), suggestions=(),
                            confirmed=False, law="reg 27")
    progress = Progress(as_of=date(2026, 11, 3), framework="alnco-school-2021",
                        framework_title="ALNCO at a school", requirements=(met,),
                        hours_this_year=Decimal(0), hours_target=None,
                        law_checked_on=date(2026, 11, 30))
    return make_data(profile=fixed_profile(), progress=progress)


def test_an_unconfirmed_line_is_never_a_bare_met_in_html_or_xlsx() -> None:
    page = render_html(unconfirmed_data()).decode("utf-8")
    assert "met (wording of reg 27 not confirmed)" in page
    assert ">met<" not in page
    assert "Law last checked on 30 Nov 2026" in page
    book = load_workbook(io.BytesIO(render_xlsx(unconfirmed_data())))
    progress = book["Progress"]
    assert progress["B6"].value == "met (wording of reg 27 not confirmed)"
    assert progress["F2"].value.date() == date(2026, 11, 30)
