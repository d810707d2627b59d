"""Copies of the record: one a day before its first change, and one before any migration.

They live in `<record stem>.backups/` beside the record, folder 0700 and files
0600, so a corrupt record always has a named, recent copy to restore from.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

KEEP_DAILY = 14


def backups_dir(record: Path) -> Path:
    return record.with_name(record.stem + ".backups")


def list_backups(record: Path) -> list[Path]:
    """Backups, newest first."""
    folder = backups_dir(record)
    try:
        found = [p for p in folder.iterdir() if p.suffix == ".json"]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def latest_backup(record: Path) -> Path | None:
    found = list_backups(record)
    return found[0] if found else None


def _copy(record: Path, target: Path) -> Path:
    folder = target.parent
    folder.mkdir(mode=0o700, exist_ok=True)
    data = record.read_bytes()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return target


def daily_backup(record: Path, now: datetime | None = None) -> Path | None:
    """Copy the record once a day, before the day's first change; prune old copies."""
    if not record.exists():
        return None
    now = now or datetime.now(timezone.utc)
    target = backups_dir(record) / f"{record.stem}-{now:%Y-%m-%d}.json"
    if target.exists():
        return None
    made = _copy(record, target)
    daily = [p for p in list_backups(record) if "-pre-v" not in p.name]
    for old in daily[KEEP_DAILY:]:
        old.unlink(missing_ok=True)
    return made


def migration_backup(record: Path, version: int, now: datetime | None = None) -> Path:
    """Copy the record before migrating it from schema `version`; never pruned."""
    now = now or datetime.now(timezone.utc)
    target = backups_dir(record) / f"{record.stem}-pre-v{version}-{now:%Y%m%dT%H%M%S%f}.json"
    return _copy(record, target)
