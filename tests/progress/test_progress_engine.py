"""The engine, kind by kind and status by status (today is Tue 3 Nov 2026 unless said)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from alnco.model import Declaration, Profile
from alnco.progress.engine import evaluate
from alnco.progress.frameworks import load_framework, parse_framework
from alnco.progress.model import STATUSES
from alnco.values import replace

TODAY = date(2026, 11, 3)
SCHOOL = Profile(name="Ann", setting="school", designated_on=date(2020, 9, 1))


def framework(*requirements: dict, setting: str = "school"):
    return parse_framework({"id": "test", "setting": setting, "version": 1,
                            "title": {"en": "Test"}, "requirements": list(requirements)},
                           "test.toml")


def req(kind: str, params: dict, basis: str = "local", **extra) -> dict:
    return {"id": extra.pop("id", kind.replace("_", "-")), "kind": kind, "basis": basis,
            "citation": "test", "title": {"en": kind, "cy": kind + " (cy)"},
            "params": params, **extra}


def one(fw, profile, entries, catalogue, today=TODAY, language="en"):
    [result] = evaluate(fw, profile, entries, catalogue, today, language).requirements
    assert result.status in STATUSES and 0.0 <= result.fraction <= 1.0
    return result


# ------------------------------------------------------------------ declaration

DECL = framework(req("declaration", {"keys": {"school-teacher": {"en": "Registered teacher"},
                                              "former-senco": {"en": "Former SENCO"},
                                              "experience": {"en": "Relevant experience"}},
                                     "rule": [["school-teacher"]]}))


def test_declaration_not_made_names_what_is_needed_in_words(catalogue_of) -> None:
    result = one(DECL, SCHOOL, [], catalogue_of([]))
    assert result.status == "not_started" and result.fraction == 0.0
    assert "Registered teacher" in result.reason and "alnco" not in result.reason
    assert result.brief == "not declared"


def test_declaration_without_evidence_is_behind_with_evidence_met(catalogue_of) -> None:
    bare = SCHOOL.with_declaration(Declaration("school-teacher", "EWC 1", "", date(2021, 1, 4)))
    result = one(DECL, bare, [], catalogue_of([]))
    assert result.status == "behind" and "evidence" in result.reason
    proved = bare.with_declaration(Declaration("school-teacher", "", "card.pdf", date(2021, 1, 4)))
    result = one(DECL, proved, [], catalogue_of([]))
    assert result.status == "met" and result.fraction == 1.0
    assert "4 Jan 2021" in result.reason and "Registered teacher" in result.reason


def test_supplementary_keys_alone_never_meet_the_line(catalogue_of) -> None:
    """Experience or a past SENCO post is recorded, but registration is the rule."""
    profile = SCHOOL
    for key in ("former-senco", "experience"):
        profile = profile.with_declaration(Declaration(key, "", "letter.pdf", date(2021, 1, 4)))
    result = one(DECL, profile, [], catalogue_of([]))
    assert result.status == "behind" and "does not meet" in result.reason
    assert "Former SENCO" in result.reason and "Registered teacher" in result.reason


def test_a_rule_group_needs_every_key_and_any_group_will_do(catalogue_of) -> None:
    fw = framework(req("declaration", {"keys": {"a": {"en": "A"}, "b": {"en": "B"},
                                                "c": {"en": "C"}},
                                       "rule": [["a", "b"], ["c"]]}))
    only_a = SCHOOL.with_declaration(Declaration("a", "", "x", date(2021, 1, 1)))
    assert one(fw, only_a, [], catalogue_of([])).status == "behind"
    both = only_a.with_declaration(Declaration("b", "", "y", date(2022, 5, 6)))
    result = one(fw, both, [], catalogue_of([]))
    assert result.status == "met" and "6 May 2022" in result.reason  # the later of the two
    just_c = SCHOOL.with_declaration(Declaration("c", "", "z", date(2021, 1, 1)))
    assert one(fw, just_c, [], catalogue_of([])).status == "met"


def test_declaration_dated_after_today_does_not_count_yet(catalogue_of) -> None:
    later = SCHOOL.with_declaration(Declaration("school-teacher", "", "x", date(2027, 1, 1)))
    assert one(DECL, later, [], catalogue_of([])).status == "not_started"
    assert one(DECL, later, [], catalogue_of([]), today=date(2027, 1, 1)).status == "met"


def test_declaration_of_an_unknown_key_is_ignored(catalogue_of) -> None:
    other = SCHOOL.with_declaration(Declaration("fe-teacher", "", "x", date(2021, 1, 1)))
    assert one(DECL, other, [], catalogue_of([])).status == "not_started"


# ------------------------------------------------------------------ task coverage

TASK_A = framework(req("task_coverage", {"task": "a", "window_years": 3, "min_hours": 3}))


def test_task_met_by_completed_hours_in_the_window(make_entry, catalogue_of) -> None:
    entries = [make_entry(date(2025, 1, 10), "2"), make_entry(date(2026, 10, 1), "1.5"),
               make_entry(date(2026, 10, 2), "5", tasks=("b",))]  # another task: no
    result = one(TASK_A, SCHOOL, entries, catalogue_of([]))
    assert result.status == "met"
    assert result.evidence == (entries[0].id, entries[1].id)
    # the 10 Jan 2025 entry is the oldest still needed; it leaves on 10 Jan 2028
    assert result.due == date(2028, 1, 10) and "holds until 9 Jan 2028" in result.reason


def test_task_window_edge_a_day_exactly_three_years_old_has_left(make_entry, catalogue_of) -> None:
    old = make_entry(date(2023, 11, 3), "3")
    assert one(TASK_A, SCHOOL, [old], catalogue_of([])).status == "not_started"
    young = make_entry(date(2023, 11, 4), "3")
    assert one(TASK_A, SCHOOL, [young], catalogue_of([])).status == "met"


def test_entry_without_tasks_takes_its_modules_tasks(make_entry, make_module, catalogue_of) -> None:
    cat = catalogue_of([make_module("idp-basics", tasks=("a", "c"))])
    logged = make_entry(date(2026, 10, 1), "3", tasks=(), module_id="idp-basics")
    assert one(TASK_A, SCHOOL, [logged], cat).status == "met"


def test_task_partial_after_grace_is_behind_and_suggests_task_modules(
        make_entry, make_module, catalogue_of) -> None:
    cat = catalogue_of([make_module("for-a", hours="2"), make_module("for-b", tasks=("b",)),
                        make_module("done-a", hours="2")])
    entries = [make_entry(date(2026, 1, 1), "1", module_id="done-a")]
    result = one(TASK_A, SCHOOL, entries, cat)
    assert result.status == "behind" and result.fraction == pytest.approx(1 / 3)
    assert result.suggestions == ("for-a",)  # not the task-b one, not the one done


def test_task_plans_make_it_on_track(make_entry, catalogue_of) -> None:
    plan = make_entry(date(2027, 2, 1), "3", status="planned")
    result = one(TASK_A, SCHOOL, [plan], catalogue_of([]))
    assert result.status == "on_track" and result.fraction == 0.0 and "3 h planned" in result.reason
    stale = make_entry(date(2026, 10, 1), "3", status="planned")  # its date has passed
    assert one(TASK_A, SCHOOL, [stale], catalogue_of([])).status == "not_started"


def test_newly_designated_gets_the_window_to_build_cover(make_entry, catalogue_of) -> None:
    new = replace(SCHOOL, designated_on=date(2026, 9, 1))  # grace ends 1 Sep 2029
    result = one(TASK_A, new, [make_entry(date(2026, 10, 1), "0.5")], catalogue_of([]))
    assert result.due == date(2029, 9, 1) and "due 1 Sep 2029" in result.reason
    assert result.status == "on_track"  # 0.5 h is ahead of the ~0.2 h pro-rata share
    later = one(TASK_A, new, [make_entry(date(2026, 10, 1), "0.5")], catalogue_of([]),
                today=date(2028, 1, 1))
    assert later.status == "behind"


# ------------------------------------------------------------------ hours

HOURS = framework(req("hours", {"target_hours": 30}))


def test_hours_count_this_academic_year_only(make_entry, catalogue_of) -> None:
    entries = [make_entry(date(2026, 8, 31), "20"), make_entry(date(2026, 9, 1), "14")]
    result = one(HOURS, SCHOOL, entries, catalogue_of([]))
    assert result.reason.startswith("14 of 30 h this academic year (2026-27)")
    assert result.evidence == (entries[1].id,)
    assert result.fraction == pytest.approx(14 / 30) and result.due == date(2027, 8, 31)
    # on 31 Aug 2026 the year is 2025-26 and only the 20 h count
    before = one(HOURS, SCHOOL, entries, catalogue_of([]), today=date(2026, 8, 31))
    assert before.reason.startswith("20 of 30 h this academic year (2025-26)")


@pytest.mark.parametrize("done, status", [("30", "met"), ("6", "on_track"), ("4", "behind"),
                                          (None, "not_started")])
def test_hours_on_track_means_at_least_the_pro_rata_share(done, status, make_entry,
                                                          catalogue_of) -> None:
    # 3 Nov is day 64 of 365: 30 h x 64/365 = 5.3 h expected by now
    entries = [make_entry(date(2026, 10, 1), done)] if done else []
    result = one(HOURS, SCHOOL, entries, catalogue_of([]))
    assert result.status == status
    if status in ("behind", "not_started"):
        assert "about 5 h expected by now" in result.reason


def test_hours_planned_within_the_year_make_it_on_track(make_entry, catalogue_of) -> None:
    entries = [make_entry(date(2026, 10, 1), "4"),
               make_entry(date(2027, 6, 1), "26", status="planned")]
    assert one(HOURS, SCHOOL, entries, catalogue_of([])).status == "on_track"
    next_year = [entries[0], make_entry(date(2027, 9, 1), "26", status="planned")]
    assert one(HOURS, SCHOOL, next_year, catalogue_of([])).status == "behind"


def test_completed_entries_after_today_are_not_evidence_yet(make_entry, catalogue_of) -> None:
    entries = [make_entry(date(2026, 10, 1), "30")]
    assert one(HOURS, SCHOOL, entries, catalogue_of([]), today=date(2026, 9, 30)).status \
        == "not_started"


# ------------------------------------------------------------------ named modules

INDUCTION = framework(req("named_modules", {
    "modules": ["m1", "m2", "m3"], "period_months": 12,
    "label": {"en": "induction modules", "cy": "modiwl sefydlu"}}))


@pytest.fixture
def induction_catalogue(make_module, catalogue_of):
    return catalogue_of([make_module("m1"), make_module("m2", hours="3"),
                         make_module("m3", hours="1", languages=("en", "cy"))])


def test_named_modules_need_a_designation_date(make_entry, induction_catalogue) -> None:
    result = one(INDUCTION, Profile(name="Ann"), [], induction_catalogue)
    assert result.status == "not_applicable" and "designation date" in result.reason


def test_named_modules_reason_and_due_date(make_entry, induction_catalogue) -> None:
    profile = replace(SCHOOL, designated_on=date(2026, 9, 1))
    done = [make_entry(date(2026, 9, 20), module_id="m1"),
            make_entry(date(2026, 10, 20), module_id="m2")]
    result = one(INDUCTION, profile, done, induction_catalogue)
    assert result.reason == "2 of 3 induction modules; due 1 Sep 2027"
    assert result.status == "on_track" and result.fraction == pytest.approx(2 / 3)
    assert result.suggestions == ("m3",) and result.due == date(2027, 9, 1)


def test_named_modules_overdue_after_the_period_and_met_whenever_done(
        make_entry, induction_catalogue) -> None:
    profile = replace(SCHOOL, designated_on=date(2025, 9, 1))
    done = [make_entry(date(2024, 5, 1), module_id="m1")]  # before designation still counts
    result = one(INDUCTION, profile, done, induction_catalogue)
    assert result.status == "overdue" and "was due 1 Sep 2026" in result.reason
    assert set(result.suggestions) == {"m2", "m3"}
    all_done = done + [make_entry(date(2026, 11, 1), module_id=m) for m in ("m2", "m3")]
    assert one(INDUCTION, profile, all_done, induction_catalogue).status == "met"


def test_named_modules_leap_day_designation(make_entry, induction_catalogue) -> None:
    profile = replace(SCHOOL, designated_on=date(2024, 2, 29))
    on_due = one(INDUCTION, profile, [], induction_catalogue, today=date(2025, 2, 28))
    assert on_due.due == date(2025, 2, 28) and on_due.status == "not_started"
    assert one(INDUCTION, profile, [], induction_catalogue, today=date(2025, 3, 1)).status \
        == "overdue"


def test_named_modules_plans_count_and_are_not_suggested(make_entry, induction_catalogue) -> None:
    profile = replace(SCHOOL, designated_on=date(2026, 9, 1))
    plans = [make_entry(date(2027, 1, 1), status="planned", module_id=m) for m in ("m1", "m2")]
    result = one(INDUCTION, profile, plans, induction_catalogue)
    assert result.status == "behind"  # plans cover 2 of 3, nothing done yet
    assert result.suggestions == ("m3",) and "2 modules planned" in result.reason
    plans.append(make_entry(date(2027, 8, 31), status="planned", module_id="m3"))
    assert one(INDUCTION, profile, plans, induction_catalogue).status == "on_track"


# ------------------------------------------------------------------ qualification

QUAL = framework(req("qualification", {"declaration_key": "pg-aln", "credits": 60},
                     basis="guidance"))


@pytest.fixture
def ma_catalogue(make_module, catalogue_of):
    return catalogue_of([
        make_module("ma-1", hours=200, level="accredited", credits=20),
        make_module("ma-2", hours=200, level="accredited", credits=20, languages=("cy",)),
        make_module("pgcert", hours=600, level="accredited", credits=60),
        make_module("short", hours=2),
    ])


def test_qualification_counts_accredited_credits(make_entry, ma_catalogue) -> None:
    result = one(QUAL, SCHOOL, [make_entry(date(2026, 6, 1), "200", module_id="ma-1")],
                 ma_catalogue)
    assert result.status == "on_track" and result.fraction == pytest.approx(1 / 3)
    assert result.reason.startswith("20 of 60 credits") and "recommended" in result.reason
    assert result.suggestions == ("pgcert", "ma-2")  # closes the 40-credit gap first
    assert one(QUAL, SCHOOL, [], ma_catalogue).status == "not_started"


def test_qualification_declared_is_met(ma_catalogue) -> None:
    profile = SCHOOL.with_declaration(Declaration("pg-aln", "MA Education (Wales)", "cert",
                                                  date(2024, 7, 1)))
    result = one(QUAL, profile, [], ma_catalogue)
    assert result.status == "met" and "MA Education (Wales)" in result.reason


def test_qualification_with_a_deadline_can_be_overdue(ma_catalogue) -> None:
    fw = framework(req("qualification", {"declaration_key": "pg-aln", "credits": 60,
                                         "within_months": 36}, basis="guidance"))
    assert one(fw, SCHOOL, [], ma_catalogue).status == "overdue"  # designated 2020


# ------------------------------------------------------------------ suggestions

def test_suggestions_in_the_users_language_first_then_closest_in_size_to_the_gap(
        make_module, make_entry, catalogue_of) -> None:
    cat = catalogue_of([
        make_module("big", hours=10), make_module("fits", hours=3),
        make_module("small", hours=1), make_module("medium", hours=2),
        make_module("cy-small", hours=1, languages=("cy",)),
        make_module("gone", hours=3, withdrawn_on=date(2026, 1, 1)),
        make_module("future", hours=3, available_from=date(2027, 1, 1)),
        make_module("planned", hours=3),
    ])
    plan = make_entry(date(2027, 9, 9), "1", tasks=("b",), status="planned", module_id="planned")
    en = one(TASK_A, SCHOOL, [plan], cat)
    # gap 3 h: 3 h closes exactly; 2 h and 1 h fall short by less than 10 h overshoots
    assert en.suggestions == ("fits", "medium", "small", "big", "cy-small")
    cy = one(TASK_A, SCHOOL, [plan], cat, language="cy")
    assert cy.suggestions[0] == "cy-small" and cy.title == "task_coverage (cy)"


def test_not_applicable_when_the_requirement_is_for_another_setting(catalogue_of) -> None:
    fw = framework(req("hours", {"target_hours": 30}, settings=["fei"]))
    assert one(fw, SCHOOL, [], catalogue_of([])).status == "not_applicable"


# ------------------------------------------------------------------ whole frameworks

def test_shipped_framework_as_json_has_exactly_the_interface_fields(make_entry,
                                                                    catalogue_of) -> None:
    progress = evaluate(load_framework("alnco-school-2021"), SCHOOL,
                        [make_entry(date(2026, 10, 1), "14")], catalogue_of([]), TODAY)
    data = progress.to_json()
    assert set(data) == {"as_of", "framework", "law_checked_on", "requirements"}
    assert data["as_of"] == "2026-11-03" and data["framework"] == "alnco-school-2021"
    for item in data["requirements"]:
        assert set(item) == {"id", "title", "basis", "citation", "confirmed", "status",
                             "fraction", "reason", "evidence", "suggestions"}
    assert progress.hours_this_year == Decimal(14) and progress.hours_target == Decimal(30)
    ids = [r["id"] for r in data["requirements"]]
    assert {f"task-{x}" for x in "abcdefgh"} <= set(ids)


def test_no_profile_is_evaluated_not_crashed(catalogue_of) -> None:
    progress = evaluate(load_framework("alnco-school-2021"), None, [], catalogue_of([]), TODAY)
    assert progress.get("induction").status == "not_applicable"
    assert progress.get("reg27-qualification-or-experience").status == "not_started"


def test_next_steps_take_the_most_urgent_first(make_module, make_entry, catalogue_of) -> None:
    cat = catalogue_of([make_module("aln-system-overview", tasks=("a",)),
                        make_module("idp-writing", tasks=("c",)),
                        make_module("alnco-role-essentials", tasks=("h",)),
                        make_module("other", tasks=("d",))])
    profile = replace(SCHOOL, designated_on=date(2025, 9, 1))  # induction overdue
    progress = evaluate(load_framework("alnco-school-2021"), profile, [], cat, TODAY)
    steps = progress.next_steps(limit=3)
    assert set(steps) == {"aln-system-overview", "idp-writing", "alnco-role-essentials"}


def test_a_big_hours_gap_gets_modules_near_its_size_not_the_biggest(make_module, make_entry,
                                                                   catalogue_of) -> None:
    cat = catalogue_of([make_module("ma", hours=200), make_module("enquiry", hours=20),
                        make_module("day", hours=6), make_module("tie-over", hours=28)])
    result = one(HOURS, SCHOOL, [make_entry(date(2026, 10, 1), "6")], catalogue_of([]))
    assert result.status == "on_track"
    behind = one(HOURS, SCHOOL, [make_entry(date(2026, 10, 1), "6")], cat,
                 today=date(2027, 3, 1))  # gap 24 h
    # 28 h and 20 h are both 4 h from the gap: the one that closes it wins the tie
    assert behind.suggestions == ("tie-over", "enquiry", "day", "ma")


# ------------------------------------------------------------------ last activity

def test_last_completed_ignores_plans_and_learning_after_the_as_of_date(
        catalogue_of, make_entry) -> None:
    fw = framework(req("hours", {"target_hours": "10"}))
    entries = [make_entry(date(2026, 3, 2)), make_entry(date(2026, 10, 30)),
               make_entry(date(2026, 12, 1), status="planned")]
    progress = evaluate(fw, SCHOOL, entries, catalogue_of([]), TODAY)
    assert progress.last_completed == date(2026, 10, 30)
    earlier = evaluate(fw, SCHOOL, entries, catalogue_of([]), date(2026, 6, 1))
    assert earlier.last_completed == date(2026, 3, 2)  # the October entry was not done yet
    assert evaluate(fw, SCHOOL, entries[2:], catalogue_of([]), TODAY).last_completed is None
