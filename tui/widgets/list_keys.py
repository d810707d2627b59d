"""`j/k/g/G` for lists, as in less, vim and lazygit: down, up, first, last.

Hidden from the footer (the arrows do the same; help lists them). Each list
widget maps the keys to its own actions.
"""

from __future__ import annotations

from textual.binding import Binding

from alnco.tui.language import N_


def list_keys(down: str, up: str, first: str, last: str, prefix: str) -> list[Binding]:
    """The four bindings, calling the given actions; `prefix` keeps their ids unique."""
    return [
        Binding("j", down, N_("Down"), show=False, id=f"{prefix}-j"),
        Binding("k", up, N_("Up"), show=False, id=f"{prefix}-k"),
        Binding("g", first, N_("First"), show=False, id=f"{prefix}-g"),
        Binding("G", last, N_("Last"), show=False, key_display="G", id=f"{prefix}-G"),
    ]
