"""What an export gathers from the rest of alnco: the record, the catalogue
(providers, Welsh titles), the framework and progress. Imported lazily by the
commands so `alnco --help` stays fast."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from alnco.exports.document import ExportData, export_moment
from alnco.exports.xapi_export import activity_base
from alnco.i18n import _
from alnco.model import Entry, Profile

ACTOR_TABLE = "xapi_actor"


def catalogue_for(ctx: Any) -> Any:
    from alnco.catalogue.layers import load_catalogue

    return load_catalogue(ctx)


def in_range(entries: list[Entry], start: date | None, end: date | None) -> list[Entry]:
    chosen = [e for e in entries if (not start or e.date >= start) and (not end or e.date <= end)]
    chosen.sort(key=lambda e: (e.date, e.created_at, e.id))
    return chosen


def opaque_actor_id(ctx: Any, snapshot: Any = None) -> str:
    """A random id that stands for this person in an LRS when there is no EWC
    number; kept in the record so every export and push uses the same one."""
    for doc in (getattr(snapshot, "extra", {}) or {}).get(ACTOR_TABLE, {}).values():
        if doc.get("id"):
            return str(doc["id"])  # already made: no need to lock the record
    with ctx.record.transaction() as tx:
        table = tx.table(ACTOR_TABLE)
        docs = table.all()
        if docs and docs[0].get("id"):
            return str(docs[0]["id"])
        actor_id = str(uuid.uuid4())
        table.insert({"id": actor_id})
        return actor_id


def gather(ctx: Any, *, start: date | None = None, end: date | None = None,
           need_progress: bool = False, need_actor: bool = False,
           xapi_base: str | None = None, snapshot: Any = None,
           need_framework: bool = True) -> ExportData:
    snapshot = snapshot or ctx.record.read()
    profile = snapshot.profile or Profile()
    catalogue = catalogue_for(ctx)
    # The id alone depends only on the setting: the JSON export never reads the
    # system layer's framework file, so a broken one cannot stop it.
    framework = framework_id(profile) if need_framework or need_progress else ""
    progress = None
    notes: list[str] = []
    if need_progress:
        from alnco.progress.engine import evaluate

        used = framework_for_export(ctx, profile)
        if used.skipped_override:
            notes.append(_("Targets are alnco's shipped values: the local framework file {path} "
                           "was not used.").format(path=used.skipped_override))
        progress = evaluate(used, snapshot.profile, snapshot.entries, catalogue, ctx.today,
                            getattr(ctx, "language", "en"))
    xapi = {"base": activity_base(ctx.environ, xapi_base)}
    if need_actor and not profile.ewc_number.strip():
        xapi["actor_id"] = opaque_actor_id(ctx, snapshot)
    return ExportData(
        profile=profile,
        entries=in_range(list(snapshot.entries), start, end),
        framework=framework,
        today=ctx.today,
        exported_at=export_moment(ctx.environ),
        language=ctx.language,
        catalogue=catalogue,
        progress=progress,
        xapi=xapi,
        notes=notes,
    )


def framework_id(profile: Any) -> str:
    """The framework for the profile's setting (school when none), without loading it."""
    from alnco.progress.frameworks import FRAMEWORK_FOR_SETTING

    setting = getattr(profile, "setting", None) or "school"
    return FRAMEWORK_FOR_SETTING.get(setting, FRAMEWORK_FOR_SETTING["school"])


def framework_for_export(ctx: Any, profile: Any) -> Any:
    """The framework an export shows progress against, never an error.

    An export is the person's own data: a broken file of local values in the
    system layer (which stops `alnco progress`) only costs the local targets
    here. The shipped framework is used, marked `skipped_override`, with one
    warning line naming the file and the problem.
    """
    from dataclasses import replace

    from alnco import trust
    from alnco.progress.frameworks import FrameworkFileError, framework_for, shipped_framework

    try:
        return framework_for(profile, ctx)
    except FrameworkFileError as error:
        trust.warn_once(ctx, _("{problem}; this export shows progress against alnco's shipped "
                               "targets instead").format(problem=error.problem))
        return replace(shipped_framework(framework_id(profile)),
                       skipped_override=str(error.path or ""))
