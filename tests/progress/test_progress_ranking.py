"""Suggestion ranking: the engine's bucketed walk must rank exactly as one full sort
of the catalogue would (checked with hypothesis over random catalogues and gaps).

The engine groups modules by size and sorts a group by id only when a walk reaches
it; this pins its order to the plain definition, ties and all: the user's language
first; then the smallest distance between a module's size and the gap, a module
that closes the gap winning a tie; then, among modules of one size, by id upwards
when they close the gap and by id downwards when they fall short.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from alnco.catalogue.model import Module
from alnco.model import Entry, Profile
from alnco.progress.engine import SUGGESTIONS, evaluate
from alnco.progress.frameworks import parse_framework

TODAY = date(2026, 11, 3)
PROFILE = Profile(name="Ann", setting="school", designated_on=date(2020, 9, 1))
# Equal values written differently ("1", "1.0") and different values with one float
# ("0.1" and the exact binary 0.1) must rank as one size.
SIZES = ["0.1", "0.1000000000000000055511151231257827021181583404541015625", "0.5", "1",
         "1.0", "1.00", "1.5", "2", "3", "6", "12", "20", "22", "200"]
GAPS = ["0.1", "0.5", "1", "1.25", "2", "3", "4", "7", "17", "21", "24", "100", "500"]


def framework(hours: str, credits: int):
    def req(kind, params):
        return {"id": kind.replace("_", "-"), "kind": kind, "basis": "local",
                "citation": "test", "title": {"en": kind}, "params": params}

    return parse_framework({"id": "test", "setting": "school", "version": 1,
                            "title": {"en": "Test"}, "requirements": [
                                req("hours", {"target_hours": hours}),
                                req("task_coverage", {"task": "a", "min_hours": hours}),
                                req("qualification", {"declaration_key": "pg",
                                                      "credits": credits})]},
                           "test.toml")


modules = st.lists(st.builds(
    lambda n, hours, credits, tasks, languages, withdrawn, available: Module(
        id=f"m-{n:03d}", title={"en": "M"}, hours=Decimal(hours), tasks=tuple(sorted(tasks)),
        languages=languages, level="accredited" if credits else "practice", credits=credits,
        withdrawn_on=withdrawn, available_from=available),
    st.integers(0, 999), st.sampled_from(SIZES), st.sampled_from([None, 20, 30, 60]),
    st.sets(st.sampled_from("abc"), min_size=1), st.sampled_from([("en",), ("cy",), ("en", "cy")]),
    st.sampled_from([None, date(2025, 1, 1), date(2027, 1, 1)]),
    st.sampled_from([None, None, date(2027, 1, 1)])),
    max_size=40, unique_by=lambda m: m.id)


def expected(catalogue, size_of, fits, gap: Decimal, language: str, taken) -> tuple[str, ...]:
    """The definition: one sort of every candidate by the whole ranking key."""
    candidates = [m for m in catalogue if size_of(m) is not None]
    rank = {m.id: n for n, m in enumerate(sorted(candidates, key=lambda m: m.id))}
    target = float(gap)

    def key(module):
        size = float(size_of(module))
        by_id = rank[module.id] if size >= target else -rank[module.id]
        return (language not in module.languages, abs(size - target), size < target, by_id)

    return tuple(m.id for m in sorted(candidates, key=key)
                 if m.id not in taken and fits(m) and m.is_available(TODAY))[:SUGGESTIONS]


@settings(max_examples=300, deadline=None)
@given(modules, st.sampled_from(GAPS), st.sampled_from([20, 30, 60, 90]),
       st.sampled_from(["en", "cy"]), st.randoms(use_true_random=False), st.data())
def test_suggestions_rank_as_a_full_sort_would(catalogue, gap, credits, language, rng,
                                               data) -> None:
    shuffled = list(catalogue)
    rng.shuffle(shuffled)  # the catalogue's own order must not matter
    taken = data.draw(st.sets(st.sampled_from([m.id for m in catalogue]))) if catalogue \
        else set()
    # Plans whose date has passed count for nothing, but their modules are never suggested.
    stale = [Entry(title="old plan", date=date(2025, 1, 1), hours=Decimal(1), status="planned",
                   module_id=module_id) for module_id in sorted(taken)]
    progress = evaluate(framework(gap, credits), PROFILE, stale,
                        SimpleNamespace(modules={m.id: m for m in shuffled}), TODAY, language)
    hours, task, qualification = progress.requirements
    assert hours.suggestions == expected(
        catalogue, lambda m: m.hours, lambda m: True, Decimal(gap), language, taken)
    assert task.suggestions == expected(
        catalogue, lambda m: m.hours, lambda m: "a" in m.tasks, Decimal(gap), language, taken)
    assert qualification.suggestions == expected(
        catalogue, lambda m: m.credits or None, lambda m: m.level == "accredited",
        Decimal(credits), language, taken)


@settings(max_examples=50, deadline=None)
@given(modules, st.sampled_from(GAPS), st.sampled_from(["en", "cy"]))
def test_without_suggestions_only_the_suggestions_differ(catalogue, gap, language) -> None:
    from alnco.values import replace

    fw = framework(gap, 60)
    shelf = SimpleNamespace(modules={m.id: m for m in catalogue})
    full = evaluate(fw, PROFILE, [], shelf, TODAY, language)
    bare = evaluate(fw, PROFILE, [], shelf, TODAY, language, suggest=False)
    assert all(r.suggestions == () for r in bare.requirements)
    assert bare.requirements == tuple(replace(r, suggestions=()) for r in full.requirements)
    assert (bare.hours_this_year, bare.hours_target) == (full.hours_this_year, full.hours_target)
