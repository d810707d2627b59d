"""`alnco export --format prd`: the one-page PRD summary for a performance-management
year: which year, what it counts, how self-assessment moved, only the reflections the
ALNCO picks, escaped user text, English and Welsh."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import uuid
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest

TODAY = "2027-06-20"  # late in the 2026-27 year
HOSTILE = "<script>alert(1)</script> & \"quoted\" ŵ ŷ"
STANDARDS = ("pedagogy", "collaboration", "leadership", "innovation", "professional-learning")
LONG = ("What I learned: " + "how to plan person-centred reviews that keep the learner's "
        "voice at the centre, with the family and every agency around the table. " * 6 + "\n"
        "How I will use it: " + "I will rewrite our review template and coach two teachers "
        "through their first reviews this term. " * 5 + "\n"
        "The difference for learners: " + "pupils will see their own words in their plans. " * 4
        + "\nWhat next: observe a review at a partner school.")


def env_for(tmp_path: Path, lang: str = "en") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(tmp_path / "data" / "record.json"), ALNCO_TODAY=TODAY,
               ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"), XDG_DATA_HOME=str(tmp_path / "xdg"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", ALNCO_LANG=lang)
    return env


def run(tmp_path: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alnco", *args], capture_output=True,
                          text=True, env=env_for(tmp_path, lang), timeout=120)


def busy_record(tmp_path: Path, *, entries: int = 60, reflections: int = 3,
                name: str = "Siân Ŵyn Jones", setting: str = "school",
                title: str = "ALN practice") -> list[str]:
    """A busy 2026-27: `entries` completed entries over every task and standard, a few
    planned ones, three rating sessions of every line, and long reflections on the
    first `reflections` entries (whose ids are returned). Written through the store."""
    from alnco.context import Context
    from alnco.model import Entry, Profile

    (tmp_path / "data").mkdir(mode=0o700, exist_ok=True)
    ctx = Context.from_options(environ=env_for(tmp_path))
    start = date(2026, 9, 2)
    made = []
    for n in range(entries):
        made.append(Entry(
            title=f"Course {n + 1}: {title} {'ŵ' * (n % 3)}", date=start + timedelta(days=n * 4),
            hours=Decimal("1.5") if n % 2 else Decimal("3"), mode="online",
            tasks=("abcdefgh"[n % 8], "abcdefgh"[(n + 3) % 8]),
            standards=(STANDARDS[n % 5],),
            reflection=LONG if n < reflections else "",
            id=str(uuid.UUID(int=(n + 1) << 96, version=4))))  # "0000000b-..."
    made.append(Entry(title="Planned IDP day", date=date(2027, 7, 10), hours=Decimal(6),
                      status="planned", tasks=("c",)))
    made.append(Entry(title="Last year's course", date=date(2026, 3, 1), hours=Decimal(50),
                      tasks=("a",), reflection="old"))
    sessions = [(date(2026, 9, 20), 2), (date(2027, 1, 15), 3), (date(2027, 5, 10), 4)]
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name=name, ewc_number="123456", setting=setting,
                               institution="Ysgol Gymraeg Aberâ"))
        tx.add_many(made)
        for on, base in sessions:
            ratings = {f"task:{letter}": min(5, base + (i % 2)) for i, letter in
                       enumerate("abcdefgh")}
            ratings.update({f"standard:{key}": base for key in STANDARDS})
            ratings["task:h"] = 5 - base + 1  # one line that went down: 4, 3, 2
            tx.table("assessments").insert({"id": str(uuid.uuid4()), "on": on.isoformat(),
                                            "framework": "alnco-school-2021",
                                            "ratings": ratings,
                                            "created_at": f"{on.isoformat()}T09:00:00.000+00:00"})
    return [e.id for e in made[:reflections]]


def page_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def rows(html: str, heading: str) -> dict[str, list[str]]:
    """Label -> the other cells, for the table after `heading`."""
    table = html.split(f"<h2>{heading}</h2>", 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1]):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                         row)]
        found[cells[0]] = cells[1:]
    return found


@pytest.fixture
def busy(tmp_path: Path) -> list[str]:
    return busy_record(tmp_path, reflections=5)


def test_the_default_year_is_the_current_academic_year(tmp_path, busy) -> None:
    result = run(tmp_path, "export", "--format", "prd")
    assert result.returncode == 0, result.stderr
    html = result.stdout
    assert "2026-27: 1 Sep 2026 to 31 Aug 2027" in page_text(html)
    # 60 entries: 30 of 3 h and 30 of 1.5 h = 135 h; last year's 50 h are not in it.
    assert "Completed: 135 h in 60 entries." in page_text(html)
    assert "Planned for the rest of the year: 6 h." in page_text(html)
    tasks = rows(html, "Learning by task")
    assert len(tasks) == 8 and all(label.startswith("task (") for label in tasks)
    # Every entry counts under both its task lines.
    expected = [sum(letter in ("abcdefgh"[n % 8], "abcdefgh"[(n + 3) % 8]) for n in range(60))
                for letter in "abcdefgh"]
    assert [int(cells[1]) for cells in tasks.values()] == expected and sum(expected) == 120
    standards = rows(html, "Learning by professional standard")
    assert list(standards) == ["Pedagogy", "Collaboration", "Leadership", "Innovation",
                               "Professional learning"]
    assert all(cells[1] == "12" for cells in standards.values())


def test_self_assessment_shows_first_and_latest_of_the_year(tmp_path, busy) -> None:
    html = run(tmp_path, "export", "--format", "prd").stdout
    tasks = rows(html, "Learning by task")
    confidence = {label.split(":")[0]: cells[2] for label, cells in tasks.items()}
    assert confidence["task (a)"] == "2 → 4 (+2)"
    assert confidence["task (b)"] == "3 → 5 (+2)"
    assert confidence["task (h)"] == "4 → 2 (-2)"
    assert rows(html, "Learning by professional standard")["Pedagogy"][2] == "2 → 4 (+2)"
    assert "the first and the latest of 3 ratings in this year, from 20 Sep 2026 to " \
           "10 May 2027" in page_text(html)
    # Narrowed to the spring: one session, shown as unchanged.
    narrow = run(tmp_path, "export", "--format", "prd", "--from", "2027-01-01", "--to",
                 "2027-03-31").stdout
    assert rows(narrow, "Learning by task")["task (a): identify ALN, co-ordinate provision"][2] \
        == "3 (=)"
    assert "(PRD): 1 Jan 2027 to 31 Mar 2027" in page_text(narrow)  # no year label


def test_year_option_picks_a_performance_management_year(tmp_path, busy) -> None:
    last = run(tmp_path, "export", "--format", "prd", "--year", "2025").stdout
    assert "2025-26: 1 Sep 2025 to 31 Aug 2026" in page_text(last)
    assert "Completed: 50 h in 1 entry." in page_text(last)
    assert "No self-assessment in this year" in page_text(last)
    assert run(tmp_path, "export", "--format", "prd", "--year", "2026-27").returncode == 0
    for bad in ("26", "2026-28", "next"):
        refused = run(tmp_path, "export", "--format", "prd", "--year", bad)
        assert refused.returncode == 2 and "--year takes" in refused.stderr
        assert "Traceback" not in refused.stderr
    csv = run(tmp_path, "export", "--format", "csv", "--year", "2025")
    assert csv.returncode == 2 and "for --format prd only" in csv.stderr


def test_reflections_are_left_out_unless_chosen(tmp_path, busy) -> None:
    plain = run(tmp_path, "export", "--format", "prd")
    assert "person-centred" not in plain.stdout and "old" not in page_text(plain.stdout).split()
    assert "None chosen: your reflections stay private" in page_text(plain.stdout)
    assert "--reflections ID,ID" in plain.stderr
    chosen = run(tmp_path, "export", "--format", "prd", "--reflections",
                 f"{busy[0][:8]},{busy[2]}")
    assert chosen.returncode == 0, chosen.stderr
    text = page_text(chosen.stdout)
    assert text.count("What I learned: how to plan person-centred") == 2
    assert "Course 1: ALN practice" in text and "Course 3: ALN practice" in text
    assert "shortened to fit the page" in text


def test_choosing_a_reflection_that_is_not_there_is_refused(tmp_path, busy) -> None:
    no_reflection = str(uuid.UUID(int=10 << 96, version=4))[:8]
    for ids, words in ((no_reflection, "has no reflection"), ("ffffffff", "no entry has an id"),
                       ("abc", "at least 6 characters"),
                       ("00000000-0000", "no entry has an id"),
                       (",".join(busy), "at most 4 reflections")):
        result = run(tmp_path, "export", "--format", "prd", "--reflections", ids)
        assert result.returncode == 1, (ids, result.stderr)
        assert result.stderr.startswith("alnco: error: ") and words in result.stderr


def test_user_text_is_escaped_and_the_file_is_private(tmp_path) -> None:
    from alnco.context import Context
    from alnco.model import Entry

    busy_record(tmp_path, entries=2, reflections=0, name=HOSTILE)
    ctx = Context.from_options(environ=env_for(tmp_path))
    hostile = Entry(title=HOSTILE, date=date(2027, 2, 1), hours=Decimal(1), tasks=("a",),
                    reflection=HOSTILE + "\n<img src=x onerror=alert(1)>")
    with ctx.record.transaction() as tx:
        tx.add(hostile)
    out = tmp_path / "prd.html"
    result = run(tmp_path, "export", "--format", "prd", "-o", str(out), "--reflections",
                 hostile.id[:8])
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; ŵ ŷ" in html
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Wrote the PRD summary for 1 Sep 2026 to 31 Aug 2027" in result.stderr
    again = run(tmp_path, "export", "--format", "prd", "-o", str(out))
    assert again.returncode != 0 and "--force" in again.stderr


def test_welsh_page(tmp_path, busy) -> None:
    result = run(tmp_path, "export", "--format", "prd", "--reflections", busy[0], lang="cy")
    assert result.returncode == 0, result.stderr
    html = result.stdout
    assert '<html lang="cy">' in html
    text = page_text(html)
    for words in ("Crynodeb", "Dysgu yn ôl tasg", "Addysgeg", "tasg (a)", "Hyder",
                  "Myfyrdodau"):
        assert words in text, words
    assert "Learning by task" not in text and "Completed" not in text
