"""The progress engine: a pure function from (framework, profile, entries,
catalogue, today, language) to a `Progress`. No I/O, no clock, no Textual.

Rules every kind follows (docs/frameworks.md explains them for people):
- Only *completed* entries dated on or before `today` are evidence.
- A *planned* entry counts towards "on track" only if it is dated from today
  up to the requirement's due date (or the end of the academic year, or, for
  a rolling window with no due date, the next 12 months). A plan whose date
  has passed is stale and counts for nothing.
- Precedence: not_applicable, met, overdue (a due date has passed), on_track
  (plans close the gap, or done >= the pro-rata share of the period elapsed),
  not_started (nothing done and nothing planned), behind.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from operator import attrgetter
from datetime import date, timedelta
from decimal import Decimal

from alnco.i18n import _
from alnco.model import Entry, Profile, format_hours
from alnco.numerals import count
from alnco.parsing import short_date
from alnco.progress.frameworks import Framework, Requirement
from alnco.progress.model import UNRATED, Progress, RequirementResult
from alnco.progress.periods import (
    academic_year,
    academic_year_label,
    add_months,
    elapsed_share,
    leaves_window,
    window_start,
)
from alnco.values import replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Mapping

SUGGESTIONS = 5
PLAN_HORIZON_MONTHS = 12  # plans further ahead than this do not make a rolling target "on track"
_DAY = attrgetter("date")
_DAY_AND_ID = attrgetter("date", "id")
_HOURS = attrgetter("hours")
_CREDITS = attrgetter("credits")
_ID = attrgetter("id")
_MODULE_ID = attrgetter("module_id")
_ZERO = Decimal(0)


def _total(entries: Iterable[Entry]) -> Decimal:
    """Their hours added up (Decimal, so 0.1 + 0.2 is 0.3)."""
    return sum(map(_HOURS, entries), _ZERO)


def evaluate(framework: Framework, profile: Profile | None, entries: Iterable[Entry],
             catalogue: Any, today: date, language: str = "en", *,
             suggest: bool = True, ratings: Mapping[str, int] | None = None) -> Progress:
    """Every requirement of `framework` for this ALNCO, as at the end of `today`.

    `suggest=False` leaves every requirement's suggestions empty, for callers
    that never show them (a cohort report ranks nothing for 300 people).
    `ratings` (task letter -> the newest self-assessment, 1-5) makes
    `Progress.next_steps` put modules for the weakest-rated tasks first.
    """
    facts = _Facts(entries, catalogue, today)
    if suggest:
        setting = profile.setting if profile is not None and profile.setting else framework.setting
        picker: Any = _Suggester(catalogue, today, language, facts.taken, setting,
                                 declared_keys(profile, today))
    else:
        picker = _NO_SUGGESTIONS
    results = []
    for req in framework.requirements:
        title = req.title_in(language)
        if profile is not None and profile.setting not in req.settings:
            result = _result(req, title, "not_applicable", 0.0,
                             _("Not for your setting ({setting})").format(
                                 setting=profile.setting))
        else:
            result = _KINDS[req.kind](req, title, profile, facts, picker, today, language)
        results.append(replace(result, citation=req.citation_in(language),
                               confirmed=req.confirmed, law=req.law_in(language),
                               short=req.short_in(language), recommended=req.recommended))
    start, _end = academic_year(today)
    year_hours = _total(facts.completed_since(start))
    target = next((r.params["target_hours"] for r in framework.requirements
                   if r.kind == "hours"), None)
    return Progress(as_of=today, framework=framework.id,
                    framework_title=framework.title_in(language),
                    requirements=tuple(results), hours_this_year=year_hours,
                    hours_target=target, last_completed=facts.last_completed,
                    law_checked_on=framework.law_checked_on,
                    framework_description=framework.description_in(language),
                    focus=_focus(results, catalogue, ratings) if suggest and ratings else {})


def _focus(results: list[RequirementResult], catalogue: Any,
           ratings: Mapping[str, int]) -> dict[str, int]:
    """Each suggested module's lowest rating among the tasks it covers (an unrated
    task, or a module for no task, counts as UNRATED: the middle)."""
    modules = getattr(catalogue, "modules", {}) or {}
    focus: dict[str, int] = {}
    for result in results:
        for module_id in result.suggestions:
            module = modules.get(module_id)
            if module_id not in focus and module is not None:
                focus[module_id] = min((ratings.get(t, UNRATED) for t in module.tasks),
                                       default=UNRATED)
    return focus


def declared_keys(profile: Profile | None, today: date) -> frozenset[str]:
    """The keys this person has declared as true on or before `today`."""
    return frozenset(d.key for d in (profile.declarations if profile else ())
                     if d.declared_on is None or d.declared_on <= today)


# ------------------------------------------------------------------ the facts

class _Facts:
    """One pass over the entries: what counts as evidence, what is planned ahead.

    Completed entries are kept oldest first (then by id), so "since date X" is
    one bisect rather than a scan. The split by task letter is made only for
    the entries inside a window, once per window start, when a requirement
    first asks for it (every task requirement shares one window, and old
    learning outside it is never looked at). A cohort report builds this for
    every person, so the passes lean on C-level helpers (attrgetter keys,
    map) rather than per-entry Python tuples.
    """

    __slots__ = ("entries", "completed", "planned", "modules", "_by_task")

    def __init__(self, entries: Iterable[Entry], catalogue: Any, today: date):
        self.entries = entries if isinstance(entries, (list, tuple)) else list(entries)
        self.modules = getattr(catalogue, "modules", {}) or {}
        completed: list[Entry] = []
        planned: list[Entry] = []
        add_completed, add_planned = completed.append, planned.append
        for entry in self.entries:
            if entry.status == "completed":
                if entry.date <= today:  # else not done yet as at `today` (--on in the past)
                    add_completed(entry)
            elif entry.date >= today:  # else a plan whose date has passed: stale
                add_planned(entry)
        completed.sort(key=_DAY_AND_ID)  # ids are unique, so no further tie
        planned.sort(key=_DAY_AND_ID)
        self.completed: list[Entry] = completed  # oldest first
        self.planned: list[Entry] = planned  # dated >= today, soonest first
        self._by_task: dict[int, dict[str, list[Entry]]] = {}  # window -> letter -> entries

    @property
    def taken(self) -> frozenset[str]:
        """Module ids already logged, done or planned (never suggested)."""
        return frozenset(filter(None, map(_MODULE_ID, self.entries)))

    @property
    def last_completed(self) -> date | None:
        return self.completed[-1].date if self.completed else None

    def letters(self, entry: Entry) -> tuple[str, ...]:
        """The entry's own task letters, else its module's."""
        if entry.tasks or not entry.module_id:
            return entry.tasks
        module = self.modules.get(entry.module_id)
        return module.tasks if module is not None else ()

    def completed_since(self, start: date, letter: str | None = None) -> list[Entry]:
        """Completed entries dated from `start`, oldest first (for one task letter)."""
        first = bisect_left(self.completed, start, key=_DAY)
        if letter is None:
            return self.completed[first:]
        split = self._by_task.get(first)
        if split is None:  # one pass over the window, for every letter at once
            split = self._by_task[first] = {}
            letters_of = self.letters
            for entry in self.completed[first:]:
                for each in letters_of(entry):
                    items = split.get(each)
                    if items is None:
                        items = split[each] = []
                    items.append(entry)
        return split.get(letter, [])

    def planned_with(self, letter: str) -> Iterable[Entry]:
        """Planned entries for one task letter, soonest first."""
        return [e for e in self.planned if letter in self.letters(e)]

    def credited(self, module_id: str | None, level: str) -> int:
        """The credits of a module at `level`, or 0 (not in the catalogue, no credits)."""
        module = self.modules.get(module_id) if module_id else None
        if module is None or module.level != level:
            return 0
        return module.credits or 0


def _result(req: Requirement, title: str, status: str, fraction: float, reason: str,
            evidence: Iterable[Entry] = (), suggestions: tuple[str, ...] = (),
            due: date | None = None, brief: str = "") -> RequirementResult:
    return RequirementResult(
        id=req.id, title=title, kind=req.kind, basis=req.basis, citation=req.citation,
        status=status, fraction=max(0.0, min(1.0, fraction)), reason=reason,
        evidence=tuple(map(_ID, evidence)), suggestions=suggestions, due=due, brief=brief,
    )


def _open_status(done: Decimal, planned: Decimal, target: Decimal, share: float) -> str:
    """Status of a target that is not met and not overdue."""
    if done + planned >= target or (done > 0 and done >= target * Decimal(str(share))):
        return "on_track"
    if done == 0 and planned == 0:
        return "not_started"
    return "behind"


def _hours(value: Decimal) -> str:
    return format_hours(value.quantize(Decimal("0.01")).normalize())


# ------------------------------------------------------------------ the kinds

def _declaration(req, title, profile, facts, picker, today, language) -> RequirementResult:
    """Met when every key of some group of the rule is declared (with evidence, if
    the line needs it). Keys in no group are supplementary: shown, never enough."""
    keys, rule = req.params["keys"], req.params["rule"]
    made = {d.key: d for d in (profile.declarations if profile else ())
            if d.key in keys and (d.declared_on is None or d.declared_on <= today)}

    def label(key: str) -> str:
        return keys[key].get(language) or keys[key]["en"]

    def labels(group: Iterable[str]) -> str:
        return "; ".join(label(k) for k in group)

    needed = _(", or ").join(labels(group) for group in rule)
    complete = [group for group in rule if all(k in made for k in group)]
    with_evidence = [g for g in complete if all(made[k].evidence.strip() for k in g)]
    if with_evidence or (complete and not req.params["evidence_required"]):
        group = (with_evidence or complete)[0]
        dates = [made[k].declared_on for k in group if made[k].declared_on]
        when = short_date(max(dates)) if dates else _("undated")
        return _result(req, title, "met", 1.0,
                       _("Declared on {date}: {label}").format(date=when, label=labels(group)))
    if complete:
        return _result(req, title, "behind", 0.5,
                       _("Declared without evidence: {label}; add the evidence").format(
                           label=labels(complete[0])), brief=_("no evidence"))
    if made:
        return _result(req, title, "behind", 0.25,
                       _("Declared: {label}; on its own this does not meet the line. "
                         "Needed: {needed}").format(label=labels(made), needed=needed),
                       brief=_("required fact not declared"))
    return _result(req, title, "not_started", 0.0,
                   _("Not declared yet. Needed: {needed}").format(needed=needed),
                   brief=_("not declared"))


def _task_coverage(req, title, profile, facts, picker, today, language) -> RequirementResult:
    letter, years = req.params["task"], req.params["window_years"]
    target: Decimal = req.params["min_hours"]
    start = window_start(today, years)
    evidence = facts.completed_since(start, letter)
    done = _total(evidence)
    reason = _("{done} h for task ({task}) in the last {years} (target {target} h)").format(
        done=_hours(done), target=_hours(target), task=letter, years=count(years, "year"))
    if done >= target:
        # The window rolls on: say when the oldest entry still needed drops out.
        needed, lapse = Decimal(0), None
        for entry in reversed(evidence):
            needed += entry.hours
            if needed >= target:
                lapse = leaves_window(entry.date, years)
                break
        due = lapse
        return _result(req, title, "met", 1.0, reason + _("; holds until {date}").format(
            date=short_date(due - timedelta(days=1))), evidence, due=due)
    designated = profile.designated_on if profile else None
    grace_end = add_months(designated, 12 * years) if designated else None
    if grace_end and today < grace_end:
        horizon, share, due = grace_end, elapsed_share(designated, grace_end, today), grace_end
    else:
        horizon, share, due = add_months(today, PLAN_HORIZON_MONTHS), 1.0, None
    planned = sum((e.hours for e in facts.planned_with(letter) if e.date <= horizon),
                  Decimal(0))
    if planned:
        reason += _("; {hours} h planned").format(hours=_hours(planned))
    if due:
        reason += _("; due {date}").format(date=short_date(due))
    status = _open_status(done, planned, target, share)
    gap = target - done - planned
    suggestions = picker.pick(("task", letter), gap) if gap > 0 else ()
    brief = _("{done} of {target} h").format(done=_hours(done), target=_hours(target))
    return _result(req, title, status, float(done / target), reason, evidence, suggestions, due,
                   brief)


def _hours_target(req, title, profile, facts, picker, today, language) -> RequirementResult:
    target: Decimal = req.params["target_hours"]
    start, end = academic_year(today)
    evidence = facts.completed_since(start)
    done = _total(evidence)
    reason = _("{done} of {target} h this academic year ({year})").format(
        done=_hours(done), target=_hours(target), year=academic_year_label(today))
    if done >= target:
        return _result(req, title, "met", 1.0, reason, evidence, due=end)
    planned = sum((e.hours for e in facts.planned if e.date <= end), Decimal(0))
    share = elapsed_share(start, end, today)
    if planned:
        reason += _("; {hours} h planned").format(hours=_hours(planned))
    status = _open_status(done, planned, target, share)
    if status in ("behind", "not_started"):
        expected = (target * Decimal(str(share))).quantize(Decimal(1))
        reason += _("; about {hours} h expected by now").format(hours=_hours(expected))
    gap = target - done - planned
    suggestions = picker.pick(("all",), gap) if gap > 0 else ()
    brief = _("{done} of {target} h").format(done=_hours(done), target=_hours(target))
    return _result(req, title, status, float(done / target), reason, evidence, suggestions, end,
                   brief)


def _named_modules(req, title, profile, facts, picker, today, language) -> RequirementResult:
    wanted: tuple[str, ...] = req.params["modules"]
    label = req.params["label"].get(language) or req.params["label"]["en"]
    wanted_set = frozenset(wanted)
    evidence = [e for e in facts.completed if e.module_id in wanted_set]
    done = {e.module_id for e in evidence}
    total = len(wanted)
    fraction = len(done) / total
    reason = _("{done} of {total} {label}").format(done=len(done), total=total, label=label)
    designated = profile.designated_on if profile else None
    if len(done) == total:
        return _result(req, title, "met", 1.0, reason, evidence)
    if designated is None:
        return _result(req, title, "not_applicable", fraction,
                       reason + _("; add your designation date to your profile to see when "
                                  "they are due"), evidence)
    window_end = add_months(designated, req.params["applies_for_months"])
    if today >= window_end:  # induction is for new ALNCOs: it has run its course
        return _result(req, title, "not_applicable", fraction,
                       reason + _("; for new ALNCOs only: it stopped applying on {date}")
                       .format(date=short_date(window_end)), evidence)
    due = add_months(designated, req.params["period_months"])
    missing = [m for m in wanted if m not in done]
    if today > due:
        status = "overdue"
        reason += _("; was due {date}").format(date=short_date(due))
        planned_ids: set[str] = set()
    else:
        planned_ids = {e.module_id for e in facts.planned if e.module_id in missing
                       and e.date <= due}
        share = elapsed_share(designated, due, today)
        status = _open_status(Decimal(len(done)), Decimal(len(planned_ids)), Decimal(total),
                              share)
        if planned_ids:
            reason += _("; {modules} planned").format(modules=count(len(planned_ids), "module"))
        reason += _("; due {date}").format(date=short_date(due))
    suggestions = picker.rank_named([m for m in missing if m not in planned_ids])
    brief = _("{done} of {total}").format(done=len(done), total=total)
    return _result(req, title, status, fraction, reason, evidence, suggestions, due, brief)


def _qualification(req, title, profile, facts, picker, today, language) -> RequirementResult:
    key, level = req.params["declaration_key"], req.params["level"]
    target = Decimal(req.params["credits"])
    declared = next((d for d in (profile.declarations if profile else ())
                     if d.key == key and (d.declared_on is None or d.declared_on <= today)), None)
    if declared is not None:
        when = short_date(declared.declared_on) if declared.declared_on else _("undated")
        return _result(req, title, "met", 1.0,
                       _("Declared on {date}: {value}").format(
                           date=when, value=declared.value or title))
    counted: dict[str, Entry] = {}  # module id -> its first completed entry
    for entry in facts.completed:
        if entry.module_id not in counted and facts.credited(entry.module_id, level):
            counted[entry.module_id] = entry
    done = Decimal(sum(facts.credited(m, level) for m in counted))
    evidence = sorted(counted.values(), key=lambda e: (e.date, e.id))
    reason = _("{done} of {target} from {level} modules (recommended, not required)").format(
        done=done, target=count(target, "credit"), level=_(level))
    if done >= target:
        return _result(req, title, "met", 1.0, reason, evidence)
    within = req.params["within_months"]
    designated = profile.designated_on if profile else None
    due = add_months(designated, within) if (within and designated) else None
    if due and today > due:
        status = "overdue"
        reason += _("; was due {date}").format(date=short_date(due))
        planned = Decimal(0)
    else:
        planned_ids = {e.module_id for e in facts.planned if e.module_id not in counted
                       and facts.credited(e.module_id, level) and (due is None or e.date <= due)}
        planned = Decimal(sum(facts.credited(m, level) for m in planned_ids))
        share = elapsed_share(designated, due, today) if due else 0.0
        status = _open_status(done, planned, target, share)
        if planned:
            reason += _("; {credits} planned").format(credits=count(planned, "credit"))
        if due:
            reason += _("; due {date}").format(date=short_date(due))
    reason += _("; or declare one you hold")
    gap = target - done - planned
    suggestions = picker.pick(("credits", level), gap) if gap > 0 else ()
    brief = _("{done} of {total}").format(done=done, total=count(target, "credit"))
    return _result(req, title, status, float(done / target), reason, evidence, suggestions, due,
                   brief)


_KINDS: dict[str, Callable[..., RequirementResult]] = {
    "declaration": _declaration,
    "task_coverage": _task_coverage,
    "hours": _hours_target,
    "named_modules": _named_modules,
    "qualification": _qualification,
}


# ------------------------------------------------------------------ suggestions

class _Tier:
    """One language group of modules, bucketed by size: `sizes` ascending (as
    floats) and, for each, the modules of that size.

    A bucket is sorted by id only when a walk first reaches it, so a one-shot
    evaluation pays for one pass over the catalogue plus the few buckets near
    its gaps, not for a full sort of every module.
    """

    __slots__ = ("sizes", "buckets", "_ready")

    def __init__(self, groups: dict[Any, list[Any]]):
        merged: dict[float, list[Any]] = {}
        for size, members in groups.items():
            # Two different Decimals can share a float; the float is what orders them.
            merged.setdefault(float(size), []).extend(members)
        self.sizes = sorted(merged)
        self.buckets = [merged[size] for size in self.sizes]
        self._ready = [False] * len(self.sizes)

    def bucket(self, index: int) -> list[Any]:
        """The modules of the index-th size, by id."""
        if not self._ready[index]:
            self.buckets[index].sort(key=_ID)
            self._ready[index] = True
        return self.buckets[index]


Order = list[_Tier]  # the preferred language's modules, then the others
_ORDERS: "weakref.WeakKeyDictionary[Any, tuple[tuple[int, int], dict[tuple[str, str], Order]]]" = \
    weakref.WeakKeyDictionary()


def _size_order(catalogue: Any, measure: str, language: str) -> Order:
    """Every module grouped by size (hours or credits), split by language.

    It depends only on the catalogue, so it is remembered per catalogue object
    (weakly: it goes when the catalogue does). A catalogue whose module dict
    was replaced or resized is grouped afresh.
    """
    modules = getattr(catalogue, "modules", {}) or {}
    stamp = (id(modules), len(modules))
    try:
        cached_stamp, orders = _ORDERS.get(catalogue, (None, {}))
    except TypeError:  # not weak-referenceable: just compute
        cached_stamp, orders = None, {}
    if cached_stamp != stamp:
        orders = {}
        try:
            _ORDERS[catalogue] = (stamp, orders)
        except TypeError:
            pass
    key = (measure, language)
    if key not in orders:
        preferred: dict[Any, list[Any]] = {}
        others: dict[Any, list[Any]] = {}
        size_of = _HOURS if measure == "hours" else _CREDITS
        for module in modules.values():
            size = size_of(module)
            if size or measure == "hours":  # modules without credits are left out
                group = preferred if language in module.languages else others
                group.setdefault(size, []).append(module)
        orders[key] = [_Tier(preferred), _Tier(others)]
    return orders[key]


class _Suggester:
    """Ranks catalogue modules that would close a gap.

    Order: modules offered in the ALNCO's language first; then the module
    whose size is closest to the gap (the fewest hours beyond or short of what
    is needed: a 20 h module before a 200 h one for a 24 h gap), a module that
    closes the gap winning a tie; then smaller, then by id. Never a module
    already completed or planned, never one unavailable or withdrawn today, and
    never one the person is not eligible for (another setting, or a registration
    they have not declared).

    A pick bisects the catalogue's size order (see `_size_order`) at the gap
    and walks outwards, skipping modules that do not fit (wrong task, taken,
    unavailable), so it usually looks at a few dozen modules.
    """

    def __init__(self, catalogue: Any, today: date, language: str, taken: frozenset[str],
                 setting: str | None = None, declared: frozenset[str] = frozenset()):
        self.language = language
        self._catalogue = catalogue
        self._today = today
        self._taken = taken
        self._setting = setting
        self._declared = declared

    def _open_to_them(self, module: Any) -> bool:
        """For their setting, and nothing they have not declared is required
        (the National MA needs a school teacher: never offered to an FEI ALNCO)."""
        return module.eligible_for(self._setting, self._declared)

    def pick(self, what: tuple[str, ...], gap: Decimal, limit: int = SUGGESTIONS) -> tuple[str, ...]:
        """Best modules for `what`: ("all",), ("task", letter) or ("credits", level)."""
        taken, today = self._taken, self._today
        if what[0] == "task":
            letter = what[1]
            fits: Callable[[Any], bool] = lambda m: letter in m.tasks
        elif what[0] == "credits":
            level = what[1]
            fits = lambda m: m.level == level
        else:
            fits = lambda m: True
        measure = "credits" if what[0] == "credits" else "hours"
        picked: list[str] = []
        for tier in _size_order(self._catalogue, measure, self.language):
            for module in self._walk(tier, float(gap)):
                if (module.id not in taken and fits(module) and module.is_available(today)
                        and self._open_to_them(module)):
                    picked.append(module.id)
                    if len(picked) == limit:
                        return tuple(picked)
        return tuple(picked)

    @staticmethod
    def _walk(tier: _Tier, gap: float) -> Iterable[Any]:
        """Modules closest in size to the gap first (a two-pointer merge outwards from
        the gap, a size at a time); on a tie the size that closes the gap comes first.
        Within a size: upwards by id, downwards by id from the end."""
        sizes = tier.sizes
        up = bisect_left(sizes, gap)  # sizes[up:] close the gap
        down = up - 1
        while up < len(sizes) or down >= 0:
            if down < 0 or (up < len(sizes) and sizes[up] - gap <= gap - sizes[down]):
                yield from tier.bucket(up)
                up += 1
            else:
                yield from reversed(tier.bucket(down))
                down -= 1

    def rank_named(self, module_ids: list[str]) -> tuple[str, ...]:
        """Named modules still to do, available today, in the ALNCO's language first."""
        modules = getattr(self._catalogue, "modules", {}) or {}
        found = [modules[m] for m in module_ids
                 if m in modules and m not in self._taken and modules[m].is_available(self._today)
                 and self._open_to_them(modules[m])]
        found.sort(key=lambda m: (self.language not in m.languages, m.hours, m.id))
        return tuple(m.id for m in found[:SUGGESTIONS])


class _NoSuggestions:
    """Stands in for `_Suggester` when nobody will read the suggestions."""

    @staticmethod
    def pick(what: tuple[str, ...], gap: Decimal, limit: int = SUGGESTIONS) -> tuple[str, ...]:
        return ()

    @staticmethod
    def rank_named(module_ids: list[str]) -> tuple[str, ...]:
        return ()


_NO_SUGGESTIONS = _NoSuggestions()
