"""Sending statements to a Learning Record Store (xAPI 1.0.3) with the stdlib.

An entry counts as sent only once the LRS has acknowledged its batch (200
with the ids, or 204 when it already held them all); anything else stops the
push with a message and leaves the entry to be sent next time.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import stat
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from alnco.errors import AlncoError, InputError
from alnco.i18n import _
from alnco.output import safe_text

API_VERSION = "1.0.3"
BATCH = 50


class LRSError(AlncoError):
    """The LRS refused or failed; nothing unacknowledged was marked sent."""

    exit_code = 1


def read_password(path: Path) -> str:
    """The first line of `path`, refused (as ssh does with keys) if others can read it."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputError(_("cannot read the password file {path}: {reason}").format(
            path=path, reason=error.strerror or error)) from None
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise InputError(
            _("the password file {path} can be read by other users (mode {mode:o}); "
              "run: chmod 600 {path}").format(path=path, mode=stat.S_IMODE(info.st_mode))
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(_("cannot read the password file {path}: {reason}").format(
            path=path, reason=error)) from None
    password = text.splitlines()[0] if text else ""
    if not password:
        raise InputError(_("the password file {path} is empty").format(path=path))
    return password


def statements_url(lrs: str) -> str:
    parts = urlsplit(lrs)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            _("--lrs must be an http(s) address such as https://lrs.example/xAPI/, "
              "not '{url}'").format(url=lrs))
    base = lrs.rstrip("/")
    return base if base.endswith("/statements") else base + "/statements"


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


class Client:
    def __init__(self, url: str, user: str, password: str, *, timeout: float = 30.0):
        self.url = statements_url(url)
        token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        self.headers = {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": API_VERSION,
            "Content-Type": "application/json",
        }
        self.timeout = timeout

    def post(self, batch: list[dict[str, Any]]) -> None:
        """Send one batch; return only if the LRS acknowledged all of it."""
        body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers=self.headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
                payload = response.read()
        except urllib.error.HTTPError as error:
            raise LRSError(self._refused(error.code, _read(error))) from None
        except (socket.timeout, TimeoutError):
            raise LRSError(_("the LRS at {url} did not answer within {s} seconds; nothing "
                             "more was marked sent; try again later").format(
                                 url=self.url, s=int(self.timeout))) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise LRSError(_("cannot reach the LRS at {url} ({reason}); nothing more was "
                             "marked sent").format(url=self.url, reason=reason)) from None
        if status == 204:
            return
        if status != 200:
            raise LRSError(self._refused(status, payload))
        try:
            ids = json.loads(payload)
        except ValueError:
            ids = None
        wanted = [s["id"] for s in batch]
        if not isinstance(ids, list) or sorted(map(str, ids)) != sorted(wanted):
            raise LRSError(_("the LRS at {url} answered without acknowledging the statements "
                             "sent; nothing more was marked sent").format(url=self.url))

    def _refused(self, status: int, payload: bytes) -> str:
        detail = safe_text(payload.decode("utf-8", "replace"), single_line=True)[:200]
        if status in (401, 403):
            return _("the LRS refused the user name or password (HTTP {status}); "
                     "nothing more was marked sent").format(status=status)
        if status == 409:
            return _("the LRS already holds different statements with these ids (HTTP 409); "
                     "nothing more was marked sent")
        if status >= 500:
            return _("the LRS failed (HTTP {status}: {detail}); nothing more was marked sent; "
                     "try again later").format(status=status, detail=detail)
        return _("the LRS refused the statements (HTTP {status}: {detail}); nothing more was "
                 "marked sent").format(status=status, detail=detail)


def _read(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read() or b""
    except OSError:
        return b""


def batches(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def push(client: Client, statements: list[dict[str, Any]],
         acknowledged: Callable[[list[dict[str, Any]]], None], size: int = BATCH) -> int:
    """Send in batches, calling `acknowledged` after each batch the LRS accepted."""
    sent = 0
    for batch in batches(statements, size):
        client.post(batch)
        acknowledged(batch)
        sent += len(batch)
    return sent
