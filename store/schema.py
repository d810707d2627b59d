"""Schema versions, migrations and the backups taken before them.

The version lives in the record's `meta` table. A record from a newer alnco
is refused and never touched; an older one is copied to the backups folder
and then migrated step by step (0 -> 1 -> ...), all inside the write lock.
"""

from __future__ import annotations

from typing import Any, Callable

from alnco.errors import RecordError
from alnco.i18n import _

CURRENT_VERSION = 1
META = "meta"
PROFILE = "profile"
ENTRIES = "entries"

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def version_of(data: dict[str, Any] | None) -> int:
    """The schema version a record says it has; 0 for a record without meta."""
    if not data:
        return CURRENT_VERSION  # a new record is born current
    for doc in (data.get(META) or {}).values():
        if isinstance(doc, dict) and "schema_version" in doc:
            try:
                return int(doc["schema_version"])
            except (TypeError, ValueError):
                break
    return 0


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """v0: a bare TinyDB file (no meta). Give it a meta table and ensure entries have ids."""
    import uuid

    for doc in (data.get(ENTRIES) or {}).values():
        doc.setdefault("id", str(uuid.uuid4()))
    data.setdefault(ENTRIES, {})
    data[META] = {"1": {"schema_version": 1}}
    return data


MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1}


def check_not_newer(version: int, path: object) -> None:
    if version > CURRENT_VERSION:
        raise RecordError(
            _(
                "the record {path} was written by a newer alnco (schema {found}; this one "
                "reads up to {supported}); upgrade alnco. The record has not been touched"
            ).format(path=path, found=version, supported=CURRENT_VERSION)
        )


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Apply every migration from `version` up to CURRENT_VERSION."""
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RecordError(
                _("no migration from record schema {version}; the record has not been touched")
                .format(version=version)
            )
        data = step(data)
        version += 1
        data[META] = {"1": {"schema_version": version}}
    return data


def new_record() -> dict[str, Any]:
    return {META: {"1": {"schema_version": CURRENT_VERSION}}, PROFILE: {}, ENTRIES: {}}
