"""Generated cohorts of export files for report/cohort tests and the bench."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from alnco.exports.document import render_json
from alnco.model import Entry
from alnco.values import replace
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


NATIONAL_PEOPLE = 1500
REFLECTIONS = ("What I learnt, and how I will use it with the team next term. " * 3,
               "Beth ddysgais i, a sut y bydda i'n ei ddefnyddio gyda'r tîm. " * 2,
               "Useful for IDP reviews; shared the notes with the SENCo network. " * 4)
MODULES = (None, "aln-system-overview", "alnco-role-essentials", "identifying-aln")


def national_entries(rng: random.Random, count: int, today: date) -> list[Entry]:
    """Entries as a real record has them: a module, a mode, evidence and a reflection."""
    return [replace(entry, module_id=rng.choice(MODULES), mode=rng.choice(("online", "face-to-face")),
                    evidence=f"https://files.example.org/evidence/{entry.id}.pdf",
                    reflection=rng.choice(REFLECTIONS))
            for entry in person_entries(rng, count, today)]


def write_national_cohort(folder: Path, people: int = NATIONAL_PEOPLE, seed: int = 11,
                          today: date = date(2026, 11, 3)) -> list[Path]:
    """The national cohort of the issue: 1,500 ALNCOs, about 259,000 entries and
    190 MB of exports (from a few entries to a few hundred each)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(people):
        profile = fixed_profile(name=f"ALNCO {n:04d} Ŷ", ewc_number=f"{200000 + n}",
                                institution=f"Ysgol {n % 97}",
                                setting="fei" if n % 9 == 4 else "school")
        count = rng.randint(10, 336)
        data = make_data(profile=profile, entries=national_entries(rng, count, today),
                         framework="alnco-fei-2021" if profile.setting == "fei"
                         else "alnco-school-2021")
        path = folder / f"national-{n:04d}.json"
        path.write_bytes(render_json(data))
        paths.append(path)
    return paths


def duplicate(path: Path, target: Path, exported_at: str) -> Path:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data["exported_at"] = exported_at
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


def coordinator_copy(path: Path, target: Path | None = None) -> Path:
    """`path` as `alnco export --omit evidence,reflection` writes it: the entries
    without those fields, and the document saying they were left out."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        entry.pop("evidence", None)
        entry.pop("reflection", None)
    data["omitted"] = ["evidence", "reflection"]
    target = target or path
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


__all__ = ["coordinator_copy", "write_cohort", "write_national_cohort", "duplicate", "HOSTILE_NAMES", "replace"]
