"""Helpers shared by the catalogue and dashboard screen tests (imported by name)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path


from alnco.catalogue.catalogue import Catalogue
from alnco.catalogue.model import Module
from alnco.context import Context
from alnco.progress.model import Progress, RequirementResult
from tui_waiting import settle  # noqa: F401 (re-exported for the tui2 tests)

TODAY = "2026-11-03"

HOSTILE = "Notes [/] and [bold [@click=app.quit]x[/] \x1b[2J\x1b]52;c;aGk=\x07 end"


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


def make_ctx(tmp_path: Path, **kw) -> Context:
    return Context.from_options(
        record=str(tmp_path / "record.json"), today=kw.pop("today", TODAY),
        lang=kw.pop("lang", "en"), environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco")},
    )


def start_app(ctx, monkeypatch, modules=None, progress=None):
    """The real app (create_app) on a record with a profile (so no onboarding),
    with `modules` as the whole catalogue and, if given, a fixed progress answer."""
    from alnco.model import Profile
    from alnco.tui.app import create_app
    import alnco.tui.screens.dashboard as dashboard

    catalogue = catalogue_of(sample_modules() if modules is None else modules)
    monkeypatch.setattr("alnco.catalogue.layers.load_catalogue", lambda _ctx, **_options: catalogue)
    if progress is not None:
        monkeypatch.setattr(dashboard, "load_progress", lambda _c, _s, _cat: progress)
    if ctx.record.read().profile is None:
        with ctx.record.transaction() as tx:
            tx.set_profile(Profile(name="Ceri", setting="school", institution="Ysgol Test",
                                   designated_on=date(2025, 9, 1)))
    return create_app(ctx)


async def open_catalogue(pilot, *, search: bool = True):
    """From the dashboard (home) to the catalogue, loaded; then `/` to search."""
    from alnco.tui.screens.catalogue import CatalogueScreen

    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CatalogueScreen)
    if search:
        await pilot.press("slash")
        assert pilot.app.focused.id == "search"
    return pilot.app.screen


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
