"""Merging an `alnco-export` file into a record, by entry id.

The rules make import safe to repeat and safe between two machines:
- a new id is added; the same id with the same content changes nothing
  (so importing a file twice is a no-op);
- the same id with different content takes the file's version only when it
  is a later revision of the stored one (a higher `revision`, and not an
  older `updated_at`: that would mean both sides changed it); the stored
  entry is kept, and reported, when it changed here since the export (a
  higher revision here, or the same revision with other content);
- the profile is taken from the file only when the record has none.
The plan is worked out against the record as it is under the lock, then
applied in that same transaction (each update checked against the revision
it was planned on), so a refused file, a crash or another session's save
leaves nothing half done and nothing overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alnco.exports.document import Document
from alnco.model import Entry, Profile, changed_fields


@dataclass
class Plan:
    added: list[Entry] = field(default_factory=list)
    updated: list[tuple[Entry, Entry]] = field(default_factory=list)  # (ours, theirs)
    kept: list[tuple[Entry, Entry]] = field(default_factory=list)  # ours changed since
    unchanged: int = 0
    profile: Profile | None = None  # set when the record has no profile yet
    profile_differs: bool = False

    @property
    def changes(self) -> bool:
        return bool(self.added or self.updated or self.profile)


def takes_theirs(mine: Entry, theirs: Entry) -> bool:
    """Whether the file's version (with other content) may replace the stored one:
    only a later revision, and not one older than the stored edit (then both
    sides changed it since they parted, and the stored one is kept)."""
    return theirs.revision > mine.revision and theirs.updated_at >= mine.updated_at


def plan_merge(ours_profile: Profile | None, ours: list[Entry], document: Document) -> Plan:
    plan = Plan()
    by_id = {e.id: e for e in ours}
    for theirs in document.entries:
        mine = by_id.get(theirs.id)
        if mine is None:
            plan.added.append(theirs)
        elif not changed_fields(mine, theirs):
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
    return plan


def apply(record: Any, document: Document) -> Plan:
    """Plan against the locked record and apply it, all in one transaction."""
    with record.transaction() as tx:
        plan = plan_merge(tx.profile(), tx.entries(), document)
        if plan.added:
            tx.add_many(plan.added)
        for mine, theirs in plan.updated:  # keeps the file's (higher) revision
            tx.replace(theirs, expected_revision=mine.revision)
        if plan.profile is not None:
            tx.set_profile(plan.profile)
    return plan
