"""Export and report speed against the plain-library baselines, in one run.

- `alnco report` over 300 exports x 200 entries vs json.load of the same files
  (target: at most 2x), in process (with the default jobs, and with one) and
  as whole processes typed at a prompt;
- CSV export of 20,000 entries vs the bare csv module writing the same rows
  (target: at most 1.5x).
Prints figures and ratios; never fails on time (machines are noisy). The
national cohort (1,500 people) and the `alnco cohort` app: bench/bench_cohort.py.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from alnco.context import Context
from alnco.exports.csv_export import render_csv, rows
from alnco.exports.document import ExportData, render_json
from alnco.model import Entry, Profile

TODAY = date(2026, 11, 3)
REPEATS = 7


def entries(rng: random.Random, count: int) -> list[Entry]:
    made = []
    for n in range(count):
        planned = rng.random() < 0.1
        day = TODAY + timedelta(days=rng.randrange(1, 150)) if planned else \
            TODAY - timedelta(days=rng.randrange(0, 900))
        made.append(Entry(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            title=f"Professional learning session {n} ŵ", date=day,
            hours=Decimal(rng.choice(["0.5", "1", "1.5", "2", "3"])),
            status="planned" if planned else "completed",
            module_id=rng.choice([None, "aln-code-essentials"]),
            mode="online", tasks=tuple(sorted(rng.sample("abcdefgh", 2))),
            evidence="notes.pdf", reflection="What I learnt, in two sentences. It helped.",
            created_at="2026-01-01T00:00:00.000+00:00",
            updated_at="2026-01-01T00:00:00.000+00:00"))
    return made


def data(profile: Profile, made: list[Entry]) -> ExportData:
    return ExportData(profile=profile, entries=made, framework="alnco-school-2021",
                      today=TODAY, exported_at=datetime(2026, 11, 4, tzinfo=timezone.utc))


def _time(fn) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def compare(baseline, ours, repeats: int = REPEATS) -> tuple[float, float, float]:
    """Best times of each, run interleaved (so a noisy neighbour hits both), and
    the median of the per-pair ratios."""
    base_times, our_times = [], []
    for _ in range(repeats):
        base_times.append(_time(baseline))
        our_times.append(_time(ours))
    ratios = [o / b for o, b in zip(our_times, base_times)]
    return min(base_times), min(our_times), statistics.median(ratios)


def bench_report(folder: Path) -> None:
    from alnco.catalogue.layers import load_catalogue
    from alnco.exports.cohort import _Assessor, expand, read_cohort
    from alnco.exports.document import load
    from alnco.exports.parallel import default_jobs
    from alnco.exports.report_formats import render_table

    rng = random.Random(1)
    for n in range(300):
        profile = Profile(name=f"Person {n}", ewc_number=str(100000 + n),
                          institution=f"Ysgol {n % 20}", setting="fei" if n % 5 == 0 else "school")
        (folder / f"export-{n:03d}.json").write_bytes(render_json(data(profile, entries(rng, 200))))
    files, _problems = expand([str(folder)])
    environ = {"ALNCO_SYSTEM_DIR": str(folder / "etc")}
    ctx = Context.from_options(record=str(folder / "none.json"), today=TODAY.isoformat(),
                               environ=environ)
    catalogue = load_catalogue(ctx, warn=False)
    jobs = default_jobs()

    def baseline() -> None:
        for path in files:
            with open(path, encoding="utf-8") as handle:
                json.load(handle)

    def report(jobs: int) -> None:  # what `alnco report` does once its modules are loaded
        cohort = read_cohort(ctx, [], TODAY, catalogue=catalogue, files=files, summary=True,
                             jobs=jobs)
        assert len(cohort.people) == 300, cohort.problems[:3]
        render_table(cohort)

    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"report, 300 exports x 200 entries ({size:.1f} MB), {jobs} job(s) by default "
          f"on this machine:")
    base, ours, median = compare(baseline, lambda: report(jobs))
    print(f"  json.load of the files         {base * 1000:8.1f} ms")
    print(f"  alnco report, {jobs} job(s)          {ours * 1000:8.1f} ms   ratio "
          f"{ours / base:.2f}x of bests, {median:.2f}x median of pairs (target <= 2x)")
    if jobs > 1:
        base, ours, median = compare(baseline, lambda: report(1))
        print(f"  alnco report --jobs 1          {ours * 1000:8.1f} ms   ratio "
              f"{ours / base:.2f}x of bests, {median:.2f}x median of pairs")

    documents = []

    def read_all() -> None:  # as read_cohort does it: collector paused
        gc.disable()
        try:
            documents[:] = [load(p) for p in files]
        finally:
            gc.enable()

    reading = min(_time(read_all) for _ in range(3))
    assessor = _Assessor(ctx, catalogue, TODAY)
    assessing = min(_time(lambda: [assessor.person(d, []) for d in documents])
                    for _ in range(3))
    print(f"    one process: reading + checking the files {reading * 1000:8.1f} ms "
          f"({reading / base:.2f}x json.load)")
    print(f"    one process: the progress engine          {assessing * 1000:8.1f} ms "
          f"({assessing / base:.2f}x json.load)")
    documents.clear()
    bench_report_command(folder, environ)


def bench_report_command(folder: Path, environ: dict[str, str]) -> None:
    """The whole command as a person runs it (interpreter start, imports, the
    shipped catalogue, output) against a process that only json.loads the files."""
    import os
    import subprocess

    env = {**os.environ, **environ, "ALNCO_TODAY": TODAY.isoformat(),
           "ALNCO_RECORD": str(folder / "none.json")}
    # An installed alnco has its bytecode compiled (pip does it); a checkout
    # compiles on first import, so let it write the cache, and warm it first.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    load_only = [sys.executable, "-c",
                 "import json, pathlib, sys\n"
                 "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
                 "    with open(p, encoding='utf-8') as h: json.load(h)\n", str(folder)]
    command = [sys.executable, "-m", "alnco", "report", str(folder), "--format", "json"]

    def run(argv: list[str]):
        # Run from the temp folder: `python -m alnco` in a checkout would import the
        # checkout, not the installed alnco being measured.
        return lambda: subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True,
                                      cwd=folder)

    run(command)()
    base, ours, median = compare(run(load_only), run(command), repeats=5)
    print("  whole processes, as typed at a prompt:")
    print(f"    python json.load-ing the files    {base * 1000:8.1f} ms")
    print(f"    alnco report --format json        {ours * 1000:8.1f} ms   ratio "
          f"{ours / base:.2f}x of bests, {median:.2f}x median of pairs")
    base, ours, median = compare(run(load_only), run([*command, "--jobs", "1"]), repeats=5)
    print(f"    alnco report ... --jobs 1         {ours * 1000:8.1f} ms   ratio "
          f"{ours / base:.2f}x of bests, {median:.2f}x median of pairs")


def bench_csv() -> None:
    rng = random.Random(2)
    profile = Profile(name="Siân Ŵyn Jones", ewc_number="123456", institution="Ysgol Aberâ")
    export = data(profile, entries(rng, 20_000))
    prepared = list(rows(export))  # the same cells, for the baseline

    def baseline() -> None:
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["h"] * 14)
        writer.writerows(prepared)
        out.getvalue().encode("utf-8")

    def ours() -> None:
        render_csv(export)

    base, mine, median = compare(baseline, ours)
    print("csv export, 20,000 entries:")
    print(f"  bare csv module, same rows {base * 1000:8.1f} ms")
    print(f"  alnco csv export           {mine * 1000:8.1f} ms   ratio {mine / base:.2f}x "
          f"of bests, {median:.2f}x median of pairs (target <= 1.5x)")


def main() -> int:
    print(f"python {sys.version.split()[0]}; {REPEATS} interleaved runs of each")
    bench_csv()
    with tempfile.TemporaryDirectory() as folder:
        bench_report(Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
