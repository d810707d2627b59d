"""The destination rules every export follows (shared servers, shared /tmp)."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from alnco.errors import InputError
from alnco.exports.writing import write_output


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = write_output(b"data", str(tmp_path / "out.csv"), force=False, stdout=None)
    finally:
        os.umask(old)
    assert path.read_bytes() == b"data"
    assert mode(path) == 0o600


def test_an_existing_file_is_never_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"precious")
    with pytest.raises(InputError, match="already exists.*--force"):
        write_output(b"new", str(target), force=False, stdout=None)
    assert target.read_bytes() == b"precious"


def test_force_replaces_the_file_and_tightens_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_output(b"new", str(target), force=True, stdout=None)
    assert target.read_bytes() == b"new"
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left


@pytest.mark.parametrize("force", [False, True])
def test_a_symlink_at_the_destination_is_never_followed(tmp_path: Path, force: bool) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"someone else's file")
    link = tmp_path / "export.csv"
    link.symlink_to(victim)
    with pytest.raises(InputError, match="symbolic link"):
        write_output(b"attack", str(link), force=force, stdout=None)
    assert victim.read_bytes() == b"someone else's file"
    assert link.is_symlink()


@pytest.mark.parametrize("force", [False, True])
def test_a_dangling_symlink_is_not_used_to_create_a_file(tmp_path: Path, force: bool) -> None:
    link = tmp_path / "export.csv"
    link.symlink_to(tmp_path / "planted")
    with pytest.raises(InputError, match="symbolic link"):
        write_output(b"attack", str(link), force=force, stdout=None)
    assert not (tmp_path / "planted").exists()


def test_dash_writes_bytes_to_standard_output() -> None:
    class Out(io.StringIO):
        def __init__(self):
            super().__init__()
            self.buffer = io.BytesIO()

    out = Out()
    assert write_output("ŵ".encode(), "-", force=False, stdout=out) is None
    assert out.buffer.getvalue() == "ŵ".encode()


def test_a_missing_folder_is_a_clear_refusal(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_output(b"x", str(tmp_path / "nope" / "out.csv"), force=False, stdout=None)


def test_a_directory_is_not_replaced_by_force(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        write_output(b"x", str(tmp_path / "dir"), force=True, stdout=None)
