"""The record never loses or silently changes data, whatever goes wrong."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.errors import RecordBusy, RecordError, UnknownEntry
from alnco.model import Entry, Profile
from alnco.store import lock, schema
from alnco.store.backups import list_backups
from alnco.store.record import Record


def entry(title: str = "Module", **kw) -> Entry:
    return Entry(title=title, date=kw.pop("date", date(2026, 11, 3)), hours=Decimal("1.5"), **kw)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    e = entry("Café [bold] [@click=app.quit]", tasks=("a", "c"), evidence="ŵ ŷ",
              reflection="line 1\nline 2", module_id="aln-code", mode="online")
    record.add_entry(e)
    assert Record(tmp_path / "r.json").read().entries == [e]


def test_files_are_private(tmp_path: Path) -> None:
    record = Record(tmp_path / "alnco" / "r.json", create_folder=True)
    record.add_entry(entry())
    record.add_entry(entry())  # a second write makes the daily backup
    assert mode(tmp_path / "alnco") == 0o700
    assert mode(record.path) == 0o600
    assert mode(record.lock_path) == 0o600
    backups = list_backups(record.path)
    assert backups and all(mode(b) == 0o600 for b in backups)
    assert mode(backups[0].parent) == 0o700


def test_uuid_ids_survive_removal_and_reinsert(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    first, second = entry("one"), entry("two")
    record.add_entry(first)
    record.add_entry(second)
    with record.transaction() as tx:
        tx.remove(first.id)
    third = entry("three")
    record.add_entry(third)
    assert {e.id for e in record.read().entries} == {second.id, third.id}


def test_prefix_must_be_unique_and_long_enough(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    a = entry(id="abcdef00-0000-4000-8000-000000000001")
    b = entry(id="abcdef11-0000-4000-8000-000000000002")
    record.add_entry(a)
    record.add_entry(b)
    snap = record.read()
    assert snap.find("abcdef0") == a
    with pytest.raises(UnknownEntry, match="matches 2 entries"):
        snap.find("abcdef")
    with pytest.raises(UnknownEntry, match="at least 6"):
        snap.find("abc")
    with pytest.raises(UnknownEntry, match="no entry"):
        snap.find("ffffff")


def test_exception_inside_a_transaction_saves_nothing(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    record.add_entry(entry("kept"))
    before = record.path.read_bytes()
    with pytest.raises(RuntimeError):
        with record.transaction() as tx:
            tx.add(entry("half"))
            raise RuntimeError("boom")
    assert record.path.read_bytes() == before


def test_full_disk_leaves_the_old_record_intact(tmp_path: Path, monkeypatch) -> None:
    record = Record(tmp_path / "r.json")
    record.add_entry(entry("kept"))
    before = record.path.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(RecordError, match="No space left on device; nothing was changed"):
        record.add_entry(entry("lost"))
    monkeypatch.undo()
    assert record.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_corrupt_record_is_refused_untouched_and_names_the_backup(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    record.add_entry(entry())
    record.add_entry(entry())  # makes today's backup
    record.path.write_text('{"entries": {"1": {"id": ')
    before = record.path.read_bytes()
    for action in (record.read, lambda: record.add_entry(entry())):
        with pytest.raises(RecordError) as error:
            action()
        message = str(error.value)
        assert str(record.path) in message and "corrupt" in message
        assert str(list_backups(record.path)[0]) in message
    assert record.path.read_bytes() == before


def test_json_that_is_not_a_record_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("[1, 2, 3]")
    with pytest.raises(RecordError, match="corrupt"):
        Record(path).read()


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"meta": {"1": {"schema_version": 99}}, "entries": {}}))
    path.chmod(0o600)
    before = path.read_bytes()
    with pytest.raises(RecordError, match="newer alnco"):
        Record(path).add_entry(entry())
    with pytest.raises(RecordError, match="newer alnco"):
        Record(path).read()
    assert path.read_bytes() == before
    assert not (tmp_path / "r.backups").exists()


def test_old_record_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    old = {"_default": {}, "entries": {"1": {
        "date": "2026-01-05", "title": "Old", "hours": "2", "status": "completed"}}}
    path.write_text(json.dumps(old))
    path.chmod(0o600)
    original = path.read_bytes()
    record = Record(path)
    assert record.read().entries[0].title == "Old"  # read migrates in memory only
    assert path.read_bytes() == original
    record.add_entry(entry("New"))
    backups = list_backups(path)
    assert len(backups) == 1 and "pre-v0" in backups[0].name
    assert backups[0].read_bytes() == original
    data = json.loads(path.read_text())
    assert data["meta"]["1"]["schema_version"] == schema.CURRENT_VERSION
    assert sorted(e.title for e in record.read().entries) == ["New", "Old"]


def test_a_future_migration_step_runs_after_a_backup(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "r.json"
    Record(path).add_entry(entry("x"))
    original = path.read_bytes()

    def one_step_up(data):
        for doc in data["entries"].values():
            doc["title"] = doc["title"].upper()
        return data

    future = schema.CURRENT_VERSION + 1
    monkeypatch.setattr(schema, "CURRENT_VERSION", future)
    monkeypatch.setitem(schema.MIGRATIONS, future - 1, one_step_up)
    with Record(path).transaction():
        pass
    assert json.loads(path.read_text())["meta"]["1"]["schema_version"] == future
    assert Record(path).read().entries[0].title == "X"
    assert any(b.read_bytes() == original for b in list_backups(path))


def test_group_writable_record_refuses_writes_and_warns_on_reads(tmp_path: Path) -> None:
    warnings: list[str] = []
    record = Record(tmp_path / "r.json", warn=warnings.append)
    record.add_entry(entry())
    record.path.chmod(0o664)
    before = record.path.read_bytes()
    with pytest.raises(RecordError, match="chmod 600"):
        record.add_entry(entry())
    assert record.path.read_bytes() == before
    assert len(record.read().entries) == 1
    assert warnings and "chmod 600" in warnings[0]


def test_missing_folder_is_refused_unless_it_is_the_default(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="does not exist"):
        Record(tmp_path / "nope" / "r.json").add_entry(entry())
    assert not (tmp_path / "nope").exists()
    Record(tmp_path / "made" / "r.json", create_folder=True).add_entry(entry())
    assert mode(tmp_path / "made") == 0o700


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_refused(tmp_path: Path) -> None:  # pragma: no cover - as root
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(RecordError, match="cannot write"):
        Record(folder / "r.json").add_entry(entry())


def test_lock_held_too_long_says_busy(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json", lock_timeout=0.2)
    record.add_entry(entry())
    with lock.exclusive(record.lock_path):
        with pytest.raises(RecordBusy, match="record is busy \\(another alnco session\\?\\)"):
            record.add_entry(entry())
    assert len(record.read().entries) == 1


def test_profile_round_trip(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    profile = Profile(name="Siân", ewc_number="123", setting="fei", institution="Coleg",
                      designated_on=date(2024, 2, 29))
    record.set_profile(profile)
    assert record.read().profile == profile


def test_unwritable_folder_message_and_nothing_changed(tmp_path: Path, monkeypatch) -> None:
    """As root the folder check cannot fail for real; the write path must still say why."""
    from alnco.store import storage

    record = Record(tmp_path / "r.json")
    record.add_entry(entry("kept"))
    before = record.path.read_bytes()

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(storage, "create_temp", denied)
    with pytest.raises(RecordError, match="cannot write in .*Permission denied; nothing was changed"):
        record.add_entry(entry("lost"))
    assert record.path.read_bytes() == before


def test_another_sessions_change_is_seen_despite_the_parse_cache(tmp_path: Path) -> None:
    mine, theirs = Record(tmp_path / "r.json"), Record(tmp_path / "r.json")
    mine.add_entry(entry("mine"))
    assert len(mine.read().entries) == 1  # now cached
    theirs.add_entry(entry("theirs"))
    mine.add_entry(entry("mine again"))  # must not write over "theirs"
    assert sorted(e.title for e in theirs.read().entries) == ["mine", "mine again", "theirs"]


def test_a_failed_transaction_does_not_poison_the_cache(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    record.add_entry(entry("kept"))
    with pytest.raises(RuntimeError):
        with record.transaction() as tx:
            tx.add(entry("never saved"))
            raise RuntimeError
    assert [e.title for e in record.read().entries] == ["kept"]
    record.add_entry(entry("next"))
    assert sorted(e.title for e in Record(record.path).read().entries) == ["kept", "next"]
