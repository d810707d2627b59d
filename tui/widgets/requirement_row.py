"""One requirement on the dashboard: status (symbol + word + colour), a
progress bar, the title, the one-line reason and the citation with its basis
(statutory / guidance / local), so a person can check it against the source.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from alnco.i18n import _
from alnco.output import safe_text
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


def text_content(result: Any) -> Content:
    citation = safe_text(result.citation)
    basis = basis_word(result.basis)
    return Content.assemble(
        (safe_text(result.title), "bold"),
        "\n",
        safe_text(result.reason),
        "\n",
        (f"{citation} · {basis}" if citation else basis, "$text-muted"),
        strip_control_codes=False,
    )


class RequirementRow(Horizontal):
    """A requirement result, laid out as a status column and a text column."""

    DEFAULT_CSS = """
    RequirementRow {
        height: auto;
        margin-bottom: 1;
        & > .requirement-status { width: 17; }
        & > .requirement-text { width: 1fr; }
    }
    """

    def __init__(self, result: Any, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.result = result
        self.add_class(f"-{result.status.replace('_', '-')}")

    def compose(self) -> ComposeResult:
        yield Static(status_content(self.result), classes="requirement-status")
        yield Static(text_content(self.result), classes="requirement-text")
