"""Entries are checked where they leave the file, and old records keep stable ids."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alnco.errors import InputError, RecordError
from alnco.model import Entry
from alnco.store import schema
from alnco.store.backups import list_backups
from alnco.store.health import check_record, malformed_entries
from alnco.store.record import Record

GOOD = {"id": "11111111-2222-4333-8444-555555555555", "date": "2026-01-05", "title": "Good",
        "hours": "1.5", "status": "completed", "tasks": ["a"], "module_id": None}


def write_record(path: Path, *docs: dict, version: int | None = 1) -> Path:
    data: dict = {"entries": {str(n): doc for n, doc in enumerate(docs, 1)}}
    if version is not None:
        data["meta"] = {"1": {"schema_version": version}}
    path.write_text(json.dumps(data))
    path.chmod(0o600)
    return path


def bad(**changes) -> dict:
    doc = {**GOOD, "id": "bad00000-0000-4000-8000-000000000000", **changes}
    return {k: v for k, v in doc.items() if v is not DROP}


DROP = object()

MALFORMED = [
    ("hours", "abc", bad(hours="abc")),
    ("hours", "NaN", bad(hours="NaN")),
    ("hours", "Infinity", bad(hours="Infinity")),
    ("hours", "12345678901234567890123456789", bad(hours="12345678901234567890123456789")),
    ("hours", "1e-999999", bad(hours="1e-999999")),
    ("hours", "-2", bad(hours="-2")),
    ("hours", "0", bad(hours="0")),
    ("hours", "true", bad(hours=True)),
    ("hours", "(missing)", bad(hours=DROP)),
    ("date", "2026-02-30", bad(date="2026-02-30")),
    ("date", "0000-01-01", bad(date="0000-01-01")),
    ("date", "0026-01-01", bad(date="0026-01-01")),
    ("date", "9999-12-31", bad(date="9999-12-31")),
    ("date", "5", bad(date=5)),
    ("date", "(missing)", bad(date=DROP)),
    ("status", "weird", bad(status="weird")),
    ("tasks", "5", bad(tasks=5)),
    ("tasks", "z", bad(tasks=["a", "z"])),
    ("tasks", "[[", bad(tasks=[["a"]])),
    ("module_id", "{", bad(module_id={"a": 1})),
]


@pytest.mark.parametrize("field, shown, doc", MALFORMED, ids=[f"{m[0]}={m[1]}" for m in MALFORMED])
def test_a_malformed_value_is_refused_naming_entry_field_value_and_fix(
        tmp_path: Path, field: str, shown: str, doc: dict) -> None:
    path = write_record(tmp_path / "r.json", GOOD, doc)
    before = path.read_bytes()
    record = Record(path)
    for action in (record.read, lambda: record.transaction().__enter__().entries()):
        with pytest.raises(RecordError) as error:
            action()
        message = str(error.value)
        assert error.value.exit_code == 3
        assert str(path) in message and "bad00000-0000-4000-8000-000000000000" in message
        assert f"'{field}'" in message and shown in message
        assert "text editor" in message and "backup" in message
    assert path.read_bytes() == before


def test_an_entry_without_an_id_is_named_by_its_position(tmp_path: Path) -> None:
    no_id = {k: v for k, v in GOOD.items() if k != "id"}
    for doc in (no_id, {**GOOD, "id": None}, {**GOOD, "id": "  "}, {**GOOD, "id": 7}):
        path = write_record(tmp_path / "r.json", GOOD, doc)
        with pytest.raises(RecordError) as error:
            Record(path).read()
        assert "entry number 2 in the file" in str(error.value) and "'id'" in str(error.value)


def test_an_entry_that_is_not_an_object_is_named(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"meta": {"1": {"schema_version": 1}},
                                "entries": {"1": GOOD, "2": [1, 2]}}))
    path.chmod(0o600)
    with pytest.raises(RecordError, match="entry number 2 in the file"):
        Record(path).read()


def test_values_are_shown_safely(tmp_path: Path) -> None:
    path = write_record(tmp_path / "r.json",
                        bad(id="\u202eexe.\x1b[31m", hours="\x07" + "9" * 200))
    with pytest.raises(RecordError) as error:
        Record(path).read()
    message = str(error.value)
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message
    assert "\\u202e" in message and "..." in message and len(message) < 600


def test_a_malformed_profile_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"meta": {"1": {"schema_version": 1}}, "entries": {},
                                "profile": {"1": {"name": "x", "designated_on": "2026-02-30"}}}))
    path.chmod(0o600)
    with pytest.raises(RecordError, match="profile is malformed"):
        Record(path).read()


def test_the_message_names_the_newest_backup_without_the_problem(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    record.add_entry(Entry(title="x", date=date(2026, 1, 1), hours=Decimal(1)))
    record.add_entry(Entry(title="y", date=date(2026, 1, 1), hours=Decimal(1)))
    good_backup = list_backups(record.path)[0]
    data = json.loads(record.path.read_text())
    next(iter(data["entries"].values()))["hours"] = "abc"
    newer = good_backup.with_name("r-2999-01-01.json")  # newest, but holds the same damage
    newer.write_text(json.dumps(data))
    newer.chmod(0o600)
    record.path.write_text(json.dumps(data))
    with pytest.raises(RecordError) as error:
        Record(record.path).read()
    assert f"cp {good_backup} {record.path}" in str(error.value)


def test_doctor_lists_every_malformed_entry(tmp_path: Path) -> None:
    path = write_record(tmp_path / "r.json", bad(hours="abc"), GOOD,
                        bad(id="second", date="2026-02-30", status="x"))
    problems = malformed_entries(path)
    assert [(p.position, p.entry_id, p.field) for p in problems] == [
        (1, "bad00000-0000-4000-8000-000000000000", "'hours'"),
        (3, "second", "'date'"), (3, "second", "'status'")]
    lines = [c for c in check_record(path) if c.what == "entry"]
    assert len(lines) == 3 and all(c.status == "problem" for c in lines)
    assert '"abc"' in lines[0].detail


def test_alnco_will_not_save_what_it_could_not_read_back(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    for made in (Entry(title="x", date=date(1500, 1, 1), hours=Decimal(1)),
                 Entry(title="x", date=date(2026, 1, 1), hours=Decimal("NaN")),
                 Entry(title="x", date=date(2026, 1, 1), hours=Decimal(1), id="")):
        with pytest.raises(InputError, match="cannot be saved"):
            record.add_entry(made)
    assert not record.path.exists()
    record.add_entry(Entry(title="x", date=schema.MIN_DATE, hours=Decimal(1)))
    record.add_entry(Entry(title="y", date=schema.MAX_DATE, hours=Decimal(1000)))
    assert len(record.read().entries) == 2


def test_text_fields_are_not_checked_beyond_what_reading_needs(tmp_path: Path) -> None:
    path = write_record(tmp_path / "r.json", {**GOOD, "title": 12, "status": None, "tasks": None,
                                              "hours": 2, "mode": None})
    (only,) = Record(path).read().entries
    assert only.title == "12" and only.status == "completed" and only.hours == 2


# --------------------------------------------------------- reading == listing


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4),
                                                                      children, max_size=3),
    max_leaves=6)
field_values = {
    "id": st.one_of(st.just(GOOD["id"]), st.just(""), st.just(" "), json_values),
    "date": st.one_of(st.dates().map(date.isoformat), st.just("2026-02-30"),
                      st.just("0000-01-01"), json_values),
    "hours": st.one_of(st.sampled_from(["1", "1.5", "1000", "1000.01", "0", "-1", "NaN",
                                        "sNaN", "Infinity", "1e-21", "1e-20", "abc", "1e3"]),
                       st.decimals(allow_nan=True).map(str), json_values),
    "status": st.one_of(st.sampled_from(["completed", "planned", "", "x"]), json_values),
    "tasks": st.one_of(st.lists(st.sampled_from(list("abcdefghzA")), max_size=3), json_values),
    "module_id": st.one_of(st.none(), st.text(max_size=5), json_values),
}
docs = st.fixed_dictionaries({}, optional=field_values)


@settings(max_examples=600, deadline=None)
@given(doc=docs)
def test_reading_refuses_exactly_what_the_listing_reports(doc: dict) -> None:
    problems = schema.doc_problems(doc, 1)
    try:
        (entry,) = schema.entries_from_docs([doc])
    except schema.MalformedEntry as error:
        assert problems and error.problem == problems[0]
    else:
        assert not problems
        assert schema.MIN_DATE <= entry.date <= schema.MAX_DATE
        assert entry.hours.is_finite() and 0 < entry.hours <= 1000


# --------------------------------------------------------- stable ids


OLD = {"_default": {}, "entries": {
    "1": {"date": "2026-01-05", "title": "Old", "hours": "2", "status": "completed"},
    "2": {"date": "2026-01-05", "title": "Old", "hours": "2", "status": "completed"},
    "3": {"date": "2026-02-01", "title": "Kept id", "hours": "1", "id": "given-id-1234"}}}


def test_an_old_record_shows_the_same_ids_on_every_read_and_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(OLD))
    path.chmod(0o600)
    original = path.read_bytes()
    first = [e.id for e in Record(path).read().entries]
    again = [e.id for e in Record(path).read().entries]
    record = Record(path)
    assert first == again == [e.id for e in record.read().entries]
    assert len(set(first)) == 3  # identical content, different places: different ids
    assert first[2] == "given-id-1234"
    assert path.read_bytes() == original  # reading never writes
    with record.transaction() as tx:  # the first write migrates (with a backup)
        tx.remove(first[0])
    stored = json.loads(path.read_text())["entries"]
    assert sorted(doc["id"] for doc in stored.values()) == sorted(first[1:])
    assert [e.id for e in Record(path).read().entries] == first[1:]
    assert any(b.read_bytes() == original for b in list_backups(path))


def test_derived_ids_do_not_depend_on_key_order_or_the_process(tmp_path: Path) -> None:
    doc = {"title": "Old", "date": "2026-01-05", "hours": "2"}
    reordered = dict(reversed(list(doc.items())))
    assert schema.derived_id("1", doc) == schema.derived_id("1", reordered)
    assert schema.derived_id("1", doc) != schema.derived_id("2", doc)
    # Fixed for ever: a change here would change the ids people have already seen.
    assert schema.derived_id("1", doc) == "f0baff25-adc2-567f-85f5-095188c17755"


@pytest.mark.parametrize("profile", [
    {"name": "x", "designated_on": "9999-12-31"},
    {"name": "x", "designated_on": "2026-02-30"},
    {"name": "x", "declarations": [{"key": "k", "declared_on": "0001-01-01"}]},
    {"name": "x", "declarations": 5},
    {"name": "x", "setting": "nursery"},
])
def test_a_profile_alnco_cannot_use_is_refused_naming_the_problem(tmp_path: Path,
                                                                  profile: dict) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"meta": {"1": {"schema_version": 1}}, "entries": {},
                                "profile": {"1": profile}}))
    path.chmod(0o600)
    before = path.read_bytes()
    for action in (Record(path).read, lambda: Record(path).transaction().__enter__().profile()):
        with pytest.raises(RecordError) as error:
            action()
        assert error.value.exit_code == 3 and "profile" in str(error.value)
    assert path.read_bytes() == before


def test_a_profile_with_a_date_out_of_range_is_never_saved(tmp_path: Path) -> None:
    from alnco.model import Profile

    record = Record(tmp_path / "r.json")
    with pytest.raises(InputError, match="'designated_on' is \"9999-12-31\""):
        record.set_profile(Profile(name="x", designated_on=date(9999, 12, 31)))
    assert not record.path.exists()


def test_the_entry_id_namespace_is_the_documented_uuid5() -> None:
    import uuid

    from alnco.store import schema

    assert uuid.UUID(schema.ENTRY_ID_NAMESPACE) == uuid.uuid5(uuid.NAMESPACE_URL,
                                                   "https://alnco.invalid/entry-id/v0")
