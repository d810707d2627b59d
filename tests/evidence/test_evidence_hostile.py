"""The shared-server attacker: the evidence folder or a stored copy swapped for a
link, a folder someone else owns or can read, a copy altered behind alnco's back.
alnco refuses, names the fix, and never reads or writes through what was planted."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from alnco import evidence
from alnco.errors import RecordError

NOBODY = 65534


def folder_of(ctx) -> Path:
    return evidence.evidence_folder(ctx.record_path)


def test_a_symlinked_evidence_folder_is_refused_and_nothing_lands_behind_it(
        ctx, entry, files, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder_of(ctx).symlink_to(elsewhere)
    before = ctx.record_path.read_bytes()
    with pytest.raises(RecordError, match="symbolic link") as caught:
        evidence.add_files(ctx, entry.id, [files["cert.pdf"]])
    assert "mv " in str(caught.value)
    assert os.listdir(elsewhere) == []
    assert ctx.record_path.read_bytes() == before
    (problem,) = evidence.verify(ctx.record_path, ctx.record.read())  # doctor says so too
    assert problem.kind == "folder" and "symbolic link" in problem.detail
    assert os.path.islink(folder_of(ctx))


def test_a_symlinked_folder_is_reported_when_files_are_attached(ctx, entry, files,
                                                                tmp_path) -> None:
    evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    real = tmp_path / "moved"
    folder_of(ctx).rename(real)
    folder_of(ctx).symlink_to(real)
    (problem,) = evidence.verify(ctx.record_path, ctx.record.read())
    assert problem.kind == "folder" and "symbolic link" in problem.detail
    (ef,) = evidence.files_for(ctx.record.read(), entry.id)
    with pytest.raises(RecordError, match="symbolic link"):
        evidence.read_blob(ctx.record_path, ef)


def test_a_copy_replaced_by_a_symlink_is_never_read_through(ctx, entry, files,
                                                            tmp_path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("someone else's secret")
    (ef,) = evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    stored = evidence.stored_path(ctx.record_path, ef)
    stored.unlink()
    stored.symlink_to(secret)
    with pytest.raises(RecordError, match="symbolic link"):
        evidence.checked_path(ctx.record_path, ef)
    with pytest.raises(RecordError, match="symbolic link"):
        evidence.read_blob(ctx.record_path, ef)
    (problem,) = evidence.verify(ctx.record_path, ctx.record.read())
    assert problem.kind == "unsafe" and problem.serious
    # attaching the file again puts a real copy in the link's place; the target is untouched
    other = tmp_path / "again.txt"
    other.write_bytes(files["notes.txt"].read_bytes())
    evidence.forget(ctx.record, [])  # nothing to forget: no-op
    with ctx.record.transaction() as tx:
        evidence.drop_entry(tx, entry.id)
    evidence.add_files(ctx, entry.id, [other])
    assert not stored.is_symlink() and stored.read_bytes() == other.read_bytes()
    assert secret.read_text() == "someone else's secret"


def test_forget_removes_a_planted_link_not_its_target(ctx, entry, files, tmp_path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("keep me")
    (ef,) = evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    stored = evidence.stored_path(ctx.record_path, ef)
    stored.unlink()
    stored.symlink_to(secret)
    evidence.remove_file(ctx, entry.id, "notes.txt")
    assert not os.path.lexists(stored)
    assert secret.read_text() == "keep me"


def test_a_folder_others_can_open_is_refused_with_the_fix(ctx, entry, files) -> None:
    folder_of(ctx).mkdir(mode=0o755)
    folder_of(ctx).chmod(0o755)
    with pytest.raises(RecordError, match="chmod 700"):
        evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    assert os.listdir(folder_of(ctx)) == []


def test_a_copy_others_can_read_is_reported(ctx, entry, files) -> None:
    (ef,) = evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    evidence.stored_path(ctx.record_path, ef).chmod(0o644)
    (problem,) = evidence.verify(ctx.record_path, ctx.record.read())
    assert problem.kind == "unsafe" and "chmod 600" in problem.detail


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_folder_owned_by_another_user_is_refused(ctx, entry, files) -> None:
    folder_of(ctx).mkdir(mode=0o700)
    os.chown(folder_of(ctx), NOBODY, NOBODY)
    with pytest.raises(RecordError, match="belongs to another user"):
        evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    assert os.listdir(folder_of(ctx)) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_a_copy_owned_by_another_user_is_not_used(ctx, entry, files) -> None:
    (ef,) = evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    os.chown(evidence.stored_path(ctx.record_path, ef), NOBODY, NOBODY)
    with pytest.raises(RecordError, match="belongs to another user"):
        evidence.read_blob(ctx.record_path, ef)
    (problem,) = evidence.verify(ctx.record_path, ctx.record.read())
    assert problem.kind == "unsafe"


def test_a_folder_in_place_of_a_copy_is_refused(ctx, entry, files) -> None:
    folder_of(ctx).mkdir(mode=0o700)
    digest = hashlib.sha256(files["notes.txt"].read_bytes()).hexdigest()
    (folder_of(ctx) / digest).mkdir()
    with pytest.raises(RecordError):
        evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    assert evidence.documents(ctx.record.read()) == []
    assert sorted(os.listdir(folder_of(ctx))) == [digest]  # no temp file left


def test_a_file_name_with_control_characters_is_kept_but_shown_safely(ctx, entry,
                                                                      tmp_path) -> None:
    from alnco.output import safe_text

    odd = tmp_path / "evil\x1b]52;c;aGk=\x07.txt"
    odd.write_text("x")
    (ef,) = evidence.add_files(ctx, entry.id, [odd])
    assert ef.name == odd.name
    assert "\x1b" not in safe_text(ef.name, single_line=True)
    assert stat.S_ISREG(os.lstat(evidence.stored_path(ctx.record_path, ef)).st_mode)
