"""`alnco status`: one line for a login script, such as

    Requirements: 1 overdue, 2 behind; next: IDP writing clinic on 15 Jan 2027
    alnco: 1 overdue, 2 behind; next: 15 Jan 2027            (--short)

It runs at every login, so it does as little as it can: no Textual or Rich, no
suggestions, and the catalogue is read only if the statuses need it (an entry
logged from a module without task letters of its own takes the module's; `log add
--module` copies them, so usually nothing is read). Recommended lines (the
postgraduate qualification) never count towards anything here, as in the risk a
co-ordinator sees, so they are not evaluated at all.

With no record yet (or an empty one) it prints nothing and exits 0, so a login
of someone who does not use alnco stays quiet. It never writes. A record it
cannot use is one `alnco: error:` line with the usual exit code (INTERFACE.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date, timedelta

from alnco.context import Context
from alnco.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

OPEN = ("overdue", "behind", "not_started")  # worst first, as co-ordinators' risk orders them
TITLE_CELLS = 60


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "status", parents=[common], help=_("one line on where you stand, for a login script"),
        description=_(
            "One line: how many requirements are overdue, behind or not started, and your "
            "next planned learning. Prints nothing when you have no record yet, so it can "
            "go in ~/.profile or /etc/profile.d for everyone."
        ),
    )
    parser.add_argument("--short", action="store_true",
                        help=_("even shorter: the counts and the date of the next plan"))
    parser.set_defaults(handler=show_status)


class _LazyModules(Mapping):
    """The catalogue's modules, read from disk only when the engine looks one up."""

    def __init__(self, load: Callable[[], Mapping[str, Any]]):
        self._load = load
        self._modules: Mapping[str, Any] | None = None

    def _all(self) -> Mapping[str, Any]:
        if self._modules is None:
            self._modules = self._load()
        return self._modules

    def __bool__(self) -> bool:  # truthy without loading: `modules or {}` must not read it
        return True

    def __getitem__(self, key: str) -> Any:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _LazyCatalogue:
    def __init__(self, ctx: Context):
        def load() -> Mapping[str, Any]:
            from alnco.catalogue.layers import load_catalogue

            return load_catalogue(ctx, warn=False).modules

        self.modules = _LazyModules(load)


def show_status(ctx: Context, args: argparse.Namespace) -> int:
    line = status_line(ctx, short=args.short)
    if line:
        print(line, file=ctx.stdout)
    return 0


def status_line(ctx: Context, *, short: bool = False) -> str:
    """The line, or "" when there is nothing to say (no record, or an empty one)."""
    try:
        ctx.record_path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return ""  # no record yet: nothing to say at login
    except OSError:
        pass  # the record's own checks say what is wrong, in one line
    snapshot = ctx.record.read()
    profile = snapshot.profile
    if not snapshot.entries and (profile is None or (profile.is_empty
                                                     and not profile.declarations)):
        return ""
    from alnco.progress.engine import evaluate
    from alnco.progress.frameworks import framework_for
    from alnco.values import replace

    framework = framework_for(profile, ctx)
    counted = replace(framework, requirements=tuple(
        r for r in framework.requirements if not r.recommended))
    progress = evaluate(counted, profile, snapshot.entries, _LazyCatalogue(ctx), ctx.today,
                        ctx.language, suggest=False)
    return _compose(progress.requirements, snapshot.entries, ctx.today, short)


def _compose(results: Any, entries: Any, today: date, short: bool) -> str:
    from alnco.parsing import short_date
    from alnco.progress.words import status_label

    tally = {status: 0 for status in OPEN}
    for result in results:
        if result.status in tally:
            tally[result.status] += 1
    counts = ", ".join(_("{n} {status}").format(n=n, status=status_label(status))
                       for status, n in tally.items() if n)
    plans = sorted((e for e in entries if e.status == "planned" and e.date >= today),
                   key=lambda e: (e.date, e.id))
    following = plans[0] if plans else None
    day = None
    if following is not None:
        day = {today: _("today"), today + timedelta(days=1): _("tomorrow")}.get(following.date)
    if short:
        head = "alnco: " + (counts or _("all met or on track"))
        if following is None:
            return head
        return head + "; " + _("next: {date}").format(date=day or short_date(following.date))
    head = (_("Requirements: {counts}").format(counts=counts) if counts
            else _("Requirements: all met or on track"))
    if following is None:
        return head + "; " + _("nothing planned")
    from alnco.output import safe_text  # only here: `--short` shows no title (csv, unicodedata)

    title = safe_text(following.title, single_line=True)
    if len(title) > TITLE_CELLS:
        title = title[:TITLE_CELLS - 3] + "..."
    if day:
        tail = _("next: {title} {day}").format(title=title, day=day)
    else:
        tail = _("next: {title} on {date}").format(title=title, date=short_date(following.date))
    return head + "; " + tail
