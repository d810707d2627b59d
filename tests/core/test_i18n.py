"""The translation seam: Welsh where translated, English otherwise, never a broken format."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from alnco import i18n

PO = Path(i18n.__file__).with_name("locale") / "cy.po"
ROOT = Path(__file__).resolve().parents[2]


def test_read_po_joins_lines_and_skips_fuzzy(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid "Hello"\nmsgstr "Helo"\n\n'
        'msgid ""\n"two "\n"lines"\nmsgstr ""\n"dwy "\n"linell"\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Dyfalu"\n\n'
        'msgid "Quote \\"q\\""\nmsgstr "Dyfyniad \\"q\\""\n',
        encoding="utf-8",
    )
    assert i18n.read_po(po) == {"Hello": "Helo", "two lines": "dwy linell",
                                'Quote "q"': 'Dyfyniad "q"'}


def test_language_resolution_order() -> None:
    assert i18n.resolve_language("cy", {"ALNCO_LANG": "en"}) == "cy"
    assert i18n.resolve_language(None, {"ALNCO_LANG": "cy", "LANG": "en_GB.UTF-8"}) == "cy"
    assert i18n.resolve_language(None, {"LANG": "cy_GB.UTF-8"}) == "cy"
    assert i18n.resolve_language(None, {"LC_ALL": "en_GB.UTF-8", "LANG": "cy_GB"}) == "en"
    assert i18n.resolve_language(None, {}) == "en"


def test_switching_language_translates_and_falls_back() -> None:
    try:
        i18n.set_language("cy")
        assert i18n._("Profile saved.") == "Proffil wedi'i gadw."
        assert i18n._("A string nobody translated") == "A string nobody translated"
    finally:
        i18n.set_language("en")
    assert i18n._("Profile saved.") == "Profile saved."


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("msgid, msgstr", sorted(i18n.read_po(PO).items()))
def test_welsh_translation_keeps_the_placeholders(msgid: str, msgstr: str) -> None:
    assert _fields(msgid) == _fields(msgstr)


def test_every_translated_string_is_still_used_in_the_code() -> None:
    # Every string literal in the code, however quoted (also inside f-strings,
    # e.g. f"<h2>{_('Progress')}</h2>"), with implicit concatenation joined by ast.
    literals = {node.value for folder in ("alnco", "store", "catalogue", "tui")
                for p in (ROOT / folder).rglob("*.py")
                for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    stale = [m for m in i18n.read_po(PO) if m not in literals]
    assert not stale, f"translations for strings the code no longer has: {stale}"
