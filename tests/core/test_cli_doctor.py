"""`alnco doctor` reports problems and changes nothing."""

from __future__ import annotations

from pathlib import Path

from alnco.store import lock
from alnco.store.schema import CURRENT_VERSION


def test_healthy_record(alnco, record_path: Path) -> None:
    alnco("log", "add", "--title", "x", "--hours", "1")
    result = alnco("doctor")
    assert result.returncode == 0, result.stdout
    assert f"1 entry, schema version {CURRENT_VERSION}" in result.stdout
    assert "problem" not in result.stdout


def test_corrupt_and_unsafe_records_exit_3_unchanged(alnco, record_path: Path) -> None:
    record_path.write_text("{broken")
    record_path.chmod(0o666)
    result = alnco("doctor")
    assert result.returncode == 3
    assert "unreadable" in result.stdout and "chmod 600" in result.stdout
    assert record_path.read_text() == "{broken"
    assert record_path.stat().st_mode & 0o777 == 0o666


def test_a_held_lock_is_reported(alnco, record_path: Path) -> None:
    alnco("log", "add", "--title", "x", "--hours", "1")
    with lock.exclusive(record_path.with_name(record_path.name + ".lock")):
        result = alnco("doctor")
    assert "held by another alnco session" in result.stdout


def test_leftover_temp_files_are_reported(alnco, record_path: Path) -> None:
    alnco("log", "add", "--title", "x", "--hours", "1")
    (record_path.parent / f".{record_path.name}.abc123.tmp").write_text("{")
    assert "interrupted save" in alnco("doctor").stdout


def test_a_bad_today_names_the_option(alnco) -> None:
    result = alnco("log", "list", "--today", "someday")
    assert result.returncode == 1
    assert result.stderr.startswith("alnco: error: --today / ALNCO_TODAY: 'someday'")
