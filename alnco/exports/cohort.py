"""A cohort from a pile of exports: one row per ALNCO, most at risk first.

Co-ordinators collect files from many people and many machines, so nothing
here is fatal: an unreadable or invalid file, or a second export of the same
person (same EWC number), is noted in `problems` and skipped.
"""

from __future__ import annotations

import gc
import glob
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from alnco.errors import AlncoError
from alnco.exports.document import Document, load
from alnco.exports.parallel import map_in_workers, worth_forking
from alnco.exports.labels import STATUS_ORDER
from alnco.i18n import _
from alnco.model import Entry, Profile
from alnco.progress.risk import RISKS



@dataclass
class Person:
    source: str
    profile: Profile
    framework: str
    exported_at: str
    entries: list[Entry]
    progress: Any  # alnco.progress.model.Progress, without suggestions (none is shown)
    last_activity: date | None
    risk: str  # high / medium / low (alnco.progress.risk)
    risk_reason: str = ""  # why, in a few words: "statutory: not declared"

    def summary(self) -> "Person":
        """This person without their entries or the evidence ids: everything the
        report shows, small enough to send back from a worker process."""
        slim = tuple(replace(r, evidence=()) for r in self.progress.requirements)
        return replace(self, entries=[], progress=replace(self.progress, requirements=slim))

    @property
    def statuses(self) -> dict[str, str]:
        return {r.id: r.status for r in self.progress.requirements}

    def sort_key(self) -> tuple:
        counts = [sum(1 for r in self.progress.requirements if r.status == s)
                  for s in STATUS_ORDER[:3]]
        fractions = [r.fraction for r in self.progress.requirements
                     if r.status != "not_applicable"]
        mean = sum(fractions) / len(fractions) if fractions else 1.0
        return (RISKS.index(self.risk), *(-c for c in counts), mean,
                self.profile.name.casefold(), self.source)


@dataclass
class Cohort:
    as_of: date
    people: list[Person] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requirements: dict[str, str] = field(default_factory=dict)  # id -> title, first seen order


def expand(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named by PATHs (files, folders searched for *.json, or globs), once each."""
    files: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for text in paths:
        path = Path(text).expanduser()
        if path.is_dir():
            for found in sorted(path.rglob("*.json")):
                if found.is_file():
                    add(found)
        elif path.exists():
            add(path)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                problems.append(_("{path}: matches no files").format(path=text))
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    for inner in sorted(found.rglob("*.json")):
                        add(inner)
                elif found.is_file():
                    add(found)
        else:
            problems.append(_("{path}: no such file or folder").format(path=text))
    return files, problems


class _Assessor:
    """Progress for each document, with frameworks and the catalogue loaded once."""

    def __init__(self, ctx: Any, catalogue: Any, as_of: date):
        import alnco.progress.engine  # noqa: F401  here, so forked workers inherit it
        from alnco.progress.frameworks import FrameworkFileError, load_framework, shipped_ids

        self.ctx = ctx
        self.catalogue = catalogue
        self.as_of = as_of
        # Every framework is loaded here, in the parent, so forked workers share
        # them and a skipped system file is warned about once. A broken one is
        # kept as its error, raised (exit 1, as `alnco progress`) only if someone
        # in the cohort is assessed against it.
        self.frameworks: dict[str, Any] = {}
        for framework_id in shipped_ids():
            try:
                self.frameworks[framework_id] = load_framework(framework_id, ctx)
            except FrameworkFileError as error:
                self.frameworks[framework_id] = error

    def _load(self, framework_id: str) -> Any:
        found = self.frameworks[framework_id]
        if isinstance(found, Exception):
            raise found
        return found

    def framework(self, document: Document, problems: list[str]) -> Any:
        from alnco.progress.frameworks import FRAMEWORK_FOR_SETTING

        key = document.framework or ""
        if key in self.frameworks:
            return self._load(key)
        setting = getattr(document.profile, "setting", None) or "school"
        framework = self._load(FRAMEWORK_FOR_SETTING.get(setting, FRAMEWORK_FOR_SETTING["school"]))
        if key:
            problems.append(_("{path}: unknown framework '{id}'; assessed against "
                              "'{used}'").format(path=document.source, id=key,
                                                 used=framework.id))
        return framework

    def person(self, document: Document, problems: list[str]) -> Person:
        from alnco.progress.engine import evaluate

        from alnco.progress.risk import assess

        framework = self.framework(document, problems)
        # No suggestions: neither the report nor the cohort TUI shows them.
        progress = evaluate(framework, document.profile, document.entries, self.catalogue,
                            self.as_of, getattr(self.ctx, "language", "en"), suggest=False)
        risk = assess(progress)
        return Person(source=document.source, profile=document.profile,
                      framework=framework.id, exported_at=document.exported_at,
                      entries=document.entries, progress=progress,
                      last_activity=progress.last_completed, risk=risk.level,
                      risk_reason=risk.reason)


def _assess(path: Path, assessor: "_Assessor") -> tuple:
    """(person or None, problems) for one file; never raises for a bad file."""
    problems: list[str] = []
    try:
        document = load(path)
    except AlncoError as error:
        return None, [_("skipped: {reason}").format(reason=error)]
    return assessor.person(document, problems), problems


class _Summarise:
    """`_assess`, keeping only the person's summary (picklable, for workers)."""

    def __init__(self, assessor: "_Assessor"):
        self.assessor = assessor

    def __call__(self, path: Path) -> tuple:
        person, problems = _assess(path, self.assessor)
        return (person.summary() if person is not None else None), problems


def read_cohort(ctx: Any, paths: Iterable[str], as_of: date, *, catalogue: Any = None,
                advance: Callable[[], None] | None = None,
                files: list[Path] | None = None, summary: bool = False,
                jobs: int = 1) -> Cohort:
    """Read every export under `paths` and assess each person as at `as_of`.

    `summary=True` keeps each person's `Person.summary()` only (the report
    needs no entries), and lets `jobs` worker processes share the files when
    there are enough of them (see `alnco.exports.parallel`). The people, their
    order and the problems are the same either way.
    """
    if catalogue is None:
        from alnco.catalogue.layers import load_catalogue

        catalogue = load_catalogue(ctx)
    cohort = Cohort(as_of=as_of)
    if files is None:
        files, cohort.problems = expand(paths)
    assessor = _Assessor(ctx, catalogue, as_of)
    assess: Callable[[Path], tuple] = _Summarise(assessor) if summary else \
        (lambda path: _assess(path, assessor))
    collecting = gc.isenabled()
    # Tens of thousands of entries stay alive while the cohort grows, and every
    # automatic collection would walk all of them again (measured: reading took
    # 3x json.load with the collector on, 1.3x with it off). Nothing built here
    # forms reference cycles, so the collector is simply paused. Switched back
    # on as it was, its first (youngest-generation) collection would walk every
    # object made meanwhile (measured: 80-130 ms, ~0.4x json.load, and a process
    # that exits soon after pays it again at shutdown); freezing first moves
    # them out of its sight for good. Reference counting still frees them, and
    # the TUI freezes what it has loaded in the same way.
    gc.disable()
    try:
        if summary and worth_forking(len(files), jobs):
            people = map_in_workers(assess, files, jobs, advance)
        elif advance is None:
            people = [assess(path) for path in files]
        else:
            people = [_advancing(assess(path), advance) for path in files]
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    by_ewc: dict[str, Person] = {}
    for person, problems in people:
        cohort.problems.extend(problems)
        if person is None:
            continue
        ewc = person.profile.ewc_number.strip()
        if ewc and ewc in by_ewc:
            kept, dropped = _newer(by_ewc[ewc], person)
            cohort.problems.append(
                _("skipped {dropped}: same EWC number {ewc} as {kept} (the most recent "
                  "export is kept)").format(dropped=dropped.source, ewc=ewc, kept=kept.source))
            by_ewc[ewc] = kept
            continue
        if ewc:
            by_ewc[ewc] = person
        else:
            cohort.people.append(person)
    cohort.people.extend(by_ewc.values())
    cohort.people.sort(key=Person.sort_key)
    # Columns follow the most common framework, so most rows read left to right
    # in their own framework's order; other frameworks' extra requirements follow.
    counts = Counter(person.framework for person in cohort.people)
    for person in sorted(cohort.people, key=lambda p: -counts[p.framework]):
        for result in person.progress.requirements:
            cohort.requirements.setdefault(result.id, result.title)
    return cohort


def _advancing(result: tuple, advance: Callable[[], None]) -> tuple:
    advance()
    return result


def _newer(first: Person, second: Person) -> tuple[Person, Person]:
    return (second, first) if second.exported_at > first.exported_at else (first, second)

