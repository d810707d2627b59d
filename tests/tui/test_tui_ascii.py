"""A terminal without UTF-8 (LANG=C, PYTHONIOENCODING=ascii): ASCII symbols with the
same meaning, and nothing on the screen that would arrive as an escape (`\\u2717`).

The Pilot tests force the fallback with ALNCO_ASCII=1; the real terminal (tmux,
LANG=C and PYTHONIOENCODING=ascii) is tests/tui/test_tui_tmux_drafts.py.
"""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from textual.binding import Binding
from textual.widgets import Input, Static

from alnco.context import Context
from alnco.tui.app import create_app
from alnco.tui.widgets import glyphs
from alnco.tui.widgets.module_list import header_line, mark_symbol
from alnco.tui.widgets.requirement_row import RequirementRow
from alnco.tui.widgets.status_words import progress_bar, status_symbol
from tui_helpers import TODAY, start_app
from tui_samples import sample_progress
from textual_internals import screen_text
from tui_waiting import settle


def ascii_ctx(tmp_path, **environ) -> Context:
    env = {"ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"), "ALNCO_ASCII": "1", **environ}
    return Context.from_options(record=str(tmp_path / "record.json"), today=TODAY, lang="en",
                                environ=env)


def screen_lines(app) -> list[str]:
    """The whole screen as the terminal gets it: every cell, as text."""
    return screen_text(app).splitlines()


def as_terminal_gets_it(line: str, encoding: str = "ascii") -> str:
    return line.encode(encoding, errors=glyphs.ERRORS).decode(encoding)


@pytest.fixture(autouse=True)
def unicode_afterwards():
    yield
    glyphs.set_ascii(False)


# ---------------------------------------------------------------- detection
@pytest.mark.parametrize("environ, expected", [
    ({}, None),  # nothing set: UTF-8, as Python assumes
    ({"LANG": "C.UTF-8"}, None),
    ({"LANG": "cy_GB.utf8"}, None),
    ({"LANG": "C"}, "ascii"),
    ({"LANG": "POSIX"}, "ascii"),
    ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, "ascii"),  # Python's own LC_CTYPE stands aside
    ({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, "ascii"),  # LC_ALL decides
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "C"}, None),
    ({"LANG": "en_GB.ISO-8859-1"}, "iso8859-1"),  # keeps â ê î ô û
    ({"LANG": "en_GB.nonsense"}, "ascii"),
    ({"LANG": "C", "ALNCO_ASCII": "0"}, None),  # the person knows better
    ({"LANG": "C.UTF-8", "ALNCO_ASCII": "1"}, "ascii"),
])
def test_which_terminals_get_the_fallback(environ, expected):
    assert glyphs.fallback_encoding(environ) == expected


def test_a_stream_that_is_not_utf8_decides():
    class Stream:
        encoding = "ascii"

    assert glyphs.fallback_encoding({"LANG": "C.UTF-8"}, Stream()) == "ascii"
    Stream.encoding = "UTF-8"
    assert glyphs.fallback_encoding({"LANG": "C.UTF-8"}, Stream()) is None


def test_the_stream_keeps_every_width_and_writes_no_escapes():
    samples = ["█▀▀▀▀█", "▊2026-11-03", "✓ met  → on track  ✗ overdue  ○ not started",
               "┌─┬─┐│╞═╡", "Cymraeg: ŵ ŷ â ô — «dyfyniad» …", "wide: 日本", "e\u0301"]
    for text in samples:
        shown = as_terminal_gets_it(text)
        assert shown.isascii() and "\\" not in shown
        assert len(shown) == cell_len(text), (text, shown)
    assert as_terminal_gets_it("✓ ✗ → ▸ █░ ŵ") == "+ x > > #- w"
    assert as_terminal_gets_it("ŵ ô", "iso8859-1") == "w ô"


def test_the_stream_is_switched_and_switched_back():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    before = glyphs.use_encoding(stream, "ascii")
    stream.write("✓ ŵ")
    stream.flush()
    assert stream.buffer.getvalue() == b"+ w"
    glyphs.restore(stream, before)
    assert (stream.encoding, stream.errors) == ("utf-8", "strict")


# ---------------------------------------------------------------- alnco's own symbols
def test_symbols_bars_and_marks_in_ascii():
    glyphs.set_ascii(True)
    assert [status_symbol(s) for s in ("met", "on_track", "behind", "overdue", "not_started",
                                       "not_applicable", "upcoming")] == list("+>!xo-~")
    assert progress_bar(0.36, 10) == "####------"
    assert progress_bar(1.0, 4) == "####" and progress_bar(0.0, 4) == "----"
    assert (mark_symbol("completed"), mark_symbol("planned")) == ("+", "~")
    assert "+ done  ~ planned" in header_line(80, 6)
    glyphs.set_ascii(False)
    assert status_symbol("met") == "✓" and progress_bar(1.0, 2) == "██"


async def test_the_dashboard_in_ascii(tmp_path, monkeypatch):
    app = start_app(ascii_ctx(tmp_path), monkeypatch, progress=sample_progress())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = {r.result.id: "\n".join(str(s.render()) for s in r.query(Static))
                for r in app.screen.query(RequirementRow)}
        assert "+ met" in rows["induction"] and "##########" in rows["induction"]
        assert "x overdue" in rows["tasks"] and "! behind" in rows["hours"]
        assert "####------  36%" in rows["hours"]
        assert "o not started" in rows["local"]
        assert " - statutory" in rows["hours"]  # the citation's middle dot
        assert app.get_key_display(Binding("enter", "x", "y")) == "enter"  # not ⏎
        lines = screen_lines(app)
        for line in lines:
            shown = as_terminal_gets_it(line)
            assert shown.isascii() and "\\u" not in shown and "\\x" not in shown
            assert len(shown) == cell_len(line)
        assert any("+ 1 met" in line for line in lines)


async def test_the_entry_form_in_ascii(tmp_path, monkeypatch):
    app = start_app(ascii_ctx(tmp_path), monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_new_entry()
        await pilot.pause()
        form = app.screen
        form.query_one("#hours", Input).value = "lots"
        await pilot.pause()

        def feedback(field: str) -> str:
            return str(form.query_one(f"#{field} .parsed-feedback", Static).render())

        assert feedback("date-field") == "> Tue 3 Nov 2026"
        assert feedback("hours-field").startswith("x ")
        for line in screen_lines(app):
            assert as_terminal_gets_it(line).isascii()


async def test_a_unicode_terminal_keeps_its_symbols(tmp_path, monkeypatch):
    ctx = ascii_ctx(tmp_path, ALNCO_ASCII="0")
    app = start_app(ctx, monkeypatch, progress=sample_progress())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("✓ 1 met" in line for line in screen_lines(app))
