"""The TinyDB side of a transaction: the database, its tables and its storage.

Imported only inside `Record.transaction()`: reading a record (status, log
list, progress) parses the file with orjson and never needs TinyDB, which
costs a few milliseconds to import on every command.

`AtomicJSONStorage` writes through `storage.write_atomically` (temp file,
fsync, rename, fsync the folder); `Transactional` holds a transaction's
writes until commit, so a change is saved whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB
from tinydb.middlewares import Middleware
from tinydb.storages import Storage
from tinydb.table import Table

from alnco.errors import RecordError
from alnco.i18n import _
from alnco.store.storage import read_json, serialise, write_atomically

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class RecordTable(Table):
    """TinyDB's query cache is per process and would go stale across sessions."""

    default_query_cache_capacity = 0


class RecordDB(TinyDB):
    table_class = RecordTable


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file, read once per transaction.

    It is opened inside the record's lock, so the file cannot change under it:
    the first `read()` is cached and every `write()` replaces the file
    atomically and refreshes the cache.
    """

    def __init__(self, path: Path, data: dict[str, Any] | None = None, writable: bool = True):
        self.path = Path(path)
        self.writable = writable
        self.writes = 0
        self.saved: bytes | None = None  # exactly what the last write put in the file
        self._data = data

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = read_json(self.path)
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if not self.writable:
            raise RecordError(_("internal error: write in a read-only transaction"))
        payload = serialise(data)
        write_atomically(self.path, payload)
        self.saved = payload
        self._data = data
        self.writes += 1

    def close(self) -> None:
        self._data = None


class Transactional(Middleware):
    """Holds a transaction's writes until `commit()`: saved whole or not at all.

    An exception inside a transaction simply never commits, so a half-applied
    change (say, an import that fails at entry 150 of 200) never reaches disk.
    """

    def __init__(self, storage_cls: type[Storage] = AtomicJSONStorage):
        super().__init__(storage_cls)
        self._pending: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._pending is not None:
            return self._pending
        return self.storage.read()

    def write(self, data: dict[str, Any]) -> None:
        self._pending = data

    @property
    def dirty(self) -> bool:
        return self._pending is not None

    def commit(self) -> bytes | None:
        """Save the pending change; the bytes now in the file, if the storage says."""
        if self._pending is None:
            return None
        self.storage.write(self._pending)
        self._pending = None
        return getattr(self.storage, "saved", None)

    def close(self) -> None:
        self._pending = None
        self.storage.close()
