"""Every path the store writes or trusts, aimed by someone else on a shared server.

For each file alnco writes (the record, its lock, the backups folder, backups,
temp files) a symlink or a file of another user's is planted, and alnco must
not write through it, must not delete anyone's files, and must say why.
"""

from __future__ import annotations

import json
import os
import stat
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.errors import RecordError, UsageError
from alnco.model import Entry
from alnco.store import backups, lock
from alnco.store.backups import backups_dir, latest_backup, list_backups
from alnco.store.record import Record
from alnco.store.storage import STALE_TEMP_SECONDS

from store_helpers import NOBODY, as_nobody, owned_by_nobody


def entry(title: str = "Module") -> Entry:
    return Entry(title=title, date=date(2026, 11, 3), hours=Decimal("1.5"))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def snapshot_tree(folder: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every name under `folder` with its owner and content (or link target)."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            seen[str(path)] = (st.st_uid, os.readlink(path))
        elif stat.S_ISREG(st.st_mode):
            seen[str(path)] = (st.st_uid, path.read_bytes())
        else:
            seen[str(path)] = (st.st_uid, "dir")
    return seen


def collect() -> tuple[list[str], callable]:
    warnings: list[str] = []
    return warnings, warnings.append


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


# ------------------------------------------------------------------ the record


def test_a_symlinked_record_is_never_written_through(tmp_path: Path, victim: Path) -> None:
    before = victim.read_bytes()
    record_path = tmp_path / "r.json"
    record_path.symlink_to(victim)
    with pytest.raises(RecordError) as error:
        Record(record_path).add_entry(entry())
    message = str(error.value)
    assert "symbolic link" in message and str(victim) in message and "--record" in message
    assert victim.read_bytes() == before and os.stat(victim).st_uid == NOBODY
    assert record_path.is_symlink() and os.readlink(record_path) == str(victim)
    assert not backups_dir(record_path).exists()


def test_a_dangling_record_symlink_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "new.json"
    target.parent.mkdir()
    (tmp_path / "r.json").symlink_to(target)
    with pytest.raises(RecordError, match="symbolic link"):
        Record(tmp_path / "r.json").add_entry(entry())
    assert not target.exists()


def test_another_users_record_is_refused_for_writing_and_warned_once_on_reading(
        tmp_path: Path) -> None:
    warnings, warn = collect()
    record = Record(tmp_path / "r.json", warn=warn)
    record.add_entry(entry("theirs"))
    owned_by_nobody(record.path)
    before = record.path.read_bytes()
    with pytest.raises(RecordError) as error:
        record.add_entry(entry("mine"))
    message = str(error.value)
    assert str(record.path) in message and "belongs to another user" in message
    assert "chown" in message and "--record" in message
    assert error.value.exit_code == 3
    assert record.path.read_bytes() == before
    assert [e.title for e in record.read().entries] == ["theirs"]
    record.read()
    assert len(warnings) == 1 and "belongs to another user" in warnings[0]


def test_reading_a_symlink_to_another_users_record_warns(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    Record(theirs / "r.json").add_entry(entry("theirs"))
    owned_by_nobody(theirs / "r.json")
    (tmp_path / "mine.json").symlink_to(theirs / "r.json")
    warnings, warn = collect()
    assert [e.title for e in Record(tmp_path / "mine.json", warn=warn).read().entries] == ["theirs"]
    assert warnings and "belongs to another user" in warnings[0]


def test_a_folder_owned_by_someone_else_is_refused_and_left_empty(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o755)
    owned_by_nobody(folder)
    with pytest.raises(RecordError) as error:
        Record(folder / "r.json").add_entry(entry())
    assert str(folder) in str(error.value) and "another user" in str(error.value)
    assert list(folder.iterdir()) == []  # not even a lock file


def test_a_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(RecordError, match="chmod go-w"):
        Record(folder / "r.json").add_entry(entry())
    assert list(folder.iterdir()) == []
    folder.chmod(0o1777)  # sticky does not help: others could still plant the lock, backups
    with pytest.raises(RecordError, match="chmod go-w"):
        Record(folder / "r.json").add_entry(entry())


def test_alncos_own_data_folder_is_made_private_again(tmp_path: Path) -> None:
    folder = tmp_path / "xdg" / "alnco"
    folder.mkdir(parents=True)
    folder.chmod(0o775)  # as `catalogue import` under umask 002 used to leave it
    warnings, warn = collect()
    Record(folder / "record.json", create_folder=True, warn=warn).add_entry(entry())
    assert mode(folder) == 0o700
    assert len(warnings) == 1 and "700" in warnings[0]


def test_a_created_data_folder_and_its_parents_are_private(tmp_path: Path) -> None:
    record = Record(tmp_path / "xdg" / "alnco" / "record.json", create_folder=True)
    record.add_entry(entry())
    assert mode(tmp_path / "xdg") == 0o700
    assert mode(tmp_path / "xdg" / "alnco") == 0o700


# ------------------------------------------------------------------ the lock


def test_a_symlinked_lock_is_refused_and_its_target_untouched(tmp_path: Path,
                                                              victim: Path) -> None:
    before = victim.read_bytes()
    record = Record(tmp_path / "r.json")
    record.lock_path.symlink_to(victim)
    with pytest.raises(RecordError) as error:
        record.add_entry(entry())
    assert "symbolic link" in str(error.value) and f"rm {record.lock_path}" in str(error.value)
    assert victim.read_bytes() == before and os.stat(victim).st_uid == NOBODY
    assert not record.path.exists()


def test_a_dangling_lock_symlink_creates_nothing(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    target = tmp_path / "victim-new-file"
    record.lock_path.symlink_to(target)
    with pytest.raises(RecordError, match="symbolic link"):
        record.add_entry(entry())
    assert not target.exists()


def test_another_users_lock_file_is_refused(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    record.lock_path.write_text("")
    owned_by_nobody(record.lock_path)
    with pytest.raises(RecordError, match="not a file of yours"):
        record.add_entry(entry())
    assert not record.path.exists()


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "-1", "five", "1e", "0x10"])
def test_a_lock_timeout_that_is_not_seconds_is_a_usage_error(value: str, monkeypatch) -> None:
    monkeypatch.setenv("ALNCO_LOCK_TIMEOUT", value)
    with pytest.raises(UsageError) as error:
        lock.lock_timeout()
    assert "ALNCO_LOCK_TIMEOUT" in str(error.value) and error.value.exit_code == 2


@pytest.mark.parametrize("value, seconds", [("", 5.0), ("  ", 5.0), ("0", 0.0), ("2.5", 2.5),
                                            ("1e9", lock.MAX_TIMEOUT), ("601", 600.0)])
def test_a_lock_timeout_is_read_and_capped(value: str, seconds: float, monkeypatch) -> None:
    monkeypatch.setenv("ALNCO_LOCK_TIMEOUT", value)
    assert lock.lock_timeout() == seconds


def test_a_bad_lock_timeout_stops_a_write_before_anything_is_touched(tmp_path: Path,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("ALNCO_LOCK_TIMEOUT", "nan")
    with pytest.raises(UsageError):
        Record(tmp_path / "new" / "r.json", create_folder=True).add_entry(entry())
    assert not (tmp_path / "new").exists()


# ------------------------------------------------------------------ backups


def two_writes(record: Record) -> None:
    record.add_entry(entry("one"))
    record.add_entry(entry("two"))  # the second write makes the day's backup


def test_a_symlinked_backups_folder_is_not_followed(tmp_path: Path, victim: Path) -> None:
    before = snapshot_tree(victim.parent)
    warnings, warn = collect()
    record = Record(tmp_path / "r.json", warn=warn)
    backups_dir(record.path).symlink_to(victim.parent, target_is_directory=True)
    two_writes(record)
    record.add_entry(entry("three"))
    assert [e.title for e in Record(record.path).read().entries] == ["one", "two", "three"]
    assert snapshot_tree(victim.parent) == before
    assert len(warnings) == 1  # once, though two writes could not back up
    assert "symbolic link" in warnings[0] and f"rm {backups_dir(record.path)}" in warnings[0]
    assert list_backups(record.path) == [] and latest_backup(record.path) is None


def test_a_backups_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    warnings, warn = collect()
    record = Record(tmp_path / "r.json", warn=warn)
    folder = backups_dir(record.path)
    folder.mkdir(mode=0o700)
    planted = folder / "r-2026-11-02.json"
    planted.write_text('{"entries": {}}')
    owned_by_nobody(planted)
    owned_by_nobody(folder)
    before = snapshot_tree(folder)
    two_writes(record)
    assert len(record.read().entries) == 2
    assert snapshot_tree(folder) == before
    assert warnings and "belongs to another user" in warnings[0] and "mv " in warnings[0]
    assert latest_backup(record.path) is None


def test_a_backups_folder_others_can_open_is_not_used(tmp_path: Path) -> None:
    warnings, warn = collect()
    record = Record(tmp_path / "r.json", warn=warn)
    folder = backups_dir(record.path)
    folder.mkdir()
    folder.chmod(0o755)
    two_writes(record)
    assert list(folder.iterdir()) == []
    assert warnings and f"chmod 700 {folder}" in warnings[0]
    folder.chmod(0o700)
    record.add_entry(entry("three"))
    assert len(list_backups(record.path)) == 1


def test_a_backups_folder_that_is_a_file_is_left_alone(tmp_path: Path) -> None:
    warnings, warn = collect()
    record = Record(tmp_path / "r.json", warn=warn)
    backups_dir(record.path).write_text("not a folder")
    two_writes(record)
    assert backups_dir(record.path).read_text() == "not a folder"
    assert warnings and "not a folder" in warnings[0]


def test_migration_is_refused_without_a_safe_backups_folder(tmp_path: Path,
                                                           victim: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"entries": {"1": {"date": "2026-01-05", "title": "Old",
                                                  "hours": "2"}}}))
    path.chmod(0o600)
    original = path.read_bytes()
    backups_dir(path).symlink_to(victim.parent, target_is_directory=True)
    before = snapshot_tree(victim.parent)
    with pytest.raises(RecordError) as error:
        Record(path).add_entry(entry())
    assert "no backup could be made" in str(error.value) and "symbolic link" in str(error.value)
    assert path.read_bytes() == original
    assert snapshot_tree(victim.parent) == before


def test_a_symlink_under_todays_backup_name_is_replaced_not_followed(
        tmp_path: Path, victim: Path) -> None:
    record = Record(tmp_path / "r.json")
    record.add_entry(entry("one"))
    folder = backups_dir(record.path)
    folder.mkdir(mode=0o700)
    today = folder / backups.daily_name(record.path, datetime.now(timezone.utc))
    today.symlink_to(victim)
    before = victim.read_bytes()
    record.add_entry(entry("two"))
    assert victim.read_bytes() == before
    assert not today.is_symlink() and mode(today) == 0o600
    assert json.loads(today.read_text())["entries"]  # a real copy of the record


def test_backups_are_private_and_written_whole(tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    two_writes(record)
    folder = backups_dir(record.path)
    assert mode(folder) == 0o700
    names = [p.name for p in folder.iterdir()]
    assert len(names) == 1 and not names[0].startswith(".")  # no temp file left
    assert mode(folder / names[0]) == 0o600


def test_a_failed_backup_leaves_no_file_under_a_backup_name_and_saves_the_record(
        tmp_path: Path, monkeypatch) -> None:
    warnings, warn = collect()
    record = Record(tmp_path / "r.json", warn=warn)
    record.add_entry(entry("one"))
    real_fsync, calls = os.fsync, []

    def full_disk_once(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:  # the backup's temp file is the first fsync of the write
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk_once)
    record.add_entry(entry("two"))
    monkeypatch.undo()
    assert warnings and "No space left on device" in warnings[0]
    assert list(backups_dir(record.path).iterdir()) == []
    assert [e.title for e in Record(record.path).read().entries] == ["one", "two"]


def test_pruning_touches_only_alncos_own_daily_backups(tmp_path: Path, victim: Path) -> None:
    record_path = tmp_path / "r.json"
    Record(record_path).add_entry(entry())
    folder = backups_dir(record_path)
    folder.mkdir(mode=0o700)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for day in range(20):
        backups.daily_backup(record_path, now=start + timedelta(days=day))
    foreign = folder / "r-2025-01-01.json"  # oldest of all, but not ours
    foreign.write_text("{}")
    owned_by_nobody(foreign)
    keep = {name: folder / name for name in (
        "notes.json", "r-2025-01-02.json.bak", "other-2025-01-03.json", "r-2025-1-4.json",
        "r-pre-v0-20250101T000000000000.json")}
    for path in keep.values():
        path.write_text("{}")
    link = folder / "r-2025-01-05.json"
    link.symlink_to(victim)
    before_victim = victim.read_bytes()
    backups.daily_backup(record_path, now=start + timedelta(days=20))
    daily = sorted(p.name for p in folder.iterdir() if p.name.startswith("r-2026-"))
    assert daily == [f"r-{(start + timedelta(days=d)):%Y-%m-%d}.json" for d in range(7, 21)]
    assert foreign.exists() and os.stat(foreign).st_uid == NOBODY
    assert all(path.exists() for path in keep.values())
    assert link.is_symlink() and victim.read_bytes() == before_victim


def test_the_corrupt_record_message_names_only_a_backup_of_ours_that_parses(
        tmp_path: Path) -> None:
    record = Record(tmp_path / "r.json")
    two_writes(record)
    folder = backups_dir(record.path)
    good = list_backups(record.path)[0]
    age(good, 3 * 86400)
    newer_theirs = folder / "r-2026-11-01.json"  # parses, newer, but someone else's
    newer_theirs.write_text(good.read_text())
    owned_by_nobody(newer_theirs)
    age(newer_theirs, 2 * 86400)
    newer_broken = folder / "r-2026-11-02.json"  # ours and newest, but does not parse
    newer_broken.write_text('{"entries": {"1": ')
    age(newer_broken, 86400)
    newest_elsewhere = folder / "planted-newest.json"  # not one of alnco's names
    newest_elsewhere.write_text(good.read_text())
    record.path.write_text("{broken")
    with pytest.raises(RecordError) as error:
        Record(record.path).read()
    message = str(error.value)
    assert str(good) in message
    for name in (newer_theirs, newer_broken, newest_elsewhere):
        assert str(name) not in message
    good.write_text("[]")  # now no backup is usable
    with pytest.raises(RecordError, match="no backup was found"):
        Record(record.path).read()


# ------------------------------------------------------------------ temp files


def plant_temp(folder: Path, name: str, seconds_old: float) -> Path:
    path = folder / name
    path.write_text('{"entries": {"1": {"title": "half a rec')
    age(path, seconds_old)
    return path


def test_old_temp_files_of_ours_are_removed_on_the_next_write(tmp_path: Path,
                                                              victim: Path) -> None:
    record = Record(tmp_path / "r.json")
    two_writes(record)
    folder = backups_dir(record.path)
    hour = STALE_TEMP_SECONDS
    old = plant_temp(tmp_path, ".r.json.abcd1234.tmp", hour + 60)
    fresh = plant_temp(tmp_path, ".r.json.fresh_12.tmp", 60)
    old_backup = plant_temp(folder, ".r-2026-11-03.json.zz99zz99.tmp", hour + 60)
    fresh_backup = plant_temp(folder, ".r-2026-11-03.json.yy88yy88.tmp", 60)
    theirs = plant_temp(tmp_path, ".r.json.nobody12.tmp", hour + 60)
    owned_by_nobody(theirs)
    other_record = plant_temp(tmp_path, ".other.json.abcd1234.tmp", hour + 60)
    not_ours = plant_temp(tmp_path, ".r.json.abc.tmp", hour + 60)  # not mkstemp's shape
    link = tmp_path / ".r.json.link1234.tmp"
    link.symlink_to(victim)
    age(link, hour + 60)
    before_victim = victim.read_bytes()

    record.read()  # reading removes nothing
    assert old.exists() and old_backup.exists()
    record.add_entry(entry("three"))

    assert not old.exists() and not old_backup.exists()
    assert fresh.exists() and fresh_backup.exists()
    assert theirs.exists() and other_record.exists() and not_ours.exists()
    assert link.is_symlink() and victim.read_bytes() == before_victim


def test_a_temp_name_taken_by_a_symlink_is_never_written_through(
        tmp_path: Path, victim: Path, monkeypatch) -> None:
    """Temp names are random; force a clash to show O_EXCL | O_NOFOLLOW holds."""
    record = Record(tmp_path / "r.json")
    record.add_entry(entry("one"))
    folder = backups_dir(record.path)
    folder.mkdir(mode=0o700)
    name = backups.daily_name(record.path, datetime.now(timezone.utc))
    (folder / f".{name}.aaaaaaaa.tmp").symlink_to(victim)
    suffixes = iter(["aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr(backups, "random_suffix", lambda: next(suffixes))
    before = victim.read_bytes()
    record.add_entry(entry("two"))
    assert victim.read_bytes() == before
    assert (folder / f".{name}.aaaaaaaa.tmp").is_symlink()
    assert (folder / name).is_file() and not (folder / name).is_symlink()


# ------------------------------------------------------------------ as a real other user


def test_another_user_cannot_replace_a_root_record_in_their_folder(shared_tmp: Path) -> None:
    """Without the owner check, rename() in their own folder would replace root's record."""
    folder = shared_tmp / "nobody-home"
    folder.mkdir(mode=0o700)
    record = Record(folder / "r.json")
    record.add_entry(entry("root's"))
    record.path.chmod(0o644)  # readable by them, so only the owner check stands in the way
    os.chown(folder, NOBODY, NOBODY)
    before = record.path.read_bytes()
    result = as_nobody(
        "import sys\n"
        "from datetime import date\nfrom decimal import Decimal\n"
        "from alnco.errors import RecordError\nfrom alnco.model import Entry\n"
        "from alnco.store.record import Record\n"
        "warnings = []\n"
        "r = Record(sys.argv[1], warn=warnings.append)\n"
        "print(len(r.read().entries), len(warnings), warnings[0] if warnings else '')\n"
        "try:\n"
        "    r.add_entry(Entry(title='x', date=date(2026, 1, 1), hours=Decimal(1)))\n"
        "except RecordError as e:\n"
        "    print('refused', e)\n",
        str(record.path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1 1 ") and "belongs to another user" in lines[0]
    assert lines[1].startswith("refused") and "belongs to another user" in lines[1]
    assert record.path.read_bytes() == before and os.stat(record.path).st_uid == 0


def test_another_user_is_stopped_by_a_lock_symlink_to_roots_file(shared_tmp: Path) -> None:
    folder = shared_tmp / "nobody-home"
    folder.mkdir(mode=0o700)
    os.chown(folder, NOBODY, NOBODY)
    target = shared_tmp / "roots.txt"
    target.write_text("root's\n")
    lock_link = folder / "r.json.lock"
    lock_link.symlink_to(target)
    os.chown(lock_link, NOBODY, NOBODY, follow_symlinks=False)
    result = as_nobody(
        "import sys\n"
        "from datetime import date\nfrom decimal import Decimal\n"
        "from alnco.errors import RecordError\nfrom alnco.model import Entry\n"
        "from alnco.store.record import Record\n"
        "try:\n"
        "    Record(sys.argv[1]).add_entry(Entry(title='x', date=date(2026, 1, 1),"
        " hours=Decimal(1)))\n"
        "except RecordError as e:\n"
        "    print('refused', e)\n",
        str(folder / "r.json"))
    assert result.returncode == 0, result.stderr
    assert "refused" in result.stdout and "symbolic link" in result.stdout
    assert target.read_text() == "root's\n"
    assert not (folder / "r.json").exists()


def test_a_record_temp_name_taken_by_a_symlink_is_never_written_through(
        tmp_path: Path, victim: Path, monkeypatch) -> None:
    import tempfile

    record = Record(tmp_path / "r.json")
    record.add_entry(entry("one"))
    link = tmp_path / ".r.json.aaaaaaaa.tmp"
    link.symlink_to(victim)
    monkeypatch.setattr(tempfile, "_get_candidate_names",
                        lambda: iter(["aaaaaaaa", "bbbbbbbb"]))
    before = victim.read_bytes()
    record.add_entry(entry("two"))
    assert victim.read_bytes() == before and link.is_symlink()
    assert [e.title for e in Record(record.path).read().entries] == ["one", "two"]


def test_a_fifo_in_place_of_the_record_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    os.mkfifo(path)
    for action in (Record(path).read, lambda: Record(path).add_entry(entry())):
        with pytest.raises(RecordError, match="not a regular file"):
            action()


def test_doctor_reports_what_alnco_will_refuse(tmp_path: Path, victim: Path) -> None:
    from alnco.store.health import check_record

    record = Record(tmp_path / "r.json")
    two_writes(record)
    folder = backups_dir(record.path)
    folder.rename(tmp_path / "moved")
    folder.symlink_to(victim.parent, target_is_directory=True)
    record.lock_path.unlink()
    record.lock_path.symlink_to(victim)
    owned_by_nobody(record.path)
    found = {(c.what, c.status): c.detail for c in check_record(record.path)}
    assert "belongs to another user" in found[("owner", "problem")]
    assert "symbolic link" in found[("backups", "warning")]
    assert "symbolic link" in found[("lock", "warning")]
    assert victim.read_bytes() == b"someone else's data\n"
