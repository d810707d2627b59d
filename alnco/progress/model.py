"""What the progress engine returns: frozen values (alnco.values), JSON-ready.

`Progress.to_json()` is INTERFACE.md's `progress` shape, exactly: `as_of`,
`framework`, `law_checked_on`, `requirements` (each with `id`, `title`, `basis`,
`citation`, `confirmed`, `status`, `fraction`, `reason`, `evidence`, `suggestions`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alnco.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping

STATUSES = ("met", "on_track", "behind", "overdue", "not_started", "not_applicable")
KINDS = ("declaration", "task_coverage", "hours", "named_modules", "qualification")
BASES = ("statutory", "guidance", "local")
UNRATED = 3  # a task the ALNCO has not rated counts as the middle of 1-5 when ranking


class RequirementResult(Value):
    FIELDS = ("id", "title", "kind", "basis", "citation", "status", "fraction", "reason",
              "evidence", "suggestions", "due", "confirmed", "law", "short", "brief",
              "recommended")
    id: str
    title: str
    kind: str
    basis: str
    citation: str
    status: str
    fraction: float  # 0.0 .. 1.0
    reason: str  # one line a person understands
    evidence: tuple[str, ...]  # entry ids
    suggestions: tuple[str, ...]  # module ids, best first
    due: date | None
    confirmed: bool  # False: the legal wording behind it was not verified
    law: str  # the provision in a few words ("reg 27"), for "wording ... not confirmed"
    short: str  # a short name ("hours", "task (c)") for risk reasons
    brief: str  # the measure in a few words ("4 of 30 h"), for risk reasons
    recommended: bool  # shown, never counted towards risk

    def __init__(self, id: str, title: str, kind: str, basis: str, citation: str,
                 status: str, fraction: float, reason: str, evidence: tuple[str, ...],
                 suggestions: tuple[str, ...], due: date | None = None,
                 confirmed: bool = True, law: str = "", short: str = "", brief: str = "",
                 recommended: bool = False) -> None:
        vars(self).update(id=id, title=title, kind=kind, basis=basis, citation=citation,
                          status=status, fraction=fraction, reason=reason,
                          evidence=evidence, suggestions=suggestions, due=due,
                          confirmed=confirmed, law=law, short=short, brief=brief,
                          recommended=recommended)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "basis": self.basis,
            "citation": self.citation,
            "confirmed": self.confirmed,
            "status": self.status,
            "fraction": round(self.fraction, 4),
            "reason": self.reason,
            "evidence": list(self.evidence),
            "suggestions": list(self.suggestions),
        }


class Progress(Value):
    FIELDS = ("as_of", "framework", "framework_title", "requirements", "hours_this_year",
              "hours_target", "last_completed", "law_checked_on", "framework_description",
              "focus")
    UNCOMPARED = ("focus",)
    as_of: date
    framework: str
    framework_title: str
    requirements: tuple[RequirementResult, ...]
    hours_this_year: Decimal
    hours_target: Decimal | None
    last_completed: date | None  # the newest completed entry's date, as at as_of
    law_checked_on: date | None  # when the framework's legal basis was last checked
    framework_description: str
    # Suggested module id -> the lowest self-assessment rating among the tasks it covers
    # (an unrated task counts as the middle, 3); empty when the ALNCO has rated nothing.
    focus: Mapping[str, int]

    def __init__(self, as_of: date, framework: str, framework_title: str,
                 requirements: tuple[RequirementResult, ...], hours_this_year: Decimal,
                 hours_target: Decimal | None, last_completed: date | None = None,
                 law_checked_on: date | None = None, framework_description: str = "",
                 focus: Mapping[str, int] | None = None) -> None:
        vars(self).update(as_of=as_of, framework=framework, framework_title=framework_title,
                          requirements=requirements, hours_this_year=hours_this_year,
                          hours_target=hours_target, last_completed=last_completed,
                          law_checked_on=law_checked_on,
                          framework_description=framework_description,
                          focus={} if focus is None else focus)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "framework": self.framework,
            "law_checked_on": self.law_checked_on.isoformat() if self.law_checked_on else None,
            "requirements": [r.to_json() for r in self.requirements],
        }

    def get(self, requirement_id: str) -> RequirementResult | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def next_steps(self, limit: int = 5) -> tuple[str, ...]:
        """Module ids to take next: overdue requirements' picks first, then behind,
        not started, on track; within a tier, one from each requirement in turn.
        With self-assessment ratings (`focus`), modules for the tasks rated lowest
        come first, ties in that order (docs/self-assessment.md)."""
        if self.focus:
            ranked = sorted(self._tiered(None), key=lambda m: self.focus.get(m, UNRATED))
            return tuple(ranked[:limit])
        return self._tiered(limit)

    def _tiered(self, limit: int | None) -> tuple[str, ...]:
        picked: list[str] = []
        for tier in ("overdue", "behind", "not_started", "on_track"):
            lists = [r.suggestions for r in self.requirements if r.status == tier]
            for depth in range(max((len(s) for s in lists), default=0)):
                for suggestions in lists:
                    if depth < len(suggestions) and suggestions[depth] not in picked:
                        picked.append(suggestions[depth])
                        if len(picked) == limit:
                            return tuple(picked)
        return tuple(picked)
