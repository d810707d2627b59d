"""Where things live: the XDG data folder for records, /etc/alnco for the system layer."""

from __future__ import annotations

import os
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping

APP = "alnco"


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_DATA_HOME/alnco, defaulting to ~/.local/share/alnco (XDG Base Directory spec)."""
    base = environ.get("XDG_DATA_HOME")
    if base and Path(base).is_absolute():
        return Path(base) / APP
    return Path.home() / ".local" / "share" / APP


def default_record(environ: Mapping[str, str] = os.environ) -> Path:
    return data_dir(environ) / "record.json"


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    base = environ.get("XDG_CONFIG_HOME")
    if base and Path(base).is_absolute():
        return Path(base) / APP
    return Path.home() / ".config" / APP


def system_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The co-ordinator's shared layer: ALNCO_SYSTEM_DIR or /etc/alnco."""
    return Path(environ.get("ALNCO_SYSTEM_DIR") or "/etc/alnco")


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents, each with mode 0700.

    The XDG Base Directory spec asks for 0700 when creating a missing data
    folder; `Path.mkdir(parents=True)` would make the parents 0755 (or 0775
    under a umask of 002). Folders that already exist are left exactly as they
    are. Raises OSError if a folder cannot be made (say, a file is in the way).
    """
    missing: list[Path] = []
    current = Path(folder)
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not path.is_dir():
                raise
