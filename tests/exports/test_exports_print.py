"""Printouts that fit: the per-ALNCO report on one A4 page, the cohort report in
landscape with a line per person, printed by a real browser (headless Chromium's
--print-to-pdf) and counted; plus what the cohort page says: counts per risk,
hours with their target, `-` for a requirement that does not apply, status
letters from the language, the right `lang`, and who handed each file in."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest

from alnco import i18n
from alnco.exports.cohort import Cohort, Person
from alnco.exports.html_report import render_html as person_html
from alnco.exports.labels import STATUS_LETTERS, status_label, status_legend, status_letter
from alnco.exports.report_formats import render_csv, render_html, render_json, render_table
from alnco.progress.model import Progress, RequirementResult
from cohort_files import person_entries, write_cohort
from chromium_print import browser, page_sizes, pages, print_page  # noqa: F401 (fixture)
from exports_helpers import fixed_profile, make_data

TODAY = date(2026, 11, 3)
LETTERED = ("met", "on_track", "behind", "overdue", "not_started")


def print_pdf(browser: str, html: bytes, folder: Path) -> bytes:
    """`html` printed to PDF by headless Chromium, as a co-ordinator's Print would."""
    page = folder / "page.html"
    page.write_bytes(html)
    return print_page(browser, page, folder).read_bytes()


def typical_record(language: str):
    """12 requirements (the school framework) and four academic years of learning,
    assessed and worded in `language` by the real engine."""
    from alnco.catalogue.layers import load_catalogue
    from alnco.context import Context
    from alnco.progress.engine import evaluate
    from alnco.progress.frameworks import framework_for

    ctx = Context.from_options(record="/nonexistent/r.json", today=TODAY.isoformat(),
                               environ={"ALNCO_SYSTEM_DIR": "/nonexistent"})
    catalogue = load_catalogue(ctx, warn=False)
    i18n.set_language(language)
    profile = fixed_profile(designated_on=date(2023, 9, 1))
    entries = person_entries(random.Random(3), 60, TODAY)
    progress = evaluate(framework_for(profile, ctx), profile, entries, catalogue, TODAY, language)
    assert len(progress.requirements) == 12
    return make_data(profile=profile, entries=entries, progress=progress, catalogue=catalogue,
                     language=language)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_typical_record_prints_on_one_a4_page(browser, tmp_path, language) -> None:
    try:
        html = person_html(typical_record(language))
    finally:
        i18n.set_language("en")
    assert ("Gofynion" in html.decode()) == (language == "cy")
    pdf = print_pdf(browser, html, tmp_path)
    assert pages(pdf) == 1
    width, height = page_sizes(pdf)[0]
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 portrait, in points


def test_the_cohort_prints_landscape_with_a_line_per_person(browser, alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=120, entries=5)
    result = alnco("report", str(tmp_path / "inbox"), "--format", "html", binary=True)
    assert result.returncode == 0, result.stderr
    pdf = print_pdf(browser, result.stdout, tmp_path)
    assert all(width > height for width, height in page_sizes(pdf))
    # One line per person, with a heading and the requirement list at the end:
    # portrait with wrapped cells took 6 pages for these 120 people.
    assert pages(pdf) <= 4


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext is not installed (apt-get install poppler-utils)")
def test_printed_dates_and_hours_are_never_split(browser, alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=30, entries=8)
    report = json.loads(alnco("report", str(tmp_path / "inbox"), "--format", "json").stdout)
    html = alnco("report", str(tmp_path / "inbox"), "--format", "html", binary=True).stdout
    (tmp_path / "cohort.pdf").write_bytes(print_pdf(browser, html, tmp_path))
    printed = subprocess.run(["pdftotext", "-layout", str(tmp_path / "cohort.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
    lines = printed.splitlines()
    for person in report["people"]:
        line = next(line for line in lines if person["ewc_number"] in line)
        assert (person["last_activity"] or "-") in line  # "2026-10-30", never "2026-" / "10-30"
        assert f"{person['hours_this_year']:g} / {person['hours_target']:g} h" in line


def test_cohort_page_language_follows_lang(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=4, entries=3)
    welsh = alnco("report", str(tmp_path / "inbox"), "--lang", "cy", "--format", "html").stdout
    assert '<html lang="cy">' in welsh
    assert "B bodlonwyd" in welsh and "awr" in welsh
    before = alnco("--lang", "cy", "report", str(tmp_path / "inbox"), "--format", "html").stdout
    assert '<html lang="cy">' in before
    assert '<html lang="en-GB">' in alnco("report", str(tmp_path / "inbox"), "--format",
                                          "html").stdout


def test_no_two_columns_share_a_title(alnco, tmp_path) -> None:
    write_cohort(tmp_path / "inbox", people=5, entries=3)  # a school and an FEI framework
    html = alnco("report", str(tmp_path / "inbox"), "--format", "html").stdout
    headers = re.findall(r"<th([^>]*)>(.*?)</th>", html)
    texts = [unescape(text) for _attrs, text in headers]
    titles = [unescape(title) for attrs, _text in headers
              for title in re.findall(r'title="([^"]*)"', attrs)]
    assert len(texts) == len(set(texts)), texts
    assert len(titles) == len(set(titles)), titles
    # reg 27 (schools) and reg 28 (FEIs) are one column, each person's own.
    assert titles.count("Prescribed qualification or experience (declared)") == 1
    assert "reg27-qualification-or-experience, reg28-qualification-or-experience" in html


# A cohort built by hand: exact statuses, risks, hours and owners.

TITLES = {"reg27": "Prescribed qualification", "task-a": "Learning for task (a)",
          "extra": "A local extra"}


def person(name: str, risk: str = "high", statuses: dict[str, str] | None = None,
           hours: str = "4", target: str | None = "30", owner: str = "",
           shared: tuple[str, ...] = (), ewc: str = "100001") -> Person:
    statuses = statuses if statuses is not None else {"reg27": "met", "task-a": "behind"}
    results = tuple(RequirementResult(id=rid, title=TITLES[rid], kind="hours", basis="local",
                                      citation="", status=status, fraction=0.5, reason="",
                                      evidence=(), suggestions=())
                    for rid, status in statuses.items())
    progress = Progress(as_of=TODAY, framework="alnco-school-2021", framework_title="",
                        requirements=results, hours_this_year=Decimal(hours),
                        hours_target=Decimal(target) if target is not None else None)
    found = Person(source=f"/srv/inbox/{ewc}.json",
                   profile=fixed_profile(name=name, ewc_number=ewc),
                   framework="alnco-school-2021", exported_at="2026-11-04T00:00:00.000+00:00",
                   entries=[], progress=progress, last_activity=date(2026, 10, 1), risk=risk,
                   risk_reason="statutory: not declared")
    found.owner = owner  # set as attributes: the same whichever Person this tree has
    found.ewc_shared_with = shared
    return found


def cohort(*people: Person) -> Cohort:
    requirements: dict[str, str] = {}
    for one in people:
        for result in one.progress.requirements:
            requirements.setdefault(result.id, result.title)
    return Cohort(as_of=TODAY, people=list(people), requirements=requirements)


@pytest.fixture
def welsh():
    i18n.set_language("cy")
    try:
        yield
    finally:
        i18n.set_language("en")


def status_cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody>", 1)[1])
    return [re.findall(r'<td class="st [^"]*"[^>]*>(.*?)</td>', row) for row in rows]


def test_a_requirement_that_does_not_apply_or_is_outside_the_framework_is_a_dash() -> None:
    group = cohort(person("Ann", statuses={"reg27": "met", "task-a": "not_applicable",
                                           "extra": "overdue"}, ewc="1"),
                   person("Bob", statuses={"reg27": "behind", "task-a": "met"}, ewc="2"))
    assert status_cells(render_html(group).decode()) == [["M", "-", "O"], ["B", "M", "-"]]
    table = render_table(group, 200).decode()
    assert re.search(r"Ann .* M-O ", table) and re.search(r"Bob .* BM- ", table)
    assert "- not applicable" in table


def test_counts_per_risk_come_first_and_hours_show_their_target() -> None:
    group = cohort(person("Ann", "high", hours="4", ewc="1"),
                   person("Bob", "medium", hours="12.5", ewc="2"),
                   person("Cai", "low", hours="4", target=None, ewc="3"),
                   person("Dai", "low", hours="31", ewc="4"))
    html = render_html(group).decode()
    top = re.sub(r"<[^>]+>", "", html[:html.index("<table")])
    assert "High 1 · Medium 1 · Low 2" in top
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert cells == ["4 / 30 h", "12.5 / 30 h", "4 h", "31 / 30 h"]
    assert re.findall(r'<td class="date">([^<]*)</td>', html) == ["2026-10-01"] * 4
    assert "td.date" in html and "white-space: nowrap" in html
    assert "size: A4 landscape" in html


def test_welsh_cohort_page_has_welsh_letters_counts_and_hours(welsh) -> None:
    group = cohort(person("Ann", "high", statuses={"reg27": "met", "task-a": "behind"}))
    html = render_html(group).decode()
    assert status_cells(html) == [["B", "A"]]
    assert "Uchel 1 · Canolig 0 · Isel 0" in re.sub(r"<[^>]+>", "", html)
    assert "4 / 30 awr" in html


@pytest.mark.parametrize("language", ["en", "cy"])
def test_status_letters_are_distinct_and_their_legend_uses_the_status_words(language) -> None:
    i18n.set_language(language)
    try:
        letters = [status_letter(s) for s in LETTERED]
        assert len(set(letters)) == len(letters)
        assert all(len(letter) == 1 and letter.isascii() and letter.isalpha()
                   for letter in letters)
        assert status_letter("not_applicable") == status_letter("") == "-"
        legend = status_legend().split(", ")
        assert legend == [f"{status_letter(s)} {status_label(s)}" for s in LETTERED] + \
            [f"- {status_label('not_applicable')}"]
    finally:
        i18n.set_language("en")


def test_welsh_letters_do_not_reuse_english_meanings(welsh) -> None:
    assert status_letter("met") == "B"  # bodlonwyd
    assert status_letter("behind") != "B"
    assert STATUS_LETTERS["behind"] == "B"  # the English map stays importable as it was


def test_who_handed_each_file_in_is_in_every_format() -> None:
    group = cohort(person("Ann", owner="ann", ewc="123"),
                   person("Mallory", owner="mallory", shared=("ann", "bob"), ewc="124"))
    report = json.loads(render_json(group))
    assert [(p["owner"], p["ewc_shared_with"]) for p in report["people"]] == \
        [("ann", []), ("mallory", ["ann", "bob"])]
    rows = list(csv.reader(io.StringIO(render_csv(group).decode("utf-8-sig"))))
    header = rows[0]
    assert header[header.index("source") + 1:header.index("source") + 3] == \
        ["owner", "ewc_shared_with"]
    assert [row[header.index("ewc_shared_with")] for row in rows[1:]] == ["", "ann bob"]
    html = render_html(group).decode()
    assert "<th>Owner</th>" in html and "<td>mallory</td>" in html
    shared = re.findall(r'<tr class="shared">(.*?)</tr>', html)
    assert len(shared) == 1 and "Mallory" in shared[0] and "also from ann, bob" in shared[0]
    assert "also handed in by another owner" in html
    table = render_table(group, 200).decode()
    assert "Mallory !" in table and "Ann !" not in table
    assert "! after a name: someone else handed in a file with the same EWC number" in table


def test_nothing_is_flagged_when_every_number_has_one_owner() -> None:
    group = cohort(person("Ann", ewc="1"), person("Bob", ewc="2"))
    html = render_html(group).decode()
    assert 'class="shared"' not in html and "also handed in" not in html
    assert "<th>Owner</th>" not in html  # nobody's owner is known: no empty column
    assert "after a name" not in render_table(group, 200).decode()
