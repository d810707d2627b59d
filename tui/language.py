"""Switching the interface language while the app runs.

Binding descriptions are class attributes written in English (marked with
`N_` so gettext extraction finds them). When the language changes, every
DOM class's merged bindings and every live node's bindings are replaced with
translated copies, so footers and help re-render in the new language;
screens then recompose their own text through `_()`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from alnco.i18n import _, current_language

# Every translation made, mapped back to its English source, so a second
# switch (cy -> en, en -> cy -> en) always starts from the English text.
_ENGLISH: dict[tuple[tuple[str, str], str], str] = {}
# The language the class-level bindings are in now: they outlive any one app.
_classes_language = "en"


def N_(message: str) -> str:
    """Mark `message` for translation where `_()` cannot run yet (class bodies)."""
    return message


def _tr(text: str, where: tuple[str, str]) -> str:
    """Translate `text` from its English source. `where` (key, action) keeps two
    English texts that share one translation ("Log", "Log as done" -> "Cofnodi")
    from coming back as each other."""
    if not text:
        return text
    english = _ENGLISH.get((where, text), text)
    translated = _(english)
    _ENGLISH[(where, translated)] = english
    return translated


def _translated(source: BindingsMap) -> BindingsMap:
    keys: dict[str, list[Binding]] = {
        key: [
            replace(binding,
                    description=_tr(binding.description, (binding.key, binding.action)),
                    tooltip=_tr(binding.tooltip, (binding.key, binding.action)))
            for binding in bindings
        ]
        for key, bindings in source.key_to_bindings.items()
    }
    return BindingsMap.from_keys(keys)


def _all_classes(root: type = DOMNode) -> Iterable[type]:
    for sub in root.__subclasses__():
        yield sub
        yield from _all_classes(sub)


def translate_class(cls: type) -> None:
    """Give `cls` (and so its future instances) bindings in the current language."""
    merged = cls.__dict__.get("_merged_bindings")
    if merged is not None:
        cls._merged_bindings = _translated(merged)


def translate_node(node: DOMNode) -> None:
    """Translate one live node's bindings in place (keeping any added at run time)."""
    node._bindings = _translated(node._bindings)


def classes_out_of_date() -> bool:
    """True when class bindings were left in another language (by an earlier app)."""
    return _classes_language != current_language()


def retranslate(app: DOMNode, screens: Iterable[DOMNode]) -> None:
    """Translate every class's bindings and every node of `screens` and the app."""
    global _classes_language
    for cls in set(_all_classes()):
        translate_class(cls)
    _classes_language = current_language()
    translate_node(app)
    for screen in screens:
        translate_node(screen)
        for node in screen.walk_children(with_self=False):
            translate_node(node)
