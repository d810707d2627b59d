"""Confidence over time as text: one character per rating, oldest first.

A rating is 1-5, so each gets its own block height (▁ ▃ ▄ ▆ █): a line of
them (`▁▃▅`) reads at a glance and costs one cell a rating, which is what
lets every task's history share one line of an 80x24 dashboard. On a terminal
without UTF-8 (alnco.tui.widgets.glyphs) the ratings are shown as their
digits (`135`): same width, and more exact than `_#` stand-ins would be.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from alnco.tui.widgets.glyphs import ascii_only

BLOCKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
NONE = "·"  # not rated yet (one cell, as a rating)


def spark(ratings: Iterable[int], cells: int | None = None) -> str:
    """The last `cells` ratings (all when None) as blocks, or digits in ASCII."""
    values = [r for r in ratings if r in BLOCKS]
    if cells is not None:
        values = values[-cells:] if cells > 0 else []
    if ascii_only():
        return "".join(str(r) for r in values)
    return "".join(BLOCKS[r] for r in values)


def none_mark() -> str:
    return "-" if ascii_only() else NONE


def trend_cell(ratings: Sequence[int], cells: int) -> str:
    """A fixed-width cell: the sparkline padded to `cells`, or a dot when unrated."""
    line = spark(ratings, cells) or none_mark()
    return line.ljust(cells)
