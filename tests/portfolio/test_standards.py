"""Professional standards as data: the shipped set, the validator, the system layer
(replace, add a revised set, trust), the FE stand-in, and learning by standard."""

from __future__ import annotations

import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from alnco.errors import InputError
from alnco.i18n import set_language
from alnco.model import Entry
from alnco.standards import (
    learning_by_standard,
    normalise_keys,
    parse_standard_set,
    shipped_sets,
    standards_for,
)

FIVE = ("pedagogy", "collaboration", "leadership", "innovation", "professional-learning")

REVISED = """
version = 1
id = "wales-revised-2026"
setting = "school"
basis = "national"
checked_on = 2026-12-01
effective_from = 2026-09-01
title = { en = "Revised standards (entered by the co-ordinator)", cy = "Safonau diwygiedig" }
citation = { en = "Our copy of the revised standards", cy = "Ein copi o'r safonau diwygiedig" }

[[standard]]
key = "learning-and-teaching"
title = { en = "Learning and teaching", cy = "Dysgu ac addysgu" }
summary = { en = "A line.", cy = "Llinell." }
"""


def ctx_for(system: Path, today: date = date(2026, 11, 3)) -> SimpleNamespace:
    return SimpleNamespace(system_dir=system, today=today, language="en", stderr=io.StringIO())


def system_file(system: Path, name: str, text: str, mode: int = 0o644) -> Path:
    folder = system / "standards"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def entry(title: str, day: date, hours: str, standards=(), status="completed", module_id=None):
    return Entry(title=title, date=day, hours=Decimal(hours), status=status,
                 standards=tuple(standards), module_id=module_id)


# ---------------------------------------------------------------- the shipped set

def test_the_shipped_school_set_is_the_five_standards_bilingual_and_dated():
    school = standards_for("school")
    assert school.keys() == FIVE
    assert school.basis == "national" and school.confirmed
    assert school.checked_on == date(2026, 11, 30)
    assert "Welsh Government" in school.citation and "not a legal requirement" in school.citation
    assert school.citation_in("cy").startswith("Llywodraeth Cymru")
    for standard in school.standards:
        assert standard.title["en"] and standard.title["cy"], standard.key
        assert standard.summary["en"] and standard.summary["cy"], standard.key
    assert school.get("pedagogy").title_in("cy") == "Addysgeg"
    assert school.get("professional-learning").title_in("cy") == "Dysgu proffesiynol"
    # What was not verified is said, in both languages.
    assert "not verified" in school.note_in("en") and "September 2026" in school.note_in("en")
    assert "ni wiriwyd" in school.note_in("cy")


def test_no_shipped_set_is_statutory_and_none_invents_the_revised_or_fe_content():
    for found in shipped_sets():
        assert found.basis in ("national", "local")
    assert [s.setting for s in shipped_sets()] == ["school"]
    assert len(shipped_sets()) == 1


def test_fei_is_shown_the_school_set_labelled_as_a_stand_in():
    fei = standards_for("fei")
    assert fei.keys() == FIVE
    assert fei.stand_in_for == "fei" and fei.setting == "school"
    assert "stand-in" in fei.stand_in_note() and "not verified" in fei.stand_in_note()
    assert standards_for("school").stand_in_note() == ""
    set_language("cy")
    assert "yn eu lle" in fei.stand_in_note()


# ---------------------------------------------------------------- the validator

def test_the_validator_reports_every_problem_at_once():
    bad = {
        "version": 2, "id": "Bad Id", "setting": "college", "basis": "statutory",
        "title": {"fr": "x"}, "citation": "", "checked_on": "yesterday", "colour": "red",
        "effective_from": date(2026, 9, 1), "effective_until": date(2026, 1, 1),
        "standard": [
            {"key": "Pedagogy!", "title": {"en": "P"}, "summary": {"en": "s"}},
            {"key": "a", "title": {"en": "A"}, "summary": {"en": "s"}},
            {"key": "a", "title": {"en": "A"}, "summary": {"en": "s"}},
            {"key": "b", "summary": {"en": "s"}, "extra": 1},
        ],
    }
    with pytest.raises(InputError) as caught:
        parse_standard_set(bad, "bad.toml")
    message = str(caught.value)
    for expected in ("unknown field 'colour'", "'version' must be 1", "'id' must be",
                     "'setting' must be school or fei", "never statutory", "'title'",
                     "'citation'", "'checked_on'", "'effective_until' must be after",
                     "standard 1: 'key'", "'a' is used twice", "standard 4: unknown field "
                     "'extra'", "standard 4: 'title'"):
        assert expected in message, expected


def test_a_set_needs_a_checked_on_date_and_at_least_one_standard():
    with pytest.raises(InputError) as caught:
        parse_standard_set({"version": 1, "id": "x", "setting": "school", "basis": "local",
                            "title": {"en": "X"}, "citation": {"en": "Ours"}}, "x.toml")
    assert "checked_on" in str(caught.value) and "[[standard]]" in str(caught.value)


# ---------------------------------------------------------------- the system layer

def test_a_system_set_with_the_same_id_replaces_the_shipped_one(tmp_path):
    shipped = (Path(__file__).parents[2] / "catalogue" / "data" / "standards"
               / "wales-teaching-leadership-2017.toml").read_text(encoding="utf-8")
    system_file(tmp_path, "ours.toml", shipped.replace(
        'summary = { en = "Refining teaching', 'summary = { en = "Our wording: refining'))
    found = standards_for("school", ctx_for(tmp_path))
    assert found.get("pedagogy").summary_in("en").startswith("Our wording")
    assert found.source.endswith("ours.toml")


def test_a_revised_set_takes_over_from_its_effective_date(tmp_path):
    system_file(tmp_path, "revised.toml", REVISED)
    before = standards_for("school", ctx_for(tmp_path, date(2026, 8, 31)))
    after = standards_for("school", ctx_for(tmp_path, date(2026, 9, 1)))
    assert before.keys() == FIVE
    assert after.keys() == ("learning-and-teaching",)
    # progress --on a past date shows the set in effect then
    assert standards_for("school", ctx_for(tmp_path), on=date(2025, 1, 1)).keys() == FIVE


def test_a_co_ordinators_fe_set_is_used_for_fei_without_the_stand_in_label(tmp_path):
    system_file(tmp_path, "fe.toml", REVISED.replace('setting = "school"', 'setting = "fei"')
                .replace("wales-revised-2026", "our-fe-set"))
    fei = standards_for("fei", ctx_for(tmp_path))
    assert fei.id == "our-fe-set" and fei.stand_in_for == ""
    assert standards_for("school", ctx_for(tmp_path)).keys() == FIVE


def test_a_set_file_others_can_write_is_skipped_with_one_warning(tmp_path):
    path = system_file(tmp_path, "revised.toml", REVISED, mode=0o666)
    ctx = ctx_for(tmp_path)
    assert standards_for("school", ctx).keys() == FIVE
    standards_for("school", ctx)
    warnings = ctx.stderr.getvalue().splitlines()
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("alnco: warning: skipped")
    assert str(path) in warnings[0] and "chmod go-w" in warnings[0]


def test_a_standards_folder_others_can_write_is_skipped(tmp_path):
    system_file(tmp_path, "revised.toml", REVISED)
    os.chmod(tmp_path / "standards", 0o777)
    ctx = ctx_for(tmp_path)
    assert standards_for("school", ctx).keys() == FIVE
    assert "standards folder" in ctx.stderr.getvalue()


def test_a_trusted_but_invalid_set_is_skipped_with_the_reason(tmp_path):
    path = system_file(tmp_path, "broken.toml", REVISED.replace('basis = "national"',
                                                                'basis = "statutory"'))
    ctx = ctx_for(tmp_path)
    assert standards_for("school", ctx).keys() == FIVE
    warning = ctx.stderr.getvalue()
    assert str(path) in warning and "never statutory" in warning


# ---------------------------------------------------------------- keys and learning

def test_keys_given_by_a_person_are_checked_and_put_in_the_sets_order():
    school = standards_for("school")
    assert normalise_keys(["Innovation", "pedagogy,collaboration"], school) == (
        "pedagogy", "collaboration", "innovation")
    with pytest.raises(InputError) as caught:
        normalise_keys(["pedagogy", "pedgogy"], school)
    assert "'pedgogy'" in str(caught.value)
    assert str(caught.value).endswith(", ".join(FIVE) + " (did you mean 'pedagogy'?)")


def test_learning_by_standard_counts_completed_hours_once_per_standard():
    school = standards_for("school")
    entries = [
        entry("A", date(2026, 9, 10), "2", ["pedagogy", "leadership"]),
        entry("B", date(2026, 10, 1), "1.5", ["pedagogy"]),
        entry("Plan", date(2026, 12, 1), "6", ["pedagogy"], status="planned"),
        entry("Later", date(2026, 11, 20), "3", ["pedagogy"]),
        entry("Old key", date(2026, 9, 1), "1", ["no-such-standard"]),
        entry("None", date(2026, 9, 1), "1"),
    ]
    rows = {row.key: row for row in learning_by_standard(entries, school,
                                                         on=date(2026, 11, 3))}
    assert list(rows) == list(FIVE)
    assert rows["pedagogy"].hours == Decimal("3.5")
    assert rows["pedagogy"].entry_ids == [entries[0].id, entries[1].id]
    assert rows["leadership"].hours == Decimal(2)
    assert rows["innovation"].hours == 0 and rows["innovation"].entry_ids == []
    assert rows["pedagogy"].to_json("cy") == {
        "key": "pedagogy", "title": "Addysgeg", "hours": 3.5,
        "entries": [entries[0].id, entries[1].id]}
    since = learning_by_standard(entries, school, since=date(2026, 10, 1))
    assert since[0].hours == Decimal("4.5")


def test_an_entry_without_standards_takes_its_modules_as_tasks_do():
    school = standards_for("school")
    module = SimpleNamespace(standards=("collaboration",))
    own = entry("Own", date(2026, 9, 1), "1", ["innovation"], module_id="m")
    bare = entry("Bare", date(2026, 9, 2), "2", module_id="m")
    rows = {r.key: r for r in learning_by_standard([own, bare], school, modules={"m": module})}
    assert rows["collaboration"].entry_ids == [bare.id]
    assert rows["innovation"].entry_ids == [own.id]


# ---------------------------------------------------------------- the record and files

def test_an_entry_keeps_its_standards_through_the_stored_shape():
    original = entry("A", date(2026, 9, 10), "2", ["pedagogy", "innovation"])
    doc = original.to_dict()
    assert doc["standards"] == ["pedagogy", "innovation"]
    assert Entry.from_dict(doc).standards == ("pedagogy", "innovation")
    older = {k: v for k, v in doc.items() if k != "standards"}
    assert Entry.from_dict(older).standards == ()


@pytest.mark.parametrize("bad", ["pedagogy", ["Pedagogy"], [1], ["a b"], {"k": 1}])
def test_a_damaged_standards_value_is_named_when_the_record_is_read(bad):
    from alnco.store.schema import MalformedEntry, doc_problems, entries_from_docs

    doc = entry("A", date(2026, 9, 10), "2").to_dict() | {"standards": bad}
    [problem] = doc_problems(doc, 1)
    assert problem.field == "'standards'"
    with pytest.raises(MalformedEntry) as caught:
        entries_from_docs([doc])
    assert "standards" in str(caught.value)


def test_an_export_entry_carries_standards_and_a_bad_list_is_refused():
    from alnco.exports.document import _entry

    doc = entry("A", date(2026, 9, 10), "2", ["pedagogy"]).to_json()
    assert _entry(doc, 1, "x.json").standards == ("pedagogy",)
    assert _entry({k: v for k, v in doc.items() if k != "standards"}, 1, "x.json").standards == ()
    with pytest.raises(InputError) as caught:
        _entry(doc | {"standards": "pedagogy"}, 1, "x.json")
    assert "standards must be a list" in str(caught.value)


# ---------------------------------------------------------------- catalogue modules

MODULE = """
[[module]]
id = "coaching"
title = "Coaching colleagues"
mode = "blended"
level = "practice"
hours = 6
tasks = ["f"]
standards = ["collaboration", "Leadership", "collaboration"]
"""


def test_a_catalogue_module_may_name_standards_and_they_survive_json_csv_and_toml():
    from alnco.catalogue.csv_rows import load_csv_text
    from alnco.catalogue.loader import load_text
    from alnco.catalogue.serialise import CSV_COLUMNS, module_csv_row, module_json, module_toml

    [module] = load_text(MODULE, "m.toml", "user").modules
    assert module.standards == ("collaboration", "leadership")
    assert module_json(module)["standards"] == ["collaboration", "leadership"]
    assert CSV_COLUMNS[-1] == "standards"
    row = module_csv_row(module)
    text = ",".join(CSV_COLUMNS) + "\n" + ",".join(row[c] for c in CSV_COLUMNS) + "\n"
    assert load_csv_text(text, "m.csv", "user").modules[0].standards == module.standards
    assert load_text(module_toml(module), "again.toml", "user").modules[0] == module


def test_a_badly_written_module_standard_is_reported_at_its_line():
    from alnco.catalogue.loader import load_text

    result = load_text(MODULE.replace('"Leadership"', '"lead ership!"'), "m.toml", "user")
    [problem] = result.problems
    assert problem.field == "standards" and problem.line == 9
    assert "bad standard 'lead ership!'" in problem.message
