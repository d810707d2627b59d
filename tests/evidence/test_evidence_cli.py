"""`alnco evidence` and friends, as a user runs them (a real process)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
from pathlib import Path

import pytest

from alnco import evidence


def new_entry(alnco, title: str = "Dyslexia course") -> str:
    done = alnco("log", "add", "--title", title, "--hours", "2")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[1]


def test_add_list_and_rm(alnco, files) -> None:
    short = new_entry(alnco)
    done = alnco("evidence", "add", short, str(files["cert.pdf"]), str(files["notes.txt"]))
    assert done.returncode == 0, done.stderr
    assert "Attached cert.pdf (68 KB)" in done.stdout and "Attached notes.txt" in done.stdout
    table = alnco("evidence", "list", short)
    assert table.returncode == 0 and "cert.pdf" in table.stdout and "notes.txt" in table.stdout
    assert "Dyslexia course" in table.stdout
    listed = json.loads(alnco("evidence", "list", "--format", "json").stdout)
    assert {row["name"] for row in listed} == {"cert.pdf", "notes.txt"}
    assert set(listed[0]) == {"entry_id", "sha256", "name", "size", "added_at", "stored_path"}
    assert all(Path(row["stored_path"]).name == row["sha256"] for row in listed)
    again = alnco("evidence", "add", short, str(files["notes.txt"]))
    assert again.returncode == 0 and "already attached" in again.stdout
    gone = alnco("evidence", "rm", short, "cert.pdf")
    assert gone.returncode == 0 and "Detached cert.pdf" in gone.stdout
    assert [row["name"] for row in json.loads(
        alnco("evidence", "list", short, "--format", "json").stdout)] == ["notes.txt"]


def test_refusals_are_one_line_and_nothing_is_attached(alnco, files, tmp_path) -> None:
    short = new_entry(alnco)
    os.mkfifo(tmp_path / "pipe")
    for bad, words in [(tmp_path / "nope.pdf", "does not exist"), (tmp_path, "is a folder"),
                       (tmp_path / "pipe", "not a regular file")]:
        done = alnco("evidence", "add", short, str(files["cert.pdf"]), str(bad))
        assert done.returncode == 1
        assert done.stderr.startswith("alnco: error: nothing was attached") and words in done.stderr
        assert done.stderr.count("\n") == 1
    assert json.loads(alnco("evidence", "list", "--format", "json").stdout) == []
    assert alnco("evidence", "add", "zzzzzz", str(files["cert.pdf"])).returncode == 1
    assert alnco("evidence", "add", short).returncode == 2  # FILE is required


def test_open_with_output_redirected_writes_the_bytes(alnco, files) -> None:
    short = new_entry(alnco)
    alnco("evidence", "add", short, str(files["cert.pdf"]), str(files["notes.txt"]))
    done = alnco("evidence", "open", short, "cert.pdf", text=False)
    assert done.returncode == 0 and done.stdout == files["cert.pdf"].read_bytes()
    which = alnco("evidence", "open", short)
    assert which.returncode == 1 and "say which" in which.stderr


def test_open_refuses_an_altered_copy(alnco, files, env) -> None:
    short = new_entry(alnco)
    alnco("evidence", "add", short, str(files["notes.txt"]))
    digest = hashlib.sha256(files["notes.txt"].read_bytes()).hexdigest()
    stored = Path(env["ALNCO_RECORD"]).with_name("record.evidence") / digest
    stored.write_text("forged")
    done = alnco("evidence", "open", short)
    assert done.returncode == 1 and "altered" in done.stderr and done.stdout == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _open_in_terminal(ctx, short: str, name: str | None, environ: dict) -> str:
    import argparse

    from alnco.commands.evidence import open_evidence

    ctx.stdout = Terminal()
    ctx.environ = environ
    open_evidence(ctx, argparse.Namespace(entry_id=short, file=name))
    return ctx.stdout.getvalue()


def test_over_ssh_a_binary_file_says_where_it_is_and_how_to_copy_it(ctx, entry, files) -> None:
    (ef,) = evidence.add_files(ctx, entry.id, [files["cert.pdf"]])
    shown = _open_in_terminal(ctx, entry.id[:8], None, {"PATH": os.defpath,
                                                        "SSH_CONNECTION": "1 2 3 4"})
    assert "no desktop here" in shown
    assert str(evidence.stored_path(ctx.record_path, ef)) in shown
    assert "scp " in shown and f"evidence open {entry.id[:8]} {ef.sha256[:12]} > cert.pdf" in shown


def test_over_ssh_a_text_file_goes_through_the_pager_made_safe(ctx, entry, tmp_path,
                                                               capfd) -> None:
    note = tmp_path / "note.txt"
    note.write_text("line one\n\x1b[2Jcleared?\n")
    evidence.add_files(ctx, entry.id, [note])
    _open_in_terminal(ctx, entry.id, "note.txt", {"PATH": os.defpath, "PAGER": "cat"})
    out = capfd.readouterr().out
    assert "line one" in out and "\\x1b[2Jcleared?" in out and "\x1b" not in out


def test_with_a_desktop_a_private_copy_is_opened_with_xdg_open(ctx, entry, files,
                                                               tmp_path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "seen"
    opener = bin_dir / "xdg-open"
    opener.write_text(f"#!/bin/sh\nprintf '%s' \"$1\" > {seen}\n")
    opener.chmod(0o755)
    (ef,) = evidence.add_files(ctx, entry.id, [files["cert.pdf"]])
    shown = _open_in_terminal(ctx, entry.id, "cert.pdf",
                              {"PATH": str(bin_dir), "DISPLAY": ":0",
                               "XDG_RUNTIME_DIR": str(tmp_path)})
    for _ in range(200):
        if seen.exists() and seen.read_text():
            break
        __import__("time").sleep(0.05)
    copy = Path(seen.read_text())
    assert copy.name == "cert.pdf" and copy.read_bytes() == files["cert.pdf"].read_bytes()
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert copy != evidence.stored_path(ctx.record_path, ef) and "Opened a copy" in shown


def test_log_rm_removes_the_entrys_files_but_not_shared_copies(alnco, files, env) -> None:
    first, second = new_entry(alnco, "One"), new_entry(alnco, "Two")
    alnco("evidence", "add", first, str(files["cert.pdf"]), str(files["notes.txt"]))
    alnco("evidence", "add", second, str(files["notes.txt"]))
    done = alnco("log", "rm", first)
    assert done.returncode == 0 and "Removed its evidence: 2 files" in done.stdout
    folder = Path(env["ALNCO_RECORD"]).with_name("record.evidence")
    assert os.listdir(folder) == [hashlib.sha256(files["notes.txt"].read_bytes()).hexdigest()]
    listed = json.loads(alnco("evidence", "list", "--format", "json").stdout)
    assert [(row["entry_id"][:8], row["name"]) for row in listed] == [(second, "notes.txt")]


def test_doctor_checks_every_hash(alnco, files, env) -> None:
    short = new_entry(alnco)
    alnco("evidence", "add", short, str(files["cert.pdf"]), str(files["notes.txt"]))
    fine = alnco("doctor")
    assert fine.returncode == 0, fine.stdout
    assert "2 files checked against their hashes" in fine.stdout
    folder = Path(env["ALNCO_RECORD"]).with_name("record.evidence")
    digest = hashlib.sha256(files["cert.pdf"].read_bytes()).hexdigest()
    (folder / digest).write_bytes(b"altered")
    (folder / ("0" * 64)).write_bytes(b"stray")
    bad = alnco("doctor")
    assert bad.returncode == 1
    lines = [line for line in bad.stdout.splitlines() if " evidence " in line]
    assert any(line.startswith("problem") and "altered" in line for line in lines)
    assert any(line.startswith("warning") and "not attached to any entry" in line
               for line in lines)
    (folder / digest).unlink()
    assert "missing" in alnco("doctor").stdout


def test_welsh(alnco, files) -> None:
    short = new_entry(alnco)
    done = alnco("--lang", "cy", "evidence", "add", short, str(files["notes.txt"]))
    assert done.returncode == 0 and "Atodwyd" in done.stdout
    empty = alnco("--lang", "cy", "evidence", "add", short, "/nonexistent/x")
    assert "ni atodwyd dim" in empty.stderr


def test_copies_opened_long_ago_are_cleared_without_following_links(tmp_path) -> None:
    from alnco.evidence_elsewhere import OPEN_PREFIX, remove_old_copies

    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    old, new = tmp_path / (OPEN_PREFIX + "old"), tmp_path / (OPEN_PREFIX + "new")
    for folder in (old, new):
        folder.mkdir(mode=0o700)
        (folder / "cert.pdf").write_text("copy")
    (old / "link").symlink_to(victim)
    os.utime(old, (1, 1))
    remove_old_copies(str(tmp_path))
    assert not old.exists() and (new / "cert.pdf").exists()
    assert victim.read_text() == "keep"
