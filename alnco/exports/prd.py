"""The PRD summary: one printable A4 page for the Practice, Review and Development
(performance management) meeting, `alnco export --format prd -o FILE.html`.

For one performance-management year (default the academic year today falls in,
1 September to 31 August; `--year 2026` is 2026/27; `--from/--to` narrow it):
hours, learning by task line and by professional standard, how self-assessment
moved (first and latest rating of each line in the year) and the reflections the
ALNCO picks with `--reflections ID,ID` (none by default: reflections are private).
Self-contained HTML like the progress report (inline CSS, no scripts); every piece
of user, catalogue or system-layer text is escaped. Long reflections are shortened
so the page stays one page, and the page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from alnco.errors import InputError, UsageError
from alnco.i18n import _

MAX_REFLECTIONS = 4
# Characters of reflection one page holds with everything else on it (60 entries, every
# task and standard, three rating sessions), shared among those chosen; a line break
# costs a line's worth. Measured by printing (tests/portfolio/test_prd_print.py).
REFLECTION_BUDGET = 3400
LINE_COST = 90
HEAD_COST = 250  # a reflection's heading line and its spacing
TITLE_MOST = 110  # characters of an entry's title in a reflection's heading

EXTRA_STYLE = """
body { font-size: 10pt; }
table.lines { table-layout: fixed; margin: .2em 0 .5em; }
table.lines col.hours { width: 4em; }
table.lines col.count { width: 6em; }
table.lines col.conf { width: 7.5em; }
table.lines td.conf, table.lines th.conf { white-space: nowrap; }
.up { color: #064; } .down { color: #a00; }
.summary { margin: .2em 0 .4em; }
.reflection { margin: .25em 0 .45em; break-inside: avoid; }
.reflection h3 { font-size: 10.5pt; margin: 0; }
.reflection p { margin: .1em 0 0; white-space: pre-line; }
.notes { margin-top: .6em; }
@media print {
  body { font-size: 8.3pt; line-height: 1.22; }
  h2 { margin: .45em 0 .1em; }
  .reflection h3 { font-size: 8.6pt; }
  table.lines { margin: .1em 0 .3em; }
}
"""


@dataclass
class PrdData:
    """Everything the page shows, gathered once."""

    profile: Any
    language: str
    today: date
    start: date
    end: date
    task_lines: list[tuple[str, str]]  # (letter, label) in the framework's order
    standard_set: Any  # alnco.standards.StandardSet, or None
    entries: list[Any]  # every entry (the page picks the period's)
    modules: Any  # catalogue module id -> module (for a module entry's tasks)
    assessments: list[Any]  # alnco.assessment.Assessment, oldest first
    reflections: list[Any] = field(default_factory=list)  # entries chosen, in the order given
    hours_target: Decimal | None = None
    hours_citation: str = ""
    framework_title: str = ""


# ------------------------------------------------------------------ choosing

def parse_year(text: str) -> int:
    """`2026`, `2026-27` or `2026/27` -> 2026 (the year 1 Sep 2026 - 31 Aug 2027)."""
    from alnco.parsing import EARLIEST, LATEST

    found = re.fullmatch(r"\s*(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?\s*", text or "")
    if found:
        first = int(found.group(1))
        second = found.group(2)
        follows = second is None or int(second) % 100 == (first + 1) % 100
        if follows and EARLIEST.year <= first < LATEST.year:
            return first
    raise UsageError(_("--year takes the year a performance-management year starts, e.g. "
                       "2026 (1 Sep 2026 to 31 Aug 2027) or 2026-27, not '{given}'").format(
                           given=(text or "")[:40]))


def period(today: date, year: int | None, start: date | None, end: date | None
           ) -> tuple[date, date]:
    """The year's first and last day: `year`'s academic year (default today's), with
    `start`/`end` (--from/--to) replacing either end."""
    if year is None:
        year = today.year if today.month >= 9 else today.year - 1
    first, last = date(year, 9, 1), date(year + 1, 8, 31)
    first, last = start or first, end or last
    if first > last:
        from alnco.parsing import short_date

        raise InputError(_("the period starts after it ends ({start} to {end}); check --year, "
                           "--from and --to").format(start=short_date(first),
                                                     end=short_date(last)))
    return first, last


def chosen_reflections(entries: list[Any], text: str | None) -> list[Any]:
    """The entries named by `--reflections ID,ID` (id prefixes), each with a reflection."""
    if not text:
        return []
    from alnco.store.record import resolve_prefix

    chosen: list[Any] = []
    for prefix in (p.strip() for p in text.split(",")):
        if not prefix:
            continue
        entry = resolve_prefix(entries, prefix)
        if not entry.reflection.strip():
            raise InputError(_("entry {id} has no reflection to show; pick entries with one "
                               "(see 'alnco log list')").format(id=entry.id[:8]))
        if entry not in chosen:
            chosen.append(entry)
    if len(chosen) > MAX_REFLECTIONS:
        raise InputError(_("one page holds at most {n} reflections; choose fewer").format(
            n=MAX_REFLECTIONS))
    return chosen


def gather_prd(ctx: Any, *, year: int | None, start: date | None, end: date | None,
               reflections: str | None) -> PrdData:
    from alnco.assessment import assessments_of, standards_or_none
    from alnco.catalogue.layers import load_catalogue
    from alnco.exports.sources import framework_for_export
    from alnco.model import Profile

    snapshot = ctx.record.read()
    profile = snapshot.profile or Profile()
    first, last = period(ctx.today, year, start, end)
    framework = framework_for_export(ctx, profile)
    language = getattr(ctx, "language", "en")
    task_lines = []
    hours_target, hours_citation = None, ""
    for req in framework.requirements:
        if req.kind == "task_coverage":
            title = req.title_in(language)
            short = req.short_in(language)
            _head, sep, rest = title.partition(": ")
            task_lines.append((req.params["task"], f"{short}: {rest}" if sep else title))
        elif req.kind == "hours" and hours_target is None:
            hours_target = req.params["target_hours"]
            hours_citation = req.citation_in(language)
    catalogue = load_catalogue(ctx, warn=False)
    setting = profile.setting or framework.setting
    return PrdData(
        profile=profile, language=language, today=ctx.today, start=first, end=last,
        task_lines=task_lines, standard_set=standards_or_none(setting, ctx),
        entries=list(snapshot.entries), modules=getattr(catalogue, "modules", {}) or {},
        assessments=assessments_of(snapshot),
        reflections=chosen_reflections(list(snapshot.entries), reflections),
        hours_target=hours_target, hours_citation=hours_citation,
        framework_title=framework.title_in(language))


# ------------------------------------------------------------------ the page

def _text(value: str) -> str:
    from alnco.exports.html_report import text

    return text(value)


def _letters(entry: Any, modules: Any) -> tuple[str, ...]:
    """The entry's own task letters, else its module's (as progress counts them)."""
    if entry.tasks or not entry.module_id:
        return tuple(entry.tasks)
    module = modules.get(entry.module_id)
    return tuple(module.tasks) if module is not None else ()


def _change(pair: tuple[int, int] | None) -> str:
    if pair is None:
        return "–"
    first, latest = pair
    if first == latest:
        return f"{latest} (=)"
    css = "up" if latest > first else "down"
    return f'{first} → {latest} <span class="{css}">({latest - first:+d})</span>'


def _cut(line: str, size: int) -> str:
    """`line` cut at a word to at most `size` characters, marked with an ellipsis."""
    if len(line) <= size:
        return line
    head = line[:max(size - 1, 1)]
    head = head.rsplit(" ", 1)[0] if " " in head else head
    return head.rstrip(" ,;:.") + "…"


def _shortened(text: str, budget: int) -> tuple[str, bool]:
    """`text` in about `budget` characters (a line break costs LINE_COST).

    A filled template has a line a prompt, so every line keeps a fair share:
    short answers whole, the long ones cut to what is left shared equally
    (rather than the first answer eating the page)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    most = max(1, budget // (LINE_COST + 60))  # room for each line to say something
    kept = lines[:most]
    available = budget - LINE_COST * (len(kept) - 1)
    if len(kept) == len(lines) and sum(map(len, kept)) <= available:
        return "\n".join(kept), False
    shares = [0] * len(kept)
    left = available
    order = sorted(range(len(kept)), key=lambda i: len(kept[i]))
    for done, index in enumerate(order):
        shares[index] = min(len(kept[index]), left // (len(kept) - done))
        left -= shares[index]
    return "\n".join(_cut(line, share) for line, share in zip(kept, shares)), True


def render_prd(data: PrdData) -> bytes:
    from alnco.assessment import (STANDARD_PREFIX, TASK_PREFIX, in_period, movement)
    from alnco.exports.html_report import page
    from alnco.model import format_hours
    from alnco.numerals import count
    from alnco.parsing import short_date

    language = data.language
    profile = data.profile
    name = profile.name or _("(no name)")
    title = _("PRD summary: {name}").format(name=name)
    parts = [f"<h1>{_text(title)}</h1>\n", '<p class="who">']
    facts = [_("EWC number: {value}").format(value=profile.ewc_number)
             if profile.ewc_number else "", profile.institution, data.framework_title]
    parts.append(" · ".join(_text(f) for f in facts if f))
    whole_year = (data.start.month, data.start.day, data.end.month, data.end.day) == \
        (9, 1, 8, 31) and data.end.year == data.start.year + 1
    if whole_year:
        heading = _("Practice, Review and Development (PRD) year {year}: {start} to {end}")
    else:  # --from/--to narrowed it: no year label that would be wrong
        heading = _("Practice, Review and Development (PRD): {start} to {end}")
    parts.append("<br><strong>" + _text(heading.format(
        year=f"{data.start.year}-{(data.start.year + 1) % 100:02d}",
        start=short_date(data.start), end=short_date(data.end))) + "</strong></p>\n")

    in_year = [e for e in data.entries if data.start <= e.date <= data.end]
    done = [e for e in in_year if e.status == "completed" and e.date <= data.today]
    planned = [e for e in in_year if e.status == "planned" and e.date >= data.today]
    total = sum((e.hours for e in done), Decimal(0))
    summary = _("Completed: {hours} h in {entries}.").format(
        hours=format_hours(total), entries=count(len(done), "entry"))
    if data.hours_target is not None:
        summary += " " + _("Target: {target} h an academic year; basis: {citation}.").format(
            target=format_hours(data.hours_target), citation=data.hours_citation)
    if planned:
        summary += " " + _("Planned for the rest of the year: {hours} h.").format(
            hours=format_hours(sum((e.hours for e in planned), Decimal(0))))
    parts.append(f'<p class="summary">{_text(summary)}</p>\n')

    sessions = in_period(data.assessments, data.start, data.end)
    moved = movement(sessions)
    conf_head = _("Confidence")

    # By task line.
    by_task: dict[str, list[Any]] = {letter: [] for letter, _label in data.task_lines}
    for entry in done:
        for letter in _letters(entry, data.modules):
            if letter in by_task:
                by_task[letter].append(entry)
    parts.append(_table(_("Learning by task"), _("Task"), conf_head, [
        (label, sum((e.hours for e in by_task[letter]), Decimal(0)), len(by_task[letter]),
         moved.get(TASK_PREFIX + letter)) for letter, label in data.task_lines]))

    # By professional standard.
    standard_set = data.standard_set
    if standard_set is not None and standard_set.standards:
        from alnco.standards import learning_by_standard

        learning = learning_by_standard(done, standard_set, since=data.start, on=data.end,
                                        modules=data.modules)
        parts.append(_table(_("Learning by professional standard"), _("Standard"), conf_head, [
            (item.title.get(language) or item.title.get("en", item.key), item.hours,
             len(item.entry_ids), moved.get(STANDARD_PREFIX + item.key)) for item in learning]))

    if sessions:
        note = _("Confidence is your own rating, 1 ({low}) to 5 ({high}): the first and the "
                 "latest of {sessions} in this year, from {first} to {latest}.")
        from alnco.assessment import rating_label

        parts.append('<p class="small">' + _text(note.format(
            low=rating_label(1), high=rating_label(5),
            sessions=_sessions(len(sessions)), first=short_date(sessions[0].on),
            latest=short_date(sessions[-1].on))) + "</p>\n")
    else:
        parts.append('<p class="small">' + _text(_(
            "No self-assessment in this year (rate your confidence with 'alnco assess').")) +
            "</p>\n")

    parts.append(f"<h2>{_text(_('Reflections chosen for this review'))}</h2>\n")
    if data.reflections:
        budget = (REFLECTION_BUDGET - HEAD_COST * len(data.reflections)) // len(data.reflections)
        for entry in data.reflections:
            shown, cut = _shortened(entry.reflection, budget)
            head = "{title} · {date} · {hours} h".format(
                title=_cut(" ".join(entry.title.split()), TITLE_MOST), date=short_date(entry.date),
                hours=format_hours(entry.hours))
            more = (' <span class="small">' + _text(_("(shortened to fit the page; the whole "
                                                       "reflection is in your record)"))
                    + "</span>") if cut else ""
            parts.append(f'<div class="reflection"><h3>{_text(head)}</h3>'
                         f"<p>{_text(shown)}{more}</p></div>\n")
    else:
        parts.append('<p class="small">' + _text(_(
            "None chosen: your reflections stay private unless you pick some.")) + "</p>\n")

    notes = [_("An entry can count for several tasks and standards. Hours are completed "
               "learning dated in the year.")]
    if standard_set is not None:
        notes.append(_("Professional standards: {citation}.").format(
            citation=standard_set.citation_in(language)))
        stand_in = standard_set.stand_in_note()
        if stand_in:
            notes.append(stand_in)
    notes.append(_("Made with alnco on {date}; this page holds only what you chose to "
                   "print.").format(date=short_date(data.today)))
    parts.append('<p class="small notes">' + " ".join(_text(n) for n in notes) + "</p>\n")
    return page(title, "".join(parts), language, EXTRA_STYLE)


def _sessions(n: int) -> str:
    from alnco.i18n import ngettext

    return ngettext("{n} rating", "{n} ratings", n).format(n=n)


def _table(heading: str, what: str, conf_head: str,
           rows: list[tuple[str, Decimal, int, tuple[int, int] | None]]) -> str:
    from alnco.model import format_hours

    out = [f"<h2>{_text(heading)}</h2>\n<table class=\"lines\">\n"
           '<colgroup><col><col class="hours"><col class="count"><col class="conf"></colgroup>'
           "\n<thead><tr>"
           f"<th>{_text(what)}</th><th class=\"num\">{_text(_('Hours'))}</th>"
           f"<th class=\"num\">{_text(_('Entries'))}</th>"
           f"<th class=\"conf\">{_text(conf_head)}</th></tr></thead>\n<tbody>\n"]
    for label, hours, entries, moved in rows:
        out.append(f"<tr><td>{_text(label)}</td><td class=\"num\">{_text(format_hours(hours))}"
                   f"</td><td class=\"num\">{entries}</td>"
                   f"<td class=\"conf\">{_change(moved)}</td></tr>\n")
    out.append("</tbody></table>\n")
    return "".join(out)


# ------------------------------------------------------------------ the command

def export_prd(ctx: Any, args: Any) -> int:
    """`alnco export --format prd`: gather, render, write; one line to stderr."""
    from alnco.exports.writing import write_output
    from alnco.parsing import parse_date

    year = parse_year(args.year) if getattr(args, "year", None) else None
    start = parse_date(args.date_from, ctx.today) if args.date_from else None
    end = parse_date(args.date_to, ctx.today) if args.date_to else None
    data = gather_prd(ctx, year=year, start=start, end=end,
                      reflections=getattr(args, "reflections", None))
    content = render_prd(data)
    path = write_output(content, args.output, force=args.force, stdout=ctx.stdout)
    if path is not None:
        from alnco.parsing import short_date

        print(_("Wrote the PRD summary for {start} to {end} to {path} (print it on one A4 "
                "page from your browser)").format(start=short_date(data.start),
                                                  end=short_date(data.end), path=path),
              file=ctx.stderr)
    if not data.reflections:
        print(_("No reflections on the page (they stay private); add some with "
                "--reflections ID,ID"), file=ctx.stderr)
    return 0
