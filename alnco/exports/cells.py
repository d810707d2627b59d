"""Text made safe for the cell of a spreadsheet (OWASP CSV injection guidance).

A spreadsheet runs a cell whose text starts with `=`, `+`, `-` or `@` (and,
in some programs, tab, CR or LF) as a formula, and a formula can fetch URLs or
run commands. Such text gets a leading apostrophe, which every spreadsheet
treats as "this is text". Numbers and dates are never passed through here.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Characters an XML 1.0 document (xlsx, html) cannot hold: C0 controls except
# tab/LF/CR, plus the C1 range and DEL, which only ever arrive by accident or malice.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


TRIGGERS_SET = frozenset(TRIGGERS)


def neutralise(text: str) -> str:
    """`text`, prefixed with `'` if a spreadsheet would read it as a formula."""
    if text[:1] in TRIGGERS_SET:
        return "'" + text
    return text


def has_controls(text: str) -> bool:
    return _UNWRITABLE.search(text) is not None


def spreadsheet_text(text: str) -> str:
    """A cell's text: control characters made visible, formulas neutralised."""
    if _UNWRITABLE.search(text):
        text = visible_controls(text)
    return neutralise(text)


def visible_controls(text: str) -> str:
    """Control characters shown as `\\x1b` so a document format can hold them."""
    return _UNWRITABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
