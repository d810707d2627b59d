"""`alnco status [--short]`: one line for a login script, quiet when there is no record,
never writing, never loading Textual or Rich, and reading the catalogue only when the
statuses need it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco.model import Entry
from alnco.store.record import Record


def _setup(alnco) -> None:
    """Designated 1 Sep 2025 (so induction is overdue on 3 Nov 2026), learning for tasks
    a and c, and two plans: one in the past (stale) and one ahead."""
    assert alnco("profile", "set", "--name", "Ceri", "--setting", "school",
                 "--designated-on", "1/9/2025").returncode == 0
    assert alnco("log", "add", "--module", "idp-writing", "--date", "2026-10-01").returncode == 0
    assert alnco("log", "add", "--title", "Old plan", "--date", "2026-10-20", "--hours", "1",
                 "--status", "planned").returncode == 0
    assert alnco("log", "add", "--title", "IDP writing clinic", "--date", "15/1/2027",
                 "--hours", "2", "--status", "planned", "--task", "b").returncode == 0


def _counted(alnco, *extra: str) -> dict[str, int]:
    """The open statuses `alnco progress` reports, recommended lines left out."""
    progress = json.loads(alnco("progress", "--format", "json", *extra).stdout)
    tally: dict[str, int] = {}
    for requirement in progress["requirements"]:
        if requirement["id"] == "postgraduate-aln-qualification":
            continue
        tally[requirement["status"]] = tally.get(requirement["status"], 0) + 1
    return tally


def _words(tally: dict[str, int]) -> str:
    return ", ".join(f"{tally[s]} {w}" for s, w in (
        ("overdue", "overdue"), ("behind", "behind"), ("not_started", "not started"))
        if tally.get(s))


def test_no_record_prints_nothing_exits_0_and_creates_nothing(alnco, tmp_path: Path) -> None:
    for args in (("status",), ("status", "--short")):
        result = alnco(*args)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    # the default record place too: no folder appears just because someone logged in
    env = {"ALNCO_RECORD": ""}
    result = alnco("status", "--short", env=env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_empty_record_is_quiet_too(alnco, record_path: Path) -> None:
    assert alnco("log", "add", "--title", "x", "--hours", "1").returncode == 0
    entry_id = json.loads(alnco("log", "list", "--format", "json").stdout)[0]["id"]
    assert alnco("log", "rm", entry_id).returncode == 0
    assert record_path.exists()
    result = alnco("status")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_one_line_with_the_counts_and_the_next_plan(alnco) -> None:
    _setup(alnco)
    tally = _counted(alnco)
    assert tally.get("overdue") == 1 and tally.get("not_started")  # the scenario is as meant
    result = alnco("status")
    assert result.returncode == 0 and result.stderr == ""
    expected_counts = _words(tally)
    assert result.stdout == (f"Requirements: {expected_counts}; "
                             "next: IDP writing clinic on 15 Jan 2027\n")
    short = alnco("status", "--short")
    assert short.stdout == f"alnco: {expected_counts}; next: 15 Jan 2027\n"


def test_the_counts_follow_the_progress_engine_on_any_day(alnco) -> None:
    _setup(alnco)
    for day in ("2026-11-03", "2027-01-15", "2027-01-16", "2028-10-01"):
        tally = _counted(alnco, "--today", day)
        line = alnco("status", "--short", "--today", day).stdout
        for status, words in (("overdue", "overdue"), ("behind", "behind"),
                              ("not_started", "not started")):
            if tally.get(status):
                assert f"{tally[status]} {words}" in line, (day, line)
            else:
                assert f" {words}" not in line, (day, line)


def test_next_is_the_soonest_plan_from_today_in_words(alnco) -> None:
    _setup(alnco)
    assert "next: IDP writing clinic today" in alnco("status", "--today", "2027-01-15").stdout
    assert "next: tomorrow" in alnco("status", "--short", "--today", "2027-01-14").stdout
    after = alnco("status", "--today", "2027-01-16").stdout
    assert after.endswith("; nothing planned\n")  # a plan whose day has passed is not next
    assert "next" not in alnco("status", "--short", "--today", "2027-01-16").stdout


def test_all_met_or_on_track(alnco, record_path: Path) -> None:
    assert alnco("profile", "set", "--setting", "school", "--name", "Ceri",
                 "--designated-on", "2026-10-01").returncode == 0
    assert alnco("profile", "declare", "school-teacher", "--value", "EWC 123",
                 "--evidence", "register").returncode == 0
    assert alnco("log", "add", "--title", "All tasks", "--date", "2026-10-02", "--hours", "30",
                 "--task", *"abcdefgh").returncode == 0
    for module in ("aln-system-overview", "alnco-role-essentials", "idp-writing"):
        assert alnco("log", "add", "--module", module, "--date", "2026-10-05").returncode == 0
    assert set(_counted(alnco)) == {"met"}
    assert alnco("status").stdout == "Requirements: all met or on track; nothing planned\n"
    assert alnco("status", "--short").stdout == "alnco: all met or on track\n"


def test_welsh(alnco) -> None:
    _setup(alnco)
    line = alnco("--lang", "cy", "status").stdout
    assert line.startswith("Gofynion: 1 yn hwyr, ") and "heb ddechrau" in line
    assert line.endswith("; nesaf: IDP writing clinic ar 15 Ion 2027\n")
    assert alnco("status", "--short", "--lang", "cy", "--today", "2027-01-15").stdout.endswith(
        "; nesaf: heddiw\n")
    assert "pob un" not in line


def test_status_never_writes(alnco, record_path: Path) -> None:
    _setup(alnco)
    before = record_path.read_bytes(), record_path.stat().st_mtime_ns
    folder = sorted(p.name for p in record_path.parent.iterdir())
    assert alnco("status").returncode == 0
    assert (record_path.read_bytes(), record_path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in record_path.parent.iterdir()) == folder


def test_a_record_it_cannot_use_is_one_line_and_the_usual_exit_code(alnco, record_path):
    record_path.write_text("{not json")
    record_path.chmod(0o600)
    result = alnco("status", "--short")
    assert result.returncode == 3 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("alnco: error: "), result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_are_exit_2_and_status_is_in_the_help(alnco) -> None:
    result = alnco("status", "--long")
    assert result.returncode == 2 and result.stderr.startswith("alnco: error: ")
    assert "status" in alnco("--help").stdout


def test_titles_cannot_drive_the_terminal(alnco) -> None:
    _setup(alnco)
    assert alnco("log", "add", "--title", "Plan \x1b[2J\x07 " + "x" * 100, "--date",
                 "2026-11-10", "--hours", "1", "--status", "planned").returncode == 0
    line = alnco("status").stdout
    assert "\x1b" not in line and "\x07" not in line and line.count("\n") == 1
    assert "Plan \\x1b[2J" in line and line.rstrip().endswith("... on 10 Nov 2026")


def _imported(alnco, *args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "alnco", *args],
                            capture_output=True, text=True, env=alnco.env, cwd=alnco.cwd,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return [line.split("|")[-1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:")]


def test_no_textual_no_rich_and_no_catalogue_for_a_usual_record(alnco) -> None:
    _setup(alnco)  # `log add --module` copied the module's task letters into the entry
    imported = _imported(alnco, "status", "--short")
    assert not [m for m in imported if m.startswith(("textual", "rich"))]
    assert "alnco.catalogue.layers" not in imported and "alnco.catalogue.loader" not in imported
    assert "alnco.commands.log" not in imported  # only the status parser was built


def test_the_catalogue_is_read_when_an_entry_takes_its_modules_letters(alnco,
                                                                       record_path) -> None:
    """An entry logged from a module with no letters of its own (an older record, an
    import) counts for the module's tasks: idp-writing's (a) and (c) are then met, as
    `alnco progress` (which always reads the catalogue) says."""
    assert alnco("profile", "set", "--setting", "school", "--name", "Ceri",
                 "--designated-on", "2026-10-01").returncode == 0
    Record(record_path).add_entry(Entry(
        title="IDP writing", date=date(2026, 10, 2), hours=Decimal(4), status="completed",
        module_id="idp-writing", tasks=()))
    tally = _counted(alnco)
    imported = _imported(alnco, "status", "--short")
    assert "alnco.catalogue.layers" in imported
    assert not [m for m in imported if m.startswith(("textual", "rich"))]
    line = alnco("status", "--short").stdout
    assert line == f"alnco: {_words(tally)}\n", (tally, line)
    assert tally["met"] == 2  # tasks (a) and (c), from the catalogue


def test_lazy_modules_are_truthy_without_loading() -> None:
    from alnco.commands.status import _LazyModules

    calls = []

    def load():
        calls.append(1)
        return {"m": "module"}

    modules = _LazyModules(load)
    assert (modules or {}) is modules and calls == []
    assert modules.get("m") == "module" and modules.get("x") is None and calls == [1]
    assert len(modules) == 1 and list(modules) == ["m"] and calls == [1]


def test_the_login_snippet_in_the_admin_guide_is_quiet_without_a_record(tmp_path: Path,
                                                                         cli_env) -> None:
    """docs/admin.md's /etc/profile.d/alnco.sh, run by a login shell: silent for a user
    with no record, one line for one with a record, and never in a non-interactive shell."""
    guide = (Path(__file__).resolve().parents[2] / "docs" / "admin.md").read_text()
    snippet = guide.split("```sh\n# /etc/profile.d/alnco.sh\n", 1)[1].split("```", 1)[0]
    script = tmp_path / "alnco.sh"
    script.write_text(snippet)
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "alnco").write_text(f"#!/bin/sh\nexec {sys.executable} -m alnco \"$@\"\n")
    (shim / "alnco").chmod(0o755)
    env = {**cli_env, "PATH": f"{shim}:{os.environ['PATH']}"}

    def login(interactive: bool) -> subprocess.CompletedProcess:
        flags = ["-i"] if interactive else []
        return subprocess.run(["sh", *flags, "-c", f". {script}; echo done"], env=env,
                              capture_output=True, text=True, timeout=60, cwd=tmp_path,
                              stdin=subprocess.DEVNULL)

    quiet = login(True)
    assert quiet.stdout == "done\n", quiet
    run = subprocess.run([sys.executable, "-m", "alnco", "log", "add", "--title", "x",
                          "--hours", "1"], env=env, capture_output=True, timeout=60)
    assert run.returncode == 0
    assert login(True).stdout.startswith("alnco: ")
    assert login(False).stdout == "done\n"
