"""The resolved global options every command runs with (option beats environment)."""

from __future__ import annotations

import os
import sys
from datetime import date
from functools import cached_property
from pathlib import Path

from alnco import paths, settings
from alnco.errors import InputError
from alnco.i18n import _, set_language

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping, TextIO


class Context:
    """What a command runs with. A plain class, not a dataclass, so that a command
    that needs none (`alnco status` at a login without a record) does not import
    dataclasses, which loads inspect, ast and dis: 5 ms."""

    def __init__(
        self,
        record_path: Path,
        record_is_default: bool,
        today: date,
        language: str,
        catalogue_path: Path | None,
        system_dir: Path,
        environ: Mapping[str, str] | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        self.record_path = record_path
        self.record_is_default = record_is_default
        self.today = today
        self.language = language
        self.catalogue_path = catalogue_path
        self.system_dir = system_dir
        self.environ = dict(os.environ) if environ is None else environ
        self.stdout = sys.stdout if stdout is None else stdout
        self.stderr = sys.stderr if stderr is None else stderr

    @classmethod
    def from_options(
        cls,
        *,
        record: str | None = None,
        today: str | None = None,
        lang: str | None = None,
        catalogue: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> "Context":
        environ = dict(os.environ if environ is None else environ)
        warnings: list[str] = []
        system_dir = paths.system_dir(environ)
        # --lang, ALNCO_LANG, the settings kept from the app, the system defaults, the locale.
        language = settings.resolve_language(lang, environ, system_dir, warnings.append)
        set_language(language)
        record = record or environ.get("ALNCO_RECORD")
        real_today = date.today()
        today_text = today or environ.get("ALNCO_TODAY")
        catalogue = catalogue or environ.get("ALNCO_CATALOGUE")
        ctx = cls(
            record_path=Path(record).expanduser() if record else paths.default_record(environ),
            record_is_default=not record,
            today=_today(today_text, real_today),
            language=language,
            catalogue_path=Path(catalogue).expanduser() if catalogue else None,
            system_dir=system_dir,
            environ=environ,
        )
        if warnings:
            from alnco.trust import warn_once

            for line in warnings:
                warn_once(ctx, line)
        return ctx

    @cached_property
    def record(self) -> Any:
        from alnco.store.record import Record

        return Record(
            self.record_path,
            create_folder=self.record_is_default,
            warn=lambda message: print(f"alnco: warning: {message}", file=self.stderr),
        )


def _today(text: str | None, real_today: date) -> date:
    if not text:
        return real_today
    from alnco.parsing import parse_date  # only for --today / ALNCO_TODAY: it is not small

    try:
        return parse_date(text, real_today)
    except InputError as error:
        raise InputError(_("--today / ALNCO_TODAY: {reason}").format(reason=error)) from None
