"""The Welsh in cy.po uses the official terms and citation style, and `alnco doctor`
tells the record (ffeil gofnodion) from its entries (cofnodion)."""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

from alnco import i18n, numerals

PO = Path(i18n.__file__).with_name("locale") / "cy.po"
ROOT = Path(__file__).resolve().parents[2]
WELSH = i18n.read_po(PO)

# Official Welsh (DOMAIN.md, checked against primary sources): DDdY not DDY, Deddf ADY 2018
# not ADAT, OS 2021/401 (Cy. 130), rheoliad 29 not WSI 2021/401 reg 29; reg 29(g) is about
# school learning support workers (gweithwyr cymorth dysgu), not all support staff.
WRONG = {
    r"\bDDY\b": "darpariaeth ddysgu ychwanegol is DDdY",
    r"ADAT": "the Act is Deddf ADY 2018",
    r"WSI ": "Welsh cites OS 2021/401 (Cy. 130)",
    r"\breg\b": "Welsh cites rheoliad 29, not reg 29",
    r"\(W\. 130\)": "Welsh cites (Cy. 130)",
    r"ALNET": "the Act is Deddf ADY 2018",
    r"staff cymorth": "task (g) is gweithwyr cymorth dysgu",
}


@pytest.mark.parametrize("pattern, why", sorted(WRONG.items()))
def test_no_english_style_terms_in_welsh(pattern: str, why: str) -> None:
    bad = [(msgid, msgstr) for msgid, msgstr in WELSH.items() if re.search(pattern, msgstr)]
    assert not bad, f"{why}: {bad}"


def test_task_g_names_school_learning_support_workers() -> None:
    assert WELSH["Supervise and train school learning support workers"] == \
        "Goruchwylio a hyfforddi gweithwyr cymorth dysgu mewn ysgol"


@lru_cache(maxsize=None)
def _ngettext_msgids() -> frozenset[str]:
    found: set[str] = set()
    for folder in ("alnco", "store", "catalogue", "tui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and (
                        getattr(node.func, "id", None) == "ngettext"
                        or getattr(node.func, "attr", None) == "ngettext"):
                    found.update(a.value for a in node.args[:2]
                                 if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return frozenset(found)


def test_marked_nouns_are_known_and_only_in_ngettext_strings() -> None:
    plural_ids = _ngettext_msgids()
    known = {noun.cy for noun in numerals.NOUNS.values()} | set(numerals.NOUNS)
    marked = {msgid: msgstr for msgid, msgstr in WELSH.items() if "«" in msgstr}
    assert marked, "the ngettext strings that count nouns mark them"
    for msgid, msgstr in marked.items():
        assert msgid in plural_ids, f"«noun» works only in ngettext() strings: {msgid!r}"
        names = re.findall(r"«([^«»]+)»", msgstr)
        assert names and set(names) <= known, f"unknown noun in {msgstr!r}"
        assert msgstr.count("«") == msgstr.count("»") == len(names)


def test_ngettext_strings_that_count_entries_mark_the_noun() -> None:
    plural_ids = _ngettext_msgids()
    for msgid, msgstr in WELSH.items():
        if msgid in plural_ids and re.search(r"\{(n|count)\} (cofnod|modiwl|problem)",
                                                      msgstr):
            pytest.fail(f"mark the counted noun, e.g. {{n}} «cofnod»: {msgstr!r}")


def test_record_and_entry_are_told_apart() -> None:
    assert WELSH["record"] == "ffeil gofnodion"
    assert WELSH["Record: {path}"] == "Ffeil gofnodion: {path}"
    assert WELSH["entry {id} no longer exists"].startswith("nid yw cofnod {id}")
    # "the record ..." strings say ffeil gofnodion, never "y cofnod" for the whole file
    for msgid, msgstr in WELSH.items():
        if re.search(r"\bthe record\b", msgid) and "record store" not in msgid:
            assert "ffeil gofnodion" in msgstr, (msgid, msgstr)


@pytest.mark.parametrize("entries, expected", [(1, "1 cofnod"), (2, "2 gofnod"),
                                               (3, "3 chofnod"), (4, "4 cofnod")])
def test_welsh_doctor_never_says_cofnod_n_cofnod(alnco, entries: int, expected: str) -> None:
    for number in range(entries):
        assert alnco("log", "add", "--title", f"t{number}", "--hours", "1").returncode == 0
    result = alnco("--lang", "cy", "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"cofnod\s+\d+\s+\w*ofnod", result.stdout), result.stdout
    line = next(line for line in result.stdout.splitlines() if "fersiwn sgema" in line)
    assert "ffeil gofnodion" in line and f"{expected}, fersiwn sgema" in line, line
    english = alnco("--lang", "en", "doctor").stdout
    noun = "entry" if entries == 1 else "entries"
    assert f"{entries} {noun}, schema version" in english


def test_welsh_log_list_counts_entries(alnco) -> None:
    for number in range(2):
        alnco("log", "add", "--title", f"t{number}", "--hours", "1")
    assert "2 gofnod: cwblhawyd 2 awr, cynlluniwyd 0 awr" in alnco("--lang", "cy", "log",
                                                                   "list").stdout
    assert "2 entries: 2 h completed, 0 h planned" in alnco("log", "list").stdout
