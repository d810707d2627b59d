"""A cohort from a pile of exports: one row per ALNCO, most at risk first.

Co-ordinators collect files from many people and many machines, so nothing
here is fatal: an unreadable or invalid file, or an older export of the same
person (same EWC number, same owner), is noted in `problems` and skipped.

A file's owner (the login that owns it on disk) is part of who it is: in a
shared hand-in folder anyone can write a file claiming anyone's EWC number, so
the same number from two owners is never resolved here. Every such row is
kept, flagged with the other owners, and a problem line asks the co-ordinator
to check who is who.
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

from alnco.errors import AlncoError, InputError
from alnco.exports.document import Document, parse_bytes
from alnco.exports.parallel import Workers, worth_forking
from alnco.exports.labels import STATUS_ORDER
from alnco.i18n import _
from alnco.model import Entry, Profile
from alnco.progress.risk import RISKS
from alnco.values import replace as with_changes


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
    owner: str = ""  # login that owns the file (the uid as text if it has no name; "" unknown)
    # Other owners whose files carry this person's EWC number: a co-ordinator must check.
    ewc_shared_with: tuple[str, ...] = ()
    # (device, inode, size, mtime, ctime) of the file as read: the cohort app
    # re-reads one person's file on drill-down and says if it changed meanwhile.
    stamp: tuple[int, ...] = ()

    def summary(self) -> "Person":
        """This person without their entries or the evidence ids: everything the
        report shows, small enough to send back from a worker process."""
        slim = tuple(with_changes(r, evidence=()) if r.evidence else r
                     for r in self.progress.requirements)
        return replace(self, entries=[],
                       progress=with_changes(self.progress, requirements=slim))

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
    skipped: int = 0  # files read that gave no row (unusable, or an older copy)
    # What assessed them (catalogue, frameworks, date): `load_person` re-uses it.
    assessor: Any = field(default=None, repr=False, compare=False)

    def load_person(self, person: Person) -> tuple[Person | None, str]:
        """`person` with every entry, re-read from their file now, and a note:
        "" when the file is as it was, else what happened to it. (None, note)
        when it can no longer be read; never raises for the file's sake."""
        try:
            raw, stamp, owner = read_file(Path(person.source))
        except InputError as error:
            if not os.path.lexists(person.source):
                return None, _("{path} is no longer there (moved or deleted since the cohort "
                               "was read); the table shows what it said then").format(
                                   path=person.source)
            return None, str(error)
        changed = stamp != person.stamp
        try:
            document = parse_bytes(raw, person.source)
            now = self.assessor.person(document, [], owner=owner, stamp=stamp)
        except AlncoError as error:
            if not changed:  # the same file: what stops it now (a framework file?) is news
                return None, str(error)
            return None, _("{path} changed since the cohort was read and cannot be used now "
                           "({reason})").format(path=person.source, reason=error)
        now.ewc_shared_with = person.ewc_shared_with
        if not changed:
            return now, ""
        return now, _("{path} changed since the cohort was read: this is what it says now "
                      "(the table shows what it said then)").format(path=person.source)


def expand(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named by PATHs (files, folders searched for *.json, or globs), once each.

    A symbolic link met while walking a folder is skipped and named: in a shared
    inbox anyone can make one, pointing at any file the co-ordinator can read, and
    its target's owner would then seem to have handed it in. A link named on the
    command line (or matched by a glob) is the co-ordinator's choice and is
    followed here, so that `read_file` can refuse links (O_NOFOLLOW) everywhere.
    """
    files: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(Path(key) if path.is_symlink() else path)

    def walk(folder: Path) -> None:
        for found in sorted(folder.rglob("*.json")):
            if _linked(found, folder):
                problems.append(_("{path}: skipped, a symbolic link inside a folder (name "
                                  "the file itself to read it)").format(path=found))
            elif found.is_file():
                add(found)

    for text in paths:
        path = Path(text).expanduser()
        if path.is_dir():
            walk(path)
        elif path.exists():
            add(path)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                problems.append(_("{path}: matches no files").format(path=text))
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    walk(found)
                elif found.is_file():
                    add(found)
        else:
            problems.append(_("{path}: no such file or folder").format(path=text))
    return files, problems


def _linked(path: Path, top: Path) -> bool:
    """Whether `path`, or a folder between `top` and it, is a symbolic link."""
    current = path
    while current != top and current != current.parent:
        if current.is_symlink():
            return True
        current = current.parent
    return False


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

    def person(self, document: Document, problems: list[str], *, owner: str = "",
               stamp: tuple[int, ...] = ()) -> Person:
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
                      risk_reason=risk.reason, owner=owner, stamp=stamp)


def owner_name(uid: int) -> str:
    """The login name for `uid`, the uid as text when it has none, "" without pwd."""
    try:
        import pwd
    except ImportError:  # pragma: no cover - not a Unix
        return ""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def read_file(path: Path) -> tuple[bytes, tuple[int, ...], str]:
    """(bytes, stamp, owner) of one file, all from the same open file: a file
    swapped in between looking at it and reading it cannot borrow its owner."""
    import stat

    try:
        # A FIFO must not hang the report; a link swapped in since `expand` is refused.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(_("{path} is not a regular file").format(path=path))
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read()
        finally:
            os.close(fd)
    except OSError as error:
        raise InputError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return raw, stamp, _OWNERS.get(info.st_uid) or _OWNERS.setdefault(info.st_uid,
                                                                      owner_name(info.st_uid))


_OWNERS: dict[int, str] = {}


def _assess(path: Path, assessor: "_Assessor") -> tuple:
    """(person or None, problems) for one file; never raises for a bad file."""
    problems: list[str] = []
    try:
        raw, stamp, owner = read_file(path)
        document = parse_bytes(raw, str(path))
    except AlncoError as error:
        return None, [_("skipped: {reason}").format(reason=error)]
    return assessor.person(document, problems, owner=owner, stamp=stamp), problems


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
    reading = start_reading(ctx, paths, as_of, catalogue=catalogue, files=files,
                            summary=summary, jobs=jobs)
    return reading.wait(advance)


def start_reading(ctx: Any, paths: Iterable[str], as_of: date, *, catalogue: Any = None,
                  files: list[Path] | None = None, summary: bool = False,
                  jobs: int = 1, nice: int = 0) -> "Reading":
    """`read_cohort`, begun: with summaries and enough files, the workers are
    forked now and read while the caller does something else (the cohort app
    starts Textual, and gives them a `nice` priority below its own);
    `Reading.wait` or `finish` gives the cohort."""
    if catalogue is None:
        from alnco.catalogue.layers import load_catalogue

        catalogue = load_catalogue(ctx)
    cohort = Cohort(as_of=as_of)
    if files is None:
        files, cohort.problems = expand(paths)
    cohort.assessor = _Assessor(ctx, catalogue, as_of)
    workers = None
    if summary and worth_forking(len(files), jobs):
        workers = Workers(_Summarise(cohort.assessor), files, jobs, nice=nice)
    return Reading(cohort, files, summary, workers)


class Reading:
    """A cohort being read: in forked workers (`workers`) or, without them,
    in this process when it is waited for."""

    def __init__(self, cohort: Cohort, files: list[Path], summary: bool,
                 workers: Workers | None):
        self.cohort = cohort
        self.files = files
        self.summary = summary
        self.workers = workers

    def wait(self, advance: Callable[[], None] | None = None) -> Cohort:
        """Every file read and assessed; `advance` is called once per file."""
        assessor = self.cohort.assessor
        assess: Callable[[Path], tuple] = _Summarise(assessor) if self.summary else \
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
            if self.workers is not None:
                results = self._collect(advance)
            elif advance is None:
                results = [assess(path) for path in self.files]
            else:
                results = [_advancing(assess(path), advance) for path in self.files]
        finally:
            if collecting:
                gc.freeze()
                gc.enable()
        return self.finish(results)

    def _collect(self, advance: Callable[[], None] | None) -> list[tuple]:
        assert self.workers is not None
        try:
            results = []
            for future in self.workers.futures:
                for result in self.workers.chunk(future):
                    results.append(result)
                    if advance is not None:
                        advance()
            return results
        finally:
            self.workers.close()

    def close(self) -> None:
        """Stop reading (the app was closed first)."""
        if self.workers is not None:
            self.workers.close()

    def finish(self, results: list[tuple]) -> Cohort:
        """The cohort from every file's (person or None, problems), in file order."""
        cohort = self.cohort
        found: list[Person] = []
        for person, problems in results:
            cohort.problems.extend(problems)
            if person is not None:
                found.append(person)
        cohort.people = one_row_each(found, cohort.problems)
        cohort.skipped = len(results) - len(cohort.people)
        cohort.people.sort(key=Person.sort_key)
        # Columns follow the most common framework, so most rows read left to right
        # in their own framework's order; other frameworks' extra requirements follow.
        counts = Counter(person.framework for person in cohort.people)
        for person in sorted(cohort.people, key=lambda p: -counts[p.framework]):
            for result in person.progress.requirements:
                cohort.requirements.setdefault(result.id, result.title)
        return cohort


def one_row_each(people: list[Person], problems: list[str]) -> list[Person]:
    """One row per person, in first-seen order.

    The same EWC number from the same owner is a re-submission: the most
    recent export is kept. From different owners it is never resolved: anyone
    can write a file with someone else's number, so every owner's newest row
    is kept, each flagged with the others in `ewc_shared_with`, and a problem
    line asks the co-ordinator to check who is who.
    """
    rows: list[Person] = []
    by_ewc: dict[str, dict[str, Person]] = {}  # EWC number -> owner -> their newest export
    for person in people:
        ewc = person.profile.ewc_number.strip()
        if not ewc:
            rows.append(person)
            continue
        owners = by_ewc.setdefault(ewc, {})
        earlier = owners.get(person.owner)
        if earlier is None:
            owners[person.owner] = person
            continue
        kept, dropped = _newer(earlier, person)
        problems.append(
            _("skipped {dropped}: same EWC number {ewc} as {kept} (the most recent "
              "export is kept)").format(dropped=dropped.source, ewc=ewc, kept=kept.source))
        owners[person.owner] = kept
    for ewc, owners in by_ewc.items():
        if len(owners) > 1:
            for owner, person in owners.items():
                person.ewc_shared_with = tuple(sorted(o for o in owners if o != owner))
            files = "; ".join(_("{path} (owner {owner})").format(path=p.source,
                                                               owner=p.owner or "?")
                              for p in sorted(owners.values(), key=lambda p: p.source))
            problems.append(
                _("EWC number {ewc} is in files from different owners: {files}; every one is "
                  "shown, marked: a co-ordinator must check who is who").format(
                      ewc=ewc, files=files))
        rows.extend(owners.values())
    return rows


def _advancing(result: tuple, advance: Callable[[], None]) -> tuple:
    advance()
    return result


def _newer(first: Person, second: Person) -> tuple[Person, Person]:
    return (second, first) if second.exported_at > first.exported_at else (first, second)

