"""`alnco import` never overwrites an entry changed here since the export: revisions
travel in the JSON export, a later revision in the file wins, anything else is
kept and reported; `--dry-run` says which entries and which fields."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from alnco.exports.document import render_json
from alnco.values import replace
from exports_helpers import fixed_entries, make_data


def listed(alnco) -> dict[str, dict]:
    result = alnco("log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return {e["id"]: e for e in json.loads(result.stdout)}


def export(alnco, path: Path) -> Path:
    result = alnco("export", "--format", "json", "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def write(path: Path, entries) -> Path:
    path.write_bytes(render_json(make_data(entries=entries)))
    return path


def test_importing_an_older_export_keeps_the_later_cli_edit_and_reports_it(
        alnco, tmp_path) -> None:
    assert alnco("log", "add", "--title", "Person-centred practice", "--hours", "2",
                 "--reflection", "first").returncode == 0
    [entry_id] = listed(alnco)
    old = export(alnco, tmp_path / "old.json")
    assert json.loads(old.read_text())["entries"][0]["revision"] == 1  # in the export
    edit = alnco("log", "edit", entry_id[:8], "--hours", "3", "--title", "Renamed",
                 "--reflection", "changed here")
    assert edit.returncode == 0, edit.stderr
    before = (tmp_path / "record.json").read_bytes()

    dry = alnco("import", "--dry-run", str(old))
    assert dry.returncode == 0, dry.stderr
    assert (f"keep     {entry_id[:8]}  Renamed: changed here since the export (revision 2 "
            "here, 1 in the file); the file differs in hours, title, reflection") in dry.stdout
    assert (f"1 entry changed here since the export and would be kept: {entry_id[:8]}"
            in dry.stdout)
    assert "Dry run, nothing changed: 0 added, 0 updated, 1 kept as yours" in dry.stdout

    result = alnco("import", str(old))
    assert result.returncode == 0, result.stderr
    assert f"Kept 1 entry that changed here since the export: {entry_id[:8]}" in result.stdout
    assert "0 added, 0 updated, 1 kept as yours, 0 unchanged" in result.stdout
    assert (tmp_path / "record.json").read_bytes() == before
    after = listed(alnco)[entry_id]
    assert (after["title"], after["hours"], after["reflection"], after["revision"]) == (
        "Renamed", 3, "changed here", 2)


def test_a_later_revision_in_the_file_is_taken_with_its_revision_then_import_is_a_no_op(
        alnco, tmp_path) -> None:
    first, second, third = fixed_entries()
    assert alnco("import", str(write(tmp_path / "a.json", [first, second, third]))).returncode == 0
    assert {e["revision"] for e in listed(alnco).values()} == {1}
    later = replace(first, hours=Decimal("4"), reflection="edited twice elsewhere", revision=3,
                    updated_at="2026-11-02T09:00:00.000+00:00")
    newer_file = write(tmp_path / "b.json", [later, second, third])

    dry = alnco("import", "--dry-run", str(newer_file))
    assert dry.returncode == 0, dry.stderr
    assert ("update   00000000  Cod ADY: hanfodion ŵ ŷ â: the file's revision 3 is later than "
            "yours (1); changes hours, reflection") in dry.stdout
    assert "would be kept" not in dry.stdout
    assert "Dry run, nothing changed: 0 added, 1 updated, 0 kept as yours, 2 unchanged" in dry.stdout

    assert alnco("import", str(newer_file)).returncode == 0
    got = listed(alnco)[first.id]
    assert (got["hours"], got["reflection"], got["revision"]) == (4, "edited twice elsewhere", 3)
    before = (tmp_path / "record.json").read_bytes()
    again = alnco("import", str(newer_file))
    assert "0 added, 0 updated, 0 kept as yours, 3 unchanged" in again.stdout
    assert (tmp_path / "record.json").read_bytes() == before


def test_same_revision_with_other_content_or_a_diverged_edit_is_kept(alnco, tmp_path) -> None:
    first, second, third = fixed_entries()
    alnco("import", str(write(tmp_path / "a.json", [first, second, third])))
    # here: the third entry edited once (revision 2, now)
    assert alnco("log", "edit", third.id, "--evidence", "here").returncode == 0
    same_revision = replace(first, title="Changed without a revision",
                            updated_at="2026-11-02T09:00:00.000+00:00")
    # elsewhere: edited twice (revision 3) but before the edit here (which is stamped
    # with the real clock): both changed it
    diverged = replace(third, evidence="elsewhere", revision=3,
                       updated_at="2000-01-01T00:00:00.000+00:00")
    result = alnco("import", str(write(tmp_path / "b.json", [same_revision, second, diverged])))
    assert result.returncode == 0, result.stderr
    assert "Kept 2 entries that changed here since the export" in result.stdout
    assert "the file differs in title" in result.stdout
    assert "the file differs in evidence" in result.stdout
    got = listed(alnco)
    assert got[first.id]["title"] == first.title
    assert got[third.id]["evidence"] == "here"


def test_exports_without_revisions_still_import_and_a_bad_revision_is_refused(
        alnco, tmp_path) -> None:
    document = json.loads(render_json(make_data()))
    for entry in document["entries"]:
        del entry["revision"]  # a file from before revisions
    (tmp_path / "old.json").write_text(json.dumps(document))
    result = alnco("import", str(tmp_path / "old.json"))
    assert result.returncode == 0, result.stderr
    assert {e["revision"] for e in listed(alnco).values()} == {1}
    document["entries"][1]["revision"] = "2"
    (tmp_path / "bad.json").write_text(json.dumps(document))
    refused = alnco("import", str(tmp_path / "bad.json"))
    assert refused.returncode == 1
    assert "entry 2 is invalid (revision must be a whole number, 1 or more)" in refused.stderr
