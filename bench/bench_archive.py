"""The archive round trip (issue 13): a record with 200 entries and 50 evidence files.

The files are random bytes (PDFs and photos are compressed already, so they do
not shrink either), 50 KB to 2 MB, log-uniform: about 25 MB in all. Measured as
a user runs them, whole processes:

- `alnco export --format archive -o FILE.zip --force`, against `python -c pass`,
  the plain JSON export of the same record, and the stdlib zipfile writing the
  same bytes in process (the floor: reading and zipping 25 MB);
- `alnco import FILE.zip` into an empty record (every hash checked, every file
  copied, fsynced and renamed into place), against the stdlib unzipping and
  hashing the same archive in process;
- the archive's size against the bytes it holds.

Prints figures and ratios; never fails on time (machines are noisy). Run it from
/tmp against a non-editable install:
    python3 -m venv /tmp/bv && /tmp/bv/bin/pip install -q /work/main
    cd /tmp && /tmp/bv/bin/python /work/main/bench/bench_archive.py
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from alnco.context import Context
from alnco.model import Entry, Profile

ENTRIES = 200
FILES = 50
SMALLEST, LARGEST = 50 * 1024, 2 * 1024 * 1024
REPEATS = 5
TODAY = date(2026, 11, 3)


def make_record(folder: Path, rng: random.Random) -> tuple[dict[str, str], int]:
    """A record of ENTRIES entries with FILES files attached; its environment, and the
    bytes of the files."""
    from alnco import evidence

    data = folder / "data"
    data.mkdir(mode=0o700)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")},
           "ALNCO_RECORD": str(data / "record.json"), "ALNCO_TODAY": TODAY.isoformat(),
           "ALNCO_SYSTEM_DIR": str(folder / "etc"), "XDG_CONFIG_HOME": str(folder / "config"),
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    ctx = Context.from_options(environ=env)
    made = [Entry(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                  title=f"Professional learning session {n} ŵ",
                  date=TODAY - timedelta(days=rng.randrange(0, 900)),
                  hours=Decimal(rng.choice(["0.5", "1", "1.5", "2", "3"])),
                  tasks=tuple(sorted(rng.sample("abcdefgh", 2))),
                  reflection="What I learnt, in two sentences. It helped.")
            for n in range(ENTRIES)]
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Bench Mark", setting="school"))
        tx.add_many(made)
    sources = folder / "sources"
    sources.mkdir()
    total = 0
    for n in range(FILES):
        size = int(math.exp(rng.uniform(math.log(SMALLEST), math.log(LARGEST))))
        path = sources / (f"certificate-{n}.pdf" if n % 2 else f"photo-{n}.jpg")
        path.write_bytes(rng.randbytes(size))
        total += size
        evidence.add_files(ctx, made[n * ENTRIES // FILES].id, [path])
    return env, total


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd="/tmp", capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()}")
    return elapsed


def raw_zip(record: Path, json_path: Path, target: Path) -> None:
    """The floor: the same bytes zipped by the stdlib, no checks (JSON deflated, the
    incompressible files stored, as alnco chooses for them)."""
    folder = record.with_name(record.stem + ".evidence")
    with zipfile.ZipFile(target, "w") as zf:
        zf.write(json_path, "alnco-export.json", compress_type=zipfile.ZIP_DEFLATED)
        for blob in sorted(folder.iterdir()):
            zf.write(blob, "evidence/" + blob.name, compress_type=zipfile.ZIP_STORED)


def raw_unzip(source: Path, target: Path) -> None:
    """The floor for import: extract and hash every member, nothing else."""
    with zipfile.ZipFile(source) as zf:
        for info in zf.infolist():
            digest = hashlib.sha256()
            with zf.open(info) as member, open(target / info.filename.replace("/", "_"),
                                               "wb") as out:
                while chunk := member.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
                os.fsync(out.fileno())


def timed(fn) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    import alnco

    print(f"alnco from {Path(alnco.__file__).parent}")
    if "/work/main" in alnco.__file__:
        print("warning: this is the editable install; use a non-editable one (see docstring)")
    rng = random.Random(13)
    folder = Path(tempfile.mkdtemp(prefix="alnco-bench-archive-", dir="/tmp"))
    try:
        env, total = make_record(folder, rng)
        record = Path(env["ALNCO_RECORD"])
        py = sys.executable
        archive, plain = folder / "all.zip", folder / "all.json"
        rows: dict[str, list[float]] = {name: [] for name in (
            "python -c pass", "export json", "stdlib zip", "export archive",
            "stdlib unzip+hash", "import archive")}
        for n in range(REPEATS):
            rows["python -c pass"].append(run([py, "-c", "pass"], env))
            rows["export json"].append(run([py, "-m", "alnco", "export", "--format", "json",
                                            "-o", str(plain), "--force"], env))
            rows["stdlib zip"].append(timed(lambda: raw_zip(record, plain, folder / "raw.zip")))
            rows["export archive"].append(run([py, "-m", "alnco", "export", "--format",
                                               "archive", "-o", str(archive), "--force"], env))
            unzipped = folder / f"unzipped-{n}"
            unzipped.mkdir()
            rows["stdlib unzip+hash"].append(timed(lambda: raw_unzip(archive, unzipped)))
            shutil.rmtree(unzipped)
            there = folder / f"restored-{n}"
            there.mkdir(mode=0o700)
            rows["import archive"].append(run([py, "-m", "alnco", "import", str(archive)],
                                              {**env, "ALNCO_RECORD": str(there / "r.json")}))
            shutil.rmtree(there)
        best = {name: min(times) for name, times in rows.items()}
        median = {name: statistics.median(times) for name, times in rows.items()}
        print(f"record: {ENTRIES} entries, {FILES} evidence files, "
              f"{total / 2**20:.1f} MiB of files; {REPEATS} interleaved runs")
        print(f"{'':22} {'best':>8} {'median':>8}")
        for name in rows:
            print(f"{name:22} {best[name] * 1000:7.0f}ms {median[name] * 1000:7.0f}ms")
        print(f"export archive / stdlib zip (in process)      "
              f"{median['export archive'] / median['stdlib zip']:.2f}x")
        print(f"export archive / export json                  "
              f"{median['export archive'] / median['export json']:.2f}x")
        print(f"export archive / (export json + stdlib zip)   "
              f"{median['export archive'] / (median['export json'] + median['stdlib zip']):.2f}x")
        print(f"import archive / stdlib unzip+hash            "
              f"{median['import archive'] / median['stdlib unzip+hash']:.2f}x")
        startup = median["python -c pass"]
        print(f"export archive - export json (the files' cost) "
              f"{(median['export archive'] - median['export json']) * 1000:.0f} ms; "
              f"python -c pass {startup * 1000:.0f} ms")
        size, raw = archive.stat().st_size, (folder / "raw.zip").stat().st_size
        print(f"archive size {size / 2**20:.2f} MiB = {size / total:.3f}x the files' bytes "
              f"(JSON {plain.stat().st_size / 1024:.0f} KiB before deflate); "
              f"stdlib zip of the same {raw / 2**20:.2f} MiB")
        print(f"round trip (export + import), median "
              f"{(median['export archive'] + median['import archive']) * 1000:.0f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
