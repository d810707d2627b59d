"""Self-assessment: the ALNCO's confidence (1-5) on each task line of their framework
and, optionally, on the professional standards, at dated points.

A rating session is one doc in the record's `assessments` table:
`{"id", "on", "framework", "ratings": {"task:a": 3, "standard:pedagogy": 4}, "created_at"}`.
Suggestions use the newest rating of each task (weakest first, see
`alnco.progress.engine`), and the app asks for a fresh rating once a school term.

Terms are alnco's own convention (local policy, not law: each local authority sets
its schools' term dates): the Welsh school year runs 1 September to 31 August, and
alnco calls September-December the autumn term, January-March the spring term and
April-August the summer term (Easter falls between late March and late April, so the
spring/summer line is a simple fixed date rather than the real holiday).

This module is imported by `alnco status --short` only through `due()`: it imports
nothing heavy at load time (frameworks, standards and the store are imported inside
the functions that need them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

from alnco.errors import InputError
from alnco.i18n import _

RATINGS = range(1, 6)
TASK_PREFIX = "task:"
STANDARD_PREFIX = "standard:"
TABLE = "assessments"
TERMS = ("autumn", "spring", "summer")
# First month of each term (alnco's convention; see the module docstring).
_TERM_OF_MONTH = {9: "autumn", 10: "autumn", 11: "autumn", 12: "autumn",
                  1: "spring", 2: "spring", 3: "spring",
                  4: "summer", 5: "summer", 6: "summer", 7: "summer", 8: "summer"}


@dataclass(frozen=True)
class Assessment:
    """One rating session."""

    id: str
    on: date
    framework: str
    ratings: Mapping[str, int]
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "on": self.on.isoformat(), "framework": self.framework,
                "ratings": dict(self.ratings), "created_at": self.created_at}


def rating_label(n: int) -> str:
    """What a rating means, in the current language."""
    return {1: _("not yet confident"), 2: _("a little confident"), 3: _("fairly confident"),
            4: _("confident"), 5: _("very confident")}.get(n, str(n))


def term_label(term: str) -> str:
    return {"autumn": _("autumn term"), "spring": _("spring term"),
            "summer": _("summer term")}.get(term, term)


# ------------------------------------------------------------------ reading

def _valid(key: Any, value: Any) -> bool:
    return (isinstance(key, str) and key.startswith((TASK_PREFIX, STANDARD_PREFIX))
            and 0 < len(key) <= 80 and type(value) is int and value in RATINGS)


def from_doc(doc: Any, strict: bool = False) -> Assessment | None:
    """The session a stored doc describes, or None when it is damaged.

    Reading the record, ratings outside 1-5 or with unknown keys are dropped and
    a doc without an id, a date in alnco's range or any rating is skipped (a
    hand-edited record must never crash a command). `strict` (an imported file)
    gives None for any bad rating instead.
    """
    from alnco.parsing import EARLIEST, LATEST

    if not isinstance(doc, Mapping):
        return None
    ident, on, framework = doc.get("id"), doc.get("on"), doc.get("framework", "")
    raw = doc.get("ratings")
    if not isinstance(ident, str) or not 0 < len(ident) <= 64 or not isinstance(on, str) \
            or not isinstance(raw, Mapping):
        return None
    try:
        day = date.fromisoformat(on)
    except ValueError:
        return None
    if not EARLIEST <= day <= LATEST:
        return None
    ratings = {key: value for key, value in raw.items() if _valid(key, value)}
    if not ratings or (strict and len(ratings) != len(raw)):
        return None
    created = doc.get("created_at")
    return Assessment(id=ident, on=day, framework=framework if isinstance(framework, str) else "",
                      ratings=ratings, created_at=created if isinstance(created, str) else "")


def _order(a: Assessment) -> tuple[date, str, str]:
    return (a.on, a.created_at, a.id)


def assessments_of(snapshot: Any) -> list[Assessment]:
    """Every readable rating session in the record, oldest first."""
    docs = (getattr(snapshot, "extra", None) or {}).get(TABLE) or {}
    found = [a for a in map(from_doc, docs.values()) if a is not None]
    return sorted(found, key=_order)


def latest_ratings(assessments: Iterable[Assessment]) -> dict[str, int]:
    """The newest rating of each key (a session that rated only some keys leaves
    the others as they were)."""
    latest: dict[str, int] = {}
    for a in sorted(assessments, key=_order):
        latest.update(a.ratings)
    return latest


def task_ratings(assessments: Iterable[Assessment]) -> dict[str, int]:
    """The newest rating of each task letter: {"a": 2, ...}."""
    return {key[len(TASK_PREFIX):]: value for key, value in latest_ratings(assessments).items()
            if key.startswith(TASK_PREFIX)}


def history(assessments: Iterable[Assessment], key: str) -> list[tuple[date, int]]:
    """Every rating of `key`, oldest first."""
    return [(a.on, a.ratings[key]) for a in sorted(assessments, key=_order) if key in a.ratings]


def in_period(assessments: Iterable[Assessment], start: date, end: date) -> list[Assessment]:
    """The sessions dated start..end (inclusive), oldest first."""
    return [a for a in sorted(assessments, key=_order) if start <= a.on <= end]


def movement(assessments: Iterable[Assessment]) -> dict[str, tuple[int, int]]:
    """(first, latest) rating of each key over these sessions (e.g. one year's)."""
    moved: dict[str, tuple[int, int]] = {}
    for a in sorted(assessments, key=_order):
        for key, value in a.ratings.items():
            first = moved.get(key, (value, value))[0]
            moved[key] = (first, value)
    return moved


# ------------------------------------------------------------------ keys

def _task_label(requirement: Any, language: str) -> str:
    """`task (a): identify ALN, co-ordinate provision` from the framework's line."""
    title = requirement.title_in(language)
    _head, sep, rest = title.partition(": ")
    short = requirement.short_in(language)
    return f"{short}: {rest}" if sep and short else title


def task_letters(framework: Any) -> list[str]:
    """The framework's task lines, as letters, in its order."""
    return [req.params["task"] for req in framework.requirements
            if req.kind == "task_coverage"]


def rating_keys(framework: Any, standard_set: Any = None,
                language: str | None = None) -> list[tuple[str, str]]:
    """(key, label) for every rating this framework allows: its task lines
    (`task:a`...), then the standards of `standard_set` (`standard:pedagogy`...)."""
    if language is None:
        from alnco.i18n import current_language

        language = current_language()
    keys = [(TASK_PREFIX + req.params["task"], _task_label(req, language))
            for req in framework.requirements if req.kind == "task_coverage"]
    for standard in getattr(standard_set, "standards", ()) or ():
        title = standard.title.get(language) or standard.title.get("en", standard.key)
        keys.append((STANDARD_PREFIX + standard.key, title))
    return keys


def standards_or_none(setting: str, ctx: Any = None) -> Any:
    """The standards for `setting`, or None when this alnco has none (or they cannot
    be read: self-assessment on the tasks still works)."""
    try:
        from alnco.standards import standards_for
    except ImportError:
        return None
    try:
        return standards_for(setting, ctx)
    except (InputError, LookupError, ValueError, OSError):
        return None


def keys_for(ctx: Any, profile: Any) -> tuple[str, list[tuple[str, str]]]:
    """(framework id, rating keys) for this person's profile (school when none)."""
    from alnco.progress.frameworks import framework_for

    framework = framework_for(profile, ctx)
    setting = getattr(profile, "setting", None) or framework.setting
    return framework.id, rating_keys(framework, standards_or_none(setting, ctx),
                                     getattr(ctx, "language", None))


# ------------------------------------------------------------------ saving

def check_ratings(ratings: Mapping[str, Any], allowed: list[tuple[str, str]]) -> dict[str, int]:
    """The ratings, each key known and each value 1-5, or InputError listing what is valid."""
    if not ratings:
        raise InputError(_("give at least one rating, e.g. a=3"),
                         app_message=_("Choose a rating for at least one line."))
    known = [key for key, _label in allowed]
    checked: dict[str, int] = {}
    for key, value in ratings.items():
        if key not in known:
            short = ", ".join(short_key(k) for k in known)
            raise InputError(_("'{key}' cannot be rated; choose from {keys}").format(
                key=short_key(key), keys=short))
        if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
            raise InputError(_("a rating is a whole number from 1 to 5, not '{value}'").format(
                value=value))
        checked[key] = value
    return checked


def short_key(key: str) -> str:
    """`task:a` -> `a`, `standard:pedagogy` -> `pedagogy`: what the command line takes."""
    for prefix in (TASK_PREFIX, STANDARD_PREFIX):
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def save(ctx: Any, ratings: dict[str, int], on: date) -> Assessment:
    """Record one rating session dated `on` (not in the future) and return it."""
    from alnco.model import timestamp
    from alnco.parsing import EARLIEST, short_date

    if on > ctx.today:
        raise InputError(
            _("a self-assessment cannot be dated in the future ({date})").format(
                date=on.isoformat()),
            app_message=_("A self-assessment cannot be dated in the future ({date}).").format(
                date=short_date(on)))
    if on < EARLIEST:
        raise InputError(_("a self-assessment cannot be dated before {date}").format(
            date=EARLIEST.isoformat()))
    with ctx.record.transaction() as tx:
        profile = tx.profile()
        framework_id, allowed = keys_for(ctx, profile)
        checked = check_ratings(ratings, allowed)
        doc = {"id": str(uuid.uuid4()), "on": on.isoformat(), "framework": framework_id,
               "ratings": checked, "created_at": timestamp()}
        tx.table(TABLE).insert(doc)
    made = from_doc(doc)
    assert made is not None
    return made


# ------------------------------------------------------------------ terms

def term_of(day: date) -> tuple[int, str]:
    """(first calendar year of the school year, term name): 3 Nov 2026 -> (2026, "autumn"),
    10 Feb 2027 -> (2026, "spring"), 1 Jul 2027 -> (2026, "summer")."""
    year = day.year if day.month >= 9 else day.year - 1
    return year, _TERM_OF_MONTH[day.month]


def term_bounds(day: date) -> tuple[date, date]:
    """The first and last day of the term `day` falls in (alnco's convention)."""
    year, term = term_of(day)
    if term == "autumn":
        return date(year, 9, 1), date(year, 12, 31)
    if term == "spring":
        return date(year + 1, 1, 1), date(year + 1, 3, 31)
    return date(year + 1, 4, 1), date(year + 1, 8, 31)


def due(today: date, assessments: Iterable[Assessment]) -> bool:
    """True when no rating session is dated in today's term (so at most once a term)."""
    term = term_of(today)
    return not any(term_of(a.on) == term for a in assessments)
