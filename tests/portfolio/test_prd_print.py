"""The PRD summary prints on exactly one A4 page in a real browser (headless
Chromium's --print-to-pdf, as tests/exports/test_exports_print.py does) for a busy
year: 60 entries over every task and standard, three rating sessions and three
long reflections chosen, in English and in Welsh."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from chromium_print import browser, page_sizes, pages, print_page  # noqa: F401 (fixture)
from test_prd import busy_record, run

LONG_TITLE = ("A very long course title from a provider who could not stop writing about "
              "inclusive practice, person-centred planning and the ALN Code")


@pytest.mark.parametrize("language, case", [("en", "busy"), ("cy", "busy"), ("cy", "worst")])
def test_a_busy_year_prints_on_one_a4_page(browser, tmp_path, language, case) -> None:
    if case == "busy":
        chosen = busy_record(tmp_path, entries=60, reflections=3)
    else:  # the most a page takes: FEI lines, the most reflections, long titles and name
        chosen = busy_record(tmp_path, entries=120, reflections=4, setting="fei",
                             title=LONG_TITLE, name="Angharad " * 6 + "Wyn-Llewellyn")
    page = tmp_path / f"prd-{language}-{case}.html"
    result = run(tmp_path, "export", "--format", "prd", "-o", str(page), "--reflections",
                 ",".join(chosen), lang=language)
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count('class="reflection"') == len(chosen)
    pdf = print_page(browser, page, tmp_path)
    # For a person to look at: ALNCO_TEST_KEEP_PRINTS=folder keeps the PDF and its pages.
    keep = os.environ.get("ALNCO_TEST_KEEP_PRINTS")
    if keep:
        shutil.copy(pdf, Path(keep) / f"prd-{language}-{case}.pdf")
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf),
                            str(Path(keep) / f"prd-{language}-{case}")], check=True,
                           timeout=60)
    data = pdf.read_bytes()
    assert pages(data) == 1
    width, height = page_sizes(data)[0]
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 portrait, in points
