"""Bytes written to the terminal: what a slow SSH link has to carry.

    python bench/bench_ssh_bytes.py [--keys N] [--size 80x24]

Runs `python -m alnco` on a real pseudo-terminal (80x24 by default) with a
generated 5,000-module catalogue layer and counts the bytes the app writes:
the first screen, going to the catalogue, each search keystroke (from the key
to quiescence: nothing more written for a while, so the debounced search and
the detail pane that follows the cursor are counted too), and idling for a few
seconds with the search box focused and with the command palette open.

Each is measured with SSH_CONNECTION set (as over SSH) and without it. The
baseline is a full screen: the first frame's bytes. Targets: at most 3 KB per
search keystroke at 80x24, nothing while idle over SSH. It prints figures and
never fails on a number, and names the worst keystroke (the rows it drew).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_catalogue import generate  # noqa: E402
from bench_tui import prepare_record  # noqa: E402

QUIET = 0.5  # seconds without output that count as "done" (debounce 80 ms + detail 50 ms)
QUERIES = ("idp", "autism", "cynllun", "leader", "gwyl", "support")
SSH = "192.0.2.10 50000 192.0.2.1 22"


class Terminal:
    """A child process on a pty, and the bytes it writes."""

    def __init__(self, cmd: list[str], env: dict[str, str], cols: int, rows: int) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pid = os.fork()
        if self.pid == 0:  # child: the pty is its terminal
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(self.master)
            os.execvpe(cmd[0], cmd, env)
        os.close(slave)
        self.seen = b""

    def read_for(self, seconds: float) -> bytes:
        """Everything written in the next `seconds`."""
        got = b""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            ready, _w, _x = select.select([self.master], [], [], left)
            if ready:
                got += os.read(self.master, 1 << 16)
        self.seen = (self.seen + got)[-8192:]
        return got

    def read_until_quiet(self, quiet: float = QUIET, limit: float = 20.0) -> bytes:
        """Everything written until nothing more comes for `quiet` seconds."""
        got = b""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            ready, _w, _x = select.select([self.master], [], [], quiet)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        self.seen = (self.seen + got)[-8192:]
        return got

    def wait_for(self, marker: bytes, limit: float = 30.0) -> bytes:
        got = b""
        end = time.perf_counter() + limit
        while marker not in got and time.perf_counter() < end:
            got += self.read_for(0.05)
        if marker not in got:
            raise RuntimeError(f"never saw {marker!r}")
        return got + self.read_until_quiet()

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        try:
            self.send(b"\x11")  # ctrl+q
            self.read_for(1.0)
        except OSError:
            pass
        done, _status = os.waitpid(self.pid, os.WNOHANG)
        if not done:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.master)


def keystrokes(count: int) -> list[bytes]:
    keys: list[bytes] = []
    while len(keys) < count:
        for query in QUERIES:
            keys += [c.encode() for c in query] + [b"\x7f"] * len(query)
    return keys[:count]


def session(env: dict[str, str], keys: list[bytes], cols: int, rows: int) -> dict[str, object]:
    term = Terminal([sys.executable, "-m", "alnco"], env, cols, rows)
    try:
        first = term.wait_for(b"Quit")
        switch = term.send(b"c") or term.wait_for(b"Title (")
        switch += term.read_until_quiet(1.0)  # the catalogue loads in the background
        term.send(b"/")
        term.read_until_quiet()
        term.send(b"a")  # the first search builds the index: not counted
        term.read_until_quiet(1.0)
        term.send(b"\x7f")
        term.read_until_quiet(1.0)
        per_key = []
        worst = (0, "", b"")
        typed = ""
        for key in keys:
            term.send(key)
            got = term.read_until_quiet()
            per_key.append(len(got))
            typed = typed[:-1] if key == b"\x7f" else typed + key.decode()
            if len(got) > worst[0]:
                worst = (len(got), typed, got)
        idle_search = len(term.read_for(3.0)) / 3.0
        term.send(b"\x10")  # ctrl+p: the command palette
        term.read_until_quiet(0.6)
        idle_palette = len(term.read_for(3.0)) / 3.0
        term.send(b"\x1b")
        term.read_until_quiet(0.6)
    finally:
        term.close()
    return dict(first=len(first), switch=len(switch), keys=per_key, idle_search=idle_search,
                idle_palette=idle_palette, worst=worst)


def rows_written(data: bytes) -> list[int]:
    """The screen rows a write draws on (from its cursor moves), top first."""
    return sorted({int(row) for row in re.findall(rb"\x1b\[(\d+);\d+H", data)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=60, help="search keystrokes to count")
    parser.add_argument("--size", default="80x24", help="terminal size, COLSxROWS")
    parser.add_argument("--modules", type=int, default=5000)
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    keys = keystrokes(args.keys)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = prepare_record(folder)
        (folder / "bench.toml").write_text(generate(args.modules), encoding="utf-8")
        env["ALNCO_CATALOGUE"] = str(folder / "bench.toml")
        print(f"bytes written by `python -m alnco` at {cols}x{rows},"
              f" {args.modules:,} extra modules, {len(keys)} search keys")
        for label, extra in (("over SSH (SSH_CONNECTION set)", {"SSH_CONNECTION": SSH}),
                             ("local", {})):
            env_run = {k: v for k, v in env.items() if k != "SSH_CONNECTION"}
            env_run.update(extra)
            got = session(env_run, keys, cols, rows)
            per_key = got["keys"]
            typed = [n for n, k in zip(per_key, keys) if k != b"\x7f"]
            print(f"{label}:")
            print(f"  first screen {got['first']:,} B (the baseline: a full screen);"
                  f" to the catalogue {got['switch']:,} B")
            print(f"  search keystroke: median {statistics.median(per_key):,.0f} B,"
                  f" p90 {sorted(per_key)[int(0.9 * len(per_key))]:,} B, max {max(per_key):,} B"
                  f" (typing median {statistics.median(typed):,.0f} B);"
                  f" {statistics.median(per_key) / got['first']:.2f}x a full screen"
                  f" (target <= 3 KB)")
            size, query, data = got["worst"]
            codes = len(re.findall(rb"\x1b\[[0-9;]*m", data))
            print(f"  worst keystroke: {size:,} B, the search becoming {query!r}: rows"
                  f" {rows_written(data)} written, {codes} style codes")
            print(f"  idle with the search box focused {got['idle_search']:,.0f} B/s;"
                  f" with the palette open {got['idle_palette']:,.0f} B/s")


if __name__ == "__main__":
    main()
