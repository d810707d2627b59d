"""kill -9 at random moments: no saved entry lost, never a broken record or backup."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alnco.store import backups
from alnco.store.record import Record
from alnco.store.storage import STALE_TEMP_SECONDS, record_temp_pattern

WRITER = r"""
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from alnco.model import Entry
from alnco.store import backups
from alnco.store.record import Record

path, start = sys.argv[1], int(sys.argv[2])
record = Record(path, lock_timeout=60)
base = datetime(2026, 1, 1, tzinfo=timezone.utc)
for i in range(start, start + 10_000):
    record.add_entry(Entry(title=f"t{i}", date=date(2026, 1, 1), hours=Decimal(1)))
    print(i, flush=True)  # only after add_entry returned: this entry is saved
    # and a backup written (and old ones pruned) on every round, to be killed mid-way too
    backups.daily_backup(record.path, now=base + timedelta(days=i))
"""


@pytest.mark.slow
def test_sigkill_soak_loses_nothing_and_leaves_nothing_broken(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    rng = random.Random(1627)
    saved: set[str] = set()
    next_i = 0
    kills = 0
    deadline = time.monotonic() + 60
    while kills < 40 and time.monotonic() < deadline:
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(next_i)],
                                stdout=subprocess.PIPE, text=True)
        time.sleep(0.15 + rng.random() * 0.25)  # start-up, then a random moment of writing
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
        kills += proc.returncode == -signal.SIGKILL
        done = [int(line) for line in out.split()]
        saved.update(f"t{i}" for i in done)
        next_i = (max(done) + 1 if done else next_i) + 1  # never reuse a title

        titles = {e.title for e in Record(path).read().entries} if path.exists() else set()
        assert saved <= titles, f"lost {sorted(saved - titles)[:5]}"
        folder = backups.backups_dir(path)
        names = [p.name for p in folder.iterdir()] if folder.exists() else []
        for name in names:
            if name.startswith("."):
                assert backups.backup_temp_pattern(path).fullmatch(name), name
            else:  # anything under a backup's name is a whole record
                json.loads((folder / name).read_text())
        assert len([n for n in names if not n.startswith(".")]) <= backups.KEEP_DAILY + 1
        for leftover in tmp_path.glob(".r.json.*"):
            assert record_temp_pattern(path).fullmatch(leftover.name)
    assert kills >= 20 and len(saved) > 20

    # The next write clears every abandoned temp file (once it is old enough).
    old = time.time() - STALE_TEMP_SECONDS - 60
    temps = list(tmp_path.glob(".r.json.*.tmp")) + list(backups.backups_dir(path).glob(".*.tmp"))
    for temp in temps:
        os.utime(temp, (old, old))
    from alnco.model import Entry
    from datetime import date
    from decimal import Decimal

    Record(path).add_entry(Entry(title="after", date=date(2026, 1, 1), hours=Decimal(1)))
    assert all(not temp.exists() for temp in temps)
