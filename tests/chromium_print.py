"""Printing an HTML page as a co-ordinator's Print would: headless Chromium's
--print-to-pdf, then the pages and their sizes read from the PDF. Shared by the
report and PRD print tests (this folder is on sys.path through the root conftest);
their `browser` fixture skips, saying how to install it, when Chromium is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


@pytest.fixture
def browser() -> str:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): printing is "
                    "tested with its --print-to-pdf")
    return CHROMIUM


def print_page(browser: str, page: Path, folder: Path) -> Path:
    """`page` (an HTML file) printed to `folder`/page.pdf; that path."""
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
