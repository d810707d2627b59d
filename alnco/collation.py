"""Alphabetical order for Welsh, where ch, dd, ff, ng, ll, ph, rh and th are
letters of their own: a b c ch d dd e f ff g ng h i j l ll m n o p ph r rh s t th
u w y. So "Cymraeg" comes before "Chwarae", and "Dysgu" before "Ddoe".

Digraphs are read greedily, the usual approximation: a few words where two
letters only happen to meet (Bangor's n-g, say) sort as if they were one
letter, as they do in most software that orders Welsh. Letters outside the
Welsh alphabet (k, q, v, x, z) keep their English places. Accents are ignored,
as in a Welsh dictionary (â sorts with a); give folded text or any text.
"""

from __future__ import annotations

import re
import unicodedata

ALPHABET = ("a", "b", "c", "ch", "d", "dd", "e", "f", "ff", "g", "ng", "h", "i", "j", "k",
            "l", "ll", "m", "n", "o", "p", "ph", "q", "r", "rh", "s", "t", "th", "u", "v",
            "w", "x", "y", "z")
# Each letter becomes one character above U+0100, in alphabet order, so that the
# key is a plain str: spaces, digits and punctuation still sort before letters.
_RANK = {letter: chr(0x100 + n) for n, letter in enumerate(ALPHABET)}
_DIGRAPHS = tuple((letter, _RANK[letter]) for letter in ALPHABET if len(letter) == 2)
_SINGLES = str.maketrans({letter: rank for letter, rank in _RANK.items() if len(letter) == 1})
_MARKS = re.compile("[\u0300-\u036f]")


def welsh_sort_key(text: str) -> str:
    """A key that puts `text` in Welsh alphabetical order (case and accents ignored)."""
    folded = text.casefold()
    if not folded.isascii():
        folded = _MARKS.sub("", unicodedata.normalize("NFKD", folded))
    # str.replace and str.translate run at C speed: the catalogue keys every
    # module's Welsh title this way (a regex with a callback took 10x as long).
    for digraph, rank in _DIGRAPHS:
        if digraph in folded:
            folded = folded.replace(digraph, rank)
    return folded.translate(_SINGLES)


def sort_key(text: str, language: str) -> str:
    """Alphabetical order for the interface language: Welsh, or else casefolded."""
    return welsh_sort_key(text) if language == "cy" else text.casefold()
