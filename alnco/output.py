"""Printing for people and for scripts, safely.

Stored text is kept exactly as typed; only what reaches a terminal is made
safe. An escape sequence in a note (say `ESC ] 52` to write the clipboard, or
`ESC [ 2 J`) would otherwise run in the reader's terminal, so control
characters are shown as visible escapes (`\\x1b`) instead.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
import unicodedata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Sequence, TextIO

# C0 controls except tab/newline, DEL, and C1 controls (U+0080-U+009F: 0x9b is CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidi overrides can make text display in a misleading order (Trojan Source).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


# The prefixes of alnco's lines on stderr are the same in every language, as
# INTERFACE.md writes them: scripts and people's notes look for them. Only the
# message after the prefix is translated (`alnco: error: nid yw ...`).
ERROR_PREFIX = "alnco: error: "
WARNING_PREFIX = "alnco: warning: "


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def safe_text(text: str, *, single_line: bool = False) -> str:
    """`text` with control characters (and, in a cell, newlines) made visible."""
    pattern = _CONTROL_ALL if single_line else _CONTROL
    text = pattern.sub(_escape, text)
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_json_text(text: str) -> str:
    """JSON text with C1 controls and bidi overrides escaped (json leaves them raw)."""
    return re.sub(
        "[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}", text
    )


def dump_json(data: Any, stream: TextIO | None = None) -> None:
    """JSON as UTF-8 text; to a stream that cannot show every character (LANG=C,
    a Latin-1 locale, PYTHONIOENCODING=ascii), as ASCII with `\\u` escapes, which
    is the same JSON once parsed, so a script still reads every letter exactly."""
    stream = stream or sys.stdout
    text = json.dumps(data, ensure_ascii=not _speaks_unicode(stream), indent=2)
    stream.write(safe_json_text(text) + "\n")


def _speaks_unicode(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return True  # an in-memory stream holds text, not bytes
    try:
        return codecs.lookup(encoding).name in _UNICODE_CODECS
    except LookupError:
        return False


_UNICODE_CODECS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                             "utf-32", "utf-32-le", "utf-32-be"})


def write_csv(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: TextIO | None = None
) -> None:
    """CSV for scripts; a spreadsheet-bound export adds BOM and formula guards itself."""
    import csv  # here, not at the top: only --csv writes it

    stream = stream or sys.stdout
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)


def width(text: str) -> int:
    """Terminal cells `text` occupies (wide East Asian characters take two)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def truncate(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align_right: Sequence[int] = (),
    max_width: int | None = None,
    shrink: int | None = None,
) -> str:
    """A plain, aligned text table; column `shrink` is truncated to fit `max_width`."""
    cells = [[safe_text(str(c), single_line=True) for c in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))
    if max_width and shrink is not None:
        total = sum(widths) + 2 * (len(widths) - 1)
        if total > max_width:
            widths[shrink] = max(width(headers[shrink]), 10, widths[shrink] - (total - max_width))
            cells = [
                [truncate(c, widths[shrink]) if i == shrink else c for i, c in enumerate(row)]
                for row in cells
            ]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - width(value))
            parts.append(pad + value if i in align_right else value + pad)
        return "  ".join(parts).rstrip()

    out = io.StringIO()
    out.write(line(headers) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    return out.getvalue()


def terminal_width(default: int = 100) -> int:
    import shutil

    return shutil.get_terminal_size((default, 24)).columns
