"""alnco reads and writes its files with stdlib json held to orjson's strictness
(alnco.strict_json): what it accepts, refuses and writes is checked against
orjson, the reader alnco used before, on generated documents and on the inputs
where plain json and orjson disagree."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alnco import strict_json

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**64 - 1) | TEXT
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f == 0 or abs(f) > 1e-4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_writes_what_orjson_writes_and_reads_it_back(value: object) -> None:
    written = strict_json.dumps(value)
    assert written == orjson.dumps(value)
    assert strict_json.loads(written) == orjson.loads(written)


# Bytes made of JSON's own pieces, so that most are almost-JSON: both readers
# must agree on every one (same value, or both refuse).
PIECES = st.sampled_from([b"{", b"}", b"[", b"]", b",", b":", b'"a"', b'"\\u00e9"', b"1",
                          b"-0", b"1.5e3", b"true", b"null", b" ", b'"\\ud83d\\ude00"',
                          b'"\xc3\xa9"', b"\xff", b'"\\n"', b"0x1", b"01", b'"\t"'])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=12).map(b"".join))
def test_reads_almost_json_exactly_as_orjson_does(raw: bytes) -> None:
    try:
        expected = orjson.loads(raw)
    except orjson.JSONDecodeError:
        with pytest.raises(ValueError):
            strict_json.loads(raw)
    else:
        assert strict_json.loads(raw) == expected


@pytest.mark.parametrize("raw", [
    b"NaN", b"[Infinity]", b'{"hours": -Infinity}', b"1e400", b"[-1e999]",
    b'"\\ud800"', b'{"title": "\\uDC00x"}', b'["\\ud83d"]',
    b"\xef\xbb\xbf{}", b'"\xed\xa0\x80"', b"\xff\xfe{\x00}\x00", b"[" * 100_000,
], ids=["NaN", "Infinity", "-Infinity", "overflow", "negative overflow", "lone high",
        "lone low", "half a pair", "byte-order mark", "encoded surrogate", "UTF-16",
        "nested 100,000 deep"])
def test_refuses_what_plain_json_accepts_but_no_record_may_hold(raw: bytes) -> None:
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(raw)
    with pytest.raises(ValueError):
        strict_json.loads(raw)


def test_a_surrogate_pair_escape_reads_as_one_character() -> None:
    assert strict_json.loads(b'["\\ud83d\\ude00", "\\\\ud800"]') == ["\U0001F600", "\\ud800"]


def test_integers_beyond_64_bits_stay_exact() -> None:
    """The one deliberate difference: orjson reads them as floats (losing digits)."""
    assert strict_json.loads(b"[18446744073709551616]") == [2**64]
    assert json.loads(strict_json.dumps([2**64])) == [2**64]


def test_a_reader_that_names_bad_numbers_itself_may_read_them() -> None:
    [nan, inf, big] = strict_json.loads(b"[NaN, Infinity, 1e400]", allow_nan=True)
    assert nan != nan and inf == big == float("inf")
    with pytest.raises(ValueError):
        strict_json.loads(b'["\\udc00"]', allow_nan=True)
