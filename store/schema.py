"""Schema versions, migrations, and what a stored entry must look like.

The version lives in the record's `meta` table. A record from a newer alnco
is refused and never touched; an older one is copied to the backups folder
and then migrated step by step (0 -> 1 -> ...), all inside the write lock.

Every entry is checked where it leaves the file (`entries_from_docs`): a
hand-edited or damaged value (hours "abc", 2026-02-30, year 0, a missing id)
becomes one `MalformedEntry` naming the entry, the field and the value, never
a crash deep inside a report. `malformed_entries` lists them all (for
`alnco doctor`), and `check_entry` refuses to save what could not be read back.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation

from alnco.errors import AlncoError, InputError, RecordError
from alnco.i18n import _
from alnco.model import (MAX_HOURS, STATUSES, TASK_LETTERS, Entry, Profile,
                         is_standard_key)
from alnco.parsing import EARLIEST, LATEST
from alnco.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Mapping

    Migration = Callable[[dict[str, Any]], dict[str, Any]]

CURRENT_VERSION = 2
META = "meta"
PROFILE = "profile"
ENTRIES = "entries"
EVIDENCE_FILES = "evidence_files"  # v2: one doc per (entry, file); alnco.evidence
ASSESSMENTS = "assessments"  # v2: one doc per self-assessment; alnco.assessment


def version_of(data: dict[str, Any] | None) -> int:
    """The schema version a record says it has; 0 for a record without meta."""
    if not data:
        return CURRENT_VERSION  # a new record is born current
    for doc in (data.get(META) or {}).values():
        if isinstance(doc, dict) and "schema_version" in doc:
            try:
                return int(doc["schema_version"])
            except (TypeError, ValueError):
                break
    return 0


# Ids given to entries of old records are derived, not random: a record read
# before its first save (migrated in memory only) shows the very ids the
# migration then writes, so `log edit ID` works on what `log list` showed.
# Never change this namespace: it would change every derived id.
# = uuid5(NAMESPACE_URL, "https://alnco.invalid/entry-id/v0"), written out: computing it
# would load hashlib (~4 ms). uuid and orjson (which wrote the text these ids were
# first derived from, so it still does) are imported only here: only a record from
# before ids (v0) needs them, and importing them costs every command ~10 ms.
ENTRY_ID_NAMESPACE = "0391502e-0d9d-5d19-85a0-211117e21c8a"


def derived_id(key: str, doc: Mapping[str, Any]) -> str:
    """A stable id for an entry without one: from its place in the table and its content."""
    import uuid

    import orjson

    content = {k: v for k, v in doc.items() if k != "id"}
    try:
        text = orjson.dumps(content, option=orjson.OPT_SORT_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):  # pragma: no cover - parsed JSON always dumps
        text = json.dumps(content, sort_keys=True, default=repr)
    return str(uuid.uuid5(uuid.UUID(ENTRY_ID_NAMESPACE), f"{key}\x00{text}"))


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """v0: a bare TinyDB file (no meta). Give it a meta table and give entries stable ids."""
    for key, doc in (data.get(ENTRIES) or {}).items():
        if isinstance(doc, dict) and doc.get("id") in (None, ""):
            doc["id"] = derived_id(str(key), doc)
    data.setdefault(ENTRIES, {})
    data[META] = {"1": {"schema_version": 1}}
    return data


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v2: a portfolio. The evidence files and self-assessment tables (empty if missing);
    entries are unchanged (no `standards` means none). An older alnco refuses a v2
    record untouched (check_not_newer), so it never drops these tables."""
    for name in (EVIDENCE_FILES, ASSESSMENTS):
        data.setdefault(name, {})
    return data


MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1, 1: _v1_to_v2}


def check_not_newer(version: int, path: object) -> None:
    if version > CURRENT_VERSION:
        raise RecordError(
            _(
                "the record {path} was written by a newer alnco (schema {found}; this one "
                "reads up to {supported}); upgrade alnco. The record has not been touched"
            ).format(path=path, found=version, supported=CURRENT_VERSION)
        )


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Apply every migration from `version` up to CURRENT_VERSION."""
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RecordError(
                _("no migration from record schema {version}; the record has not been touched")
                .format(version=version)
            )
        data = step(data)
        version += 1
        data[META] = {"1": {"schema_version": version}}
    return data


def new_record() -> dict[str, Any]:
    return {META: {"1": {"schema_version": CURRENT_VERSION}}, PROFILE: {}, ENTRIES: {}}


# ---------------------------------------------------------------- entries

# The dates a record may hold: the range alnco accepts everywhere (alnco.parsing),
# so a record never holds a date the CLI would refuse, and year 0 or 9999 (which
# crash date arithmetic) never reach the progress engine.
MIN_DATE = EARLIEST
MAX_DATE = LATEST
# Hours finer than this are not hours anyone logged: 1e-999999 would print a
# million zeros. Imports keep float artefacts such as 0.30000000000000004.
MIN_HOURS_EXPONENT = -20
_ZERO = Decimal(0)
_TASK_SET = frozenset(TASK_LETTERS)
_MISSING: Any = object()
_GOOD_HOURS: set[Any] = set()  # raw hours values already checked: a record has few


def show_value(value: Any, limit: int = 40) -> str:
    """A stored value for a one-line message: JSON, ASCII only, shortened."""
    if value is _MISSING:
        return _("(missing)")
    try:
        text = json.dumps(value, ensure_ascii=True, default=repr)
    except (TypeError, ValueError):  # pragma: no cover - parsed JSON always dumps
        text = repr(value).encode("ascii", "backslashreplace").decode()
    return text if len(text) <= limit else text[: limit - 3] + "..."


class EntryProblem(Value):
    """One thing wrong with one stored entry."""

    FIELDS = ("position", "entry_id", "field", "value", "reason")
    position: int  # 1-based, in the order the file holds entries
    entry_id: str | None  # its id, if that at least is usable text
    field: str
    value: Any
    reason: str  # translated: what the value should be

    def __init__(self, position: int, entry_id: str | None, field: str, value: Any,
                 reason: str) -> None:
        vars(self).update(position=position, entry_id=entry_id, field=field, value=value,
                          reason=reason)

    @property
    def entry(self) -> str:
        """How to find the entry in the file."""
        if self.entry_id:
            return _("entry {id}").format(id=show_value(self.entry_id, 60))
        return _("entry number {n} in the file (it has no usable id)").format(n=self.position)

    def describe(self) -> str:
        return _("{entry}: {field} is {value}; {reason}").format(
            entry=self.entry, field=self.field, value=show_value(self.value), reason=self.reason)


class MalformedEntry(RecordError):
    """A stored entry cannot be read; `problem` says which, where and why."""

    def __init__(self, problem: EntryProblem):
        super().__init__(problem.describe())
        self.problem = problem


def doc_problems(doc: Any, position: int) -> list[EntryProblem]:
    """Everything wrong with one stored entry; [] if `Entry.from_dict` can read it safely."""
    if not isinstance(doc, dict):
        return [EntryProblem(position, None, _("the entry"), doc,
                             _("each entry must be a JSON object, in curly brackets"))]
    raw_id = doc.get("id", _MISSING)
    usable_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
    found: list[EntryProblem] = []

    def add(field: str, value: Any, reason: str) -> None:
        found.append(EntryProblem(position, usable_id, f"'{field}'", value, reason))

    if usable_id is None:
        add("id", raw_id, _("every entry needs an id (any text that no other entry uses)"))
    raw_date = doc.get("date", _MISSING)
    if not isinstance(raw_date, str):
        add("date", raw_date, _("write the date as text, YYYY-MM-DD"))
    else:
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            add("date", raw_date, _("that is not a real date (write YYYY-MM-DD)"))
        else:
            if not MIN_DATE <= day <= MAX_DATE:
                add("date", raw_date, _("dates must be from {first} to {last}").format(
                    first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat()))
    raw_hours = doc.get("hours", _MISSING)
    try:
        hours = None if raw_hours is _MISSING else Decimal(str(raw_hours))
    except (InvalidOperation, ValueError, TypeError):
        hours = None
    if hours is None or not hours.is_finite():
        add("hours", raw_hours, _("hours must be a number, such as 1.5"))
    elif not _ZERO < hours <= MAX_HOURS or hours.as_tuple().exponent < MIN_HOURS_EXPONENT:
        add("hours", raw_hours, _("hours must be more than 0 and at most {most}").format(
            most=MAX_HOURS))
    status = doc.get("status")
    if str(status or "completed") not in STATUSES:
        add("status", status, _("status must be 'completed' or 'planned'"))
    tasks = doc.get("tasks")
    if tasks and not (isinstance(tasks, list)
                      and all(isinstance(t, str) and t in _TASK_SET for t in tasks)):
        add("tasks", tasks, _("tasks must be a list of letters a to h, such as [\"a\", \"c\"]"))
    module_id = doc.get("module_id")
    if module_id and not isinstance(module_id, str):
        add("module_id", module_id, _("a module id must be text"))
    standards = doc.get("standards")
    if standards and not _standards_ok(standards):
        add("standards", standards, _("standards must be a list of keys such as "
                                      "[\"pedagogy\", \"collaboration\"]"))
    revision = doc.get("revision")
    if revision is not None and not (type(revision) is int and revision >= 1):
        add("revision", revision, _("a revision must be a whole number, 1 or more"))
    return found


def _standards_ok(value: Any) -> bool:
    """An entry's professional standards: a list of keys (alnco.standards)."""
    return type(value) is list and all(is_standard_key(k) for k in value)


def _sound(doc: Mapping[str, Any], entry: Entry) -> bool:
    """The fast form of `not doc_problems(doc)`, given what from_dict made of `doc`."""
    raw_id = doc["id"]
    if type(raw_id) is not str or not raw_id or raw_id.isspace():
        return False
    if not MIN_DATE <= entry.date <= MAX_DATE or entry.status not in STATUSES:
        return False
    raw_hours = doc["hours"]
    if raw_hours not in _GOOD_HOURS:
        hours = entry.hours
        if not (hours.is_finite() and _ZERO < hours <= MAX_HOURS
                and hours.as_tuple().exponent >= MIN_HOURS_EXPONENT):
            return False
        if len(_GOOD_HOURS) < 10_000:
            _GOOD_HOURS.add(raw_hours)
    tasks = doc.get("tasks")
    if tasks and (type(tasks) is not list or not _TASK_SET.issuperset(tasks)):
        return False
    revision = entry.revision
    if type(revision) is not int or revision < 1:
        return False
    standards = doc.get("standards")
    if standards and not _standards_ok(standards):
        return False
    module_id = entry.module_id
    return module_id is None or type(module_id) is str


def entries_from_docs(docs: Iterable[Mapping[str, Any]]) -> list[Entry]:
    """Every stored entry as an Entry, or MalformedEntry for the first that is not sound."""
    entries = []
    append = entries.append
    from_dict = Entry.from_dict
    for position, doc in enumerate(docs, 1):
        try:
            entry = from_dict(doc)  # type: ignore[arg-type]
            if _sound(doc, entry):
                append(entry)
                continue
        except (KeyError, ValueError, TypeError, ArithmeticError, AttributeError):
            pass
        problems = doc_problems(doc, position)
        if not problems:  # pragma: no cover - _sound and doc_problems disagree: a bug
            raise RecordError(_("entry number {n} in the record cannot be read").format(
                n=position))
        raise MalformedEntry(problems[0])
    return entries


def copy_tables(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy deep enough to migrate without touching `data` (documents are copied)."""
    return {name: {k: dict(v) if isinstance(v, dict) else v for k, v in table.items()}
            if isinstance(table, dict) else table for name, table in data.items()}


def malformed_entries(data: Mapping[str, Any] | None) -> list[EntryProblem]:
    """Every problem with every stored entry of a parsed record, in file order.

    An old-format record is migrated in memory first (changing nothing), so
    entries are named by the ids alnco shows for them.
    """
    if not data:
        return []
    version = version_of(data)
    if version < CURRENT_VERSION:
        try:
            data = migrate(copy_tables(data), version)
        except RecordError:
            pass
    table = data.get(ENTRIES) or {}
    found: list[EntryProblem] = []
    for position, doc in enumerate(table.values() if isinstance(table, dict) else (), 1):
        found.extend(doc_problems(doc, position))
    return found


def check_entry(entry: Entry) -> dict[str, Any]:
    """The entry's stored form, or InputError if alnco could not read it back."""
    doc = entry.to_dict()
    problems = doc_problems(doc, 0)
    if problems:
        first = problems[0]
        raise InputError(_("this entry cannot be saved: {field} is {value}; {reason}").format(
            field=first.field, value=show_value(first.value), reason=first.reason))
    return doc


def profile_problem(profile: Profile) -> str | None:
    """What in a profile alnco could not use (a date out of range), or None."""
    dates = [("designated_on", profile.designated_on)]
    dates += [("declared_on", d.declared_on) for d in profile.declarations]
    for field, day in dates:
        if day is not None and not MIN_DATE <= day <= MAX_DATE:
            return _("{field} is {value}; {reason}").format(
                field=f"'{field}'", value=show_value(day.isoformat()),
                reason=_("dates must be from {first} to {last}").format(
                    first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat()))
    return None


def check_profile(profile: Profile) -> dict[str, Any]:
    """The profile's stored form, or InputError if alnco could not use it once read back."""
    problem = profile_problem(profile)
    if problem:
        raise InputError(_("this profile cannot be saved: {problem}").format(problem=problem))
    return profile.to_dict()


class MalformedProfile(RecordError):
    """The stored profile cannot be used; the message says why."""


def _safe_reason(text: str, limit: int = 120) -> str:
    text = text.encode("ascii", "backslashreplace").decode()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def profile_from_table(table: Any) -> Profile | None:
    """The record's profile (its first document), or MalformedProfile saying what is wrong."""
    docs = list(table.values()) if isinstance(table, dict) else []
    if not docs:
        return None
    try:
        profile = Profile.from_dict(docs[0])
    except (KeyError, ValueError, TypeError, AttributeError, AlncoError) as error:
        problem = _safe_reason(str(error) or type(error).__name__)
    else:
        problem = profile_problem(profile)
        if problem is None:
            return profile
    raise MalformedProfile(_("the profile is malformed ({reason})").format(reason=problem))
