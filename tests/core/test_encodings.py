"""alnco under any locale, and with arguments that are not text.

Shared school servers are reached over SSH from all sorts of terminals: LANG=C,
a Latin-1 locale, PYTHONIOENCODING=ascii from some wrapper script. Whatever the
terminal can show, a command must finish (what it cannot show is printed as an
escape such as \\u0175), must never report failure after saving, and must store
Welsh text exactly. Bytes that are not UTF-8 in an argument are refused, with
exit 1 and one line naming the argument, before any command runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


WELSH = "Gweithdy ŵ ŷ â 😀"
NAME = "Siân Ŵyn"


def _locales() -> set[str]:
    try:
        found = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line.strip().lower().replace("-", "") for line in found.stdout.splitlines()}


# Each: the environment, and the encoding its output is in.
ENVIRONMENTS = {
    "ascii": ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    "latin-1": ({"PYTHONIOENCODING": "latin-1"}, "latin-1"),
    "lc-all-c": ({"LC_ALL": "C", "LANG": "C"}, "utf-8"),  # Python coerces to UTF-8
    # A C locale without Python's rescue (PEP 538/540 off): stdio and argv are ASCII.
    "strict-c": ({"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
                  "PYTHONCOERCECLOCALE": "0"}, "ascii"),
}
if "en_gb.iso88591" in _locales():  # pragma: no cover - not installed on every machine
    ENVIRONMENTS["en_GB.ISO-8859-1"] = ({"LC_ALL": "en_GB.ISO-8859-1"}, "latin-1")


class Bytes:
    """The real `alnco`, with arguments and output as bytes (nothing decoded for us)."""

    def __init__(self, env: dict[str, str], cwd: Path):
        self.env, self.cwd = env, cwd

    def __call__(self, *args: str | bytes, env: dict | None = None, **kwargs):
        argv = [a if isinstance(a, bytes) else a.encode("utf-8") for a in args]
        merged = {**self.env, **(env or {})}
        for name in [n for n, v in merged.items() if v is None]:
            del merged[name]
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("stdout", subprocess.PIPE)
        kwargs.setdefault("stderr", subprocess.PIPE)
        return subprocess.run([sys.executable.encode(), b"-m", b"alnco", *argv],
                              env=merged, cwd=self.cwd, timeout=60, **kwargs)


@pytest.fixture
def raw(cli_env: dict[str, str], tmp_path: Path) -> Bytes:
    return Bytes(cli_env, tmp_path)


def entries(raw: Bytes) -> list[dict]:
    result = raw("log", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.decode("utf-8"))


def one_error_line(result, code: int) -> str:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == code, (result.returncode, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alnco: error: "), stderr
    return lines[0]


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> tuple[Bytes, Path]:
    """One record (read, never changed, by the commands below) with Welsh and emoji in
    the profile and an entry, and its JSON export."""
    folder = tmp_path_factory.mktemp("welsh")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(folder / "record.json"), ALNCO_TODAY="2026-11-03",
               XDG_DATA_HOME=str(folder / "data"), XDG_CONFIG_HOME=str(folder / "config"),
               ALNCO_SYSTEM_DIR=str(folder / "etc"), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    raw = Bytes(env, folder)
    assert raw("profile", "set", "--name", NAME + " 😀", "--institution", "Ysgol ŷ â",
               "--ewc-number", "123").returncode == 0
    assert raw("log", "add", "--title", WELSH, "--hours", "1.5", "--reflection",
               "Dysgais ŵ 😀", "--task", "a").returncode == 0
    export = folder / "export.json"
    assert raw("export", "--format", "json", "-o", str(export)).returncode == 0
    return raw, export


COMMANDS = [
    ["log", "list"],
    ["log", "list", "--format", "json"],
    ["log", "list", "--format", "csv"],
    ["profile", "show"],
    ["profile", "show", "--format", "json"],
    ["progress"],
    ["progress", "--format", "json"],
    ["catalogue", "list"],
    ["--lang", "cy", "catalogue", "list"],
    ["catalogue", "list", "--format", "json"],
    ["catalogue", "show", "adaptive-teaching"],
    ["--lang", "cy", "catalogue", "show", "adaptive-teaching"],
    ["export", "--format", "json", "-o", "-"],
    ["export", "--format", "csv", "-o", "-"],
    ["report", "{export}"],
    ["report", "{export}", "--format", "json"],
    ["--lang", "cy", "report", "{export}"],
    ["doctor"],
    ["status"],
    ["--lang", "cy", "status"],
    ["--lang", "cy", "--help"],
    ["--lang", "cy", "log", "add", "--help"],
]


@pytest.mark.parametrize("where", sorted(ENVIRONMENTS))
def test_log_add_saves_welsh_exactly_and_exits_0_in_any_locale(raw: Bytes, where: str) -> None:
    env, encoding = ENVIRONMENTS[where]
    result = raw("log", "add", "--title", WELSH, "--hours", "1", "--evidence", "ŵ 😀", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    shown = result.stdout.decode(encoding)  # what the terminal gets is in its encoding
    assert "Gweithdy" in shown
    if encoding == "ascii":
        assert "\\u0175" in shown and "\\U0001f600" in shown  # readable escapes
    [entry] = entries(raw)  # read back under UTF-8: stored exactly as typed
    assert entry["title"] == WELSH and entry["evidence"] == "ŵ 😀"


@pytest.mark.parametrize("where", sorted(ENVIRONMENTS))
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_commands_that_print_welsh_never_crash_in_any_locale(welsh, where: str,
                                                            command) -> None:
    raw, export = welsh
    env, encoding = ENVIRONMENTS[where]
    args = [a.format(export=export) for a in command]
    result = raw(*args, env=env)
    assert result.returncode == 0, (result.returncode, result.stderr)
    assert b"internal error" not in result.stderr and b"Traceback" not in result.stderr
    if "-o" in args or ("report" in args and "--format" in args):
        result.stdout.decode("utf-8")  # a file format's bytes: UTF-8 wherever they go
        return  # (the report's table, for people, is in the terminal's encoding)
    text = result.stdout.decode(encoding)
    if "json" in args:  # JSON stays exact: \u escapes are the same JSON once parsed
        data = json.loads(text)
        if args[:2] == ["log", "list"]:
            assert data[0]["title"] == WELSH
        if args[:2] == ["profile", "show"]:
            assert data["name"] == NAME + " 😀"
    elif args[:2] == ["log", "list"] and "csv" not in args:
        assert "Gweithdy" in text


@pytest.mark.parametrize("where", sorted(ENVIRONMENTS))
def test_errors_in_welsh_are_one_line_in_any_locale(raw: Bytes, where: str) -> None:
    env, encoding = ENVIRONMENTS[where]
    result = raw("--lang", "cy", "log", "add", "--title", "ŵ", "--hours", "1",
                 "--date", "yfory ŵ", env=env)
    line = one_error_line(result, 1)
    result.stderr.decode(encoding)
    assert "yfory" in line


def test_the_strict_c_locale_still_stores_utf8_arguments_as_typed(raw: Bytes) -> None:
    env, _encoding = ENVIRONMENTS["strict-c"]
    assert raw("log", "add", "--title", WELSH, "--hours", "1", env=env).returncode == 0
    assert [e["title"] for e in entries(raw)] == [WELSH]


def test_a_closed_standard_output_is_not_a_failure(raw: Bytes) -> None:
    result = raw("log", "add", "--title", "x", "--hours", "1",
                 preexec_fn=lambda: os.close(1))
    assert result.returncode == 0, result.stderr
    assert [e["title"] for e in entries(raw)] == ["x"]


# -------------------------------------------------------- arguments that are not text


@pytest.mark.parametrize(
    "args, named",
    [
        ([b"log", b"add", b"--title", b"caf\xe9", b"--hours", b"1"], "--title"),
        ([b"log", b"add", b"--title=caf\xe9", b"--hours", b"1"], "--title"),
        ([b"log", b"add", b"--title", b"ok", b"--hours", b"1", b"--reflection", b"\xff\xfe"],
         "--reflection"),
        ([b"log", b"add", b"--title", b"\xed\xa0\x80", b"--hours", b"1"], "--title"),  # CESU
        ([b"catalogue", b"show", b"\xff"], "argument 3"),
        ([b"--record", b"/tmp/\xff/record.json", b"log", b"list"], "--record"),
        ([b"log", b"list", b"--from", b"\xc3"], "--from"),
        ([b"\xff"], "argument 1"),
    ],
)
def test_arguments_that_are_not_utf8_are_refused_naming_them(raw: Bytes, args, named) -> None:
    line = one_error_line(raw(*args), 1)
    assert named in line and "not valid text" in line and "UTF-8" in line
    assert "\\x" in line  # the bad bytes are shown, escaped
    assert entries(raw) == []  # nothing saved


def test_a_bad_argument_is_refused_in_welsh_too(raw: Bytes) -> None:
    line = one_error_line(raw("--lang", "cy", "log", "add", b"--title", b"\xff", "--hours", "1"),
                          1)
    assert "--title" in line and "UTF-8" in line and "not valid text" not in line


@pytest.mark.parametrize("where", sorted(ENVIRONMENTS))
def test_bad_bytes_are_refused_in_any_locale(raw: Bytes, where: str) -> None:
    env, _encoding = ENVIRONMENTS[where]
    # (in the strict C locale Python reads argv as ASCII; the bytes are still not UTF-8)
    one_error_line(raw("log", "add", b"--title", b"caf\xe9", "--hours", "1", env=env), 1)
    assert entries(raw) == []


def test_in_process_arguments_with_lone_surrogates_are_refused(capsys) -> None:
    from alnco.cli import main

    assert main(["log", "add", "--title", "x\ud800", "--hours", "1"]) == 1
    err = capsys.readouterr().err
    assert "--title" in err and "not valid text" in err


# ------------------------------------------------ standard input (commands/log.py)


def test_a_welsh_reflection_on_stdin_works_in_any_locale(raw: Bytes) -> None:
    result = raw("log", "add", "--title", "x", "--hours", "1", "--reflection-file", "-",
                 env={"PYTHONIOENCODING": "ascii"}, input="Dysgais ŵ 😀".encode("utf-8"),
                 stdin=None)
    assert result.returncode == 0, result.stderr
    assert entries(raw)[0]["reflection"] == "Dysgais ŵ 😀"


def test_a_reflection_on_stdin_that_is_not_utf8_is_refused(raw: Bytes) -> None:
    result = raw("log", "add", "--title", "x", "--hours", "1", "--reflection-file", "-",
                 input=b"caf\xe9", stdin=None)
    one_error_line(result, 1)
    assert entries(raw) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["log", "add", "--title", "x", "--hours", "1"],
                                     ["log", "list", "--format", "json"], ["progress"]])
def test_output_to_a_full_disk_is_one_error_line_not_a_bug(raw: Bytes, command) -> None:
    with open("/dev/full", "wb") as full:
        result = raw(*command, stdout=full)
    line = one_error_line(result, 1)
    assert "could not write the output" in line and "No space left" in line
    if command[1:2] == ["add"]:
        assert [e["title"] for e in entries(raw)] == ["x"]  # and what it saved is kept
