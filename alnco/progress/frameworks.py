"""Requirement frameworks: the shipped TOML files, their validation, and local overrides.

A framework lists what an ALNCO is expected to have or do, each requirement
with its citation, its basis (statutory / guidance / local) and whether the
legal wording behind it was confirmed against the law itself. The shipped files
live in `alnco/catalogue/data/frameworks/`: each TOML file is the source, read at
run time from the JSON copy that tools/frameworks_json.py makes of it. A
co-ordinator may change the *local* values (targets, periods, module lists) in
the system layer, `<system_dir>/frameworks/<framework-id>.toml`; a statutory
line may only be tightened there (a stricter declaration rule, evidence
required), never loosened, and no requirement's basis can change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from alnco.errors import InputError
from alnco.i18n import _
from alnco.model import SETTINGS, TASK_LETTERS
from alnco.progress.model import BASES, KINDS
from alnco.values import Value, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

FRAMEWORK_FOR_SETTING = {"school": "alnco-school-2021", "fei": "alnco-fei-2021"}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
LEVELS = ("awareness", "practice", "specialist", "accredited")


def _in(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts.get("en", "")


class Requirement(Value):
    FIELDS = ("id", "kind", "basis", "citations", "title", "params", "url", "settings",
              "overridden", "confirmed", "law", "short", "recommended")
    id: str
    kind: str
    basis: str
    citations: Mapping[str, str]  # {"en": "WSI 2021/401 reg 27", "cy": "OS 2021/401 (Cy. 130), rheoliad 27"}
    title: Mapping[str, str]
    params: Mapping[str, Any]
    url: str
    settings: tuple[str, ...]
    overridden: tuple[str, ...]  # what the co-ordinator's system layer changed
    # False where the legal wording this line rests on was not read and verified.
    confirmed: bool
    # The provision in a few words ("reg 27"), for "wording of reg 27 not confirmed".
    law: Mapping[str, str]
    # A short name for risk reasons ("hours", "task (c)", "statutory").
    short: Mapping[str, str]
    # Recommended lines are shown but never count towards risk.
    recommended: bool

    def __init__(self, id: str, kind: str, basis: str, citations: Mapping[str, str],
                 title: Mapping[str, str], params: Mapping[str, Any], url: str = "",
                 settings: tuple[str, ...] = SETTINGS, overridden: tuple[str, ...] = (),
                 confirmed: bool = False, law: Mapping[str, str] | None = None,
                 short: Mapping[str, str] | None = None, recommended: bool = False) -> None:
        vars(self).update(id=id, kind=kind, basis=basis, citations=citations, title=title,
                          params=params, url=url, settings=settings, overridden=overridden,
                          confirmed=confirmed, law={} if law is None else law,
                          short={} if short is None else short, recommended=recommended)

    @property
    def citation(self) -> str:
        return self.citations["en"]

    def title_in(self, language: str) -> str:
        return _in(self.title, language)

    def citation_in(self, language: str) -> str:
        return _in(self.citations, language)

    def law_in(self, language: str) -> str:
        return _in(self.law, language) if self.law else self.citation_in(language)

    def short_in(self, language: str) -> str:
        return _in(self.short, language) if self.short else self.title_in(language)


class Framework(Value):
    FIELDS = ("id", "setting", "title", "requirements", "source", "override_file",
              "skipped_override", "law_checked_on", "description")
    UNCOMPARED = ("override_file", "skipped_override")
    id: str
    setting: str
    title: Mapping[str, str]
    requirements: tuple[Requirement, ...]
    source: str
    override_file: Path | None
    # The system layer's file for this framework when it was NOT used (the trust
    # rule kept it out, or an export fell back over a broken one): say so.
    skipped_override: str
    law_checked_on: date | None  # when its legal basis was last checked by a person
    description: Mapping[str, str]

    def __init__(self, id: str, setting: str, title: Mapping[str, str],
                 requirements: tuple[Requirement, ...], source: str = "",
                 override_file: Path | None = None, skipped_override: str = "",
                 law_checked_on: date | None = None,
                 description: Mapping[str, str] | None = None) -> None:
        vars(self).update(id=id, setting=setting, title=title, requirements=requirements,
                          source=source, override_file=override_file,
                          skipped_override=skipped_override, law_checked_on=law_checked_on,
                          description={} if description is None else description)

    def title_in(self, language: str) -> str:
        return _in(self.title, language)

    def description_in(self, language: str) -> str:
        return _in(self.description, language) if self.description else ""

    def get(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def declaration_keys(self) -> dict[str, Mapping[str, str]]:
        """Every key `alnco profile declare` accepts here, with its bilingual label."""
        keys: dict[str, Mapping[str, str]] = {}
        for req in self.requirements:
            if req.kind == "declaration":
                keys.update(req.params["keys"])
            elif req.kind == "qualification":
                keys[req.params["declaration_key"]] = req.title
        return keys

    def required_keys(self) -> frozenset[str]:
        """Keys that appear in some declaration rule (the others are supplementary)."""
        return frozenset(key for req in self.requirements if req.kind == "declaration"
                         for group in req.params["rule"] for key in group)


# --------------------------------------------------------------- parameter checks
# Each check returns the normalised value or raises ValueError(reason).

def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(_("must be a number"))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(_("must be a number")) from None
    if not (0 < number <= 10000):
        raise ValueError(_("must be more than 0 and at most 10000"))
    return number


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(_("must be a whole number from {low} to {high}").format(
                low=low, high=high))
        return value
    return check


def _task(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 1 or value not in TASK_LETTERS:
        raise ValueError(_("must be one task letter a-h"))
    return value


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise ValueError(_("must be a lower-case id such as 'aln-system-overview'"))
    return value


def _modules(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(_("must be a non-empty list of module ids"))
    ids = tuple(_slug(v) for v in value)
    if len(set(ids)) != len(ids):
        raise ValueError(_("lists a module twice"))
    return ids


def _bilingual(value: Any) -> Mapping[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("en"), str) or not value["en"]:
        raise ValueError(_("must be a table with an 'en' text (and optionally 'cy')"))
    unknown = set(value) - {"en", "cy"}
    if unknown or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(_("may hold only 'en' and 'cy' texts"))
    return MappingProxyType(dict(value))


def _keys(value: Any) -> Mapping[str, Mapping[str, str]]:
    if not isinstance(value, dict) or not value:
        raise ValueError(_("must be a table of declaration keys"))
    return MappingProxyType({_slug(k): _bilingual(v) for k, v in value.items()})


def _rule(value: Any) -> tuple[tuple[str, ...], ...]:
    """any of (all of KEY...): a non-empty list of non-empty lists of keys."""
    if (not isinstance(value, list) or not value
            or not all(isinstance(group, list) and group for group in value)):
        raise ValueError(_("must be a list of groups of keys, e.g. [['school-teacher']] "
                           "(any one group, with every key in it)"))
    groups = tuple(tuple(sorted({_slug(key) for key in group})) for group in value)
    return tuple(dict.fromkeys(groups))


def is_tighter(new: tuple[tuple[str, ...], ...], old: tuple[tuple[str, ...], ...]) -> bool:
    """Every way to meet `new` also meets `old`: each new group holds some old group."""
    return all(any(set(o) <= set(n) for o in old) for n in new)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(_("must be true or false"))
    return value


def _level(value: Any) -> str:
    if value not in LEVELS:
        raise ValueError(_("must be one of {levels}").format(levels=", ".join(LEVELS)))
    return value


_REQUIRED = object()
# kind -> parameter -> (check, default). `_REQUIRED` marks a parameter with no default.
PARAMS: dict[str, dict[str, tuple[Callable[[Any], Any], Any]]] = {
    "declaration": {"keys": (_keys, _REQUIRED), "rule": (_rule, _REQUIRED),
                    "evidence_required": (_flag, True)},
    "task_coverage": {
        "task": (_task, _REQUIRED),
        "window_years": (_whole(1, 10), 3),
        "min_hours": (_number, Decimal(3)),
    },
    "hours": {"target_hours": (_number, _REQUIRED)},
    "named_modules": {
        "modules": (_modules, _REQUIRED),
        "period_months": (_whole(1, 120), 12),
        # After designation + this many months the line no longer applies.
        "applies_for_months": (_whole(1, 240), 24),
        "label": (_bilingual, MappingProxyType({"en": "modules", "cy": "modiwlau"})),
    },
    "qualification": {
        "declaration_key": (_slug, _REQUIRED),
        "credits": (_whole(1, 600), _REQUIRED),
        "level": (_level, "accredited"),
        "within_months": (_whole(1, 240), None),
    },
}
# Parameters that are part of the legal text's shape, never a local value.
FIXED_PARAMS = {"declaration": {"keys"}, "task_coverage": {"task"},
                "qualification": {"declaration_key"}}
REQUIREMENT_FIELDS = {"id", "kind", "basis", "citation", "title", "url", "settings", "params",
                      "confirmed", "law", "short", "recommended"}
FRAMEWORK_FIELDS = {"id", "setting", "version", "title", "source", "requirements",
                    "law_checked_on", "description"}
# Statutory lines may be made stricter locally, never looser (see `is_tighter`).
TIGHTENABLE = {"declaration": {"rule", "evidence_required"}}


def _params(kind: str, raw: Any, where: str, problems: list[str]) -> dict[str, Any]:
    spec = PARAMS[kind]
    if not isinstance(raw, dict):
        problems.append(_("{where}: 'params' must be a table").format(where=where))
        return {}
    out: dict[str, Any] = {}
    for name in sorted(set(raw) - set(spec)):
        problems.append(_("{where}: unknown parameter '{name}' for kind {kind} (allowed: {allowed})")
                        .format(where=where, name=name, kind=kind, allowed=", ".join(spec)))
    for name, (check, default) in spec.items():
        if name not in raw:
            if default is _REQUIRED:
                problems.append(_("{where}: parameter '{name}' is missing").format(
                    where=where, name=name))
            out[name] = default
            continue
        try:
            out[name] = check(raw[name])
        except ValueError as error:
            problems.append(_("{where}: '{name}' {reason}").format(
                where=where, name=name, reason=error))
    return out


def _requirement(raw: Any, where: str, problems: list[str]) -> Requirement | None:
    if not isinstance(raw, dict):
        problems.append(_("{where}: a requirement must be a table").format(where=where))
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not _SLUG.fullmatch(rid):
        problems.append(_("{where}: 'id' must be a lower-case id").format(where=where))
        return None
    where = f"{where} ({rid})"
    before = len(problems)
    for name in sorted(set(raw) - REQUIREMENT_FIELDS):
        problems.append(_("{where}: unknown field '{name}'").format(where=where, name=name))
    kind, basis, citation = raw.get("kind"), raw.get("basis"), raw.get("citation")
    if kind not in KINDS:
        problems.append(_("{where}: kind must be one of {kinds}").format(
            where=where, kinds=", ".join(KINDS)))
    if basis not in BASES:
        problems.append(_("{where}: basis must be statutory, guidance or local").format(where=where))
    if kind == "qualification" and basis == "statutory":
        problems.append(_("{where}: a qualification target is recommended, never statutory")
                        .format(where=where))
    citations = _citations(citation)
    if citations is None:
        problems.append(_("{where}: every requirement needs a citation").format(where=where))
    try:
        title = _bilingual(raw.get("title"))
    except ValueError as error:
        problems.append(_("{where}: 'title' {reason}").format(where=where, reason=error))
        title = MappingProxyType({"en": rid})
    optional: dict[str, Any] = {}
    for name, check, default in (("law", _bilingual, MappingProxyType({})),
                                 ("short", _bilingual, MappingProxyType({})),
                                 ("confirmed", _flag, False), ("recommended", _flag, False)):
        try:
            optional[name] = check(raw[name]) if name in raw else default
        except ValueError as error:
            problems.append(_("{where}: '{name}' {reason}").format(
                where=where, name=name, reason=error))
    if basis == "statutory" and optional.get("recommended"):
        problems.append(_("{where}: a statutory line cannot be only recommended").format(
            where=where))
    settings = raw.get("settings", list(SETTINGS))
    if not isinstance(settings, list) or not settings or set(settings) - set(SETTINGS):
        problems.append(_("{where}: 'settings' must list school and/or fei").format(where=where))
        settings = list(SETTINGS)
    params = _params(kind, raw.get("params", {}), where, problems) if kind in KINDS else {}
    if (kind == "declaration" and isinstance(params.get("rule"), tuple)
            and isinstance(params.get("keys"), Mapping)):
        for key in sorted({k for group in params["rule"] for k in group} - set(params["keys"])):
            problems.append(_("{where}: the rule names '{key}', which is not one of its keys")
                            .format(where=where, key=key))
    if len(problems) > before:
        return None
    return Requirement(
        id=rid, kind=kind, basis=basis, citations=citations, title=title,
        params=MappingProxyType(params), url=str(raw.get("url") or ""),
        settings=tuple(settings), **optional,
    )


def _citations(value: Any) -> Mapping[str, str] | None:
    """A citation: one text, or {en, cy} (Welsh law is cited the Welsh way in Welsh)."""
    if isinstance(value, str):
        return MappingProxyType({"en": value.strip()}) if value.strip() else None
    try:
        texts = _bilingual(value)
    except ValueError:
        return None
    return MappingProxyType({k: v.strip() for k, v in texts.items()})


def parse_framework(data: Mapping[str, Any], where: str) -> Framework:
    """Validate a framework's parsed TOML; report every problem at once."""
    problems: list[str] = []
    for name in sorted(set(data) - FRAMEWORK_FIELDS):
        problems.append(_("{where}: unknown field '{name}'").format(where=where, name=name))
    fid = data.get("id")
    if not isinstance(fid, str) or not _SLUG.fullmatch(fid):
        problems.append(_("{where}: 'id' must be a lower-case id").format(where=where))
    if data.get("setting") not in SETTINGS:
        problems.append(_("{where}: 'setting' must be school or fei").format(where=where))
    if data.get("version") != 1:
        problems.append(_("{where}: 'version' must be 1").format(where=where))
    try:
        title = _bilingual(data.get("title"))
    except ValueError as error:
        problems.append(_("{where}: 'title' {reason}").format(where=where, reason=error))
        title = MappingProxyType({"en": str(fid)})
    raws = data.get("requirements")
    if not isinstance(raws, list) or not raws:
        problems.append(_("{where}: 'requirements' must be a non-empty list").format(where=where))
        raws = []
    requirements = []
    for number, raw in enumerate(raws, start=1):
        req = _requirement(raw, _("{where} requirement {n}").format(where=where, n=number),
                           problems)
        if req:
            requirements.append(req)
    seen: set[str] = set()
    for req in requirements:
        if req.id in seen:
            problems.append(_("{where}: duplicate requirement id '{id}'").format(
                where=where, id=req.id))
        seen.add(req.id)
    keys = [k for r in requirements for k in
            (r.params["keys"] if r.kind == "declaration" else
             [r.params["declaration_key"]] if r.kind == "qualification" else [])]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(_("{where}: declaration key '{key}' is used twice").format(
            where=where, key=key))
    checked = data.get("law_checked_on")
    if checked is not None and (not isinstance(checked, date) or hasattr(checked, "hour")):
        problems.append(_("{where}: 'law_checked_on' must be a date such as 2026-11-30")
                        .format(where=where))
        checked = None
    description: Mapping[str, str] = MappingProxyType({})
    if "description" in data:
        try:
            description = _bilingual(data["description"])
        except ValueError as error:
            problems.append(_("{where}: 'description' {reason}").format(where=where, reason=error))
    if problems:
        raise InputError("; ".join(problems))
    return Framework(id=fid, setting=data["setting"], title=title,
                     requirements=tuple(requirements), source=str(data.get("source") or ""),
                     law_checked_on=checked, description=description)


# ---------------------------------------------------------------------- loading

def _shipped_folder() -> Path:
    """alnco/catalogue/data/frameworks, found beside the package (as alnco/locale is):
    importlib.resources.files() loads zipfile and threading, 4 ms of every `status`."""
    from alnco import catalogue

    return Path(catalogue.__file__).parent / "data" / "frameworks"


def shipped_ids() -> tuple[str, ...]:
    folder = _shipped_folder()
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


# TOML dates that the JSON copies hold as ISO text (tools/frameworks_json.py writes them).
DATE_FIELDS = ("law_checked_on",)


def read_shipped_json(raw: bytes) -> dict[str, Any]:
    """A shipped framework's JSON copy as tomllib reads the TOML it was made from.

    The TOML files are the source (people edit them; their comments cite the
    law); tools/frameworks_json.py writes a JSON copy of each, and a test fails
    if any copy differs. The JSON reader that reads the record parses it
    without importing tomllib or parsing TOML (3-4 ms of every `status`).
    """
    from alnco import strict_json

    data = strict_json.loads(raw)
    for name in DATE_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = date.fromisoformat(data[name])
    return data


@lru_cache(maxsize=8)
def shipped_framework(framework_id: str) -> Framework:
    """The framework as shipped (parsed once per process; frameworks are immutable)."""
    if not _SLUG.fullmatch(framework_id) or framework_id not in shipped_ids():
        raise InputError(_("unknown framework '{id}'; known: {known}").format(
            id=framework_id, known=", ".join(shipped_ids())))
    data = read_shipped_json((_shipped_folder() / f"{framework_id}.json").read_bytes())
    return parse_framework(data, f"{framework_id}.toml")


def override_path(framework_id: str, ctx: Any) -> Path | None:
    system_dir = getattr(ctx, "system_dir", None)
    return Path(system_dir) / "frameworks" / f"{framework_id}.toml" if system_dir else None


class FrameworkFileError(InputError):
    """The system layer's file of local values is trusted but cannot be used.

    `alnco progress` stops (exit 1) until it is fixed, so that nobody is shown
    targets other than the ones published; exports fall back to the shipped
    framework. `problem` is the reason alone, `path` the file.
    """

    def __init__(self, message: str, path: Path | None = None, problem: str = ""):
        super().__init__(message)
        self.path = path
        self.problem = problem or message


def apply_overrides(framework: Framework, data: Mapping[str, Any], where: str) -> Framework:
    """The co-ordinator's local values over `framework`; refuse anything else, all at once."""
    problems: list[str] = []
    for name in sorted(set(data) - {"framework", "requirements"}):
        problems.append(_("{where}: unknown field '{name}' (only 'framework' and "
                          "[requirements.ID] tables)").format(where=where, name=name))
    if "framework" in data and data["framework"] != framework.id:
        problems.append(_("{where}: names framework '{other}', but the file is for '{id}'")
                        .format(where=where, other=data["framework"], id=framework.id))
    changes = data.get("requirements", {})
    if not isinstance(changes, dict):
        problems.append(_("{where}: 'requirements' must be tables [requirements.ID]")
                        .format(where=where))
        changes = {}
    known = [r.id for r in framework.requirements]
    updated = {r.id: r for r in framework.requirements}
    for rid, change in changes.items():
        req = updated.get(rid)
        if req is None:
            problems.append(_("{where}: unknown requirement '{id}' (known: {known})").format(
                where=where, id=rid, known=", ".join(known)))
            continue
        if not isinstance(change, dict):
            problems.append(_("{where}: [requirements.{id}] must be a table").format(
                where=where, id=rid))
            continue
        if req.basis == "statutory":
            _tighten(req, change, where, problems, updated)
            continue
        params = dict(req.params)
        citations = req.citations
        for name, value in change.items():
            if name == "basis":
                problems.append(_("{where}: '{id}': a requirement's basis cannot be changed "
                                  "locally").format(where=where, id=rid))
            elif name == "citation" and req.basis == "local":
                new_citations = _citations(value)
                if new_citations is not None:
                    citations = new_citations
                else:
                    problems.append(_("{where}: '{id}': citation must be text").format(
                        where=where, id=rid))
            elif name in PARAMS[req.kind] and name not in FIXED_PARAMS.get(req.kind, ()):
                try:
                    params[name] = PARAMS[req.kind][name][0](value)
                except ValueError as error:
                    problems.append(_("{where}: '{id}': '{name}' {reason}").format(
                        where=where, id=rid, name=name, reason=error))
            else:
                allowed = [n for n in PARAMS[req.kind] if n not in FIXED_PARAMS.get(req.kind, ())]
                if req.basis == "local":
                    allowed.append("citation")
                problems.append(_("{where}: '{id}': '{name}' cannot be set locally (allowed: "
                                  "{allowed})").format(where=where, id=rid, name=name,
                                                       allowed=", ".join(allowed) or "-"))
        updated[rid] = replace(req, params=MappingProxyType(params), citations=citations,
                               overridden=tuple(sorted(change)))
    if problems:
        raise InputError("; ".join(problems))
    return replace(framework, requirements=tuple(updated[r] for r in known))


def _tighten(req: Requirement, change: Mapping[str, Any], where: str, problems: list[str],
             updated: dict[str, Requirement]) -> None:
    """A statutory line may be made stricter locally (a rule every way of meeting
    which also meets the shipped one; evidence required), never looser."""
    allowed = TIGHTENABLE.get(req.kind, set())
    params = dict(req.params)
    before = len(problems)
    for name, value in change.items():
        if name not in allowed:
            problems.append(_("{where}: '{id}' is statutory ({citation}); only a stricter "
                              "{allowed} can be set locally, and '{name}' cannot")
                            .format(where=where, id=req.id, citation=req.citation, name=name,
                                    allowed=" / ".join(sorted(allowed)) or "-"))
            continue
        try:
            new = PARAMS[req.kind][name][0](value)
        except ValueError as error:
            problems.append(_("{where}: '{id}': '{name}' {reason}").format(
                where=where, id=req.id, name=name, reason=error))
            continue
        if name == "rule":
            unknown = sorted({k for group in new for k in group} - set(req.params["keys"]))
            if unknown:
                problems.append(_("{where}: '{id}': the rule names unknown keys: {keys} "
                                  "(known: {known})").format(
                    where=where, id=req.id, keys=", ".join(unknown),
                    known=", ".join(req.params["keys"])))
                continue
            if not is_tighter(new, req.params["rule"]):
                problems.append(_("{where}: '{id}' is statutory: a local rule may only be "
                                  "stricter than the shipped one, never looser").format(
                    where=where, id=req.id))
                continue
        if name == "evidence_required" and req.params[name] and not new:
            problems.append(_("{where}: '{id}' is statutory: evidence cannot be made "
                              "optional locally").format(where=where, id=req.id))
            continue
        params[name] = new
    if len(problems) == before:
        updated[req.id] = replace(req, params=MappingProxyType(params),
                                  overridden=tuple(sorted(change)))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder on the way cannot be searched: reported as unreadable
        return True


def read_override(framework: Framework, path: Path) -> Framework:
    """`framework` with the local values of `path` applied.

    FrameworkFileError (an InputError: exit 1) names the file and every problem,
    and says in the same line that progress waits until it is fixed.
    """
    import tomllib  # only when a co-ordinator's file is there: the shipped ones are JSON

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        problem = _("cannot read local framework values {path}: {error}").format(
            path=path, error=getattr(error, "strerror", None) or error)
    except tomllib.TOMLDecodeError as error:
        problem = _("{path} is not valid TOML: {error}").format(path=path, error=error)
    else:
        try:
            return replace(apply_overrides(framework, data, str(path)), override_file=path)
        except InputError as error:
            problem = str(error)
    raise _broken(path, problem)


def _broken(path: Path, problem: str) -> FrameworkFileError:
    return FrameworkFileError(
        _("{problem}; progress is not shown until this file is fixed (check it with "
          "'alnco doctor')").format(problem=problem), path, problem)


def load_framework(framework_id: str, ctx: Any = None) -> Framework:
    """The shipped framework with the system layer's local values applied, if any.

    A file that fails the trust rule (`alnco.trust`) is not read: one warning
    line (once per command) and the shipped values, marked `skipped_override`.
    A trusted file that cannot be used raises FrameworkFileError.
    """
    framework = shipped_framework(framework_id)
    path = override_path(framework_id, ctx)
    if path is None or not _is_file(path):
        return framework
    from alnco import trust

    refused = trust.refusal(path, Path(ctx.system_dir))
    if refused is not None and refused.untrusted.error:  # cannot even look: as unreadable
        raise _broken(path, _("cannot read local framework values {path}: {error}").format(
            path=refused.untrusted.path, error=refused.untrusted.error))
    if refused is not None:
        trust.warn_once(ctx, refused.line(
            _("the local framework values {path} (alnco's shipped values are used)")
            .format(path=path),
            _("a file of local framework values (alnco's shipped values are used)")))
        return replace(framework, skipped_override=str(path))
    return read_override(framework, path)


def framework_for(profile: Any, ctx: Any = None) -> Framework:
    """school -> alnco-school-2021, fei -> alnco-fei-2021 (school when there is no profile)."""
    setting = getattr(profile, "setting", None) or "school"
    return load_framework(FRAMEWORK_FOR_SETTING.get(setting, FRAMEWORK_FOR_SETTING["school"]), ctx)
