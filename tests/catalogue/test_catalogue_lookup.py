"""`log add --module`: the entry copies the module's title, hours, tasks and mode."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from alnco.catalogue.lookup import module_snapshot
from alnco.errors import InputError


def test_snapshot_of_a_known_module(make_ctx) -> None:
    snap = module_snapshot(make_ctx(), "idp-writing")
    assert snap == {"module_id": "idp-writing",
                    "title": "Writing an individual development plan (IDP)",
                    "hours": Decimal(4), "tasks": ("a", "c"), "mode": "online",
                    "standards": ()}


def test_snapshot_title_follows_the_interface_language(make_ctx, module_toml, tmp_path) -> None:
    assert module_snapshot(make_ctx(language="cy"), "idp-writing")["title"] == (
        "Ysgrifennu cynllun datblygu unigol (CDU)")
    only_en = tmp_path / "en.toml"
    only_en.write_text(module_toml("english-only", title="Only English").replace(
        ', cy = "Modiwl Only English"', ""), encoding="utf-8")
    snap = module_snapshot(make_ctx(catalogue=only_en, language="cy"), "english-only")
    assert snap["title"] == "Only English"


def test_a_withdrawn_module_still_resolves(make_ctx) -> None:
    assert module_snapshot(make_ctx(), "consortium-aln-network")["hours"] == Decimal(2)


def test_an_unknown_id_suggests_the_closest(make_ctx) -> None:
    with pytest.raises(InputError) as error:
        module_snapshot(make_ctx(), "idp-writting")
    assert "idp-writing" in str(error.value)
    with pytest.raises(InputError) as error:
        module_snapshot(make_ctx(), "zzzz-qqqq")
    assert "catalogue list --search" in str(error.value)


def log_entries(alnco) -> list[dict]:
    result = alnco("log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_log_add_module_copies_the_catalogue_fields(alnco) -> None:
    result = alnco("log", "add", "--module", "identifying-aln", "--date", "yesterday")
    assert result.returncode == 0, result.stderr
    assert "Identifying additional learning needs" in result.stdout
    [entry] = log_entries(alnco)
    assert entry["module_id"] == "identifying-aln"
    assert entry["hours"] == 6 and entry["tasks"] == ["a", "c"] and entry["mode"] == "blended"
    assert entry["title"].startswith("Identifying additional learning needs")


def test_log_add_module_lets_the_command_line_win(alnco) -> None:
    result = alnco("log", "add", "--module", "identifying-aln", "--hours", "90m",
                   "--task", "h", "--mode", "online")
    assert result.returncode == 0, result.stderr
    [entry] = log_entries(alnco)
    assert (entry["hours"], entry["tasks"], entry["mode"]) == (1.5, ["h"], "online")


def test_log_add_unknown_module_is_refused_with_a_suggestion(alnco) -> None:
    result = alnco("log", "add", "--module", "identifying-aln-x")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("alnco: error: ") and "did you mean identifying-aln" in line
    assert log_entries(alnco) == []


def test_log_add_module_in_welsh_stores_the_welsh_title(alnco) -> None:
    assert alnco("--lang", "cy", "log", "add", "--module", "idp-reviews").returncode == 0
    assert log_entries(alnco)[0]["title"] == "Adolygu a diwygio CDUau"
