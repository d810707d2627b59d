"""Evidence files: a certificate, slides or notes kept with an entry, privately.

Each file is copied into a folder beside the record, `<record stem>.evidence/`
(so two records in one folder never share, and never delete, each other's
files), named by the SHA-256 of its content: the user's file name is only
shown, never used as a path. The record's `evidence_files` table holds one
document per (entry, file): entry_id, sha256, name, size, added_at.

On a shared server that folder is a target, as the backups folder is
(alnco.store.backups): it is used only if it is a real folder (never a
symlink), owned by this user, mode 0700; everything inside goes through one
descriptor opened with O_NOFOLLOW, and a blob is read only if it is a regular
file of this user's. A file is copied into an exclusive 0600 temp file (read
with a cap, hashed on the way), then renamed to its hash under the record's
lock, in the transaction that records its document: an add is whole or not
at all. Blobs no document uses are removed under the lock too (`forget`), so
a removal can never take a file another session has just attached.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from alnco.errors import InputError, RecordError, UnknownEntry
from alnco.i18n import _

TABLE = "evidence_files"
FOLDER_SUFFIX = ".evidence"
DEFAULT_MAX_MB = 20
MB = 1024 * 1024  # what `ls -lh` calls M
CHUNK = 1024 * 1024
MAX_NAME = 255  # characters of a file name kept for display
MIN_HASH_PREFIX = 6
TEMP_PREFIX = ".incoming-"
TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 3600  # a copy takes seconds; an hour-old temp file was abandoned
_HEX64 = re.compile(r"[0-9a-f]{64}")
_TEMP = re.compile(r"\.incoming-[0-9a-f]{16}\.tmp")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC

# EvidenceProblem kinds: the first four stop `doctor` (exit 3), the rest warn.
MISSING, ALTERED, UNSAFE, FOLDER = "missing", "altered", "unsafe", "folder"
UNEXPECTED, ORPHAN, DAMAGED = "unexpected", "orphan", "damaged"
SERIOUS = frozenset({MISSING, ALTERED, UNSAFE, FOLDER, DAMAGED})


class UnsafeEvidence(RecordError):
    """The evidence folder (or a file in it) cannot be trusted; the message says the fix."""


@dataclass(frozen=True)
class EvidenceFile:
    """One file attached to one entry, as the record's document says."""

    entry_id: str
    sha256: str
    name: str  # the original base name: display only, never a path
    size: int
    added_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "sha256": self.sha256, "name": self.name,
                "size": self.size, "added_at": self.added_at}

    @classmethod
    def from_dict(cls, doc: Any) -> "EvidenceFile":
        """A document from the record or an export, checked; ValueError says what is wrong."""
        if type(doc) is not dict and not isinstance(doc, Mapping):
            raise ValueError(_("an evidence file must be a JSON object"))
        entry_id, sha, name = doc.get("entry_id"), doc.get("sha256"), doc.get("name")
        size, added = doc.get("size"), doc.get("added_at")
        if type(entry_id) is not str or not entry_id.strip():
            raise ValueError(_("an evidence file needs the id of its entry"))
        if type(sha) is not str or not _HEX64.fullmatch(sha):
            raise ValueError(_("an evidence file's sha256 must be 64 lowercase hex digits"))
        if type(name) is not str or not name or "/" in name or "\x00" in name \
                or name in (".", ".."):
            raise ValueError(_("an evidence file needs a file name (without folders)"))
        if type(size) is not int or size < 0:
            raise ValueError(_("an evidence file's size must be a whole number of bytes"))
        if type(added) is not str:
            raise ValueError(_("an evidence file's added_at must be text"))
        return cls(entry_id, sha, name[:MAX_NAME], size, added)


@dataclass(frozen=True)
class EvidenceProblem:
    """One thing wrong with the evidence folder or one file in it (for `alnco doctor`)."""

    kind: str  # MISSING, ALTERED, UNSAFE, FOLDER, UNEXPECTED, ORPHAN, DAMAGED
    path: str  # the file or folder concerned
    detail: str  # translated: what is wrong and what to do
    sha256: str = ""

    @property
    def serious(self) -> bool:
        return self.kind in SERIOUS

    def describe(self) -> str:
        return self.detail


# ------------------------------------------------------------------ reading the record


def evidence_folder(record_path: Path) -> Path:
    """Where a record's evidence files live: `<record stem>.evidence/` beside it."""
    record_path = Path(record_path)
    return record_path.with_name(record_path.stem + FOLDER_SUFFIX)


def stored_path(record_path: Path, ef: EvidenceFile) -> Path:
    """The stored copy of `ef` (named by its hash; checked by EvidenceFile.from_dict)."""
    if not _HEX64.fullmatch(ef.sha256):
        raise ValueError(f"not a sha256: {ef.sha256!r}")
    return evidence_folder(record_path) / ef.sha256


def documents(snapshot: Any) -> list[EvidenceFile]:
    """Every sound evidence document of a snapshot (malformed ones are for `verify`)."""
    found = []
    for doc in (getattr(snapshot, "extra", None) or {}).get(TABLE, {}).values():
        try:
            found.append(EvidenceFile.from_dict(doc))
        except ValueError:
            continue
    return found


def files_for(snapshot: Any, entry_id: str) -> list[EvidenceFile]:
    """The files attached to the entry with exactly this id, oldest first."""
    files = [ef for ef in documents(snapshot) if ef.entry_id == entry_id]
    files.sort(key=lambda ef: (ef.added_at, ef.name, ef.sha256))
    return files


def counts(snapshot: Any) -> dict[str, int]:
    """Entry id -> how many files it has (for lists that show a paper-clip count)."""
    found: dict[str, int] = {}
    for ef in documents(snapshot):
        found[ef.entry_id] = found.get(ef.entry_id, 0) + 1
    return found


# ------------------------------------------------------------------ limits


def max_file_bytes(ctx: Any) -> int:
    """The size limit a file: `[evidence] max_file_mb` in your config.toml, else in the
    system defaults, else 20 MB."""
    from alnco import settings, trust

    mb = settings.evidence_max_mb(ctx.environ, Path(ctx.system_dir),
                                  lambda line: trust.warn_once(ctx, line))
    return int(mb * MB)


def megabytes(size: int) -> str:
    """A size for people: "0.3 MB", "12 MB"."""
    value = size / MB
    if value >= 10:
        return f"{value:.0f} MB"
    return f"{max(value, 0.1) if size else 0:.1f} MB"


def show_size(size: int) -> str:
    """A file's size for a list: bytes, KB or MB."""
    if size < 1024:
        return f"{size} B"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    return megabytes(size)


# ------------------------------------------------------------------ the folder


def _refuse(folder: Path, why: str, mode: int = 0) -> UnsafeEvidence:
    messages = {
        "link": _("the evidence folder {folder} is a symbolic link, which alnco will not "
                  "follow; move it aside (mv {folder} {folder}.old) and alnco will make a "
                  "private one"),
        "kind": _("{folder} is not a folder; move it aside (mv {folder} {folder}.old) and "
                  "alnco will make a private evidence folder there"),
        "owner": _("the evidence folder {folder} belongs to another user; move it aside (mv "
                   "{folder} {folder}.old) and alnco will make a private one"),
        "mode": _("the evidence folder {folder} can be opened by other users (mode {mode:o}); "
                  "run: chmod 700 {folder}"),
    }
    text = messages[why].format(folder=folder, mode=mode)
    return UnsafeEvidence(text, app_message=text)


def check_folder_stat(folder: Path, st: os.stat_result) -> None:
    """UnsafeEvidence unless `st` (lstat or fstat) is a private folder of this user's."""
    if stat.S_ISLNK(st.st_mode):
        raise _refuse(folder, "link")
    if not stat.S_ISDIR(st.st_mode):
        raise _refuse(folder, "kind")
    if st.st_uid != os.geteuid():
        raise _refuse(folder, "owner")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        raise _refuse(folder, "mode", mode)


@contextmanager
def open_folder(record_path: Path, *, create: bool) -> Iterator[int | None]:
    """The evidence folder's descriptor after every check; None if it does not exist
    (and `create` is false). Never follows a symlink in its place."""
    folder = evidence_folder(record_path)
    try:
        try:
            fd = os.open(folder, _DIR_FLAGS)
        except FileNotFoundError:
            if not create:
                yield None
                return
            try:
                os.mkdir(folder, 0o700)  # never follows a symlink in its place
            except FileExistsError:
                pass
            fd = os.open(folder, _DIR_FLAGS)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            try:
                check_folder_stat(folder, os.lstat(folder))
            except OSError:
                pass
        raise UnsafeEvidence(_("cannot use the evidence folder {folder}: {reason}").format(
            folder=folder, reason=error.strerror or error)) from None
    try:
        check_folder_stat(folder, os.fstat(fd))
        yield fd
    finally:
        os.close(fd)


def _stat_blob(dir_fd: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _blob_problem(path: Path, st: os.stat_result) -> str | None:
    """Why a stored blob may not be used (a link, not a file, not ours, open to others)."""
    if stat.S_ISLNK(st.st_mode):
        return _("{path} is a symbolic link, not a stored copy; remove it (rm {path}) and "
                 "attach the file again").format(path=path)
    if not stat.S_ISREG(st.st_mode):
        return _("{path} is not a regular file; move it aside and attach the file again").format(
            path=path)
    if st.st_uid != os.geteuid():
        return _("{path} belongs to another user; move it aside and attach the file "
                 "again").format(path=path)
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        return _("{path} can be read by other users (mode {mode:o}); run: chmod 600 "
                 "{path}").format(path=path, mode=mode)
    return None


def _hash_fd(fd: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while True:
        chunk = os.read(fd, CHUNK)
        if not chunk:
            return digest.hexdigest(), size
        size += len(chunk)
        digest.update(chunk)


def open_blob(dir_fd: int, path: Path, ef: EvidenceFile) -> int:
    """A descriptor of the stored copy in the open folder, once it is known to be a
    regular file of this user's, closed to others (never through a link);
    InputError when it is missing, UnsafeEvidence otherwise. The caller closes it."""
    try:
        fd = os.open(ef.sha256, _READ_FLAGS, dir_fd=dir_fd)
    except FileNotFoundError:
        raise _missing(path, ef) from None
    except OSError as error:
        st = _stat_blob(dir_fd, ef.sha256)
        problem = _blob_problem(path, st) if st is not None else None
        raise UnsafeEvidence(problem or _("cannot read {path}: {reason}").format(
            path=path, reason=error.strerror or error)) from None
    try:
        problem = _blob_problem(path, os.fstat(fd))
        if problem:
            raise UnsafeEvidence(problem)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_blob(record_path: Path, ef: EvidenceFile) -> bytes:
    """The stored copy's bytes, checked: ours, a regular file, its hash its name.
    UnsafeEvidence (or InputError when it is missing or altered) otherwise."""
    path = stored_path(record_path, ef)
    with open_folder(record_path, create=False) as dir_fd:
        if dir_fd is None:
            raise _missing(path, ef)
        with os.fdopen(open_blob(dir_fd, path, ef), "rb") as handle:
            data = handle.read()
    if hashlib.sha256(data).hexdigest() != ef.sha256:
        raise InputError(_altered(path, ef))
    return data


def checked_path(record_path: Path, ef: EvidenceFile) -> Path:
    """The stored copy's path once it has been checked (for a viewer to open)."""
    path = stored_path(record_path, ef)
    with open_folder(record_path, create=False) as dir_fd:
        if dir_fd is None:
            raise _missing(path, ef)
        fd = open_blob(dir_fd, path, ef)
        try:
            sha, _size = _hash_fd(fd)
        finally:
            os.close(fd)
    if sha != ef.sha256:
        raise InputError(_altered(path, ef))
    return path


def altered(path: Path, ef: EvidenceFile) -> InputError:
    """The error for a stored copy whose content no longer matches its hash."""
    text = _altered(path, ef)
    return InputError(text, app_message=text)


def _missing(path: Path, ef: EvidenceFile) -> InputError:
    text = _("the stored copy of {name} is missing ({path}); attach the file again, or "
             "restore it from an archive export").format(name=_shown(ef.name), path=path)
    return InputError(text, app_message=text)


def _altered(path: Path, ef: EvidenceFile) -> str:
    return _("the stored copy of {name} ({path}) has been altered since it was attached "
             "(its content no longer matches its hash); attach the original again").format(
        name=_shown(ef.name), path=path)


def _shown(text: str) -> str:
    from alnco.output import safe_text

    return safe_text(text, single_line=True)


# ------------------------------------------------------------------ adding


@dataclass
class _Source:
    path: Path
    name: str
    fd: int
    size: int


@dataclass
class Staged:
    """A checked copy waiting in the folder under a temp name, to be placed under the lock."""

    temp: str
    sha256: str
    size: int
    name: str


def _open_source(path: Path, limit: int) -> _Source:
    """The user's file, opened for reading: a regular file within the limit, else InputError.

    A symlink named by the user is followed (their choice, as with `cat`); O_NONBLOCK so
    a FIFO can never hang the command."""
    shown = _shown(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise _refused(_("{path} does not exist").format(path=shown)) from None
    except IsADirectoryError:
        raise _folder_given(shown) from None
    except OSError as error:
        raise _refused(_("cannot read {path}: {reason}").format(
            path=shown, reason=error.strerror or error)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _folder_given(shown)
        if not stat.S_ISREG(st.st_mode):
            raise _refused(_("{path} is not a regular file (a pipe, device or socket); only "
                             "files can be attached").format(path=shown))
        if st.st_size > limit:
            raise _too_large(shown, st.st_size, limit)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    name = path.name or os.path.basename(os.path.realpath(path)) or "file"
    return _Source(path, name[:MAX_NAME], fd, st.st_size)


def _refused(reason: str) -> InputError:
    text = _("nothing was attached: {reason}").format(reason=reason)
    return InputError(text, app_message=text)


def _folder_given(shown: str) -> InputError:
    return InputError(
        _("nothing was attached: {path} is a folder; attach the files in it (for example "
          "{path}/*)").format(path=shown),
        app_message=_("nothing was attached: {path} is a folder; choose a file in it").format(
            path=shown))


def _too_large(shown: str, size: int, limit: int) -> InputError:
    text = _("nothing was attached: {path} is {size}, over the limit of {limit} a file "
             "([evidence] max_file_mb in your config.toml)").format(
        path=shown, size=megabytes(size), limit=megabytes(limit))
    return InputError(text, app_message=text)


def _temp_name() -> str:
    return f"{TEMP_PREFIX}{os.urandom(8).hex()}{TEMP_SUFFIX}"


def stage_bytes(dir_fd: int, data: bytes | Iterable[bytes], name: str,
                expected: str | None = None) -> Staged:
    """Write `data` into an exclusive 0600 temp file in the folder, fsynced; its hash
    must be `expected` when given (InputError otherwise, and nothing is left behind)."""
    temp = _temp_name()
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o600, dir_fd=dir_fd)
    digest = hashlib.sha256()
    size = 0
    try:
        try:
            os.fchmod(fd, 0o600)
            for chunk in ([data] if isinstance(data, (bytes, bytearray, memoryview)) else data):
                digest.update(chunk)
                size += len(chunk)
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        sha = digest.hexdigest()
        if expected is not None and sha != expected:
            raise InputError(_("the content of {name} does not match its hash").format(
                name=_shown(name)))
    except BaseException:
        _unlink(dir_fd, temp)
        raise
    return Staged(temp, sha, size, name)


def _stage_source(dir_fd: int, source: _Source, limit: int) -> Staged:
    def chunks() -> Iterator[bytes]:
        read = 0
        while True:
            chunk = os.read(source.fd, CHUNK)
            if not chunk:
                return
            read += len(chunk)
            if read > limit:  # it grew while being copied
                raise _too_large(_shown(str(source.path)), read, limit)
            yield chunk

    try:
        return stage_bytes(dir_fd, chunks(), source.name)
    except OSError as error:
        if isinstance(error, (IsADirectoryError,)):
            raise
        raise _refused(_("cannot copy {path}: {reason}").format(
            path=_shown(str(source.path)), reason=error.strerror or error)) from None


def _unlink(dir_fd: int, name: str) -> None:
    try:
        os.unlink(name, dir_fd=dir_fd)
    except OSError:
        pass


def place(dir_fd: int, staged: Iterable[Staged], created: list[str] | None = None) -> list[str]:
    """Rename each staged copy to its hash (call under the record's lock); the hashes
    whose name was free before (to remove again if the transaction fails), also
    appended to `created` as they are made, so a failure half way loses none.

    A rename replaces whatever has the name, a planted link included, and never
    follows it; the content placed is the content just hashed."""
    created = [] if created is None else created
    for item in staged:
        before = _stat_blob(dir_fd, item.sha256)
        if before is not None and stat.S_ISDIR(before.st_mode):
            raise UnsafeEvidence(_("{path} is a folder, not a stored copy; move it aside").format(
                path=item.sha256))
        os.rename(item.temp, item.sha256, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        item.temp = ""
        if before is None:
            created.append(item.sha256)
    os.fsync(dir_fd)
    return created


def remove_stale(dir_fd: int, older_than: float = STALE_SECONDS) -> None:
    """Best effort: temp files of copies killed half way (SIGKILL, a power cut), by
    name, owner and age; never anything else, never through a link."""
    import time

    cutoff = time.time() - older_than
    try:
        names = os.listdir(dir_fd)
    except OSError:
        return
    for name in names:
        if not _TEMP.fullmatch(name):
            continue
        st = _stat_blob(dir_fd, name)
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() \
                and st.st_mtime < cutoff:
            _unlink(dir_fd, name)


def discard(dir_fd: int, staged: Iterable[Staged]) -> None:
    for item in staged:
        if item.temp:
            _unlink(dir_fd, item.temp)
            item.temp = ""


def _resolve(entries: list[Any], prefix: str) -> Any:
    from alnco.store.record import resolve_prefix

    return resolve_prefix(entries, prefix)


def add_files(ctx: Any, entry_prefix: str, paths: list[Path]) -> list[EvidenceFile]:
    """Attach copies of `paths` to the entry; the files attached (a file whose content
    the entry already has is not attached twice). All or none: InputError (with
    app_message) for a missing, too large, unreadable or non-regular file."""
    from alnco.model import timestamp

    if not paths:
        raise InputError(_("give at least one file to attach"))
    record = ctx.record
    with record.transaction() as tx:  # checks the record and its folder; migrates, backs up
        entry = tx.find(entry_prefix)
    limit = max_file_bytes(ctx)
    sources: list[_Source] = []
    staged: list[Staged] = []
    try:
        for path in paths:
            sources.append(_open_source(Path(path), limit))
        with open_folder(record.path, create=True) as dir_fd:
            assert dir_fd is not None
            remove_stale(dir_fd)
            try:
                for source in sources:
                    staged.append(_stage_source(dir_fd, source, limit))
                for source in sources:
                    os.close(source.fd)
                sources.clear()
                added = _record_staged(ctx, entry.id, staged, dir_fd, timestamp())
            finally:
                discard(dir_fd, staged)
    finally:
        for source in sources:
            os.close(source.fd)
    return added


def _record_staged(ctx: Any, entry_id: str, staged: list[Staged], dir_fd: int,
                   now: str) -> list[EvidenceFile]:
    """Place the staged copies and record their documents in one transaction."""
    record = ctx.record
    created: list[str] = []
    try:
        with record.transaction() as tx:
            entry = tx.get(entry_id)
            if entry is None:
                raise UnknownEntry(_("entry {id} was removed in another session; nothing was "
                                     "attached").format(id=entry_id[:8]))
            table = tx.table(TABLE)
            held = {doc.get("sha256") for doc in table.all() if doc.get("entry_id") == entry_id}
            fresh: list[EvidenceFile] = []
            wanted: list[Staged] = []
            for item in staged:
                if item.sha256 in held:
                    continue
                held.add(item.sha256)
                wanted.append(item)
                fresh.append(EvidenceFile(entry_id, item.sha256, item.name, item.size, now))
            place(dir_fd, wanted, created)
            if fresh:
                table.insert_multiple(ef.to_dict() for ef in fresh)
    except BaseException as error:
        if created:
            forget(record, created)
        if isinstance(error, OSError):  # a full disk or quota while placing or saving
            raise _refused(_("cannot copy {path}: {reason}").format(
                path=evidence_folder(record.path), reason=error.strerror or error)) from None
        raise
    return fresh


# ------------------------------------------------------------------ removing


def match(files: list[EvidenceFile], name_or_hash: str) -> EvidenceFile:
    """The one file named `name_or_hash`, or whose hash starts with it (6+ hex digits)."""
    wanted = name_or_hash.strip()
    named = [ef for ef in files if ef.name == wanted]
    if not named and len(wanted) >= MIN_HASH_PREFIX and re.fullmatch(r"[0-9a-fA-F]+", wanted):
        named = [ef for ef in files if ef.sha256.startswith(wanted.lower())]
    if len(named) == 1:
        return named[0]
    if not named:
        text = _("this entry has no file named '{name}' (see 'alnco evidence list')").format(
            name=_shown(wanted))
        return _raise(text, _("this entry has no file named '{name}'").format(
            name=_shown(wanted)))
    hashes = ", ".join(ef.sha256[:12] for ef in named[:5])
    from alnco.numerals import count

    text = _("'{name}' matches {files} ({hashes}); give more of the hash").format(
        name=_shown(wanted), files=count(len(named), "file"), hashes=hashes)
    return _raise(text, text)


def _raise(text: str, app: str) -> Any:
    raise InputError(text, app_message=app)


def remove_file(ctx: Any, entry_prefix: str, name_or_hash: str) -> EvidenceFile:
    """Detach one file from the entry; its stored copy goes if no other entry uses it."""
    record = ctx.record
    with record.transaction() as tx:
        entry = tx.find(entry_prefix)
        table = tx.table(TABLE)
        mine = {doc.doc_id: doc for doc in table.all() if doc.get("entry_id") == entry.id}
        files = []
        for doc_id, doc in mine.items():
            try:
                files.append((doc_id, EvidenceFile.from_dict(dict(doc))))
            except ValueError:
                continue
        gone = match([ef for _id, ef in files], name_or_hash)
        table.remove(doc_ids=[doc_id for doc_id, ef in files if ef.sha256 == gone.sha256])
    forget(record, [gone.sha256])
    return gone


def drop_entry(tx: Any, entry_id: str) -> list[str]:
    """In a transaction: remove the entry's evidence documents; their hashes (give them
    to `forget` once the transaction is saved)."""
    table = tx.table(TABLE)
    docs = [doc for doc in table.all() if doc.get("entry_id") == entry_id]
    if docs:
        table.remove(doc_ids=[doc.doc_id for doc in docs])
    return sorted({str(doc.get("sha256")) for doc in docs
                   if _HEX64.fullmatch(str(doc.get("sha256")))})


def forget(record: Any, hashes: Iterable[str]) -> list[str]:
    """Remove the stored copies among `hashes` that no document uses, under the lock
    (so a file attached meanwhile by another session is never taken). Best effort:
    the hashes removed; a copy that cannot be removed is left for doctor to list."""
    wanted = sorted({h for h in hashes if _HEX64.fullmatch(h)})
    if not wanted:
        return []
    removed = []
    try:
        with record.transaction() as tx:
            used = {doc.get("sha256") for doc in tx.table(TABLE).all()}
            with open_folder(record.path, create=False) as dir_fd:
                if dir_fd is None:
                    return []
                for sha in wanted:
                    if sha in used:
                        continue
                    st = _stat_blob(dir_fd, sha)
                    if st is None or stat.S_ISDIR(st.st_mode):
                        continue
                    try:
                        os.unlink(sha, dir_fd=dir_fd)  # a link is removed, never followed
                        removed.append(sha)
                    except OSError:
                        continue
    except (RecordError, OSError):
        return removed
    return removed


def let_go(record: Any, entry_ids: Iterable[str]) -> list[str]:
    """The app's removals, once ctrl+z can no longer bring them back (the session
    ends): for each entry still removed, its evidence documents, then the stored
    copies no other entry uses. Best effort (the hashes removed): what is left is
    listed by `alnco doctor`. An entry another session put back keeps its files."""
    wanted = set(entry_ids)
    if not wanted:
        return []
    try:
        with record.transaction() as tx:
            present = {entry.id for entry in tx.entries()}
            hashes = [sha for entry_id in sorted(wanted - present)
                      for sha in drop_entry(tx, entry_id)]
    except (RecordError, OSError):
        return []
    return forget(record, hashes)


def tidy(record: Any) -> list[str]:
    """Remove evidence documents whose entry no longer exists (an entry removed by a
    session that kept them for its undo), then the copies no document uses; the
    hashes of the copies removed. For the app to call once an undo is no longer
    possible (on leaving, say)."""
    with record.transaction() as tx:
        ids = {entry.id for entry in tx.entries()}
        table = tx.table(TABLE)
        stale = [doc for doc in table.all() if doc.get("entry_id") not in ids]
        if stale:
            table.remove(doc_ids=[doc.doc_id for doc in stale])
        used = {doc.get("sha256") for doc in table.all()}
        held = []
        with open_folder(record.path, create=False) as dir_fd:
            if dir_fd is not None:
                held = [name for name in os.listdir(dir_fd) if _HEX64.fullmatch(name)]
    return forget(record, [sha for sha in held if sha not in used])


# ------------------------------------------------------------------ checking


def verify(record_path: Path, snapshot: Any) -> list[EvidenceProblem]:
    """Everything wrong with the stored evidence: copies missing, altered, unsafe (a
    link, not ours, open to others), files nobody attached, documents that cannot be
    read or whose entry is gone. Reads only; changes nothing."""
    record_path = Path(record_path)
    folder = evidence_folder(record_path)
    problems: list[EvidenceProblem] = []
    raw = (getattr(snapshot, "extra", None) or {}).get(TABLE, {})
    files: list[EvidenceFile] = []
    for key, doc in raw.items():
        try:
            files.append(EvidenceFile.from_dict(doc))
        except ValueError as error:
            problems.append(EvidenceProblem(DAMAGED, str(record_path), _(
                "evidence document {key} in the record cannot be read ({reason})").format(
                key=key, reason=error)))
    ids = {entry.id for entry in getattr(snapshot, "entries", ())}
    for ef in files:
        if ef.entry_id not in ids:
            problems.append(EvidenceProblem(ORPHAN, str(record_path), _(
                "{name} is listed for entry {id}, which no longer exists").format(
                name=_shown(ef.name), id=ef.entry_id[:8]), ef.sha256))
    by_hash: dict[str, EvidenceFile] = {}
    for ef in files:
        by_hash.setdefault(ef.sha256, ef)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        for sha, ef in sorted(by_hash.items()):
            problems.append(EvidenceProblem(MISSING, str(folder / sha), _missing(
                folder / sha, ef).args[0], sha))
        return problems
    except OSError as error:
        return problems + [EvidenceProblem(FOLDER, str(folder), _(
            "cannot check {folder}: {reason}").format(folder=folder,
                                                     reason=error.strerror or error))]
    try:
        check_folder_stat(folder, st)
    except UnsafeEvidence as error:
        return problems + [EvidenceProblem(FOLDER, str(folder), str(error))]
    try:
        with open_folder(record_path, create=False) as dir_fd:
            if dir_fd is None:  # pragma: no cover - removed between lstat and open
                return problems
            names = set(os.listdir(dir_fd))
            for sha, ef in sorted(by_hash.items()):
                problems.extend(_check_blob(dir_fd, folder / sha, ef, sha in names))
            for name in sorted(names - set(by_hash)):
                problems.append(_unexpected(folder / name, name))
    except UnsafeEvidence as error:
        problems.append(EvidenceProblem(FOLDER, str(folder), str(error)))
    except OSError as error:
        problems.append(EvidenceProblem(FOLDER, str(folder), _(
            "cannot check {folder}: {reason}").format(folder=folder,
                                                     reason=error.strerror or error)))
    return problems


def _check_blob(dir_fd: int, path: Path, ef: EvidenceFile, listed: bool) -> list[EvidenceProblem]:
    st = _stat_blob(dir_fd, ef.sha256) if listed else None
    if st is None:
        return [EvidenceProblem(MISSING, str(path), _missing(path, ef).args[0], ef.sha256)]
    problem = _blob_problem(path, st)
    if problem and (stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode)):
        return [EvidenceProblem(UNSAFE, str(path), problem, ef.sha256)]
    found = [EvidenceProblem(UNSAFE, str(path), problem, ef.sha256)] if problem else []
    try:
        fd = os.open(ef.sha256, _READ_FLAGS, dir_fd=dir_fd)
    except OSError as error:
        return found + [EvidenceProblem(UNSAFE, str(path), _("cannot read {path}: {reason}")
                                        .format(path=path, reason=error.strerror or error),
                                        ef.sha256)]
    try:
        sha, size = _hash_fd(fd)
    finally:
        os.close(fd)
    if sha != ef.sha256 or size != ef.size:
        found.append(EvidenceProblem(ALTERED, str(path), _altered(path, ef), ef.sha256))
    return found


def _unexpected(path: Path, name: str) -> EvidenceProblem:
    if _TEMP.fullmatch(name):
        detail = _("{path} is left from an interrupted copy; it can be deleted").format(
            path=path)
    elif _HEX64.fullmatch(name):
        detail = _("{path} is not attached to any entry; it can be deleted").format(path=path)
    else:
        detail = _("{path} was not put there by alnco; move it elsewhere").format(path=path)
    return EvidenceProblem(UNEXPECTED, str(path), detail, name if _HEX64.fullmatch(name) else "")
