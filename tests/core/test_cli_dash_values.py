"""An option's value may start with `-` (`--title -2+3`, `--reflection '- note'`),
in every command, unless the word is itself one of the command's options."""

from __future__ import annotations

import json

import pytest

from alnco.cli import Parser, dash_values
from alnco.errors import UsageError


def entries(alnco) -> list[dict]:
    result = alnco("log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refused(result, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith("alnco: error: ")
    for word in words:
        assert word in line, line


def test_values_that_start_with_a_dash_are_saved_as_typed(alnco) -> None:
    result = alnco("log", "add", "--title", "-2+3", "--hours", "1", "--mode", "-online",
                   "--reflection", "- bullet point", "--evidence", "-")
    assert result.returncode == 0, result.stderr
    assert alnco("log", "add", "--title=-x=y", "--hours", "1").returncode == 0
    assert alnco("log", "add", "--tit", "--not-an-option", "--hours", "1").returncode == 0
    first, second, third = sorted(entries(alnco), key=lambda e: e["created_at"])
    assert (first["title"], first["mode"], first["reflection"], first["evidence"]) == \
        ("-2+3", "-online", "- bullet point", "-")
    assert second["title"] == "-x=y"
    assert third["title"] == "--not-an-option"


def test_a_real_option_after_a_value_taking_option_is_still_an_error(alnco) -> None:
    refused(alnco("log", "add", "--title", "--hours", "2"), "--title", "expected one argument")
    refused(alnco("log", "add", "--title", "--hour", "2"), "--title", "expected one argument")
    refused(alnco("log", "add", "--hours", "1", "--title"), "--title", "expected one argument")
    refused(alnco("log", "add", "--t", "-x"), "ambiguous option")
    refused(alnco("log", "add", "--title", "x", "--bogus"), "unrecognized arguments: --bogus")
    assert entries(alnco) == []


def test_every_command_and_the_global_options_take_dash_values(alnco, tmp_path) -> None:
    assert alnco("profile", "set", "--name", "-Siân-").returncode == 0
    shown = json.loads(alnco("profile", "show", "--format", "json").stdout)
    assert shown["name"] == "-Siân-"
    result = alnco("export", "--format", "csv", "-o", "-dash.csv")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "-dash.csv").exists()
    # a global option's value is read as its value, then judged as a date
    result = alnco("--today", "-x", "log", "list")
    assert result.returncode == 1 and "'-x' is not a date" in result.stderr


def parser() -> Parser:
    top = Parser(prog="t")
    top.add_argument("--today")
    commands = top.add_subparsers(dest="command", parser_class=Parser)
    add = commands.add_parser("add")
    add.add_argument("--title")
    add.add_argument("--task", action="extend", nargs="+")
    add.add_argument("--dry-run", action="store_true")
    add.add_argument("-o", "--output")
    add.add_argument("--tone")
    return top


def test_dash_values_joins_only_a_value_after_a_one_value_option() -> None:
    add = parser()._subparsers._group_actions[0].choices["add"]
    assert dash_values(add, ["--title", "-2+3"]) == ["--title=-2+3"]
    assert dash_values(add, ["-o", "-x.csv"]) == ["-o-x.csv"]
    assert dash_values(add, ["--output", "-"]) == ["--output", "-"]  # argparse's own case
    assert dash_values(add, ["--title", "--output", "f"]) == ["--title", "--output", "f"]
    assert dash_values(add, ["--title", "-ofile"]) == ["--title", "-ofile"]  # -o with a value
    assert dash_values(add, ["--title", "-hello"]) == ["--title=-hello"]  # -h takes no value
    assert dash_values(add, ["--title", "--t"]) == ["--title", "--t"]  # an abbreviation
    assert dash_values(add, ["--dry-run", "-x"]) == ["--dry-run", "-x"]  # a flag takes none
    assert dash_values(add, ["--task", "-a"]) == ["--task", "-a"]  # not one value
    assert dash_values(add, ["--", "--title", "-x"]) == ["--", "--title", "-x"]


def test_a_parser_with_commands_leaves_the_command_words_to_the_command() -> None:
    top = parser()
    # `--t` is --today to the top parser but ambiguous to `add` (--title, --tone)
    assert dash_values(top, ["--today", "-1", "add", "--t", "-x"]) == \
        ["--today=-1", "add", "--t", "-x"]
    with pytest.raises(UsageError, match="ambiguous option"):
        top.parse_args(["add", "--t", "-x"])
    args = top.parse_args(["--today", "-1", "add", "--title", "-2+3", "-o", "-f"])
    assert (args.today, args.title, args.output) == ("-1", "-2+3", "-f")
