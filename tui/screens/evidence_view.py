"""An entry's evidence files, from My learning (`o`).

Over SSH there is no desktop to open a PDF on, so the screen says where the
file is kept and the lines that copy it to your own computer; a text
file's content is shown here, scrollable and read-only. Where there is a
display (DISPLAY or WAYLAND_DISPLAY set, xdg-open installed) `o` opens the
file with the desktop's own program, from a private copy under its original
name (the kept file is named by its hash, which tells no program what it is).

File names and contents are data: shown as `Text`/`Content` with control
characters made visible, never as markup.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from alnco.errors import AlncoError, app_text
from alnco.evidence_elsewhere import desktop_opener, fetch_commands, open_on_desktop
from alnco.i18n import _
from alnco.output import safe_text
from alnco.parsing import short_date
from alnco.tui.language import N_
from alnco.tui.widgets.list_keys import list_keys

TEXT_LIMIT = 256 * 1024  # bytes of a text file shown; the rest is said to be cut


def human_size(size: int) -> str:
    """`512 B`, `12 KB`, `1.4 MB`, as `alnco evidence list` shows them."""
    from alnco.evidence import show_size

    return show_size(size)


def _open_blob(path: Path) -> int:
    """A descriptor on the kept file: never through a symlink, a regular file only."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(0, _("not a regular file"))
    return fd


def text_preview(path: Path, limit: int = TEXT_LIMIT) -> tuple[str | None, bool]:
    """(the file's text, cut short) when it is UTF-8 text; (None, False) when it is
    not text (a PDF, an image). Raises OSError when it cannot be read."""
    fd = _open_blob(path)
    try:
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(65536, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    cut = len(data) > limit
    data = data[:limit]
    if b"\x00" in data:
        return None, False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Cut in the middle of a character: keep what came before it.
        if cut and error.start >= len(data) - 3:
            text = data[:error.start].decode("utf-8", errors="strict")
        else:
            return None, False
    return text, cut


def file_line(ef: Any) -> Content:
    return Content.assemble(
        (safe_text(ef.name, single_line=True), "bold"),
        ("  " + human_size(ef.size), "$text-muted"),
        strip_control_codes=False,
    )


class EvidenceList(OptionList):
    BINDINGS = list_keys("cursor_down", "cursor_up", "first", "last", "evidence-list")


class ContentView(VerticalScroll, can_focus=True):
    """A text file's content; j/k/g/G scroll as in less."""

    BINDINGS = list_keys("scroll_down", "scroll_up", "scroll_home", "scroll_end",
                         "evidence-content")


class EvidenceScreen(ModalScreen[None]):
    """The files of one entry; the highlighted one's place, copy line and content."""

    DEFAULT_CSS = """
    EvidenceScreen { align: center middle; }
    #evidence {
        width: 100; max-width: 100%; height: 100%; max-height: 40;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    #evidence-title { text-style: bold; color: $primary; height: 1; }
    #evidence-files { height: auto; max-height: 5; }
    #evidence-where { height: auto; margin-top: 1; }
    #evidence-content { height: 1fr; margin-top: 1; background: $boost;
                        border-left: blank; }
    #evidence-content:focus { border-left: thick $accent; }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="evidence-close"),
        Binding("o", "open", N_("Open"), id="evidence-open"),
        Binding("f1", "app.help", N_("Help"), show=False, id="evidence-help"),
    ]
    KEEP_ON_LANGUAGE_SWITCH = True

    def __init__(self, entry_id: str, title: str, files: Sequence[Any],
                 record_path: Path) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.entry_title = title
        self.files = list(files)
        self.record_path = record_path

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence"):
            yield Static(Content(_("Evidence files: {title}").format(
                title=safe_text(self.entry_title, single_line=True))), id="evidence-title")
            yield EvidenceList(*[Option(file_line(ef), id=ef.sha256) for ef in self.files],
                               id="evidence-files", compact=True)
            yield Static("", id="evidence-where")
            with ContentView(id="evidence-content"):
                yield Static("", id="evidence-text")
        yield Footer()

    def on_mount(self) -> None:
        files = self.query_one(EvidenceList)
        if self.files:
            files.highlighted = 0
        files.focus()
        self._show(0)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.desktop:
            self.action_open()
        else:
            self.query_one(ContentView).focus()

    @property
    def desktop(self) -> bool:
        return desktop_opener(self.app.ctx.environ) is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":  # only where there is a desktop to open it on
            return self.desktop
        return True

    def _current(self) -> Any:
        index = self.query_one(EvidenceList).highlighted
        return self.files[index] if index is not None and index < len(self.files) else None

    def _show(self, index: int | None) -> None:
        where = self.query_one("#evidence-where", Static)
        body = self.query_one("#evidence-text", Static)
        if index is None or not (0 <= index < len(self.files)):
            where.update(Content(_("This entry has no evidence files.")))
            body.update("")
            return
        from alnco.evidence import checked_path

        ef = self.files[index]
        try:
            path = checked_path(self.record_path, ef)  # ours, a regular file, unaltered
        except AlncoError as error:
            where.update(Content(safe_text(app_text(error))))
            body.update(Text(_("alnco doctor checks every evidence file."), style="italic"))
            return
        lines = [_("Added {date}.").format(date=short_date(_day(ef.added_at))) + " "
                 + _("Stored at: {path}").format(path=safe_text(str(path), single_line=True))]
        if self.desktop:
            lines.append(_("o opens a copy with your desktop's own program."))
        else:
            lines.append(_("To look at it on your own computer, copy it there with one of:"))
            lines += ["  " + safe_text(line, single_line=True)
                      for line in fetch_commands(self.app.ctx, path, ef.name, ef.sha256,
                                                 self.entry_id)]
        where.update(Content("\n".join(lines)))
        try:
            text, cut = text_preview(path)
        except OSError as error:
            body.update(Text(_("It cannot be read: {reason}").format(
                reason=safe_text(error.strerror or str(error), single_line=True)),
                style="italic"))
            return
        if text is None:
            body.update(Text(_("Not a text file (a PDF or a photo, say), so it cannot be "
                               "shown here: copy it as above to look at it."), style="italic"))
            return
        shown = Text(safe_text(text))
        if cut:
            shown.append("\n" + _("(only the first {size} are shown)").format(
                size=human_size(TEXT_LIMIT)), style="italic")
        body.update(shown)
        self.query_one(ContentView).scroll_home(animate=False)

    def action_open(self) -> None:
        ef = self._current()
        if ef is None or not self.desktop:
            return
        from alnco.evidence import checked_path

        try:
            open_on_desktop(checked_path(self.record_path, ef), ef.name, self.app.ctx.environ)
        except AlncoError as error:
            self.app.report(error)
            return
        except OSError as error:
            self.app.notify(_("Not opened: {reason}").format(
                reason=safe_text(error.strerror or str(error), single_line=True)),
                severity="error", markup=False)
            return
        self.app.notify(_("Opening {name}…").format(name=safe_text(ef.name, single_line=True)),
                        markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


def _day(stamp: Any):
    """The date of an ISO timestamp (added_at), or today's when it cannot be read."""
    from datetime import date, datetime

    try:
        return datetime.fromisoformat(str(stamp)).date()
    except ValueError:
        return date.today()
