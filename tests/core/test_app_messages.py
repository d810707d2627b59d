"""Refusals the app shows carry the app's own words (`app_message`): no `-o`,
`--force` or `--record` (the app has no command line), and dates as the app
shows them (`4 Nov 2026`). The command line keeps its wording."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from alnco.declarations import check_date
from alnco.errors import AlncoError, InputError, app_text
from alnco.exports.writing import write_output

FLAG = re.compile(r"(^|\s|\()-(-[a-z]+|o\b)")


def refusal(call) -> AlncoError:
    with pytest.raises(AlncoError) as caught:
        call()
    return caught.value


def assert_app_words(error: AlncoError) -> str:
    shown = app_text(error)
    assert error.app_message, f"no app wording for: {error}"
    assert not FLAG.search(shown), shown
    assert not re.search(r"\d{4}-\d\d-\d\d", shown), shown  # no ISO dates
    return shown


def test_a_declaration_in_the_future_is_refused_with_the_apps_date():
    error = refusal(lambda: check_date(date(2026, 11, 4), date(2026, 11, 3)))
    assert isinstance(error, InputError)
    assert "(2026-11-04)" in str(error)  # the command line, as before
    assert assert_app_words(error).startswith(
        "a declaration cannot be dated in the future (4 Nov 2026)")


def test_export_refusals_name_no_options_in_the_app(tmp_path: Path):
    write = lambda target, force=False: write_output(b"x", str(target), force=force,  # noqa: E731
                                                      stdout=None)
    existing = tmp_path / "old.csv"
    existing.write_text("old")
    error = refusal(lambda: write(existing))
    assert "--force" in str(error)
    assert "answer yes to replace it" in assert_app_words(error)
    assert existing.read_text() == "old"

    error = refusal(lambda: write(tmp_path / "missing" / "x.csv"))
    assert "-o" in str(error)
    assert assert_app_words(error).endswith("create it or choose another file.")

    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    for force in (False, True):
        error = refusal(lambda: write(link, force))
        assert assert_app_words(error).endswith("never writes through one; choose another file.")
    assert not (tmp_path / "elsewhere.csv").exists()

    folder = tmp_path / "a-folder"
    folder.mkdir()
    error = refusal(lambda: write(folder, True))
    assert assert_app_words(error).endswith("is not a regular file; choose another file.")


def test_record_refusals_name_no_options_in_the_app(tmp_path: Path):
    from alnco.model import Profile
    from alnco.store.record import Record

    real = tmp_path / "real.json"
    Record(real).set_profile(Profile(name="Ceri"))
    link = tmp_path / "record.json"
    link.symlink_to(real)
    error = refusal(lambda: Record(link).set_profile(Profile(name="Other")))
    assert "--record" in str(error)
    assert assert_app_words(error).endswith(f"start alnco on the file itself: {real}")

    folder_record = tmp_path / "folder.json"
    folder_record.mkdir()
    error = refusal(lambda: Record(folder_record).read())
    assert assert_app_words(error).endswith("quit and start alnco on a record file")

    missing = tmp_path / "nowhere" / "record.json"
    error = refusal(lambda: Record(missing).set_profile(Profile(name="Ceri")))
    assert "mkdir -p" in assert_app_words(error)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_folder_or_record_of_another_user_is_refused_in_app_words(tmp_path: Path):
    from alnco.model import Profile
    from alnco.store.record import Record

    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 65534, 65534)
    error = refusal(lambda: Record(theirs / "record.json").set_profile(Profile(name="C")))
    assert "start alnco on it" in assert_app_words(error)

    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    Record(mine / "record.json").set_profile(Profile(name="C"))
    os.chown(mine / "record.json", 65534, 65534)
    error = refusal(lambda: Record(mine / "record.json").set_profile(Profile(name="D")))
    assert "start alnco on a record of your own" in assert_app_words(error)


def test_archive_export_refusals_name_no_options_in_the_app(tmp_path: Path):
    """The archive has its own writer (a zip streamed to a file): the same words."""
    from alnco.context import Context
    from alnco.exports.archive import export_archive
    from alnco.exports.sources import gather

    ctx = Context.from_options(record=str(tmp_path / "record.json"), today="2026-11-03",
                               environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})
    data = gather(ctx)
    existing = tmp_path / "old.zip"
    existing.write_text("old")
    error = refusal(lambda: export_archive(ctx, data, str(existing), force=False))
    assert "--force" in str(error)
    assert "answer yes to replace it" in assert_app_words(error)
    link = tmp_path / "link.zip"
    link.symlink_to(tmp_path / "elsewhere.zip")
    for force in (False, True):
        error = refusal(lambda: export_archive(ctx, data, str(link), force=force))
        assert "symbolic link" in assert_app_words(error)
    assert existing.read_text() == "old" and not (tmp_path / "elsewhere.zip").exists()
