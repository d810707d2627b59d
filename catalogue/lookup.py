"""Resolving a module id for `log add --module`: what the entry copies from the catalogue.

The entry keeps its own copy of the title, hours, tasks and mode, so it still
reads correctly after the catalogue changes or withdraws the module.
"""

from __future__ import annotations

import difflib
from typing import Any

from alnco.errors import InputError
from alnco.i18n import _


def closest_ids(module_id: str, known: list[str], n: int = 3) -> list[str]:
    """The ids a person most likely meant: near spellings, then ids containing the text."""
    close = difflib.get_close_matches(module_id, known, n=n, cutoff=0.6)
    if len(close) < n and module_id:
        close += [k for k in sorted(known) if module_id in k and k not in close][: n - len(close)]
    return close


def module_snapshot(ctx: Any, module_id: str, catalogue: Any = None) -> dict[str, Any]:
    """module_id, title (in ctx.language, else English), hours, tasks, mode and standards.

    Pass the `catalogue` already loaded (the TUI has one); otherwise it is loaded.
    """
    if catalogue is None:
        from alnco.catalogue.layers import load_catalogue

        catalogue = load_catalogue(ctx)
    module = catalogue.get(module_id)
    if module is None:
        suggestions = closest_ids(module_id, list(catalogue.modules))
        if suggestions:
            raise InputError(
                _("no module '{id}' in the catalogue; did you mean {ids}? "
                  "(see 'alnco catalogue list --search TEXT')")
                .format(id=module_id, ids=", ".join(suggestions))
            )
        raise InputError(
            _("no module '{id}' in the catalogue; find one with "
              "'alnco catalogue list --search TEXT', or use --title").format(id=module_id)
        )
    return {
        "module_id": module.id,
        "title": module.title_in(ctx.language),
        "hours": module.hours,
        "tasks": module.tasks,
        "mode": module.mode,
        "standards": module.standards,
    }
