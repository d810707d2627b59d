"""`alnco status --short` at login (issue 10): whole-process time as a ratio to
`python -c pass`, both measured in this run, interleaved, from a NON-editable
install (an editable install's .pth finder adds ~8 ms to every Python start and
would halve the ratio; see shared/reference/MEASURED.md). Never asserts times.

Cases: no record (what everyone who is not an ALNCO pays at each login); a
record of 200 entries logged the usual way (task letters copied from the
catalogue: the catalogue is not read); the same with one old entry that takes
its letters from its module (the catalogue is read); `alnco log list` for
reference; `alnco log add` (issue 12: it and `status --short` at most 4x).
The Welsh case shows what reading the translations adds. The commands run
without ALNCO_TODAY, as at a real login: a date given as numbers loads the date
parser, decimal and calendar (about 3 ms on a login without a record) that no
user pays.

Each case prints its median wall time and its median CPU time (user + system,
from the kernel's accounting of the finished child), each as a ratio to the same
figure for `python -c pass`. On a shared machine the CPU figure is the steadier
one: time spent waiting for a CPU is in the wall time only.

    .venv/bin/python bench/bench_status.py
    BENCH_STATUS_PYTHON=/opt/alnco/bin/python .venv/bin/python bench/bench_status.py

Without BENCH_STATUS_PYTHON it builds a throw-away venv with `pip install .`
(about 20 s; dependencies come from pip's cache or the package index).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
REPO = Path(__file__).resolve().parents[1]


def installed_python(tmp: Path) -> Path:
    chosen = os.environ.get("BENCH_STATUS_PYTHON")
    if chosen:
        return Path(chosen)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(REPO)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return venv / "bin" / "python"


WRITER = r"""
import sys
from datetime import date
from decimal import Decimal
from alnco.model import Entry, Profile
from alnco.store.record import Record

path, count, untagged = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
entries = []
for i in range(count):
    planned = i % 20 == 0 and i >= untagged
    year = 2022 + (i * 4) // count + (1 if planned else 0)
    entries.append(Entry(
        title=f"Learning {i}: person-centred practice and IDPs",
        date=date(2026, 10, 1) if i < untagged else date(year, 1 + i % 12, 1 + i % 27),
        hours=Decimal("1.5"),
        status="planned" if planned else "completed",
        module_id="idp-writing" if i % 3 == 0 or i < untagged else None,
        tasks=() if i < untagged else ("abcdefgh"[i % 8], "abcdefgh"[(i + 3) % 8]),
        mode="online", reflection="A short reflection."))
record = Record(path)
record.set_profile(Profile(name="Ceri Jones", ewc_number="123456", setting="school",
                           institution="Ysgol", designated_on=date(2023, 9, 1)))
with record.transaction() as tx:
    tx.add_many(entries)
"""


def write_record(python: Path, path: Path, entries: int, untagged: int = 0) -> None:
    """A record like a few years of use (written by the installed alnco itself)."""
    subprocess.run([str(python), "-c", WRITER, str(path), str(entries), str(untagged)],
                   check=True, env={**os.environ, "ALNCO_TODAY": "2026-11-03"})


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time of one run (the CPU time of the children this
    process has waited for grows by the run's own)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"{cmd} failed: {result.stderr.decode()[-500:]}")
    return elapsed, cpu


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        python = installed_python(tmp)
        alnco = python.with_name("alnco")
        check = subprocess.run([str(python), "-c", "import alnco, sys; print(alnco.__file__)"],
                               capture_output=True, text=True, check=True, cwd=tmp)
        print(f"alnco from {check.stdout.strip()} (python {python})")
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
        base_env.update(ALNCO_SYSTEM_DIR=str(tmp / "etc"), XDG_DATA_HOME=str(tmp / "xdg"),
                        LANG="C.UTF-8")
        usual, untagged = tmp / "usual.json", tmp / "untagged.json"
        write_record(python, usual, 200)
        write_record(python, untagged, 200, untagged=1)
        cases = {
            "python -c pass": ([str(python), "-c", "pass"], {}),
            "status --short, no record": ([str(alnco), "status", "--short"],
                                          {"ALNCO_RECORD": str(tmp / "none.json")}),
            "status --short, 200 entries": ([str(alnco), "status", "--short"],
                                            {"ALNCO_RECORD": str(usual)}),
            "status --short, reads catalogue": ([str(alnco), "status", "--short"],
                                                {"ALNCO_RECORD": str(untagged)}),
            "status --short, 200 entries, Welsh": ([str(alnco), "--lang", "cy", "status",
                                                    "--short"], {"ALNCO_RECORD": str(usual)}),
            "status (long), 200 entries": ([str(alnco), "status"], {"ALNCO_RECORD": str(usual)}),
            "log list, 200 entries": ([str(alnco), "log", "list"], {"ALNCO_RECORD": str(usual)}),
            "log add": ([str(alnco), "log", "add", "--title", "Bench", "--hours", "1.5", "--date",
                         "yesterday"], {"ALNCO_RECORD": str(tmp / "added.json")}),
        }
        for cmd, extra in cases.values():  # warm the page cache and .pyc files
            timed(cmd, {**base_env, **extra})
        for name, (cmd, extra) in cases.items():  # catalogue, TinyDB, TOML: read where meant?
            if name.startswith("status"):
                probe = subprocess.run([str(python), "-X", "importtime", "-m", "alnco", *cmd[1:]],
                                       text=True, capture_output=True, env={**base_env, **extra})
                loaded = {line.rpartition("|")[2].strip() for line in probe.stderr.splitlines()}
                said = {label: "yes" if module in loaded else "no" for label, module in (
                    ("reads the catalogue", "alnco.catalogue.layers"),
                    ("loads TinyDB", "tinydb"), ("parses TOML", "tomllib"))}
                print(f"status   {name:<34} " + ", ".join(f"{k}: {v}" for k, v in said.items()))
        wall: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for _round in range(ROUNDS):  # interleaved, so drift hits every case alike
            for name, (cmd, extra) in cases.items():
                elapsed, used = timed(cmd, {**base_env, **extra})
                wall[name].append(elapsed)
                cpu[name].append(used)
        wall_floor = statistics.median(wall["python -c pass"])
        cpu_floor = statistics.median(cpu["python -c pass"])
        for name in cases:
            median, cpu_median = statistics.median(wall[name]), statistics.median(cpu[name])
            line = (f"status   {name:<34} median {median * 1000:7.1f} ms "
                    f"{median / wall_floor:5.2f}x   cpu {cpu_median * 1000:6.1f} ms "
                    f"{cpu_median / cpu_floor:5.2f}x")
            if name.startswith("status --short") or name == "log add":
                line += "   (target <= 4x)"
            print(line)


if __name__ == "__main__":
    main()
