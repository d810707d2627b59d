"""Core benchmarks (issue 2). Prints figures and ratios against baselines measured
in the same run; never asserts times.

1. `alnco log add` as a whole process vs `python -c pass` (target <= 4x; run it
   from a NON-editable install, whose interpreter starts ~8 ms faster).
2. A durable, locked insert at 1,000 existing entries vs TinyDB's default
   JSONStorage insert at 1,000 documents (target <= 1.0x).
3. 4 processes x 250 concurrent inserts, 10 trials: entries kept, file valid.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from tinydb import TinyDB

from alnco.model import Entry
from alnco.store.record import Record

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_process(tmp: Path) -> None:
    env = {**os.environ, "ALNCO_RECORD": str(tmp / "proc.json"), "ALNCO_TODAY": "2026-11-03"}
    base, add = [], []
    for i in range(ROUNDS):  # interleaved so drift hits both alike
        base.append(timed([sys.executable, "-c", "pass"], env))
        add.append(timed([sys.executable, "-m", "alnco", "log", "add", "--title", f"t{i}",
                          "--hours", "1.5", "--date", "yesterday"], env))
    b, a = statistics.median(base), statistics.median(add)
    print(f"process  python -c pass       median {b * 1000:7.1f} ms")
    print(f"process  alnco log add        median {a * 1000:7.1f} ms   ratio {a / b:5.2f}x (target <= 4x)")


def sample_doc(i: int) -> dict:
    return Entry(title=f"Module {i} on individual development plans", date=date(2026, 1, 1),
                 hours=Decimal("1.5"), tasks=("a", "c"), evidence="https://example.org/e",
                 reflection="A short reflection on practice.", mode="online").to_dict()


def bench_insert(tmp: Path, existing: int = 1000, inserts: int = 50) -> None:
    docs = [sample_doc(i) for i in range(existing)]
    tiny_path = tmp / "tiny.json"
    db = TinyDB(tiny_path)  # TinyDB's default: JSONStorage, json, in-place + fsync
    db.table("entries").insert_multiple(docs)
    table = db.table("entries")
    tiny = []
    for i in range(inserts):
        start = time.perf_counter()
        table.insert(sample_doc(existing + i))
        tiny.append(time.perf_counter() - start)
    db.close()

    record = Record(tmp / "record.json")
    with record.transaction() as tx:
        tx.add_many([Entry.from_dict(d) for d in docs])
    ours = []
    for i in range(inserts):
        entry = Entry.from_dict({**sample_doc(existing + i), "id": f"id-{i}"})
        start = time.perf_counter()
        record.add_entry(entry)  # lock + read + atomic write + fsync file and folder
        ours.append(time.perf_counter() - start)
    cold = []
    for i in range(inserts):  # a new Record each time: parses the file, as one CLI call does
        entry = Entry.from_dict({**sample_doc(existing + i), "id": f"cold-{i}"})
        start = time.perf_counter()
        Record(tmp / "record.json").add_entry(entry)
        cold.append(time.perf_counter() - start)
    t, o, c = statistics.median(tiny), statistics.median(ours), statistics.median(cold)
    print(f"insert   TinyDB JSONStorage   median {t * 1000:7.2f} ms  @{existing} docs")
    print(f"insert   alnco Record         median {o * 1000:7.2f} ms  ratio {o / t:5.2f}x (target <= 1.0x)")
    print(f"insert   alnco, cold Record   median {c * 1000:7.2f} ms  ratio {c / t:5.2f}x (no parse cache)")


WRITER = """
import sys
from datetime import date
from decimal import Decimal
from alnco.model import Entry
from alnco.store.record import Record
r = Record(sys.argv[1], lock_timeout=120)
for i in range(250):
    r.add_entry(Entry(title=f"{sys.argv[2]}-{i}", date=date(2026, 1, 1), hours=Decimal(1)))
"""


def bench_concurrency(tmp: Path, trials: int = 10) -> None:
    good = 0
    times = []
    for trial in range(trials):
        path = tmp / f"conc-{trial}.json"
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n)])
                 for n in range(4)]
        ok = all(p.wait() == 0 for p in procs)
        times.append(time.perf_counter() - start)
        try:
            entries = json.loads(path.read_text())["entries"]
            kept = len({d["title"] for d in entries.values()})
        except (ValueError, KeyError):
            kept = -1
        good += ok and kept == 1000
    print(f"concurrent 4 procs x 250 inserts: {good}/{trials} trials with 1000 entries and a "
          f"valid file (median {statistics.median(times):.1f} s per trial)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        bench_process(tmp)
        bench_insert(tmp)
        bench_concurrency(tmp)


if __name__ == "__main__":
    main()
