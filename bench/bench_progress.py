"""Bench: one full progress evaluation over a 5,000-module catalogue and 2,000 entries.

Target: median under 20 ms. Prints the median, a baseline measured in the same
run (a plain loop over the entries summing this academic year's hours: the least
any evaluation must do) and their ratio. Two logs: "busy" (most requirements met)
and "gappy" (every requirement open, so every one ranks suggestions: the worst case).
"cold" forgets the catalogue's remembered size order before each run (a one-shot
`alnco progress`); "warm" keeps it (the TUI re-evaluating after each change).

    .venv/bin/python bench/bench_progress.py
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from alnco.catalogue.model import Module
from alnco.model import Entry, Profile
from alnco.progress import engine
from alnco.progress.engine import evaluate
from alnco.progress.frameworks import load_framework

TODAY = date(2026, 11, 3)
RUNS = 41


def make_catalogue(rng: random.Random, n: int = 5000):
    modules = []
    for i in range(n):
        level = rng.choice(["awareness", "practice", "specialist", "accredited"])
        modules.append(Module(
            id=f"module-{i:05d}", title={"en": f"Module {i} on ALN", "cy": f"Modiwl {i} ar ADY"},
            hours=Decimal(rng.choice(["0.5", "1", "1.5", "2", "3", "6", "12", "22", "200"])),
            tasks=tuple(sorted(rng.sample("abcdefgh", rng.randint(1, 3)))),
            languages=rng.choice([("en",), ("cy",), ("en", "cy")]), level=level,
            credits=rng.choice([20, 30, 60]) if level == "accredited" else None,
            withdrawn_on=date(2025, 1, 1) if i % 50 == 0 else None,
        ))
    try:
        from alnco.catalogue.catalogue import Catalogue
        return Catalogue.from_modules(modules)
    except ImportError:  # before the catalogue package lands: the engine reads only .modules
        from types import SimpleNamespace
        return SimpleNamespace(modules={m.id: m for m in modules}, problems=[])


def make_entries(rng: random.Random, n: int, gappy: bool) -> list[Entry]:
    entries = []
    for i in range(n):
        if gappy:  # old learning, outside every window, and a few stale plans
            on = TODAY - timedelta(days=rng.randint(4 * 365, 12 * 365))
        else:
            on = TODAY - timedelta(days=rng.randint(0, 6 * 365))
        entries.append(Entry(
            title=f"Entry {i}", date=on, hours=Decimal(rng.choice(["0.5", "1", "2", "3"])),
            tasks=tuple(sorted(rng.sample("abcdefgh", rng.randint(0, 2)))),
            status="planned" if gappy and i % 10 == 0 else "completed",
            module_id=f"module-{rng.randrange(5000):05d}" if i % 3 else None,
        ))
    return entries


def timings_ms(fn) -> tuple[float, float]:
    """(median, min) wall time of `fn` in ms; the min shows the cost without
    interference from other processes on a busy machine."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    rng = random.Random(2026)
    catalogue = make_catalogue(rng)
    framework = load_framework("alnco-school-2021")
    profile = Profile(name="Bench", designated_on=date(2025, 9, 1))
    gc.freeze()  # what the app does after loading; keeps gen-2 pauses out of the figures
    print(f"catalogue {len(catalogue.modules)} modules, {len(framework.requirements)} "
          f"requirements, {RUNS} runs each, median")
    for name, gappy in (("busy", False), ("gappy", True)):
        entries = make_entries(rng, 2000, gappy)
        for language, cold in (("en", True), ("en", False), ("cy", True)):
            def full():
                if cold:
                    engine._ORDERS.clear()
                return evaluate(framework, profile, entries, catalogue, TODAY, language)

            def baseline():
                start = date(2026, 9, 1)
                total = Decimal(0)
                for e in entries:
                    if e.status == "completed" and start <= e.date <= TODAY:
                        total += e.hours
                return total

            result = full()
            open_ = sum(1 for r in result.requirements if r.suggestions)
            (ev, ev_min), (base, base_min) = timings_ms(full), timings_ms(baseline)
            print(f"{name:5} {language} {'cold' if cold else 'warm'}: evaluate median "
                  f"{ev:6.2f} ms (min {ev_min:5.2f})  baseline loop {base:5.2f} ms "
                  f"(min {base_min:4.2f})  ratio {ev / base:5.1f}x  "
                  f"[{open_} requirements ranking suggestions]  "
                  f"target < 20 ms: {'ok' if ev < 20 else 'MISSED'}")


if __name__ == "__main__":
    main()
