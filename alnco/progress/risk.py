"""Who needs help first: a risk level for one person's progress, with the reason.

A co-ordinator triages a cohort by it, so it must separate people, and say why:
- high: a statutory line is not met (not declared, declared without evidence, or
  only a supplementary fact declared). Nothing else makes anyone high.
- medium: a local target (hours, a task's learning, induction) is behind,
  overdue or not started.
- low: everything is met, on track or not applicable.
Recommended lines (the postgraduate qualification) are never counted, and lines
that have run their course (induction long after designation) are not applicable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from alnco.i18n import _
from alnco.progress.words import status_label

RISKS = ("high", "medium", "low")
OPEN = ("overdue", "behind", "not_started")  # the worst first
SHOWN = 2  # reasons named before "(+N more)"


@dataclass(frozen=True)
class Risk:
    level: str  # one of RISKS
    reason: str  # e.g. "statutory: not declared"; "hours: 4 of 30 h, behind"


def assess(progress: Any) -> Risk:
    """The risk of one person's `Progress` (see the module docstring for the rules)."""
    counted = [r for r in progress.requirements if not r.recommended and r.status in OPEN]
    statutory = [r for r in counted if r.basis == "statutory"]
    if statutory:
        return Risk("high", _reasons(statutory))
    if counted:
        return Risk("medium", _reasons(counted))
    return Risk("low", _("everything met or on track"))


def _reasons(results: Iterable[Any]) -> str:
    ordered = sorted(results, key=lambda r: OPEN.index(r.status))  # stable: framework order
    parts = [_one(r) for r in ordered[:SHOWN]]
    text = "; ".join(parts)
    if len(ordered) > SHOWN:
        text += " " + _("(+{n} more)").format(n=len(ordered) - SHOWN)
    return text


def _one(result: Any) -> str:
    short = result.short or result.title
    if result.basis == "statutory" and result.brief:
        return f"{short}: {result.brief}"  # the brief says it all ("not declared")
    if result.brief:
        return f"{short}: {result.brief}, {status_label(result.status)}"
    return f"{short}: {status_label(result.status)}"
