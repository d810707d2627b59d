"""The shipped frameworks' JSON copies (read by `alnco status`) say exactly what their
TOML sources say: an edit to a TOML file that was not copied fails here."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from alnco.progress.frameworks import parse_framework, read_shipped_json, shipped_framework

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "catalogue" / "data" / "frameworks"


def test_every_framework_toml_has_a_json_copy_and_no_copy_is_orphaned() -> None:
    tomls = {p.stem for p in FOLDER.glob("*.toml")}
    assert tomls, "no shipped frameworks found"
    assert {p.stem for p in FOLDER.glob("*.json")} == tomls


def test_each_json_copy_reads_back_as_its_toml() -> None:
    for toml_file in sorted(FOLDER.glob("*.toml")):
        from_toml = tomllib.loads(toml_file.read_text(encoding="utf-8"))
        from_json = read_shipped_json(toml_file.with_suffix(".json").read_bytes())
        assert from_json == from_toml, f"{toml_file.name}: run python tools/frameworks_json.py"


def test_the_shipped_framework_is_the_one_the_toml_describes() -> None:
    for toml_file in sorted(FOLDER.glob("*.toml")):
        data = tomllib.loads(toml_file.read_text(encoding="utf-8"))
        framework = shipped_framework(toml_file.stem)
        assert framework == parse_framework(data, toml_file.name)
        assert framework.law_checked_on is not None  # a date again, not ISO text


def test_the_generator_would_write_nothing_new() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "frameworks_json.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_generator_names_a_stale_copy(tmp_path: Path, monkeypatch) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import frameworks_json
    finally:
        sys.path.remove(str(ROOT / "tools"))
    for toml_file in FOLDER.glob("*.toml"):
        (tmp_path / toml_file.name).write_text(toml_file.read_text(encoding="utf-8"))
    stale = next(iter(sorted(tmp_path.glob("*.toml"))))
    stale.write_text(stale.read_text(encoding="utf-8").replace("version = 1", "version = 2", 1))
    for toml_file in tmp_path.glob("*.toml"):
        toml_file.with_suffix(".json").write_text(
            (FOLDER / toml_file.with_suffix(".json").name).read_text(encoding="utf-8"))
    monkeypatch.setattr(frameworks_json, "FOLDER", tmp_path)
    assert frameworks_json.main(["--check"]) == 1
    assert frameworks_json.main([]) == 0
    assert frameworks_json.main(["--check"]) == 0
    assert read_shipped_json(stale.with_suffix(".json").read_bytes())["version"] == 2
