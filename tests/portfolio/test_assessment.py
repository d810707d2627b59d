"""Self-assessment: terms and when a rating is due, latest ratings and history, the keys
a framework offers, damaged docs, and `alnco assess set|show` as a user types them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from alnco.assessment import (Assessment, due, from_doc, history, latest_ratings, movement,
                              rating_keys, rating_label, term_bounds, term_of)

TODAY = "2026-11-03"


def session(on: str, **ratings: int) -> Assessment:
    return Assessment(id=f"id-{on}", on=date.fromisoformat(on), framework="alnco-school-2021",
                      ratings={k.replace("_", ":", 1): v for k, v in ratings.items()},
                      created_at=f"{on}T09:00:00.000+00:00")


# ------------------------------------------------------------------ terms

@pytest.mark.parametrize("day, term", [
    ("2026-09-01", (2026, "autumn")), ("2026-12-31", (2026, "autumn")),
    ("2027-01-01", (2026, "spring")), ("2027-03-31", (2026, "spring")),
    ("2027-04-01", (2026, "summer")), ("2027-08-31", (2026, "summer")),
    ("2027-09-01", (2027, "autumn")),
])
def test_terms_follow_the_welsh_school_year(day: str, term: tuple[int, str]) -> None:
    assert term_of(date.fromisoformat(day)) == term


def test_term_bounds_cover_the_year_without_gaps() -> None:
    assert term_bounds(date(2026, 11, 3)) == (date(2026, 9, 1), date(2026, 12, 31))
    assert term_bounds(date(2027, 2, 1)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert term_bounds(date(2027, 5, 1)) == (date(2027, 4, 1), date(2027, 8, 31))


def test_a_rating_is_due_once_a_term_never_more() -> None:
    assert due(date(2026, 11, 3), [])
    rated = [session("2026-09-20", task_a=3)]
    assert not due(date(2026, 11, 3), rated)
    assert not due(date(2026, 12, 31), rated)
    assert due(date(2027, 1, 1), rated)  # the spring term: due again
    # Last year's autumn rating does not count for this autumn.
    assert due(date(2027, 10, 1), rated)


# ------------------------------------------------------------------ ratings

def test_latest_ratings_history_and_movement() -> None:
    sessions = [session("2027-01-10", task_a=3),  # given out of order: sorted by date
                session("2026-09-20", task_a=2, task_b=4, standard_pedagogy=3),
                session("2027-05-01", task_a=5, standard_pedagogy=2)]
    assert latest_ratings(sessions) == {"task:a": 5, "task:b": 4, "standard:pedagogy": 2}
    assert history(sessions, "task:a") == [(date(2026, 9, 20), 2), (date(2027, 1, 10), 3),
                                           (date(2027, 5, 1), 5)]
    assert history(sessions, "task:c") == []
    assert movement(sessions) == {"task:a": (2, 5), "task:b": (4, 4),
                                  "standard:pedagogy": (3, 2)}


def test_the_keys_are_the_frameworks_task_lines_then_the_standards() -> None:
    from alnco.progress.frameworks import load_framework
    from alnco.standards import standards_for

    school = rating_keys(load_framework("alnco-school-2021"), standards_for("school"), "en")
    assert [k for k, _label in school] == [f"task:{x}" for x in "abcdefgh"] + [
        "standard:pedagogy", "standard:collaboration", "standard:leadership",
        "standard:innovation", "standard:professional-learning"]
    assert dict(school)["task:a"] == "task (a): identify ALN, co-ordinate provision"
    fei = dict(rating_keys(load_framework("alnco-fei-2021"), None, "cy"))
    assert fei["task:g"].startswith("swyddogaeth (g): ") and len(fei) == 8


def test_rating_words_in_both_languages() -> None:
    from alnco import i18n

    assert [rating_label(n) for n in (1, 5)] == ["not yet confident", "very confident"]
    i18n.set_language("cy")
    assert rating_label(5) == "hyderus iawn"


@pytest.mark.parametrize("doc", [
    None, [], {"id": "x"}, {"id": "", "on": "2026-01-01", "ratings": {"task:a": 3}},
    {"id": "x", "on": "2026-02-30", "ratings": {"task:a": 3}},
    {"id": "x", "on": "0001-01-01", "ratings": {"task:a": 3}},
    {"id": "x", "on": "2026-01-01", "ratings": {"task:a": 9}},
    {"id": "x", "on": "2026-01-01", "ratings": {"task:a": True}},
    {"id": "x", "on": "2026-01-01", "ratings": "a=3"},
])
def test_a_damaged_doc_is_skipped_not_a_crash(doc) -> None:
    assert from_doc(doc) is None


def test_a_doc_with_some_bad_ratings_keeps_the_good_ones_unless_strict() -> None:
    doc = {"id": "x", "on": "2026-01-01", "ratings": {"task:a": 3, "task:b": 0, "nope": 2}}
    assert from_doc(doc).ratings == {"task:a": 3}
    assert from_doc(doc, strict=True) is None


# ------------------------------------------------------------------ the command

def env_for(tmp_path: Path, lang: str = "en") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(tmp_path / "data" / "record.json"), ALNCO_TODAY=TODAY,
               ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"), XDG_DATA_HOME=str(tmp_path / "xdg"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", ALNCO_LANG=lang)
    return env


@pytest.fixture
def alnco(tmp_path: Path):
    (tmp_path / "data").mkdir(mode=0o700)

    def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "alnco", *args], capture_output=True,
                              text=True, env=env_for(tmp_path, lang), timeout=120)
    return run


def shown(alnco) -> dict:
    result = alnco("assess", "show", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_set_then_show(alnco) -> None:
    first = alnco("assess", "set", "a=2", "b=4,c=3", "pedagogy=3", "--on", "2026-09-20")
    assert first.returncode == 0, first.stderr
    assert "Self-assessment saved for 20 Sep 2026: a 2, b 4, c 3, pedagogy 3." in first.stdout
    again = alnco("assess", "set", "A=4", "standard:pedagogy=3")
    assert "a 2 → 4, pedagogy 3." in again.stdout
    data = shown(alnco)
    assert data["framework"] == "alnco-school-2021" and data["due"] is False
    assert data["term"] == {"school_year": "2026-27", "name": "autumn",
                            "start": "2026-09-01", "end": "2026-12-31"}
    keys = {k["key"]: k for k in data["keys"]}
    assert keys["task:a"]["latest"] == 4 and keys["task:h"]["latest"] is None
    assert [h["rating"] for h in keys["task:a"]["history"]] == [2, 4]
    assert keys["standard:pedagogy"]["label"] == "Pedagogy"
    assert [a["on"] for a in data["assessments"]] == ["2026-11-03", "2026-09-20"]
    text = alnco("assess").stdout  # no action: show
    assert "Rated this term; the next rating is due from 1 Jan 2027." in text
    line = next(line for line in text.splitlines() if line.strip().startswith("a "))
    assert line.split()[:3] == ["a", "4", "2"] and "identify ALN" in line


def test_a_fresh_record_says_a_rating_is_due(alnco) -> None:
    text = alnco("assess", "show").stdout
    assert "A fresh rating is due this autumn term 2026-27 (1 Sep 2026 to 31 Dec 2026)." in text
    assert "Rate with: alnco assess set a=3" in text
    assert shown(alnco)["due"] is True


@pytest.mark.parametrize("args, words", [
    (("z=3",), "'z' cannot be rated; choose from a, b, c, d, e, f, g, h, pedagogy, "
               "collaboration, leadership, innovation, professional-learning"),
    (("a=6",), "a rating is a whole number from 1 to 5 (1 not yet confident, 2 a little "
               "confident, 3 fairly confident, 4 confident, 5 very confident)"),
    (("a=three",), "a rating is a whole number from 1 to 5"),
    (("a",), "'a' is not a rating; write KEY=N, e.g. a=3 or pedagogy=4"),
    (("a=3", "a=4"), "'a' is rated twice"),
    ((",",), "give at least one rating"),
    (("a=3", "--on", "2026-11-04"), "cannot be dated in the future"),
    (("a=3", "--on", "31/02/2026"), "alnco: error:"),
])
def test_bad_ratings_are_refused_and_nothing_is_saved(alnco, args, words) -> None:
    result = alnco("assess", "set", *args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("alnco: error: ") and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert shown(alnco)["assessments"] == []


def test_welsh(alnco) -> None:
    alnco("assess", "set", "a=3")
    text = alnco("assess", "show", lang="cy").stdout
    assert "Hunanasesiad: eich hyder o 1 (ddim yn hyderus eto) i 5 (hyderus iawn)" in text
    assert "tasg (a): nodi ADY" in text and "Addysgeg" in text
    refused = alnco("assess", "set", "a=9", lang="cy")
    assert "mae sgôr yn rhif cyfan" in refused.stderr


def test_an_fei_alnco_rates_the_fei_lines(alnco) -> None:
    alnco("profile", "set", "--setting", "fei")
    data = shown(alnco)
    assert data["framework"] == "alnco-fei-2021"
    assert data["keys"][0]["label"].startswith("function (a): ")


def test_doctor_names_a_rating_session_that_is_skipped(alnco, tmp_path) -> None:
    """A hand-edited session alnco cannot read is skipped everywhere (never a crash);
    doctor says which one, so the person knows their ratings are not all used."""
    assert alnco("assess", "set", "a=2").returncode == 0
    assert "assessment" not in alnco("doctor").stdout
    record = tmp_path / "data" / "record.json"
    data = json.loads(record.read_text())
    data["assessments"]["7"] = {"id": "x", "on": "0000-01-01", "ratings": {"task:a": 9}}
    record.write_text(json.dumps(data))
    result = alnco("doctor")
    [line] = [line for line in result.stdout.splitlines() if "assessment" in line]
    assert line.startswith("warning") and "rating session 7" in line
    assert result.returncode == 0  # a warning: the record is usable
    assert shown(alnco)["keys"][0]["latest"] == 2  # the good session still counts
