"""A fixed catalogue and a fixed progress answer for the dashboard, catalogue and
declaration tests, so their layout does not depend on the shipped data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alnco.catalogue.catalogue import Catalogue
from alnco.catalogue.model import Module
from alnco.progress.model import Progress, RequirementResult


def make_module(mid: str, en: str, cy: str = "", **kw) -> Module:
    title = {"en": en}
    if cy:
        title["cy"] = cy
    kw.setdefault("hours", Decimal(2))
    kw.setdefault("tasks", ("a",))
    return Module(id=mid, title=title, **kw)


def sample_modules() -> list[Module]:
    return [
        make_module(
            "aln-basics", "ALN basics for ALNCOs", "Hanfodion ADY i CADY",
            summary={"en": "What the ALN Act asks of you.", "cy": "Beth mae'r Ddeddf ADY yn ei ofyn."},
            provider="Welsh Government", mode="online", level="awareness",
            hours=Decimal("1.5"), tasks=("a", "c"), themes=("law",), languages=("en", "cy"),
            url="https://example.org/aln-basics",
        ),
        make_module(
            "idp-writing", "Writing person-centred IDPs", "Ysgrifennu CDU sy'n canolbwyntio ar yr unigolyn",
            provider="Regional consortium", mode="face-to-face", level="practice",
            hours=Decimal(6), tasks=("c", "e"), themes=("idp", "person-centred"), languages=("en", "cy"),
        ),
        make_module(
            "dyslexia", "Dyslexia: assessment and support", "Dyslecsia: asesu a chefnogi",
            provider="Dyslexia Trust", mode="blended", level="specialist",
            hours=Decimal(12), tasks=("a", "f"), themes=("literacy",), languages=("en", "cy"),
        ),
        make_module(
            "cynhwysiant", "Inclusion in practice", "Cynhwysiant ar waith",
            provider="Regional consortium", mode="self-study", level="practice",
            hours=Decimal(3), tasks=("d",), themes=("inclusion",), languages=("cy",),
        ),
        make_module(
            "training-tas", "Training teaching assistants", "Hyfforddi cynorthwywyr addysgu",
            provider="Welsh Government", mode="online", level="practice",
            hours=Decimal(2), tasks=("g", "h"), themes=("staff",), languages=("en",),
        ),
        make_module(
            "cafe", "Café conversations about ALP", "Sgyrsiau caffi am DDdY",
            provider="Regional consortium", mode="enquiry", level="awareness",
            hours=Decimal("0.5"), tasks=("e",), themes=("alp",), languages=("en", "cy"),
        ),
    ]


def catalogue_of(modules):
    return Catalogue.from_modules(modules)


def requirement(id, title, *, status="on_track", fraction=0.5, reason="Half way there.",
                basis="statutory", citation="WSI 2021/401 reg 29", suggestions=()):
    return RequirementResult(id=id, title=title, kind="hours", basis=basis, citation=citation,
                             status=status, fraction=fraction, reason=reason, evidence=(),
                             suggestions=suggestions)


def sample_progress(today=date(2026, 11, 3)) -> Progress:
    """A fixed engine answer, so layout tests do not depend on framework data."""
    return Progress(
        as_of=today,
        framework="alnco-school-2021",
        framework_title="ALNCO (school), 2021 regulations",
        hours_this_year=Decimal("12.5"),
        hours_target=Decimal(35),
        requirements=(
            requirement("induction", "Complete the national induction", status="met",
                        fraction=1.0, reason="Completed on 3 Oct 2026.",
                        citation="ALN Code 2021 para 29.22", basis="guidance"),
            requirement("hours", "Keep your learning current", status="behind",
                        fraction=0.36, reason="12.5 of 35 hours; expected 15 by now.",
                        suggestions=("dyslexia", "cafe")),
            requirement("tasks", "Cover every reg 29 task", status="overdue",
                        fraction=0.25, reason="Tasks b, g and h have no learning yet.",
                        suggestions=("training-tas", "cafe")),
            requirement("local", "Attend the cluster ALNCO forum", status="not_started",
                        fraction=0.0, reason="No forum logged this term.", basis="local",
                        citation="Local authority policy"),
        ),
    )
