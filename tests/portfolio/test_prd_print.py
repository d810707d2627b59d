"""The PRD summary prints on exactly one A4 page in a real browser (headless
Chromium's --print-to-pdf, as tests/exports/test_exports_print.py does) for a busy
year: 60 entries over every task and standard, three rating sessions and three
long reflections chosen, in English and in Welsh."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from test_prd import busy_record, run

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


@pytest.fixture
def browser() -> str:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): printing is "
                    "tested with its --print-to-pdf")
    return CHROMIUM


def print_pdf(browser: str, page: Path, folder: Path) -> Path:
    pdf = folder / "page.pdf"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    return pdf


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]",
                       pdf)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


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
    pdf = print_pdf(browser, page, tmp_path)
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
