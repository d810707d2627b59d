"""Search over the catalogue, fast enough to run on every keystroke.

Every module's English and Welsh text is folded once, before the first
search: case-folded, accents removed (so `ŵ` and `w` are the same letter). A
query is folded the same way and split into words; a module matches when every
word appears somewhere in its titles, summaries, themes, provider (each in
English and Welsh) or id (a word may be part of a longer one: `datblygu` finds
`ddatblygu`). Modules whose title holds the whole query rank first, then those
whose title holds every word.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from alnco.catalogue.model import Module

_NOT_WORD = re.compile(r"[\W_]+")
# The combining-mark blocks NFKD splits accents into (ŵ -> w + U+0302), removed
# with one regex so folding runs at C speed.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_letters(text: str) -> str:
    """Lower-case and accent-free; punctuation kept (enough for matching whole words)."""
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold()


_ASCII_PUNCTUATION = str.maketrans({c: " " for c in map(chr, range(128))
                                    if not c.isalnum()})


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation as single spaces: `Cynllun Datblygu'r ŵyl`."""
    text = fold_letters(text)
    if text.isascii():  # the common case, at C speed
        return " ".join(text.translate(_ASCII_PUNCTUATION).split())
    return " ".join(_NOT_WORD.sub(" ", text).split())


_fold_cached = lru_cache(maxsize=4096)(fold)  # themes and providers repeat across modules


@dataclass(frozen=True, slots=True)
class Indexed:
    """A module with its folded text, ready to match."""

    module: Module
    title: str      # folded en + cy titles
    text: str       # folded titles, summaries, themes, providers and id
    themes: tuple[str, ...]     # folded, English then Welsh, for --theme
    providers: tuple[str, ...]  # folded, English then Welsh (if any), for --provider
    sort_en: str    # folded English title, for ordering
    sort_cy: str    # folded Welsh title (English if none); ordered by welsh_sort_key


def index_entry(module: Module) -> Indexed:
    # Query words never hold punctuation, so the long text needs only letters folded;
    # titles are folded fully because a whole query phrase is looked for in them.
    titles = {lang: fold(text) for lang, text in module.title.items()}
    title = " | ".join(titles.values())
    themes = tuple(_fold_cached(theme) for theme in module.themes)
    providers = (_fold_cached(module.provider),)
    # Welsh names, once each: one may fold to the English (Dysgu is Dysgu in both).
    if module.themes_cy:
        themes = tuple(dict.fromkeys((*themes, *(_fold_cached(t) for t in module.themes_cy
                                                 if t))))
    if module.provider_cy:
        providers = tuple(dict.fromkeys((*providers, _fold_cached(module.provider_cy))))
    summary = fold_letters(" | ".join(module.summary.values()))
    text = " | ".join((title, summary, " | ".join(themes), " | ".join(providers), module.id))
    sort_en = titles.get("en", module.id)
    return Indexed(module, f" {title} ", f" {text} ", themes, providers,
                   sort_en, titles.get("cy", sort_en))


def _mask(positions: list[int], size: int) -> int:
    """A bit set (as a Python int) with the given positions set."""
    if len(positions) == 1:
        return 1 << positions[0]
    if len(positions) < 16:
        return sum(1 << i for i in positions)
    bits = bytearray(size // 8 + 1)
    for i in positions:
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


def _positions(mask: int) -> list[int]:
    """The set positions of a bit set, in increasing order."""
    return [i for i, bit in enumerate(bin(mask)[:1:-1]) if bit == "1"]


COMMON = 1500  # a word in more vocabulary tokens than this is looked for by scanning
_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


class TokenIndex:
    """Which entries hold each word-piece, as bit sets, so a query never rescans text.

    A query word matches an entry when it occurs inside any whitespace-separated
    token of the entry's text (query words hold no spaces or punctuation), so
    the entries for a word are the union of the bit sets of the tokens that
    contain it. Scanning the vocabulary is far less work than scanning every
    summary; words seen before (typing extends the last word) are cached.
    """

    def __init__(self, texts: list[str]):
        postings: dict[str, list[int]] = {}
        get = postings.get
        for i, text in enumerate(texts):
            for token in set(text.split()):
                ids = get(token)
                if ids is None:
                    postings[token] = [i]
                else:
                    ids.append(i)
        size = len(texts)
        self.texts = texts
        self.masks = {token: _mask(ids, size) for token, ids in postings.items()}
        self.tokens = list(self.masks)
        # The vocabulary as one string, so a rare word is found at C speed.
        self._joined = "\n".join(self.tokens)
        self._starts = list(accumulate((len(t) + 1 for t in self.tokens), initial=0))
        self._tokens_for: dict[str, list[str]] = {}
        self._mask_for: dict[str, int] = {}

    def having(self, word: str) -> int:
        """The bit set of texts that hold `word`."""
        mask = self._mask_for.get(word)
        if mask is not None:
            return mask
        # Typing extends a word one letter at a time: look only among the tokens
        # that held the word without its last letter.
        pool = self._tokens_for.get(word[:-1])
        tokens: list[str] | None = None
        if pool is not None:
            tokens = [t for t in pool if word in t]
        elif self._joined.count(word) <= COMMON:
            tokens = self._containing(word)
        if tokens is None or len(tokens) > COMMON:
            # A piece as common as one letter: combining hundreds of bit sets costs
            # more than scanning the texts, where it is found near the start.
            mask = self._scan(word)
        else:
            mask = 0
            masks = self.masks
            for token in tokens:
                mask |= masks[token]
        if len(self._mask_for) > 512:  # a bounded cache: forget everything at once
            self.clear_cache()
        if tokens is not None:
            self._tokens_for[word] = tokens
        self._mask_for[word] = mask
        return mask

    def _scan(self, word: str) -> int:
        flags = bytes([word in text for text in self.texts])  # b"\x01\x00..." per text
        return int(flags.translate(_AS_DIGITS)[::-1] or b"0", 2)

    def _containing(self, word: str) -> list[str]:
        """Every vocabulary token holding `word` (which is not a common piece)."""
        joined, tokens, starts, found = self._joined, self.tokens, self._starts, []
        at = joined.find(word)
        while at != -1:
            k = bisect_right(starts, at) - 1
            found.append(tokens[k])
            at = joined.find(word, starts[k + 1])
        return found

    def clear_cache(self) -> None:
        self._mask_for.clear()
        self._tokens_for.clear()


def _group(values: list[tuple[str, ...]]) -> dict[str, int]:
    """value -> bit set of the entries having it."""
    positions: dict[str, list[int]] = {}
    for i, held in enumerate(values):
        for value in set(held):  # once per entry, or its bit would be added twice
            positions.setdefault(value, []).append(i)
    return {value: _mask(ids, len(values)) for value, ids in positions.items()}


class View:
    """The browsable entries in title order, indexed for search and filters."""

    def __init__(self, entries: list[Indexed]):
        self.entries = entries
        self.titles = [e.title for e in entries]
        self.text_index = TokenIndex([e.text for e in entries])
        self.title_index = TokenIndex(self.titles)
        modules = [e.module for e in entries]
        self.modules = modules
        self.everything = (1 << len(entries)) - 1
        self.by_task = _group([m.tasks for m in modules])
        self.by_mode = _group([(m.mode,) for m in modules])
        self.by_level = _group([(m.level,) for m in modules])
        self.by_language = _group([m.languages for m in modules])
        self.by_theme = _group([e.themes for e in entries])
        self.by_provider = _group([e.providers for e in entries])

    def filter_mask(self, *, task: str | None = None, theme: str | None = None,
                    provider: str | None = None, language: str | None = None,
                    mode: str | None = None, level: str | None = None) -> int:
        mask = self.everything
        if task:
            mask &= self.by_task.get(task.lower(), 0)
        if mode:
            mask &= self.by_mode.get(mode, 0)
        if level:
            mask &= self.by_level.get(level, 0)
        if language:
            for code in (("en", "cy") if language == "bilingual" else (language,)):
                mask &= self.by_language.get(code, 0)
        # Part of a name, in English or Welsh, is enough: `medium` finds `Welsh-medium`
        # and `llywodraeth` finds the Welsh Government's modules.
        if theme:
            wanted = fold(theme)
            mask &= _any_containing(self.by_theme, wanted)
        if provider:
            mask &= _any_containing(self.by_provider, fold(provider))
        return mask


def _any_containing(groups: dict[str, int], wanted: str) -> int:
    found = 0
    for value, mask in groups.items():
        if wanted in value:
            found |= mask
    return found


def rank(view: View, query: str, **filters: str | None) -> list[Module]:
    """Matching modules: whole phrase in a title, then every word in a title, then the rest.

    The view is in title order, and each group keeps that order.
    """
    words = fold(query).split()
    wanted = view.filter_mask(**filters) if any(filters.values()) else view.everything
    modules = view.modules
    if not words:
        if wanted == view.everything:
            return list(modules)
        return [modules[i] for i in _positions(wanted)]
    found = wanted
    for word in words:
        found &= view.text_index.having(word)
        if not found:
            return []
    in_titles = found
    for word in words:
        in_titles &= view.title_index.having(word)
    titles = view.titles
    padded = " " + " ".join(words)
    title_hits = _positions(in_titles)
    order = [i for i in title_hits if padded in titles[i]]
    order += [i for i in title_hits if padded not in titles[i]]
    order += _positions(found & ~in_titles)
    return [modules[i] for i in order]
