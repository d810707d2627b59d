"""What the catalogue offers: plain dataclasses shared by the loader, search,
the progress engine, exports and the TUI. No I/O, no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Collection

MODES = ("online", "face-to-face", "blended", "self-study", "enquiry")
LEVELS = ("awareness", "practice", "specialist", "accredited")
LANGUAGES = ("en", "cy")
LAYERS = ("shipped", "system", "user")

# Short words for the reg 29 (school) / reg 30 (FEI) tasks, for labels and help.
# Paraphrased from WSI 2021/401 reg 29; reg 30 is the FEI equivalent (students).
TASKS = {
    "a": "Identify ALN and co-ordinate provision",
    "b": "Secure relevant services",
    "c": "Keep records of ALN decisions and IDPs",
    "d": "Promote inclusion and access",
    "e": "Monitor the effectiveness of ALP",
    "f": "Advise on differentiated teaching",
    "g": "Supervise and train support staff",
    "h": "Contribute to in-service training",
}


@dataclass(frozen=True)
class Module:
    id: str
    title: dict[str, str]  # {"en": ..., "cy": ...}; "en" is always present
    summary: dict[str, str] = field(default_factory=dict)
    provider: str = ""
    mode: str = "online"
    level: str = "awareness"
    hours: Decimal = Decimal(1)
    tasks: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    url: str = ""
    source: str = ""
    credits: int | None = None
    available_from: date | None = None
    withdrawn_on: date | None = None
    layer: str = "shipped"
    # Who may take it: the settings it is for, and the declaration keys (see the
    # frameworks) a person must have declared, e.g. the National MA needs a school
    # teacher. `eligibility` says it in words for people ({"en": ..., "cy": ...}).
    settings: tuple[str, ...] = ("school", "fei")
    requires: tuple[str, ...] = ()
    eligibility: dict[str, str] = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en", self.id)

    def summary_in(self, language: str) -> str:
        return self.summary.get(language) or self.summary.get("en", "")

    def eligible_for(self, setting: str | None, declared: Collection[str]) -> bool:
        """Open to someone in `setting` (None: not known, so not held against them)
        who has declared every key in `declared` that this module requires."""
        if setting is not None and setting not in self.settings:
            return False
        return all(key in declared for key in self.requires)

    def is_available(self, today: date) -> bool:
        """Browsable today: released and not withdrawn (withdrawn ones still resolve)."""
        if self.available_from and today < self.available_from:
            return False
        return not (self.withdrawn_on and today >= self.withdrawn_on)
