"""Drafts: what a form held when it was left unsaved, kept until it is saved,
discarded, or offered back at the next start.

They live in `<record stem>.drafts/` beside the record (folder 0700, files
0600), one file per form kind and entry: `entry-new.json` (learning not yet
saved), `entry-<entry id>.json` (an edit), `declaration.json`, `profile.json`.

A draft holds what was typed, so on a shared server its folder is treated like
the backups folder: it is used only if it is a real folder (never a symlink)
owned by this user, and every operation inside it goes through one descriptor
opened with O_NOFOLLOW, so the folder cannot be swapped between the check and
the write. A draft is written to a temp file (O_CREAT | O_EXCL | O_NOFOLLOW,
0600), fsynced and renamed over its name: a symlink planted at that name is
replaced, never written through, and a kill never leaves half a draft. Reading
skips anything that is not a regular file of this user's, too big, or not a
draft.

Plain Python (no Textual), so the app, the tests and any later command share it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from alnco.errors import RecordError
from alnco.i18n import _
from alnco.store.backups import write_in_folder

KINDS = ("entry", "declaration", "profile")
FORMAT = 1  # the "alnco_draft" value; a newer one is left alone
MAX_BYTES = 16_000_000  # a form holds far less; anything bigger is not a draft of ours
STALE_TEMP_SECONDS = 60.0

_NAME = re.compile(r"(?P<kind>entry|declaration|profile)(?:-(?P<key>[A-Za-z0-9][A-Za-z0-9_-]*))?"
                   r"\.json")
_SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
_TEMP = re.compile(r"\.(entry|declaration|profile)[A-Za-z0-9_-]*\.json\.[a-z0-9_]{8}\.tmp")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class DraftError(RecordError):
    """The drafts folder cannot be used; the message says why (and how to fix it)."""


@dataclass(frozen=True)
class Draft:
    kind: str  # one of KINDS
    key: str  # the entry id, "new", or "" for the kinds that have one form
    fields: dict[str, Any] = field(default_factory=dict)
    saved_at: datetime = field(default_factory=lambda: datetime.now().astimezone())


def drafts_dir(record: Path) -> Path:
    return record.with_name(record.stem + ".drafts")


def file_name(kind: str, key: str = "") -> str:
    """`entry-new.json`, `entry-<id>.json`, `profile.json`; a key that is not a plain
    id (letters, digits, - and _) is named by its hash (the file keeps the key itself)."""
    if kind not in KINDS:
        raise ValueError(f"not a draft kind: {kind!r}")
    if not key:
        return f"{kind}.json"
    if not _SAFE_KEY.fullmatch(key):
        import hashlib  # rare (keys are entry ids): not among the app's start-up imports

        key = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{kind}-{key}.json"


def _plain(value: Any) -> bool:
    """What a form's field can hold: text, nothing, or a list of texts (ticked tasks)."""
    if value is None or isinstance(value, (str, bool)):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


class Drafts:
    """The drafts of one record. Methods raise DraftError (or OSError) when the
    folder cannot be used; `load()` never raises for a bad draft, it skips it."""

    def __init__(self, record: Path) -> None:
        self.record = Path(record)
        self.folder = drafts_dir(self.record)

    # -------------------------------------------------------------- the folder
    def _refuse(self, why: str) -> DraftError:
        folder = self.folder
        messages = {
            "link": _("{folder} is a symbolic link, which alnco will not follow; remove it "
                      "(rm {folder}) and alnco will make a private drafts folder there"),
            "owner": _("{folder} belongs to another user; move it aside (mv {folder} "
                       "{folder}.old) and alnco will make a private drafts folder there"),
            "kind": _("{folder} is not a folder; move it aside (mv {folder} {folder}.old) and "
                      "alnco will make a private drafts folder there"),
        }
        return DraftError(messages[why].format(folder=folder))

    def _open_folder(self, *, create: bool) -> int | None:
        """The folder's descriptor after every check (None if it is not there and
        `create` is false). A folder of ours left open to others is made private."""
        try:
            try:
                fd = os.open(self.folder, _DIR_FLAGS)
            except FileNotFoundError:
                if not create:
                    return None
                try:
                    os.mkdir(self.folder, 0o700)  # mkdir never follows a symlink in its place
                except FileExistsError:
                    pass
                fd = os.open(self.folder, _DIR_FLAGS)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR):  # which one: Linux says ENOTDIR
                try:                                          # for a symlink with O_DIRECTORY
                    link = stat.S_ISLNK(os.lstat(self.folder).st_mode)
                except OSError:
                    link = False
                raise self._refuse("link" if link else "kind") from None
            raise DraftError(_("cannot use {folder}: {reason}").format(
                folder=self.folder, reason=error.strerror or error)) from None
        try:
            st = os.fstat(fd)
            if st.st_uid != os.geteuid():
                raise self._refuse("owner")
            if stat.S_IMODE(st.st_mode) != 0o700:
                os.fchmod(fd, 0o700)
        except BaseException:
            os.close(fd)
            raise
        return fd

    # -------------------------------------------------------------- writing
    def save(self, kind: str, key: str, fields: Mapping[str, Any]) -> Path:
        """Write (or replace) the draft of form `kind` for `key`; returns its path."""
        name = file_name(kind, key)
        fields = dict(fields)
        if not all(isinstance(k, str) and _plain(v) for k, v in fields.items()):
            raise ValueError("a draft holds only text, true/false, or lists of text")
        payload = {"alnco_draft": FORMAT, "kind": kind, "key": key,
                   "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                   "fields": fields}
        data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8", "surrogatepass")
        dir_fd = self._open_folder(create=True)
        assert dir_fd is not None
        try:
            write_in_folder(dir_fd, name, data)  # never through a symlink at `name`
        finally:
            os.close(dir_fd)
        return self.folder / name

    def remove(self, kind: str, key: str = "") -> None:
        """Forget the draft of `kind` for `key` (nothing happens if there is none)."""
        try:
            dir_fd = self._open_folder(create=False)
        except DraftError:
            return
        if dir_fd is None:
            return
        try:
            os.unlink(file_name(kind, key), dir_fd=dir_fd)  # a symlink: the link goes
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            pass
        finally:
            os.close(dir_fd)

    # -------------------------------------------------------------- reading
    def load(self) -> list[Draft]:
        """Every usable draft, newest first. Leftover temp files of a killed save
        (older than a minute) are removed on the way."""
        dir_fd = self._open_folder(create=False)
        if dir_fd is None:
            return []
        found: list[Draft] = []
        try:
            for name in os.listdir(dir_fd):
                if _TEMP.fullmatch(name):
                    self._remove_stale_temp(dir_fd, name)
                    continue
                draft = self._read(dir_fd, name)
                if draft is not None:
                    found.append(draft)
        finally:
            os.close(dir_fd)
        found.sort(key=lambda d: d.saved_at, reverse=True)
        return found

    def _read(self, dir_fd: int, name: str) -> Draft | None:
        match = _NAME.fullmatch(name)
        if match is None:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                         dir_fd=dir_fd)
        except OSError:
            return None  # a symlink (ELOOP), gone, or unreadable
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() \
                    or st.st_size > MAX_BYTES:
                return None
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        except OSError:
            return None
        finally:
            os.close(fd)
        try:
            payload = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(payload, dict) or payload.get("alnco_draft") != FORMAT:
            return None
        kind, key, fields = payload.get("kind"), payload.get("key"), payload.get("fields")
        if kind != match["kind"] or not isinstance(key, str) or file_name(kind, key) != name:
            return None
        if not isinstance(fields, dict) or not all(
                isinstance(k, str) and _plain(v) for k, v in fields.items()):
            return None
        try:
            saved_at = datetime.fromisoformat(str(payload.get("saved_at")))
        except ValueError:
            return None
        if saved_at.tzinfo is None:
            saved_at = saved_at.astimezone()
        return Draft(kind=kind, key=key, fields=fields, saved_at=saved_at)

    @staticmethod
    def _remove_stale_temp(dir_fd: int, name: str) -> None:
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            if time.time() - st.st_mtime > STALE_TEMP_SECONDS:
                os.unlink(name, dir_fd=dir_fd)
        except OSError:
            pass
