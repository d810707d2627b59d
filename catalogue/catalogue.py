"""The merged catalogue every command, the progress engine and the TUI read."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from alnco.catalogue.model import Module
from alnco.catalogue.search import View, index_entry, rank
from alnco.collation import welsh_sort_key


class Catalogue:
    """Modules by id (withdrawn ones included, so old entries keep their titles).

    The folded search text is built once (see `prepare`), so every keystroke's
    search only compares strings.
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
        self.warnings: list[str] = []  # one line per damaged layer file, for people
        self.files: dict[str, str] = files or {}            # module id -> file it came from
        self.overrides: dict[str, tuple[str, ...]] = overrides or {}  # id -> layers it replaced
        self._order: dict[str, list] | None = None
        self._views: dict[tuple[date, str], View] = {}

    @classmethod
    def from_modules(cls, modules: Iterable[Module]) -> "Catalogue":
        """A catalogue from ready-made modules (later ones win on a shared id)."""
        return cls({module.id: module for module in modules})

    def __len__(self) -> int:
        return len(self.modules)

    def get(self, module_id: str) -> Module | None:
        return self.modules.get(module_id)

    def prepare(self, today: date | None = None, language: str = "en") -> "Catalogue":
        """Fold every module's text and, given `today`, index what is browsable.

        Done once, on first use, so commands that only look a module up never
        pay for it. The TUI can call `prepare(today, language)` right after
        loading (then `gc.freeze()`) so the first keystroke is as fast as the rest.
        """
        if today is not None:
            self._view(today, language)
        if self._order is None:
            entries = [index_entry(module) for module in self.modules.values()]
            self._order = {"en": sorted(entries, key=lambda e: (e.sort_en, e.module.id))}
        return self

    def _ordered(self, language: str) -> list:
        """Every indexed module by title: English order, or Welsh alphabetical order
        (ch after c, ll after l), worked out the first time Welsh is asked for."""
        order = self.prepare()._order
        assert order is not None
        if language not in order:
            order[language] = sorted(order["en"], key=lambda e: (welsh_sort_key(e.sort_cy),
                                                                 e.module.id))
        return order[language]

    def _view(self, today: date, language: str) -> View:
        key = (today, "cy" if language == "cy" else "en")
        view = self._views.get(key)
        if view is None:
            view = View([e for e in self._ordered(key[1]) if e.module.is_available(today)])
            if len(self._views) >= 4:  # a day or two, in both languages, is plenty
                self._views.clear()
            self._views[key] = view
        return view

    def clear_search_cache(self) -> None:
        """Forget cached word look-ups (benchmarks use it to time cold queries)."""
        for view in self._views.values():
            view.text_index.clear_cache()
            view.title_index.clear_cache()

    def available(self, today: date, *, language: str = "en") -> list[Module]:
        """What can be browsed today (released, not withdrawn), sorted by title."""
        return [e.module for e in self._view(today, language).entries]

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
        return rank(self._view(today, sort_language), query, task=task, theme=theme,
                    provider=provider, language=language, mode=mode, level=level)
