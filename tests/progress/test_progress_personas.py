"""Golden verdicts for realistic people, in both frameworks and both languages.

Each persona is someone a co-ordinator would recognise. The tables under
tests/progress/golden/ show every requirement's status, its verdict in words
(with "not confirmed" where the law behind it was not verified), the reason, and
the person's risk; ALNCO_UPDATE_GOLDEN=1 rewrites them after a deliberate change.
The risk assertions below say what the tables must show whatever the wording.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from alnco import i18n
from alnco.catalogue.catalogue import Catalogue
from alnco.catalogue.layers import shipped_result
from alnco.model import Declaration, Entry, Profile
from alnco.progress.engine import evaluate
from alnco.progress.frameworks import framework_for
from alnco.progress.risk import assess
from alnco.progress.words import verdict
from alnco.values import replace

TODAY = date(2026, 11, 3)
GOLDEN = Path(__file__).with_name("golden")
CATALOGUE = Catalogue.from_modules(shipped_result().modules)


def done(module_id: str, on: date) -> Entry:
    module = CATALOGUE.get(module_id)
    assert module is not None, module_id
    return Entry(title=module.title["en"], date=on, hours=module.hours, module_id=module_id)


def free(title: str, on: date, hours: str, tasks: str) -> Entry:
    return Entry(title=title, date=on, hours=Decimal(hours), tasks=tuple(tasks))


TEACHER = Declaration("school-teacher", "EWC 1234567", "EWC card, HR file", date(2012, 9, 1))
FE_TEACHER = Declaration("fe-teacher", "EWC 7654321", "EWC card", date(2016, 9, 1))
EXPERIENCE = Declaration("relevant-services-experience", "LA ALN adviser 2015-2021",
                         "Reference letter", date(2021, 8, 31))

# 21 modules over the last three years, every task covered, 31 h this academic year.
LONG_SERVING = [done(m, TODAY - timedelta(days=30 * i + 10)) for i, m in enumerate([
    "welsh-medium-alp", "idp-reviews", "aln-self-evaluation", "leading-aln-inset",
    "whole-school-inclusion", "supervising-learning-support-workers", "aln-record-keeping",
    "securing-relevant-services", "adaptive-teaching", "monitoring-alp-effectiveness",
    "health-board-liaison", "transition-between-settings", "autism-in-the-classroom",
    "disagreements-and-tribunal", "speech-language-communication", "identifying-aln",
    "curriculum-for-wales-inclusion", "support-staff-training-plan", "assessment-for-aln",
    "early-years-aln", "plp-reflective-practice"])]
LONG_SERVING += [free("Cluster ALNCO network meetings", date(2026, 10, 2), "12", "abh"),
                 free("LA ALN conference", date(2026, 9, 20), "13", "adef")]


@dataclass(frozen=True)
class Persona:
    key: str
    who: str
    profile: Profile
    entries: tuple[Entry, ...]
    risk: str


SCHOOL = Profile(name="", setting="school")
FEI = Profile(name="", setting="fei")

PERSONAS = [
    Persona("long-serving", "Designated 2015, registered teacher, 21 recent modules",
            replace(SCHOOL, name="Gwen", designated_on=date(2015, 9, 1),
                    declarations=(TEACHER,)), tuple(LONG_SERVING), "low"),
    Persona("new-undeclared", "Designated this September, nothing declared or logged",
            replace(SCHOOL, name="Rhys", designated_on=date(2026, 9, 1)), (), "high"),
    Persona("experience-only", "Declared experience of relevant services, not registration",
            replace(SCHOOL, name="Siân", designated_on=date(2022, 1, 10),
                    declarations=(EXPERIENCE,)), tuple(LONG_SERVING), "high"),
    Persona("behind-on-hours", "Registered, designated 2019, 4 h this year",
            replace(SCHOOL, name="Dafydd", designated_on=date(2019, 9, 1),
                    declarations=(TEACHER,)),
            (done("idp-writing", date(2026, 10, 5)),
             done("aln-system-overview", date(2024, 3, 1))), "medium"),
    Persona("fei-on-track", "FE college ALNCO, registered FE teacher, active",
            replace(FEI, name="Bryn", designated_on=date(2018, 1, 8),
                    declarations=(FE_TEACHER,)),
            tuple(done(m, TODAY - timedelta(days=20 * i + 5)) for i, m in enumerate([
                "fei-alnco-role", "fei-idps-for-students", "fei-transition-to-college",
                "fei-relevant-services", "fei-inclusive-vocational-teaching",
                "fei-monitoring-provision", "fei-supervising-learning-support",
                "fei-lecturer-development", "fei-records-and-information",
                "fei-student-centred-planning"]))
            + (free("College ALN conference", date(2026, 9, 12), "12", "adeh"),), "low"),
    Persona("fei-experience-only", "FE college ALNCO with experience declared only",
            replace(FEI, name="Elin", designated_on=date(2025, 9, 1),
                    declarations=(EXPERIENCE,)), (), "high"),
]


def table(persona: Persona, language: str) -> str:
    i18n.set_language(language)
    try:
        framework = framework_for(persona.profile)
        progress = evaluate(framework, persona.profile, persona.entries, CATALOGUE, TODAY,
                            language)
        risk = assess(progress)
        lines = [f"# {persona.key}: {persona.who}",
                 f"framework: {framework.id} (law checked {progress.law_checked_on})",
                 f"risk: {risk.level}: {risk.reason}", ""]
        for r in progress.requirements:
            lines.append(f"{r.id} | {r.status} | {verdict(r)} | {r.reason}")
            if r.suggestions:
                lines.append(f"    suggested: {', '.join(r.suggestions)}")
        return "\n".join(lines) + "\n"
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.key)
def test_golden_verdicts(persona: Persona, language: str) -> None:
    text = table(persona, language)
    path = GOLDEN / f"{persona.key}.{language}.txt"
    if os.environ.get("ALNCO_UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("ALNCO_UPDATE_GOLDEN") and os.environ.get("CI"):
            raise AssertionError(f"golden file {path.name} is missing")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from its golden file"


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.key)
def test_risk_separates_people(persona: Persona) -> None:
    progress = evaluate(framework_for(persona.profile), persona.profile, persona.entries,
                        CATALOGUE, TODAY)
    assert assess(progress).level == persona.risk


def test_risk_reasons_say_what_is_wrong() -> None:
    by_key = {p.key: p for p in PERSONAS}

    def reason(key: str) -> str:
        p = by_key[key]
        return assess(evaluate(framework_for(p.profile), p.profile, p.entries, CATALOGUE,
                               TODAY)).reason

    assert reason("new-undeclared").startswith("statutory: not declared")
    assert reason("experience-only").startswith("statutory: required fact not declared")
    assert "hours: 4 of 30 h, behind" in reason("behind-on-hours")


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.key)
def test_the_postgraduate_line_never_changes_risk(persona: Persona) -> None:
    with_pg = replace(persona.profile, declarations=persona.profile.declarations + (
        Declaration("postgraduate-aln-qualification", "MA", "certificate", date(2020, 7, 1)),))
    framework = framework_for(persona.profile)
    before = assess(evaluate(framework, persona.profile, persona.entries, CATALOGUE, TODAY))
    after = assess(evaluate(framework, with_pg, persona.entries, CATALOGUE, TODAY))
    assert before == after


def test_induction_no_longer_applies_two_years_after_designation() -> None:
    gwen = PERSONAS[0]
    progress = evaluate(framework_for(gwen.profile), gwen.profile, (), CATALOGUE, TODAY)
    assert progress.get("induction").status == "not_applicable"
    recent = replace(gwen.profile, designated_on=date(2025, 6, 1))  # 17 months ago
    progress = evaluate(framework_for(recent), recent, (), CATALOGUE, TODAY)
    assert progress.get("induction").status == "overdue"


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.key)
def test_suggestions_are_only_modules_the_person_may_take(persona: Persona) -> None:
    progress = evaluate(framework_for(persona.profile), persona.profile, persona.entries,
                        CATALOGUE, TODAY)
    declared = {d.key for d in persona.profile.declarations}
    suggested = {m for r in progress.requirements for m in r.suggestions}
    assert suggested, "every persona has something left to suggest"
    for module_id in suggested:
        module = CATALOGUE.get(module_id)
        assert persona.profile.setting in module.settings, module_id
        assert set(module.requires) <= declared, module_id
    if persona.profile.setting == "fei":  # the National MA needs QTS and a school post
        assert not any(m.startswith("ma-") for m in suggested)
    else:
        assert not any(m.startswith("fei-") for m in suggested)


def test_unconfirmed_statutory_line_never_reads_as_a_bare_met() -> None:
    gwen = PERSONAS[0]
    progress = evaluate(framework_for(gwen.profile), gwen.profile, gwen.entries, CATALOGUE, TODAY)
    line = progress.get("reg27-qualification-or-experience")
    assert line.status == "met" and not line.confirmed
    assert verdict(line) == "met (wording of reg 27 not confirmed)"
