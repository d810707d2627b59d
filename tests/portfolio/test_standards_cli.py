"""Standards from the command line, by subprocess: `log add/edit --standard`,
module defaults, `log list`, `progress` (text and JSON, English and Welsh, the FE
stand-in), `catalogue show`, and export -> import keeping them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TODAY = "2026-11-03"
FIVE = ["pedagogy", "collaboration", "leadership", "innovation", "professional-learning"]

CATALOGUE = """
[[module]]
id = "coaching-colleagues"
title = "Coaching colleagues in inclusive practice"
mode = "blended"
level = "practice"
hours = 6
tasks = ["f"]
standards = ["collaboration", "leadership", "made-up-elsewhere"]
"""


class Run:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.env, self.cwd = env, cwd

    def __call__(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "alnco", *args], input=input,
                              capture_output=True, text=True, encoding="utf-8", env=self.env,
                              cwd=self.cwd, timeout=60)


def environment(tmp_path: Path, record: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(record), ALNCO_TODAY=TODAY,
               XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"),
               ALNCO_CATALOGUE=str(tmp_path / "extra.toml"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", ALNCO_LOCK_TIMEOUT="2")
    return env


@pytest.fixture
def alnco(tmp_path: Path) -> Run:
    (tmp_path / "extra.toml").write_text(CATALOGUE, encoding="utf-8")
    return Run(environment(tmp_path, tmp_path / "record.json"), tmp_path)


def entries(alnco: Run) -> list[dict]:
    result = alnco("log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_log_add_links_standards_and_log_list_json_carries_them(alnco):
    result = alnco("log", "add", "--title", "Coaching course", "--hours", "2",
                   "--standard", "Innovation", "--standard", "pedagogy")
    assert result.returncode == 0, result.stderr
    [entry] = entries(alnco)
    assert entry["standards"] == ["pedagogy", "innovation"]  # the set's order


def test_an_unknown_standard_is_refused_with_the_list_and_nothing_is_saved(alnco):
    result = alnco("log", "add", "--title", "X", "--hours", "1", "--standard", "pedgogy")
    assert result.returncode == 1
    assert result.stderr.startswith("alnco: error: unknown standard 'pedgogy'")
    assert ", ".join(FIVE) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert entries(alnco) == []


def test_log_edit_replaces_or_clears_standards_and_keeps_them_otherwise(alnco):
    assert alnco("log", "add", "--title", "X", "--hours", "1",
                 "--standard", "leadership").returncode == 0
    entry_id = entries(alnco)[0]["id"]
    assert alnco("log", "edit", entry_id[:8], "--hours", "2").returncode == 0
    assert entries(alnco)[0]["standards"] == ["leadership"]
    assert alnco("log", "edit", entry_id[:8], "--standard", "collaboration").returncode == 0
    assert entries(alnco)[0]["standards"] == ["collaboration"]
    result = alnco("log", "edit", entry_id[:8], "--standard", "nope")
    assert result.returncode == 1 and entries(alnco)[0]["standards"] == ["collaboration"]
    assert alnco("log", "edit", entry_id[:8], "--no-standards").returncode == 0
    assert entries(alnco)[0]["standards"] == []


def test_a_modules_standards_default_onto_the_entry_as_its_tasks_do(alnco):
    assert alnco("log", "add", "--module", "coaching-colleagues").returncode == 0
    assert alnco("log", "add", "--module", "coaching-colleagues",
                 "--standard", "innovation").returncode == 0
    first, second = entries(alnco)
    assert first["tasks"] == ["f"]
    # keys the person's set does not have are not copied
    assert first["standards"] == ["collaboration", "leadership"]
    assert second["standards"] == ["innovation"]


def test_log_list_csv_keeps_the_interface_columns(alnco):
    assert alnco("log", "add", "--title", "X", "--hours", "1",
                 "--standard", "pedagogy").returncode == 0
    result = alnco("log", "list", "--format", "csv")
    header = next(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert header == ["id", "date", "status", "module_id", "title", "hours", "mode", "tasks",
                      "evidence", "reflection", "created_at", "updated_at"]


def test_progress_shows_learning_by_standard_labelled_as_not_a_requirement(alnco):
    assert alnco("log", "add", "--title", "A", "--hours", "2", "--date", "2026-10-01",
                 "--standard", "pedagogy", "--standard", "collaboration").returncode == 0
    assert alnco("log", "add", "--title", "Plan", "--hours", "5", "--date", "2026-12-01",
                 "--status", "planned", "--standard", "pedagogy").returncode == 0
    assert alnco("log", "add", "--module", "coaching-colleagues",
                 "--date", "2026-10-02").returncode == 0
    text = alnco("progress")
    assert text.returncode == 0, text.stderr
    assert ("Learning by professional standard (not a requirement): Professional standards "
            "for teaching and leadership (2017)") in text.stdout
    lines = {line.split()[0]: line for line in text.stdout.splitlines()
             if line.startswith("  ") and " h  (" in line}
    assert "2 h  (1 entry)" in lines["Pedagogy"]
    assert "8 h  (2 entries)" in lines["Collaboration"]
    assert "0 h  (0 entries)" in lines["Innovation"]
    data = json.loads(alnco("progress", "--format", "json").stdout)
    by_key = {row["key"]: row for row in data["standards"]}
    assert list(by_key) == FIVE
    assert by_key["collaboration"]["hours"] == 8 and len(by_key["collaboration"]["entries"]) == 2
    assert by_key["pedagogy"]["title"] == "Pedagogy"
    assert data["standards_set"]["basis"] == "national"
    assert data["standards_set"]["stand_in_for"] is None
    # standards never become requirements
    assert not [r for r in data["requirements"] if "standard" in r["id"]]
    old = json.loads(alnco("progress", "--format", "json", "--on", "2026-09-01").stdout)
    assert all(row["hours"] == 0 for row in old["standards"])


def test_progress_in_welsh_and_for_an_fei_shows_the_stand_in_note(alnco):
    assert alnco("profile", "set", "--setting", "fei").returncode == 0
    assert alnco("log", "add", "--title", "A", "--hours", "1",
                 "--standard", "pedagogy").returncode == 0
    english = alnco("progress")
    assert "shown as a stand-in" in english.stdout
    welsh = alnco("--lang", "cy", "progress")
    assert "Dysgu fesul safon broffesiynol (nid gofyniad)" in welsh.stdout
    assert "Addysgeg" in welsh.stdout and "yn eu lle" in welsh.stdout
    data = json.loads(alnco("progress", "--format", "json").stdout)
    assert data["standards_set"]["stand_in_for"] == "fei"
    assert "stand-in" in data["standards_set"]["note"]


def test_catalogue_show_names_a_modules_standards(alnco):
    result = alnco("catalogue", "show", "coaching-colleagues")
    assert result.returncode == 0, result.stderr
    assert "Professional standards it supports (not requirements):" in result.stdout
    assert "collaboration  Collaboration" in result.stdout
    assert "made-up-elsewhere  (not in any set of standards here)" in result.stdout
    data = json.loads(alnco("catalogue", "show", "coaching-colleagues", "--format",
                            "json").stdout)
    assert data["standards"] == ["collaboration", "leadership", "made-up-elsewhere"]


def test_a_json_export_carries_standards_and_import_keeps_them(alnco, tmp_path):
    assert alnco("log", "add", "--title", "A", "--hours", "1", "--standard", "innovation",
                 "--standard", "leadership").returncode == 0
    out = tmp_path / "export.json"
    assert alnco("export", "--format", "json", "-o", str(out)).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["entries"][0]["standards"] == ["leadership", "innovation"]
    fresh = Run(environment(tmp_path, tmp_path / "fresh.json"), tmp_path)
    result = fresh("import", str(out))
    assert result.returncode == 0, result.stderr
    assert entries(fresh)[0]["standards"] == ["leadership", "innovation"]
    # an import of a later revision brings changed standards with it
    document["entries"][0]["standards"] = ["pedagogy"]
    document["entries"][0]["revision"] = 2
    document["entries"][0]["updated_at"] = "2026-12-31T00:00:00.000+00:00"
    out.write_text(json.dumps(document), encoding="utf-8")
    dry = fresh("import", str(out), "--dry-run")
    assert "standards: leadership,innovation → pedagogy" in dry.stdout
    assert fresh("import", str(out)).returncode == 0
    assert entries(fresh)[0]["standards"] == ["pedagogy"]
