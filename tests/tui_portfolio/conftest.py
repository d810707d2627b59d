"""Fixtures for the portfolio screens (evidence files, standards, prompts,
self-assessment): a private record with a profile and three entries."""

from __future__ import annotations

import pytest

from portfolio_support import make_ctx, seed


@pytest.fixture
def ctx(tmp_path):
    return make_ctx(tmp_path)


@pytest.fixture
def entries(ctx):
    return seed(ctx)


@pytest.fixture
def files(tmp_path):
    """A folder of the person's own files to attach."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "Certificate-day2.txt").write_text(
        "Certificate of attendance\n[bold]ALN Code[/] day 2\n\x1b[2J\n", encoding="utf-8")
    (folder / "certificate-old.txt").write_text("old\n", encoding="utf-8")
    (folder / "slides.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    (folder / "Reports").mkdir()
    return folder
