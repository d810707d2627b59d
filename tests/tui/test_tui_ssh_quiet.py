"""Over SSH (SSH_CONNECTION set) no text field blinks: a blinking cursor redraws
twice a second for nothing, which a slow school link pays for. Locally it blinks
as usual. And each frame costs fewer bytes (styles written as changes, only the
cells of a result row that changed) while the terminal shows the same."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style
from textual.widgets import Input

from alnco.tui.compact_output import compact_sgr
from alnco.tui.screens.catalogue import CatalogueScreen

SSH = "192.0.2.10 50000 192.0.2.1 22"


async def open_search(pilot) -> Input:
    await pilot.pause()
    await pilot.press("c")
    for _ in range(50):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, CatalogueScreen):
            break
    await pilot.press("slash")
    await pilot.pause()
    focused = pilot.app.focused
    assert isinstance(focused, Input)
    return focused


async def test_over_ssh_the_search_box_and_the_palette_do_not_blink(with_profile, app_for):
    app = app_for(SSH_CONNECTION=SSH)
    async with app.run_test(size=(80, 24)) as pilot:
        search = await open_search(pilot)
        assert search.cursor_blink is False
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette_input = app.focused
        assert isinstance(palette_input, Input)
        assert palette_input is not search
        assert palette_input.cursor_blink is False
        await pilot.press("escape")
        await pilot.pause()


async def test_over_ssh_form_fields_do_not_blink(with_profile, app_for):
    app = app_for(SSH_CONNECTION=SSH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_new_entry()
        await pilot.pause()
        await pilot.pause()
        fields = list(app.screen.query("Input, TextArea"))
        assert fields
        for field in fields:
            field.focus()
            await pilot.pause()
            assert field.cursor_blink is False, field


async def test_locally_the_cursor_blinks(with_profile, app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        search = await open_search(pilot)
        assert search.cursor_blink is True


# ---------------------------------------------------------------- bytes per frame
# A frame is written with each style set only where text is drawn, as a change
# from the style in force (alnco.tui.compact_output). These check, with a small
# terminal model of their own, that every character still looks the same.

_ESC = re.compile(r"\x1b\[([0-9;]*)m|(\x1b\[[0-9;?]*[A-Za-z])|([^\x1b])", re.DOTALL)
_INK_ON_BLANKS = {"underline", "reverse", "strike", "overline"}


def drawn(stream: str) -> tuple[list, dict]:
    """What a terminal shows for `stream`: each character (or control sequence) in
    order with the look it has (a space shows no text colour unless underlined,
    reversed or struck through), and the style left in force at the end."""
    names = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 7: "reverse",
             8: "conceal", 9: "strike", 53: "overline"}
    offs = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",), 25: ("blink",),
            27: ("reverse",), 28: ("conceal",), 29: ("strike",), 55: ("overline",)}
    style: dict = {}
    shown = []
    for sgr, control, char in (m.groups() for m in _ESC.finditer(stream)):
        if control:
            shown.append(control)
        elif char is not None:
            look = dict(style)
            if char == " " and not _INK_ON_BLANKS & set(look):
                look.pop("fg", None)
            shown.append((char, tuple(sorted(look.items()))))
        else:
            codes = [int(c) if c else 0 for c in sgr.split(";")]
            i = 0
            while i < len(codes):
                code = codes[i]
                if code == 0:
                    style = {}
                elif code in names:
                    style[names[code]] = True
                elif code in offs:
                    for name in offs[code]:
                        style.pop(name, None)
                elif code in (38, 48):
                    size = 2 if codes[i + 1] == 5 else 4
                    style["fg" if code == 38 else "bg"] = tuple(codes[i + 1:i + 1 + size])
                    i += size
                elif code in (39, 49):
                    style.pop("fg" if code == 39 else "bg", None)
                else:
                    style["fg" if code < 40 or 90 <= code < 100 else "bg"] = (code,)
                i += 1
    return shown, style


def cells(capture: str) -> list:
    """What each cell of a `tmux capture-pane -e` shows (tmux ends a line in the
    style of its last, trimmed, blanks: not drawn, so not compared)."""
    return ["\n" if isinstance(x, tuple) and x[0] == "\n" else x for x in drawn(capture)[0]]


colours = st.one_of(st.none(), st.sampled_from(["red", "bright_blue", "color(200)"]),
                    st.tuples(*[st.integers(0, 255)] * 3).map(lambda c: "rgb({},{},{})".format(*c)))
styles = st.builds(
    lambda fg, bg, flags: Style(color=fg, bgcolor=bg, **flags),
    colours, colours,
    st.fixed_dictionaries({}, optional={
        name: st.booleans() for name in ("bold", "dim", "italic", "underline", "reverse",
                                         "strike", "blink", "overline")}),
)
pieces = st.one_of(
    st.tuples(st.sampled_from(["  ", " ", "a b", "Title (714)", "✓", "ŵyl ", "█"]), styles),
    st.sampled_from(["\x1b[7;80H", "\x1b[3;2H", "\n", "\x1b[?2026h"]),
)


def as_textual_writes(parts) -> str:
    """Segments the way Textual (Rich) writes them: each run of one style in its
    whole style, then a reset."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            text, style = part
            out.append(style.render(text, color_system=ColorSystem.TRUECOLOR))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=30))
def test_a_compacted_frame_draws_every_character_alike(parts):
    frame = as_textual_writes(parts)
    compact = compact_sgr(frame)
    assert drawn(compact) == drawn(frame)
    assert len(compact) <= len(frame)


def test_a_row_of_a_list_costs_fewer_bytes():
    border, title, meta = (Style(color="rgb(0,255,0)", bgcolor="rgb(30,30,30)"),
                           Style(color="rgb(224,224,224)", bgcolor="rgb(30,30,30)"),
                           Style(color="rgb(165,165,165)", bgcolor="rgb(30,30,30)"))
    row = as_textual_writes([("\x1b[8;2H"), (" ", border), ("  IDP writing workshop  ", title),
                             ("   3 ac ", meta)])
    assert drawn(compact_sgr(row)) == drawn(row)
    assert len(compact_sgr(row)) < 0.8 * len(row)


def test_a_space_keeps_the_colour_in_force_but_not_under_an_underline():
    red, plain, underlined = Style(color="red"), Style(bgcolor="blue"), Style(underline=True,
                                                                            bgcolor="blue")
    frame = as_textual_writes([("x", red), ("   ", plain), ("y", red)])
    assert compact_sgr(frame) == "\x1b[31mx\x1b[44m   \x1b[49my\x1b[0m"
    frame = as_textual_writes([("x", red), ("   ", underlined), ("y", red)])
    assert drawn(compact_sgr(frame)) == drawn(frame)  # the underline keeps its colour


@pytest.mark.parametrize("frame", [
    "\x1b[4:3mcurly\x1b[0m",  # a style it does not model
    "\x1b[1mbold, left on",  # not ended in the default style
    "plain text \x1b[2;3H",  # no style at all
])
def test_what_it_does_not_know_is_written_as_it_was(frame):
    assert compact_sgr(frame) == frame


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None,
                    reason="tmux is not installed (apt-get install tmux) for the real-terminal test")
def test_search_typed_key_by_key_looks_the_same_as_a_fresh_screen(tmp_path):
    """Each keystroke repaints only the rows and cells that changed, in compacted
    styles; what the terminal then shows matches a full repaint (after the palette)."""
    from real_terminal import Terminal

    from alnco.model import Profile
    from alnco.store.record import Record

    Record(tmp_path / "record.json").set_profile(Profile(name="Ceri", setting="school"))
    env = {"ALNCO_RECORD": str(tmp_path / "record.json"), "ALNCO_TODAY": "2026-11-03",
           "ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"), "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "TERM": "xterm-256color",
           "COLORTERM": "truecolor", "LANG": "C.UTF-8", "SSH_CONNECTION": SSH,
           "PATH": os.environ.get("PATH", "")}
    term = Terminal(tmp_path, env, [sys.executable, "-m", "alnco"])
    try:
        term.wait_for("Catalogue")
        term.keys("c")
        term.wait_for("Title (")
        term.keys("/")
        # each key changes the rows; the last ("a" to "ai") keeps the scrollbar, so
        # nothing repaints the whole list
        for key in ("a", "l", "n", "BSpace", "BSpace", "i"):
            term.keys(key)
        time.sleep(1.0)  # the detail pane follows the highlighted module
        typed = term.tmux("capture-pane", "-p", "-e")
        term.keys("C-p")  # the palette over it, and closed: the screen is drawn whole
        term.wait_for("Search for commands")
        term.keys("Escape")
        term.wait_until_gone("Search for commands")
        time.sleep(1.0)
        repainted = term.tmux("capture-pane", "-p", "-e")
        assert "ai" in term.screen().splitlines()[1]  # the search as typed
        assert cells(typed) == cells(repainted)
    finally:
        term.close()
