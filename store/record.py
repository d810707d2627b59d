"""The Record: the one object the rest of alnco uses to read and change a record.

Reads take a consistent snapshot without a lock (writes are atomic renames).
Changes happen in `record.transaction()`, which holds the inter-process lock
for the whole read-modify-write and writes the file once, at the end.
"""

from __future__ import annotations

import os
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from tinydb import TinyDB
from tinydb.table import Table

from alnco.errors import RecordError, UnknownEntry
from alnco.i18n import _
from alnco.model import Entry, Profile
from alnco.store import backups, lock, schema
from alnco.store.storage import (
    AtomicJSONStorage,
    CorruptRecord,
    Transactional,
    parse_json,
    read_bytes,
)

MIN_PREFIX = 6


def _warn(message: str) -> None:
    print(f"alnco: warning: {message}", file=sys.stderr)


class _Table(Table):
    """TinyDB's query cache is per process and would go stale across sessions."""

    default_query_cache_capacity = 0


class _DB(TinyDB):
    table_class = _Table


@dataclass
class Snapshot:
    """What a record held at one moment."""

    profile: Profile | None = None
    entries: list[Entry] = field(default_factory=list)
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)

    def find(self, prefix: str) -> Entry:
        return resolve_prefix(self.entries, prefix)


def resolve_prefix(entries: list[Entry], prefix: str) -> Entry:
    """The one entry whose id starts with `prefix` (at least 6 characters)."""
    prefix = prefix.strip().lower()
    if len(prefix) < MIN_PREFIX:
        raise UnknownEntry(
            _("give at least {n} characters of the entry id (see 'alnco log list')").format(
                n=MIN_PREFIX
            )
        )
    matches = [e for e in entries if e.id.lower().startswith(prefix)]
    if not matches:
        raise UnknownEntry(
            _("no entry has an id starting '{prefix}' (see 'alnco log list')").format(prefix=prefix)
        )
    if len(matches) > 1:
        ids = ", ".join(e.id[:12] for e in matches[:5])
        raise UnknownEntry(
            _("'{prefix}' matches {n} entries ({ids}); give more of the id").format(
                prefix=prefix, n=len(matches), ids=ids
            )
        )
    return matches[0]


class Transaction:
    """A locked read-modify-write over the record's tables."""

    def __init__(self, db: TinyDB):
        self.db = db

    def table(self, name: str) -> Table:
        return self.db.table(name)

    # profile ---------------------------------------------------------------
    def profile(self) -> Profile | None:
        docs = self.table(schema.PROFILE).all()
        return Profile.from_dict(docs[0]) if docs else None

    def set_profile(self, profile: Profile) -> None:
        table = self.table(schema.PROFILE)
        table.truncate()
        table.insert(profile.to_dict())

    # entries ---------------------------------------------------------------
    def entries(self) -> list[Entry]:
        return [Entry.from_dict(doc) for doc in self.table(schema.ENTRIES).all()]

    def find(self, prefix: str) -> Entry:
        return resolve_prefix(self.entries(), prefix)

    def add(self, entry: Entry) -> Entry:
        self.table(schema.ENTRIES).insert(entry.to_dict())
        return entry

    def add_many(self, entries: list[Entry]) -> None:
        self.table(schema.ENTRIES).insert_multiple(e.to_dict() for e in entries)

    def replace(self, entry: Entry) -> Entry:
        table = self.table(schema.ENTRIES)
        ids = [doc.doc_id for doc in table.all() if doc.get("id") == entry.id]
        if not ids:
            raise UnknownEntry(_("entry {id} no longer exists").format(id=entry.id[:8]))
        table.update(_replace_with(entry.to_dict()), doc_ids=ids)
        return entry

    def remove(self, entry_id: str) -> None:
        table = self.table(schema.ENTRIES)
        ids = [doc.doc_id for doc in table.all() if doc.get("id") == entry_id]
        if not ids:
            raise UnknownEntry(_("entry {id} no longer exists").format(id=entry_id[:8]))
        table.remove(doc_ids=ids)


def _replace_with(new: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def transform(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return transform


class Record:
    """One ALNCO's record file, with its lock, backups and safety checks."""

    def __init__(
        self,
        path: Path | str,
        *,
        lock_timeout: float | None = None,
        warn: Callable[[str], None] = _warn,
        create_folder: bool = False,
    ):
        self.path = Path(path).expanduser()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self.warn = warn
        self.create_folder = create_folder
        # The last file we parsed, by its exact bytes: reading 1,000 entries' bytes
        # costs a tenth of parsing them, and a byte comparison cannot be fooled the
        # way (inode, mtime, size) can when inodes are reused within one clock tick.
        self._cache: tuple[bytes, dict[str, Any]] | None = None

    # inspection ------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def unsafe_mode(self) -> int | None:
        """The file mode if group or others can write the record, else None."""
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except FileNotFoundError:
            return None
        return mode if mode & 0o022 else None

    # reading ---------------------------------------------------------------
    def change_token(self) -> tuple[int, int, int, int] | None:
        """Cheap to poll, and different after any save by any session (for the TUI)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def _load(self) -> dict[str, Any] | None:
        """The parsed record; parsed again only when its bytes changed since we last saw it."""
        raw = read_bytes(self.path)
        if raw is not None and self._cache is not None and self._cache[0] == raw:
            return self._cache[1]
        self._cache = None
        try:
            data = parse_json(raw)
        except CorruptRecord as error:
            backup = backups.latest_backup(self.path)
            hint = (
                _("latest backup: {backup} (copy it over the record to restore)").format(
                    backup=backup
                )
                if backup
                else _("no backup was found")
            )
            raise RecordError(
                _("the record {path} is corrupt ({reason}); it has not been changed; {hint}")
                .format(path=self.path, reason=error, hint=hint)
            ) from None
        if raw is not None and data is not None:
            self._cache = (raw, data)
        return data

    def read(self) -> Snapshot:
        """A consistent snapshot, read without the lock."""
        mode = self.unsafe_mode()
        if mode is not None:
            self.warn(self._unsafe_message(mode))
        data = self._load()
        version = schema.version_of(data)
        schema.check_not_newer(version, self.path)
        if data and version < schema.CURRENT_VERSION:
            data = schema.migrate(_deep_copy(data), version)  # in memory only
        storage_data = data or schema.new_record()
        db = _DB(self.path, storage=AtomicJSONStorage, data=storage_data, writable=False)
        tx = Transaction(db)
        extra = {
            name: dict(storage_data[name])
            for name in storage_data
            if name not in (schema.META, schema.PROFILE, schema.ENTRIES, "_default")
        }
        return Snapshot(profile=tx.profile(), entries=tx.entries(), extra=extra)

    # writing ---------------------------------------------------------------
    def _unsafe_message(self, mode: int) -> str:
        return _(
            "the record {path} can be changed by other users (mode {mode:o}); "
            "run: chmod 600 {path}"
        ).format(path=self.path, mode=mode)

    def _prepare_folder(self) -> None:
        folder = self.path.parent
        if folder.is_dir():
            return
        if self.create_folder:
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                return
            except OSError as error:
                raise RecordError(
                    _("cannot create the folder {folder}: {reason}").format(
                        folder=folder, reason=error.strerror
                    )
                ) from None
        raise RecordError(
            _(
                "the folder {folder} does not exist; create it (mkdir -p {folder}) "
                "or choose another --record"
            ).format(folder=folder)
        )

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, load (migrating if needed), yield, and save once if anything changed."""
        self._prepare_folder()
        if not os.access(self.path.parent, os.W_OK):
            raise RecordError(
                _("cannot write in {folder}: permission denied; nothing was changed").format(
                    folder=self.path.parent
                )
            )
        with lock.exclusive(self.lock_path, self.lock_timeout):
            mode = self.unsafe_mode()
            if mode is not None:
                raise RecordError(self._unsafe_message(mode))
            data = self._load()
            version = schema.version_of(data)
            schema.check_not_newer(version, self.path)
            migrated = bool(data) and version < schema.CURRENT_VERSION
            if migrated:
                try:
                    backups.migration_backup(self.path, version)
                except OSError as error:
                    raise RecordError(
                        _("the record needs upgrading but no backup could be made ({reason}); "
                          "it has not been touched").format(reason=error)
                    ) from None
                data = schema.migrate(data, version)
            elif data:
                try:
                    backups.daily_backup(self.path)
                except OSError as error:
                    self.warn(_("could not back up the record: {reason}").format(reason=error))
            db = _DB(self.path, storage=Transactional(AtomicJSONStorage), data=data or schema.new_record())
            storage: Transactional = db.storage  # type: ignore[assignment]
            if migrated:
                storage.write(data)
            try:
                yield Transaction(db)
                written = storage.read() if storage.dirty else None
                saved = storage.commit()
                if written is not None:  # the next read parses nothing if no one else saves
                    self._cache = (saved, written) if saved is not None else None
            except BaseException:
                self._cache = None  # TinyDB may have changed the cached tables in place
                raise
            finally:
                db.close()

    # conveniences for one-shot commands -------------------------------------
    def add_entry(self, entry: Entry) -> Entry:
        with self.transaction() as tx:
            return tx.add(entry)

    def set_profile(self, profile: Profile) -> None:
        with self.transaction() as tx:
            tx.set_profile(profile)


def _deep_copy(data: dict[str, Any]) -> dict[str, Any]:
    return {name: {k: dict(v) for k, v in table.items()} for name, table in data.items()}
