"""What the progress engine returns: plain frozen dataclasses, JSON-ready.

`Progress.to_json()` is INTERFACE.md's `progress` shape, exactly: `as_of`,
`framework`, `requirements` (each with `id`, `title`, `basis`, `citation`,
`status`, `fraction`, `reason`, `evidence`, `suggestions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

STATUSES = ("met", "on_track", "behind", "overdue", "not_started", "not_applicable")
KINDS = ("declaration", "task_coverage", "hours", "named_modules", "qualification")
BASES = ("statutory", "guidance", "local")


@dataclass(frozen=True)
class RequirementResult:
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
    due: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "basis": self.basis,
            "citation": self.citation,
            "status": self.status,
            "fraction": round(self.fraction, 4),
            "reason": self.reason,
            "evidence": list(self.evidence),
            "suggestions": list(self.suggestions),
        }


@dataclass(frozen=True)
class Progress:
    as_of: date
    framework: str
    framework_title: str
    requirements: tuple[RequirementResult, ...]
    hours_this_year: Decimal
    hours_target: Decimal | None
    last_completed: date | None = None  # the newest completed entry's date, as at as_of

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "framework": self.framework,
            "requirements": [r.to_json() for r in self.requirements],
        }

    def get(self, requirement_id: str) -> RequirementResult | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def next_steps(self, limit: int = 5) -> tuple[str, ...]:
        """Module ids to take next: overdue requirements' picks first, then behind,
        not started, on track; within a tier, one from each requirement in turn."""
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
