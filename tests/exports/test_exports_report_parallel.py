"""`alnco report` reading in worker processes: the same answer as one process,
a clear error when a worker dies, and Ctrl+C that stops everything quietly.
All of these fork real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from cohort_files import duplicate, write_cohort

from alnco.context import Context
from alnco.errors import AlncoError
from alnco.exports.cohort import read_cohort
from alnco.exports.parallel import PARALLEL_FROM, map_in_workers, worth_forking
from alnco.exports.report_formats import person_json

AS_OF = date(2026, 11, 3)


def _cohort_folder(tmp_path: Path) -> Path:
    """Enough files to be worth forking, with broken ones and a duplicate person."""
    folder = tmp_path / "inbox"
    paths = write_cohort(folder, people=PARALLEL_FROM + 6, entries=12)
    (folder / "truncated.json").write_text(paths[3].read_text()[:300])
    (folder / "other.json").write_text('{"format": "something-else"}')
    duplicate(paths[4], folder / "older-copy.json", "2020-01-01T00:00:00.000+00:00")
    return folder


def _as_data(cohort) -> dict:
    return {"people": [person_json(p) for p in cohort.people], "problems": cohort.problems,
            "requirements": cohort.requirements,
            "whose": [(p.source, p.owner, p.ewc_shared_with, p.stamp) for p in cohort.people]}


def test_workers_give_the_same_people_order_and_problems_as_one_process(tmp_path) -> None:
    folder = _cohort_folder(tmp_path)
    ctx = Context.from_options(record=str(tmp_path / "record.json"), today=AS_OF.isoformat(),
                               environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})
    serial = read_cohort(ctx, [str(folder)], AS_OF, summary=True, jobs=1)
    files = len(list(folder.glob("*.json")))
    assert worth_forking(files, 2)  # so the second read really forks
    forked = read_cohort(ctx, [str(folder)], AS_OF, summary=True, jobs=2)
    assert _as_data(forked) == _as_data(serial)
    assert len(serial.people) == PARALLEL_FROM + 6
    assert any("truncated.json" in p for p in serial.problems)
    assert any("older-copy.json" in p and "same EWC number" in p for p in serial.problems)
    assert all(p.owner and len(p.stamp) == 5 for p in forked.people)  # read in the workers
    # A summary keeps what the report shows and drops what it does not.
    full = read_cohort(ctx, [str(folder)], AS_OF)
    assert _as_data(full) == _as_data(serial)
    assert all(p.entries == [] for p in forked.people)
    assert all(r.evidence == () for p in forked.people for r in p.progress.requirements)
    assert any(r.evidence for p in full.people for r in p.progress.requirements)


def _pid_of_worker(path: Path) -> int:
    return os.getpid()


def test_work_really_runs_in_other_processes_in_file_order(tmp_path) -> None:
    files = [tmp_path / f"{n}.json" for n in range(20)]
    pids = map_in_workers(_pid_of_worker, files, jobs=2)
    assert len(pids) == 20 and os.getpid() not in pids
    named = map_in_workers(_name_of, files, jobs=2)
    assert named == [f"{n}.json" for n in range(20)]


def _name_of(path: Path) -> str:
    return path.name


def _die_on_the_fifth(path: Path) -> str:
    if path.name == "5.json":
        os._exit(9)  # as the out-of-memory killer would leave it
    return path.name


def test_a_worker_that_dies_is_a_clear_error_not_a_hang(tmp_path) -> None:
    files = [tmp_path / f"{n}.json" for n in range(20)]
    with pytest.raises(AlncoError, match="stopped unexpectedly.*--jobs 1"):
        map_in_workers(_die_on_the_fifth, files, jobs=2)


def test_jobs_must_be_a_whole_number_of_at_least_one(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=2, entries=2)
    for bad in ("0", "-1", "two"):
        result = alnco("report", str(tmp_path / "inbox"), "--jobs", bad)
        assert result.returncode == 2, result.stderr
        assert "--jobs" in result.stderr and "at least 1" in result.stderr
        assert "Traceback" not in result.stderr


def test_report_is_byte_for_byte_the_same_with_one_or_two_jobs(alnco, tmp_path) -> None:
    folder = _cohort_folder(tmp_path)
    one = alnco("report", str(folder), "--format", "json", "--jobs", "1")
    two = alnco("report", str(folder), "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert len(json.loads(two.stdout)["people"]) == PARALLEL_FROM + 6


def test_ctrl_c_stops_the_report_and_every_worker_without_a_traceback(cli_env, tmp_path) -> None:
    # Many hard links to one export: a report long enough to interrupt, for no disk.
    [source] = write_cohort(tmp_path / "one", people=2, entries=200)[1:]
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(3000):
        os.link(source, folder / f"copy-{n:04d}.json")
    process = subprocess.Popen(
        [sys.executable, "-m", "alnco", "report", str(folder), "--jobs", "2"],
        env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # its own process group, as a terminal's foreground job is
    time.sleep(1.0)
    assert process.poll() is None, "the report finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C does: the whole group
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert out == ""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break  # no worker outlived the report
        time.sleep(0.05)
    else:
        pytest.fail("a worker process was still running after the report ended")


def _niceness(path: Path) -> int:
    return os.nice(0)


def test_the_cohort_apps_workers_read_at_a_lower_priority_than_the_app(tmp_path) -> None:
    from alnco.exports.parallel import Workers

    files = [tmp_path / f"{n}.json" for n in range(8)]
    workers = Workers(_niceness, files, 2, nice=5)
    try:
        found = [n for future in workers.futures for n in workers.chunk(future)]
    finally:
        workers.close()
    assert found == [min(os.nice(0) + 5, 19)] * 8  # the app itself keeps its priority
