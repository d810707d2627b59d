"""Wiring for commands and the TUI: read the record, catalogue and framework, evaluate."""

from __future__ import annotations

from datetime import date
from typing import Any

from alnco.progress.engine import evaluate
from alnco.progress.frameworks import framework_for
from alnco.progress.model import Progress


def load_catalogue(ctx: Any) -> Any:
    """The layered catalogue (shipped < system < user) from the catalogue package."""
    try:
        from alnco.catalogue.layers import load_catalogue as load
    except ModuleNotFoundError:  # TRANSITIONAL: until the catalogue branch is in main
        from types import SimpleNamespace

        return SimpleNamespace(modules={}, problems=["no catalogue installed: no suggestions"])
    return load(ctx)


def progress_for(ctx: Any, snapshot: Any = None, today: date | None = None,
                 catalogue: Any = None) -> Progress:
    """Progress for the record's ALNCO as at `today` (default: the context's today)."""
    if snapshot is None:
        snapshot = ctx.record.read()
    if catalogue is None:
        catalogue = load_catalogue(ctx)
    profile = snapshot.profile
    framework = framework_for(profile, ctx)
    return evaluate(framework, profile, snapshot.entries, catalogue, today or ctx.today,
                    getattr(ctx, "language", "en"))
