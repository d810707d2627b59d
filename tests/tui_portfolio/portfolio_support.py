"""Helpers for the portfolio screens' tests: a record with a profile, entries,
evidence files and ratings, and the app on it (imported by name)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from alnco.context import Context
from alnco.model import Entry, Profile

TODAY = "2026-11-03"  # a Tuesday, in the autumn term


def make_ctx(tmp_path: Path, lang: str = "en", today: str = TODAY, **environ: str) -> Context:
    env = {"ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco"), "HOME": str(tmp_path)}
    env.update(environ)
    return Context.from_options(record=str(tmp_path / "record.json"), today=today, lang=lang,
                                environ=env)


def seed(ctx: Context) -> dict[str, Entry]:
    """A profile and three entries (fixed ids, so pictures that show an id are
    the same in every run); returns them by a short name."""
    ctx.record.set_profile(Profile(name="Ceri", setting="school", institution="Ysgol Test",
                                   designated_on=date(2025, 9, 1)))
    made = {}
    with ctx.record.transaction() as tx:
        for number, (key, title, day, hours, status, tasks) in enumerate((
            ("pcp", "Person-centred practice", "2026-10-12", "2", "completed", ("a", "d")),
            ("idp", "IDP writing workshop", "2026-12-01", "3", "planned", ("c",)),
            ("code", "ALN Code essentials", "2025-11-20", "1.5", "completed", ("a",)),
        ), start=1):
            made[key] = tx.add(Entry(title=title, date=date.fromisoformat(day),
                                     hours=Decimal(hours), status=status, tasks=tasks,
                                     id=f"{number}eadbeef-0000-4000-8000-00000000000{number}"))
    return made


def rate(ctx: Context, on: str, **ratings: int) -> None:
    """A rating session dated `on` (task letters as keywords: a=3)."""
    from alnco.assessment import save

    save(ctx, {f"task:{k}": v for k, v in ratings.items()}, date.fromisoformat(on))


def still(app) -> None:
    """No blinking cursors, so pictures are stable."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
