"""argparse's own words ("usage:", "options", its error messages) in the
interface language.

argparse translates through its module-level `_` and `ngettext` (gettext's
default domain, which would need compiled .mo files). Pointing them at
alnco's `_()` lets `alnco/locale/cy.po` translate them like any other string.
"""

from __future__ import annotations

import argparse

from alnco.i18n import _, ngettext

# argparse's msgids (Python 3.11+), kept here so a translator can see them in
# the code and the stale-translation test knows they are still used.
MSGIDS = (
    "usage: ", "positional arguments", "options", "show this help message and exit",
    "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r", "unrecognized arguments: %s",
    "the following arguments are required: %s", "one of the arguments %s is required",
    "not allowed with argument %s", "expected one argument", "expected at least one argument",
    "ambiguous option: %(option)s could match %(matches)s",
    "expected %s argument", "expected %s arguments",
)


def _text(message: str | None) -> str | None:
    return _(message) if message else message  # argparse passes None for "no description"


def translate_argparse() -> None:
    """From now on argparse looks its words up in alnco's current language."""
    argparse._ = _text  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
