"""`alnco report` over generated cohorts, broken files and duplicates included."""

from __future__ import annotations

import csv
import io
import json
import os

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
