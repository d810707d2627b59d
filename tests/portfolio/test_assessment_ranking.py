"""Suggestions rank the weakest-rated tasks first: what a user sees under "Suggested
next" in `alnco progress` (and the dashboard, through `Progress.next_steps`)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.progress.model import Progress, RequirementResult

TODAY = "2026-11-03"


def result(rid: str, status: str, suggestions: tuple[str, ...]) -> RequirementResult:
    return RequirementResult(id=rid, title=rid, kind="task_coverage", basis="local",
                             citation="", status=status, fraction=0.0, reason="",
                             evidence=(), suggestions=suggestions)


def progress(focus: dict[str, int]) -> Progress:
    return Progress(as_of=date(2026, 11, 3), framework="f", framework_title="",
                    requirements=(result("x", "behind", ("m1", "m2", "m3")),
                                  result("y", "not_started", ("m4", "m5")),
                                  result("z", "on_track", ("m6", "m7"))),
                    hours_this_year=Decimal(0), hours_target=None, focus=focus)


def test_without_ratings_the_order_is_unchanged() -> None:
    assert progress({}).next_steps() == ("m1", "m2", "m3", "m4", "m5")


def test_the_weakest_rated_come_first_ties_in_the_old_order() -> None:
    focus = {"m1": 3, "m2": 4, "m3": 3, "m4": 3, "m5": 3, "m6": 1, "m7": 2}
    # m6 and m7 were beyond the first five; rated weakest, they lead.
    assert progress(focus).next_steps() == ("m6", "m7", "m1", "m3", "m4")
    assert progress({m: 3 for m in focus}).next_steps() == ("m1", "m2", "m3", "m4", "m5")


# ------------------------------------------------------------------ as the user sees it

@pytest.fixture
def alnco(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(tmp_path / "data" / "record.json"), ALNCO_TODAY=TODAY,
               ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"), XDG_DATA_HOME=str(tmp_path / "xdg"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8")
    (tmp_path / "data").mkdir(mode=0o700)

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "alnco", *args], capture_output=True,
                              text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return done
    run("profile", "set", "--name", "Ann", "--setting", "school", "--designated-on",
        "2024-09-01")
    return run


def suggested(alnco) -> list[str]:
    lines = alnco("progress").stdout.split("Suggested next:\n", 1)[1].splitlines()
    return [line.split()[0] for line in lines if line.startswith("  ")]


def tasks_of(module_ids: list[str]) -> list[tuple[str, ...]]:
    from alnco.catalogue.layers import load_catalogue
    from alnco.context import Context

    ctx = Context.from_options(record="/nonexistent/r.json", today=TODAY,
                               environ={"ALNCO_SYSTEM_DIR": "/nonexistent"})
    modules = load_catalogue(ctx, warn=False).modules
    return [tuple(modules[m].tasks) for m in module_ids]


def test_progress_suggests_learning_for_the_weakest_task_first(alnco) -> None:
    before = suggested(alnco)
    assert len(before) == 5
    # Rated every line 3 (the middle): ties, so nothing moves.
    alnco("assess", "set", *[f"{x}=3" for x in "abcdefgh"], "--on", "2026-09-10")
    assert suggested(alnco) == before
    # Confident everywhere but records and IDPs (c).
    alnco("assess", "set", *[f"{x}=5" for x in "abdefgh"], "c=1")
    after = suggested(alnco)
    assert after != before
    covers_c = ["c" in tasks for tasks in tasks_of(after)]
    assert covers_c[0], after
    assert covers_c == sorted(covers_c, reverse=True), "every (c) module before the others"
    # `progress --on` a day before the new ratings shows the order as it stood then.
    assert suggested_on(alnco, "2026-11-02") == before


def suggested_on(alnco, day: str) -> list[str]:
    lines = alnco("progress", "--on", day).stdout.split("Suggested next:\n", 1)[1].splitlines()
    return [line.split()[0] for line in lines if line.startswith("  ")]
