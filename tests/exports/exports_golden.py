"""Golden files: compare with tests/exports/golden/NAME; ALNCO_UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).with_name("golden")


def check(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("ALNCO_UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("ALNCO_UPDATE_GOLDEN") and os.environ.get("CI"):
            raise AssertionError(f"golden file {name} is missing")
        path.write_bytes(content)
    assert content == path.read_bytes(), f"{name} differs from its golden file"
