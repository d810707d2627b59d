"""What the catalogue offers: plain dataclasses shared by the loader, search,
the progress engine, exports and the TUI. No I/O, no Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en", self.id)

    def summary_in(self, language: str) -> str:
        return self.summary.get(language) or self.summary.get("en", "")

    def is_available(self, today: date) -> bool:
        """Browsable today: released and not withdrawn (withdrawn ones still resolve)."""
        if self.available_from and today < self.available_from:
            return False
        return not (self.withdrawn_on and today >= self.withdrawn_on)
