"""`alnco profile` and `alnco log` as a person or a script uses them (real processes)."""

from __future__ import annotations

import json
from pathlib import Path


def entries(alnco) -> list[dict]:
    result = alnco("log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_refused(result, code: int, *words: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alnco: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_add_shows_the_resolved_date_and_lists_as_json(alnco) -> None:
    result = alnco("log", "add", "--title", "IDP workshop", "--date", "last friday",
                   "--hours", "1h30", "--task", "a", "c", "--mode", "online")
    assert result.returncode == 0, result.stderr
    assert "Fri 30 Oct 2026" in result.stdout
    [entry] = entries(alnco)
    assert entry["date"] == "2026-10-30"
    assert entry["hours"] == 1.5
    assert entry["tasks"] == ["a", "c"]
    assert entry["status"] == "completed"
    assert entry["module_id"] is None
    assert set(entry) == {"id", "date", "status", "module_id", "title", "hours", "mode", "tasks",
                          "evidence", "reflection", "created_at", "updated_at", "revision",
                          "standards"}
    assert entry["revision"] == 1


def test_date_defaults_to_today(alnco) -> None:
    assert alnco("log", "add", "--title", "x", "--hours", "1").returncode == 0
    assert entries(alnco)[0]["date"] == "2026-11-03"


def test_bad_dates_are_refused_and_nothing_is_saved(alnco) -> None:
    alnco("log", "add", "--title", "kept", "--hours", "1")
    for date_text, word in [("31/02/2026", "28 days"), ("soon", "not a date"),
                            ("90 mins", "not a date"), ("2026-11-04", "future")]:
        assert_refused(alnco("log", "add", "--title", "x", "--hours", "1", "--date", date_text),
                       1, word)
    assert [e["title"] for e in entries(alnco)] == ["kept"]


def test_future_date_is_fine_for_a_plan(alnco) -> None:
    result = alnco("log", "add", "--title", "plan", "--hours", "2", "--date", "2027-01-15",
                   "--status", "planned")
    assert result.returncode == 0, result.stderr
    assert "Planned" in result.stdout and "Fri 15 Jan 2027" in result.stdout


def test_bad_hours_are_refused(alnco) -> None:
    for hours in ("-1", "0", "1001", "nan", "lots", "1e9"):
        assert_refused(alnco("log", "add", "--title", "x", "--hours", hours), 1)
    assert entries(alnco) == []


def test_markup_is_stored_and_printed_literally(alnco) -> None:
    hostile = "Notes [/] and [bold [@click=app.quit]x[/]"
    assert alnco("log", "add", "--title", hostile, "--hours", "1", "--evidence", hostile,
                 "--reflection", hostile).returncode == 0
    [entry] = entries(alnco)
    assert entry["title"] == entry["evidence"] == entry["reflection"] == hostile
    assert hostile in alnco("log", "list").stdout


def test_escape_sequences_are_stored_but_never_reach_the_terminal(alnco) -> None:
    nasty = "Title\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b31m end"
    assert alnco("log", "add", "--title", nasty, "--hours", "1").returncode == 0
    assert entries(alnco)[0]["title"] == nasty  # stored exactly
    table = alnco("log", "list").stdout
    assert "\x1b" not in table and "\x07" not in table and "\x9b" not in table
    assert "\\x1b[2J" in table
    as_json = alnco("log", "list", "--format", "json").stdout
    assert "\x1b" not in as_json and "\x9b" not in as_json


def test_a_one_megabyte_reflection_from_stdin(alnco) -> None:
    big = ("Myfyrio ar y diwrnod. " * 50_000)[:1_000_000]
    result = alnco("log", "add", "--title", "Long", "--hours", "1",
                   "--reflection-file", "-", input=big)
    assert result.returncode == 0, result.stderr
    assert entries(alnco)[0]["reflection"] == big


def test_edit_and_remove_by_prefix(alnco) -> None:
    alnco("log", "add", "--title", "One", "--hours", "1")
    entry_id = entries(alnco)[0]["id"]
    result = alnco("log", "edit", entry_id[:8], "--hours", "2.5", "--title", "One (edited)")
    assert result.returncode == 0, result.stderr
    [edited] = entries(alnco)
    assert edited["hours"] == 2.5 and edited["title"] == "One (edited)"
    assert edited["updated_at"] > edited["created_at"]
    assert alnco("log", "rm", entry_id[:6]).returncode == 0
    assert entries(alnco) == []


def test_unknown_and_ambiguous_ids(alnco) -> None:
    assert_refused(alnco("log", "rm", "zzzzzzzz"), 1, "no entry")
    assert_refused(alnco("log", "rm", "abc"), 1, "at least 6")


def test_edit_that_would_be_invalid_changes_nothing(alnco) -> None:
    alnco("log", "add", "--title", "One", "--hours", "1")
    entry_id = entries(alnco)[0]["id"]
    assert_refused(alnco("log", "edit", entry_id, "--date", "2030-01-01"), 1, "future")
    assert entries(alnco)[0]["date"] == "2026-11-03"


def test_list_filters_and_formats(alnco) -> None:
    alnco("log", "add", "--title", "Sept", "--hours", "1", "--date", "2026-09-10")
    alnco("log", "add", "--title", "Oct", "--hours", "2", "--date", "2026-10-10")
    alnco("log", "add", "--title", "Plan", "--hours", "3", "--date", "2026-12-01",
          "--status", "planned")
    result = alnco("log", "list", "--from", "1/10/2026", "--format", "json")
    assert [e["title"] for e in json.loads(result.stdout)] == ["Oct", "Plan"]
    result = alnco("log", "list", "--status", "planned", "--format", "csv")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("id,date,status,module_id,title,hours")
    assert len(lines) == 2 and ",Plan,3," in lines[1]
    table = alnco("log", "list").stdout
    assert "3 entries: 3 h completed, 3 h planned" in table


def test_usage_errors_exit_2_in_one_line(alnco) -> None:
    assert_refused(alnco("log", "add", "--hours", "1"), 2, "--module", "--title")
    assert_refused(alnco("log", "frobnicate"), 2)
    assert_refused(alnco("log", "list", "--format", "xml"), 2)
    assert_refused(alnco("log", "edit", "abcdef12"), 2, "nothing to change")


def test_profile_set_and_show(alnco) -> None:
    result = alnco("profile", "set", "--name", "Siân [b]", "--setting", "fei",
                   "--institution", "Coleg Gŵyr", "--designated-on", "29/2/2024",
                   "--ewc-number", "1234567")
    assert result.returncode == 0, result.stderr
    assert "29 Feb 2024" in result.stdout
    shown = json.loads(alnco("profile", "show", "--format", "json").stdout)
    assert {k: shown[k] for k in ("name", "ewc_number", "setting", "institution",
                                  "designated_on")} == {
        "name": "Siân [b]", "ewc_number": "1234567", "setting": "fei",
        "institution": "Coleg Gŵyr", "designated_on": "2024-02-29"}
    alnco("profile", "set", "--institution", "Coleg Cambria")
    text = alnco("profile", "show").stdout
    assert "Siân [b]" in text and "Coleg Cambria" in text
    assert_refused(alnco("profile", "set", "--setting", "college"), 2)


def test_record_in_a_missing_folder(alnco, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "record.json"
    result = alnco("log", "add", "--title", "x", "--hours", "1", "--record", str(missing))
    assert_refused(result, 3, "does not exist", "mkdir -p")
    assert not missing.parent.exists()
    listing = alnco("--record", str(missing), "log", "list")
    assert listing.returncode == 0 and "No entries" in listing.stdout


def test_default_record_lives_in_xdg_data_home(alnco, cli_env, tmp_path: Path) -> None:
    env = {"ALNCO_RECORD": ""}
    assert alnco("log", "add", "--title", "x", "--hours", "1", env=env).returncode == 0
    folder = tmp_path / "xdg-data" / "alnco"
    assert (folder / "record.json").exists()
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_corrupt_record_exits_3_and_is_untouched(alnco, record_path: Path) -> None:
    record_path.write_text("{not json")
    record_path.chmod(0o600)
    assert_refused(alnco("log", "list"), 3, str(record_path), "corrupt")
    assert_refused(alnco("log", "add", "--title", "x", "--hours", "1"), 3, "corrupt")
    assert record_path.read_text() == "{not json"


def test_newer_schema_exits_3(alnco, record_path: Path) -> None:
    record_path.write_text('{"meta": {"1": {"schema_version": 7}}}')
    record_path.chmod(0o600)
    assert_refused(alnco("log", "add", "--title", "x", "--hours", "1"), 3, "newer alnco")
    assert record_path.read_text() == '{"meta": {"1": {"schema_version": 7}}}'


def test_world_writable_record_exits_3_for_writes(alnco, record_path: Path) -> None:
    alnco("log", "add", "--title", "x", "--hours", "1")
    record_path.chmod(0o666)
    assert_refused(alnco("log", "add", "--title", "y", "--hours", "1"), 3, "chmod 600")
    listing = alnco("log", "list")
    assert listing.returncode == 0 and "warning" in listing.stderr


def test_global_options_work_before_or_after_the_command(alnco, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    alnco("--record", str(other), "log", "add", "--title", "a", "--hours", "1")
    alnco("log", "add", "--title", "b", "--hours", "1", "--record", str(other),
          "--today", "2026-01-02")
    result = alnco("log", "list", "--format", "json", env={"ALNCO_RECORD": str(other)})
    assert [e["date"] for e in json.loads(result.stdout)] == ["2026-01-02", "2026-11-03"]


def test_version_and_python_m(alnco) -> None:
    result = alnco("--version")
    assert result.returncode == 0 and result.stdout.startswith("alnco ")
