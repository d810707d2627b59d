"""Regenerate the README's screenshots with the app's own SVG screenshot feature.

    .venv/bin/python tools/readme_screenshot.py

Seeds a throwaway record (a demo ALNCO, never real data), drives the app with
Pilot at 80x24 (the size people use over SSH) and saves each screen.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from alnco.context import Context
from alnco.model import Entry, Profile
from alnco.store.record import Record

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
TODAY = "2026-11-03"


def seed(path: Path) -> None:
    record = Record(path)
    record.set_profile(Profile(name="Ceri Jones", setting="school", institution="Ysgol Enghraifft",
                               designated_on=date(2025, 9, 1)))
    with record.transaction() as tx:
        tx.add_many([
            Entry(title="Writing an individual development plan (IDP)", module_id="idp-writing",
                  date=date(2026, 10, 14), hours=Decimal(4), tasks=("a", "c")),
            Entry(title="Person-centred practice workshop", date=date(2026, 9, 23),
                  hours=Decimal("1.5"), tasks=("a", "d")),
            Entry(title="Deploying teaching assistants effectively", date=date(2026, 11, 20),
                  hours=Decimal(2), tasks=("e", "g"), status="planned"),
        ])


async def shoot() -> None:
    from alnco.tui.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "record.json"
        seed(record)
        ctx = Context.from_options(record=str(record), today=TODAY, lang="en",
                                   environ={"ALNCO_SYSTEM_DIR": folder, "HOME": folder})
        app = create_app(ctx)
        async with app.run_test(size=(80, 24)) as pilot:
            for key, name in (("d", "dashboard"), ("c", "catalogue"), ("m", "my-learning")):
                await pilot.press(key)
                await pilot.pause(0.5)
                app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
                print("saved", OUT / f"{name}.svg")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot())
