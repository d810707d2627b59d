"""Entry revisions: 1 when created, one more on every saved change, and a change
that started from a copy is saved only over the revision it started from."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.errors import Conflict, RecordError, UnknownEntry
from alnco.model import Entry
from alnco.store.record import Record


def make(title: str = "IDP workshop", **fields) -> Entry:
    return Entry(title=title, date=date(2026, 10, 12), hours=Decimal("2"), **fields)


def stored(record: Record, entry_id: str) -> Entry:
    return next(e for e in record.read().entries if e.id == entry_id)


# --------------------------------------------------------------- the number itself

def test_a_new_entry_is_revision_1_and_every_saved_change_adds_one(tmp_path: Path) -> None:
    record = Record(tmp_path / "record.json")
    entry = record.add_entry(make())
    assert stored(record, entry.id).revision == 1
    for expected in (2, 3):
        with record.transaction() as tx:
            saved = tx.replace(tx.get(entry.id).edited(hours=Decimal(expected)))
        assert saved.revision == expected
        assert stored(record, entry.id).revision == expected
    doc = next(iter(json.loads((tmp_path / "record.json").read_text())["entries"].values()))
    assert doc["revision"] == 3  # stored in the record


def test_an_entry_saved_before_revisions_reads_as_revision_1(tmp_path: Path) -> None:
    record = Record(tmp_path / "record.json")
    entry = record.add_entry(make())
    path = tmp_path / "record.json"
    data = json.loads(path.read_text())
    for doc in data["entries"].values():
        del doc["revision"]
    path.write_text(json.dumps(data))
    assert stored(record, entry.id).revision == 1
    with record.transaction() as tx:
        assert tx.replace(tx.get(entry.id).edited(title="x"), expected_revision=1).revision == 2


@pytest.mark.parametrize("bad", [0, -1, "2", 1.5, True, [1]])
def test_a_revision_that_is_not_a_positive_whole_number_is_named(tmp_path: Path, bad) -> None:
    record = Record(tmp_path / "record.json")
    record.add_entry(make())
    path = tmp_path / "record.json"
    data = json.loads(path.read_text())
    for doc in data["entries"].values():
        doc["revision"] = bad
    path.write_text(json.dumps(data))
    with pytest.raises(RecordError, match="'revision'"):
        record.read()


# --------------------------------------------------------------- checked changes

def test_replace_over_a_later_revision_writes_nothing_and_carries_the_stored_one(
        tmp_path: Path) -> None:
    record = Record(tmp_path / "record.json")
    copy = record.add_entry(make())  # what an edit form would hold
    with record.transaction() as tx:  # another session's change
        tx.replace(tx.get(copy.id).edited(hours=Decimal(3), reflection="theirs"))
    before = (tmp_path / "record.json").read_bytes()
    mine = copy.edited(title="mine")
    with pytest.raises(Conflict) as caught:
        with record.transaction() as tx:
            tx.replace(mine, expected_revision=copy.revision)
    conflict = caught.value
    assert (tmp_path / "record.json").read_bytes() == before
    assert conflict.current.revision == 2 and conflict.current.reflection == "theirs"
    assert conflict.mine == mine and conflict.expected == 1
    assert "changed in another session" in str(conflict) and copy.id[:8] in str(conflict)
    assert conflict.exit_code == 1
    # Deliberately over the revision now stored: saved, and one more again.
    with record.transaction() as tx:
        saved = tx.replace(mine, expected_revision=conflict.current.revision)
    assert saved.revision == 3 and stored(record, copy.id).title == "mine"


def test_replace_of_a_removed_entry_is_a_conflict_with_nothing_current(tmp_path: Path) -> None:
    record = Record(tmp_path / "record.json")
    copy = record.add_entry(make())
    with record.transaction() as tx:
        tx.remove(copy.id)
    with pytest.raises(Conflict) as caught:
        with record.transaction() as tx:
            tx.replace(copy.edited(title="mine"), expected_revision=1)
    assert caught.value.current is None and "removed" in str(caught.value)
    with pytest.raises(UnknownEntry):  # unchecked, as before: no such entry
        with record.transaction() as tx:
            tx.replace(copy)
    assert record.read().entries == []


def test_restore_puts_back_a_removed_copy_only_while_it_is_still_absent(tmp_path: Path) -> None:
    record = Record(tmp_path / "record.json")
    entry = record.add_entry(make())
    with record.transaction() as tx:
        removed = tx.remove(entry.id)
    assert removed == entry
    with record.transaction() as tx:
        assert tx.restore(removed, expected_revision=None) == entry
    assert stored(record, entry.id) == entry  # as it was, revision included
    with pytest.raises(Conflict) as caught:  # it is back: a second restore must ask
        with record.transaction() as tx:
            tx.restore(removed, expected_revision=None)
    assert caught.value.current == entry and "back in the record" in str(caught.value)


def test_restore_over_an_edit_checks_the_revision_the_edit_left(tmp_path: Path) -> None:
    record = Record(tmp_path / "record.json")
    old = record.add_entry(make(reflection="before"))
    with record.transaction() as tx:
        edited = tx.replace(old.edited(reflection="after"), expected_revision=1)
    with record.transaction() as tx:  # undo: the old copy over revision 2
        back = tx.restore(old, expected_revision=edited.revision)
    assert back.reflection == "before" and back.revision == 3  # a change like any other
    with pytest.raises(Conflict):
        with record.transaction() as tx:
            tx.restore(old, expected_revision=edited.revision)


def test_remove_with_an_expected_revision_refuses_a_changed_entry(tmp_path: Path) -> None:
    record = Record(tmp_path / "record.json")
    seen = record.add_entry(make())
    with record.transaction() as tx:
        tx.replace(tx.get(seen.id).edited(evidence="new"))
    with pytest.raises(Conflict) as caught:
        with record.transaction() as tx:
            tx.remove(seen.id, expected_revision=seen.revision)
    assert caught.value.current.evidence == "new"
    assert len(record.read().entries) == 1


# --------------------------------------------------------------- the CLI

def test_log_edit_and_list_show_the_revision(alnco) -> None:
    assert alnco("log", "add", "--title", "Workshop", "--hours", "1").returncode == 0
    [entry] = json.loads(alnco("log", "list", "--format", "json").stdout)
    assert entry["revision"] == 1
    for n in (2, 3):
        result = alnco("log", "edit", entry["id"][:8], "--hours", str(n))
        assert result.returncode == 0, result.stderr
        [entry] = json.loads(alnco("log", "list", "--format", "json").stdout)
        assert entry["revision"] == n and entry["hours"] == n


# --------------------------------------------------------------- two real processes

STALE_EDITOR = r"""
import sys
from decimal import Decimal
from alnco.errors import Conflict
from alnco.store.record import Record

record = Record(sys.argv[1], lock_timeout=30)
copy = next(e for e in record.read().entries if e.id == sys.argv[2])  # A reads its copy
mine = copy.edited(hours=Decimal("1"), title="A's title")              # and prepares an edit
print("ready", flush=True)
sys.stdin.readline()                                                   # B edits meanwhile
try:
    with record.transaction() as tx:
        tx.replace(mine, expected_revision=copy.revision)
except Conflict as conflict:
    now = conflict.current
    print(f"conflict {now.revision} {now.hours} {now.reflection}", flush=True)
    sys.exit(0)
print("saved", flush=True)
"""


def test_a_stale_edit_in_another_process_does_not_overwrite_a_cli_edit(
        alnco, tmp_path: Path) -> None:
    assert alnco("log", "add", "--title", "Shared entry", "--hours", "2",
                 "--reflection", "first thoughts").returncode == 0
    [entry] = json.loads(alnco("log", "list", "--format", "json").stdout)
    a = subprocess.Popen([sys.executable, "-c", STALE_EDITOR, str(tmp_path / "record.json"),
                          entry["id"]], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
    try:
        assert a.stdout.readline().strip() == "ready"
        b = alnco("log", "edit", entry["id"][:8], "--hours", "3.5",
                  "--reflection", "B's reflection")
        assert b.returncode == 0, b.stderr
        out, _err = a.communicate("go\n", timeout=60)
    finally:
        if a.poll() is None:
            a.kill()
    assert a.returncode == 0
    assert out.strip() == "conflict 2 3.5 B's reflection"
    [after] = json.loads(alnco("log", "list", "--format", "json").stdout)
    assert (after["hours"], after["reflection"], after["title"]) == (
        3.5, "B's reflection", "Shared entry")
    assert after["revision"] == 2
