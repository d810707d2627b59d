"""The model's frozen values (alnco.values) behave as the frozen dataclasses they
replaced: equal by content, hashable, unchangeable, copied with `replace`, and
they survive pickling (cohort workers send progress back) and copying."""

from __future__ import annotations

import copy
import pickle
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.errors import InputError
from alnco.model import Declaration, Entry, Profile, new_id
from alnco.progress.frameworks import framework_for
from alnco.progress.model import Progress, RequirementResult
from alnco.values import FrozenValue, replace


def entry(**changes: object) -> Entry:
    fields = dict(title="IDP clinic", date=date(2026, 10, 1), hours=Decimal("1.5"),
                  id="0f0f0f0f-0000-4000-8000-000000000000", created_at="2026-10-01T09:00")
    return Entry(**{**fields, **changes})


def test_equal_by_content_and_usable_as_keys() -> None:
    assert entry() == entry() and hash(entry()) == hash(entry())
    assert entry() != entry(title="Other") and entry() != "IDP clinic"
    assert len({entry(), entry(), entry(hours=Decimal(2))}) == 2


def test_no_field_can_change_after_it_is_made() -> None:
    made = entry()
    with pytest.raises(FrozenValue):
        made.title = "Changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del made.hours
    assert made.title == "IDP clinic"


def test_replace_makes_a_checked_copy_and_refuses_unknown_fields() -> None:
    made = entry()
    copied = replace(made, hours=Decimal(3))
    assert (copied.hours, made.hours, copied.id) == (Decimal(3), Decimal("1.5"), made.id)
    with pytest.raises(TypeError, match="no field 'hour'"):
        replace(made, hour=3)
    with pytest.raises(InputError):  # Profile checks its setting whenever one is made
        replace(Profile(name="Ceri"), setting="college")


def test_defaults_as_before_a_new_id_a_time_and_updated_at_from_created_at() -> None:
    first = Entry(title="x", date=date(2026, 1, 1), hours=Decimal(1))
    second = Entry(title="x", date=date(2026, 1, 1), hours=Decimal(1))
    assert first.id != second.id and first.updated_at == first.created_at != ""
    assert first.status == "completed" and first.tasks == () and first.revision == 1
    # An empty id stays empty (the store then refuses to save it), as it always did.
    assert Entry(title="x", date=date(2026, 1, 1), hours=Decimal(1), id="").id == ""


def test_new_ids_are_random_version_4_uuids() -> None:
    ids = {new_id() for _ in range(200)}
    assert len(ids) == 200
    for made in ids:
        parsed = uuid.UUID(made)
        assert str(parsed) == made and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_where_a_framework_came_from_does_not_make_it_different() -> None:
    shipped = framework_for(Profile())
    moved = replace(shipped, override_file=Path("/etc/alnco/frameworks/x.toml"),
                    skipped_override="x.toml")
    assert moved == shipped
    assert replace(shipped, source="elsewhere") != shipped


def test_values_survive_pickling_and_copying() -> None:
    profile = Profile(name="Ceri", designated_on=date(2023, 9, 1),
                      declarations=(Declaration("school-teacher", "yes"),))
    result = RequirementResult(id="hours", title="Hours", kind="hours", basis="local",
                               citation="local policy", status="behind", fraction=0.4,
                               reason="12 of 30 h", evidence=("0f0f0f0f",), suggestions=())
    progress = Progress(as_of=date(2026, 11, 3), framework="alnco-school-2021",
                        framework_title="School", requirements=(result,),
                        hours_this_year=Decimal(12), hours_target=Decimal(30))
    for value in (entry(), profile, progress):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value and copy.deepcopy(value) == value
    assert repr(entry()).startswith("Entry(title='IDP clinic', date=datetime.date(2026, 10, 1)")
