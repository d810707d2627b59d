"""A real terminal for tests: one tmux server on a private socket, one window
running a command, keys at human speed, and the screen as text."""

from __future__ import annotations

import shlex
import subprocess
import time
from pathlib import Path


class Terminal:
    """tmux on `tmp/tmux.sock`, a `width`x`height` window running `command` with `env`."""

    def __init__(self, tmp: Path, env: dict[str, str], command: list[str],
                 width: int = 80, height: int = 24):
        self.socket = str(tmp / "tmux.sock")
        self.env = env
        script = tmp / "run.sh"
        exports = "".join(f"export {k}='{v}'\n" for k, v in env.items())
        script.write_text("#!/bin/sh\n" + exports + shlex.join(command) + "\n")
        script.chmod(0o700)
        # remain-on-exit keeps the pane (and what the app last showed) if it ends early,
        # so a failure shows the screen instead of "no server running".
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), str(script),
                  ";", "set-option", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def wait_until_gone(self, text: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and text in self.screen():
            time.sleep(0.1)

    # At human speed. Textual hands each key to the focused widget's queue
    # before a Tab binding is resolved, so keys sent within the same few ms as
    # a Tab land in the field being left (seen here; a Textual limitation).
    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)
        time.sleep(0.3)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-l", text)
        time.sleep(0.3)

    def pane_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "#{pane_pid}").strip())

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)
