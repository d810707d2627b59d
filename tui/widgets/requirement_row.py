"""One requirement on the dashboard: status (symbol + word + colour), a
progress bar, the title, the one-line reason and the citation with its basis
(statutory / guidance / local), so a person can check it against the source.

A row can be focused (tab, `r` on the dashboard, up/down between rows). A row
the app can act on (declaring the reg 27/28 line, setting the designation date)
says so in a visible hint, and `enter` posts `RequirementRow.Opened`: the
dashboard decides what opens.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from alnco.i18n import _
from alnco.output import safe_text
from alnco.tui.language import N_
from alnco.progress.words import verdict
from alnco.tui.widgets.glyphs import plain
from alnco.tui.widgets.status_words import progress_bar, status_style, status_symbol, status_word

BAR_WIDTH = 10


def basis_word(basis: str) -> str:
    return {"statutory": _("statutory"), "guidance": _("guidance"), "local": _("local")}.get(
        basis, basis
    )


def status_content(result: Any) -> Content:
    style = status_style(result.status)
    percent = f"{round(result.fraction * 100):>3d}%"
    return Content.assemble(
        (f"{status_symbol(result.status)} {status_word(result.status)}", style),
        "\n",
        (progress_bar(result.fraction, BAR_WIDTH), style),
        " ",
        percent,
        strip_control_codes=False,
    )


def text_content(result: Any, hint: str = "") -> Content:
    citation = safe_text(result.citation)
    basis = basis_word(result.basis)
    parts: list[Any] = [(safe_text(result.title), "bold"), "\n"]
    if not getattr(result, "confirmed", True):  # never a bare "met" on unverified wording
        parts += [(verdict(result), "italic $text-warning"), "\n"]
    parts += [
        safe_text(result.reason),
        "\n",
        (plain(f"{citation} · {basis}") if citation else basis, "$text-muted"),
    ]
    if hint:
        parts += ["\n", (plain("▸ ") + hint, "bold $text-accent")]
    return Content.assemble(*parts, strip_control_codes=False)


class RequirementRow(Horizontal, can_focus=True):
    """A requirement result, laid out as a status column and a text column.

    `line_action` is what `enter` does here, as the dashboard chose it: None (the
    row can be read, not acted on), ("declare", key) or ("profile", "");
    `hint` says it in words on the row itself.
    """

    DEFAULT_CSS = """
    RequirementRow {
        height: auto;
        margin-bottom: 1;
        & > .requirement-status { width: 17; }
        & > .requirement-text { width: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # One key, two meanings: check_action shows the one that fits the row.
        Binding("enter", "open('declare')", N_("Declare"), id="requirement-declare"),
        Binding("enter", "open('profile')", N_("Edit profile"), id="requirement-profile"),
        Binding("up", "move(-1)", N_("Previous requirement"), show=False, id="requirement-up"),
        Binding("down", "move(1)", N_("Next requirement"), show=False, id="requirement-down"),
    ]

    class Opened(Message):
        """`enter` on a row with an action."""

        def __init__(self, row: "RequirementRow") -> None:
            super().__init__()
            self.row = row

    def __init__(self, result: Any, *, hint: str = "",
                 action: tuple[str, str] | None = None, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.result = result
        self.hint = hint
        self.line_action = action
        self.add_class(f"-{result.status.replace('_', '-')}")
        if action is not None:
            self.add_class("-actionable")

    def compose(self) -> ComposeResult:
        yield Static(status_content(self.result), classes="requirement-status")
        yield Static(text_content(self.result, self.hint), classes="requirement-text")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.line_action is not None and parameters[:1] == (self.line_action[0],)
        return True

    def action_open(self, kind: str) -> None:
        if self.line_action is not None and self.line_action[0] == kind:
            self.post_message(self.Opened(self))

    def action_move(self, step: int) -> None:
        """Focus the previous or next row (the scroll follows the focus)."""
        siblings = self.parent.children if self.parent is not None else [self]
        rows = [row for row in siblings if isinstance(row, RequirementRow)]
        index = rows.index(self) + step
        if 0 <= index < len(rows):
            rows[index].focus()
            return
        # Past the first or last line: scroll on, as the arrows would without a line.
        container = next((node for node in self.ancestors
                          if isinstance(node, Widget) and node.allow_vertical_scroll), None)
        if container is not None:
            container.scroll_relative(y=step, animate=False)
