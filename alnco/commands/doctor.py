"""`alnco doctor`: check the record, its backups and permissions, and the system
layer (catalogue and framework files), changing nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from alnco.context import Context
from alnco.i18n import _, ngettext
from alnco.numerals import count
from alnco.output import safe_text


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "doctor", parents=[common], help=_("check the record, its backups and permissions"),
        description=_("Read-only checks of your record and of the system layer's catalogue and "
                      "framework files; exit 3 if the record cannot be used, 1 if a system "
                      "file is not used or is broken.") + " " + _(
            "Every evidence file is checked against its hash: one missing, altered or "
            "unsafe also gives exit 1."),
    )
    parser.set_defaults(handler=doctor)


def doctor(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.store.health import FAIL, check_record

    checks = check_record(ctx.record_path)
    system = evidence_checks(ctx) + assessment_checks(ctx) + system_checks(ctx)
    width = max(len(c.what) for c in checks + system)
    labels = {"ok": _("ok"), "warning": _("warning"), "problem": _("problem")}
    for check in checks + system:
        print(f"{labels[check.status]:<8} {check.what:<{width}}  "
              f"{safe_text(check.detail, single_line=True)}", file=ctx.stdout)
    if any(c.status == FAIL for c in checks):
        return 3
    return 1 if any(c.status == FAIL for c in system) else 0


def assessment_checks(ctx: Context) -> list[Any]:
    """A warning naming each rating session alnco skips when it reads the record (a
    hand-edited or damaged one): suggestions and the dashboard go without it."""
    from alnco.assessment import TABLE, from_doc
    from alnco.errors import AlncoError
    from alnco.store.health import WARN, Check

    if not ctx.record_path.exists():
        return []
    try:
        docs = (ctx.record.read().extra.get(TABLE) or {}).items()
    except AlncoError:
        return []
    return [Check(WARN, _("assessment"), _(
        "rating session {key} in the record cannot be read and is skipped (a rating "
        "must be 1 to 5 on a task or standard, dated 1950 to 2100): correct it in a "
        "text editor or rate again with 'alnco assess set'").format(key=key))
        for key, doc in docs if from_doc(doc) is None]


def evidence_checks(ctx: Context) -> list[Any]:
    """One line per problem with the evidence files (alnco.evidence.verify), or one ok
    line; nothing when the record cannot be read (the record's own lines say why)."""
    from alnco.errors import AlncoError
    from alnco.store.health import FAIL, MAX_LISTED, OK, WARN, Check

    where = _("evidence")
    if not ctx.record_path.exists():
        return []
    try:
        from alnco import evidence
        from alnco.numerals import count

        snapshot = ctx.record.read()
        problems = evidence.verify(ctx.record_path, snapshot)
        files = evidence.documents(snapshot)
    except AlncoError:
        return []
    checks = [Check(FAIL if p.serious else WARN, where, p.describe())
              for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        checks.append(Check(FAIL, where, _("and {problems} more").format(
            problems=count(len(problems) - MAX_LISTED, "problem"))))
    if not any(p.serious for p in problems) and files:
        stored = len({ef.sha256 for ef in files})
        checks.insert(0, Check(OK, where, ngettext(
            "{files} checked against its hash in {folder}",
            "{files} checked against their hashes in {folder}", stored).format(
            files=count(stored, "file"),
            folder=evidence.evidence_folder(ctx.record_path))))
    return checks


def _is(path: Path) -> tuple[bool, bool]:
    try:
        return path.is_file(), path.is_dir()
    except OSError:
        return False, False


def _entries(folder: Path, where: str, checks: list[Any]) -> list[Path]:
    """The folder's entries, or none with a problem line when it cannot be listed."""
    from alnco.store.health import FAIL, Check

    try:
        return sorted(folder.iterdir())
    except OSError as error:
        checks.append(Check(FAIL, where, _("cannot list {folder}: {reason}").format(
            folder=folder, reason=error.strerror or error)))
        return []


def system_checks(ctx: Any) -> list[Any]:
    """One line per file and folder of the system layer: used ("ok"), used in
    part ("warning"), or not used / broken ("problem"), with the fix.

    The same rule and readers as the commands themselves (alnco.trust, the
    catalogue loader, the framework reader), so doctor says exactly what they do.
    """
    from alnco import trust
    from alnco.store.health import FAIL, OK, Check

    system = Path(ctx.system_dir)
    where = _("system")
    if not _is(system)[1]:
        return [Check(OK, where, _("{folder} does not exist: the shipped catalogue and "
                                   "frameworks are used").format(folder=system))]
    top = trust.check(system)
    if top is not None:
        return [Check(FAIL, where, _("{folder} is not used (nor anything in it): {reason}")
                      .format(folder=system, reason=top.describe()))]
    checks = [Check(OK, where, _("{folder}: owned by root or you, not writable by others")
                    .format(folder=system))]
    single = system / "catalogue.toml"
    if _is(single)[0]:
        checks.append(_catalogue_check(single))
    folder = system / "catalogue"
    if _is(folder)[1]:
        found = trust.check(folder)
        if found is not None:
            checks.append(Check(FAIL, where, _("{folder} is not used (nor anything in it): "
                                               "{reason}").format(folder=folder,
                                                                  reason=found.describe())))
        else:
            for path in _entries(folder, where, checks):
                checks.append(_catalogue_check(path) if path.suffix == ".toml" and _is(path)[0]
                              else _ignored(path, where))
    frameworks = system / "frameworks"
    if _is(frameworks)[1]:
        for path in _entries(frameworks, _("framework"), checks):
            checks.append(_framework_check(path))
    if _is(system / "standards")[1]:
        checks.extend(_standards_checks(ctx))
    if _is(system / "reflection.toml")[0]:
        checks.append(_reflection_check(ctx))
    defaults = system / "defaults.toml"
    if _is(defaults)[0] or defaults.is_symlink():
        checks.append(_inbox_check(ctx, defaults))
    return checks


def _standards_checks(ctx: Any) -> list[Any]:
    """The system layer's professional standards: each set used, each file skipped
    (with the reader's own warning, so doctor says what `progress` does)."""
    from alnco.standards import system_sets
    from alnco.store.health import FAIL, OK, Check

    where = _("standards")
    sets, skipped = system_sets(ctx)
    checks = [Check(FAIL, where, line) for line in skipped]
    for found in sets:
        checks.append(Check(OK, where, _("{path}: the set {id} ({standards})").format(
            path=found.source, id=found.id,
            standards=count(len(found.standards), "standard"))))
    return checks


def _reflection_check(ctx: Any) -> Any:
    from alnco.reflection import SYSTEM_FILE, system_prompts
    from alnco.store.health import FAIL, OK, Check

    where = _("reflection")
    found, warning = system_prompts(ctx)
    if warning or found is None:
        return Check(FAIL, where, warning or _("{path} is not used").format(
            path=Path(ctx.system_dir) / SYSTEM_FILE))
    return Check(OK, where, _("{path}: {prompts}").format(
        path=Path(ctx.system_dir) / SYSTEM_FILE, prompts=count(len(found), "prompt")))


def _inbox_check(ctx: Any, defaults: Path) -> Any:
    """Whether `alnco submit` can hand copies in to the inbox the system layer names."""
    from alnco import inbox, trust
    from alnco.errors import InputError
    from alnco.store.health import FAIL, OK, Check

    where = _("inbox")
    found = trust.check(defaults)
    if found is not None:
        return Check(FAIL, where, _("{path} is not used: {reason}").format(
            path=defaults, reason=found.describe()))
    folder = inbox.configured(ctx)
    if folder is None:
        return Check(FAIL, where, _("{path} names no inbox: add [submit] inbox = \"/srv/alnco/"
                                    "inbox\" (docs/admin.md)").format(path=defaults))
    try:
        found_inbox = inbox.check(folder)
    except InputError as error:
        return Check(FAIL, where, str(error))
    return Check(OK, where, _("{path}: private; copies readable by the group {group} "
                              "({readers})").format(
        path=found_inbox.path, group=found_inbox.group,
        readers=", ".join(found_inbox.readers) or _("nobody yet")))


def _ignored(path: Path, where: str) -> Any:
    from alnco.store.health import WARN, Check

    if path.suffix == ".toml":  # a folder, or a link that leads nowhere (or round in a loop)
        return Check(WARN, where, _("{path} is ignored: it is not a file").format(path=path))
    return Check(WARN, where, _("{path} is ignored: only *.toml files are read").format(
        path=path))


def _catalogue_check(path: Path) -> Any:
    from alnco import trust
    from alnco.catalogue.layers import located
    from alnco.catalogue.loader import load_file
    from alnco.numerals import count
    from alnco.store.health import FAIL, OK, WARN, Check

    where = _("system")
    found = trust.check(path)
    if found is not None:
        return Check(FAIL, where, _("{path} is not used: {reason}").format(
            path=path, reason=found.describe()))
    result = load_file(path, "system", recover=True)
    if result.unreadable:
        return Check(FAIL, where, _("{path} is not used: {reason}").format(
            path=path, reason=located(result.problems[0])))
    if result.problems:
        return Check(WARN, where, _("{path}: {modules} used, {problems} (first: {problem}); "
                                    "run 'alnco catalogue validate {path}'").format(
            path=path, modules=count(len(result.modules), "module"),
            problems=count(len(result.problems), "problem"),
            problem=located(result.problems[0])))
    return Check(OK, where, _("{path}: {modules}").format(
        path=path, modules=count(len(result.modules), "module")))


def _framework_check(path: Path) -> Any:
    from alnco import trust
    from alnco.progress.frameworks import (FrameworkFileError, read_override,
                                           shipped_framework, shipped_ids)
    from alnco.store.health import FAIL, OK, WARN, Check

    where = _("framework")
    known = shipped_ids()
    if path.suffix == ".toml" and path.stem in known and not _is(path)[0]:
        return _ignored(path, where)
    if path.suffix != ".toml" or path.stem not in known:
        return Check(WARN, where, _("{path} is ignored: alnco reads only {names}").format(
            path=path, names=", ".join(f"{name}.toml" for name in known)))
    found = trust.check(path)
    if found is not None and not found.error:
        return Check(FAIL, where, _("{path} is not used (alnco's shipped values are): "
                                    "{reason}").format(path=path, reason=found.describe()))
    try:
        if found is not None:
            raise FrameworkFileError(found.problem(), path)
        framework = read_override(shipped_framework(path.stem), path)
    except FrameworkFileError as error:
        return Check(FAIL, where, _("{problem}; 'alnco progress' stops with an error for "
                                    "everyone until it is fixed").format(problem=error.problem))
    changed = [req.id for req in framework.requirements if req.overridden]
    return Check(OK, where, _("{path}: local values for {ids}").format(
        path=path, ids=", ".join(changed) or "-"))
