"""`alnco catalogue import`: a TOML or CSV catalogue into the user's own layer.

Everything is checked before anything is written; the layer file is replaced
atomically (temporary file, fsync, rename), so a refused or interrupted import
leaves the previous layer exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alnco import paths
from alnco.catalogue.layers import IMPORTED_NAME, imported_dir
from alnco.catalogue.loader import load_file, load_text
from alnco.catalogue.model import Module
from alnco.catalogue.serialise import catalogue_toml
from alnco.catalogue.validate import Problem
from alnco.errors import InputError
from alnco.i18n import _, ngettext

HEADER = (
    "alnco: your imported catalogue layer, written by 'alnco catalogue import'.\n"
    "Modules here override the shipped and system catalogues when they share an id.\n"
    "Check it after editing with: alnco catalogue validate FILE"
)


class Refused(InputError):
    """The input had problems; `problems` lists every one of them."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems


@dataclass
class Imported:
    target: Path
    modules: list[Module]
    replaced: list[str]  # ids that were already in the imported layer


def check_input(path: Path) -> list[Module]:
    """Every module in `path`, or Refused with every problem found."""
    result = load_file(path, "user")
    if result.problems:
        raise Refused(
            ngettext("{file} has {count} problem; nothing was imported",
                     "{file} has {count} problems; nothing was imported",
                     len(result.problems)).format(
                file=path, count=len(result.problems)),
            result.problems,
        )
    if not result.modules:
        raise InputError(_("{file} holds no modules; nothing was imported").format(file=path))
    return result.modules


def import_file(ctx: Any, path: Path) -> Imported:
    modules = check_input(path)
    target = imported_dir(ctx.environ) / IMPORTED_NAME
    kept: dict[str, Module] = {}
    if target.exists():
        existing = load_file(target, "user")
        if existing.unreadable:
            raise InputError(
                _("your imported catalogue {file} cannot be read ({problem}); move it aside "
                  "and import again").format(file=target, problem=existing.problems[0].message))
        kept = {m.id: m for m in existing.modules}
    replaced = [m.id for m in modules if m.id in kept]
    kept.update((m.id, m) for m in modules)
    text = catalogue_toml(list(kept.values()), HEADER)
    check = load_text(text, str(target), "user")
    if check.problems or len(check.modules) != len(kept):  # pragma: no cover - a bug guard
        raise RuntimeError(f"imported layer does not read back: {check.problems[:1]}")
    _write_atomically(target, text)
    return Imported(target, modules, replaced)


def _write_atomically(target: Path, text: str) -> None:
    try:
        paths.make_private_dirs(target.parent)  # 0700, even as the first command
        fd, temp = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise InputError(_("cannot write {file}: {reason}").format(
            file=target, reason=error.strerror or error)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise InputError(_("cannot write {file}: {reason}").format(
                file=target, reason=error.strerror or error)) from None
        raise
