"""`alnco import`: merge by id, idempotent, a later revision wins, refusals leave the record alone."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from alnco.exports.document import render_json
from alnco.values import replace
from exports_helpers import assert_refused, fixed_entries, make_data


def write_export(path: Path, **changes) -> Path:
    path.write_bytes(render_json(make_data(**changes)))
    return path


def listed(alnco) -> list[dict]:
    result = alnco("log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_import_restores_entries_and_profile_then_twice_changes_nothing(alnco, tmp_path) -> None:
    export = write_export(tmp_path / "export.json")
    first = alnco("import", str(export))
    assert first.returncode == 0, first.stderr
    assert "3 added" in first.stdout and "profile" in first.stdout
    before = (tmp_path / "record.json").read_bytes()
    second = alnco("import", str(export))
    assert second.returncode == 0, second.stderr
    assert "0 added, 0 updated, 0 kept as yours, 3 unchanged" in second.stdout
    assert (tmp_path / "record.json").read_bytes() == before
    assert [e["id"] for e in listed(alnco)] == [e.id for e in fixed_entries()]
    profile = json.loads(alnco("profile", "show", "--format", "json").stdout)
    assert profile["name"] == "Siân Ŵyn Jones"


def test_same_id_different_content_takes_a_later_revision_and_keeps_yours_otherwise(
        alnco, tmp_path) -> None:
    alnco("import", str(write_export(tmp_path / "a.json")))
    newer, older, same = fixed_entries()
    newer = replace(newer, title="Edited elsewhere", updated_at="2026-11-01T09:00:00.000+00:00",
                    revision=2)  # edited once more elsewhere: a later revision
    older = replace(older, title="Stale copy", updated_at="2026-01-01T09:00:00.000+00:00")
    result = alnco("import", str(write_export(tmp_path / "b.json",
                                              entries=[newer, older, same])))
    assert result.returncode == 0, result.stderr
    assert "1 added" not in result.stdout
    assert "update   00000000  Edited elsewhere" in result.stdout
    assert "keep     00000000" in result.stdout
    titles = {e["id"]: e["title"] for e in listed(alnco)}
    assert titles[newer.id] == "Edited elsewhere"
    assert titles[older.id] != "Stale copy"


def test_dry_run_reports_but_changes_nothing(alnco, tmp_path) -> None:
    result = alnco("import", "--dry-run", str(write_export(tmp_path / "a.json")))
    assert result.returncode == 0, result.stderr
    assert "Dry run, nothing changed: 3 added" in result.stdout
    assert not (tmp_path / "record.json").exists()


def test_wrong_format_or_version_is_refused_and_the_record_untouched(alnco, tmp_path) -> None:
    alnco("log", "add", "--title", "mine", "--hours", "1")
    before = (tmp_path / "record.json").read_bytes()
    good = json.loads(render_json(make_data()))
    cases = {
        "csv.json": b"entry_id,name\n1,2\n",
        "other.json": json.dumps({"format": "something-else", "version": 1}).encode(),
        "newer.json": json.dumps({**good, "version": 2}).encode(),
        "badentry.json": json.dumps({**good, "entries": good["entries"][:1] + [
            {**good["entries"][1], "hours": "lots"}]}).encode(),
        "dupe.json": json.dumps({**good, "entries": good["entries"] * 2}).encode(),
    }
    words = {"csv.json": "not valid JSON", "other.json": "not an alnco export",
             "newer.json": "upgrade alnco", "badentry.json": "entry 2 is invalid",
             "dupe.json": "appears twice"}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        assert_refused(alnco("import", str(tmp_path / name)), 1, words[name])
        assert (tmp_path / "record.json").read_bytes() == before, name
    assert_refused(alnco("import", str(tmp_path / "missing.json")), 1, "cannot read")


def test_dry_run_shows_each_changed_field_old_and_new(alnco, tmp_path) -> None:
    alnco("import", str(write_export(tmp_path / "a.json")))
    first, second, third = fixed_entries()
    later = dict(updated_at="2026-11-01T09:00:00.000+00:00", revision=2)
    first = replace(first, hours=Decimal("2.5"), reflection="New\nthoughts \x1b[2J " + "x" * 80,
                    **later)
    second = replace(second, tasks=("a", "d"), evidence="", **later)
    export = write_export(tmp_path / "b.json", entries=[first, second, third])
    before = (tmp_path / "record.json").read_bytes()
    result = alnco("import", "--dry-run", str(export))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "hours: 1.5 → 2.5" in [line.strip() for line in lines]
    reflection = next(line for line in lines if line.strip().startswith("reflection:"))
    assert reflection.strip().startswith('reflection: "Useful; line one')
    assert "\x1b" not in result.stdout and len(reflection) < 140 and "…" in reflection
    assert 'evidence: "@evil" → (empty)' in result.stdout
    assert "tasks: d → a,d" in result.stdout
    assert (tmp_path / "record.json").read_bytes() == before


def test_the_help_says_a_merge_never_deletes(alnco) -> None:
    result = alnco("import", "--help")
    assert "never deletes anything" in " ".join(result.stdout.split())


def test_a_damaged_xapi_section_is_refused_and_changes_nothing(alnco, tmp_path) -> None:
    alnco("log", "add", "--title", "mine", "--hours", "1")
    before = (tmp_path / "record.json").read_bytes()
    good = json.loads(render_json(make_data()))
    for section in ([], {"actor_id": 7}, {"sent": [{"entry_id": "x"}]}, {"sent": "all"}):
        (tmp_path / "bad.json").write_text(json.dumps({**good, "xapi": section}))
        assert_refused(alnco("import", str(tmp_path / "bad.json")), 1,
                       "the \"xapi\" section is invalid")
        assert (tmp_path / "record.json").read_bytes() == before
