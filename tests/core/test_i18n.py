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


def _reference_read_po(path: Path) -> dict[str, str]:
    """The .po reader alnco had before it matched whole entries (line by line, every
    string through ast.literal_eval): what i18n.read_po must still read."""
    messages: dict[str, str] = {}
    msgid = msgstr = current = None
    fuzzy = False

    def flush() -> None:
        if msgid is not None and msgstr is not None and not fuzzy:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value:
                messages[key] = value

    for line in [raw.strip() for raw in path.read_text(encoding="utf-8").splitlines()] + [""]:
        if not line:
            flush()
            msgid = msgstr = current = None
            fuzzy = False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            flush()
            msgid, msgstr = [ast.literal_eval(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
    return messages


def test_read_po_reads_the_welsh_catalogue_as_a_line_by_line_reader_does() -> None:
    welsh = i18n.read_po(PO)
    assert welsh == _reference_read_po(PO) and len(welsh) > 1000


def test_read_po_reads_every_escape_comment_and_layout_alike(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_bytes(
        b'# header comment\r\nmsgid ""\r\nmsgstr ""\r\n"Language: cy\\n"\r\n\r\n'
        b'#: alnco/cli.py:12\n#. a note\nmsgid "Tab\\there"\nmsgstr "Tab\\tyma"\n\n'
        b'  msgid "Indented"  \n  msgstr "Mewnoliad"\n\n'
        b'msgid "Back\\\\slash \\u0175"\nmsgstr "Slaes \\\\ \\u0175 \\x41"\n\n'
        b'msgid "Untranslated"\nmsgstr ""\n\n'
        b'#, python-format, fuzzy\nmsgid "Guess"\nmsgstr "Dyfalu"\n\n'
        b'#~ msgid "Obsolete"\n#~ msgstr "Hen"\n\n'
        b'msgid "Last"\nmsgstr ""\n"Olaf"')
    expected = {"Tab\there": "Tab\tyma", "Indented": "Mewnoliad",
                "Back\\slash \u0175": "Slaes \\ \u0175 A", "Last": "Olaf"}
    assert i18n.read_po(po) == _reference_read_po(po) == expected


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
