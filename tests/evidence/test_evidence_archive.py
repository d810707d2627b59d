"""`alnco export --format archive` and `alnco import FILE.zip`: the whole record with
its evidence files, round trip; hostile zips refused with nothing written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

JSON_NAME = "alnco-export.json"


def new_entry(alnco, title: str) -> str:
    done = alnco("log", "add", "--title", title, "--hours", "1.5", "--reflection", "Mine")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[1]


@pytest.fixture
def archive(alnco, files, tmp_path) -> Path:
    first, second = new_entry(alnco, "One"), new_entry(alnco, "Two")
    assert alnco("evidence", "add", first, *map(str, files.values())).returncode == 0
    assert alnco("evidence", "add", second, str(files["notes.txt"])).returncode == 0
    target = tmp_path / "out" / "all.zip"
    target.parent.mkdir()
    done = alnco("export", "--format", "archive", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "2 entries and 3 files" in done.stderr
    return target


def elsewhere(tmp_path: Path, name: str = "restored") -> dict[str, str]:
    folder = tmp_path / name
    folder.mkdir(mode=0o700)
    return {"ALNCO_RECORD": str(folder / "record.json")}


def state(path: Path) -> dict[str, bytes]:
    """Every file under `path`'s folder, for 'nothing was written'."""
    return {str(p): p.read_bytes() for p in sorted(path.parent.rglob("*")) if p.is_file()}


def test_the_archive_holds_the_json_and_every_file_privately(archive, files) -> None:
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert names[0] == JSON_NAME
        document = json.loads(zf.read(JSON_NAME))
        for path in files.values():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            assert zf.read(f"evidence/{digest}") == path.read_bytes()
    assert len(names) == 4
    assert len(document["evidence_files"]) == 4  # notes.txt on both entries, stored once


def test_the_round_trip_preserves_everything(alnco, archive, tmp_path) -> None:
    there = elsewhere(tmp_path)
    dry = alnco("import", str(archive), "--dry-run", env=there)
    assert dry.returncode == 0, dry.stderr
    assert "3 files in the archive, every hash checked; 3 to put in place" in dry.stdout
    assert not Path(there["ALNCO_RECORD"]).exists()
    assert not Path(there["ALNCO_RECORD"]).with_name("record.evidence").exists()
    done = alnco("import", str(archive), env=there)
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout and "3 put in place" in done.stdout
    mine = json.loads(alnco("export", "--format", "json").stdout)
    theirs = json.loads(alnco("export", "--format", "json", env=there).stdout)
    for document in (mine, theirs):
        document.pop("exported_at")
    assert theirs == mine
    assert alnco("doctor", env=there).returncode == 0
    folder = Path(there["ALNCO_RECORD"]).with_name("record.evidence")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    again = alnco("import", str(archive), env=there)
    assert "0 added" in again.stdout and "0 put in place" in again.stdout
    assert json.loads(alnco("export", "--format", "json", env=there).stdout)[
        "evidence_files"] == mine["evidence_files"]


def test_an_archive_import_repairs_a_missing_copy(alnco, archive, env) -> None:
    folder = Path(env["ALNCO_RECORD"]).with_name("record.evidence")
    victim = sorted(folder.iterdir())[0]
    victim.unlink()
    assert alnco("doctor").returncode == 1
    done = alnco("import", str(archive))
    assert done.returncode == 0 and "1 put in place" in done.stdout
    assert alnco("doctor").returncode == 0


def test_export_follows_the_rules_of_every_export(alnco, archive, tmp_path) -> None:
    again = alnco("export", "--format", "archive", "-o", str(archive))
    assert again.returncode == 1 and "--force" in again.stderr
    link = tmp_path / "out" / "link.zip"
    link.symlink_to(tmp_path / "victim.zip")
    for extra in ([], ["--force"]):
        done = alnco("export", "--format", "archive", "-o", str(link), *extra)
        assert done.returncode == 1 and "symbolic link" in done.stderr
    assert not (tmp_path / "victim.zip").exists()
    forced = alnco("export", "--format", "archive", "-o", str(archive), "--force")
    assert forced.returncode == 0 and stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert sorted(os.listdir(archive.parent)) == ["all.zip", "link.zip"]  # no temp left


def test_an_archive_is_never_written_to_a_terminal_but_can_go_down_a_pipe(alnco, archive) -> None:
    piped = alnco("export", "--format", "archive", text=False)
    assert piped.returncode == 0
    with zipfile.ZipFile(io.BytesIO(piped.stdout)) as zf:
        assert zf.namelist()[0] == JSON_NAME and len(zf.namelist()) == 4


def test_export_refuses_a_missing_or_altered_copy_and_leaves_no_file(alnco, archive, env,
                                                                     tmp_path) -> None:
    folder = Path(env["ALNCO_RECORD"]).with_name("record.evidence")
    victim = sorted(folder.iterdir())[0]
    victim.write_bytes(b"altered")
    target = tmp_path / "out" / "second.zip"
    done = alnco("export", "--format", "archive", "-o", str(target))
    assert done.returncode == 1 and "altered" in done.stderr
    assert not target.exists()
    victim.unlink()
    done = alnco("export", "--format", "archive", "-o", str(target))
    assert done.returncode == 1 and "missing" in done.stderr and not target.exists()


def test_omitting_evidence_drops_the_evidence_files_too(alnco, archive) -> None:
    copy = json.loads(alnco("export", "--format", "json", "--omit", "evidence").stdout)
    assert "evidence_files" not in copy
    full = json.loads(alnco("export", "--format", "json").stdout)
    assert len(full["evidence_files"]) == 4


def test_a_json_import_restores_the_documents(alnco, archive, tmp_path) -> None:
    exported = tmp_path / "plain.json"
    assert alnco("export", "--format", "json", "-o", str(exported)).returncode == 0
    there = elsewhere(tmp_path)
    done = alnco("import", str(exported), env=there)
    assert done.returncode == 0 and "4 files listed for your entries" in done.stdout
    listed = json.loads(alnco("evidence", "list", "--format", "json", env=there).stdout)
    assert len(listed) == 4
    assert alnco("doctor", env=there).returncode == 1  # the copies are only in the archive


# ---------------------------------------------------------------- hostile archives
# In-process (alnco.exports.archive), so that the many cases stay quick; the CLI's
# wording of a refusal is checked once, at the end.


@pytest.fixture
def made(ctx, entry, files, tmp_path) -> Path:
    """An archive of a record with one entry and three files, made in-process."""
    from alnco import evidence
    from alnco.exports.archive import export_archive
    from alnco.exports.sources import gather

    evidence.add_files(ctx, entry.id, list(files.values()))
    target = tmp_path / "made.zip"
    export_archive(ctx, gather(ctx, need_framework=True), str(target), force=False)
    return target


def rebuild(source: Path, target: Path, change) -> Path:
    """A copy of the archive with `change(members)` applied: a list of (ZipInfo, bytes)."""
    with zipfile.ZipFile(source) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    members = change(members)
    with zipfile.ZipFile(target, "w") as zf:
        for info, data in members:
            zf.writestr(info, data)
    return target


def refused_untouched(tmp_path: Path, zip_path: Path, words: str) -> None:
    from alnco.context import Context
    from alnco.errors import InputError
    from alnco.exports.archive import import_archive

    folder = tmp_path / "victim-record"
    folder.mkdir(mode=0o700, exist_ok=True)
    there = Context.from_options(record=str(folder / "record.json"),
                                 environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})
    for dry_run in (False, True):
        with pytest.raises(InputError, match=words) as caught:
            import_archive(there, zip_path, dry_run=dry_run)
        assert "nothing was changed" in str(caught.value)
    assert os.listdir(folder) == []  # no record, no evidence folder, no temp file


def renamed(name: str):
    def change(members):
        info, data = members[1]
        info = zipfile.ZipInfo(name, date_time=info.date_time)
        return [members[0], (info, data), *members[2:]]
    return change


@pytest.mark.parametrize("name", ["../../evil", "/etc/cron.d/evil", "evidence/../../x",
                                  "evidence/" + "A" * 64, "evidence/" + "a" * 63,
                                  "evidence\\" + "a" * 64, "notes.txt", "evidence/"])
def test_members_that_could_escape_are_refused(made, tmp_path, name) -> None:
    bad = rebuild(made, tmp_path / "bad.zip", renamed(name))
    refused_untouched(tmp_path, bad, "an alnco archive holds only")


def test_a_symlink_member_is_refused(made, tmp_path) -> None:
    def change(members):
        info, _data = members[1]
        link = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        return [members[0], (link, b"/etc/passwd"), *members[2:]]

    bad = rebuild(made, tmp_path / "bad.zip", change)
    refused_untouched(tmp_path, bad, "symbolic link")


def test_a_hash_that_does_not_match_is_refused(made, tmp_path) -> None:
    def change(members):
        info, data = members[-1]
        return [*members[:-1], (info, bytes([data[0] ^ 1]) + data[1:])]

    bad = rebuild(made, tmp_path / "bad.zip", change)
    refused_untouched(tmp_path, bad, "does not match its hash")


def test_a_duplicate_member_is_refused(made, tmp_path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate
        bad = rebuild(made, tmp_path / "bad.zip", lambda members: [*members, members[1]])
    refused_untouched(tmp_path, bad, "twice")


def test_a_file_the_archive_lists_but_lacks_is_refused(made, tmp_path) -> None:
    bad = rebuild(made, tmp_path / "bad.zip", lambda members: members[:-1])
    refused_untouched(tmp_path, bad, "does not hold it")


def test_a_member_no_entry_lists_is_refused(made, tmp_path) -> None:
    def change(members):
        data = b"planted"
        info = zipfile.ZipInfo("evidence/" + hashlib.sha256(data).hexdigest())
        return [*members, (info, data)]

    bad = rebuild(made, tmp_path / "bad.zip", change)
    refused_untouched(tmp_path, bad, "which no entry lists")


def test_a_zip_bomb_is_refused_before_it_is_expanded(made, tmp_path) -> None:
    bomb_data = b"\0" * (50 * 1024 * 1024)
    digest = hashlib.sha256(bomb_data).hexdigest()

    def change(members):
        info, raw = members[0]
        document = json.loads(raw)
        document["evidence_files"].append({**document["evidence_files"][0], "sha256": digest,
                                           "size": len(bomb_data), "name": "bomb.bin"})
        info = zipfile.ZipInfo(JSON_NAME)
        bomb = zipfile.ZipInfo("evidence/" + digest)
        bomb.compress_type = zipfile.ZIP_DEFLATED
        return [(info, json.dumps(document).encode()), *members[1:], (bomb, bomb_data)]

    bad = rebuild(made, tmp_path / "bad.zip", change)
    assert bad.stat().st_size < 1024 * 1024
    refused_untouched(tmp_path, bad, "zip bomb")


def test_a_member_larger_than_it_says_is_refused(made, tmp_path) -> None:
    """A lying size in the zip's directory: zipfile reads no more than it says, and
    the archive is refused (the size, the CRC or the hash gives it away)."""
    raw = bytearray(made.read_bytes())
    with zipfile.ZipFile(made) as zf:
        last = zf.infolist()[-1]
    entry = raw.rfind(b"PK\x01\x02")  # the last member's central directory record
    raw[entry + 24:entry + 28] = (last.file_size - 10).to_bytes(4, "little")
    bad = tmp_path / "liar.zip"
    bad.write_bytes(bytes(raw))
    refused_untouched(tmp_path, bad, "nothing was changed")


def test_an_encrypted_or_damaged_zip_is_refused(made, tmp_path) -> None:
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    refused_untouched(tmp_path, damaged, "not a readable zip file")
    flagged = bytearray(made.read_bytes())
    flagged[6] |= 1  # the first local header's encryption flag ...
    first = flagged.find(b"PK\x01\x02")
    flagged[first + 8] |= 1  # ... and the central directory's
    encrypted = tmp_path / "encrypted.zip"
    encrypted.write_bytes(bytes(flagged))
    refused_untouched(tmp_path, encrypted, "encrypted")


def test_the_cli_refuses_in_one_line_and_writes_nothing(alnco, made, tmp_path) -> None:
    bad = rebuild(made, tmp_path / "bad.zip", renamed("../../evil"))
    there = elsewhere(tmp_path, "cli-victim")
    done = alnco("import", str(bad), env=there)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("alnco: error: ") and done.stderr.count("\n") == 1
    assert "../../evil" in done.stderr
    assert os.listdir(Path(there["ALNCO_RECORD"]).parent) == []


def _there(tmp_path: Path, name: str):
    from alnco.context import Context

    folder = tmp_path / name
    folder.mkdir(mode=0o700)
    return Context.from_options(record=str(folder / "record.json"),
                                environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})


def test_import_into_a_symlinked_evidence_folder_is_refused(made, tmp_path) -> None:
    from alnco.errors import RecordError
    from alnco.exports.archive import import_archive

    there = _there(tmp_path, "linked")
    elsewhere_folder = tmp_path / "elsewhere"
    elsewhere_folder.mkdir(mode=0o700)
    (there.record_path.parent / "record.evidence").symlink_to(elsewhere_folder)
    with pytest.raises(RecordError, match="symbolic link"):
        import_archive(there, made, dry_run=False)
    assert os.listdir(elsewhere_folder) == []
    assert not there.record_path.exists()


def test_import_replaces_a_planted_link_never_writing_through_it(made, tmp_path) -> None:
    from alnco.exports.archive import import_archive

    there = _there(tmp_path, "planted")
    folder = there.record_path.parent / "record.evidence"
    folder.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    with zipfile.ZipFile(made) as zf:
        first = next(n for n in zf.namelist() if n.startswith("evidence/"))
        content = zf.read(first)
    planted = folder / first.split("/")[1]
    planted.symlink_to(victim)
    result = import_archive(there, made, dry_run=False)
    assert result.placed == 3 and victim.read_text() == "keep"
    assert not planted.is_symlink() and planted.read_bytes() == content


def test_an_import_that_would_fill_the_disk_is_refused_first(made, tmp_path,
                                                             monkeypatch) -> None:
    from alnco.errors import InputError
    from alnco.exports.archive import import_archive

    there = _there(tmp_path, "full")
    real = os.statvfs

    class Full:
        f_bavail, f_frsize = 1, 4096

    monkeypatch.setattr(os, "statvfs", lambda path: Full() if "full" in str(path)
                        else real(path))
    with pytest.raises(InputError, match="not enough room"):
        import_archive(there, made, dry_run=False)
    assert os.listdir(there.record_path.parent) == []
