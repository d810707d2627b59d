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
SETTINGS = ("school", "fei")

# Who a module is for, in words (translated where shown), by its `settings`.
SETTING_WORDS = {
    ("school", "fei"): "schools and further education institutions",
    ("school",): "schools only",
    ("fei",): "further education institutions only",
}

# The declaration keys a module may require (`requires`), the facts a person
# declares with `alnco profile declare KEY` (reg 26-28 routes, WSI 2021/401),
# with short words for people; the frameworks describe them in full.
DECLARATION_KEYS = {
    "school-teacher": "Registered with the EWC as a school teacher",
    "fe-teacher": "Registered with the EWC as a further education teacher",
    "fe-learning-support-worker":
        "Registered with the EWC as a further education learning support worker",
    "relevant-services-experience": "Experience of relevant services",
    "former-senco": "Has been a special educational needs co-ordinator (SENCO)",
    "postgraduate-aln-qualification": "Holds a postgraduate qualification in ALN",
}

# Short words for the reg 29 (school) / reg 30 (FEI) tasks, for labels and help.
# Paraphrased from WSI 2021/401 reg 29, tasks the ALNCO carries out or ensures are
# carried out; reg 30 is the FEI equivalent (students). (g) is about school
# learning support workers who work with pupils with ALN, not all support staff.
TASKS = {
    "a": "Identify ALN and co-ordinate provision",
    "b": "Secure relevant services",
    "c": "Keep records of ALN decisions and IDPs",
    "d": "Promote inclusion and access",
    "e": "Monitor the effectiveness of ALP",
    "f": "Advise on differentiated teaching",
    "g": "Supervise and train school learning support workers",
    "h": "Contribute to in-service training",
}


@dataclass(frozen=True)
class Module:
    id: str
    title: dict[str, str]  # {"en": ..., "cy": ...}; "en" is always present
    summary: dict[str, str] = field(default_factory=dict)
    provider: str = ""  # English: what CSV, xAPI and JSON `provider` carry
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
    # Welsh alongside the English `provider` and `themes`, so scripts reading the
    # English fields are unaffected. themes_cy is () or parallel to themes ("" where
    # a theme has no Welsh).
    provider_cy: str = ""
    themes_cy: tuple[str, ...] = ()
    # Keys of the professional standards it supports (alnco.standards), copied onto
    # an entry logged with --module, as its tasks are. Not a requirement.
    standards: tuple[str, ...] = ()

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en", self.id)

    def summary_in(self, language: str) -> str:
        return self.summary.get(language) or self.summary.get("en", "")

    def eligibility_in(self, language: str) -> str:
        return self.eligibility.get(language) or self.eligibility.get("en", "")

    def provider_in(self, language: str) -> str:
        """The provider's name in `language`, else in English."""
        return (language == "cy" and self.provider_cy) or self.provider

    def themes_in(self, language: str) -> tuple[str, ...]:
        """The themes in `language`, each falling back to English."""
        if language != "cy" or not self.themes_cy:
            return self.themes
        welsh = self.themes_cy
        return tuple((welsh[i] if i < len(welsh) else "") or theme
                     for i, theme in enumerate(self.themes))

    def for_whom(self) -> str:
        """Who it is for, in English words from SETTING_WORDS (translate where shown)."""
        key = tuple(s for s in SETTINGS if s in self.settings)
        return SETTING_WORDS.get(key, ", ".join(self.settings))

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
