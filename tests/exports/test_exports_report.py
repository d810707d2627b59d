"""`alnco report` over generated cohorts, broken files and duplicates included."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from cohort_files import HOSTILE_NAMES, duplicate, write_cohort
from exports_helpers import assert_refused


def test_one_row_per_person_most_at_risk_first_with_broken_files_skipped(alnco, tmp_path):
    folder = tmp_path / "inbox"
    paths = write_cohort(folder, people=12, entries=30)
    (folder / "truncated.json").write_text(paths[1].read_text()[:200])
    (folder / "notes.json").write_text('{"format": "something-else"}')
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "unreadable.json").write_text("{}")
    os.chmod(folder / "unreadable.json", 0)
    duplicate(paths[2], folder / "older-copy.json", "2020-01-01T00:00:00.000+00:00")
    result = alnco("report", str(folder), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    people = report["people"]
    assert len(people) == 12
    assert len({p["ewc_number"] for p in people}) == 12
    order = ["high", "medium", "low"]
    assert [p["risk"] for p in people] == sorted((p["risk"] for p in people), key=order.index)
    for person in people:  # every risk says why, in a few words
        assert person["risk_reason"] and len(person["risk_reason"]) < 120
        if person["risk"] == "high":
            assert person["risk_reason"].startswith("statutory: ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("alnco: warning:")]
    assert any("truncated.json" in w for w in warnings)
    assert any("notes.json" in w and "not an alnco export" in w for w in warnings)
    assert any("binary.json" in w for w in warnings)
    assert any("older-copy.json" in w and "same EWC number 100002" in w for w in warnings)
    kept = next(p for p in people if p["ewc_number"] == "100002")
    assert kept["source"].endswith("export-002.json")  # the newer export wins
    nobody = next(p for p in people if p["ewc_number"] == "100000")
    assert nobody["last_activity"] is None and nobody["hours_this_year"] == 0
    assert set(nobody["requirements"]) >= {"task-a", "hours-per-year"}
    assert "Traceback" not in result.stderr


def test_table_lists_statuses_and_hostile_names_safely(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=6, entries=10)
    result = alnco("report", str(tmp_path / "inbox" / "export-*.json"))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "Ann \\x1b[2J Lloyd" in result.stdout
    assert "[bold]Bad[/] [@click=app.quit]x" in result.stdout
    assert "6 people as at 2026-11-03" in result.stdout
    assert "in this order: 1 reg27-qualification-or-experience" in result.stdout


def test_csv_report_is_spreadsheet_safe(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=5, entries=5)
    target = tmp_path / "cohort.csv"
    result = alnco("report", str(tmp_path / "inbox"), "--format", "csv", "-o", str(target))
    assert result.returncode == 0, result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert "'=cmd|' /C calc'!A0" in [r["name"] for r in rows]
    assert all(r["task-a"] in ("met", "on_track", "behind", "overdue", "not_started",
                               "not_applicable") for r in rows)
    assert_refused(alnco("report", str(tmp_path / "inbox"), "--format", "csv", "-o",
                         str(target)), 1, "--force")


def test_html_report_escapes_names(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=5, entries=5)
    result = alnco("report", str(tmp_path / "inbox"), "--format", "html")
    assert result.returncode == 0, result.stderr
    assert "&lt;b&gt;Siôn&lt;/b&gt; &amp; Co" in result.stdout
    assert "<script" not in result.stdout


def test_on_date_changes_the_assessment(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=4, entries=40)
    now = json.loads(alnco("report", str(tmp_path / "inbox"), "--format", "json").stdout)
    past = json.loads(alnco("report", str(tmp_path / "inbox"), "--format", "json",
                            "--on", "1 Sep 2025").stdout)
    assert past["as_of"] == "2025-09-01"
    assert [p["hours_this_year"] for p in past["people"]] != \
        [p["hours_this_year"] for p in now["people"]]


def test_nothing_usable_is_a_clear_refusal(alnco, tmp_path) -> None:
    assert_refused(alnco("report", str(tmp_path / "nowhere")), 1, "no export files")
    (tmp_path / "bad.json").write_text("[]")
    result = alnco("report", str(tmp_path / "bad.json"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("alnco: error: the file could not be used")


def test_names_are_what_hostile_people_typed(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=5, entries=3)
    people = json.loads(alnco("report", str(tmp_path / "inbox"), "--format", "json").stdout)
    assert sorted(p["name"] for p in people["people"]) == sorted(HOSTILE_NAMES)


def test_table_and_html_name_the_setting_and_csv_keeps_its_code(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=5, entries=3)  # person 3 is at an FEI
    table = alnco("report", str(tmp_path / "inbox"))
    assert " FEI " in table.stdout and " fei " not in table.stdout
    welsh = alnco("report", str(tmp_path / "inbox"), "--lang", "cy")
    assert " SAB " in welsh.stdout and " ysgol " in welsh.stdout
    html = alnco("report", str(tmp_path / "inbox"), "--format", "html").stdout
    assert "<td>FEI</td>" in html
    rows = list(csv.DictReader(io.StringIO(
        alnco("report", str(tmp_path / "inbox"), "--format", "csv").stdout.lstrip("\ufeff"))))
    assert sorted({r["setting"] for r in rows}) == ["fei", "school"]


def test_csv_table_and_html_carry_the_risk_reason(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=4, entries=10)
    rows = list(csv.DictReader(io.StringIO(
        alnco("report", str(tmp_path / "inbox"), "--format", "csv").stdout.lstrip("\ufeff"))))
    assert all(row["risk_reason"] for row in rows)
    table = alnco("report", str(tmp_path / "inbox"), env={"COLUMNS": "200"}).stdout
    assert "WHY" in table.splitlines()[0]
    assert any(row["risk_reason"][:20] in table for row in rows)
    html = alnco("report", str(tmp_path / "inbox"), "--format", "html").stdout
    assert "<th>Why</th>" in html and rows[0]["risk_reason"][:20] in html


def _person(source: str, ewc: str, owner: str, exported_at: str):
    from alnco.exports.cohort import Person
    from alnco.model import Profile

    return Person(source=source, profile=Profile(name=source, ewc_number=ewc), framework="f",
                  exported_at=exported_at, entries=[], progress=None, last_activity=None,
                  risk="low", owner=owner)


def test_one_row_each_keeps_a_resubmission_but_never_picks_between_owners() -> None:
    from alnco.exports.cohort import one_row_each

    problems: list[str] = []
    rows = one_row_each([
        _person("ann-old.json", "111", "ann", "2026-10-01T00:00:00Z"),
        _person("ann-new.json", "111", "ann", "2026-11-01T00:00:00Z"),
        _person("forged.json", "111", "mallory", "2030-01-01T00:00:00Z"),  # newest of all
        _person("bob.json", "222", "bob", "2026-11-01T00:00:00Z"),
        _person("no-number.json", "", "cai", "2026-11-01T00:00:00Z"),
        _person("no-number-2.json", "  ", "cai", "2026-11-01T00:00:00Z"),
    ], problems)
    by_source = {p.source: p for p in rows}
    assert sorted(by_source) == ["ann-new.json", "bob.json", "forged.json", "no-number-2.json",
                                 "no-number.json"]
    assert by_source["ann-new.json"].ewc_shared_with == ("mallory",)
    assert by_source["forged.json"].ewc_shared_with == ("ann",)
    assert by_source["bob.json"].ewc_shared_with == ()
    assert by_source["no-number.json"].ewc_shared_with == ()
    assert problems[0] == ("skipped ann-old.json: same EWC number 111 as ann-new.json (the "
                           "most recent export is kept)")
    assert problems[1] == ("EWC number 111 is in files from different owners: ann-new.json "
                           "(owner ann); forged.json (owner mallory); every one is shown, "
                           "marked: a co-ordinator must check who is who")
    assert len(problems) == 2


def test_a_file_owner_is_its_login_or_its_uid(tmp_path) -> None:
    from alnco.exports.cohort import owner_name, read_file

    (tmp_path / "a.json").write_text("{}")
    _raw, stamp, owner = read_file(tmp_path / "a.json")
    assert owner == _login_or_uid(os.geteuid()) and stamp
    unused = next(uid for uid in range(60_000, 61_000) if not _has_login(uid))
    assert owner_name(unused) == str(unused)


def _has_login(uid: int) -> bool:
    import pwd

    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        return False


def test_a_fifo_is_refused_not_waited_for(alnco, tmp_path) -> None:
    paths = write_cohort(tmp_path / "inbox", people=2, entries=2)
    os.mkfifo(tmp_path / "pipe.json")
    result = alnco("report", str(paths[0]), str(paths[1]), str(tmp_path / "pipe.json"),
                   "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "pipe.json is not a regular file" in result.stderr
    assert len(json.loads(result.stdout)["people"]) == 2


def test_a_link_left_in_an_inbox_is_skipped_but_a_named_one_is_read(alnco, tmp_path) -> None:
    # Anyone who can write to a shared inbox can leave a link there to a file only
    # the co-ordinator can read, which would then seem to come from its owner.
    elsewhere = write_cohort(tmp_path / "coordinators-own", people=1, entries=2)[0]
    inbox = tmp_path / "inbox"
    write_cohort(inbox, people=2, entries=2)
    (inbox / "planted.json").symlink_to(elsewhere)
    (inbox / "sub").symlink_to(elsewhere.parent, target_is_directory=True)
    result = alnco("report", str(inbox), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["people"]) == 2
    assert "planted.json: skipped, a symbolic link inside a folder" in result.stderr
    named = alnco("report", str(inbox / "planted.json"), "--format", "json")
    assert named.returncode == 0, named.stderr
    assert len(json.loads(named.stdout)["people"]) == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to other owners needs root")
def test_a_forged_export_from_another_owner_displaces_nobody(alnco, tmp_path) -> None:
    folder = tmp_path / "inbox"
    paths = write_cohort(folder, people=5, entries=8)
    for path in paths:
        os.chown(path, 1001, 1001)  # every ALNCO hands in their own file ...
    resubmitted = duplicate(paths[1], folder / "resubmitted.json", "2026-12-01T00:00:00.000+00:00")
    os.chown(resubmitted, 1001, 1001)
    # ... and another user writes a newer one claiming person 2's EWC number.
    forged = duplicate(paths[2], folder / "forged.json", "2030-01-01T00:00:00.000+00:00")
    forger, forger_uid = _named_account()
    os.chown(forged, forger_uid, forger_uid)
    for jobs in ("1", "2"):
        result = alnco("report", str(folder), "--format", "json", "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        people = json.loads(result.stdout)["people"]
        sources = sorted(os.path.basename(p["source"]) for p in people)
        assert sources == ["export-000.json", "export-002.json", "export-003.json",
                           "export-004.json", "forged.json", "resubmitted.json"]
        warnings = [line for line in result.stderr.splitlines() if "warning" in line]
        assert any("skipped" in w and "export-001.json" in w and "resubmitted.json" in w
                   for w in warnings)  # one's own re-submission replaces the earlier one
        [shared] = [w for w in warnings if "different owners" in w]
        assert "EWC number 100002" in shared and "check who is who" in shared
        # A login name when the uid has one; the uid itself when it has none.
        assert f"{paths[2]} (owner {_login_or_uid(1001)})" in shared
        assert f"{forged} (owner {forger})" in shared


def _login_or_uid(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name  # a CI runner may have a user 1001
    except KeyError:
        return str(uid)


def _named_account() -> tuple[str, int]:
    """An account with a name, other than root (Debian always has nobody)."""
    import pwd

    try:
        return "nobody", pwd.getpwnam("nobody").pw_uid
    except KeyError:
        pytest.skip("no 'nobody' account to own a file")


def test_coordinator_copies_and_full_exports_give_the_same_report(alnco, tmp_path) -> None:
    from cohort_files import coordinator_copy

    full = write_cohort(tmp_path / "full", people=6, entries=20)
    mixed = write_cohort(tmp_path / "mixed", people=6, entries=20)
    for path in mixed[::2]:  # half of them hand in the minimised copy
        coordinator_copy(path)
    copy = json.loads(mixed[2].read_text())
    assert copy["omitted"] == ["evidence", "reflection"] and copy["entries"]
    assert not any("reflection" in entry or "evidence" in entry for entry in copy["entries"])
    reports = []
    for folder in (tmp_path / "full", tmp_path / "mixed"):
        result = alnco("report", str(folder), "--format", "json")
        assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
        reports.append([{k: v for k, v in p.items() if k != "source"}
                        for p in json.loads(result.stdout)["people"]])
    assert reports[0] == reports[1] and len(reports[0]) == len(full)
