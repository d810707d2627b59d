"""The lossless `alnco-export` JSON document (INTERFACE.md "Files"), and the
`ExportData` every format renders from.

`import` and `report` read files written by other people's copies of alnco,
so `parse` trusts nothing: wrong format, newer version or a malformed entry is
refused with a message naming the file and what is wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path
from typing import Any, Mapping

from alnco.errors import InputError
from alnco.i18n import _
from alnco.model import Entry, Profile, iso_day, timestamp

FORMAT = "alnco-export"
VERSION = 1
# Entry fields a co-ordinator copy may leave out (`export --omit`): personal
# writing that a co-ordinator's report never needs (data minimisation).
OMITTABLE = ("evidence", "reflection", "assessments")
# Those of them that are entry fields (emptied in each entry); the others are whole
# top-level sections left out (assessments: the self-assessment ratings).
OMITTABLE_FIELDS = ("evidence", "reflection")


@dataclass
class ExportData:
    """Everything one export needs, gathered once by the command."""

    profile: Profile
    entries: list[Entry]
    framework: str
    today: date
    exported_at: datetime
    language: str = "en"
    catalogue: Any = None  # alnco.catalogue Catalogue, or None
    progress: Any = None  # alnco.progress Progress, or None
    xapi: Mapping[str, str] = field(default_factory=dict)
    # Shown with the progress part (xlsx, html): e.g. that the shipped targets
    # were used because the system layer's framework file could not be.
    notes: list[str] = field(default_factory=list)
    # Entry fields emptied at the source (`--omit`), sorted; the JSON says so.
    omitted: tuple[str, ...] = ()
    # What a restore needs beyond entries and profile (JSON only, full exports
    # only): {"actor_id": ..., "sent": [{"entry_id", "endpoint", "updated_at"}]}.
    xapi_state: Mapping[str, Any] | None = None
    # Self-assessment sessions (the `assessments` table's docs), oldest first; empty
    # when there are none or `assessments` was omitted.
    assessments: list[dict[str, Any]] = field(default_factory=list)
    # Evidence file documents (alnco.evidence: entry_id, sha256, name, size, added_at)
    # of the entries exported; empty when `evidence` was omitted.
    evidence_files: list[dict[str, Any]] = field(default_factory=list)

    def module(self, module_id: str | None) -> Any:
        if not module_id or self.catalogue is None:
            return None
        return self.catalogue.get(module_id)


def export_moment(environ: Mapping[str, str]) -> datetime:
    """Now, or SOURCE_DATE_EPOCH (the reproducible-builds convention) when set."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def build(data: ExportData) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timestamp(data.exported_at),
        "profile": data.profile.to_dict(),
        "framework": data.framework,
        "entries": [e.to_json() for e in data.entries],
    }
    if data.assessments and "assessments" not in data.omitted:
        document["assessments"] = [dict(doc) for doc in data.assessments]
    if data.evidence_files and "evidence" not in data.omitted:
        document["evidence_files"] = [dict(doc) for doc in data.evidence_files]
    if data.omitted:
        document["omitted"] = sorted(data.omitted)
    elif data.xapi_state:  # a co-ordinator copy is not a backup: no LRS state in it
        document["xapi"] = dict(data.xapi_state)
    return document


def without(entries: list[Entry], omitted: tuple[str, ...]) -> list[Entry]:
    """`entries` with the `omitted` fields emptied (what every format then renders)."""
    if not omitted:
        return entries
    from alnco.values import replace

    blank = {name: "" for name in omitted if name in OMITTABLE_FIELDS}
    if not blank:
        return entries
    return [replace(e, **blank) for e in entries]


def render_json(data: ExportData) -> bytes:
    from alnco.output import safe_json_text

    # json escapes C0 controls itself; C1 controls and bidi overrides are
    # escaped too (still the same strings once parsed), so `cat` is safe.
    text = safe_json_text(json.dumps(build(data), ensure_ascii=False, indent=2))
    return (text + "\n").encode("utf-8")


@dataclass
class Document:
    """A parsed export: whose, when, and their entries."""

    source: str
    profile: Profile
    framework: str
    exported_at: str
    entries: list[Entry]
    # Fields the file left out on purpose (a co-ordinator copy): unknown, not empty.
    omitted: tuple[str, ...] = ()
    # The file's "xapi" section as found; checked only by `import` (see
    # `restore_state`), so `report`, which never needs it, pays nothing for it.
    xapi: Any = None
    # The file's "assessments" section as found; checked only by `import`
    # (`alnco.assessment.from_doc`).
    assessments: Any = None
    # The file's "evidence_files" section as found; checked only by `import`
    # (`alnco.exports.importer`), never by `report`.
    evidence_files: Any = None


def load(path: Path) -> Document:
    """Read and check one export file; InputError says which file and why."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    return parse_bytes(raw, str(path))


def parse_bytes(raw: bytes, source: str) -> Document:
    from alnco import strict_json

    try:  # a byte-order mark (Windows Notepad) is not part of the JSON; hours of NaN
        # are read as such, so that the entry and its hours are named (`_hours`)
        data = strict_json.loads(raw.removeprefix(b"\xef\xbb\xbf"), allow_nan=True)
    except ValueError as error:
        raise InputError(
            _("{path} is not an alnco export: not valid JSON ({reason})").format(
                path=source, reason=str(error).split("\n")[0]
            )
        ) from None
    return parse(data, source)


def parse(data: Any, source: str) -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(
            _("{path} is not an alnco export (no \"format\": \"alnco-export\"); "
              "make one with: alnco export --format json").format(path=source)
        )
    version = data.get("version")
    if version != VERSION:
        if isinstance(version, int) and version > VERSION:
            raise InputError(
                _("{path} is an alnco export version {version}, newer than this alnco "
                  "reads ({known}); upgrade alnco").format(path=source, version=version,
                                                           known=VERSION)
            )
        raise InputError(
            _("{path} has an unknown export version {version!r}").format(
                path=source, version=version)
        )
    try:
        profile = Profile.from_dict(data.get("profile") or {})
    except (TypeError, ValueError, KeyError, AttributeError, InputError) as error:
        raise InputError(
            _("{path}: the profile is invalid ({reason})").format(path=source, reason=error)
        ) from None
    rows = data.get("entries")
    if not isinstance(rows, list):
        raise InputError(_("{path}: \"entries\" must be a list").format(path=source))
    entries = [_entry(row, index, source) for index, row in enumerate(rows, start=1)]
    if len({entry.id for entry in entries}) != len(entries):
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen:
                raise InputError(
                    _("{path}: entry id {id} appears twice").format(path=source, id=entry.id)
                )
            seen.add(entry.id)
    return Document(
        source=source,
        profile=profile,
        framework=str(data.get("framework") or ""),
        exported_at=str(data.get("exported_at") or ""),
        entries=entries,
        omitted=_omitted(data.get("omitted"), source),
        xapi=data.get("xapi"),
        assessments=data.get("assessments"),
        evidence_files=data.get("evidence_files"),
    )


def _omitted(value: Any, source: str) -> tuple[str, ...]:
    if not value:
        return ()
    if type(value) is not list or not all(type(name) is str for name in value):
        raise InputError(_("{path}: \"omitted\" must be a list of field names").format(
            path=source))
    unknown = sorted(set(value) - set(OMITTABLE))
    if unknown:
        raise InputError(
            _("{path} leaves out fields this alnco does not know ({fields}); upgrade "
              "alnco").format(path=source, fields=", ".join(map(_shown, unknown))))
    return tuple(sorted(set(value)))


def restore_state(document: Document) -> tuple[str, list[dict[str, str]]]:
    """The file's xAPI actor id ("" if none) and sent marks (entry_id, endpoint,
    updated_at), checked; marks for entries not in the file are dropped."""
    section = document.xapi
    if section is None:
        return "", []
    bad = InputError(_("{path}: the \"xapi\" section is invalid; export the record again "
                       "with: alnco export --format json").format(path=document.source))
    if type(section) is not dict:
        raise bad
    actor_id = section.get("actor_id") or ""
    marks = section.get("sent") or []
    if type(actor_id) is not str or type(marks) is not list:
        raise bad
    ids = {entry.id for entry in document.entries}
    kept: list[dict[str, str]] = []
    for mark in marks:
        if type(mark) is not dict:
            raise bad
        values = {key: mark.get(key) for key in ("entry_id", "endpoint", "updated_at")}
        if not all(type(v) is str for v in values.values()) or not values["endpoint"]:
            raise bad
        if values["entry_id"] in ids:
            kept.append(values)  # type: ignore[arg-type]
    return actor_id.strip(), kept


_TASKS = frozenset("abcdefgh")
_STATUSES = ("completed", "planned")


def _entry(row: Any, index: int, source: str) -> Entry:
    """One entry from a file, checked field by field.

    This is the hot loop of `alnco report` (300 files x 200 entries), so it
    reads the JSON types directly instead of going through Entry.from_dict's
    general conversions; it accepts exactly what `render_json` writes. Equal
    hours, dates and task lists share one object each: fewer allocations, and
    fewer objects for the garbage collector to track.
    """
    try:
        if type(row) is not dict:
            raise ValueError(_("not an object"))
        try:  # every field present, as render_json writes them: one C call
            (entry_id, title, status, raw_hours, tasks, module_id, mode, evidence, reflection,
             created, updated, raw_date) = _FIELDS(row)
        except KeyError:  # some missing: the same values, with the defaults
            (entry_id, title, status, raw_hours, tasks, module_id, mode, evidence, reflection,
             created, updated, raw_date) = _fields_or_defaults(row)
        if not entry_id or type(entry_id) is not str:
            raise ValueError(_("no id"))
        if type(title) is not str or not title or title.isspace():
            raise ValueError(_("no title"))
        if status not in _STATUSES:
            raise ValueError(_("unknown status {status!r}").format(status=status))
        kind = type(raw_hours)
        if kind is float or kind is int:
            hours = (_FLOAT_HOURS if kind is float else _INT_HOURS).get(raw_hours)
        else:
            hours = _HOURS.get((kind, raw_hours)) if kind is str else None
        if hours is None:
            hours = _hours(raw_hours)
        if tasks is None:
            tasks = []
        if type(tasks) is not list or not _TASKS.issuperset(tasks):
            raise ValueError(_("tasks must be letters a-h"))
        letters = tuple(tasks)
        shared = _TASK_TUPLES.get(letters)
        if shared is None:
            if len(_TASK_TUPLES) < 10_000:
                _TASK_TUPLES[letters] = letters
            shared = letters
        module_id = module_id or None
        if module_id is not None and type(module_id) is not str:
            raise ValueError(_("module_id must be text"))
        mode = mode or ""
        evidence = evidence or ""
        reflection = reflection or ""
        if type(mode) is not str or type(evidence) is not str or type(reflection) is not str:
            raise ValueError(_("mode, evidence and reflection must be text"))
        created = created or ""
        updated = updated or created
        if type(created) is not str or type(updated) is not str:
            raise ValueError(_("created_at and updated_at must be text"))
        revision = row.get("revision")
        if revision is None:  # an export from before revisions
            revision = 1
        elif type(revision) is not int or revision < 1:
            raise ValueError(_("revision must be a whole number, 1 or more"))
        standards = _standards(row.get("standards"))
        if raw_date is _MISSING:
            raise KeyError("date")
        day = _DATES.get(raw_date)
        if day is None:
            day = iso_day(raw_date)  # in range, or ValueError naming the date
            if len(_DATES) < 100_000:
                _DATES[raw_date] = day
        # Not Entry's __init__ (5 us each here) but its fields set
        # at once: every one of them, which the assertion at the end keeps true.
        entry = _new(Entry)
        _set(entry, "__dict__", {
            "title": title, "date": day, "hours": hours, "status": status,
            "module_id": module_id, "mode": mode, "evidence": evidence,
            "reflection": reflection, "tasks": shared, "id": entry_id,
            "created_at": created or timestamp(), "updated_at": updated or created or timestamp(),
            "revision": revision, "standards": standards})
        return entry
    except (TypeError, ValueError, KeyError, InvalidOperation) as error:
        # Decimal's own errors say only "[<class 'decimal.ConversionSyntax'>]".
        reason = (_("hours must be a number") if isinstance(error, InvalidOperation)
                  else error or type(error).__name__)
        raise InputError(
            _("{path}: entry {n} is invalid ({reason})").format(
                path=source, n=index, reason=reason)
        ) from None


_new = object.__new__
_set = object.__setattr__
_NO_STANDARDS: tuple[str, ...] = ()


def _standards(raw: Any) -> tuple[str, ...]:
    """The entry's professional standards keys (alnco.standards), () when none."""
    if not raw:
        return _NO_STANDARDS
    from alnco.model import is_standard_key

    if type(raw) is not list or not all(is_standard_key(k) for k in raw):
        raise ValueError(_("standards must be a list of keys such as \"pedagogy\""))
    return tuple(raw)


_NAMES = ("id", "title", "status", "hours", "tasks", "module_id", "mode", "evidence",
          "reflection", "created_at", "updated_at", "date")
_FIELDS = itemgetter(*_NAMES)
_MISSING = object()


def _fields_or_defaults(row: dict) -> tuple:
    """What `_FIELDS` gives, for a row without some fields (status defaults to
    completed; a missing date is reported only after the other checks)."""
    get = row.get
    return (get("id"), get("title"), get("status", "completed"), get("hours"), get("tasks"),
            get("module_id"), get("mode"), get("evidence"), get("reflection"),
            get("created_at"), get("updated_at"), get("date", _MISSING))
_ZERO = Decimal(0)
_MAX_HOURS = Decimal(1000)
_HOURS: dict[Any, Decimal] = {}  # a cohort uses few distinct values; Decimal() is slow
_FLOAT_HOURS: dict[float, Decimal] = {}  # the same, for the usual JSON numbers
_INT_HOURS: dict[int, Decimal] = {}
_DATES: dict[str, date] = {}  # and a few thousand distinct dates
_TASK_TUPLES: dict[tuple, tuple] = {}  # and a few dozen task lists


_HOURS_TEXT = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,2})?")
_CENT = Decimal("0.01")


def _hours(raw: Any) -> Decimal:
    if type(raw) is float and raw - raw == 0:  # not NaN or Infinity (json reads those)
        hours = Decimal(repr(raw))
    elif type(raw) is int or (type(raw) is str and _HOURS_TEXT.fullmatch(raw)):
        hours = Decimal(raw)  # only what render_json writes: not "1_0", " 1 ", "1E+1"
    else:
        raise ValueError(_("hours must be a number, not {value}").format(value=_shown(raw)))
    if not (_ZERO < hours <= _MAX_HOURS) or hours != hours.quantize(_CENT):
        raise ValueError(_("hours out of range"))
    if type(raw) is float and len(_FLOAT_HOURS) < 10_000:
        _FLOAT_HOURS[raw] = hours
    elif type(raw) is int and len(_INT_HOURS) < 10_000:
        _INT_HOURS[raw] = hours
    elif len(_HOURS) < 10_000:
        _HOURS[(type(raw), raw)] = hours
    return hours


def _shown(value: Any) -> str:
    """A value from a file, for a message: short, one line, control characters visible."""
    from alnco.output import safe_text

    if type(value) is float:
        text = "NaN" if value != value else ("-Infinity" if value < 0 else "Infinity")
    else:
        text = safe_text(json.dumps(value, ensure_ascii=False) if type(value) is not str
                         else repr(value), single_line=True)
    return text if len(text) <= 40 else text[:37] + "..."


assert set(Entry.FIELDS) == {
    "title", "date", "hours", "status", "module_id", "mode", "evidence", "reflection",
    "tasks", "id", "created_at", "updated_at", "revision", "standards"}, \
    "document._entry must fill every Entry field"
