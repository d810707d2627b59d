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


# U+200B ZERO WIDTH SPACE: see identifier_text.
TEXT_MARK = "\u200b"


def identifier_text(text: str) -> str:
    """An identifier's cell (the EWC number) that every spreadsheet keeps as text.

    Opening a CSV, LibreOffice and Excel read `0123456` as the number 123456 and
    the leading zero is gone. Every other way to say "text" fails somewhere:
    `="0123456"` is a formula cell (refused here, OWASP); a `'` prefix stays visible
    in both programs; a leading space is trimmed by LibreOffice's "trim spaces";
    quoting is ignored by Excel and by LibreOffice's default import. A zero-width
    space after the identifier makes the cell text in both and shows nothing
    (measured in LibreOffice 7.4 headless; Excel was not at hand: it is known to
    keep digits followed by a character that is not part of a number, such as a
    non-breaking or zero-width space pasted from a web page, as text). The price: a
    person who copies the cell also copies that invisible character (at the end,
    so a form that takes 7 characters still gets all 7 digits), and a script
    reading the CSV must strip it; scripts should read the JSON export instead.
    Every non-empty identifier gets it, so the column sorts and filters as one.
    """
    text = spreadsheet_text(text)
    return text + TEXT_MARK if text else text


def visible_controls(text: str) -> str:
    """Control characters shown as `\\x1b` so a document format can hold them."""
    return _UNWRITABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
