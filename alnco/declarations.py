"""Declaring a qualification or experience fact (WSI 2021/401 reg 27 school, reg 28 FEI).

One saving rule for `alnco profile declare` and the app's declaration form:
the key must be one the ALNCO's framework asks for, the date cannot be in the
future, the value and evidence are kept as typed (trimmed), and declaring a key
again replaces it. Plain Python: no Textual, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from alnco.errors import InputError
from alnco.i18n import _
from alnco.model import Declaration, Profile


@dataclass(frozen=True)
class Declared:
    """What `declare` saved, with the key's label in both languages."""

    declaration: Declaration
    label: Mapping[str, str]
    replaced: Declaration | None = None

    def label_in(self, language: str) -> str:
        return self.label.get(language) or self.label["en"]


def check_date(on: date, today: date) -> date:
    """`on`, or InputError when it is after `today` (a fact cannot be true yet)."""
    if on > today:
        from alnco.parsing import short_date

        raise InputError(
            _("a declaration cannot be dated in the future ({date})").format(
                date=on.isoformat()),
            app_message=_("a declaration cannot be dated in the future ({date}); give the "
                          "day it became true, today or earlier").format(date=short_date(on)))
    return on


def declaration_keys(profile: Profile | None, ctx: Any = None) -> dict[str, Mapping[str, str]]:
    """key -> {"en": ..., "cy": ...}: what this profile's framework asks to be declared."""
    from alnco.progress.frameworks import framework_for

    return framework_for(profile, ctx).declaration_keys()


def label_in(label: Mapping[str, str], language: str) -> str:
    return label.get(language) or label["en"]


def current(profile: Profile | None, key: str) -> Declaration | None:
    """The declaration of `key` on `profile`, if it has one."""
    return next((d for d in (profile.declarations if profile else ()) if d.key == key), None)


def declare(ctx: Any, key: str, *, value: str = "", evidence: str = "",
            on: date | None = None) -> Declared:
    """Save a declaration of `key` in one record transaction (replacing any earlier one).

    `ctx` gives the record, today and the system layer (for the framework);
    `on` defaults to today. Raises InputError (nothing saved) for a key the
    framework does not ask for or a date in the future.
    """
    from alnco.progress.frameworks import framework_for

    key = key.strip().lower()
    on = check_date(ctx.today if on is None else on, ctx.today)
    with ctx.record.transaction() as tx:
        profile = tx.profile() or Profile()
        keys = framework_for(profile, ctx).declaration_keys()
        if key not in keys:
            raise InputError(_("'{key}' is not a declaration key for your setting ({setting}); "
                               "use one of: {keys}").format(
                                   key=key, setting=profile.setting, keys=", ".join(keys)))
        declaration = Declaration(key=key, value=value.strip(), evidence=evidence.strip(),
                                  declared_on=on)
        replaced = current(profile, key)
        tx.set_profile(profile.with_declaration(declaration))
    return Declared(declaration=declaration, label=keys[key], replaced=replaced)
