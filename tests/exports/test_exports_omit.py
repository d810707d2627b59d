"""The co-ordinator copy: `export --omit reflection,evidence` in every format, said so in
the JSON, read by `report`, and never blanking anything when imported."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from alnco.context import Context
from alnco.exports.document import render_json
from alnco.exports.sources import coordinator_copy
from exports_helpers import TODAY, assert_refused, make_data
from lrs_servers import endpoint_of, misbehaving_lrs


@pytest.fixture
def filled(alnco, tmp_path):
    source = tmp_path / "start.json"
    source.write_bytes(render_json(make_data()))
    assert alnco("import", str(source)).returncode == 0
    return alnco


def test_the_json_copy_leaves_both_out_and_says_so(filled) -> None:
    result = filled("export", "--format", "json", "--omit", "reflection, evidence")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["omitted"] == ["evidence", "reflection"]
    assert {(e["evidence"], e["reflection"]) for e in document["entries"]} == {("", "")}
    assert "xapi" not in document  # a copy for a co-ordinator, not a backup
    full = json.loads(filled("export", "--format", "json").stdout)
    assert "omitted" not in full and full["entries"][0]["reflection"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html", "ics"])
def test_every_format_honours_it(filled, tmp_path, fmt) -> None:
    path = tmp_path / f"copy.{fmt}"
    result = filled("export", "--format", fmt, "--omit", "evidence,reflection", "-o", str(path))
    assert result.returncode == 0, result.stderr
    if fmt == "xlsx":
        from openpyxl import load_workbook

        text = "\n".join(str(c.value) for sheet in load_workbook(path) for row in sheet.rows
                         for c in row if c.value is not None)
    else:
        text = path.read_text(encoding="utf-8-sig")
    for secret in ("certificate.pdf", "line two", "@evil", "+1 formula"):
        assert secret not in text, (fmt, secret)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and all(r["evidence"] == r["reflection"] == "" for r in rows)


def test_only_the_two_fields_can_be_omitted(filled) -> None:
    for bad in ("title", "reflection,notes", ","):
        result = filled("export", "--format", "json", "--omit", bad)
        assert_refused(result, 2, "--omit", "evidence, reflection")


def test_coordinator_copy_is_what_the_command_writes(filled, cli_env, tmp_path) -> None:
    ctx = Context.from_options(record=str(tmp_path / "record.json"), today=TODAY,
                               environ=cli_env)
    made, entries = coordinator_copy(ctx)
    written = filled("export", "--format", "json", "--omit", "evidence,reflection,assessments",
                     binary=True)
    assert made == written.stdout and entries == 3
    assert json.loads(coordinator_copy(ctx, omit=("reflection",))[0])["omitted"] == \
        ["reflection"]
    # Nothing omitted: every field, but still no xAPI identity or LRS addresses.
    with misbehaving_lrs("ok") as server:
        secret = tmp_path / "secret"
        secret.write_text("pw\n")
        secret.chmod(0o600)
        assert filled("push", "--lrs", endpoint_of(server), "--user", "u", "--password-file",
                      str(secret)).returncode == 0
    assert "xapi" in json.loads(filled("export", "--format", "json").stdout)
    whole = json.loads(coordinator_copy(ctx, omit=())[0])
    assert "xapi" not in whole and "omitted" not in whole
    assert whole["entries"][0]["reflection"]


def test_report_reads_a_copy(filled, tmp_path) -> None:
    path = tmp_path / "copy.json"
    assert filled("export", "--format", "json", "--omit", "evidence,reflection",
                  "-o", str(path)).returncode == 0
    result = filled("report", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["people"]) == 1


def test_importing_a_copy_never_blanks_a_field(filled, tmp_path) -> None:
    path = tmp_path / "copy.json"
    document = json.loads(render_json(make_data()))
    for entry in document["entries"]:
        entry["evidence"] = entry["reflection"] = ""
    document["entries"][0].update(title="Renamed elsewhere", revision=2,
                                  updated_at="2026-11-01T09:00:00.000+00:00")
    document["entries"].append({**document["entries"][1], "id": "new-entry-from-the-copy",
                                "title": "Only in the copy"})
    document["omitted"] = ["evidence", "reflection"]
    path.write_text(json.dumps(document))
    dry = filled("import", "--dry-run", str(path))
    assert "changes title" in dry.stdout and "reflection" not in dry.stdout.split("fields")[0]
    assert "leaves out evidence, reflection" in dry.stdout
    assert filled("import", str(path)).returncode == 0
    entries = {e["id"]: e for e in json.loads(filled("log", "list", "--format", "json").stdout)}
    first = entries["00000000-0000-4000-8000-000000000001"]
    assert first["title"] == "Renamed elsewhere"
    assert (first["evidence"], first["reflection"]) == ("certificate.pdf",
                                                        "Useful; line one\nline two")
    assert entries["00000000-0000-4000-8000-000000000002"]["evidence"] == "@evil"
    assert entries["new-entry-from-the-copy"]["reflection"] == ""


def test_a_file_omitting_fields_this_alnco_does_not_know_is_refused(filled, tmp_path) -> None:
    path = tmp_path / "future.json"
    document = json.loads(render_json(make_data()))
    document["omitted"] = ["mode"]
    path.write_text(json.dumps(document))
    before = (tmp_path / "record.json").read_bytes()
    assert_refused(filled("import", str(path)), 1, "upgrade alnco", "'mode'")
    assert (tmp_path / "record.json").read_bytes() == before
