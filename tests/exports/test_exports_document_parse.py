"""Reading an export back: what `render_json` writes comes back as the same entries,
and rows written by hand or by other tools (fields left out) get the documented
defaults; bad rows are refused naming the entry. Checked with hypothesis."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from alnco.errors import InputError
from alnco.exports.document import ExportData, parse_bytes, render_json
from alnco.model import Entry, Profile

entries = st.builds(
    lambda n, on, hours, status, module, tasks, mode, text, stamp: Entry(
        id=f"{n:08d}-0000-4000-8000-000000000000", title="Session ŵ " + text, date=on,
        hours=Decimal(hours), status=status, module_id=module, tasks=tuple(sorted(tasks)),
        mode=mode, evidence=text, reflection=text[::-1], created_at=stamp, updated_at=stamp),
    st.integers(0, 10**8), st.dates(date(2015, 1, 1), date(2030, 12, 31)),
    st.sampled_from(["0.25", "0.5", "1", "1.5", "2", "7.75", "1000"]),
    st.sampled_from(["completed", "planned"]), st.sampled_from([None, "aln-code", "idp"]),
    st.sets(st.sampled_from("abcdefgh")), st.sampled_from(["", "online", "in person"]),
    st.text(max_size=20), st.sampled_from(["2026-01-01T00:00:00.000+00:00",
                                            "2026-03-04T05:06:07.089+00:00"]))


def document(rows: list) -> bytes:
    return json.dumps({"format": "alnco-export", "version": 1, "profile": {"name": "Ann"},
                       "framework": "alnco-school-2021", "entries": rows}).encode()


@settings(max_examples=100, deadline=None)
@given(st.lists(entries, max_size=20, unique_by=lambda e: e.id))
def test_what_export_writes_reads_back_as_the_same_entries(made) -> None:
    raw = render_json(ExportData(profile=Profile(name="Ann"), entries=made,
                                 framework="alnco-school-2021", today=date(2026, 11, 3),
                                 exported_at=datetime(2026, 11, 4, tzinfo=timezone.utc)))
    back = parse_bytes(raw, "ann.json").entries
    assert back == made
    assert [e.to_dict() for e in back] == [e.to_dict() for e in made]


@settings(max_examples=100, deadline=None)
@given(entries, st.sets(st.sampled_from(
    ["status", "module_id", "mode", "tasks", "evidence", "reflection", "updated_at"])))
def test_fields_left_out_get_their_defaults(entry, left_out) -> None:
    row = entry.to_json()
    for name in left_out:
        del row[name]
    [back] = parse_bytes(document([row]), "hand.json").entries
    assert back.status == ("completed" if "status" in left_out else entry.status)
    assert back.module_id == (None if "module_id" in left_out else entry.module_id)
    assert back.tasks == (() if "tasks" in left_out else entry.tasks)
    for name in ("mode", "evidence", "reflection"):
        assert getattr(back, name) == ("" if name in left_out else getattr(entry, name))
    assert back.updated_at == entry.updated_at  # left out: the same as created_at
    assert (back.id, back.title, back.date, back.hours) == (
        entry.id, entry.title, entry.date, entry.hours)


LEFT_OUT = object()


@pytest.mark.parametrize("change, reason", [
    ({"id": ""}, "no id"),
    ({"title": " \t"}, "no title"),
    ({"status": "done"}, "unknown status 'done'"),
    ({"hours": 0}, "hours out of range"),
    ({"hours": True}, "hours must be a number"),
    ({"tasks": ["a", "z"]}, "tasks must be letters a-h"),
    ({"module_id": 7}, "module_id must be text"),
    ({"evidence": ["x"]}, "mode, evidence and reflection must be text"),
    ({"date": "3 Nov"}, "Invalid isoformat string"),
    ({"date": LEFT_OUT, "id": None}, "no id"),  # checked in order: the id first
])
def test_a_bad_row_is_refused_naming_the_file_entry_and_reason(change, reason) -> None:
    good = Entry(title="Ok", date=date(2026, 1, 5), hours=Decimal(1)).to_json()
    bad = {k: v for k, v in {**good, **change}.items() if v is not LEFT_OUT}
    with pytest.raises(InputError) as refused:
        parse_bytes(document([good | {"id": "first"}, bad]), "ann.json")
    message = str(refused.value)
    assert message.startswith("ann.json: entry 2 is invalid") and reason in message


def test_a_row_without_a_date_is_refused() -> None:
    row = Entry(title="Ok", date=date(2026, 1, 5), hours=Decimal(1)).to_json()
    del row["date"]
    with pytest.raises(InputError, match="entry 1 is invalid .'date'."):
        parse_bytes(document([row]), "ann.json")


@pytest.mark.parametrize("raw, reason", [
    (b"NaN", "hours must be a number, not NaN"),  # json reads it; Decimal said only
    (b"Infinity", "hours must be a number, not Infinity"),  # [<class 'decimal...'>]
    (b'"abc"', "hours must be a number, not 'abc'"),
    (b"[1]", "hours must be a number, not [1]"),
    (b'"\\u001b[2J"', "hours must be a number, not '\\x1b[2J'"),
])
def test_bad_hours_say_what_is_wrong_with_them(raw, reason) -> None:
    good = json.dumps(Entry(title="Ok", date=date(2026, 1, 5), hours=Decimal(1)).to_json())
    text = document([]).replace(b"[]", b"[" + good.replace('"hours": 1', '"hours": HOURS')
                                .encode().replace(b"HOURS", raw) + b"]")
    with pytest.raises(InputError) as refused:
        parse_bytes(text, "ann.json")
    assert str(refused.value) == f"ann.json: entry 1 is invalid ({reason})"
    assert "class" not in str(refused.value)


def test_a_pile_of_exports_names_the_bad_hours(alnco, tmp_path) -> None:
    good = json.dumps(Entry(title="Ok", date=date(2026, 1, 5), hours=Decimal(1)).to_json())
    (tmp_path / "nan.json").write_bytes(
        document([]).replace(b"[]", b"[" + good.replace('"hours": 1', '"hours": NaN').encode()
                             + b"]"))
    result = alnco("report", str(tmp_path / "nan.json"))
    assert "nan.json: entry 1 is invalid (hours must be a number, not NaN)" in result.stderr
    assert "decimal" not in result.stderr


def test_omitted_fields_are_read_and_checked() -> None:
    row = Entry(title="Ok", date=date(2026, 1, 5), hours=Decimal(1)).to_json()
    data = json.loads(document([row]))
    assert parse_bytes(json.dumps(data).encode(), "a.json").omitted == ()
    data["omitted"] = ["reflection", "evidence"]
    assert parse_bytes(json.dumps(data).encode(), "a.json").omitted == ("evidence", "reflection")
    data["omitted"] = "evidence"
    with pytest.raises(InputError, match="must be a list of field names"):
        parse_bytes(json.dumps(data).encode(), "a.json")
