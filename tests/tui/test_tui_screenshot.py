"""Screenshots (ctrl+p, Screenshot): to a folder that exists, readable only by you,
never through a symlink, and the notification names the file or says why not."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from alnco.tui.app import create_app
from alnco.tui.file_actions import screenshot_folder, write_private
from tui_helpers import make_ctx
from tui_notices import notices


def messages(app) -> list[str]:
    return [str(n.message) for n in notices(app)]


async def shoot(app, pilot, **options) -> None:
    await pilot.pause()
    app.action_screenshot(**options)
    await pilot.pause()


async def test_into_downloads_when_it_exists_0600_full_path_shown(with_profile, record_path,
                                                                 tmp_path):
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    app = create_app(make_ctx(record_path, HOME=str(home)))
    old_umask = os.umask(0)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await shoot(app, pilot)
    finally:
        os.umask(old_umask)
    [svg] = (home / "Downloads").iterdir()
    assert svg.name.startswith("alnco-") and svg.suffix == ".svg"
    assert stat.S_IMODE(svg.stat().st_mode) == 0o600
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert f"Screenshot saved: {svg}" in messages(app)


async def test_the_xdg_download_folder_comes_first(with_profile, record_path, tmp_path):
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    (home / "Lawrlwytho").mkdir()
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text(
        '# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR="$HOME/Lawrlwytho"\n')
    assert screenshot_folder({"HOME": str(home)}) == home / "Lawrlwytho"
    assert screenshot_folder({"HOME": str(home), "XDG_DOWNLOAD_DIR": str(home / "Downloads")}) \
        == home / "Downloads"
    (home / "Lawrlwytho").rmdir()  # named but missing: ~/Downloads
    assert screenshot_folder({"HOME": str(home)}) == home / "Downloads"


async def test_without_a_downloads_folder_into_the_current_folder(with_profile, record_path,
                                                                 tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = create_app(make_ctx(record_path, HOME=str(tmp_path / "no-home")))
    async with app.run_test(size=(80, 24)) as pilot:
        await shoot(app, pilot)
    [svg] = here.iterdir()
    assert stat.S_IMODE(svg.stat().st_mode) == 0o600
    assert any(m == f"Screenshot saved: {here / svg.name}" for m in messages(app))


async def test_a_failure_says_why(with_profile, record_path, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # the current folder no longer exists (works as root too)
    app = create_app(make_ctx(record_path, HOME=str(tmp_path / "no-home")))
    async with app.run_test(size=(80, 24)) as pilot:
        await shoot(app, pilot)
    [failure] = [n for n in notices(app) if "Screenshot" in str(n.message)]
    assert str(failure.message).startswith("Screenshot not saved: ")
    assert str(failure.message).endswith(": No such file or directory")
    assert failure.severity == "error"


async def test_a_symlink_planted_at_the_name_is_not_written_through(with_profile, record_path,
                                                                   tmp_path):
    folder = tmp_path / "shots"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (folder / "shot.svg").symlink_to(victim)
    app = create_app(make_ctx(record_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await shoot(app, pilot, filename="shot.svg", path=str(folder))
    assert victim.read_text() == "keep me\n"
    assert (folder / "shot.svg").is_symlink()
    assert stat.S_ISREG((folder / "shot-2.svg").lstat().st_mode)
    assert f"Screenshot saved: {folder / 'shot-2.svg'}" in messages(app)


def test_write_private_never_replaces_a_file(tmp_path: Path):
    first = write_private(tmp_path, "a.svg", b"one")
    second = write_private(tmp_path, "a.svg", b"two")
    assert (first.name, second.name) == ("a.svg", "a-2.svg")
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
