"""Real processes writing one record at once: nothing lost, file always valid."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

WRITER = r"""
import sys
from datetime import date
from decimal import Decimal
from alnco.model import Entry
from alnco.store.record import Record

record = Record(sys.argv[1], lock_timeout=60)
worker = sys.argv[2]
for i in range(int(sys.argv[3])):
    record.add_entry(Entry(title=f"w{worker}-{i}", date=date(2026, 1, 1), hours=Decimal(1)))
"""


def run_writers(path: Path, processes: int, inserts: int) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n), str(inserts)])
        for n in range(processes)
    ]
    for proc in procs:
        assert proc.wait(timeout=300) == 0


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(2))
def test_four_processes_250_inserts_each_lose_nothing(tmp_path: Path, trial: int) -> None:
    path = tmp_path / "record.json"
    run_writers(path, processes=4, inserts=250)
    data = json.loads(path.read_text())  # a valid file
    titles = sorted(doc["title"] for doc in data["entries"].values())
    assert len(titles) == 1000
    assert len(set(titles)) == 1000
    assert len({doc["id"] for doc in data["entries"].values()}) == 1000
