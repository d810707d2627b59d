"""SVG snapshots of the portfolio screens: the self-assessment form and the
dashboard with confidence over time and the once-a-term notice (80x24 and
60x20), the entry form's evidence files, and an entry's evidence view.

Update with `pytest tests/tui_portfolio/test_portfolio_snapshots.py
--snapshot-update`, then convert the SVGs to PNG (rsvg-convert) and look at
them before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alnco.context import Context
from alnco.tui.app import create_app
from portfolio_support import rate, seed, still
from tui_waiting import settle

SIZES = [(80, 24), (60, 20)]


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    """A relative record path and fixed times, so every run draws the same."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("alnco.model.timestamp", lambda: "2026-11-03T10:00:00.000+00:00")
    made = Context.from_options(record="record.json", today="2026-11-03", lang="en",
                                environ={"ALNCO_SYSTEM_DIR": "etc-alnco", "HOME": str(tmp_path)})
    seed(made)
    rate(made, "2025-10-01", a=2, b=1, c=3, d=2, e=1, f=2, g=1, h=3)
    rate(made, "2026-02-01", a=3, b=2, c=3, d=3, e=2, f=2, g=2, h=3)
    rate(made, "2026-05-01", a=4, b=2, c=4, d=3, e=3, f=3, g=2, h=4)
    return made


async def ready(pilot) -> None:
    await settle(pilot)
    still(pilot.app)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard_with_confidence_and_the_notice(snap_compare, ctx, size):
    assert snap_compare(create_app(ctx), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_self_assessment(snap_compare, ctx, size):
    async def rating(pilot):
        await settle(pilot)
        await pilot.press("a", "4", "3")
        await ready(pilot)

    assert snap_compare(create_app(ctx), terminal_size=size, run_before=rating)


def test_self_assessment_in_welsh(snap_compare, ctx):
    welsh = Context.from_options(record="record.json", today="2026-11-03", lang="cy",
                                 environ={"ALNCO_SYSTEM_DIR": "etc-alnco"})

    async def rating(pilot):
        await settle(pilot)
        await pilot.press("a", "4")
        await ready(pilot)

    assert snap_compare(create_app(welsh), terminal_size=(80, 24), run_before=rating)


def test_entry_form_with_files_to_attach(snap_compare, ctx, tmp_path):
    documents = Path("Documents")
    documents.mkdir()
    (documents / "certificate.txt").write_text("Certificate\n", encoding="utf-8")
    ctx.environ["HOME"] = str(tmp_path)

    async def attaching(pilot):
        await settle(pilot)
        await pilot.press("m", "enter")
        await pilot.pause()
        form = pilot.app.screen
        field = form.query_one("#attach-path")
        field.focus()
        await pilot.press(*"Documents/certificate.txt", "enter")
        await pilot.press(*"Documents/cer")
        await pilot.pause(0.3)  # the suggestion comes from a thread
        form.query_one("#standard-pedagogy").value = True
        await ready(pilot)
        form.query_one("#evidence-files-label").scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(create_app(ctx), terminal_size=(80, 24), run_before=attaching)


def test_evidence_view_over_ssh(snap_compare, ctx, monkeypatch):
    from alnco.evidence import add_files

    monkeypatch.setattr("alnco.evidence_elsewhere.this_login", lambda: "ceri@school-server")
    note = Path("notes.txt")
    note.write_text("What I took from the day:\n[bold]person-centred[/] reviews\n",
                    encoding="utf-8")
    entry = next(e for e in ctx.record.read().entries if e.title == "Person-centred practice")
    add_files(ctx, entry.id, [note])

    async def viewing(pilot):
        await settle(pilot)
        await pilot.press("m", "j", "o")
        await ready(pilot)

    assert snap_compare(create_app(ctx), terminal_size=(80, 24), run_before=viewing)
