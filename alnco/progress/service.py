"""Wiring for commands and the TUI: read the record, catalogue and framework, evaluate."""

from __future__ import annotations

from datetime import date
from typing import Any

from alnco.progress.engine import evaluate
from alnco.progress.frameworks import framework_for
from alnco.progress.model import Progress


def progress_for(ctx: Any, snapshot: Any = None, today: date | None = None,
                 catalogue: Any = None) -> Progress:
    """Progress for the record's ALNCO as at `today` (default: the context's today).

    Pass `catalogue` when you already hold one (the TUI does); otherwise the
    layered catalogue is loaded quietly: its problems stay in
    `catalogue.problems` rather than being printed over a running app.
    """
    if snapshot is None:
        snapshot = ctx.record.read()
    if catalogue is None:
        from alnco.catalogue.layers import load_catalogue

        catalogue = load_catalogue(ctx, warn=False)
    profile = snapshot.profile
    framework = framework_for(profile, ctx)
    from alnco.assessment import assessments_of, task_ratings

    as_of = today or ctx.today
    rated = [a for a in assessments_of(snapshot) if a.on <= as_of]  # as they stood then
    return evaluate(framework, profile, snapshot.entries, catalogue, as_of,
                    getattr(ctx, "language", "en"), ratings=task_ratings(rated))
