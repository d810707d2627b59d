"""The store's refusals as a person sees them: the real `alnco` command, exit codes, messages."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[2] / "catalogue" / "data" / "catalogue.toml"


def add(alnco, title: str = "x") -> None:
    result = alnco("log", "add", "--title", title, "--hours", "1", "--date", "2026-01-05")
    assert result.returncode == 0, result.stderr


def damage(record: Path, **fields) -> str:
    data = json.loads(record.read_text())
    doc = next(iter(data["entries"].values()))
    for name, value in fields.items():
        if value is None:
            doc.pop(name, None)
        else:
            doc[name] = value
    record.write_text(json.dumps(data))
    return doc.get("id", "")


@pytest.mark.parametrize("fields, field, shown", [
    ({"hours": "abc"}, "'hours'", '"abc"'),
    ({"date": "2026-02-30"}, "'date'", '"2026-02-30"'),
    ({"date": "0000-01-01"}, "'date'", '"0000-01-01"'),
    ({"hours": "1" * 29}, "'hours'", '"' + "1" * 29 + '"'),
    ({"id": None}, "'id'", "(missing)"),
])
@pytest.mark.parametrize("command", [("log", "list"), ("progress",),
                                     ("export", "--format", "json")])
def test_a_malformed_value_exits_3_naming_the_entry(alnco, tmp_path: Path, fields: dict,
                                                    field: str, shown: str,
                                                    command: tuple[str, ...]) -> None:
    record = tmp_path / "record.json"
    add(alnco, "first")
    add(alnco, "second")
    entry_id = damage(record, **fields)
    before = record.read_bytes()
    result = alnco(*command)
    assert result.returncode == 3, (result.returncode, result.stderr)
    error = result.stderr
    assert error.startswith("alnco: error: ") and error.count("\n") == 1
    assert "internal error" not in error
    assert (entry_id in error) if entry_id else ("entry number 1 in the file" in error)
    assert field in error and shown in error
    assert "text editor" in error and "backup" in error
    assert record.read_bytes() == before


def test_the_data_folder_is_private_when_catalogue_import_comes_first(
        alnco, tmp_path: Path) -> None:
    result = alnco("catalogue", "import", str(SHIPPED), env={"ALNCO_RECORD": None},)
    assert result.returncode == 0, result.stderr
    data = tmp_path / "xdg-data" / "alnco"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "xdg-data").stat().st_mode) == 0o700


def test_the_data_folder_is_private_when_log_add_comes_first(alnco, tmp_path: Path) -> None:
    result = alnco("log", "add", "--title", "x", "--hours", "1", env={"ALNCO_RECORD": None})
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "xdg-data" / "alnco").stat().st_mode) == 0o700


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "soon"])
def test_a_bad_lock_timeout_is_a_usage_error_naming_the_variable(alnco, tmp_path: Path,
                                                                 value: str) -> None:
    result = alnco("log", "add", "--title", "x", "--hours", "1",
                   env={"ALNCO_LOCK_TIMEOUT": value})
    assert result.returncode == 2
    assert "ALNCO_LOCK_TIMEOUT" in result.stderr and value in result.stderr
    assert not (tmp_path / "record.json").exists()


def test_an_old_records_ids_work_with_log_rm_before_and_after_its_upgrade(
        alnco, tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    record.write_text(json.dumps({"entries": {
        str(n): {"date": "2026-01-05", "title": f"Old {n}", "hours": "2"} for n in (1, 2, 3)}}))
    record.chmod(0o600)

    def ids() -> list[str]:
        result = alnco("log", "list", "--format", "json")
        assert result.returncode == 0, result.stderr
        return [e["id"] for e in json.loads(result.stdout)]

    seen = ids()
    assert ids() == seen and len(set(seen)) == 3
    removed = alnco("log", "rm", seen[0][:8])  # the first write: migrates, then removes
    assert removed.returncode == 0, removed.stderr
    assert ids() == seen[1:]
    assert alnco("log", "rm", seen[1][:8]).returncode == 0
    assert ids() == seen[2:]


def test_a_symlinked_record_is_refused_with_the_fix(alnco, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    (tmp_path / "record.json").symlink_to(real)
    result = alnco("log", "add", "--title", "x", "--hours", "1")
    assert result.returncode == 3
    assert "symbolic link" in result.stderr and f"--record {real}" in result.stderr
    assert not real.exists()
