"""`alnco assess`: rate your confidence (1-5) on your framework's task lines and the
professional standards, and see how it moved. Ratings steer `alnco progress`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from alnco.context import Context
from alnco.i18n import _

HISTORY_SHOWN = 5  # the newest ratings of a key shown in text; JSON has them all


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "assess", parents=[common], help=_("rate your confidence on your tasks (self-assessment)"),
        description=_("Rate how confident you feel, from 1 (not yet confident) to 5 (very "
                      "confident), on each task line of your framework and, if you like, on "
                      "the professional standards. Suggestions in 'alnco progress' then "
                      "start with the lines you rated lowest. alnco asks once a term. With "
                      "no action, shows your ratings."),
    )
    parser.set_defaults(handler=show_assessment, format="text")
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"),
                                    parser_class=type(parser))
    set_ = actions.add_parser(
        "set", parents=[common], help=_("save a rating session"),
        description=_("Save ratings as KEY=N, N from 1 to 5: a task letter (a=3) or a "
                      "standard (pedagogy=4; standard:pedagogy=4 also works). Lines you "
                      "leave out keep their last rating. 'alnco assess show' lists every "
                      "key."),
        epilog=_("Example: alnco assess set a=3 b=4 c=2 pedagogy=4"),
    )
    set_.add_argument("ratings", metavar="KEY=N", nargs="+",
                      help=_("a rating, e.g. a=3 or pedagogy=4 (several at once)"))
    set_.add_argument("--on", metavar="DATE", help=_("the date of this rating (default today)"))
    set_.set_defaults(handler=set_assessment)
    show = actions.add_parser(
        "show", parents=[common], help=_("show your latest ratings and their history"),
        description=_("Your latest rating of every line, the ratings before it, and whether "
                      "a fresh rating is due this term."),
    )
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=show_assessment)


def parse_ratings(words: list[str]) -> dict[str, int]:
    """`a=3 b=4,c=2 pedagogy=4 standard:innovation=5` -> {"task:a": 3, ...}.

    Only the form is checked here; `assessment.check_ratings` checks the keys
    against the person's framework and standards.
    """
    from alnco.assessment import RATINGS, STANDARD_PREFIX, TASK_PREFIX, rating_label
    from alnco.errors import InputError
    from alnco.model import TASK_LETTERS

    ratings: dict[str, int] = {}
    for word in (piece for text in words for piece in text.split(",")):
        word = word.strip()
        if not word:
            continue
        key, sep, value = word.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or not key:
            raise InputError(_("'{word}' is not a rating; write KEY=N, e.g. a=3 or "
                               "pedagogy=4").format(word=word))
        if key.startswith(TASK_PREFIX) or key.startswith(STANDARD_PREFIX):
            full = key
        elif len(key) == 1 and key in TASK_LETTERS:
            full = TASK_PREFIX + key
        else:
            full = STANDARD_PREFIX + key
        if full in ratings:
            raise InputError(_("'{key}' is rated twice; give each line once").format(key=key))
        if not (value.isascii() and value.isdigit()) or int(value) not in RATINGS:
            scale = ", ".join(f"{n} {rating_label(n)}" for n in RATINGS)
            raise InputError(_("'{word}': a rating is a whole number from 1 to 5 ({scale})")
                             .format(word=word, scale=scale))
        ratings[full] = int(value)
    if not ratings:
        raise InputError(_("give at least one rating, e.g. a=3"))
    return ratings


def _year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def _term_words(day: date) -> str:
    """`autumn term 2026-27`."""
    from alnco.assessment import term_label, term_of

    year, term = term_of(day)
    return f"{term_label(term)} {_year_label(year)}"


def set_assessment(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.assessment import assessments_of, latest_ratings, save, short_key
    from alnco.output import safe_text
    from alnco.parsing import parse_date, short_date

    ratings = parse_ratings(args.ratings)
    on = parse_date(args.on, ctx.today) if args.on else ctx.today
    before = latest_ratings(assessments_of(ctx.record.read()))
    saved = save(ctx, ratings, on)
    parts = []
    for key, value in saved.ratings.items():
        old = before.get(key)
        parts.append(f"{short_key(key)} {old} → {value}" if old not in (None, value)
                     else f"{short_key(key)} {value}")
    print(safe_text(_("Self-assessment saved for {date}: {ratings}.").format(
        date=short_date(saved.on), ratings=", ".join(parts)), single_line=True), file=ctx.stdout)
    print(_("'alnco progress' now suggests learning for the lines you rated lowest first."),
          file=ctx.stdout)
    return 0


def _summary(ctx: Context) -> dict[str, Any]:
    from alnco.assessment import (assessments_of, due, history, keys_for, latest_ratings,
                                  term_bounds, term_of)

    snapshot = ctx.record.read()
    found = assessments_of(snapshot)
    framework_id, keys = keys_for(ctx, snapshot.profile)
    latest = latest_ratings(found)
    year, term = term_of(ctx.today)
    start, end = term_bounds(ctx.today)
    return {
        "as_of": ctx.today.isoformat(),
        "framework": framework_id,
        "due": due(ctx.today, found),
        "term": {"school_year": _year_label(year), "name": term,
                 "start": start.isoformat(), "end": end.isoformat()},
        "keys": [{"key": key, "label": label, "latest": latest.get(key),
                  "history": [{"on": on.isoformat(), "rating": value}
                              for on, value in history(found, key)]}
                 for key, label in keys],
        "assessments": [a.to_json() for a in reversed(found)],  # newest first
    }


def show_assessment(ctx: Context, args: argparse.Namespace) -> int:
    from alnco.assessment import RATINGS, rating_label, short_key, term_bounds
    from alnco.output import dump_json, safe_text
    from alnco.parsing import short_date

    summary = _summary(ctx)
    out = ctx.stdout
    if args.format == "json":
        dump_json(summary, out)
        return 0
    print(_("Self-assessment: your confidence from 1 ({low}) to 5 ({high})").format(
        low=rating_label(min(RATINGS)), high=rating_label(max(RATINGS))), file=out)
    sessions = summary["assessments"]
    if sessions:
        last = date.fromisoformat(sessions[0]["on"])
        print(_("Last rated on {date} ({term}).").format(
            date=short_date(last), term=_term_words(last)), file=out)
    start, end = term_bounds(ctx.today)
    if summary["due"]:
        print(_("A fresh rating is due this {term} ({start} to {end}).").format(
            term=_term_words(ctx.today), start=short_date(start), end=short_date(end)), file=out)
    else:
        after = end.fromordinal(end.toordinal() + 1)
        print(_("Rated this term; the next rating is due from {date}.").format(
            date=short_date(after)), file=out)
    print(file=out)
    rows = [(short_key(k["key"]), "-" if k["latest"] is None else str(k["latest"]),
             _history_text([h["rating"] for h in k["history"]]), k["label"])
            for k in summary["keys"]]
    head = (_("key"), _("now"), _("before"), _("line"))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    for row in [head, *rows]:
        line = "  {0:<{w0}}  {1:>{w1}}  {2:<{w2}}  {3}".format(
            *row, w0=widths[0], w1=widths[1], w2=widths[2])
        print(safe_text(line.rstrip(), single_line=True), file=out)
    print(file=out)
    print(_("Rate with: alnco assess set a=3 b=4 ... pedagogy=4 (lines left out keep their "
            "rating)"), file=out)
    return 0


def _history_text(values: list[int]) -> str:
    """The ratings before the latest, oldest first (the newest few): `2 3`."""
    earlier = values[:-1]
    shown = " ".join(map(str, earlier[-HISTORY_SHOWN:]))
    return ("… " + shown) if len(earlier) > HISTORY_SHOWN else shown
