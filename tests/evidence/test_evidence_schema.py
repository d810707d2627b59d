"""Schema v2: a v1 record gains the evidence and self-assessment tables, with a kept
backup first; nothing in it is lost; a record from a newer alnco is left untouched."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.errors import RecordError
from alnco.model import Entry
from alnco.store import schema
from alnco.store.backups import list_backups
from alnco.store.record import Record

V1_ENTRY = {"id": "1f0c8a52-4b9e-4a57-9d0c-0a6f1f2b3c4d", "date": "2026-01-05",
            "title": "Person-centred practice", "hours": "2.5", "status": "completed",
            "tasks": ["a", "c"], "reflection": "Kept", "revision": 3,
            "created_at": "2026-01-05T10:00:00.000+00:00",
            "updated_at": "2026-01-06T10:00:00.000+00:00"}


def write_v1(path: Path) -> bytes:
    data = {"meta": {"1": {"schema_version": 1}},
            "profile": {"1": {"name": "Siân", "setting": "school"}},
            "entries": {"1": V1_ENTRY},
            "xapi_actor": {"1": {"id": "actor-1"}}}
    path.write_text(json.dumps(data))
    path.chmod(0o600)
    return path.read_bytes()


def test_the_current_version_is_2_and_new_records_are_born_current(tmp_path: Path) -> None:
    assert schema.CURRENT_VERSION == 2
    record = Record(tmp_path / "r.json")
    with record.transaction() as tx:
        tx.table("evidence_files").insert({"entry_id": "x"})
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["meta"]["1"]["schema_version"] == 2


def test_a_v1_record_migrates_with_a_kept_backup_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    original = write_v1(path)
    record = Record(path)
    snapshot = record.read()  # read migrates in memory only
    assert path.read_bytes() == original
    assert snapshot.extra["evidence_files"] == {} and snapshot.extra["assessments"] == {}
    with record.transaction():
        pass
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema_version"] == 2
    assert data["evidence_files"] == {} and data["assessments"] == {}
    assert data["entries"]["1"] == V1_ENTRY  # entries need no change
    assert data["profile"]["1"]["name"] == "Siân"
    assert data["xapi_actor"] == {"1": {"id": "actor-1"}}
    kept = [b for b in list_backups(path) if "pre-v1" in b.name]
    assert len(kept) == 1 and kept[0].read_bytes() == original
    entry = record.read().entries[0]
    assert (entry.title, entry.revision, entry.reflection) == ("Person-centred practice", 3,
                                                               "Kept")


def test_migration_keeps_tables_that_already_exist() -> None:
    data = {"meta": {"1": {"schema_version": 1}}, "entries": {},
            "evidence_files": {"1": {"entry_id": "e", "sha256": "0" * 64}}}
    migrated = schema.migrate(data, 1)
    assert migrated["evidence_files"] == {"1": {"entry_id": "e", "sha256": "0" * 64}}
    assert migrated["assessments"] == {}


def test_a_v0_record_goes_all_the_way_to_v2(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"entries": {"1": {"date": "2026-01-05", "title": "Old",
                                                  "hours": "1", "status": "completed"}}}))
    path.chmod(0o600)
    Record(path).add_entry(Entry(title="New", date=date(2026, 2, 1), hours=Decimal(1)))
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema_version"] == 2
    assert "evidence_files" in data and "assessments" in data
    assert sorted(e.title for e in Record(path).read().entries) == ["New", "Old"]


def test_a_record_from_a_newer_alnco_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"meta": {"1": {"schema_version": 3}}, "entries": {}}))
    path.chmod(0o600)
    before = path.read_bytes()
    with pytest.raises(RecordError, match="newer alnco"):
        with Record(path).transaction():
            pass
    assert path.read_bytes() == before
