"""Servers the push tests talk to, all on 127.0.0.1 and all stopped by the test:
a real Ralph LRS (one per test: its fs backend accepts one write per start),
and a tiny http.server that fails on purpose."""

from __future__ import annotations

import json
import os
import signal
import socket
import socketserver
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

from exports_helpers import ralph_command

USER, PASSWORD = "coordinator", "s3cret-Pa55"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ralph_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
    env.update(RALPH_APP_DIR=str(folder / "app"), RALPH_AUTH_FILE=str(folder / "auth.json"),
               RALPH_RUNSERVER_BACKEND="fs")
    return env


def make_auth(python: str, folder: Path) -> None:
    subprocess.run(
        [ralph_command(python), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
         "-M", "mailto:lrs@example.org", "-w"],
        env=ralph_env(folder), cwd=folder, check=True, capture_output=True, timeout=120)


@contextmanager
def ralph_lrs(python: str, folder: Path) -> Iterator[str]:
    """A fresh Ralph LRS; yields its xAPI endpoint and stops it (its whole process group)."""
    port = free_port()
    work = folder / f"lrs-{port}"
    work.mkdir()
    (work / "auth.json").write_bytes((folder / "auth.json").read_bytes())
    log = open(work / "server.log", "wb")
    process = subprocess.Popen(
        [ralph_command(python), "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(port),
         "--fs-default-directory-path", str(folder / f"data-{port}")],
        env=ralph_env(work), cwd=work, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    endpoint = f"http://127.0.0.1:{port}/xAPI/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((work / "server.log").read_text()[-2000:])
                time.sleep(0.2)
        yield endpoint
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def stored_statements(endpoint: str) -> list[dict]:
    import base64

    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(endpoint + "statements", headers={
        "Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["statements"]


TRICKLE_GAP = 0.4  # seconds between the bytes a trickling server sends
TRICKLE_MAX = 100  # bytes: a trickle stops by itself after 40 s at most


class Misbehaving(BaseHTTPRequestHandler):
    """Answers POSTs with `server.behaviour`: an HTTP status, 'ok', 'ok-then-500',
    'sleep' (3 s of silence), 'redirect' (302 to `server.redirect_to`), 'trickle'
    (a status line one byte at a time, never finished) or 'trickle-body' (headers at
    once, then the body one byte at a time). Any other method is only recorded, so a
    redirect target shows whatever reached it."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append((self.headers, b""))  # type: ignore[attr-defined]
        self.send_error(405)

    do_PUT = do_GET

    def _trickle(self, data: bytes) -> None:
        stop = self.server.stop  # type: ignore[attr-defined]
        for byte in data[:TRICKLE_MAX]:
            if stop.wait(TRICKLE_GAP):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up: that is the point
                return
        self.close_connection = True

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.server.requests.append((self.headers, body))  # type: ignore[attr-defined]
        behaviour = self.server.behaviour  # type: ignore[attr-defined]
        if behaviour == "ok-then-500":
            behaviour = "ok" if len(self.server.requests) == 1 else "500"  # type: ignore[attr-defined]
        if behaviour == "sleep":
            self.server.stop.wait(3)  # type: ignore[attr-defined]
            self.close_connection = True
            return
        if behaviour == "redirect":
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)  # type: ignore[attr-defined]
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if behaviour == "trickle":
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 10)
            return
        if behaviour == "trickle-body":
            ids = json.dumps([s["id"] for s in json.loads(body)]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(ids) + 1000))
            self.end_headers()
            self.wfile.flush()
            self._trickle(ids + b" " * 1000)
            return
        if behaviour == "ok":
            ids = [s["id"] for s in json.loads(body)]
            payload = json.dumps(ids).encode()
            self.send_response(200)
        else:
            payload = b"{\"detail\": \"broken \\u001b[2J on purpose\"}"
            self.send_response(int(behaviour))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def misbehaving_lrs(behaviour: str, redirect_to: str = "") -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    server.behaviour = behaviour  # type: ignore[attr-defined]
    server.redirect_to = redirect_to  # type: ignore[attr-defined]
    server.requests = []  # type: ignore[attr-defined]
    server.stop = threading.Event()  # type: ignore[attr-defined]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()


class _Raw(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.settimeout(5)
        try:
            self.server.received.append(self.request.recv(65536))  # type: ignore[attr-defined]
            self.request.sendall(self.server.reply)  # type: ignore[attr-defined]
        except OSError:
            pass


@contextmanager
def raw_server(reply: bytes) -> Iterator[socketserver.ThreadingTCPServer]:
    """Not an HTTP server: reads what comes, sends `reply` (any bytes) and hangs up."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Raw)
    server.daemon_threads = True
    server.reply = reply  # type: ignore[attr-defined]
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def endpoint_of(server: socketserver.TCPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/xAPI"
