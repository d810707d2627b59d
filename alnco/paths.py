"""Where things live: the XDG data folder for records, /etc/alnco for the system layer."""

from __future__ import annotations

import os
from pathlib import Path
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
