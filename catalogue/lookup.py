"""Resolving a module id for `log add --module` (the full catalogue arrives with issue 3)."""

from __future__ import annotations

from typing import Any

from alnco.errors import InputError
from alnco.i18n import _


def module_snapshot(ctx: Any, module_id: str) -> dict[str, Any]:
    raise InputError(
        _("no catalogue is installed yet, so '{id}' cannot be checked; use --title instead")
        .format(id=module_id)
    )
