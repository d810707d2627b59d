"""JSON as alnco reads and writes its files: the standard library's `json`, held
to what a record can safely contain.

Why not orjson: importing it costs about 10 ms (it imports dataclasses, inspect,
uuid and json itself), more than everything `alnco status --short` does with a
200-entry record; stdlib json parses that record in 0.3 ms and writes it in
0.5 ms, against an fsync of several. Why not plain `json.loads`: it accepts what
no alnco file may hold and what could not be written back: `NaN` and
`Infinity`, `1e400` (infinity), escaped lone surrogates (`"\\udc00"`, which no
UTF-8 file can store), bytes that are not UTF-8 (it guesses UTF-16 and 32), and
it raises RecursionError, not ValueError, on deeply nested input. `loads`
refuses all of these with a ValueError; tests/core/test_strict_json.py checks it
against orjson on generated documents.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# `\uD800` to `\uDFFF` as an escape: the only way a parsed string can hold a
# surrogate, once the bytes have been decoded as strict UTF-8.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"number out of range: {text[:40]}")
    return number


_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_constant=_refuse_constant)
_NUMBERS_DECODER = json.JSONDecoder()


def loads(raw: bytes, *, allow_nan: bool = False) -> Any:
    """The value in `raw` (UTF-8 JSON); ValueError, with a reason, for anything else.

    `allow_nan` reads NaN, Infinity and overflowing numbers as floats: for a file
    another program wrote, whose reader then names the entry and the bad value.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from None
    try:
        value = (_NUMBERS_DECODER if allow_nan else _DECODER).decode(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if _SURROGATE_ESCAPE.search(raw):
        try:  # pairs make one character and are fine; a lone half cannot be written
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("a string holds half of a surrogate pair") from None
    return value


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON: byte for byte what orjson.dumps wrote for a record (only
    floats below 1e-4, which no record holds, are spelt differently: 1e-05)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")
