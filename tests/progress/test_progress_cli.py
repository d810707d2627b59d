"""`alnco progress` and `alnco profile declare` as a person or a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

REQUIREMENT_FIELDS = {"id", "title", "basis", "citation", "confirmed", "status", "fraction", "reason",
                      "evidence", "suggestions"}


def ok(result):
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def refused(result, code: int, *words: str) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.strip().splitlines()
             if not line.startswith("alnco: warning: ")]  # e.g. a skipped catalogue layer
    assert len(lines) == 1 and lines[0].startswith("alnco: error: "), result.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


def progress_json(alnco, *args: str) -> dict:
    return json.loads(ok(alnco("progress", "--format", "json", *args)).stdout)


def by_id(data: dict) -> dict:
    return {r["id"]: r for r in data["requirements"]}


def test_no_profile_gets_a_hint_not_a_crash(alnco) -> None:
    result = ok(alnco("progress"))
    assert "alnco profile set" in result.stdout.splitlines()[0]
    assert "Progress as at 3 Nov 2026" in result.stdout
    data = progress_json(alnco)  # JSON stays clean; the hint goes to stderr
    assert data["framework"] == "alnco-school-2021"


def test_json_shape_and_field_names(alnco) -> None:
    ok(alnco("profile", "set", "--name", "Ann", "--setting", "school",
             "--designated-on", "2026-09-01"))
    ok(alnco("log", "add", "--title", "IDP workshop", "--date", "2026-10-01", "--hours", "14",
             "--task", "a", "c"))
    data = progress_json(alnco)
    assert set(data) == {"as_of", "framework", "law_checked_on", "requirements",
                         "standards", "standards_set"}
    assert data["as_of"] == "2026-11-03" and data["law_checked_on"] == "2026-11-30"
    for item in data["requirements"]:
        assert isinstance(item["confirmed"], bool)
        assert set(item) == REQUIREMENT_FIELDS
        assert item["basis"] in ("statutory", "guidance", "local")
        assert item["status"] in ("met", "on_track", "behind", "overdue", "not_started",
                                  "not_applicable")
        assert isinstance(item["fraction"], (int, float)) and 0 <= item["fraction"] <= 1
    reqs = by_id(data)
    assert reqs["hours-per-year"]["reason"].startswith("14 of 30 h this academic year (2026-27)")
    assert reqs["hours-per-year"]["status"] == "on_track"
    [entry] = json.loads(ok(alnco("log", "list", "--format", "json")).stdout)
    assert reqs["task-a"]["status"] == "met" and reqs["task-a"]["evidence"] == [entry["id"]]
    assert reqs["task-b"]["status"] == "not_started"
    assert reqs["induction"]["reason"] == "0 of 3 induction modules; due 1 Sep 2027"


def test_on_date_shows_progress_as_it_stood(alnco) -> None:
    ok(alnco("profile", "set", "--name", "Ann", "--designated-on", "2025-09-01"))
    ok(alnco("log", "add", "--title", "Course", "--date", "2026-10-01", "--hours", "30"))
    assert by_id(progress_json(alnco))["hours-per-year"]["status"] == "met"
    then = progress_json(alnco, "--on", "31/8/2026")
    assert then["as_of"] == "2026-08-31"
    assert by_id(then)["hours-per-year"]["reason"].startswith("0 of 30 h this academic year "
                                                              "(2025-26)")
    refused(alnco("progress", "--on", "31/02/2026"), 1, "28 days")


def test_text_has_status_bar_reason_citation_basis_and_hours(alnco) -> None:
    ok(alnco("profile", "set", "--name", "Ann", "--designated-on", "2025-09-01"))
    ok(alnco("log", "add", "--title", "Course", "--date", "2026-10-01", "--hours", "14",
             "--task", "a"))
    out = ok(alnco("progress")).stdout
    lines = out.splitlines()
    # Each requirement is three lines: status, bar and title; the reason; citation and basis.
    blocks = {lines[i]: (lines[i + 1].strip(), lines[i + 2].strip())
              for i in range(len(lines) - 2) if lines[i].startswith(("on track", "overdue",
                                                                     "not started", "met"))}
    [(hours_head, (hours_reason, hours_source))] = [
        (head, rest) for head, rest in blocks.items() if "this academic year (2026-27)" in rest[0]]
    assert hours_head.startswith("on track") and "[####------]" in hours_head
    assert hours_source.endswith("· local")
    [overdue] = [rest for head, rest in blocks.items() if head.startswith("overdue")]
    assert "was due 1 Sep 2026" in overdue[0]
    # The statutory line: its wording was not confirmed, it says so, and how to declare.
    start = next(i for i, line in enumerate(lines) if "Prescribed qualification" in line)
    block = [line.strip() for line in lines[start:start + 5]]
    assert block[0].startswith("not started")
    assert block[1] == "not started (wording of reg 27 not confirmed)"
    assert block[3].startswith("Declare it: alnco profile declare school-teacher ")
    assert block[4] == "WSI 2021/401 reg 27 · statutory"
    assert "Law last checked on 30 Nov 2026" in out
    assert ("WSI 2021/401 reg 29(a); learning target: local policy · local") in [
        rest[1] for rest in blocks.values()]
    assert "Hours this academic year (2026-27): 14 of 30 h" in out


def test_declare_records_a_fact_and_profile_shows_it(alnco) -> None:
    ok(alnco("profile", "set", "--name", "Ann"))
    result = ok(alnco("profile", "declare", "school-teacher", "--value", "EWC 12345",
                      "--evidence", "ewc-card.pdf", "--on", "1/9/2020"))
    assert "Declared on 1 Sep 2020" in result.stdout
    shown = json.loads(ok(alnco("profile", "show", "--format", "json")).stdout)
    assert shown["declarations"] == [{"key": "school-teacher", "value": "EWC 12345",
                                      "evidence": "ewc-card.pdf", "declared_on": "2020-09-01"}]
    text = ok(alnco("profile", "show")).stdout
    assert "school-teacher: EWC 12345; evidence: ewc-card.pdf; 1 Sep 2020" in text
    reqs = by_id(progress_json(alnco))
    assert reqs["reg27-qualification-or-experience"]["status"] == "met"
    # declaring again replaces, never duplicates
    ok(alnco("profile", "declare", "school-teacher", "--evidence", "new.pdf"))
    shown = json.loads(ok(alnco("profile", "show", "--format", "json")).stdout)
    assert [d["evidence"] for d in shown["declarations"]] == ["new.pdf"]


def test_declare_refuses_unknown_keys_and_future_dates(alnco) -> None:
    ok(alnco("profile", "set", "--name", "Ann", "--setting", "fei"))
    line = refused(alnco("profile", "declare", "school-teacher"), 1, "fei", "fe-teacher")
    assert "fe-learning-support-worker" in line
    refused(alnco("profile", "declare", "fe-teacher", "--on", "2027-01-01"), 1, "future")
    help_text = ok(alnco("profile", "declare", "--help")).stdout
    assert "former-senco" in help_text and "fe-learning-support-worker" in help_text
    shown = json.loads(ok(alnco("profile", "show", "--format", "json")).stdout)
    assert shown["declarations"] == []


def test_fei_profile_gets_the_fei_framework(alnco) -> None:
    ok(alnco("profile", "set", "--name", "Bryn", "--setting", "fei"))
    ok(alnco("profile", "declare", "fe-teacher", "--evidence", "card"))
    data = progress_json(alnco)
    assert data["framework"] == "alnco-fei-2021"
    reqs = by_id(data)
    assert reqs["reg28-qualification-or-experience"]["status"] == "met"
    assert reqs["task-a"]["citation"].startswith("WSI 2021/401 reg 30 (wording not confirmed)")
    assert reqs["task-a"]["confirmed"] is False


def test_system_layer_targets_apply_and_bad_ones_are_refused(alnco, system_dir: Path) -> None:
    ok(alnco("profile", "set", "--name", "Ann"))
    ok(alnco("log", "add", "--title", "Course", "--date", "2026-10-01", "--hours", "14"))
    folder = system_dir / "frameworks"
    folder.mkdir(parents=True)
    override = folder / "alnco-school-2021.toml"
    override.write_text("[requirements.hours-per-year]\ntarget_hours = 14\n")
    assert by_id(progress_json(alnco))["hours-per-year"]["status"] == "met"
    override.write_text("[requirements.reg27-qualification-or-experience]\ncitation = 'x'\n")
    refused(alnco("progress"), 1, "statutory", str(override))


def test_user_text_cannot_inject_terminal_escapes(alnco) -> None:
    ok(alnco("profile", "set", "--name", "Ann"))
    ok(alnco("profile", "declare", "postgraduate-aln-qualification",
             "--value", "MA\x1b]52;c;aGk=\x07 [bold", "--evidence", "e"))
    out = ok(alnco("progress")).stdout
    assert "\x1b" not in out and "\\x1b" in out


CATALOGUE = """
[[module]]
id = "test-idp-en"
title = { en = "IDPs in practice", cy = "CDUau yn ymarferol" }
summary = { en = "Writing IDPs.", cy = "Ysgrifennu CDUau." }
provider = "Local authority"
mode = "face-to-face"
level = "practice"
hours = 2.9
tasks = ["c"]
languages = ["en"]
url = "https://example.org/idp"
source = "test"

[[module]]
id = "test-idp-cy"
title = { en = "IDPs (Welsh-medium)", cy = "CDUau (cyfrwng Cymraeg)" }
summary = { en = "Writing IDPs.", cy = "Ysgrifennu CDUau." }
provider = "Local authority"
mode = "online"
level = "practice"
hours = 2.9
tasks = ["c"]
languages = ["cy"]
url = "https://example.org/cdu"
source = "test"

[[module]]
id = "test-records-old"
title = { en = "Old records course", cy = "Hen gwrs cofnodion" }
summary = { en = "Withdrawn.", cy = "Wedi'i dynnu'n ôl." }
provider = "Local authority"
mode = "online"
level = "practice"
hours = 2.9
tasks = ["c"]
languages = ["en"]
url = "https://example.org/old"
source = "test"
withdrawn_on = 2026-01-01
"""


def test_suggestions_come_from_the_layered_catalogue(alnco, tmp_path: Path,
                                                     system_dir: Path) -> None:
    layer = tmp_path / "extra.toml"
    layer.write_text(CATALOGUE, encoding="utf-8")
    env = {"ALNCO_CATALOGUE": str(layer)}
    # a 2.9 h target: the test modules (2.9 h) are the smallest that close the gap
    (system_dir / "frameworks").mkdir(parents=True)
    (system_dir / "frameworks" / "alnco-school-2021.toml").write_text(
        "[requirements.task-c]\nmin_hours = 2.9\n")
    ok(alnco("profile", "set", "--name", "Ann", "--designated-on", "2020-09-01"))
    en = by_id(json.loads(ok(alnco("progress", "--format", "json", "--lang", "en",
                                   env=env)).stdout))["task-c"]
    assert en["suggestions"][0] == "test-idp-en"
    assert "test-records-old" not in en["suggestions"]  # withdrawn
    cy = by_id(json.loads(ok(alnco("progress", "--format", "json", "--lang", "cy",
                                   env=env)).stdout))["task-c"]
    assert cy["suggestions"][0] == "test-idp-cy"  # offered in Welsh first for a cy user
    ok(alnco("log", "add", "--module", "test-idp-en", "--date", "2026-10-01", env=env))
    after = by_id(json.loads(ok(alnco("progress", "--format", "json", env=env)).stdout))
    assert after["task-c"]["status"] == "met"
    assert all("test-idp-en" not in r["suggestions"] for r in after.values())
    text = ok(alnco("progress", env=env)).stdout
    assert "Suggested next:" in text and "test-idp-en" not in text.split("Suggested next:")[1]
