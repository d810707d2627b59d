"""alnco.evidence, the API the CLI and the app share: copies named by their hash,
private, all or none, within the size limit, removed when nothing uses them."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco import evidence
from alnco.errors import InputError, UnknownEntry
from alnco.model import Entry


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def folder_names(ctx) -> list[str]:
    folder = evidence.evidence_folder(ctx.record_path)
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_files_are_copied_private_and_named_by_their_hash(ctx, entry, files) -> None:
    added = evidence.add_files(ctx, entry.id[:8], [files["cert.pdf"], files["notes.txt"]])
    assert [ef.name for ef in added] == ["cert.pdf", "notes.txt"]
    folder = evidence.evidence_folder(ctx.record_path)
    assert folder == ctx.record_path.with_name("record.evidence")
    assert mode(folder) == 0o700
    for ef, name in zip(added, ["cert.pdf", "notes.txt"]):
        stored = evidence.stored_path(ctx.record_path, ef)
        assert stored.name == ef.sha256 == sha(files[name])
        assert stored.read_bytes() == files[name].read_bytes()
        assert mode(stored) == 0o600
        assert ef.size == files[name].stat().st_size and ef.entry_id == entry.id
    assert folder_names(ctx) == sorted(ef.sha256 for ef in added)  # no temp files left
    listed = evidence.files_for(ctx.record.read(), entry.id)
    assert {ef.name for ef in listed} == {"cert.pdf", "notes.txt"}
    assert all(isinstance(ef, evidence.EvidenceFile) for ef in listed)


def test_the_documents_have_the_contract_fields(ctx, entry, files) -> None:
    evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    data = json.loads(ctx.record_path.read_text())
    (doc,) = data["evidence_files"].values()
    assert set(doc) == {"entry_id", "sha256", "name", "size", "added_at"}
    assert doc["entry_id"] == entry.id and doc["added_at"].endswith("+00:00")


def test_the_same_content_is_attached_once_per_entry_and_stored_once(ctx, entry, files,
                                                                     tmp_path) -> None:
    copy = tmp_path / "copy-of-notes.txt"
    copy.write_bytes(files["notes.txt"].read_bytes())
    evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    again = evidence.add_files(ctx, entry.id, [copy, files["notes.txt"]])
    assert again == []
    other = Entry(title="Another", date=date(2026, 10, 2), hours=Decimal(1))
    ctx.record.add_entry(other)
    assert len(evidence.add_files(ctx, other.id, [copy])) == 1
    assert folder_names(ctx) == [sha(copy)]
    assert len(evidence.documents(ctx.record.read())) == 2


def test_nothing_is_attached_if_any_file_is_refused(ctx, entry, files, tmp_path) -> None:
    before = ctx.record_path.read_bytes()
    for bad, words in [(tmp_path / "missing.pdf", "does not exist"),
                       (tmp_path, "is a folder")]:
        with pytest.raises(InputError, match=words) as caught:
            evidence.add_files(ctx, entry.id, [files["cert.pdf"], bad])
        assert caught.value.app_message
        assert ctx.record_path.read_bytes() == before
        assert folder_names(ctx) == []


def test_a_fifo_is_refused_without_hanging(ctx, entry, tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        evidence.add_files(ctx, entry.id, [fifo])
    with pytest.raises(InputError, match="not a regular file"):
        evidence.add_files(ctx, entry.id, [Path("/dev/null")])


def test_a_symlink_the_user_names_is_their_choice(ctx, entry, files, tmp_path) -> None:
    link = tmp_path / "link.pdf"
    link.symlink_to(files["cert.pdf"])
    (ef,) = evidence.add_files(ctx, entry.id, [link])
    assert ef.name == "link.pdf" and ef.sha256 == sha(files["cert.pdf"])
    assert not os.path.islink(evidence.stored_path(ctx.record_path, ef))


def test_the_size_limit_defaults_to_20_mb_and_can_be_set(ctx, entry, tmp_path, env) -> None:
    assert evidence.max_file_bytes(ctx) == 20 * 1024 * 1024
    big = tmp_path / "big.bin"
    with open(big, "wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(InputError, match="over the limit of 20 MB"):
        evidence.add_files(ctx, entry.id, [big])
    config = Path(env["XDG_CONFIG_HOME"]) / "alnco" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[evidence]\nmax_file_mb = 1\n")
    small = tmp_path / "small.bin"
    small.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(InputError, match="over the limit of 1.0 MB"):
        evidence.add_files(ctx, entry.id, [small])
    config.write_text("[evidence]\nmax_file_mb = 25\n")
    assert len(evidence.add_files(ctx, entry.id, [big])) == 1


def test_the_system_layer_sets_the_limit_when_the_user_does_not(ctx, env, tmp_path) -> None:
    system = Path(env["ALNCO_SYSTEM_DIR"])
    system.mkdir(mode=0o755)
    (system / "defaults.toml").write_text("[evidence]\nmax_file_mb = 5\n")
    (system / "defaults.toml").chmod(0o644)
    from alnco import trust

    if trust.check(system / "defaults.toml") is not None:
        pytest.skip("the test folder could be changed by others: the system layer is ignored")
    assert evidence.max_file_bytes(ctx) == 5 * 1024 * 1024


def test_a_bad_limit_warns_and_the_default_stands(ctx, env, capsys) -> None:
    config = Path(env["XDG_CONFIG_HOME"]) / "alnco" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[evidence]\nmax_file_mb = \"lots\"\n")
    ctx.stderr = sys.stderr
    assert evidence.max_file_bytes(ctx) == 20 * 1024 * 1024
    assert "max_file_mb" in capsys.readouterr().err


def test_an_unknown_entry_is_refused_before_anything_is_copied(ctx, entry, files) -> None:
    with pytest.raises(UnknownEntry):
        evidence.add_files(ctx, "ffffffff", [files["cert.pdf"]])
    assert folder_names(ctx) == []


def test_remove_by_name_or_hash_prefix_deletes_the_copy_only_when_unused(ctx, entry,
                                                                         files) -> None:
    other = Entry(title="Another", date=date(2026, 10, 2), hours=Decimal(1))
    ctx.record.add_entry(other)
    evidence.add_files(ctx, entry.id, [files["cert.pdf"], files["notes.txt"]])
    evidence.add_files(ctx, other.id, [files["notes.txt"]])
    gone = evidence.remove_file(ctx, entry.id[:8], "notes.txt")
    assert gone.name == "notes.txt"
    assert sha(files["notes.txt"]) in folder_names(ctx)  # the other entry still has it
    gone = evidence.remove_file(ctx, entry.id, sha(files["cert.pdf"])[:8])
    assert gone.name == "cert.pdf"
    assert folder_names(ctx) == [sha(files["notes.txt"])]
    assert files["cert.pdf"].exists()  # the user's own file is never touched
    with pytest.raises(InputError, match="no file named"):
        evidence.remove_file(ctx, entry.id, "cert.pdf")


def test_an_ambiguous_name_asks_for_the_hash(ctx, entry, tmp_path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "cert.pdf").write_bytes(folder.encode() * 100)
    evidence.add_files(ctx, entry.id, [tmp_path / "a" / "cert.pdf", tmp_path / "b" / "cert.pdf"])
    with pytest.raises(InputError, match="matches 2 files"):
        evidence.remove_file(ctx, entry.id, "cert.pdf")


def test_drop_entry_and_forget_remove_what_only_that_entry_used(ctx, entry, files) -> None:
    evidence.add_files(ctx, entry.id, [files["cert.pdf"]])
    with ctx.record.transaction() as tx:
        tx.remove(entry.id)
        hashes = evidence.drop_entry(tx, entry.id)
    assert hashes == [sha(files["cert.pdf"])]
    assert evidence.forget(ctx.record, hashes) == hashes
    assert folder_names(ctx) == []
    assert evidence.documents(ctx.record.read()) == []


def test_verify_finds_nothing_wrong_in_a_sound_folder(ctx, entry, files) -> None:
    evidence.add_files(ctx, entry.id, list(files.values()))
    assert evidence.verify(ctx.record_path, ctx.record.read()) == []


def test_verify_finds_missing_altered_unsafe_and_unexpected(ctx, entry, files) -> None:
    added = evidence.add_files(ctx, entry.id, list(files.values()))
    folder = evidence.evidence_folder(ctx.record_path)
    by_name = {ef.name: ef for ef in added}
    (folder / by_name["cert.pdf"].sha256).unlink()
    (folder / by_name["notes.txt"].sha256).write_bytes(b"changed")
    (folder / by_name["slides.pptx"].sha256).chmod(0o644)
    (folder / ("e" * 64)).write_bytes(b"stray")
    (folder / "holiday.jpg").write_bytes(b"stray")
    found = {(p.kind, Path(p.path).name) for p in evidence.verify(ctx.record_path,
                                                                  ctx.record.read())}
    assert found == {("missing", by_name["cert.pdf"].sha256),
                     ("altered", by_name["notes.txt"].sha256),
                     ("unsafe", by_name["slides.pptx"].sha256),
                     ("unexpected", "e" * 64), ("unexpected", "holiday.jpg")}


def test_checked_path_and_read_blob_refuse_an_altered_copy(ctx, entry, files) -> None:
    (ef,) = evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    assert evidence.read_blob(ctx.record_path, ef) == files["notes.txt"].read_bytes()
    assert evidence.checked_path(ctx.record_path, ef).name == ef.sha256
    evidence.stored_path(ctx.record_path, ef).write_bytes(b"forged")
    with pytest.raises(InputError, match="altered"):
        evidence.checked_path(ctx.record_path, ef)
    with pytest.raises(InputError, match="altered"):
        evidence.read_blob(ctx.record_path, ef)


@pytest.mark.parametrize("doc", [
    {"entry_id": "e", "sha256": "../../etc/passwd", "name": "x", "size": 1, "added_at": ""},
    {"entry_id": "e", "sha256": "A" * 64, "name": "x", "size": 1, "added_at": ""},
    {"entry_id": "e", "sha256": "a" * 64, "name": "../x", "size": 1, "added_at": ""},
    {"entry_id": "e", "sha256": "a" * 64, "name": "x", "size": -1, "added_at": ""},
    {"entry_id": "", "sha256": "a" * 64, "name": "x", "size": 1, "added_at": ""},
    ["not", "an", "object"],
])
def test_a_damaged_document_is_never_used_as_a_path(doc) -> None:
    with pytest.raises(ValueError):
        evidence.EvidenceFile.from_dict(doc)


def test_an_entry_removed_while_copying_leaves_nothing_behind(ctx, entry, files,
                                                              monkeypatch) -> None:
    real = evidence._stage_source

    def stage_then_remove(dir_fd, source, limit):
        staged = real(dir_fd, source, limit)
        with ctx.record.transaction() as tx:  # another session removes the entry
            tx.remove(entry.id)
        return staged

    monkeypatch.setattr(evidence, "_stage_source", stage_then_remove)
    with pytest.raises(UnknownEntry, match="removed in another session"):
        evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    assert folder_names(ctx) == [] and evidence.documents(ctx.record.read()) == []


def test_a_save_that_fails_after_the_copies_are_placed_leaves_nothing(ctx, entry, files,
                                                                      monkeypatch) -> None:
    real = evidence.place
    before = ctx.record_path.read_bytes()

    def place_then_fail(dir_fd, staged, created=None):
        staged = list(staged)
        real(dir_fd, staged[:1], created)  # the first is placed, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(evidence, "place", place_then_fail)
    with pytest.raises(InputError, match="nothing was attached: cannot copy .*No space"):
        evidence.add_files(ctx, entry.id, [files["cert.pdf"], files["notes.txt"]])
    assert ctx.record_path.read_bytes() == before
    assert folder_names(ctx) == []


def test_tidy_clears_what_an_undoable_removal_left(ctx, entry, files) -> None:
    other = Entry(title="Another", date=date(2026, 10, 2), hours=Decimal(1))
    ctx.record.add_entry(other)
    evidence.add_files(ctx, entry.id, [files["cert.pdf"], files["notes.txt"]])
    evidence.add_files(ctx, other.id, [files["notes.txt"]])
    with ctx.record.transaction() as tx:  # as the app removes an entry: documents kept
        tx.remove(entry.id)
    assert {p.kind for p in evidence.verify(ctx.record_path, ctx.record.read())} == {"orphan"}
    assert evidence.tidy(ctx.record) == [sha(files["cert.pdf"])]
    assert folder_names(ctx) == [sha(files["notes.txt"])]
    assert [ef.entry_id for ef in evidence.documents(ctx.record.read())] == [other.id]
    assert evidence.verify(ctx.record_path, ctx.record.read()) == []


def test_an_abandoned_copy_is_cleared_by_the_next_add(ctx, entry, files) -> None:
    evidence.add_files(ctx, entry.id, [files["notes.txt"]])
    folder = evidence.evidence_folder(ctx.record_path)
    old = folder / ".incoming-0123456789abcdef.tmp"
    fresh = folder / ".incoming-fedcba9876543210.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"in progress")
    os.utime(old, (1, 1))
    (problem,) = [p for p in evidence.verify(ctx.record_path, ctx.record.read())
                  if Path(p.path) == old]
    assert problem.kind == "unexpected" and "interrupted" in problem.detail
    evidence.add_files(ctx, entry.id, [files["cert.pdf"]])
    assert not old.exists() and fresh.exists()  # another session's copy may be running
