"""The lossless `alnco-export` JSON document (INTERFACE.md "Files"), and the
`ExportData` every format renders from.

`import` and `report` read files written by other people's copies of alnco,
so `parse` trusts nothing: wrong format, newer version or a malformed entry is
refused with a message naming the file and what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Mapping

from alnco.errors import InputError
from alnco.i18n import _
from alnco.model import Entry, Profile, normalise_tasks, timestamp

FORMAT = "alnco-export"
VERSION = 1


@dataclass
class ExportData:
    """Everything one export needs, gathered once by the command."""

    profile: Profile
    entries: list[Entry]
    framework: str
    today: date
    exported_at: datetime
    language: str = "en"
    catalogue: Any = None  # alnco.catalogue Catalogue, or None
    progress: Any = None  # alnco.progress Progress, or None
    xapi: Mapping[str, str] = field(default_factory=dict)

    def module(self, module_id: str | None) -> Any:
        if not module_id or self.catalogue is None:
            return None
        return self.catalogue.get(module_id)


def export_moment(environ: Mapping[str, str]) -> datetime:
    """Now, or SOURCE_DATE_EPOCH (the reproducible-builds convention) when set."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def build(data: ExportData) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timestamp(data.exported_at),
        "profile": data.profile.to_dict(),
        "framework": data.framework,
        "entries": [e.to_json() for e in data.entries],
    }


def render_json(data: ExportData) -> bytes:
    from alnco.output import safe_json_text

    # json escapes C0 controls itself; C1 controls and bidi overrides are
    # escaped too (still the same strings once parsed), so `cat` is safe.
    text = safe_json_text(json.dumps(build(data), ensure_ascii=False, indent=2))
    return (text + "\n").encode("utf-8")


@dataclass
class Document:
    """A parsed export: whose, when, and their entries."""

    source: str
    profile: Profile
    framework: str
    exported_at: str
    entries: list[Entry]


def load(path: Path) -> Document:
    """Read and check one export file; InputError says which file and why."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    return parse_bytes(raw, str(path))


def parse_bytes(raw: bytes, source: str) -> Document:
    try:
        import orjson

        data = orjson.loads(raw)
    except ImportError:  # pragma: no cover - orjson is a dependency
        data = _json_loads(raw, source)
    except ValueError:
        data = _json_loads(raw, source)
    return parse(data, source)


def _json_loads(raw: bytes, source: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(
            _("{path} is not an alnco export: not valid JSON ({reason})").format(
                path=source, reason=str(error).split("\n")[0]
            )
        ) from None


def parse(data: Any, source: str) -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(
            _("{path} is not an alnco export (no \"format\": \"alnco-export\"); "
              "make one with: alnco export --format json").format(path=source)
        )
    version = data.get("version")
    if version != VERSION:
        if isinstance(version, int) and version > VERSION:
            raise InputError(
                _("{path} is an alnco export version {version}, newer than this alnco "
                  "reads ({known}); upgrade alnco").format(path=source, version=version,
                                                           known=VERSION)
            )
        raise InputError(
            _("{path} has an unknown export version {version!r}").format(
                path=source, version=version)
        )
    try:
        profile = Profile.from_dict(data.get("profile") or {})
    except (TypeError, ValueError, KeyError, AttributeError, InputError) as error:
        raise InputError(
            _("{path}: the profile is invalid ({reason})").format(path=source, reason=error)
        ) from None
    rows = data.get("entries")
    if not isinstance(rows, list):
        raise InputError(_("{path}: \"entries\" must be a list").format(path=source))
    entries = [_entry(row, index, source) for index, row in enumerate(rows, start=1)]
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise InputError(
                _("{path}: entry id {id} appears twice").format(path=source, id=entry.id)
            )
        seen.add(entry.id)
    return Document(
        source=source,
        profile=profile,
        framework=str(data.get("framework") or ""),
        exported_at=str(data.get("exported_at") or ""),
        entries=entries,
    )


def _entry(row: Any, index: int, source: str) -> Entry:
    try:
        if not isinstance(row, dict) or not row.get("id"):
            raise ValueError(_("no id"))
        entry = Entry.from_dict(row)
        if entry.status not in ("completed", "planned"):
            raise ValueError(_("unknown status {status!r}").format(status=entry.status))
        if not (Decimal(0) < entry.hours <= Decimal(1000)):
            raise ValueError(_("hours out of range"))
        if not entry.title.strip():
            raise ValueError(_("no title"))
        normalise_tasks(entry.tasks)
        return entry
    except (TypeError, ValueError, KeyError, InvalidOperation, AttributeError,
            InputError) as error:
        raise InputError(
            _("{path}: entry {n} is invalid ({reason})").format(
                path=source, n=index, reason=error or type(error).__name__)
        ) from None
