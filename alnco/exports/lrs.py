"""Sending statements to a Learning Record Store (xAPI 1.0.3) over httpx.

An entry counts as sent only once the LRS has acknowledged its batch (200
with the ids, or 204 when it already held them all); anything else stops the
push with one message and leaves the entry to be sent next time.

What the network may do to a push, and what alnco does about it:
- Redirects are never followed (a redirect is an error naming where it
  pointed), so the Basic credentials only ever go to the --lrs address.
- `timeout` is a deadline for the whole push: name lookup, connecting, TLS,
  sending and every read. httpx's own timeouts are per operation (a server
  trickling one byte a second would never trip a read timeout), so the
  transport below hands httpcore a network backend that caps every operation
  at the time left and refuses any once the deadline has passed; the name
  lookup runs in a thread waited on for the time left (getaddrinfo has no
  timeout of its own).
- No proxy or certificate settings are taken from the environment by httpx
  (`trust_env=False`); TLS uses the system's certificate store, as OpenSSL
  finds it (SSL_CERT_FILE / SSL_CERT_DIR still work, through OpenSSL).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import math
import os
import re
import socket
import ssl
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from alnco import __version__
from alnco.errors import AlncoError, InputError
from alnco.i18n import _
from alnco.numerals import count
from alnco.output import safe_text

API_VERSION = "1.0.3"
BATCH = 50
ANSWER_LIMIT = 1 << 20  # an LRS answers a batch with its ids: a few kB, never a megabyte
_WRITE_CHUNK = 64 * 1024  # each piece of the body gets its own (capped) write timeout


class LRSError(AlncoError):
    """The LRS refused or failed; nothing unacknowledged was marked sent."""

    exit_code = 1

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status that said no, if one did


class _Deadline(Exception):
    """The push's deadline passed (raised between chunks of an answer)."""


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


# ------------------------------------------------------------------ addresses

def shown_url(url: str, limit: int = 200) -> str:
    """`url` as it may be printed: any user name or password replaced by ***,
    control characters made visible, and cut to `limit` characters."""
    try:
        parts = urlsplit(url)
        if "@" in parts.netloc:
            url = urlunsplit(parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]))
    except ValueError:  # not even a URL: hide anything before an @ all the same
        if "@" in url:
            url = "***@" + url.rpartition("@")[2]
    text = safe_text(url, single_line=True)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _shown_input(text: str) -> str:
    """What was given as --lrs, for an error about it: with any @ in it, everything
    before the last @ is hidden (`https://u:pa/ss@host` is not even a valid URL, and
    its password must not be shown either)."""
    if "@" not in text:
        return shown_url(text)
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text)
    return shown_url((scheme.group(0) if scheme else "") + "***@" + text.rpartition("@")[2])


def statements_url(lrs: str) -> str:
    """The statements resource under the --lrs address, refusing what cannot be one."""
    credentials = InputError(
        _("--lrs must not contain a user name or password ({url}); give the user with "
          "--user and keep the password in a file for --password-file").format(
              url=_shown_input(lrs)))
    # Anything with an @ that is not a usable address is most likely a password typed
    # into it (`https://u:pa/ss@host` does not even parse as one): say so.
    bad = credentials if "@" in lrs else InputError(
        _("--lrs must be an http(s) address such as https://lrs.example/xAPI/, "
          "not '{url}'").format(url=_shown_input(lrs)))
    try:
        parts = urlsplit(lrs.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise bad from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad
    if "@" in parts.netloc:
        raise credentials
    path = parts.path.rstrip("/")
    if not path.endswith("/statements"):
        path += "/statements"
    url = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        raise bad from None
    return url


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


# ------------------------------------------------------------------ the transport

class _Clock:
    """The push's deadline, shared by the client and its network backend."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = math.inf
        self.received = 0  # bytes read from the server in the current exchange
        # What the socket or TLS layer raised last: httpcore's pool re-raises its own
        # errors `from None`, which drops the cause that says what really happened.
        self.cause: BaseException | None = None

    def note(self, error: BaseException) -> None:
        self.cause = error.__cause__ or error

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def cap(self, timeout: float | None, late: type[Exception]) -> float:
        """`timeout`, but never past the deadline; `late` once it has passed."""
        left = self.left()
        if left <= 0:
            raise late("the push's deadline has passed")  # shown as _late()
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """httpcore's socket stream, each operation capped at the time left."""

    def __init__(self, inner: httpcore.NetworkStream, clock: _Clock):
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data = self._inner.read(max_bytes, self._clock.cap(timeout, httpcore.ReadTimeout))
        except Exception as error:
            self._clock.note(error)
            raise
        self._clock.received += len(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            for start in range(0, len(buffer), _WRITE_CHUNK):
                self._inner.write(buffer[start:start + _WRITE_CHUNK],
                                  self._clock.cap(timeout, httpcore.WriteTimeout))
        except Exception as error:
            self._clock.note(error)
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        try:
            wrapped = self._inner.start_tls(ssl_context, server_hostname,
                                            self._clock.cap(timeout, httpcore.ConnectTimeout))
        except Exception as error:
            self._clock.note(error)
            raise
        return _Stream(wrapped, self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """httpcore's sync backend with a bounded name lookup and capped operations."""

    def __init__(self, clock: _Clock):
        self._inner = httpcore.SyncBackend()
        self._clock = clock

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        error: Exception | None = None
        try:
            addresses = _resolve(host, port, self._clock.cap(timeout, httpcore.ConnectTimeout))
        except Exception as failed:
            self._clock.note(failed)
            raise
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address, port, self._clock.cap(timeout, httpcore.ConnectTimeout),
                    local_address, socket_options)
            except httpcore.ConnectError as failed:  # try the host's next address
                self._clock.note(failed)
                error = failed
                continue
            return _Stream(stream, self._clock)
        raise error or httpcore.ConnectError(host)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.UnsupportedProtocol(path)

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, min(seconds, self._clock.left())))


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses of `host`, looked up in a thread that is waited on for `timeout`
    at most (a stuck resolver is left behind: the thread is a daemon)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    found: dict[str, Any] = {}

    def lookup() -> None:
        try:
            found["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            found["error"] = error

    worker = threading.Thread(target=lookup, name="alnco-resolve", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"looking up {host} took too long")  # shown as _late()
    if "error" in found:
        raise httpcore.ConnectError(str(found["error"])) from found["error"]
    addresses = list(dict.fromkeys(info[4][0] for info in found["addresses"]))
    if not addresses:
        raise httpcore.ConnectError(host)
    return addresses


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Any):
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


class _Transport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool that uses the deadline backend."""

    def __init__(self, clock: _Clock):
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(), max_connections=1, http1=True,
            http2=False, retries=0, network_backend=_Backend(clock))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._pool.handle_request(httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw, content=request.stream,
            extensions=request.extensions))
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_Body(response.stream), extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()


# What a failed exchange can raise: httpx's errors, httpcore's (the transport is
# ours, so they arrive unmapped), and what sockets and TLS raise underneath.
_NETWORK_ERRORS = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, httpcore.ConnectError,
                   httpcore.ReadError, httpcore.WriteError, httpcore.NetworkError,
                   httpcore.ProtocolError, httpcore.UnsupportedProtocol, httpcore.ProxyError,
                   OSError, ValueError)
_TIMEOUTS = (httpx.TimeoutException, httpcore.TimeoutException, socket.timeout, TimeoutError,
             _Deadline)


# ------------------------------------------------------------------ the client

class Client:
    """Posts batches of statements to one LRS, within one deadline per push."""

    def __init__(self, url: str, user: str, password: str, *, timeout: float = 30.0):
        self.url = statements_url(url)
        token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        self.headers = {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": API_VERSION,
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Encoding": "identity",
            "User-Agent": f"alnco/{__version__}",
        }
        self.timeout = timeout
        self._clock = _Clock(timeout)
        self._http: httpx.Client | None = None

    @property
    def shown(self) -> str:
        return shown_url(self.url)

    def start(self) -> None:
        """Start the deadline: `timeout` seconds from now for everything that follows."""
        self._clock.start()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(transport=_Transport(self._clock), trust_env=False,
                                      follow_redirects=False, timeout=httpx.Timeout(self.timeout))
        return self._http

    def post(self, batch: list[dict[str, Any]]) -> None:
        """Send one batch; return only if the LRS acknowledged all of it."""
        if self._clock.deadline == math.inf:
            self.start()
        body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
        self._clock.received, self._clock.cause = 0, None
        try:
            with self._client().stream("POST", self.url, content=body,
                                       headers=self.headers) as response:
                status = response.status_code
                location = response.headers.get("location")
                payload, complete = self._answer(response)
        except _TIMEOUTS:
            self.close()
            raise LRSError(self._late()) from None
        except _NETWORK_ERRORS as error:
            self.close()
            if self._clock.left() <= 0:  # e.g. a socket shut as the deadline passed
                raise LRSError(self._late()) from None
            raise LRSError(self._failed(error)) from None
        if 300 <= status < 400:
            raise LRSError(self._redirected(status, location))
        if status == 204:
            return
        if status != 200:
            raise LRSError(self._refused(status, payload), status)
        try:
            ids = json.loads(payload) if complete else None
        except ValueError:
            ids = None
        # The ids it stored: those it already held (the same statements: a resend)
        # may be left out, as Ralph does; an id that was not sent never is.
        wanted = {s["id"] for s in batch}
        if not isinstance(ids, list) or not {str(i) for i in ids} <= wanted:
            raise LRSError(_("the LRS at {url} answered without acknowledging the statements "
                             "sent; nothing more was marked sent").format(url=self.shown))

    def _answer(self, response: httpx.Response) -> tuple[bytes, bool]:
        """The answer's body, read against the deadline, and whether it was read whole
        (at most ANSWER_LIMIT bytes are kept)."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            if self._clock.left() <= 0:
                raise _Deadline()
            chunks.append(chunk)
            size += len(chunk)
            if size > ANSWER_LIMIT:
                return b"".join(chunks)[:ANSWER_LIMIT], False
        return b"".join(chunks), True

    # ---------------------------------------------------------------- messages
    def _late(self) -> str:
        seconds = self.timeout if self.timeout != int(self.timeout) else int(self.timeout)
        return _("the push to {url} did not finish within {seconds} (--timeout); nothing more "
                 "was marked sent; try again later").format(
                     url=self.shown, seconds=count(seconds, "second"))

    def _failed(self, error: BaseException) -> str:
        chain = list(_causes(error))
        if self._clock.cause is not None:
            chain += _causes(self._clock.cause)
        host = urlsplit(self.url).hostname or ""
        for cause in chain:
            if isinstance(cause, ssl.SSLCertVerificationError):
                reason = cause.verify_message or cause.reason or str(cause)
                return _("the LRS at {url} did not prove who it is: its TLS certificate was "
                         "refused ({reason}); nothing more was marked sent").format(
                             url=self.shown, reason=safe_text(str(reason), single_line=True))
            if isinstance(cause, ssl.SSLError):
                reason = cause.reason or cause.strerror or str(cause)
                return _("a secure (TLS) connection to {url} failed ({reason}); nothing "
                         "more was marked sent").format(
                             url=self.shown, reason=safe_text(str(reason), single_line=True))
        for cause in chain:
            if isinstance(cause, socket.gaierror):
                return _("cannot reach the LRS at {url} ({reason}); nothing more was "
                         "marked sent").format(url=self.shown, reason=_(
                             "no server called {host} was found").format(host=host))
            if isinstance(cause, ConnectionRefusedError):
                return _("cannot reach the LRS at {url} ({reason}); nothing more was "
                         "marked sent").format(url=self.shown, reason=_("connection refused"))
        if any(isinstance(c, (httpx.RemoteProtocolError, httpcore.RemoteProtocolError,
                              httpx.DecodingError)) for c in chain):
            reason = (_("what it sent is not HTTP") if self._clock.received
                      else _("it closed the connection without answering"))
            return _("the server at {url} did not give an HTTP answer ({reason}); is --lrs "
                     "the address of an xAPI LRS? nothing more was marked sent").format(
                         url=self.shown, reason=reason)
        reason = next((c.strerror for c in chain if isinstance(c, OSError) and c.strerror),
                      None) or " ".join(str(error).split()) or type(error).__name__
        return _("cannot reach the LRS at {url} ({reason}); nothing more was marked "
                 "sent").format(url=self.shown, reason=safe_text(reason, single_line=True)[:200])

    def _redirected(self, status: int, location: str | None) -> str:
        target = shown_url(urljoin(self.url, location)) if location else _("nowhere")
        return _("the LRS at {url} redirected the push (HTTP {status}) to {location}; alnco "
                 "does not follow redirects, so nothing was sent there; if that is the LRS, "
                 "give its address with --lrs; nothing more was marked sent").format(
                     url=self.shown, status=status, location=target)

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


def _causes(error: BaseException) -> Iterator[BaseException]:
    """`error` and what caused it, outermost first (each at most once)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def batches(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class Pushed:
    sent: int = 0  # statements the LRS acknowledged
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # 409: held differently


def push(client: Client, statements: list[dict[str, Any]],
         acknowledged: Callable[[list[dict[str, Any]]], None], size: int = BATCH) -> Pushed:
    """Send in batches, calling `acknowledged` after each batch the LRS accepted.

    A batch answered 409 (the LRS holds a different statement under one of its
    ids: the whole batch is refused) is sent again one statement at a time, so
    one conflict never blocks the rest; the conflicting ones are returned, not
    acknowledged. Any other failure stops the push (LRSError). The client's
    timeout is a deadline for all of it, started here."""
    client.start()
    done = Pushed()

    def send(batch: list[dict[str, Any]]) -> bool:
        """Post and acknowledge `batch`; False if the LRS answered 409."""
        try:
            client.post(batch)
        except LRSError as error:
            if error.status != 409:
                raise
            return False
        acknowledged(batch)
        done.sent += len(batch)
        return True

    for batch in batches(statements, size):
        if send(batch):
            continue
        if len(batch) == 1:
            done.conflicts.append(batch[0])
            continue
        for one in batch:  # which one? the rest must still go
            if not send([one]):
                done.conflicts.append(one)
    return done
