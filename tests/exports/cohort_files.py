"""Generated cohorts of export files for report/cohort tests and the bench."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from alnco.exports.document import render_json
from alnco.model import Entry
from exports_helpers import fixed_profile, make_data

HOSTILE_NAMES = ["[bold]Bad[/] [@click=app.quit]x", "Gwyn [/] ap Ŵyn", "=cmd|' /C calc'!A0",
                 "Ann \x1b[2J Lloyd", "<b>Siôn</b> & Co"]


def person_entries(rng: random.Random, count: int, today: date) -> list[Entry]:
    entries = []
    for n in range(count):
        day = today - timedelta(days=rng.randrange(0, 900))
        planned = rng.random() < 0.1
        if planned:
            day = today + timedelta(days=rng.randrange(1, 200))
        entries.append(Entry(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            title=f"Learning {n} ŵ" if n % 7 else HOSTILE_NAMES[n % len(HOSTILE_NAMES)],
            date=day, hours=Decimal(rng.choice(["0.5", "1", "1.5", "2", "3", "6.25"])),
            status="planned" if planned else "completed",
            tasks=tuple(sorted(rng.sample("abcdefgh", rng.randrange(0, 3)))),
            created_at="2026-01-01T00:00:00.000+00:00",
            updated_at="2026-01-01T00:00:00.000+00:00"))
    return entries


def write_cohort(folder: Path, people: int, entries: int = 20, seed: int = 7,
                 today: date = date(2026, 11, 3)) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(people):
        name = HOSTILE_NAMES[n] if n < len(HOSTILE_NAMES) else f"Person {n:03d} Ŷ"
        profile = fixed_profile(name=name, ewc_number=f"{100000 + n}",
                                institution=f"Ysgol {n % 9}",
                                setting="fei" if n % 4 == 3 else "school")
        count = entries if n else 0  # person 0 has logged nothing: most at risk
        data = make_data(profile=profile, entries=person_entries(rng, count, today),
                         framework="alnco-fei-2021" if profile.setting == "fei"
                         else "alnco-school-2021")
        path = folder / f"export-{n:03d}.json"
        path.write_bytes(render_json(data))
        paths.append(path)
    return paths


def duplicate(path: Path, target: Path, exported_at: str) -> Path:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data["exported_at"] = exported_at
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


__all__ = ["write_cohort", "duplicate", "HOSTILE_NAMES", "replace"]
