"""Helpers for the store tests: another user, and acting as them for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NOBODY = 65534  # another user: files chowned to them are "someone else's"
SETPRIV = shutil.which("setpriv")


def owned_by_nobody(path: Path) -> Path:
    os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    return path


def as_nobody(code: str, *args: str, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess[str]:
    """Run Python `code` as uid/gid 65534 with no supplementary groups (a real other user)."""
    if os.geteuid() != 0 or SETPRIV is None:  # pragma: no cover - CI runs as root
        pytest.skip("needs root and setpriv to act as another user")
    return subprocess.run(
        [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "HOME": "/nonexistent", **(env or {})}, cwd="/",
    )
