"""My learning's preview lists an entry's evidence files and standards; `o`
shows the files: over SSH where each is kept and how to copy it, a text file's
content (as data, never markup); with a desktop, xdg-open on a private copy."""

from __future__ import annotations

import os
import stat
import time

from textual.widgets import Static

from alnco.evidence import add_files, files_for
from alnco.tui.app import create_app
from alnco.tui.screens.evidence_view import EvidenceScreen
from portfolio_support import make_ctx, seed
from tui_waiting import settle


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_files(pilot, row_keys=("j",)) -> EvidenceScreen:
    await settle(pilot)
    await pilot.press("m")
    await pilot.pause()
    await pilot.press(*row_keys)
    await pilot.pause()
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(pilot.app.screen, EvidenceScreen)
    return pilot.app.screen


async def test_the_preview_lists_files_and_o_shows_a_text_file_as_data(ctx, entries, files):
    add_files(ctx, entries["pcp"].id, [files / "Certificate-day2.txt", files / "slides.pdf"])
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        learning = app.screen
        assert learning.check_action("open_evidence", ()) is False  # the first has none
        await pilot.press("j")
        await pilot.pause()
        preview = shown(learning, "#preview-text")
        assert "Files: Certificate-day2.txt (55 B), slides.pdf (18 B)" in preview
        await pilot.press("o")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, EvidenceScreen)
        where = shown(view, "#evidence-where")
        ef = files_for(ctx.record.read(), entries["pcp"].id)[0]
        assert ef.sha256 in where  # the stored path
        assert "scp " in where and f"evidence open {entries['pcp'].id[:8]}" in where
        content = shown(view, "#evidence-text")
        assert "[bold]ALN Code[/] day 2" in content  # literally: data, not markup
        assert "\x1b" not in content and "\\x1b" in content  # the escape made visible
        assert view.check_action("open", ()) is False  # no desktop here
        await pilot.press("j")  # the PDF: not text
        await pilot.pause()
        assert "Not a text file" in shown(view, "#evidence-text")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is learning


async def test_an_altered_file_is_named_not_shown(ctx, entries, files):
    add_files(ctx, entries["pcp"].id, [files / "certificate-old.txt"])
    ef = files_for(ctx.record.read(), entries["pcp"].id)[0]
    from alnco.evidence import stored_path

    blob = stored_path(ctx.record_path, ef)
    blob.chmod(0o600)
    blob.write_text("tampered\n", encoding="utf-8")
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_files(pilot)
        assert "has been altered since it was attached" in shown(view, "#evidence-where")
        assert "tampered" not in shown(view, "#evidence-text")


async def test_with_a_desktop_o_opens_a_private_copy_under_its_name(tmp_path, files):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    called = tmp_path / "called.txt"
    opener = bin_dir / "xdg-open"
    opener.write_text(f"#!/bin/sh\nprintf '%s' \"$1\" > {called}\n", encoding="utf-8")
    opener.chmod(0o700)
    ctx = make_ctx(tmp_path, DISPLAY=":0", PATH=str(bin_dir))
    made = seed(ctx)
    add_files(ctx, made["pcp"].id, [files / "slides.pdf"])
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_files(pilot)
        assert view.check_action("open", ()) is True
        assert "o opens a copy" in shown(view, "#evidence-where")
        await pilot.press("o")
        deadline = time.monotonic() + 10
        while not called.exists() and time.monotonic() < deadline:
            await pilot.pause(0.05)
    copy = called.read_text(encoding="utf-8")
    assert os.path.basename(copy) == "slides.pdf"
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(copy)).st_mode) == 0o700
    assert open(copy, "rb").read() == (files / "slides.pdf").read_bytes()


async def removed(ctx, entries, files, *, undo: bool):
    """Remove the entry with files from My learning (and undo it if asked), end the
    session as `alnco` does; what the record and the evidence folder hold after."""
    from alnco.evidence import documents, evidence_folder

    add_files(ctx, entries["pcp"].id, [files / "Certificate-day2.txt"])
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("j", "delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert entries["pcp"].id not in {e.id for e in ctx.record.read().entries}
        # Until the session ends, ctrl+z can bring the entry back with its files.
        assert files_for(ctx.record.read(), entries["pcp"].id)
        if undo:
            await pilot.press("ctrl+z")
            await pilot.pause()
    app.let_go_of_removed_evidence()  # what alnco.tui.app.run does when the app ends
    snapshot = ctx.record.read()
    return documents(snapshot), sorted(p.name for p in evidence_folder(ctx.record_path).iterdir())


async def test_files_of_a_removed_entry_go_when_the_session_ends(ctx, entries, files):
    docs, stored = await removed(ctx, entries, files, undo=False)
    assert docs == [] and stored == []


async def test_files_of_an_entry_brought_back_by_undo_stay(ctx, entries, files):
    docs, stored = await removed(ctx, entries, files, undo=True)
    assert [d.name for d in docs] == ["Certificate-day2.txt"]
    assert stored == [docs[0].sha256]
