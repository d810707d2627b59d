"""The Record: the one object the rest of alnco uses to read and change a record.

Reads take a consistent snapshot without a lock (writes are atomic renames).
Changes happen in `record.transaction()`, which holds the inter-process lock
for the whole read-modify-write and writes the file once, at the end.

On a shared server every path here may be aimed by someone else. A record is
changed only if it is a regular file (not a symlink) owned by this user, in a
folder this user owns that no one else can write; reading another user's
record warns once. Every entry is checked as it is read (see schema).
"""

from __future__ import annotations

import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path

from alnco import paths
from alnco.errors import Conflict, RecordError, UnknownEntry
from alnco.i18n import _
from alnco.model import Entry, Profile
from alnco.store import backups, schema
from alnco.store.storage import (
    CorruptRecord,
    parse_json,
    read_file,
    record_temp_pattern,
    remove_stale_temps,
)
from alnco.values import Value
from alnco.values import replace as with_changes

TYPE_CHECKING = False
if TYPE_CHECKING:  # TinyDB is imported by transaction() alone: reads never need it (2 ms)
    from typing import Any, Callable, Iterator

    from tinydb import TinyDB
    from tinydb.table import Table

MIN_PREFIX = 6


def _warn(message: str) -> None:
    print(f"alnco: warning: {message}", file=sys.stderr)


class Snapshot(Value):
    """What a record held at one moment."""

    FIELDS = ("profile", "entries", "extra")
    profile: Profile | None
    entries: list[Entry]
    extra: dict[str, dict[str, Any]]  # the record's other tables, by name

    def __init__(self, profile: Profile | None = None, entries: list[Entry] | None = None,
                 extra: dict[str, dict[str, Any]] | None = None) -> None:
        vars(self).update(profile=profile, entries=[] if entries is None else entries,
                          extra={} if extra is None else extra)

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


def _sound_backup(data: dict[str, Any]) -> bool:
    try:
        schema.profile_from_table(data.get(schema.PROFILE))
    except schema.MalformedProfile:
        return False
    return not schema.malformed_entries(data)


def malformed_error(path: Path, problem: str) -> RecordError:
    """A record that parses but holds a value alnco cannot use: say where, and the fix
    (the newest backup without the problem)."""
    backup = backups.latest_backup(path, usable=_sound_backup)
    hint = f"cp {backup} {path}" if backup else _("no backup was found")
    return RecordError(_(
        "the record {path} cannot be used: {problem}; nothing was changed. Correct it "
        "in a text editor, or restore a backup: {hint}"
    ).format(path=path, problem=problem, hint=hint))


def _profile_from(table: Any, path: Path) -> Profile | None:
    try:
        return schema.profile_from_table(table)
    except schema.MalformedProfile as error:
        raise malformed_error(path, str(error)) from None


def _entries_from(table: Any, path: Path) -> list[Entry]:
    try:
        return schema.entries_from_docs(table.values() if isinstance(table, dict) else ())
    except schema.MalformedEntry as error:
        raise malformed_error(path, error.problem.describe()) from None


class Transaction:
    """A locked read-modify-write over the record's tables."""

    def __init__(self, db: TinyDB, path: Path | str = "record"):
        self.db = db
        self.path = Path(path)

    def table(self, name: str) -> Table:
        return self.db.table(name)

    def _raw(self, name: str) -> Any:
        """A table as stored (pending changes included), without TinyDB's copies."""
        return (self.db.storage.read() or {}).get(name) or {}

    # profile ---------------------------------------------------------------
    def profile(self) -> Profile | None:
        return _profile_from(self._raw(schema.PROFILE), self.path)

    def set_profile(self, profile: Profile) -> None:
        doc = schema.check_profile(profile)
        table = self.table(schema.PROFILE)
        table.truncate()
        table.insert(doc)

    # entries ---------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """Every entry, each checked: RecordError naming the first malformed one."""
        return _entries_from(self._raw(schema.ENTRIES), self.path)

    def find(self, prefix: str) -> Entry:
        return resolve_prefix(self.entries(), prefix)

    def add(self, entry: Entry) -> Entry:
        self.table(schema.ENTRIES).insert(schema.check_entry(entry))
        return entry

    def add_many(self, entries: list[Entry]) -> None:
        self.table(schema.ENTRIES).insert_multiple([schema.check_entry(e) for e in entries])

    def get(self, entry_id: str) -> Entry | None:
        """The stored entry with exactly this id (checked), or None."""
        return self._stored(entry_id)[1]

    def replace(self, entry: Entry, *, expected_revision: int | None = None) -> Entry:
        """Save `entry` over the stored entry with its id; return what was saved.

        The saved revision is one more than the stored one (or the entry's own
        if that is higher: an import keeps the file's). A change that started
        from a copy passes the copy's revision as `expected_revision`: if the
        stored entry is no longer that revision, or is gone, nothing is written
        and `Conflict` carries the stored entry (None when it was removed).
        """
        ids, current = self._stored(entry.id)
        if current is None:
            if expected_revision is not None:
                raise _conflict(entry, None, expected_revision)
            raise UnknownEntry(_("entry {id} no longer exists").format(id=entry.id[:8]))
        if expected_revision is not None and current.revision != expected_revision:
            raise _conflict(entry, current, expected_revision)
        saved = with_changes(entry, revision=max(entry.revision, current.revision + 1))
        self.table(schema.ENTRIES).update(_replace_with(schema.check_entry(saved)), doc_ids=ids)
        return saved

    def restore(self, entry: Entry, *, expected_revision: int | None) -> Entry:
        """Put a kept copy of `entry` back (undo); return what was saved.

        `expected_revision` None: the entry was removed, and is added again
        (as it was, revision included) only if it is still absent. A number:
        the copy is saved over the stored entry only if that is still the
        revision (`replace`). Otherwise nothing is written: `Conflict`.
        """
        if expected_revision is None:
            current = self._stored(entry.id)[1]
            if current is not None:
                raise _conflict(entry, current, None)
            return self.add(entry)
        return self.replace(entry, expected_revision=expected_revision)

    def remove(self, entry_id: str, *, expected_revision: int | None = None) -> Entry:
        """Remove the entry; return it as it was stored. With `expected_revision`,
        only if it is still that revision (else `Conflict`, nothing removed)."""
        ids, current = self._stored(entry_id)
        if current is None:
            if expected_revision is not None:
                raise _conflict(None, None, expected_revision, entry_id=entry_id)
            raise UnknownEntry(_("entry {id} no longer exists").format(id=entry_id[:8]))
        if expected_revision is not None and current.revision != expected_revision:
            raise _conflict(None, current, expected_revision)
        self.table(schema.ENTRIES).remove(doc_ids=ids)
        return current

    def _stored(self, entry_id: str) -> tuple[list[int], Entry | None]:
        """The TinyDB doc ids holding `entry_id`, and the (first) entry they hold."""
        found = [(int(key), doc) for key, doc in self._raw(schema.ENTRIES).items()
                 if isinstance(doc, dict) and doc.get("id") == entry_id]
        if not found:
            return [], None
        return [key for key, _doc in found], _entries_from({"1": found[0][1]}, self.path)[0]


def _conflict(mine: Entry | None, current: Entry | None, expected: int | None, *,
              entry_id: str = "") -> Conflict:
    """Why a change that started from a copy was not saved, with what is stored now."""
    entry_id = entry_id or (mine.id if mine is not None else current.id if current else "")
    short = entry_id[:8]
    if current is None:
        message = _("entry {id} was removed in another session since you started; "
                    "nothing was saved").format(id=short)
    elif expected is None:
        message = _("entry {id} is back in the record (restored in another session?); "
                    "nothing was saved").format(id=short)
    else:
        message = _("entry {id} was changed in another session since you started "
                    "(revision {expected}, now {revision}); nothing was saved").format(
            id=short, expected=expected, revision=current.revision)
    return Conflict(message, entry_id=entry_id, current=current, mine=mine, expected=expected)


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
        self._warned: set[str] = set()  # each warning once per Record (the TUI re-reads)
        # The last file we parsed, by its exact bytes: reading 1,000 entries' bytes
        # costs a tenth of parsing them, and a byte comparison cannot be fooled the
        # way (inode, mtime, size) can when inodes are reused within one clock tick.
        self._cache: tuple[bytes, dict[str, Any]] | None = None

    # inspection ------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def _warn_once(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warn(message)

    # reading ---------------------------------------------------------------
    def change_token(self) -> tuple[int, int, int, int] | None:
        """Cheap to poll, and different after any save by any session (for the TUI)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def _load(self, raw: bytes | None) -> dict[str, Any] | None:
        """The parsed record; parsed again only when its bytes changed since we last saw it."""
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
        """A consistent snapshot, read without the lock, every entry checked."""
        found = read_file(self.path)
        raw = None
        if found is not None:
            raw, st = found
            if st.st_uid != os.geteuid():
                self._warn_once(_(
                    "the record {path} belongs to another user; alnco shows it but will "
                    "not change it"
                ).format(path=self.path))
            mode = stat.S_IMODE(st.st_mode)
            if mode & 0o022:
                self._warn_once(self._unsafe_message(mode))
        data = self._load(raw)
        version = schema.version_of(data)
        schema.check_not_newer(version, self.path)
        if data and version < schema.CURRENT_VERSION:
            data = schema.migrate(_deep_copy(data), version)  # in memory only
        storage_data = data or schema.new_record()
        extra = {
            name: dict(storage_data[name])
            for name in storage_data
            if name not in (schema.META, schema.PROFILE, schema.ENTRIES, "_default")
        }
        return Snapshot(profile=_profile_from(storage_data.get(schema.PROFILE), self.path),
                        entries=_entries_from(storage_data.get(schema.ENTRIES), self.path),
                        extra=extra)

    # writing ---------------------------------------------------------------
    def _unsafe_message(self, mode: int) -> str:
        return _(
            "the record {path} can be changed by other users (mode {mode:o}); "
            "run: chmod 600 {path}"
        ).format(path=self.path, mode=mode)

    def _prepare_folder(self) -> None:
        folder = self.path.parent
        if folder.is_dir():
            self._check_folder()
            return
        if self.create_folder:
            try:
                paths.make_private_dirs(folder)
                self._check_folder()
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
            ).format(folder=folder),
            app_message=_("the folder {folder} for your record does not exist; quit, "
                          "create it (mkdir -p {folder}) and start alnco again").format(
                              folder=folder),
        )

    def _check_folder(self) -> None:
        """Refuse a folder someone else could use to swap or plant files beside the record."""
        folder = self.path.parent
        try:
            st = os.stat(folder)
        except OSError as error:
            raise RecordError(_("cannot use the folder {folder}: {reason}").format(
                folder=folder, reason=error.strerror)) from None
        if st.st_uid != os.geteuid():
            raise RecordError(_(
                "the folder {folder} belongs to another user, who could replace your "
                "record; keep your record in a folder of your own (--record), or ask an "
                "administrator to give the folder back to you (chown)"
            ).format(folder=folder), app_message=_(
                "the folder {folder} belongs to another user, who could replace your "
                "record; ask an administrator to give the folder back to you (chown), or "
                "keep your record in a folder of your own and start alnco on it"
            ).format(folder=folder))
        mode = stat.S_IMODE(st.st_mode)
        if not mode & 0o022:
            return
        if self.create_folder:  # alnco's own data folder: make it what it should be
            try:
                os.chmod(folder, 0o700)
            except OSError as error:
                raise RecordError(_("cannot use the folder {folder}: {reason}").format(
                    folder=folder, reason=error.strerror)) from None
            self._warn_once(_(
                "the folder {folder} could be changed by other users (mode {mode:o}); "
                "alnco has made it private (mode 700)"
            ).format(folder=folder, mode=mode))
            return
        raise RecordError(_(
            "the folder {folder} can be changed by other users (mode {mode:o}), who could "
            "replace your record; run: chmod go-w {folder}"
        ).format(folder=folder, mode=mode))

    def _check_writable(self, st: os.stat_result) -> None:
        if st.st_uid != os.geteuid():
            raise RecordError(_(
                "the record {path} belongs to another user; alnco only changes a record "
                "you own. If it is yours, ask an administrator to give it back to you "
                "(chown); if not, use your own record (--record)"
            ).format(path=self.path), app_message=_(
                "the record {path} belongs to another user; alnco only changes a record "
                "you own. If it is yours, ask an administrator to give it back to you "
                "(chown); if not, start alnco on a record of your own"
            ).format(path=self.path))
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o022:
            raise RecordError(self._unsafe_message(mode))

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, load (migrating if needed), yield, and save once if anything changed."""
        # Only a change needs the lock and TinyDB: reads (status, log list) never load them.
        from alnco.store import lock
        from alnco.store.database import AtomicJSONStorage, RecordDB, Transactional

        timeout = lock.lock_timeout() if self.lock_timeout is None else self.lock_timeout
        self._prepare_folder()
        try:  # checked again under the lock; this only makes the first refusal the clearest
            st = os.lstat(self.path)
        except FileNotFoundError:
            pass
        except OSError:
            pass  # reported when the record is read under the lock
        else:
            if stat.S_ISLNK(st.st_mode):
                read_file(self.path, follow_symlinks=False)  # raises, naming the link
            self._check_writable(st)
        if not os.access(self.path.parent, os.W_OK):
            raise RecordError(
                _("cannot write in {folder}: permission denied; nothing was changed").format(
                    folder=self.path.parent
                )
            )
        with lock.exclusive(self.lock_path, timeout):
            found = read_file(self.path, follow_symlinks=False)  # a symlink is refused
            raw = None
            if found is not None:
                raw, st = found
                self._check_writable(st)
            data = self._load(raw)
            version = schema.version_of(data)
            schema.check_not_newer(version, self.path)
            migrated = bool(data) and version < schema.CURRENT_VERSION
            if migrated:
                try:
                    backups.migration_backup(self.path, version, data=raw)
                except (OSError, backups.UnsafeBackups) as error:
                    raise RecordError(
                        _("the record needs upgrading but no backup could be made ({reason}); "
                          "it has not been touched").format(reason=error)
                    ) from None
                data = schema.migrate(data, version)
            elif data:
                try:
                    backups.daily_backup(self.path, data=raw)
                except (OSError, backups.UnsafeBackups) as error:
                    self._warn_once(
                        _("could not back up the record: {reason}").format(reason=error))
            db = RecordDB(self.path, storage=Transactional(AtomicJSONStorage),
                          data=data or schema.new_record())
            storage: Transactional = db.storage  # type: ignore[assignment]
            if migrated:
                storage.write(data)
            try:
                yield Transaction(db, self.path)
                written = storage.read() if storage.dirty else None
                if written is not None:  # a killed save's temp files go before the next one
                    remove_stale_temps(self.path.parent, record_temp_pattern(self.path))
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
    return schema.copy_tables(data)
