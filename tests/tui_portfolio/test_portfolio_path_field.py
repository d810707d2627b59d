"""Completion of file names in the entry form's attach field (a Textual Suggester)."""

from __future__ import annotations

import os

import pytest

from alnco.tui.widgets.path_field import suggestion_for


def test_a_unique_name_is_completed_and_a_folder_gets_its_slash(files, tmp_path):
    base = str(tmp_path)
    assert suggestion_for("Documents/sl", str(tmp_path), base) == "Documents/slides.pdf"
    assert suggestion_for("Documents/Rep", str(tmp_path), base) == "Documents/Reports/"
    assert suggestion_for("Docu", str(tmp_path), base) == "Documents/"


def test_case_is_as_typed(files, tmp_path):
    """`Cert` and `cert` are different files on Linux: each offers only its own."""
    base = str(tmp_path)
    assert suggestion_for("Documents/Cert", "/nowhere", base) == "Documents/Certificate-day2.txt"
    assert suggestion_for("Documents/cert", "/nowhere", base) == "Documents/certificate-old.txt"
    assert suggestion_for("Documents/CERT", "/nowhere", base) is None


def test_home_is_kept_as_typed(files, tmp_path):
    assert suggestion_for("~", str(tmp_path), "/") == "~/"
    assert suggestion_for("~/Documents/sli", str(tmp_path), "/") == "~/Documents/slides.pdf"


def test_hidden_names_only_when_a_dot_is_typed(files, tmp_path):
    (files / ".secret-notes").write_text("x", encoding="utf-8")
    base = str(files)
    assert suggestion_for("s", "/nowhere", base) == "slides.pdf"
    assert suggestion_for(".s", "/nowhere", base) == ".secret-notes"


def test_several_matches_complete_their_common_start(tmp_path):
    for name in ("notes-autumn.txt", "notes-spring.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert suggestion_for("no", "/nowhere", str(tmp_path)) == "notes-"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_places_offer_nothing(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("x", encoding="utf-8")
    (tmp_path / "private.txt").write_text("x", encoding="utf-8")
    (tmp_path / "private.txt").chmod(0)
    locked.chmod(0)
    try:
        assert suggestion_for("locked/in", "/nowhere", str(tmp_path)) is None
        assert suggestion_for("lo", "/nowhere", str(tmp_path)) is None  # cannot go in
        assert suggestion_for("pri", "/nowhere", str(tmp_path)) is None  # cannot read it
    finally:
        locked.chmod(0o700)


def test_a_missing_folder_or_odd_text_offers_nothing(tmp_path):
    assert suggestion_for("nowhere/at/all", "/nowhere", str(tmp_path)) is None
    assert suggestion_for("", "/nowhere", str(tmp_path)) is None
    assert suggestion_for("a\x00b", "/nowhere", str(tmp_path)) is None


def test_a_folder_that_refuses_listing_offers_nothing(tmp_path, monkeypatch):
    """(As root every folder can be read: the refusal is simulated.)"""
    import alnco.tui.widgets.path_field as path_field

    (tmp_path / "inside.txt").write_text("x", encoding="utf-8")

    def refuse(_path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(path_field.os, "scandir", refuse)
    assert suggestion_for("ins", "/nowhere", str(tmp_path)) is None


async def test_tab_completes_even_before_the_suggestion_arrives(files, tmp_path):
    """tab typed straight after the text: worked out there and then, not skipped."""
    from textual.app import App

    from alnco.tui.widgets.path_field import PathInput

    class One(App):
        def compose(self):
            yield PathInput(home=str(tmp_path), base=str(tmp_path), id="path")
            yield PathInput(id="next")

    app = One()
    async with app.run_test() as pilot:
        field = app.query_one("#path", PathInput)
        field.value = "~/Documents/sl"  # no keystroke: no suggestion asked for yet
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        assert field.value == "~/Documents/slides.pdf"
        assert app.focused is field
        await pilot.press("tab")  # nothing more to complete: moves on
        assert app.focused.id == "next"
