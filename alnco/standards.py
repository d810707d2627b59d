"""Professional standards as data: which set applies, and learning by standard.

The professional standards for teaching and leadership are what the EWC's
Professional Learning Passport links learning to. They are not law and never
requirements here: alnco shows how much learning an ALNCO has linked to each
standard, nothing more.

The sets are TOML files, bilingual, each with its basis, citation, the date
it was checked and a note of what was (and was not) verified. Shipped sets
live in `alnco/catalogue/data/standards/`; a co-ordinator may add a set or
replace one (same `id`) in the system layer, `<system_dir>/standards/*.toml`,
trusted only as `alnco.trust` allows. A set applies to one setting (school or
fei) from `effective_from` (and until `effective_until`), so a revised set can
be added beside the old one and take over on its date. FE and work-based
learning have their own standards, whose content alnco could not verify: until
a co-ordinator adds an `fei` set, the FEI setting is shown the school set,
labelled as a stand-in (`StandardSet.stand_in_for`). See docs/standards.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from alnco.errors import InputError
from alnco.i18n import _

SETTINGS = ("school", "fei")
# national: published for the profession (by the Welsh Government); local: written by
# an authority or a co-ordinator. Neither is a legal requirement of the ALNCO's role.
BASES = ("national", "local")
MAX_STANDARDS = 40
SET_FIELDS = frozenset({"version", "id", "setting", "title", "basis", "citation", "url",
                        "checked_on", "confirmed", "note", "effective_from", "effective_until",
                        "standard"})
STANDARD_FIELDS = frozenset({"key", "title", "summary"})
SYSTEM_FOLDER = "standards"


def _in(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts.get("en", "")


@dataclass(frozen=True)
class Standard:
    key: str
    title: Mapping[str, str]    # {"en": ..., "cy": ...}
    summary: Mapping[str, str]  # one line, {"en": ..., "cy": ...}

    def title_in(self, language: str) -> str:
        return _in(self.title, language)

    def summary_in(self, language: str) -> str:
        return _in(self.summary, language)


@dataclass(frozen=True)
class StandardSet:
    id: str
    title: Mapping[str, str]
    setting: str                  # the setting the set was written for: school or fei
    basis: str                    # national or local (never statutory: see BASES)
    citations: Mapping[str, str]  # {"en": ..., "cy": ...}
    checked_on: date | None
    standards: tuple[Standard, ...]
    url: str = ""
    confirmed: bool = False       # its standards' names were checked against the published set
    note: Mapping[str, str] = field(default_factory=dict)  # what was and was not verified
    effective_from: date | None = None
    effective_until: date | None = None
    source: str = "shipped"       # "shipped", or the system-layer file it came from
    # "fei" when this (school) set is shown to an FEI ALNCO because no FE set is
    # available: every place that shows it must say so (stand_in_note).
    stand_in_for: str = ""

    @property
    def citation(self) -> str:
        return self.citations.get("en", "")

    def citation_in(self, language: str) -> str:
        return _in(self.citations, language)

    def title_in(self, language: str) -> str:
        return _in(self.title, language)

    def note_in(self, language: str) -> str:
        return _in(self.note, language) if self.note else ""

    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.standards)

    def get(self, key: str) -> Standard | None:
        return next((s for s in self.standards if s.key == key), None)

    def in_effect(self, day: date) -> bool:
        return ((self.effective_from is None or self.effective_from <= day)
                and (self.effective_until is None or day < self.effective_until))

    def stand_in_note(self) -> str:
        """The translated label a stand-in set carries wherever it is shown ("" if none)."""
        if not self.stand_in_for:
            return ""
        return _("Further education and work-based learning have their own professional "
                 "standards; alnco does not ship them because their content was not "
                 "verified, so the school standards are shown as a stand-in. Your "
                 "co-ordinator can add the FE set (see docs/standards.md).")

    def label(self) -> str:
        """What kind of thing this is, for people: never a requirement."""
        return _("professional standards, not a requirement")


@dataclass(frozen=True)
class StandardLearning:
    key: str
    title: Mapping[str, str]
    hours: Decimal
    entry_ids: list[str]

    def to_json(self, language: str = "en") -> dict[str, Any]:
        from alnco.model import hours_number

        return {"key": self.key, "title": _in(self.title, language),
                "hours": hours_number(self.hours), "entries": list(self.entry_ids)}


# ---------------------------------------------------------------------- validation

def _bilingual(value: Any) -> Mapping[str, str]:
    if isinstance(value, str) and value.strip():
        value = {"en": value}
    if (not isinstance(value, dict) or not isinstance(value.get("en"), str)
            or not value["en"].strip()):
        raise ValueError(_("must be a table with an 'en' text (and optionally 'cy')"))
    if set(value) - {"en", "cy"} or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(_("may hold only 'en' and 'cy' texts"))
    return MappingProxyType({k: " ".join(v.split()) for k, v in value.items() if v.strip()})


def _day(value: Any) -> date:
    from alnco.parsing import in_range

    if not isinstance(value, date) or hasattr(value, "hour") or not in_range(value):
        raise ValueError(_("must be a date such as 2026-11-30"))
    return value


def is_key(value: Any) -> bool:
    """A standard's key: a lower-case slug such as professional-learning."""
    from alnco.model import is_standard_key

    return is_standard_key(value)


def parse_standard_set(data: Mapping[str, Any], where: str, source: str = "shipped"
                       ) -> StandardSet:
    """Validate a standards file's parsed TOML; report every problem at once (InputError)."""
    problems: list[str] = []

    def problem(name: str, reason: Any) -> None:
        problems.append(_("{where}: '{name}' {reason}").format(where=where, name=name,
                                                               reason=reason))

    for name in sorted(set(data) - SET_FIELDS):
        problems.append(_("{where}: unknown field '{name}'").format(where=where, name=name))
    if data.get("version") != 1:
        problems.append(_("{where}: 'version' must be 1").format(where=where))
    set_id = data.get("id")
    if not is_key(set_id):
        problems.append(_("{where}: 'id' must be a lower-case id").format(where=where))
    if data.get("setting") not in SETTINGS:
        problems.append(_("{where}: 'setting' must be school or fei").format(where=where))
    if data.get("basis") not in BASES:
        problems.append(_("{where}: 'basis' must be national or local (professional "
                          "standards are never statutory requirements)").format(where=where))
    texts: dict[str, Mapping[str, str]] = {}
    for name in ("title", "citation", "note"):
        if name not in data and name == "note":
            texts[name] = MappingProxyType({})
            continue
        try:
            texts[name] = _bilingual(data.get(name))
        except ValueError as error:
            problem(name, error)
    days: dict[str, date | None] = {}
    for name in ("checked_on", "effective_from", "effective_until"):
        if data.get(name) is None:
            days[name] = None
            if name == "checked_on":
                problem(name, _("must say when a person last checked the set, e.g. 2026-11-30"))
            continue
        try:
            days[name] = _day(data[name])
        except ValueError as error:
            problem(name, error)
            days[name] = None
    start, end = days.get("effective_from"), days.get("effective_until")
    if start and end and end <= start:
        problems.append(_("{where}: 'effective_until' must be after 'effective_from'")
                        .format(where=where))
    confirmed = data.get("confirmed", False)
    if not isinstance(confirmed, bool):
        problem("confirmed", _("must be true or false"))
    url = data.get("url", "")
    if not isinstance(url, str) or (url and not re.fullmatch(r"https?://[^\s]+", url)):
        problem("url", _("must be a full http(s) address"))
        url = ""
    raws = data.get("standard")
    if not isinstance(raws, list) or not raws or len(raws) > MAX_STANDARDS:
        problems.append(_("{where}: a set needs 1 to {most} [[standard]] tables").format(
            where=where, most=MAX_STANDARDS))
        raws = []
    standards: list[Standard] = []
    for number, raw in enumerate(raws, start=1):
        found = _standard(raw, _("{where} standard {n}").format(where=where, n=number),
                          problems)
        if found is not None:
            if found.key in {s.key for s in standards}:
                problems.append(_("{where}: the key '{key}' is used twice").format(
                    where=where, key=found.key))
            standards.append(found)
    if problems:
        raise InputError("; ".join(problems))
    return StandardSet(
        id=set_id, title=texts["title"], setting=data["setting"], basis=data["basis"],
        citations=texts["citation"], checked_on=days["checked_on"],
        standards=tuple(standards), url=url, confirmed=confirmed, note=texts["note"],
        effective_from=start, effective_until=end, source=source,
    )


def _standard(raw: Any, where: str, problems: list[str]) -> Standard | None:
    if not isinstance(raw, dict):
        problems.append(_("{where}: must be a [[standard]] table").format(where=where))
        return None
    before = len(problems)
    for name in sorted(set(raw) - STANDARD_FIELDS):
        problems.append(_("{where}: unknown field '{name}'").format(where=where, name=name))
    key = raw.get("key")
    if not is_key(key):
        problems.append(_("{where}: 'key' must be a lower-case id such as "
                          "professional-learning").format(where=where))
    texts = {}
    for name in ("title", "summary"):
        try:
            texts[name] = _bilingual(raw.get(name))
        except ValueError as error:
            problems.append(_("{where}: '{name}' {reason}").format(where=where, name=name,
                                                                   reason=error))
    if len(problems) > before:
        return None
    return Standard(key=key, title=texts["title"], summary=texts["summary"])


# ---------------------------------------------------------------------- loading

def _shipped_folder() -> Path:
    """Found beside the package (as alnco/locale is): importlib.resources loads zipfile (4 ms)."""
    from alnco import catalogue

    return Path(catalogue.__file__).parent / "data" / "standards"


@lru_cache(maxsize=1)
def shipped_sets() -> tuple[StandardSet, ...]:
    """Every set shipped with alnco (parsed once per process; sets are immutable)."""
    found = []
    for resource in sorted(_shipped_folder().iterdir(), key=lambda r: r.name):
        if resource.name.endswith(".toml"):
            data = tomllib.loads(resource.read_text(encoding="utf-8"))
            found.append(parse_standard_set(data, resource.name))
    return tuple(found)


def read_set_file(path: Path) -> StandardSet:
    """One standards file (a system-layer one, or any file being checked): InputError
    names the file and every problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(_("cannot read {path}: {reason}").format(
            path=path, reason=getattr(error, "strerror", None) or error)) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(_("{path} is not valid TOML: {error}").format(
            path=path, error=error)) from None
    return parse_standard_set(data, str(path), source=str(path))


def _toml_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []


def system_sets(ctx: Any) -> tuple[list[StandardSet], list[str]]:
    """The system layer's sets that may be used, and one warning line for each file
    (or the folder) left out: not trusted (alnco.trust) or not a valid set."""
    system_dir = getattr(ctx, "system_dir", None)
    if not system_dir:
        return [], []
    system = Path(system_dir)
    folder = system / SYSTEM_FOLDER
    try:
        if not folder.is_dir():
            return [], []
    except OSError:
        return [], []
    from alnco import trust

    refused = trust.refusal(folder, system)
    if refused is not None:
        return [], [refused.line(
            _("the system standards folder {folder} (alnco's shipped standards are used)")
            .format(folder=folder),
            _("a system standards folder (alnco's shipped standards are used)"))]
    sets: list[StandardSet] = []
    warnings: list[str] = []
    for path in _toml_files(folder):
        refused = trust.refusal(path, system)
        if refused is not None:
            warnings.append(refused.line(
                _("the system standards file {path}").format(path=path),
                _("a system standards file")))
            continue
        try:
            sets.append(read_set_file(path))
        except InputError as error:
            warnings.append(_("skipped the system standards file {path}: {reason}").format(
                path=path, reason=error))
    return sets, warnings


def all_sets(ctx: Any = None) -> list[StandardSet]:
    """Shipped sets with the system layer's over them (a set with the same id
    replaces the shipped one); prints each warning once per command."""
    by_id = {s.id: s for s in shipped_sets()}
    if ctx is not None:
        from alnco import trust

        extra, warnings = system_sets(ctx)
        for line in warnings:
            trust.warn_once(ctx, line)
        for found in extra:
            by_id[found.id] = found
    return list(by_id.values())


def _start(found: StandardSet) -> date:
    return found.effective_from or date.min


def standards_for(setting: str, ctx: Any = None, *, on: date | None = None) -> StandardSet:
    """The set for `setting` in effect on `on` (default ctx.today, else today).

    Of the sets in effect, the one that took effect last wins. With none for
    the FEI setting, the school set is returned marked `stand_in_for="fei"`.
    With none in effect on that day (say, before the first set), the
    setting's most recent set.
    """
    day = on or getattr(ctx, "today", None) or date.today()
    sets = all_sets(ctx)
    mine = [s for s in sets if s.setting == setting]
    if not mine and setting != "school":
        return replace(standards_for("school", ctx, on=day), stand_in_for=setting)
    if not mine:  # pragma: no cover - alnco ships a school set
        raise InputError(_("no professional standards are available for {setting}").format(
            setting=setting))
    current = [s for s in mine if s.in_effect(day)] or mine
    return max(current, key=lambda s: (_start(s), s.source != "shipped", s.id))


def describe_keys(keys: Iterable[str], ctx: Any = None) -> list[str]:
    """`key  Title` for each key, the title from the first set that has it (the
    school set in effect first), in the interface language; a key no set knows
    is shown alone, marked so."""
    language = getattr(ctx, "language", None) or "en"
    first = standards_for("school", ctx)
    sets = [first] + [s for s in all_sets(ctx) if s.id != first.id]
    lines = []
    for key in keys:
        found = next((s.get(key) for s in sets if s.get(key) is not None), None)
        title = found.title_in(language) if found else _("(not in any set of standards here)")
        lines.append(f"{key}  {title}")
    return lines


def unknown_keys(keys: Iterable[str], standard_set: StandardSet) -> list[str]:
    known = set(standard_set.keys())
    return [k for k in keys if k not in known]


def normalise_keys(keys: Iterable[str], standard_set: StandardSet) -> tuple[str, ...]:
    """Keys given by a person (any case, commas allowed), checked against the set,
    in the set's order; InputError lists the known keys."""
    given: list[str] = []
    for item in keys:
        given.extend(part.strip().lower() for part in str(item).replace(",", " ").split())
    unknown = unknown_keys(given, standard_set)
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], standard_set.keys(), n=1)
        hint = _(" (did you mean '{field}'?)").format(field=close[0]) if close else ""
        raise InputError(_("unknown standard '{key}'; the standards are: {keys}").format(
            key=unknown[0], keys=", ".join(standard_set.keys())) + hint)
    return tuple(k for k in standard_set.keys() if k in given)


def standards_of(entry: Any, modules: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """An entry's standards; an entry with none takes its catalogue module's (as tasks do)."""
    own = tuple(getattr(entry, "standards", ()) or ())
    if own or not modules or not getattr(entry, "module_id", None):
        return own
    module = modules.get(entry.module_id)
    return tuple(getattr(module, "standards", ()) or ()) if module is not None else ()


def learning_by_standard(entries: Iterable[Any], standard_set: StandardSet, *,
                         on: date | None = None, since: date | None = None,
                         modules: Mapping[str, Any] | None = None) -> list[StandardLearning]:
    """Completed hours and entry ids for each standard of the set, in the set's order.

    Only completed entries count (plans are not learning yet), dated on or before
    `on` and on or after `since` when given. An entry linked to several standards
    counts in full under each. Keys not in the set are ignored.
    """
    found: dict[str, list[Any]] = {s.key: [] for s in standard_set.standards}
    for entry in entries:
        if entry.status != "completed":
            continue
        if (on is not None and entry.date > on) or (since is not None and entry.date < since):
            continue
        for key in standards_of(entry, modules):
            if key in found:
                found[key].append(entry)
    result = []
    for standard in standard_set.standards:
        linked = sorted(found[standard.key], key=lambda e: (e.date, e.created_at))
        result.append(StandardLearning(
            key=standard.key, title=standard.title,
            hours=sum((e.hours for e in linked), Decimal(0)),
            entry_ids=[e.id for e in linked]))
    return result
