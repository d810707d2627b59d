"""Invariants of the engine, checked with hypothesis over random logs and dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from alnco.catalogue.model import Module
from alnco.model import Declaration, Entry, Profile
from alnco.progress.engine import PLAN_HORIZON_MONTHS, evaluate
from alnco.progress.frameworks import load_framework
from alnco.progress.periods import add_months, leaves_window

SCHOOL = load_framework("alnco-school-2021")
WINDOW_YEARS = 3
MODULES = [
    Module(id="aln-system-overview", title={"en": "ALN Code"}, hours=Decimal(3), tasks=("a", "c")),
    Module(id="idp-writing", title={"en": "IDPs"}, hours=Decimal(2), tasks=("c",),
           languages=("en", "cy")),
    Module(id="alnco-role-essentials", title={"en": "Role"}, hours=Decimal(6), tasks=("a", "b")),
    Module(id="ma-aln", title={"en": "MA ALN"}, hours=Decimal(200), level="accredited",
           credits=20, tasks=("e",)),
    Module(id="pgcert", title={"en": "PG Cert"}, hours=Decimal(600), level="accredited",
           credits=60, tasks=("f",), withdrawn_on=date(2027, 1, 1)),
    Module(id="short", title={"en": "Short"}, hours=Decimal("0.5"), tasks=("d", "g", "h")),
]
RANK = {"overdue": 0, "not_started": 1, "behind": 1, "on_track": 2, "met": 3}


def catalogue():
    try:
        from alnco.catalogue.catalogue import Catalogue
    except ImportError:
        from types import SimpleNamespace
        return SimpleNamespace(modules={m.id: m for m in MODULES}, problems=[])
    return Catalogue.from_modules(MODULES)


CATALOGUE = catalogue()

days = st.dates(min_value=date(2022, 1, 1), max_value=date(2029, 12, 31))
entries = st.builds(
    lambda on, hours, tasks, status, module, n: Entry(
        title="x", date=on, hours=Decimal(hours), tasks=tuple(sorted(tasks)), status=status,
        module_id=module, id=f"{n:08d}-0000-0000-0000-000000000000"),
    days, st.sampled_from(["0.5", "1", "2", "3", "5", "30"]),
    st.sets(st.sampled_from("abcdefgh"), max_size=3), st.sampled_from(["completed", "planned"]),
    st.one_of(st.none(), st.sampled_from([m.id for m in MODULES] + ["not-in-catalogue"])),
    st.integers(0, 10**8),
)
logs = st.lists(entries, max_size=12, unique_by=lambda e: e.id)
profiles = st.builds(
    lambda designated, declared: Profile(
        name="Ann", designated_on=designated,
        declarations=(Declaration("school-teacher", "", "card", declared),) if declared else ()),
    st.one_of(st.none(), st.dates(date(2021, 1, 1), date(2027, 12, 31))),
    st.one_of(st.none(), st.dates(date(2021, 1, 1), date(2027, 12, 31))),
)


def statuses(profile, log, today, language="en"):
    progress = evaluate(SCHOOL, profile, log, CATALOGUE, today, language)
    return {r.id: r.status for r in progress.requirements}


@settings(max_examples=150, deadline=None)
@given(profiles, logs, days, days, st.sampled_from(["0.5", "3", "30"]), st.sets(
    st.sampled_from("abcdefgh"), max_size=3), st.one_of(st.none(), st.sampled_from(
        [m.id for m in MODULES])))
def test_adding_a_completed_entry_never_unmeets_a_requirement(profile, log, today, on, hours,
                                                              tasks, module) -> None:
    on = min(on, today)  # a completed entry is never dated after today
    before = statuses(profile, log, today)
    extra = Entry(title="new", date=on, hours=Decimal(hours), tasks=tuple(sorted(tasks)),
                  module_id=module)
    after = statuses(profile, log + [extra], today)
    for rid, status in before.items():
        if status == "met":
            assert after[rid] == "met", rid


@settings(max_examples=100, deadline=None)
@given(profiles, logs, days, st.sampled_from(["en", "cy"]))
def test_result_is_deterministic_and_independent_of_entry_order(profile, log, today,
                                                                language) -> None:
    first = evaluate(SCHOOL, profile, log, CATALOGUE, today, language)
    assert evaluate(SCHOOL, profile, log, CATALOGUE, today, language) == first
    assert evaluate(SCHOOL, profile, list(reversed(log)), CATALOGUE, today, language) == first


def improving_boundary(day: date, profile: Profile, log: list[Entry]) -> bool:
    """Days on which a status may legitimately get better with no new entry."""
    if (day.month, day.day) == (9, 1):  # a new academic year: the hours target restarts
        return True
    if any(e.status == "completed" and e.date == day for e in log):
        return True  # learning dated today becomes evidence today
    if any(d.declared_on == day for d in profile.declarations):
        return True
    previous = day - timedelta(days=1)
    if any(e.status == "planned"
           and add_months(previous, PLAN_HORIZON_MONTHS) < e.date <= add_months(day, PLAN_HORIZON_MONTHS)
           for e in log):
        return True  # a plan comes within the 12-month horizon of a rolling target
    if profile.designated_on and add_months(profile.designated_on, 12 * WINDOW_YEARS) == day:
        return True  # a new ALNCO's grace period ends: the rolling rule takes over
    return False


INDUCTION_APPLIES_MONTHS = 24  # the shipped frameworks' applies_for_months


def losing_boundary(day: date, log: list[Entry]) -> bool:
    """Days on which a met requirement may stop being met."""
    return (day.month, day.day) == (9, 1) or any(
        e.status == "completed" and leaves_window(e.date, WINDOW_YEARS) == day for e in log)


@settings(max_examples=60, deadline=None)
@given(profiles, logs, days)
def test_statuses_change_only_at_the_boundaries_they_should(profile, log, start) -> None:
    previous = statuses(profile, log, start)
    for offset in range(1, 45):
        day = start + timedelta(days=offset)
        current = statuses(profile, log, day)
        for rid, status in current.items():
            before = previous[rid]
            if "not_applicable" in (before, status):
                # n/a depends on the date only where induction stops applying, on the day
                # its window after designation ends (and it never starts applying again).
                ends = (profile.designated_on
                        and add_months(profile.designated_on, INDUCTION_APPLIES_MONTHS) == day)
                assert before == status or (rid == "induction" and status == "not_applicable"
                                            and ends), (rid, day)
                continue
            if RANK[status] > RANK[before]:
                assert improving_boundary(day, profile, log), (rid, before, status, day)
            if before == "met" and status != "met":
                assert losing_boundary(day, log), (rid, status, day)
        previous = current
