"""Merging an `alnco-export` file into a record, by entry id.

The rules make import safe to repeat and safe between two machines:
- a new id is added; the same id with the same content changes nothing
  (so importing a file twice is a no-op);
- the same id with different content keeps whichever side has the newer
  `updated_at`, and says so;
- the profile is taken from the file only when the record has none.
The plan is worked out first, then applied in one transaction, so a refused
file or a crash leaves the record exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alnco.exports.document import Document
from alnco.model import Entry, Profile


@dataclass
class Plan:
    added: list[Entry] = field(default_factory=list)
    updated: list[tuple[Entry, Entry]] = field(default_factory=list)  # (ours, theirs)
    kept: list[tuple[Entry, Entry]] = field(default_factory=list)  # ours is newer
    unchanged: int = 0
    profile: Profile | None = None  # set when the record has no profile yet
    profile_differs: bool = False

    @property
    def changes(self) -> bool:
        return bool(self.added or self.updated or self.profile)


def _content(entry: Entry) -> dict[str, Any]:
    return entry.to_dict()


def plan_merge(ours_profile: Profile | None, ours: list[Entry], document: Document) -> Plan:
    plan = Plan()
    by_id = {e.id: e for e in ours}
    for theirs in document.entries:
        mine = by_id.get(theirs.id)
        if mine is None:
            plan.added.append(theirs)
        elif _content(mine) == _content(theirs):
            plan.unchanged += 1
        elif theirs.updated_at > mine.updated_at:
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
        for _mine, theirs in plan.updated:
            tx.replace(theirs)
        if plan.profile is not None:
            tx.set_profile(plan.profile)
    return plan
