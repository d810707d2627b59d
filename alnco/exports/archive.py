"""The archive: the whole record in one zip, evidence files included (data portability).

`alnco export --format archive -o FILE.zip` writes two kinds of member and
nothing else: `alnco-export.json` (the lossless JSON export) and
`evidence/<sha256>` (each stored copy, read through alnco.evidence's checks and
hashed again on the way in). The file is created 0600 and follows the same
rules as every export (alnco.exports.writing): a link is never written
through, an existing file is replaced only with --force, and a failed export
leaves no half file.

`alnco import FILE.zip` trusts nothing in the zip (stdlib zipfile). Before a
single byte is written it refuses: a member named anything but those two forms
(so no absolute path, `..`, backslash or folder can ever matter, and a member
name is never used as a path anyway), a symbolic link or other special entry,
an encrypted member, a duplicate, a member over the size caps or expanding
more than MAX_RATIO times (a zip bomb), evidence that no document lists or a
listed file the archive lacks. Each evidence member is hashed as it is copied
into an exclusive temp file in the evidence folder; one hash that does not
match its name, and every copy made so far is deleted. The copies are renamed
into place in the same transaction that merges the JSON (alnco.exports.importer),
so a refused archive, a crash or another session's save leaves nothing half done.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from alnco import evidence
from alnco.errors import InputError, UsageError
from alnco.i18n import _

JSON_NAME = "alnco-export.json"
EVIDENCE_PREFIX = "evidence/"
_MEMBER = re.compile(r"evidence/([0-9a-f]{64})")
MB = 1024 * 1024
MAX_JSON_BYTES = 256 * MB
MAX_FILE_BYTES = 1000 * MB  # the largest [evidence] max_file_mb allows
MAX_TOTAL_BYTES = 8 * 1024 * MB
MAX_MEMBERS = 100_000
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = MB
MODE = 0o600
SNIFF = 65536  # bytes compressed to decide whether a file is worth deflating


# ---------------------------------------------------------------------- export


def export_archive(ctx: Any, data: Any, target: str | None, *, force: bool) -> Path | None:
    """Write the archive of `data` (an ExportData) to `target` ('-'/None: standard
    output, never a terminal); the path written, or None for standard output."""
    from alnco.exports.document import render_json

    record_path = Path(ctx.record_path)
    files = _distinct(data.evidence_files)
    json_bytes = render_json(data)
    moment = _zip_time(data.exported_at)
    stdout = ctx.stdout
    if target in (None, "-"):
        if _is_tty(stdout):
            raise UsageError(_("an archive cannot be shown in a terminal; give -o FILE.zip"))
        buffer = getattr(stdout, "buffer", None)
        if buffer is None:
            raise UsageError(_("an archive cannot be shown in a terminal; give -o FILE.zip"))
        stdout.flush()
        _write_zip(buffer, record_path, json_bytes, files, moment)
        buffer.flush()
        return None
    path = Path(target).expanduser()
    with _output(path, force=force) as handle:
        _write_zip(handle, record_path, json_bytes, files, moment)
    return path


def _distinct(docs: list[dict[str, Any]]) -> list[Any]:
    seen: dict[str, Any] = {}
    for doc in docs:
        ef = evidence.EvidenceFile.from_dict(doc)
        seen.setdefault(ef.sha256, ef)
    return [seen[sha] for sha in sorted(seen)]


def _zip_time(moment: Any) -> tuple[int, int, int, int, int, int]:
    stamp = moment.timetuple()[:6] if moment is not None else (1980, 1, 1, 0, 0, 0)
    return stamp if stamp[0] >= 1980 else (1980, 1, 1, 0, 0, 0)  # type: ignore[return-value]


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _write_zip(handle: BinaryIO, record_path: Path, json_bytes: bytes, files: list[Any],
               moment: tuple[int, int, int, int, int, int]) -> None:
    with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
        info = _info(JSON_NAME, moment, zipfile.ZIP_DEFLATED)
        archive.writestr(info, json_bytes, compresslevel=6)
        if not files:
            return
        with evidence.open_folder(record_path, create=False) as dir_fd:
            for ef in files:
                path = evidence.stored_path(record_path, ef)
                if dir_fd is None:
                    raise evidence._missing(path, ef)
                _add_blob(archive, dir_fd, path, ef, moment)


def _info(name: str, moment: tuple[int, int, int, int, int, int], method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment)
    info.compress_type = method
    info.external_attr = (stat.S_IFREG | MODE) << 16
    info.create_system = 3  # Unix: the mode above means what it says
    return info


def _add_blob(archive: zipfile.ZipFile, dir_fd: int, path: Path, ef: Any,
              moment: tuple[int, int, int, int, int, int]) -> None:
    """One stored copy into the archive, hashed on the way: deflated only if it
    shrinks (PDFs and photos are compressed already: storing them is much faster)."""
    import hashlib

    fd = evidence.open_blob(dir_fd, path, ef)
    with os.fdopen(fd, "rb") as source:
        head = source.read(SNIFF)
        method = zipfile.ZIP_DEFLATED if len(zlib.compress(head, 1)) < len(head) * 0.9 \
            else zipfile.ZIP_STORED
        info = _info(EVIDENCE_PREFIX + ef.sha256, moment, method)
        digest = hashlib.sha256()
        with archive.open(info, "w", force_zip64=True) as out:
            chunk = head
            while chunk:
                digest.update(chunk)
                out.write(chunk)
                chunk = source.read(evidence.CHUNK)
    if digest.hexdigest() != ef.sha256:
        raise evidence.altered(path, ef)


class _output:
    """The destination, created or replaced as alnco.exports.writing does (O_EXCL and
    O_NOFOLLOW; --force: a temp file renamed over it), removed again on failure."""

    def __init__(self, path: Path, *, force: bool):
        self.path = path
        self.force = force
        self.temp: str | None = None
        self.handle: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        from alnco.exports import writing

        path = self.path
        writing._folder_must_exist(path)
        try:
            if self.force:
                try:
                    info = os.lstat(path)
                except FileNotFoundError:
                    info = None
                if info is not None and stat.S_ISLNK(info.st_mode):
                    raise writing.symlink_error(path)
                if info is not None and not stat.S_ISREG(info.st_mode):
                    raise writing.not_regular_error(path)
                fd, self.temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                                 dir=path.parent)
            else:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
                try:
                    fd = os.open(path, flags, MODE)
                except FileExistsError:
                    if path.is_symlink():
                        raise writing.symlink_error(path) from None
                    raise writing.exists_error(path) from None
            os.fchmod(fd, MODE)
        except OSError as error:
            raise InputError(writing._cannot_write(path, error)) from None
        self.handle = os.fdopen(fd, "w+b")
        return self.handle

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        from alnco.exports import writing

        assert self.handle is not None
        written = self.temp or str(self.path)
        try:
            if kind is None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
            self.handle.close()
            if kind is None and self.temp:
                os.replace(self.temp, self.path)
                self.temp = None
        except OSError as failure:
            _remove(written)
            raise InputError(writing._cannot_write(self.path, failure)) from None
        if kind is not None:
            _remove(written)
            if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):
                raise InputError(writing._cannot_write(self.path, error)) from None


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


# ---------------------------------------------------------------------- import


def is_archive(path: Path) -> bool:
    """Whether the file starts as a zip does (what `alnco import` then reads it as)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.read(fd, 4) in (b"PK\x03\x04", b"PK\x05\x06")
    finally:
        os.close(fd)


@dataclass
class Result:
    """What an archive import did (or, in a dry run, would do), beyond the JSON merge."""

    plan: Any
    files: int = 0  # evidence files in the archive, every hash checked
    placed: int = 0  # stored copies put in place (new, or repairing a missing one)
    names: list[str] = field(default_factory=list)


def _refuse(source: str, reason: str) -> InputError:
    return InputError(_("{path} was not imported, nothing was changed: {reason}").format(
        path=source, reason=reason))


def _shown(name: str) -> str:
    from alnco.output import safe_text

    text = safe_text(name, single_line=True)
    return text if len(text) <= 90 else text[:87] + "..."


def check_members(archive: zipfile.ZipFile, source: str) -> tuple[zipfile.ZipInfo,
                                                                    dict[str, zipfile.ZipInfo]]:
    """The JSON member and the evidence members by hash, or InputError naming the first
    member that is not allowed. Reads nothing but the zip's directory."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(source, _("it holds more than {n} members").format(n=MAX_MEMBERS))
    found_json: zipfile.ZipInfo | None = None
    blobs: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
        if kind and kind != stat.S_IFREG:
            what = _("a symbolic link") if kind == stat.S_IFLNK else _("not a regular file")
            raise _refuse(source, _("the member {name} is {what}").format(
                name=_shown(name), what=what))
        blob = _MEMBER.fullmatch(name)
        if name != JSON_NAME and blob is None:
            raise _refuse(source, _("it holds {name}; an alnco archive holds only {json} and "
                                    "evidence/<sha256>").format(name=_shown(name),
                                                                json=JSON_NAME))
        if info.flag_bits & 0x1:
            raise _refuse(source, _("the member {name} is encrypted").format(name=_shown(name)))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(source, _("the member {name} is compressed in a way alnco does not "
                                    "read").format(name=_shown(name)))
        limit = MAX_JSON_BYTES if blob is None else MAX_FILE_BYTES
        if info.file_size > limit:
            raise _refuse(source, _("the member {name} would be {size} MB, more than alnco "
                                    "accepts ({limit} MB)").format(
                name=_shown(name), size=info.file_size // MB, limit=limit // MB))
        if info.file_size > RATIO_FLOOR and \
                info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(source, _("the member {name} expands {ratio} times (a zip bomb?)")
                          .format(name=_shown(name),
                                  ratio=info.file_size // max(info.compress_size, 1)))
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(source, _("its contents would be more than {limit} MB").format(
                limit=MAX_TOTAL_BYTES // MB))
        if blob is None:
            if found_json is not None:
                raise _refuse(source, _("it holds {name} twice").format(name=JSON_NAME))
            found_json = info
        else:
            if blob.group(1) in blobs:
                raise _refuse(source, _("it holds {name} twice").format(name=_shown(name)))
            blobs[blob.group(1)] = info
    if found_json is None:
        raise _refuse(source, _("it holds no {name}; make an archive with: alnco export "
                                "--format archive -o FILE.zip").format(name=JSON_NAME))
    return found_json, blobs


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks, never more than its declared size (zipfile checks
    the CRC at the end; a member that grows past its size is refused)."""
    read = 0
    with archive.open(info) as member:
        while True:
            chunk = member.read(evidence.CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > info.file_size:
                raise zipfile.BadZipFile("member larger than declared")
            yield chunk
    if read != info.file_size:
        raise zipfile.BadZipFile("member shorter than declared")


@dataclass
class _Opened:
    archive: zipfile.ZipFile
    document: Any
    blobs: dict[str, zipfile.ZipInfo]
    sizes: dict[str, int]  # sha256 -> size the documents give


def _open(path: Path, source: str, handle: BinaryIO) -> _Opened:
    from alnco.exports.document import parse_bytes

    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError,
            NotImplementedError, EOFError) as error:
        raise _refuse(source, _("it is not a readable zip file ({reason})").format(
            reason=error)) from None
    try:
        json_info, blobs = check_members(archive, source)
        raw = b"".join(_read_member(archive, json_info))
        document = parse_bytes(raw, f"{source}:{JSON_NAME}")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError,
            RuntimeError, zlib.error) as error:
        archive.close()
        raise _refuse(source, _("{name} cannot be read ({reason})").format(
            name=JSON_NAME, reason=error)) from None
    except BaseException:
        archive.close()
        raise
    sizes: dict[str, int] = {}
    section = document.evidence_files
    for doc in section if type(section) is list else ():
        try:
            ef = evidence.EvidenceFile.from_dict(doc)
        except ValueError:
            continue  # the import's own check names it
        if sizes.setdefault(ef.sha256, ef.size) != ef.size:
            archive.close()
            raise _refuse(source, _("the documents give two sizes for {name}").format(
                name=EVIDENCE_PREFIX + ef.sha256))
    for sha in sorted(set(blobs) - set(sizes)):
        archive.close()
        raise _refuse(source, _("it holds {name}, which no entry lists").format(
            name=EVIDENCE_PREFIX + sha))
    for sha, size in sorted(sizes.items()):
        info = blobs.get(sha)
        if info is None:
            archive.close()
            raise _refuse(source, _("it lists the evidence file {name} but does not hold "
                                    "it").format(name=EVIDENCE_PREFIX + sha))
        if info.file_size != size:
            archive.close()
            raise _refuse(source, _("{name} is {found} bytes; its document says {size}").format(
                name=EVIDENCE_PREFIX + sha, found=info.file_size, size=size))
    return _Opened(archive, document, blobs, sizes)


def _open_file(path: Path, source: str) -> BinaryIO:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise InputError(_("cannot read {path}: {reason}").format(
            path=source, reason=error.strerror or error)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(_("{path} is not a regular file").format(path=source))
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _mismatch(source: str, sha: str) -> InputError:
    return _refuse(source, _("the content of {name} does not match its hash").format(
        name=EVIDENCE_PREFIX + sha))


def import_archive(ctx: Any, path: Path, *, dry_run: bool) -> Result:
    """Check the whole archive, then merge its JSON and put its evidence files in place,
    in one transaction; in a dry run, check everything and change nothing."""
    import hashlib

    from alnco.exports.importer import apply, plan_merge

    source = str(path)
    with _open_file(path, source) as handle:
        opened = _open(path, source, handle)
        with opened.archive as archive:
            if dry_run:
                for sha, info in sorted(opened.blobs.items()):
                    digest = hashlib.sha256()
                    try:
                        for chunk in _read_member(archive, info):
                            digest.update(chunk)
                    except (zipfile.BadZipFile, OSError, zlib.error, EOFError) as error:
                        raise _refuse(source, _("{name} cannot be read ({reason})").format(
                            name=info.filename, reason=error)) from None
                    if digest.hexdigest() != sha:
                        raise _mismatch(source, sha)
                snapshot = ctx.record.read()
                plan = plan_merge(snapshot.profile, snapshot.entries, opened.document,
                                  snapshot.extra)
                return Result(plan, files=len(opened.blobs),
                              placed=_would_place(ctx, snapshot, plan, opened.blobs))
            if not opened.blobs:
                return Result(apply(ctx.record, opened.document))
            return _import_with_files(ctx, source, archive, opened)


def _would_place(ctx: Any, snapshot: Any, plan: Any, blobs: dict[str, Any]) -> int:
    """How many stored copies an import would put in place (new or missing here)."""
    used = {ef.sha256 for ef in evidence.documents(snapshot)}
    used |= {doc["sha256"] for doc in plan.evidence_files}
    folder = evidence.evidence_folder(ctx.record_path)
    return sum(1 for sha in blobs if sha in used and not (folder / sha).is_file())


def _import_with_files(ctx: Any, source: str, archive: zipfile.ZipFile,
                       opened: _Opened) -> Result:
    from alnco.exports.importer import apply

    record = ctx.record
    record._prepare_folder()  # as a save would: the folder checked (and made, if the default)
    folder = evidence.evidence_folder(record.path)
    need = sum(info.file_size for info in opened.blobs.values())
    try:
        room = os.statvfs(record.path.parent)
        free = room.f_bavail * room.f_frsize
    except OSError:
        free = need
    if need > free:
        raise InputError(_("not enough room in {folder}: the evidence files need {need} MB and "
                           "{free} MB is free; nothing was imported").format(
            folder=record.path.parent, need=-(-need // MB), free=free // MB))
    made = not os.path.lexists(folder)
    staged: list[evidence.Staged] = []
    created: list[str] = []
    result = Result(plan=None, files=len(opened.blobs))
    try:
        with evidence.open_folder(record.path, create=True) as dir_fd:
            assert dir_fd is not None
            try:
                for sha, info in sorted(opened.blobs.items()):
                    try:
                        staged.append(evidence.stage_bytes(
                            dir_fd, _read_member(archive, info), sha, expected=sha))
                    except InputError:
                        raise _mismatch(source, sha) from None
                    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                        raise _refuse(source, _("{name} cannot be read ({reason})").format(
                            name=info.filename, reason=error)) from None
                    except OSError as error:
                        raise InputError(_("cannot copy the evidence files into {folder}: "
                                           "{reason}; nothing was imported").format(
                            folder=folder, reason=error.strerror or error)) from None

                def put_in_place(tx: Any, plan: Any) -> None:
                    used = {doc.get("sha256") for doc in tx.table(evidence.TABLE).all()}
                    wanted = [item for item in staged if item.sha256 in used]
                    present = {item.sha256 for item in wanted
                               if _sound_copy(dir_fd, item.sha256)}
                    evidence.place(dir_fd, wanted, created)
                    result.placed = len(wanted) - len(present)

                result.plan = apply(record, opened.document, with_plan=put_in_place)
            finally:
                evidence.discard(dir_fd, staged)
    except BaseException as error:
        if created:
            evidence.forget(record, created)
        if made:
            try:
                os.rmdir(folder)  # only if still empty: nothing of the archive is left
            except OSError:
                pass
        if isinstance(error, OSError):  # a full disk or quota while placing or saving
            raise InputError(_("cannot copy the evidence files into {folder}: {reason}; "
                               "nothing was imported").format(
                folder=folder, reason=error.strerror or error)) from None
        raise
    return result


def _sound_copy(dir_fd: int, sha: str) -> bool:
    """A regular file of ours already holds this hash's name (not a repair)."""
    try:
        st = os.stat(sha, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()
