"""Progress statuses for people: a symbol, a word and a colour together, so
the meaning never rests on colour alone (NO_COLOR, colour blindness, vt100).
"""

from __future__ import annotations

from alnco.progress.words import status_label
from alnco.tui.widgets.glyphs import ascii_only, plain

# status -> (symbol, style); the style uses theme variables so themes apply.
_LOOKS = {
    "met": ("✓", "bold $text-success"),
    "on_track": ("→", "bold $text-primary"),
    "behind": ("!", "bold $text-warning"),
    "overdue": ("✗", "bold $text-error"),
    "not_started": ("○", "bold $text-muted"),
    "not_applicable": ("–", "$text-muted"),
    "upcoming": ("◷", "bold $text-accent"),
}


def status_word(status: str) -> str:
    """The translated word for a status (the English is INTERFACE.md's wording)."""
    return status_label(status)


def status_symbol(status: str) -> str:
    """The status's symbol; in ASCII (a terminal without UTF-8): + > ! x o - ~."""
    return plain(_LOOKS.get(status, ("?", ""))[0])


def status_style(status: str) -> str:
    return _LOOKS.get(status, ("?", ""))[1]


def progress_bar(fraction: float, width: int) -> str:
    """A bar readable without colour: full, partial (eighths) and empty blocks;
    in ASCII, `#` for done and `-` for to do."""
    fraction = min(max(fraction, 0.0), 1.0)
    if ascii_only():
        done = round(fraction * width)
        return "#" * done + "-" * (width - done)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
    return bar + "░" * (width - len(bar))
