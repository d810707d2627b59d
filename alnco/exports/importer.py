"""Merging an `alnco-export` file into a record, by entry id.

The rules make import safe to repeat and safe between two machines:
- a new id is added; the same id with the same content changes nothing
  (so importing a file twice is a no-op);
- the same id with different content takes the file's version only when it
  is a later revision of the stored one (a higher `revision`, and not an
  older `updated_at`: that would mean both sides changed it); the stored
  entry is kept, and reported, when it changed here since the export (a
  higher revision here, or the same revision with other content);
- the profile is taken from the file only when the record has none;
- nothing is ever deleted: entries missing from the file are kept;
- fields the file left out on purpose (`omitted`: a co-ordinator copy) are
  unknown, not empty: the stored values are kept, and a new entry gets "";
- the xAPI actor id is restored only when the record has none (a different
  one is reported, never replaced), and sent marks are added by (entry id,
  LRS endpoint), so a restored record does not send everything again under
  a new identity (which an LRS answers with 409 for ever).
The plan is worked out against the record as it is under the lock, then
applied in that same transaction (each update checked against the revision
it was planned on), so a refused file, a crash or another session's save
leaves nothing half done and nothing overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from alnco.exports.document import OMITTABLE_FIELDS, Document, restore_state
from alnco.model import Entry, Profile, changed_fields
from alnco.values import replace


@dataclass
class Plan:
    added: list[Entry] = field(default_factory=list)
    updated: list[tuple[Entry, Entry]] = field(default_factory=list)  # (ours, theirs)
    kept: list[tuple[Entry, Entry]] = field(default_factory=list)  # ours changed since
    unchanged: int = 0
    profile: Profile | None = None  # set when the record has no profile yet
    profile_differs: bool = False
    actor_id: str = ""  # the file's xAPI actor id, to restore (the record has none)
    actor_differs: bool = False  # the record has another one: kept
    marks: list[dict[str, str]] = field(default_factory=list)  # sent marks to add
    omitted: tuple[str, ...] = ()  # fields the file left out: yours were kept
    assessments: list[dict[str, Any]] = field(default_factory=list)  # sessions to add
    evidence_files: list[dict[str, Any]] = field(default_factory=list)  # docs to add

    @property
    def changes(self) -> bool:
        return bool(self.added or self.updated or self.profile or self.actor_id
                    or self.marks or self.assessments or self.evidence_files)


def takes_theirs(mine: Entry, theirs: Entry) -> bool:
    """Whether the file's version (with other content) may replace the stored one:
    only a later revision, and not one older than the stored edit (then both
    sides changed it since they parted, and the stored one is kept)."""
    return theirs.revision > mine.revision and theirs.updated_at >= mine.updated_at


def plan_merge(ours_profile: Profile | None, ours: list[Entry], document: Document,
               extra: dict[str, dict[str, Any]] | None = None) -> Plan:
    """What importing `document` would change; `extra` is the record's other tables
    (a snapshot's `extra`), for the xAPI actor and sent marks."""
    plan = Plan(omitted=document.omitted)
    by_id = {e.id: e for e in ours}
    for theirs in document.entries:
        mine = by_id.get(theirs.id)
        if mine is None:
            plan.added.append(theirs)
            continue
        if document.omitted:  # unknown in the file: yours stand
            theirs = replace(theirs, **{name: getattr(mine, name) for name in document.omitted
                                        if name in OMITTABLE_FIELDS})
        if not changed_fields(mine, theirs):
            plan.unchanged += 1
        elif takes_theirs(mine, theirs):
            plan.updated.append((mine, theirs))
        else:
            plan.kept.append((mine, theirs))
    incoming = document.profile
    if ours_profile is None or ours_profile.is_empty:
        if not incoming.is_empty:
            plan.profile = incoming
    elif incoming.to_dict() != ours_profile.to_dict() and not incoming.is_empty:
        plan.profile_differs = True
    _plan_xapi(plan, document, extra or {})
    _plan_assessments(plan, document, extra or {})
    _plan_evidence(plan, document, {e.id for e in ours}, extra or {})
    return plan


def _plan_evidence(plan: Plan, document: Document, ours: set[str],
                   extra: dict[str, dict[str, Any]]) -> None:
    """Evidence file documents merge by (entry, hash): one the record lacks is added
    for an entry the record holds (or gains); the stored copies themselves come only
    in an archive (alnco.exports.archive)."""
    from alnco.errors import InputError
    from alnco.evidence import TABLE, EvidenceFile
    from alnco.i18n import _

    section = document.evidence_files
    if section is None:
        return
    if type(section) is not list:
        section = [None]
    entries = ours | {e.id for e in plan.added}
    held = {(str(d.get("entry_id")), str(d.get("sha256"))) for d in extra.get(TABLE, {}).values()}
    for doc in section:
        try:
            ef = EvidenceFile.from_dict(doc)
        except ValueError as error:
            raise InputError(_("{path}: the \"evidence_files\" section is invalid ({reason}); "
                               "export the record again").format(
                path=document.source, reason=error)) from None
        key = (ef.entry_id, ef.sha256)
        if ef.entry_id in entries and key not in held:
            held.add(key)
            plan.evidence_files.append(ef.to_dict())


def _plan_assessments(plan: Plan, document: Document, extra: dict[str, dict[str, Any]]) -> None:
    """Self-assessment sessions merge by id: a session the record lacks is added,
    one it holds is left as it is (sessions are never edited)."""
    from alnco.assessment import TABLE, from_doc
    from alnco.errors import InputError
    from alnco.i18n import _

    section = document.assessments
    if section is None:
        return
    sessions = ([from_doc(doc, strict=True) for doc in section] if type(section) is list
                else [None])
    if any(session is None for session in sessions):
        raise InputError(_("{path}: the \"assessments\" section is invalid; export the "
                           "record again with: alnco export --format json").format(
                               path=document.source))
    held = {str(doc.get("id")) for doc in extra.get(TABLE, {}).values()}
    for session in sessions:
        if session.id not in held:  # type: ignore[union-attr]
            held.add(session.id)  # type: ignore[union-attr]
            plan.assessments.append(session.to_json())  # type: ignore[union-attr]


def _plan_xapi(plan: Plan, document: Document, extra: dict[str, dict[str, Any]]) -> None:
    from alnco.exports.sources import ACTOR_TABLE, SENT_TABLE, mark_endpoint

    actor_id, marks = restore_state(document)
    ours = next((str(d["id"]) for d in extra.get(ACTOR_TABLE, {}).values() if d.get("id")), "")
    if actor_id and not ours:
        plan.actor_id = actor_id
    elif actor_id and actor_id != ours:
        plan.actor_differs = True
    held = {(str(d.get("id")), mark_endpoint(d)) for d in extra.get(SENT_TABLE, {}).values()}
    for mark in marks:
        key = (mark["entry_id"], mark_endpoint(mark))
        if key not in held:
            held.add(key)
            plan.marks.append(mark)


def _tables(tx: Any) -> dict[str, dict[str, Any]]:
    from alnco.exports.sources import ACTOR_TABLE, SENT_TABLE

    from alnco.assessment import TABLE
    from alnco.evidence import TABLE as EVIDENCE

    return {name: {str(d.doc_id): dict(d) for d in tx.table(name).all()}
            for name in (ACTOR_TABLE, SENT_TABLE, TABLE, EVIDENCE)}


def apply(record: Any, document: Document,
          with_plan: Callable[[Any, Plan], None] | None = None) -> Plan:
    """Plan against the locked record and apply it, all in one transaction.
    `with_plan(tx, plan)` runs in that transaction before it is saved (an archive
    puts its evidence files in place there)."""
    from alnco.exports.sources import ACTOR_TABLE, SENT_TABLE, endpoint_key
    from alnco.exports.xapi_export import statement_id_of

    with record.transaction() as tx:
        plan = plan_merge(tx.profile(), tx.entries(), document, _tables(tx))
        if plan.added:
            tx.add_many(plan.added)
        for mine, theirs in plan.updated:  # keeps the file's (higher) revision
            tx.replace(theirs, expected_revision=mine.revision)
        if plan.profile is not None:
            tx.set_profile(plan.profile)
        if plan.actor_id:
            tx.table(ACTOR_TABLE).insert({"id": plan.actor_id})
        if plan.marks:
            tx.table(SENT_TABLE).insert_multiple(
                {"id": m["entry_id"], "updated_at": m["updated_at"],
                 "sent_to": endpoint_key(m["endpoint"]),
                 "endpoint": endpoint_key(m["endpoint"]),
                 "statement_id": statement_id_of(m["entry_id"])} for m in plan.marks)
        if plan.assessments:
            from alnco.assessment import TABLE

            tx.table(TABLE).insert_multiple(plan.assessments)
        if plan.evidence_files:
            from alnco.evidence import TABLE as EVIDENCE

            tx.table(EVIDENCE).insert_multiple(plan.evidence_files)
        if with_plan is not None:
            with_plan(tx, plan)
    return plan
