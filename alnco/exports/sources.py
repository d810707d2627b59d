"""What an export gathers from the rest of alnco: the record, the catalogue
(providers, Welsh titles), the framework and progress. Imported lazily by the
commands so `alnco --help` stays fast."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Mapping
from urllib.parse import urlsplit, urlunsplit

from alnco.exports.document import ExportData, export_moment
from alnco.exports.xapi_export import activity_base
from alnco.i18n import _
from alnco.model import Entry, Profile

ACTOR_TABLE = "xapi_actor"
# One document per entry sent to an LRS: {"id" (entry id), "updated_at" (the
# version sent), "sent_to" (the statements URL), "endpoint" (its `endpoint_key`),
# "statement_id"}. Marks from before "endpoint" existed mean their `sent_to`.
SENT_TABLE = "xapi_sent"


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
    made = stored_actor_id(snapshot)
    if made:
        return made  # already made: no need to lock the record
    with ctx.record.transaction() as tx:
        table = tx.table(ACTOR_TABLE)
        docs = table.all()
        if docs and docs[0].get("id"):
            return str(docs[0]["id"])
        actor_id = str(uuid.uuid4())
        table.insert({"id": actor_id})
        return actor_id


def stored_actor_id(snapshot: Any) -> str:
    """The record's opaque xAPI actor id, or "" (never makes one)."""
    for doc in (getattr(snapshot, "extra", {}) or {}).get(ACTOR_TABLE, {}).values():
        if doc.get("id"):
            return str(doc["id"])
    return ""


def endpoint_key(url: str) -> str:
    """One LRS's statements address, the same however it was typed: scheme and host
    in lower case, no default port, no user name or password, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host += f":{port}"
    path = parts.path.rstrip("/")
    if not path.endswith("/statements"):
        path += "/statements"
    return urlunsplit((scheme, host, path, parts.query, ""))


def mark_endpoint(doc: Mapping[str, Any]) -> str:
    """The endpoint a sent mark is for ("" for a mark that names none: any LRS)."""
    found = doc.get("endpoint") or doc.get("sent_to") or ""
    return endpoint_key(found) if isinstance(found, str) and found else ""


def sent_to(snapshot: Any, endpoint: str) -> dict[str, str]:
    """Entry id -> the `updated_at` sent, for the entries marked sent to `endpoint`."""
    marks: dict[str, str] = {}
    for doc in (getattr(snapshot, "extra", {}) or {}).get(SENT_TABLE, {}).values():
        if doc.get("id") and mark_endpoint(doc) in (endpoint, ""):
            marks[str(doc["id"])] = str(doc.get("updated_at") or "")
    return marks


def record_sent(tx: Any, endpoint: str, sent: list[tuple[str, str, str]]) -> None:
    """Mark (entry id, updated_at, statement id) as sent to `endpoint`, replacing any
    earlier mark for the same entry and endpoint."""
    table = tx.table(SENT_TABLE)
    ids = {entry_id for entry_id, _updated, _statement in sent}
    stale = [doc.doc_id for doc in table.all()
             if doc.get("id") in ids and mark_endpoint(doc) == endpoint]
    if stale:
        table.remove(doc_ids=stale)
    table.insert_multiple({"id": entry_id, "updated_at": updated, "sent_to": endpoint,
                           "endpoint": endpoint, "statement_id": statement}
                          for entry_id, updated, statement in sent)


def xapi_state(snapshot: Any, entries: list[Entry]) -> dict[str, Any]:
    """What a restore needs to carry on pushing where it left off: the opaque actor
    id and the sent marks of `entries` (the JSON export's "xapi" section)."""
    ids = {e.id for e in entries}
    sent = []
    for doc in (getattr(snapshot, "extra", {}) or {}).get(SENT_TABLE, {}).values():
        endpoint = mark_endpoint(doc)
        if doc.get("id") in ids and endpoint:
            sent.append({"entry_id": str(doc["id"]), "endpoint": endpoint,
                         "updated_at": str(doc.get("updated_at") or "")})
    sent.sort(key=lambda m: (m["entry_id"], m["endpoint"]))
    state: dict[str, Any] = {}
    actor_id = stored_actor_id(snapshot)
    if actor_id:
        state["actor_id"] = actor_id
    if sent:
        state["sent"] = sent
    return state


def parse_omit(text: str | None) -> tuple[str, ...]:
    """`--omit reflection,evidence` as sorted field names; a UsageError names the valid ones."""
    from alnco.errors import UsageError
    from alnco.exports.document import OMITTABLE

    if text is None:
        return ()
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in OMITTABLE]
    if unknown or not names:
        from alnco.output import safe_text

        raise UsageError(_("--omit takes a comma-separated list of {valid}, not '{given}'")
                         .format(valid=", ".join(OMITTABLE),
                                 given=safe_text(text, single_line=True)[:80]))
    return tuple(sorted(set(names)))


def coordinator_copy(ctx: Any, *, omit: tuple[str, ...] | None = None,
                     snapshot: Any = None) -> tuple[bytes, int]:
    """A co-ordinator copy for `alnco submit`: the JSON document (bytes) that
    `alnco export --format json --omit ...` writes, and how many entries it holds.
    By default everything personal is left out (reflections, evidence and its
    files, self-assessment): a caller must name what to keep. Never the xAPI
    section (actor id, LRS addresses): that is for restoring a record, not for a
    co-ordinator, even when nothing is omitted."""
    from alnco.exports.document import OMITTABLE, render_json

    data = gather(ctx, omit=OMITTABLE if omit is None else tuple(omit), snapshot=snapshot)
    data.xapi_state = None
    return render_json(data), len(data.entries)


def gather(ctx: Any, *, start: date | None = None, end: date | None = None,
           need_progress: bool = False, need_actor: bool = False,
           xapi_base: str | None = None, snapshot: Any = None,
           need_framework: bool = True, omit: tuple[str, ...] = ()) -> ExportData:
    """Everything an export renders; `omit` empties those entry fields here, at the
    source, so every format leaves them out alike."""
    from alnco.exports.document import OMITTABLE, without

    omitted = tuple(sorted(set(omit)))
    if not set(omitted) <= set(OMITTABLE):
        raise ValueError(f"only {OMITTABLE} can be omitted, not {omitted}")
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
    entries = in_range(list(snapshot.entries), start, end)
    return ExportData(
        profile=profile,
        entries=without(entries, omitted),
        framework=framework,
        today=ctx.today,
        exported_at=export_moment(ctx.environ),
        language=ctx.language,
        catalogue=catalogue,
        progress=progress,
        xapi=xapi,
        notes=notes,
        omitted=omitted,
        xapi_state=None if omitted else xapi_state(snapshot, entries),
        assessments=[] if "assessments" in omitted else assessment_docs(snapshot, start, end),
        evidence_files=[] if "evidence" in omitted else evidence_docs(snapshot, entries),
    )


def evidence_docs(snapshot: Any, entries: list[Entry]) -> list[dict[str, Any]]:
    """The evidence file documents of `entries` (readable ones), in a stable order."""
    from alnco.evidence import documents

    ids = {e.id for e in entries}
    files = [ef for ef in documents(snapshot) if ef.entry_id in ids]
    files.sort(key=lambda ef: (ef.entry_id, ef.added_at, ef.sha256))
    return [ef.to_dict() for ef in files]


def assessment_docs(snapshot: Any, start: date | None, end: date | None) -> list[dict[str, Any]]:
    """The self-assessment sessions dated start..end (either open), oldest first, as
    stored (readable ones only)."""
    from alnco.assessment import assessments_of

    return [a.to_json() for a in assessments_of(snapshot)
            if (not start or a.on >= start) and (not end or a.on <= end)]


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
    from alnco.values import replace

    from alnco import trust
    from alnco.progress.frameworks import FrameworkFileError, framework_for, shipped_framework

    try:
        return framework_for(profile, ctx)
    except FrameworkFileError as error:
        trust.warn_once(ctx, _("{problem}; this export shows progress against alnco's shipped "
                               "targets instead").format(problem=error.problem))
        return replace(shipped_framework(framework_id(profile)),
                       skipped_override=str(error.path or ""))
