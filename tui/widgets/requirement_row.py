"""One requirement on the dashboard, on one line: status (symbol + word +
colour), a progress bar and the title. `enter` (or `space`) opens the line to
show the rest: the reason, the citation with its basis (statutory / guidance /
local), so a person can check it against the source, and what `enter` does.

One line each keeps a dozen requirements, the hours and the suggestions on an
80x24 screen together; the details are one key away.

A row can be focused (tab, `r` on the dashboard, up/down or j/k between rows).
A row the app can act on (declaring the reg 27/28 line, setting the
designation date) says so in a visible hint, and `enter` posts
`RequirementRow.Opened`: the dashboard decides what opens. On a row with no
action, `enter` shows or hides its details; `space` does that on every row.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from alnco.i18n import _
from alnco.output import safe_text, width
from alnco.tui.language import N_
from alnco.progress.words import verdict
from alnco.tui.widgets.glyphs import plain
from alnco.tui.widgets.status_words import progress_bar, status_style, status_symbol, status_word

BAR_WIDTH = 10
STATUSES = ("met", "on_track", "behind", "overdue", "not_started", "not_applicable")


def basis_word(basis: str) -> str:
    return {"statutory": _("statutory"), "guidance": _("guidance"), "local": _("local")}.get(
        basis, basis
    )


def status_width() -> int:
    """The status column's width: the longest status, symbol and word, in this language."""
    return max(width(status_word(s)) for s in STATUSES) + 3  # symbol, space, a gap


def status_label(result: Any) -> Content:
    return Content.styled(f"{status_symbol(result.status)} {status_word(result.status)}",
                          status_style(result.status))


def bar_content(result: Any) -> Content:
    percent = f"{round(result.fraction * 100):>3d}%"
    return Content.assemble((progress_bar(result.fraction, BAR_WIDTH), status_style(result.status)),
                            " ", percent, strip_control_codes=False)


def details_content(result: Any, hint: str = "") -> Content:
    """What an opened line shows under its title."""
    citation = safe_text(result.citation)
    basis = basis_word(result.basis)
    parts: list[Any] = []
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


class RequirementRow(Vertical, can_focus=True):
    """A requirement result: one summary line, and its details when opened.

    `line_action` is what `enter` does here, as the dashboard chose it: None (the
    row can be read, not acted on), ("declare", key) or ("profile", "");
    `hint` says it in words, on the summary line and in the details.
    """

    DEFAULT_CSS = """
    RequirementRow {
        height: auto;
        & > .requirement-line { height: 1; }
        & > .requirement-line > .requirement-status { width: 15; }
        & > .requirement-line > .requirement-bar { width: 16; }
        & > .requirement-line > .requirement-title {
            width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; text-style: bold;
        }
        & > .requirement-details { display: none; padding: 0 0 1 2; }
        &.-open > .requirement-details { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # One key, three meanings: check_action shows the one that fits the row.
        Binding("enter", "open('declare')", N_("Declare"), id="requirement-declare"),
        Binding("enter", "open('profile')", N_("Edit profile"), id="requirement-profile"),
        Binding("enter", "toggle('enter')", N_("Details"), id="requirement-details"),
        Binding("space", "toggle", N_("Details"), show=False, id="requirement-toggle"),
        Binding("up", "move(-1)", N_("Previous requirement"), show=False, id="requirement-up"),
        Binding("down", "move(1)", N_("Next requirement"), show=False, id="requirement-down"),
        Binding("k", "move(-1)", N_("Previous requirement"), show=False, id="requirement-k"),
        Binding("j", "move(1)", N_("Next requirement"), show=False, id="requirement-j"),
        Binding("g", "move_to(0)", N_("First"), show=False, id="requirement-g"),
        Binding("G", "move_to(-1)", N_("Last"), show=False, id="requirement-G"),
    ]

    expanded = reactive(False, toggle_class="-open")

    class Opened(Message):
        """`enter` on a row with an action."""

        def __init__(self, row: "RequirementRow") -> None:
            super().__init__()
            self.row = row

    def __init__(self, result: Any, *, hint: str = "",
                 action: tuple[str, str] | None = None, classes: str | None = None,
                 opened: bool = False) -> None:
        super().__init__(classes=classes)
        self.result = result
        self.hint = hint
        self.line_action = action
        self.add_class(f"-{result.status.replace('_', '-')}")
        if action is not None:
            self.add_class("-actionable")
        self.set_reactive(RequirementRow.expanded, opened)
        self.set_class(opened, "-open")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="requirement-line"):
            status = Static(status_label(self.result), classes="requirement-status")
            status.styles.width = status_width()
            yield status
            yield Static(bar_content(self.result), classes="requirement-bar")
            title: list[Any] = [safe_text(self.result.title, single_line=True)]
            if self.line_action is not None:
                title.append((" " + plain("▸"), "$text-accent"))
            yield Static(Content.assemble(*title, strip_control_codes=False),
                         classes="requirement-title")
        yield Static(details_content(self.result, self.hint), classes="requirement-details")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.line_action is not None and parameters[:1] == (self.line_action[0],)
        if action == "toggle" and parameters:  # enter: only where it has no other job
            return self.line_action is None
        return True

    def action_open(self, kind: str) -> None:
        if self.line_action is not None and self.line_action[0] == kind:
            self.post_message(self.Opened(self))

    def action_toggle(self, _key: str = "") -> None:
        self.expanded = not self.expanded
        if self.expanded:
            self.call_after_refresh(self.scroll_visible, animate=False)

    def _rows(self) -> list["RequirementRow"]:
        siblings = self.parent.children if self.parent is not None else [self]
        return [row for row in siblings if isinstance(row, RequirementRow)]

    def action_move_to(self, index: int) -> None:
        rows = self._rows()
        if rows:
            rows[index].focus()

    def action_move(self, step: int) -> None:
        """Focus the previous or next row (the scroll follows the focus)."""
        rows = self._rows()
        index = rows.index(self) + step
        if 0 <= index < len(rows):
            rows[index].focus()
            return
        # Past the first or last line: scroll on, as the arrows would without a line.
        container = next((node for node in self.ancestors
                          if isinstance(node, Widget) and node.allow_vertical_scroll), None)
        if container is not None:
            container.scroll_relative(y=step, animate=False)
