"""Symbols for terminals that cannot show them: the ASCII fallback.

alnco draws statuses, bars and arrows with Unicode symbols (✓ → ✗ █ ░ ▸) and
Textual draws borders with block and box characters. A terminal that does not
take UTF-8 (`LANG=C`, a Latin-1 locale, `PYTHONIOENCODING=ascii`) would show
each as an escape (`\\u2717`) or as garbage. At start the app asks
`fallback_encoding()`; if it names an encoding, then

- alnco's own widgets pick ASCII symbols with the same meaning (`plain()`,
  `ascii_only()`): ✓ +, ✗ x, → >, ▸ >, █ #, ░ -, ○ o, ◷ ~, • *;
- the terminal stream is switched to that encoding with the `alnco-glyphs`
  error handler (`use_encoding()`), which turns whatever else cannot be
  encoded (Textual's borders, Welsh ŵ in a title) into ASCII of the same
  width: box lines - | +, blocks # |, letters without their accents.

What counts as "takes UTF-8": `ALNCO_ASCII=1` forces the fallback and
`ALNCO_ASCII=0` turns it off; otherwise the stream's own encoding (set by
PYTHONIOENCODING or the locale) if it is not UTF-8, else the first of LC_ALL,
LC_CTYPE and LANG that is set, as tmux decides (`C`, `POSIX` or a charset other
than UTF-8: the fallback). Python itself swaps a C locale for `C.UTF-8` in
LC_CTYPE; that value stands aside for LANG when LANG is set.
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache
from typing import Any, Mapping

ERRORS = "alnco-glyphs"

# alnco's own symbols and their ASCII stand-ins: one character each, so every
# layout measured for the symbol still fits.
SYMBOLS = {
    "✓": "+", "✔": "+", "✗": "x", "✘": "x", "→": ">", "▸": ">", "▶": ">", "►": ">",
    "←": "<", "◂": "<", "◀": "<", "↑": "^", "↓": "v", "▲": "^", "▼": "v",
    "█": "#", "░": "-", "▒": ":", "▓": "#", "○": "o", "●": "*", "•": "*", "◷": "~",
    "–": "-", "—": "-", "·": "-", "…": ".", "⏎": "<",
    "‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"',
    "▏": "|", "▎": "|", "▍": "|", "▌": "|", "▋": "|", "▊": "|", "▉": "#",
    "▐": "|", "▕": "|", "▀": "-", "▔": "-", "▄": "_", "▁": "_", "▂": "_", "▃": "_",
    "▅": "#", "▆": "#", "▇": "#",
}
_TABLE = str.maketrans(SYMBOLS)
_UNICODE_CODECS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                             "utf-32", "utf-32-le", "utf-32-be"})
_PYTHON_COERCED = frozenset({"C.UTF-8", "C.utf8", "UTF-8"})  # PEP 538's LC_CTYPE values
_YES = ("1", "yes", "on", "true")
_NO = ("0", "no", "off", "false")

_ascii = False


def set_ascii(on: bool) -> None:
    """Switch alnco's widgets to ASCII symbols (the app does this as it starts)."""
    global _ascii
    _ascii = bool(on)


def ascii_only() -> bool:
    return _ascii


def plain(text: str) -> str:
    """`text` with alnco's symbols in ASCII when the fallback is on (same width)."""
    return text.translate(_TABLE) if _ascii else text


def pick(fancy: str, simple: str) -> str:
    return simple if _ascii else fancy


# ------------------------------------------------------------------ detection
def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _is_unicode(name: str) -> bool:
    return _codec(name) in _UNICODE_CODECS


def locale_setting(environ: Mapping[str, str]) -> str | None:
    """The locale that decides the character set: the first of LC_ALL, LC_CTYPE, LANG."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        if name == "LC_CTYPE" and value in _PYTHON_COERCED and environ.get("LANG"):
            continue  # perhaps Python's own doing (PEP 538): LANG says what was set
        return value
    return None


def fallback_encoding(environ: Mapping[str, str], stream: Any = None) -> str | None:
    """None when the terminal takes UTF-8; else the encoding to write with
    (`ascii`, or the locale's own, e.g. `iso8859-1`, which keeps â ê î ô û)."""
    forced = environ.get("ALNCO_ASCII", "").strip().lower()
    if forced in _YES:
        return "ascii"
    if forced in _NO:
        return None
    encoding = getattr(stream, "encoding", None)
    if isinstance(encoding, str) and not _is_unicode(encoding):
        return _codec(encoding) or "ascii"
    setting = locale_setting(environ)
    if setting is None:
        return None  # nothing set at all: Python's (and most terminals') UTF-8
    charset = setting.partition(".")[2].partition("@")[0]
    if charset and _is_unicode(charset):
        return None
    codec = _codec(charset) if charset else None
    return codec if codec and codec not in _UNICODE_CODECS else "ascii"


# ------------------------------------------------------------------ the stream
@lru_cache(maxsize=4096)
def ascii_for(char: str) -> str:
    """An ASCII stand-in for `char` that takes the same number of cells."""
    if char in SYMBOLS:
        return SYMBOLS[char]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    name = unicodedata.name(char, "")
    if 0x2500 <= ord(char) <= 0x257F:  # box drawing
        return "-" if "HORIZONTAL" in name else "|" if "VERTICAL" in name else "+"
    if 0x2580 <= ord(char) <= 0x259F:  # block elements
        return "#"
    base = "".join(c for c in unicodedata.normalize("NFKD", char)
                   if c.isascii() and c.isprintable())
    if len(base) == 1 and not wide:
        return base  # ŵ w, ô o, é e
    return "??" if wide else "?"


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(ascii_for(c) for c in text), error.end


codecs.register_error(ERRORS, _handler)


def use_encoding(stream: Any, encoding: str) -> tuple[str, str] | None:
    """Write `stream` in `encoding`, anything it cannot take as ASCII of the same
    width; returns (encoding, errors) as they were, for `restore`, or None."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return None
    before = (stream.encoding, stream.errors)
    try:
        stream.flush()
        reconfigure(encoding=encoding, errors=ERRORS)
    except (ValueError, OSError, LookupError):
        return None
    return before


def restore(stream: Any, before: tuple[str, str] | None) -> None:
    if before is None:
        return
    try:
        stream.flush()
        stream.reconfigure(encoding=before[0], errors=before[1])
    except (ValueError, OSError, LookupError):
        pass
