"""Catalogue speed: load + validate vs a bare tomllib.loads, and search latency.

Generates a 5,000-module catalogue with a realistic vocabulary (the domain's
English and Welsh words plus thousands of rarer words, used with a Zipf-like
frequency), then prints, all measured in this one run:
  * bare `tomllib.loads` of the text: the baseline;
  * alnco's load + validate (`load_text` + `Catalogue`), as a ratio to the
    baseline (target <= 1.5x). Runs are interleaved and the fastest of each
    is compared, so other processes on the machine disturb the ratio least;
  * the one-off search index build (done on first search, or by the TUI
    right after loading), as a ratio too;
  * the median and p90 of one search: cold queries (word cache cleared before
    each), a search-as-you-type sequence (each keystroke after the last, as in
    the TUI) and filtered searches (target median < 5 ms).

Run: python bench/bench_catalogue.py [--modules 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
import tomllib
from datetime import date

from alnco.catalogue.catalogue import Catalogue
from alnco.catalogue.loader import load_text
from alnco.catalogue.serialise import toml_string

EN = ("additional learning needs inclusion IDP planning review provision autism dyslexia "
      "literacy speech language communication wellbeing behaviour transition college "
      "support workers supervision leadership assessment evidence monitoring outcomes "
      "curriculum adaptive teaching early years sensory impairment families records "
      "relevant services health training coaching enquiry research the and of for with "
      "in to a on your how what who learners pupils students staff school").split()
CY = ("anghenion dysgu ychwanegol cynhwysiant cynllun datblygu unigol darpariaeth adolygu "
      "awtistiaeth dyslecsia llythrennedd lleferydd iaith cyfathrebu lles ymddygiad pontio "
      "coleg gweithwyr cymorth goruchwylio arwain asesu tystiolaeth monitro deilliannau "
      "cwricwlwm addysgu ymaddasol blynyddoedd cynnar nam synhwyrau teuluoedd cofnodion "
      "gwasanaethau perthnasol iechyd hyfforddiant mentora ymholiad ymchwil gŵyl ŵyr ysgol "
      "y a ac i o yn ar gyda am sut beth pwy dysgwyr disgyblion myfyrwyr staff").split()
SYLLABLES = ("ab ad al an ar as ber bra ca cel con cor da de di dra du el en er es fa "
             "fer ga gen gra ha hen il in is ka la le li lo lu ma me mi mo mon na ne ni "
             "no or os pa pe pi po pra ra re ri ro ru sa se si so sta ta te ti to tra "
             "tu un ur va ve vi wa we wy yd yn ys").split()
THEMES = ("IDPs", "inclusion", "leadership", "autism", "transition", "further education",
          "support staff", "records", "wellbeing", "Welsh-medium", "assessment", "monitoring")
MODES = ("online", "face-to-face", "blended", "self-study", "enquiry")
LEVELS = ("awareness", "practice", "specialist")
QUERIES = ("idp", "cynllun datblygu", "autism", "awtistiaeth", "gwyl", "gŵyl", "leadership",
           "support workers", "transition college", "dysgu ychwanegol", "zzz no match",
           "ady", "monitoring outcomes", "llythrennedd", "speech language", "sensory")
TYPING = ("c", "cy", "cyn", "cynl", "cynll", "cynllu", "cynllun", "cynllun ", "cynllun d",
          "cynllun da", "cynllun dat", "cynllun datb", "cynllun datblygu")
FILTERED = (dict(query="idp", task="c"), dict(query="", theme="further education"),
            dict(query="autism", language="cy", level="practice"),
            dict(query="", provider="provider 3", mode="online"))


def vocabulary(rng: random.Random, common: list[str], rare: int) -> tuple[list[str], list[float]]:
    made = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(rare)}
    words = common + sorted(made - set(common))
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(words))]  # Zipf-like
    return words, weights


def generate(n: int, seed: int = 29) -> str:
    rng = random.Random(seed)
    en_words, en_weights = vocabulary(rng, EN, 6000)
    cy_words, cy_weights = vocabulary(rng, CY, 6000)

    def text(words: list[str], weights: list[float], count: int) -> str:
        return " ".join(rng.choices(words, weights, k=count))

    parts = ["# generated benchmark catalogue\n"]
    for i in range(n):
        tasks = ", ".join(f'"{t}"' for t in sorted(rng.sample("abcdefgh", rng.randint(1, 4))))
        themes = ", ".join(toml_string(t) for t in rng.sample(THEMES, rng.randint(1, 3)))
        languages = rng.choice(('["en", "cy"]', '["en"]', '["cy"]'))
        parts.append(
            "\n[[module]]\n"
            f'id = "module-{i:05d}"\n'
            f"title = {{ en = {toml_string(text(en_words, en_weights, 6).capitalize())}, "
            f"cy = {toml_string(text(cy_words, cy_weights, 6).capitalize())} }}\n"
            f"summary = {{ en = {toml_string(text(en_words, en_weights, 30))}, "
            f"cy = {toml_string(text(cy_words, cy_weights, 30))} }}\n"
            f'provider = "Provider {i % 40}"\n'
            f'mode = "{rng.choice(MODES)}"\n'
            f'level = "{rng.choice(LEVELS)}"\n'
            f"hours = {rng.choice((1, 1.5, 2, 3, 6, 12, 20))}\n"
            f"tasks = [{tasks}]\n"
            f"themes = [{themes}]\n"
            f"languages = {languages}\n"
            'url = "https://hwb.gov.wales/"\n'
            'source = "generated for the benchmark"\n'
            + ("withdrawn_on = 2025-09-01\n" if i % 50 == 0 else "")
        )
    return "".join(parts)


def load(text: str) -> Catalogue:
    result = load_text(text, "bench.toml", "system")
    return Catalogue({m.id: m for m in result.modules}, result.problems)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = generate(args.modules)
    today = date(2026, 11, 3)
    print(f"catalogue: {args.modules} modules, {len(text) / 1e6:.1f} MB of TOML")

    base, ours, index = [], [], []
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        start = time.perf_counter()
        tomllib.loads(text)
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        catalogue = load(text)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        catalogue.search("", today=today)  # folds every module and builds the index
        index.append(time.perf_counter() - start)
    assert not catalogue.problems and len(catalogue) == args.modules
    b = min(base)
    print(f"tomllib.loads (baseline)        best {b * 1000:7.1f} ms  median "
          f"{statistics.median(base) * 1000:7.1f} ms   1.00x")
    print(f"load + validate                 best {min(ours) * 1000:7.1f} ms  median "
          f"{statistics.median(ours) * 1000:7.1f} ms   {min(ours) / b:.2f}x (target <= 1.5x)")
    print(f"search index, built once        best {min(index) * 1000:7.1f} ms  median "
          f"{statistics.median(index) * 1000:7.1f} ms   {min(index) / b:.2f}x")
    print(f"load + validate + index         {(min(ours) + min(index)) / b:.2f}x")

    gc.freeze()  # as the TUI does after loading: no gen-2 pauses over the catalogue
    samples: dict[str, list[float]] = {"cold": [], "typing": [], "filtered": []}
    counts: list[int] = []

    def run(kind: str, query: str, **filters: str) -> None:
        start = time.perf_counter()
        found = catalogue.search(query, today=today, **filters)
        samples[kind].append(time.perf_counter() - start)
        counts.append(len(found))

    for _round in range(10):
        for query in QUERIES:
            catalogue.clear_search_cache()
            run("cold", query)
        catalogue.clear_search_cache()
        for query in TYPING:
            run("typing", query)
        for search in FILTERED:
            catalogue.clear_search_cache()
            run("filtered", **search)
    every = sorted(t for times in samples.values() for t in times)
    print(f"search: {len(QUERIES)} cold queries, {len(TYPING)} keystrokes, {len(FILTERED)} "
          f"filtered, x 10 rounds; matches per query {min(counts)}..{max(counts)} "
          f"(median {statistics.median(counts):.0f})")
    for kind, times in samples.items():
        times.sort()
        print(f"  {kind:9} median {statistics.median(times) * 1000:6.2f} ms   "
              f"p90 {times[int(len(times) * 0.9)] * 1000:6.2f} ms")
    median = statistics.median(every)
    print(f"search, all queries: median {median * 1000:.2f} ms (target < 5 ms), "
          f"p90 {every[int(len(every) * 0.9)] * 1000:.2f} ms, "
          f"{median / b:.4f}x of one tomllib.loads")


if __name__ == "__main__":
    main()
