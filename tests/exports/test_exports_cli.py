"""`alnco export` end to end: goldens per format from a fixed record, the JSON
round trip, date filters, and the destination rules through the real CLI."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from alnco.exports.document import render_json
from exports_golden import check
from exports_helpers import HOSTILE, assert_refused, make_data

FORMATS = {"csv": "csv", "json": "json", "xapi": "xapi.json", "ics": "ics", "html": "html"}
# html and xlsx carry the progress engine's words, which its owners may reword:
# their goldens use a hand-built Progress (test_exports_xlsx_html.py) instead.
GOLDEN_FORMATS = ("csv", "json", "xapi", "ics")
CATALOGUE = Path(__file__).with_name("golden") / "catalogue.toml"


@pytest.fixture
def filled(alnco, tmp_path):
    """A record restored from a fixed export: fixed ids and timestamps, hostile text."""
    source = tmp_path / "fixed.json"
    source.write_bytes(render_json(make_data()))
    result = alnco("import", str(source))
    assert result.returncode == 0, result.stderr
    return alnco


@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
def test_golden_through_the_cli(filled, fmt) -> None:
    result = filled("export", "--format", fmt, "-o", "-", "--xapi-base",
                    "https://lrs.example.org/alnco/", "--catalogue", str(CATALOGUE), binary=True)
    assert result.returncode == 0, result.stderr
    check(f"cli.{FORMATS[fmt]}", result.stdout)


def test_json_round_trip_into_a_fresh_record_gives_identical_entries(filled, alnco, tmp_path):
    exported = tmp_path / "mine.json"
    assert filled("export", "--format", "json", "-o", str(exported)).returncode == 0
    fresh = {"ALNCO_RECORD": str(tmp_path / "fresh.json")}
    assert alnco("import", str(exported), env=fresh).returncode == 0
    original = json.loads(filled("log", "list", "--format", "json").stdout)
    restored = json.loads(alnco("log", "list", "--format", "json", env=fresh).stdout)
    assert restored == original
    assert any(e["title"] == HOSTILE for e in restored)
    profile = json.loads(alnco("profile", "show", "--format", "json", env=fresh).stdout)
    assert profile["name"] == "Siân Ŵyn Jones"


def test_from_and_to_filter_by_date(filled) -> None:
    result = filled("export", "--format", "json", "--from", "1/10/2026", "--to", "30 Nov 2026")
    assert result.returncode == 0, result.stderr
    assert [e["date"] for e in json.loads(result.stdout)["entries"]] == ["2026-10-01"]
    assert_refused(filled("export", "--format", "csv", "--from", "31/02/2026"), 1, "31/02/2026")
    assert_refused(filled("export", "--format", "csv", "--from", "2026-12-01", "--to",
                          "2026-11-01"), 1, "after")


def test_a_file_export_is_private_and_never_clobbered(filled, tmp_path) -> None:
    target = tmp_path / "out.csv"
    assert filled("export", "--format", "csv", "-o", str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = target.read_bytes()
    assert_refused(filled("export", "--format", "json", "-o", str(target)), 1, "--force")
    assert target.read_bytes() == first
    assert filled("export", "--format", "json", "-o", str(target), "--force").returncode == 0
    assert json.loads(target.read_bytes())["format"] == "alnco-export"
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    assert_refused(filled("export", "--format", "csv", "-o", str(link), "--force"), 1,
                   "symbolic link")
    assert not (tmp_path / "elsewhere.csv").exists()


def test_html_through_the_cli_shows_every_requirement(filled) -> None:
    result = filled("export", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('class="bar"') == 12  # the school framework's requirements
    assert "Siân Ŵyn Jones" in result.stdout and "<script" not in result.stdout


def test_xlsx_through_the_cli_has_both_sheets(filled, tmp_path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "log.xlsx"
    result = filled("export", "--format", "xlsx", "-o", str(target))
    assert result.returncode == 0, result.stderr
    book = load_workbook(target)
    assert book.sheetnames == ["Entries", "Progress"]
    assert book["Progress"].max_row >= 6 + 11  # every requirement of the school framework


def test_exports_of_an_empty_record_still_work(alnco) -> None:
    for fmt in FORMATS:
        result = alnco("export", "--format", fmt)
        assert result.returncode == 0, (fmt, result.stderr)
    assert json.loads(alnco("export", "--format", "xapi").stdout) == []


def test_planned_entries_are_reported_as_left_out_of_xapi(filled) -> None:
    result = filled("export", "--format", "xapi")
    assert "left out 1 entry with status planned" in result.stderr
    assert len(json.loads(result.stdout)) == 2


def test_xapi_without_ewc_number_uses_one_stable_opaque_id(alnco, tmp_path) -> None:
    source = tmp_path / "anon.json"
    data = make_data()
    data.profile = data.profile.__class__(name="No Number")
    source.write_bytes(render_json(data))
    assert alnco("import", str(source)).returncode == 0
    first = json.loads(alnco("export", "--format", "xapi").stdout)
    second = json.loads(alnco("export", "--format", "xapi").stdout)
    account = first[0]["actor"]["account"]
    assert account == second[0]["actor"]["account"]
    assert account["homePage"] == "https://alnco.invalid/xapi/"
    assert len(account["name"]) == 36 and "No Number" not in account["name"]
    base = alnco("export", "--format", "xapi",
                 env={"ALNCO_XAPI_BASE": "https://la.example.gov.uk/xapi"}).stdout
    assert json.loads(base)[0]["object"]["id"].startswith("https://la.example.gov.uk/xapi/")
