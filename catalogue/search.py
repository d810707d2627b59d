"""Search over the catalogue, fast enough to run on every keystroke.

Every module's English and Welsh text is folded once, when the catalogue is
loaded: case-folded, accents removed (so `ŵ` and `w` are the same letter) and
punctuation turned into spaces. A query is folded the same way and split into
words; a module matches when every word appears somewhere in its text. Modules
whose title holds the words rank first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from alnco.catalogue.model import Module

_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation as single spaces: `Cynllun Datblygu'r ŵyl`."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", text.casefold()).strip()


@dataclass(frozen=True, slots=True)
class Entry:
    """A module with its folded text, ready to match."""

    module: Module
    title: str      # folded en + cy titles
    text: str       # folded titles, summaries, themes, provider and id
    themes: tuple[str, ...]
    provider: str
    sort_en: str    # folded English title, for ordering
    sort_cy: str    # folded Welsh title (English if none)


def index_entry(module: Module) -> Entry:
    title = fold(" | ".join(module.title.values()))
    summary = fold(" | ".join(module.summary.values()))
    themes = tuple(fold(theme) for theme in module.themes)
    provider = fold(module.provider)
    text = " | ".join((title, summary, " | ".join(themes), provider, fold(module.id)))
    return Entry(module, f" {title} ", f" {text} ", themes, provider,
                 fold(module.title_in("en")), fold(module.title_in("cy")))


def matches_filters(
    entry: Entry, *, task: str | None, theme: str | None, provider: str | None,
    language: str | None, mode: str | None, level: str | None,
) -> bool:
    module = entry.module
    if task and task.lower() not in module.tasks:
        return False
    if mode and module.mode != mode:
        return False
    if level and module.level != level:
        return False
    if language:
        wanted = ("en", "cy") if language == "bilingual" else (language,)
        if not all(lang in module.languages for lang in wanted):
            return False
    if theme and not any(theme in candidate for candidate in entry.themes):
        return False
    return not (provider and provider not in entry.provider)


def rank(entries: Iterable[Entry], query: str, **filters: str | None) -> list[Module]:
    """Matching modules: whole phrase in a title, then every word in a title, then the rest.

    `entries` come already in title order, and each bucket keeps that order.
    """
    phrase = fold(query)
    words: Sequence[str] = phrase.split()
    theme, provider = filters.get("theme"), filters.get("provider")
    folded_filters = dict(filters, theme=fold(theme) if theme else None,
                          provider=fold(provider) if provider else None)
    any_filter = any(folded_filters.values())
    buckets: tuple[list[Entry], list[Entry], list[Entry]] = ([], [], [])
    padded = f" {phrase}"
    for entry in entries:
        if any_filter and not matches_filters(entry, **folded_filters):
            continue
        if not words:
            buckets[0].append(entry)
            continue
        text = entry.text
        if not all(word in text for word in words):
            continue
        title = entry.title
        if padded in title:
            buckets[0].append(entry)
        elif all(word in title for word in words):
            buckets[1].append(entry)
        else:
            buckets[2].append(entry)
    out: list[Module] = []
    for bucket in buckets:
        out.extend(e.module for e in bucket)
    return out
