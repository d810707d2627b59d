"""Export and report speed against the plain-library baselines, in one run.

- `alnco report` over 300 exports x 200 entries vs json.load of the same files
  (target: at most 2x);
- CSV export of 20,000 entries vs the bare csv module writing the same rows
  (target: at most 1.5x).
Prints figures and ratios; never fails on time (machines are noisy).
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
    from alnco.exports.cohort import expand, read_cohort

    rng = random.Random(1)
    for n in range(300):
        profile = Profile(name=f"Person {n}", ewc_number=str(100000 + n),
                          institution=f"Ysgol {n % 20}", setting="fei" if n % 5 == 0 else "school")
        (folder / f"export-{n:03d}.json").write_bytes(render_json(data(profile, entries(rng, 200))))
    files, _problems = expand([str(folder)])
    ctx = Context.from_options(record=str(folder / "none.json"), today=TODAY.isoformat(),
                               environ={"ALNCO_SYSTEM_DIR": str(folder / "etc")})
    from alnco.catalogue.layers import load_catalogue

    catalogue = load_catalogue(ctx, warn=False)

    def baseline() -> None:
        for path in files:
            with open(path, encoding="utf-8") as handle:
                json.load(handle)

    def report() -> None:
        cohort = read_cohort(ctx, [], TODAY, catalogue=catalogue, files=files)
        assert len(cohort.people) == 300, cohort.problems[:3]

    base, ours, median = compare(baseline, report)
    from alnco.exports.cohort import _Assessor
    from alnco.exports.document import load

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
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"report, 300 exports x 200 entries ({size:.1f} MB):")
    print(f"  json.load of the files   {base * 1000:8.1f} ms")
    print(f"  alnco report (read+assess){ours * 1000:8.1f} ms   ratio {ours / base:.2f}x "
          f"of bests, {median:.2f}x median of pairs (target <= 2x)")
    print(f"    of which reading + checking the files {reading * 1000:8.1f} ms "
          f"({reading / base:.2f}x json.load)")
    print(f"    of which the progress engine          {assessing * 1000:8.1f} ms "
          f"({assessing / base:.2f}x json.load)")


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
