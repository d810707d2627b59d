"""CSV for spreadsheets: BOM, INTERFACE.md columns, formula guard, numbers kept numeric."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from alnco.exports.cells import spreadsheet_text
from alnco.exports.csv_export import COLUMNS, render_csv, rows
from alnco.values import replace
from exports_helpers import HOSTILE, fixed_entries, fixed_profile, make_data
from exports_golden import check


class OneModule:
    def get(self, module_id):
        if module_id == "aln-code-essentials":
            return SimpleNamespace(provider="=Dysgu", title={"en": "ALN Code"}, summary={})
        return None


def parse(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_golden(data) -> None:
    check("entries.csv", render_csv(make_data(catalogue=OneModule())))


def test_header_is_exactly_the_interface_columns(data) -> None:
    text = render_csv(data).decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert COLUMNS == ("entry_id", "name", "ewc_number", "institution", "date", "module_id",
                       "title", "provider", "hours", "mode", "tasks", "status", "evidence",
                       "reflection")


def test_formula_like_text_is_neutralised_but_numbers_are_not(data) -> None:
    rows = parse(render_csv(make_data(catalogue=OneModule())))
    hostile = rows[1]
    assert hostile["title"] == "'" + HOSTILE.replace("\x1b", "\\x1b")
    assert "\x1b" not in render_csv(data).decode("utf-8")  # no live escape in the file
    assert hostile["mode"] == "'-face-to-face"
    assert hostile["evidence"] == "'@evil"
    assert hostile["reflection"] == "'+1 formula"
    assert rows[0]["provider"] == "'=Dysgu"
    assert [r["hours"] for r in rows] == ["1.5", "2", "6.25"]
    assert [r["date"] for r in rows] == ["2026-09-15", "2026-10-01", "2026-12-04"]


def test_tab_cr_and_lf_at_the_start_are_neutralised() -> None:
    from alnco.exports.cells import neutralise

    for text in ("\tx", "\rx", "\nx", "=1", "+1", "-1", "@x"):
        assert neutralise(text) == "'" + text
    for text in ("plain", "ŵ=1", "", " =1"):
        assert neutralise(text) == text


def test_welsh_letters_and_line_breaks_survive_a_round_trip(data) -> None:
    rows = parse(render_csv(data))
    assert rows[0]["title"] == "Cod ADY: hanfodion ŵ ŷ â"
    assert rows[0]["name"] == "Siân Ŵyn Jones"
    assert rows[0]["reflection"] == "Useful; line one\nline two"
    assert rows[0]["tasks"] == "a c"


_TEXT = st.text(alphabet=st.sampled_from(list("ab =+-@\t\r\nŵ\x1b\x85\x00\ue000")), max_size=6)


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, mode=_TEXT, evidence=_TEXT, reflection=_TEXT, module=_TEXT)
def test_the_fast_row_path_guards_exactly_like_cell_by_cell(title, mode, evidence,
                                                            reflection, module) -> None:
    entry = replace(fixed_entries()[0], title=title, mode=mode, evidence=evidence,
                     reflection=reflection, module_id=module or None)
    [row] = rows(make_data(entries=[entry]))
    cells = dict(zip(COLUMNS, row))
    for column, raw in (("title", title), ("mode", mode), ("evidence", evidence),
                        ("reflection", reflection), ("module_id", module)):
        assert cells[column] == spreadsheet_text(raw), column


def test_the_ewc_number_ends_with_the_invisible_text_mark(data) -> None:
    from alnco.exports.cells import TEXT_MARK

    rows = parse(render_csv(make_data(profile=fixed_profile(ewc_number="0123456"))))
    assert {r["ewc_number"] for r in rows} == {"0123456" + TEXT_MARK}
    assert parse(render_csv(make_data(profile=fixed_profile(ewc_number=""))))[0][
        "ewc_number"] == ""
