"""Welsh alphabetical order: digraphs are letters, accents are ignored."""

from __future__ import annotations

from alnco.collation import sort_key, welsh_sort_key


def test_digraphs_sort_after_their_first_letter() -> None:
    words = ["Chwarae", "Cymraeg", "Ddoe", "Dysgu", "Llanelli", "Lonydd", "Ffordd", "Fy",
             "Rhagfyr", "Rygbi", "Thema", "Tŷ", "Pheasant", "Pwll"]
    assert sorted(words, key=welsh_sort_key) == [
        "Cymraeg", "Chwarae", "Dysgu", "Ddoe", "Fy", "Ffordd", "Lonydd", "Llanelli",
        "Pwll", "Pheasant", "Rygbi", "Rhagfyr", "Tŷ", "Thema"]


def test_ng_comes_between_g_and_h_and_accents_and_case_are_ignored() -> None:
    assert sorted(["Hwyl", "Ngwaith", "Gwen"], key=welsh_sort_key) == ["Gwen", "Ngwaith", "Hwyl"]
    assert welsh_sort_key("ŴYL") == welsh_sort_key("wyl")
    assert sorted(["Ysgol 2", "Ysgol 10", "ysgol"], key=welsh_sort_key) == [
        "ysgol", "Ysgol 10", "Ysgol 2"]  # shorter first; digits as text


def test_english_order_is_casefolded_text() -> None:
    names = ["Chwarae", "Cymraeg", "ceri"]
    assert sorted(names, key=lambda n: sort_key(n, "en")) == ["ceri", "Chwarae", "Cymraeg"]
    assert sorted(names, key=lambda n: sort_key(n, "cy")) == ["ceri", "Cymraeg", "Chwarae"]
