"""The domain model: frozen values (alnco.values, not dataclasses: a command
starts 9 ms sooner), no I/O and no Textual.

`Entry.to_dict()` is the stored shape and the JSON output shape (INTERFACE.md
field names); hours are kept as `Decimal` in memory and as a decimal string in
the record, so 0.1 + 0.2 never becomes 0.30000000000000004.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from decimal import Decimal

from alnco.errors import InputError
from alnco.i18n import _
from alnco.values import Value, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable

STATUSES = ("completed", "planned")
SETTINGS = ("school", "fei")
TASK_LETTERS = "abcdefgh"
MAX_HOURS = Decimal(1000)
_KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def is_standard_key(value: Any) -> bool:
    """A professional standard's key (alnco.standards): a lower-case slug such as
    professional-learning, at most 60 characters (no `re`: the record reader uses it)."""
    return (isinstance(value, str) and 0 < len(value) <= 60
            and all(part and _KEY_CHARACTERS.issuperset(part) for part in value.split("-")))


def new_id() -> str:
    """A random UUID (version 4) as text: uuid.uuid4() without importing uuid,
    which imports platform (2 ms of every `alnco log add`)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    hexa = raw.hex()
    return f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}"


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def timestamp(moment: datetime | None = None) -> str:
    """ISO 8601 UTC with milliseconds: fine enough to order two quick edits."""
    return (moment or now_utc()).astimezone(timezone.utc).isoformat(timespec="milliseconds")


def normalise_tasks(letters: Iterable[str]) -> tuple[str, ...]:
    """Accept `a`, `A`, `a,c` or `ace`; return sorted unique letters a-h."""
    found: set[str] = set()
    for item in letters:
        for letter in str(item).replace(",", " ").replace("(", " ").replace(")", " ").split():
            for ch in letter.lower():
                if ch not in TASK_LETTERS:
                    raise InputError(
                        _("'{task}' is not a task letter: use a to h (WSI 2021/401 reg 29)").format(
                            task=ch
                        )
                    )
                found.add(ch)
    return tuple(sorted(found))


def iso_day(text: Any) -> date:
    """An ISO date from a file, within the range alnco accepts (ValueError otherwise):
    a year-9999 designation date in an import would break every later command."""
    from alnco.parsing import in_range

    day = date.fromisoformat(text)
    if not in_range(day):
        raise ValueError(f"date {day.isoformat()} is outside 1950-01-01 to 2100-12-31")
    return day


class Declaration(Value):
    """A qualification or experience fact the ALNCO declares (regs 27/28)."""

    FIELDS = ("key", "value", "evidence", "declared_on")
    key: str
    value: str
    evidence: str
    declared_on: date | None

    def __init__(self, key: str, value: str = "", evidence: str = "",
                 declared_on: date | None = None) -> None:
        vars(self).update(key=key, value=value, evidence=evidence, declared_on=declared_on)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "evidence": self.evidence,
            "declared_on": self.declared_on.isoformat() if self.declared_on else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Declaration":
        on = data.get("declared_on")
        return cls(
            key=str(data["key"]),
            value=str(data.get("value") or ""),
            evidence=str(data.get("evidence") or ""),
            declared_on=iso_day(on) if on else None,
        )


class Profile(Value):
    FIELDS = ("name", "ewc_number", "setting", "institution", "designated_on", "declarations")
    name: str
    ewc_number: str
    setting: str
    institution: str
    designated_on: date | None
    declarations: tuple[Declaration, ...]

    def __init__(self, name: str = "", ewc_number: str = "", setting: str = "school",
                 institution: str = "", designated_on: date | None = None,
                 declarations: tuple[Declaration, ...] = ()) -> None:
        if setting not in SETTINGS:
            raise InputError(
                _("setting must be 'school' or 'fei', not '{value}'").format(value=setting)
            )
        vars(self).update(name=name, ewc_number=ewc_number, setting=setting,
                          institution=institution, designated_on=designated_on,
                          declarations=declarations)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.ewc_number or self.institution or self.designated_on)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ewc_number": self.ewc_number,
            "setting": self.setting,
            "institution": self.institution,
            "designated_on": self.designated_on.isoformat() if self.designated_on else None,
            "declarations": [d.to_dict() for d in self.declarations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Profile":
        on = data.get("designated_on")
        return cls(
            name=str(data.get("name") or ""),
            ewc_number=str(data.get("ewc_number") or ""),
            setting=str(data.get("setting") or "school"),
            institution=str(data.get("institution") or ""),
            designated_on=iso_day(on) if on else None,
            declarations=tuple(Declaration.from_dict(d) for d in data.get("declarations") or ()),
        )

    def with_declaration(self, declaration: Declaration) -> "Profile":
        kept = tuple(d for d in self.declarations if d.key != declaration.key)
        return replace(self, declarations=kept + (declaration,))


class Entry(Value):
    """One piece of professional learning, done or planned."""

    FIELDS = ("title", "date", "hours", "status", "module_id", "mode", "evidence",
              "reflection", "tasks", "id", "standards", "created_at", "updated_at",
              "revision")
    title: str
    date: date
    hours: Decimal
    status: str
    module_id: str | None
    mode: str
    evidence: str
    reflection: str
    tasks: tuple[str, ...]
    id: str  # a new random UUID when not given
    # Keys of the professional standards it supports (alnco.standards): not law.
    standards: tuple[str, ...]
    created_at: str  # now, when not given
    updated_at: str  # created_at, when not given
    # 1 when created, one more on every saved change (the store sets it, see
    # Transaction.replace): a copy being saved is checked against the stored one's.
    revision: int

    def __init__(self, title: str, date: date, hours: Decimal, status: str = "completed",
                 module_id: str | None = None, mode: str = "", evidence: str = "",
                 reflection: str = "", tasks: tuple[str, ...] = (), id: str | None = None,
                 standards: tuple[str, ...] = (), created_at: str | None = None,
                 updated_at: str = "", revision: int = 1) -> None:
        if created_at is None:
            created_at = timestamp()
        vars(self).update(title=title, date=date, hours=hours, status=status,
                          module_id=module_id, mode=mode, evidence=evidence,
                          reflection=reflection, tasks=tasks,
                          id=new_id() if id is None else id,
                          standards=standards, created_at=created_at,
                          updated_at=updated_at or created_at, revision=revision)

    def validate(self, today: date) -> "Entry":
        """Refuse what must never be saved; return self so calls chain."""
        if self.status not in STATUSES:
            raise InputError(
                _("status must be 'completed' or 'planned', not '{value}'").format(value=self.status)
            )
        if not self.title.strip():
            raise InputError(_("an entry needs a title (or --module)"),
                             app_message=_("an entry needs a title: say what the learning was"))
        if not (Decimal(0) < self.hours <= MAX_HOURS):
            raise InputError(_("hours must be more than 0 and at most 1000"))
        if self.status == "completed" and self.date > today:
            from alnco.parsing import short_date

            raise InputError(
                _(
                    "a completed entry cannot be dated in the future ({date}); "
                    "use --status planned to plan it"
                ).format(date=self.date.isoformat()),
                app_message=_("a completed entry cannot be dated in the future ({date}); "
                              "set its status to planned to plan it").format(
                                  date=short_date(self.date)),
            )
        normalise_tasks(self.tasks)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The stored shape; `hours` is a decimal string here (see `to_json`)."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "status": self.status,
            "module_id": self.module_id,
            "title": self.title,
            "hours": str(self.hours),
            "mode": self.mode,
            "tasks": list(self.tasks),
            "evidence": self.evidence,
            "reflection": self.reflection,
            "standards": list(self.standards),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "revision": self.revision,
        }

    def to_json(self) -> dict[str, Any]:
        """The INTERFACE.md JSON shape: hours as a number."""
        data = self.to_dict()
        data["hours"] = hours_number(self.hours)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Entry":
        return cls(
            id=str(data["id"]),
            title=str(data.get("title") or ""),
            date=date.fromisoformat(data["date"]),
            hours=Decimal(str(data["hours"])),
            status=str(data.get("status") or "completed"),
            module_id=data.get("module_id") or None,
            mode=str(data.get("mode") or ""),
            evidence=str(data.get("evidence") or ""),
            reflection=str(data.get("reflection") or ""),
            tasks=tuple(data.get("tasks") or ()),
            standards=tuple(data.get("standards") or ()),
            created_at=str(data.get("created_at") or timestamp()),
            updated_at=str(data.get("updated_at") or data.get("created_at") or timestamp()),
            # Entries saved before revisions existed are revision 1; anything but a
            # positive int is refused by schema._sound / doc_problems.
            revision=1 if (revision := data.get("revision")) is None else revision,
        )

    def edited(self, **changes: Any) -> "Entry":
        """A copy with `changes` applied and a fresh `updated_at`."""
        return replace(self, **changes, updated_at=timestamp())


# What a person wrote (not when, nor the bookkeeping): what the conflict dialog and
# `import --dry-run` compare, in the order they show it.
CONTENT_FIELDS = ("date", "hours", "title", "status", "mode", "tasks", "evidence",
                  "reflection", "module_id", "standards")


def changed_fields(one: Entry, other: Entry) -> list[str]:
    """The CONTENT_FIELDS whose values differ between two versions of an entry."""
    return [name for name in CONTENT_FIELDS if getattr(one, name) != getattr(other, name)]


def hours_number(hours: Decimal) -> int | float:
    """Hours as a JSON number: 2 stays 2, 1.50 becomes 1.5."""
    normal = hours.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def format_hours(hours: Decimal) -> str:
    """Hours for people: `1.5`, `2`, `0.25`."""
    text = f"{hours.normalize():f}"
    return text
