"""The merged catalogue every command, the progress engine and the TUI read."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from alnco.catalogue.model import Module
from alnco.catalogue.search import Entry, index_entry, rank


class Catalogue:
    """Modules by id (withdrawn ones included, so old entries keep their titles).

    The folded search text is built here, once, so every keystroke's search
    only compares strings.
    """

    def __init__(
        self,
        modules: dict[str, Module],
        problems: Iterable[object] = (),
        *,
        files: dict[str, str] | None = None,
        overrides: dict[str, tuple[str, ...]] | None = None,
    ):
        self.modules: dict[str, Module] = modules
        self.problems: list = list(problems)
        self.files: dict[str, str] = files or {}            # module id -> file it came from
        self.overrides: dict[str, tuple[str, ...]] = overrides or {}  # id -> layers it replaced
        entries = [index_entry(module) for module in modules.values()]
        self._order = {
            "en": sorted(entries, key=lambda e: (e.sort_en, e.module.id)),
            "cy": sorted(entries, key=lambda e: (e.sort_cy, e.module.id)),
        }
        self._available: dict[tuple[date, str], list[Entry]] = {}

    @classmethod
    def from_modules(cls, modules: Iterable[Module]) -> "Catalogue":
        """A catalogue from ready-made modules (later ones win on a shared id)."""
        return cls({module.id: module for module in modules})

    def __len__(self) -> int:
        return len(self.modules)

    def get(self, module_id: str) -> Module | None:
        return self.modules.get(module_id)

    def _browsable(self, today: date, language: str) -> list[Entry]:
        key = (today, "cy" if language == "cy" else "en")
        cached = self._available.get(key)
        if cached is None:
            cached = [e for e in self._order[key[1]] if e.module.is_available(today)]
            self._available = {key: cached}  # one day and language at a time is plenty
        return cached

    def available(self, today: date, *, language: str = "en") -> list[Module]:
        """What can be browsed today (released, not withdrawn), sorted by title."""
        return [e.module for e in self._browsable(today, language)]

    def search(
        self,
        query: str = "",
        *,
        today: date,
        task: str | None = None,
        theme: str | None = None,
        provider: str | None = None,
        language: str | None = None,
        mode: str | None = None,
        level: str | None = None,
        sort_language: str = "en",
    ) -> list[Module]:
        """Browsable modules matching `query` and the filters; title matches first.

        `language` filters on the language a module is offered in (en, cy or
        bilingual); `sort_language` is the title language to order by.
        """
        return rank(self._browsable(today, sort_language), query, task=task, theme=theme,
                    provider=provider, language=language, mode=mode, level=level)
