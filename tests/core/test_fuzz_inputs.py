"""Property tests over everything a person or another program can hand alnco.

The rule (INTERFACE.md): input is accepted or refused with an AlncoError; no text,
file or argument may raise anything else (exit 70 is a bug). Each test below feeds
one front door random input and checks only that rule plus the documented range of
what is accepted. Example counts are fixed, so the whole file runs in under 30 s
(FUZZ_SCALE=N multiplies them for a deeper hunt); the CLI one spawns processes
and is marked slow.

Crashes found here are pinned by an explicit regression test each (superscript
credits, surrogates and loose hour strings in exports, stdin that is not UTF-8).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time
from decimal import Decimal, localcontext, Context, Overflow, Underflow, Inexact, Rounded
from decimal import InvalidOperation, DivisionByZero, Clamped
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from alnco.errors import AlncoError, InputError
from alnco.parsing import EARLIEST, LATEST, parse_date, parse_hours

# FUZZ_SCALE=20 for a deeper hunt (minutes, not seconds); 1 in the normal suite.
SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1") or 1))


def fuzz(examples: int) -> settings:
    """`examples` (times FUZZ_SCALE) random inputs, no per-example deadline (a
    subprocess or a first dateutil import is slow once), no health checks about
    generated data."""
    return settings(max_examples=examples * SCALE, deadline=None,
                    suppress_health_check=list(HealthCheck))

# ----------------------------------------------------------------- dates


_DATE_WORDS = st.sampled_from([
    "today", "yesterday", "tomorrow", "heddiw", "ddoe", "last", "friday", "fri", "dydd",
    "gwener", "nov", "November", "tachwedd", "ionawr", "1st", "3rd", "31", "29", "02",
    "2026", "0000", "9999", "1949", "2101", "1e9", "12:00", "am", "pm", "+", "-", "/", ".",
    ",", " ", "T", "Z", "UTC", "99999999999999999999", "0", "tue", "of", "at", "\t", "\u00a0",
])
_DATEISH = st.one_of(
    st.text(max_size=40),
    st.lists(_DATE_WORDS, max_size=8).map(" ".join),
    st.lists(_DATE_WORDS, max_size=8).map("".join),
    st.builds("{}/{}/{}".format, st.integers(-5, 40), st.integers(-5, 40),
              st.integers(-5, 100_000)),
    st.builds("{}-{:02d}-{:02d}".format, st.integers(0, 99999), st.integers(0, 99),
              st.integers(0, 99)),
)


@fuzz(1000)
@given(_DATEISH, st.dates(EARLIEST, LATEST))
@example("yesterday", EARLIEST)
@example("tomorrow", LATEST)
@example("last friday", EARLIEST)
@example("3 November 99999", LATEST)
@example("1/1/0", EARLIEST)
@example("12:00" + "9" * 40, EARLIEST)  # dateutil raised decimal.InvalidOperation
def test_parse_date_gives_a_date_in_range_or_input_error(text: str, today: date) -> None:
    try:
        day = parse_date(text, today)
    except InputError as error:
        assert str(error)
        return
    assert isinstance(day, date) and EARLIEST <= day <= LATEST


# ----------------------------------------------------------------- hours


_HOURS_PARTS = st.sampled_from([
    "0", "1", "9", "00", "60", "59", "1000", "1001", "999", ".", "..", "5", "h", "m", "hr",
    "hours", "awr", "oriau", "min", "munud", " ", "e", "E", "+", "-", "nan", "inf", "sNaN",
    "Infinity", "_", ",", "1e400", "1e999999999", "9" * 29, "1" * 60, "\u0663", "\uff11",
    "\u00b2", "\u00a0",
])
_HOURSISH = st.one_of(
    st.text(max_size=30),
    st.lists(_HOURS_PARTS, max_size=8).map("".join),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.integers(-(10**40), 10**40).map(str),
)


def _check_hours(value: Decimal) -> None:
    assert isinstance(value, Decimal) and value.is_finite()
    assert Decimal(0) < value <= 1000
    assert value == value.quantize(Decimal("0.01"))
    assert parse_hours(str(value)) == value  # what alnco shows, it reads back


@fuzz(1000)
@given(_HOURSISH)
@example("1" * 29)
@example("1e999999999")
@example("9" * 40 + ".5")
@example("1h" + "9" * 30)
@example(".000000000000000000000000000000000001")
def test_parse_hours_gives_sound_hours_or_input_error(text: str) -> None:
    try:
        value = parse_hours(text)
    except InputError as error:
        assert str(error)
        return
    _check_hours(value)


_HOSTILE_CONTEXTS = st.builds(
    lambda prec, traps: Context(prec=prec, traps=traps),
    st.integers(1, 6),
    st.lists(st.sampled_from([Overflow, Underflow, Inexact, Rounded, InvalidOperation,
                              DivisionByZero, Clamped]), unique=True),
)


@fuzz(200)
@given(_HOURSISH, _HOSTILE_CONTEXTS)
@example("20m", Context(prec=1, traps=[Inexact, Rounded]))
@example("999.99", Context(prec=2, traps=[Rounded]))
def test_parse_hours_ignores_the_callers_decimal_context(text: str, context: Context) -> None:
    try:
        expected = parse_hours(text)
    except InputError:
        expected = None
    with localcontext(context):
        try:
            got = parse_hours(text)
        except InputError:
            got = None
    assert got == expected


# ------------------------------------------------------------ catalogue files

from alnco.catalogue.csv_rows import load_csv_text  # noqa: E402
from alnco.catalogue.loader import build_modules, load_text  # noqa: E402
from alnco.catalogue.validate import FIELDS, check_module  # noqa: E402

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(),
    st.text(max_size=12), st.sampled_from(["", " ", "²", "١٢", "1h30", "90m", "nan", "inf",
                                            "1e400", "2026-02-30", "0001-01-01", "9999-12-31",
                                            "online", "accredited", "a c", "en;cy", "x" * 100,
                                            "https://hwb.gov.wales/", "http://[::1", "cy"]),
    st.dates(), st.datetimes(), st.times(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["en", "cy", "fr", "x"]), inner,
                                            max_size=3)),
    max_leaves=8,
)
_KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=8))
_MODULES = st.dictionaries(_KEYS, _VALUES, max_size=10)


def _good_module(**changes: object) -> dict:
    module = {"id": "fuzz-module", "title": "Fuzz", "mode": "online", "level": "awareness",
              "hours": 1}
    module.update(changes)
    return module


@fuzz(300)
@given(st.one_of(_MODULES, st.builds(_good_module, **{name: _VALUES for name in
                                                      ("hours", "credits", "tasks", "themes",
                                                       "languages", "available_from",
                                                       "withdrawn_on", "url", "title")}),
                 _VALUES))
def test_catalogue_checks_report_problems_and_never_raise(raw: object) -> None:
    clean, problems = check_module(raw)
    assert isinstance(clean, dict)
    for name, message in problems:
        assert isinstance(message, str) and message
    result = build_modules([raw], "fuzz.toml", "user", lambda index, name: None)
    assert len(result.modules) + bool(result.problems) >= 1


def _toml_value(value: object) -> str:
    """A TOML rendering of a generated value (or something close to TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)  # a basic TOML string is a JSON string, near enough
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}"
                               for k, v in value.items() if v is not None) + "}"
    return '""'


def _toml_file(modules: list[dict]) -> str:
    out = []
    for module in modules:
        out.append("[[module]]")
        out.extend(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in module.items()
                   if v is not None)
    return "\n".join(out) + "\n"


@fuzz(200)
@given(st.one_of(st.lists(st.one_of(_MODULES, st.builds(_good_module, hours=_VALUES,
                                                        credits=_VALUES)), max_size=3)
                 .map(_toml_file),
                 st.text(max_size=200)))
def test_catalogue_toml_files_give_problems_never_exceptions(text: str) -> None:
    result = load_text(text, "fuzz.toml", "user")
    assert all(str(problem) for problem in result.problems)


_CSV_CELLS = st.one_of(st.text(max_size=10), _SCALARS.map(str))


@fuzz(200)
@given(st.lists(st.sampled_from(list(FIELDS) + ["title_en", "title_cy", "summary_en",
                                                 "themes_cy", "bogus", ""]),
                min_size=1, max_size=8),
       st.lists(st.lists(_CSV_CELLS, max_size=9), max_size=4),
       st.sampled_from([",", ";", "\t"]))
def test_catalogue_csv_files_give_problems_never_exceptions(headers, rows, sep) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep)
    writer.writerow(headers)
    writer.writerows(rows)
    text = buffer.getvalue()
    result = load_csv_text(text, "fuzz.csv", "user")
    assert all(str(problem) for problem in result.problems)


@pytest.mark.parametrize("credits", ["²", " ³ ", "¹²"])
def test_superscript_credits_are_a_problem_not_a_crash(credits: str) -> None:
    clean, problems = check_module(_good_module(level="accredited", credits=credits))
    assert [name for name, _message in problems] == ["credits"]


@pytest.mark.parametrize("value", [date(1, 1, 1), date(9999, 12, 31), "0001-01-01"])
def test_catalogue_dates_outside_alncos_range_are_a_problem(value: object) -> None:
    clean, problems = check_module(_good_module(available_from=value))
    assert [name for name, _message in problems] == ["available_from"]


# --------------------------------------------------------------- export files

from alnco.exports.document import load, parse_bytes  # noqa: E402

_JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**400), 10**400),
    st.floats(), st.text(max_size=10),
    st.sampled_from(["", "2026-11-03", "2026-02-30", "0001-01-01", "9999-12-31",
                     "2026-11-03T10:00", "1e400", "NaN", "sNaN", "-Infinity", "1E-999999999",
                     "1_000", " 1 ", "0.001", "completed", "planned", "a", "\udcff",
                     "\u202e", "x" * 200]),
    st.lists(st.sampled_from(["a", "h", "z", "", 1, None]), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_ENTRY_FIELDS = ("id", "date", "status", "module_id", "title", "hours", "mode", "tasks",
                 "evidence", "reflection", "created_at", "updated_at")


def _sound_entry(n: int) -> dict:
    return {"id": f"{n:08d}-0000-4000-8000-000000000000", "date": "2026-11-03",
            "status": "completed", "module_id": None, "title": "Workshop ŵ", "hours": 1.5,
            "mode": "", "tasks": ["a"], "evidence": "", "reflection": "",
            "created_at": "2026-11-03T10:00:00.000+00:00",
            "updated_at": "2026-11-03T10:00:00.000+00:00"}


@st.composite
def _export_documents(draw) -> object:
    entries = []
    for n in range(draw(st.integers(0, 3))):
        entry = _sound_entry(n)
        for name in draw(st.sets(st.sampled_from(_ENTRY_FIELDS + ("extra",)), max_size=4)):
            if draw(st.booleans()):
                entry[name] = draw(_JUNK)
            else:
                entry.pop(name, None)
        entries.append(entry if draw(st.integers(0, 9)) else draw(_JUNK))
    profile = {"name": "Ann", "ewc_number": "1", "setting": "school", "institution": "",
               "designated_on": "2024-09-01", "declarations": []}
    for name in draw(st.sets(st.sampled_from(sorted(profile)), max_size=3)):
        profile[name] = draw(st.one_of(_JUNK, st.lists(
            st.dictionaries(st.sampled_from(["key", "value", "declared_on"]), _JUNK),
            max_size=2)))
    document = {"format": "alnco-export", "version": 1,
                "exported_at": "2026-11-04T00:00:00+00:00", "profile": profile,
                "framework": "alnco-school-2021", "entries": entries}
    for name in draw(st.sets(st.sampled_from(sorted(document)), max_size=2)):
        document[name] = draw(_JUNK)
    return draw(st.one_of(st.just(document), _JUNK))


def _dump(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=True).encode()  # NaN, 10**400, "\udcff" too


@fuzz(400)
@given(st.one_of(_export_documents().map(_dump), st.binary(max_size=60)))
@example(b'{"format": "alnco-export", "version": 1, "entries": [{"id": "x", "title": "t", '
         b'"date": "2026-01-01", "hours": 1e999}]}')
@example(b'{"format": "alnco-export", "version": 1, "entries": [{"id": "x", "title": "t", '
         b'"date": "2026-01-01", "hours": ' + b"9" * 5000 + b"}]}")
@example(b"\xef\xbb\xbf" + b'{"format": "alnco-export", "version": true, "entries": []}')
def test_export_files_are_read_or_refused_with_an_alnco_error(raw: bytes) -> None:
    try:
        document = parse_bytes(raw, "fuzz.json")
    except AlncoError as error:
        assert str(error)
        return
    for entry in document.entries:
        entry.to_json()


def test_load_reads_through_the_same_checks(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(b'{"format": "alnco-export", "version": 1, "entries": [7]}')
    with pytest.raises(InputError, match="entry 1 is invalid"):
        load(path)
    with pytest.raises(InputError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_export_profile_dates_outside_alncos_range_are_refused() -> None:
    document = {"format": "alnco-export", "version": 1, "entries": [],
                "profile": {"name": "Ann", "designated_on": "9999-12-31"}}
    with pytest.raises(InputError):
        parse_bytes(_dump(document), "far.json")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_export_entry_dates_outside_alncos_range_are_refused(day: str) -> None:
    entry = {**_sound_entry(1), "date": day}
    document = {"format": "alnco-export", "version": 1, "entries": [entry], "profile": {}}
    with pytest.raises(InputError, match="entry 1"):
        parse_bytes(_dump(document), "far.json")


@pytest.mark.parametrize("hours", ["1_0", "0.001", 0.001, "1E+1"])
def test_export_hours_take_the_interface_form_only(hours: object) -> None:
    entry = {**_sound_entry(1), "hours": hours}
    document = {"format": "alnco-export", "version": 1, "entries": [entry], "profile": {}}
    with pytest.raises(InputError, match="entry 1"):
        parse_bytes(_dump(document), "odd.json")


def test_export_text_with_a_lone_surrogate_is_refused() -> None:
    entry = {**_sound_entry(1), "title": "bad \udcff"}
    document = {"format": "alnco-export", "version": 1, "entries": [entry], "profile": {}}
    with pytest.raises(InputError):
        parse_bytes(_dump(document), "surrogate.json")


# ------------------------------------------------------------------ the record

from alnco.errors import RecordError  # noqa: E402
from alnco.store.record import Record  # noqa: E402


@st.composite
def _record_files(draw) -> bytes:
    entries = {}
    for n in range(draw(st.integers(1, 3))):
        entry = _sound_entry(n)
        entry["hours"] = "1.5"
        for name in draw(st.sets(st.sampled_from(_ENTRY_FIELDS + ("extra",)), max_size=4)):
            if draw(st.booleans()):
                entry[name] = draw(_JUNK)
            else:
                entry.pop(name, None)
        entries[str(n + 1)] = entry if draw(st.integers(0, 9)) else draw(_JUNK)
    record = {"meta": {"1": {"schema_version": 1}}, "entries": entries}
    if draw(st.booleans()):
        profile = {"name": "Ann", "setting": "school", "designated_on": "2024-09-01"}
        for name in draw(st.sets(st.sampled_from(["name", "setting", "designated_on",
                                                  "declarations", "ewc_number"]), max_size=2)):
            profile[name] = draw(_JUNK)
        record["profile"] = {"1": profile}
    return _dump(record)


_READ_ERRORS = (RecordError, AlncoError)


@fuzz(200)
@given(_record_files())
def test_a_record_with_random_entry_values_reads_or_refuses(raw: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.json"
        path.write_bytes(raw)
        os.chmod(path, 0o600)
        try:
            snapshot = Record(path, warn=lambda message: None).read()
        except _READ_ERRORS as error:
            assert str(error)
            return
        for entry in snapshot.entries:
            entry.to_json()
            assert isinstance(entry.hours, Decimal) and entry.hours.is_finite()


# ------------------------------------------------------------------ the CLI

_ARG_WORDS = st.sampled_from([
    "--title", "--hours", "--date", "--status", "--task", "--mode", "--evidence",
    "--reflection", "--format", "--from", "--to", "--on", "--search", "--today", "--lang",
    "--module", "-o", "--force", "--", "-", "json", "csv", "table", "text", "cy", "en",
    "completed", "planned", "a", "z", "1h30", "1e400", "nan", "9" * 40, "yesterday",
    "31/02/2026", "ŵ ŷ â", "😀", "\x1b[2J", "", " ", "--title=", "--hours=", "--lang=xx",
])
_BAD_BYTES = st.sampled_from([b"\xff", b"caf\xe9", b"\xed\xa0\x80", b"\xc3", b"ok\x80ok"])
_COMMANDS = st.sampled_from([
    ["log", "add"], ["log", "list"], ["log", "edit"], ["log", "rm"], ["profile", "show"],
    ["profile", "set"], ["profile", "declare"], ["progress"], ["catalogue", "list"],
    ["catalogue", "show"], ["export"], ["report"], ["doctor"], ["import", "--dry-run"],
    ["catalogue", "validate"], ["status"], ["status", "--short"], ["bogus"],
])


@st.composite
def _argvs(draw) -> list:
    command = draw(_COMMANDS)
    rest = draw(st.lists(st.one_of(_ARG_WORDS, st.text(max_size=8), _BAD_BYTES), max_size=6))
    if draw(st.booleans()):
        rest = ["--title", draw(st.one_of(st.text(max_size=12), _BAD_BYTES)),
                "--hours", draw(st.one_of(_ARG_WORDS, _BAD_BYTES))] + rest
    return command + rest


def _os_arg(arg: object) -> bytes:
    return arg if isinstance(arg, bytes) else str(arg).replace("\x00", "").encode(
        "utf-8", "surrogateescape")


@pytest.mark.slow
@fuzz(30)
@given(_argvs())
def test_any_command_line_exits_0_to_3_with_one_error_line(tmp_path_factory, argv) -> None:
    folder = tmp_path_factory.mktemp("cli")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(folder / "record.json"), ALNCO_TODAY="2026-11-03",
               XDG_DATA_HOME=str(folder / "data"), XDG_CONFIG_HOME=str(folder / "config"),
               ALNCO_SYSTEM_DIR=str(folder / "etc"), LC_ALL="C.UTF-8", LANG="C.UTF-8",
               ALNCO_LOCK_TIMEOUT="1")
    result = subprocess.run([sys.executable, "-m", "alnco", *map(_os_arg, argv)],
                            stdin=subprocess.DEVNULL, capture_output=True, env=env,
                            cwd=folder, timeout=60)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode in (0, 1, 2, 3), (argv, stderr)
    assert "Traceback" not in stderr
    if result.returncode:
        errors = [line for line in stderr.splitlines() if line.startswith("alnco: error: ")]
        assert len(errors) == 1, (argv, stderr)
    if any(isinstance(arg, bytes) for arg in argv):  # refused before any command runs
        assert result.returncode == 1, (argv, stderr)
        assert "not valid text" in stderr
        assert not (folder / "record.json").exists()


def _write_export(path: Path, *, entry: dict | None = None, profile: dict | None = None) -> str:
    document = {"format": "alnco-export", "version": 1,
                "exported_at": "2026-11-04T00:00:00+00:00", "framework": "alnco-school-2021",
                "profile": {"name": "Ann", "ewc_number": "1", **(profile or {})},
                "entries": [{**_sound_entry(1), **(entry or {})}]}
    path.write_bytes(_dump(document))
    return str(path)


def test_import_of_a_lone_surrogate_is_refused_not_a_crash(alnco, tmp_path: Path) -> None:
    result = alnco("import", _write_export(tmp_path / "e.json", entry={"title": "x \udcff"}))
    assert result.returncode == 1, result.stderr


def test_a_far_designation_date_is_refused_at_import_not_a_crash_later(alnco,
                                                                        tmp_path: Path) -> None:
    path = _write_export(tmp_path / "e.json", profile={"designated_on": "9999-12-31"})
    imported = alnco("import", path)
    assert imported.returncode == 1 and "9999-12-31" in imported.stderr, imported.stderr
    for args in (["progress"], ["report", path], ["status"]):
        result = alnco(*args)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert "internal error" not in result.stderr
