"""Fewer bytes to the terminal for the same picture: what a slow SSH link carries.

Textual writes every run of one style as `ESC[<whole style>m text ESC[0m`, so
a repainted row of a list costs about twice its text in colour codes (a search
keystroke that changes the results repaints ten rows and the detail pane:
3.7 kB at 80x24, over half of it style codes). `compact_sgr` rewrites a frame
so that a style is set only when text is drawn in it, and then by its change
from the style already in force (`ESC[38;2;224;224;224m` rather than a reset
and the whole style again); a run of spaces keeps the text colour in force, as
a space shows none (unless underlined, struck through or reversed). Every
character looks exactly as it did, and each write ends in the style the
original ended in.

Anything it does not know (a colour it cannot parse, an escape sequence that
may depend on the current style, such as an erase or a newline that scrolls)
makes it write the style in force first, or leave the write as it was: never
guess. `compact_driver` wraps Textual's driver class so that every frame goes
through it (a real terminal only; the tests' headless driver writes nothing).
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(
    r"\x1b\[(?P<sgr>[0-?]*)m"  # select graphic rendition (style)
    r"|(?P<move>\x1b\[[0-9;]*[HfABCDGd])"  # cursor positioning: draws nothing
    r"|(?P<mode>\x1b\[\?[0-9;]*[hl])"  # private modes (sync, cursor shown): no drawing
    r"|(?P<esc>\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|.))"
    r"|(?P<text>[^\x1b]+)",
    re.DOTALL,
)

_PARAMS = re.compile(r"[0-9;]*")

# attribute on -> the code that turns it off (bold and dim share 22)
_OFF = {1: 22, 2: 22, 3: 23, 4: 24, 21: 24, 5: 25, 6: 25, 7: 27, 8: 28, 9: 29, 53: 55}
_CLEARS = {22: (1, 2), 23: (3,), 24: (4, 21), 25: (5, 6), 27: (7,), 28: (8,), 29: (9,),
           55: (53,)}

State = tuple  # (frozenset of attribute codes, fg params or None, bg params or None)
DEFAULT: State = (frozenset(), None, None)


class Unknown(ValueError):
    """A style code this module does not model: the write is left alone."""


def apply_sgr(state: State, params: str) -> State:
    """The style after `ESC[<params>m` in `state`."""
    if not _PARAMS.fullmatch(params):  # sub-parameters (4:3), private markers
        raise Unknown(params)
    attrs, fg, bg = set(state[0]), state[1], state[2]
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        code = codes[i]
        if code == 0:
            attrs, fg, bg = set(), None, None
        elif code in _OFF:
            attrs.add(code)
        elif code in _CLEARS:
            attrs.difference_update(_CLEARS[code])
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = (code,)
        elif code == 39:
            fg = None
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = (code,)
        elif code == 49:
            bg = None
        elif code in (38, 48):
            kind = codes[i + 1] if i + 1 < len(codes) else None
            size = {5: 2, 2: 4}.get(kind) if kind is not None else None
            if size is None or i + size >= len(codes):
                raise Unknown(params)
            colour = tuple(codes[i:i + size + 1])
            if code == 38:
                fg = colour
            else:
                bg = colour
            i += size
        else:
            raise Unknown(params)
        i += 1
    return frozenset(attrs), fg, bg


def _codes(state: State) -> list[str]:
    attrs, fg, bg = state
    codes = [str(a) for a in sorted(attrs)]
    if fg is not None:
        codes.append(";".join(map(str, fg)))
    if bg is not None:
        codes.append(";".join(map(str, bg)))
    return codes


def transition(have: State, want: State) -> str:
    """The shortest `ESC[...m` that turns style `have` into `want` ("" if equal)."""
    if have == want:
        return ""
    if want == DEFAULT:
        return "\x1b[0m"
    full = "\x1b[" + ";".join(["0", *_codes(want)]) + "m"
    off = {_OFF[a] for a in have[0] - want[0]}
    # 22 turns off bold and dim together: put back whichever is still wanted
    back = {a for a in want[0] & have[0] if 22 in off and a in (1, 2)}
    codes = [str(c) for c in sorted(off)]
    codes += [str(a) for a in sorted((want[0] - have[0]) | back)]
    if want[1] != have[1]:
        codes.append("39" if want[1] is None else ";".join(map(str, want[1])))
    if want[2] != have[2]:
        codes.append("49" if want[2] is None else ";".join(map(str, want[2])))
    delta = "\x1b[" + ";".join(codes) + "m"
    return delta if len(delta) < len(full) else full


def compact_sgr(data: str) -> str:
    """`data` (a frame as Textual writes it, starting in the default style) with
    each style set only where text is drawn, by its change from the last one."""
    if "\x1b[0m" not in data:
        return data
    out: list[str] = []
    emit = out.append
    have = want = DEFAULT
    try:
        for match in _TOKEN.finditer(data):
            kind = match.lastgroup
            if kind == "sgr":
                want = apply_sgr(want, match.group("sgr"))
                continue
            if kind not in ("move", "mode"):  # text, or a sequence that may use the style
                target = want
                if kind == "text" and have[1] != want[1] and _blank(match.group(0), want):
                    keep = (want[0], have[1], want[2])  # a blank shows no text colour
                    if len(transition(have, keep)) < len(transition(have, want)):
                        target = keep
                if have != target:
                    emit(transition(have, target))
                    have = target
            emit(match.group(0))
    except Unknown:
        return data
    if want != DEFAULT:  # Textual ends each frame with a reset; anything else is left alone
        return data
    if have != want:
        emit(transition(have, want))
    return "".join(out)


# attributes that draw in the text colour even on a space: underline, reverse,
# strike-through, overline (and double underline)
_INK_ON_BLANKS = frozenset({4, 7, 9, 21, 53})


def _blank(text: str, style: State) -> bool:
    """Only spaces, in a style in which a space shows no text colour."""
    return not text.strip(" ") and not (style[0] & _INK_ON_BLANKS)


_DRIVERS: dict[type, type] = {}


def compact_driver(base: type) -> type:
    """A subclass of Textual driver class `base` whose writes go through `compact_sgr`."""
    if base not in _DRIVERS:
        def write(self: Any, data: str) -> None:
            base.write(self, compact_sgr(data))

        _DRIVERS[base] = type("Compact" + base.__name__, (base,), {
            "write": write, "__doc__": "Textual's driver, writing fewer style codes."})
    return _DRIVERS[base]
