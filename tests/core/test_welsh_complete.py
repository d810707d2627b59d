"""In Welsh, nothing English that alnco controls: the app's screens, dialogs and help,
Textual's own words the app shows, the command line's messages and dates.

A curated list of English words (common words, the app's own words, months and
days, raw codes such as `school` and `online`) is looked for in what a person
sees; the data used is Welsh, so any hit is the app's. Two things are English
on purpose: the `alnco: error:`/`alnco: warning:` prefixes, the same in every
language as INTERFACE.md writes them (scripts look for them), and a language's
name in the other language beside it ("Cymraeg (Welsh)"), so either finds it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alnco import i18n
from alnco.context import Context
from alnco.exports.labels import mode_label, setting_label
from alnco.model import Entry, Profile
from alnco.output import ERROR_PREFIX, WARNING_PREFIX

TODAY = "2026-11-03"
PO = Path(i18n.__file__).with_name("locale") / "cy.po"

WORDS = [
    # common English words no Welsh sentence has
    "the", "and", "your", "you", "none yet", "not", "with", "this", "that", "of",
    # the app's own words
    "Quit", "Help", "Save", "Cancel", "Search", "Remove", "Keep", "Edit", "Done", "Close",
    "palette", "Dismiss", "menu", "busiest", "Screenshot", "Do you want", "Press", "Undo",
    "Dashboard", "Catalogue", "My learning", "Requirements", "Suggestions", "Evidence",
    "Reflection", "Hours", "Title", "Date", "Status", "Tasks", "Mode", "Year",
    "hours", "entry", "entries", "record", "error", "warning", "Error", "Warning",
    # raw codes
    "school", "fei", "online", "face-to-face", "blended", "self-study", "completed",
    "planned", "on_track", "not_started", "statutory", "guidance",
    # dates
    "today", "yesterday", "friday", "last", "January", "February", "March", "April",
    "June", "July", "August", "September", "October", "November", "December",
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
    # language names
    "English", "Welsh",
]
ENGLISH = re.compile(r"(?<![\w'’-])(" + "|".join(re.escape(w) for w in WORDS) + r")(?![\w'’-])")
ON_PURPOSE = re.compile("|".join(
    [re.escape(ERROR_PREFIX.strip()), re.escape(WARNING_PREFIX.strip()), "alnco"]
    + [re.escape(f"({name})") for name in ("English", "Welsh", "Saesneg", "Cymraeg")]))


PATH = re.compile(r"/\S*")  # a file's path is the person's own words


def english_in(text: str) -> list[str]:
    """The curated English words in `text`, with the line each is on."""
    hits = []
    for line in text.splitlines():
        kept = ON_PURPOSE.sub(" ", PATH.sub(" ", line))
        hits += [f"{word!r} in {line.strip()!r}" for word in ENGLISH.findall(kept)]
    return hits


def test_the_detector_finds_english_and_allows_what_is_english_on_purpose() -> None:
    assert english_in("Cau  q Quit  ^p palette")
    assert english_in("Dyddiad: 3 Nov 2026") and english_in("Lleoliad: school")
    assert not english_in("alnco: error: nid yw '31/02/2026' yn ddyddiad go iawn")
    assert not english_in("Iaith: Saesneg (English)   Iaith: Cymraeg (Welsh)   Ebr, Mai, Tach")


# ---------------------------------------------------------------- words for codes
def test_codes_have_welsh_words() -> None:
    i18n.set_language("cy")
    assert [mode_label(m) for m in ("online", "face-to-face", "blended", "self-study",
                                    "enquiry")] == ["ar-lein", "wyneb yn wyneb", "cyfunol",
                                                    "hunanastudio", "ymholiad"]
    assert setting_label("school") == "ysgol"


def test_welsh_lines_keep_the_english_prefixes_every_script_looks_for() -> None:
    """One rule for both prefixes: never translated (INTERFACE.md), the message is."""
    welsh = i18n.read_po(PO)
    prefixed = {msgid: msgstr for msgid, msgstr in welsh.items() if msgid.startswith("alnco: ")}
    for msgid, msgstr in prefixed.items():
        prefix = msgid[:msgid.index(":", len("alnco: ")) + 2]
        assert msgstr.startswith(prefix), (msgid, msgstr)


# ---------------------------------------------------------------- the command line
def test_welsh_date_errors_give_welsh_examples_and_months(alnco) -> None:
    for bad in ("31 Foo 2026", "31/02/2026", "1/1/1900"):
        result = alnco("--lang", "cy", "log", "add", "--title", "Gweithdy", "--hours", "1",
                       "--date", bad)
        assert result.returncode == 1 and result.stderr.startswith(ERROR_PREFIX), result.stderr
        assert not english_in(result.stderr.replace(bad, "")), result.stderr


def test_welsh_hours_error_is_welsh(alnco) -> None:
    result = alnco("--lang", "cy", "log", "add", "--title", "Gweithdy", "--hours", "abc")
    assert result.returncode == 1
    assert not english_in(result.stderr.replace("abc", "")), result.stderr


def test_welsh_profile_names_the_setting_in_welsh(alnco) -> None:
    assert alnco("profile", "set", "--name", "Ceri", "--setting", "school",
                 "--institution", "Ysgol y Bryn").returncode == 0
    shown = alnco("--lang", "cy", "profile", "show").stdout
    assert not english_in(shown), shown


# ---------------------------------------------------------------- the app
def screen_text(app) -> str:
    """The whole screen as the terminal gets it: every cell, as text."""
    from textual_internals import screen_text as composed

    return composed(app)


@pytest.fixture
def welsh_app(tmp_path: Path, monkeypatch):
    from alnco.tui.app import create_app
    from tui_notices import record_notices

    record_notices(monkeypatch)

    ctx = Context.from_options(record=str(tmp_path / "record.json"), today=TODAY, lang="cy",
                               environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc")})
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ceri", setting="school", institution="Ysgol y Bryn",
                               designated_on=date(2025, 9, 1)))
        tx.add(Entry(title="Ymarfer sy'n canolbwyntio ar yr unigolyn", date=date(2026, 10, 12),
                     hours=Decimal(2), tasks=("a", "d"), mode="online"))
        tx.add(Entry(title="Gweithdy ysgrifennu CDU", date=date(2026, 12, 1), hours=Decimal(3),
                     status="planned", tasks=("c",)))
    return create_app(ctx)


async def _look(pilot, *keys: str) -> str:
    from tui_waiting import settle

    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    return screen_text(pilot.app)


def _profile_form(app) -> None:
    app.action_profile()


def _unsaved_question(app) -> None:
    from alnco.tui.screens.quit_question import UnsavedQuestion

    app.push_screen(UnsavedQuestion("Cofnodi dysgu"))


def _conflict(app) -> None:
    from alnco.tui.screens.conflict import UNDO, ConflictScreen

    mine = app.snapshot.entries[0]
    app.push_screen(ConflictScreen(mine, None, context=UNDO))


# (keys pressed, then something the app is asked to show)
SCREENS = {
    "dashboard": ((), None),
    "learning": (("m",), None),
    "remove question": (("m", "delete"), None),
    "entry form": (("m", "n"), None),
    "help": (("m", "question_mark"), None),
    "help, further down": (("m", "question_mark", "pagedown"), None),
    "help, the end": (("m", "question_mark", "end"), None),
    "help over the dashboard": (("f1",), None),
    "year filter open": (("m", "f", "enter"), None),
    "profile form": (("m",), _profile_form),
    "unsaved question": (("m",), _unsaved_question),
    "conflict": (("m",), _conflict),
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_welsh_screens_show_no_english(welsh_app, name) -> None:
    keys, show = SCREENS[name]
    async with welsh_app.run_test(size=(80, 24)) as pilot:
        text = await _look(pilot, *keys)
        if show is not None:
            show(welsh_app)
            text = await _look(pilot)
        assert not english_in(text), "\n".join([name, *english_in(text), text])


async def test_welsh_catalogue_keys_and_filters_show_no_english(welsh_app) -> None:
    """The catalogue's own words (its modules' English titles are data, shown on purpose)."""
    async with welsh_app.run_test(size=(80, 24)) as pilot:
        lines = (await _look(pilot, "c")).splitlines()
        text = "\n".join(lines[:6] + lines[-1:])  # top line, search, filters, heading; footer
        assert not english_in(text), "\n".join(english_in(text))


def test_welsh_hours_chart_names_months_in_welsh() -> None:
    from alnco.tui.widgets.hours_summary import month_initials, months_caption

    i18n.set_language("cy")
    totals = [Decimal(0)] * 11 + [Decimal(3)]
    caption = str(months_caption(totals, date(2026, 11, 3)))
    assert "Tach 2026" in caption and not english_in(caption), caption
    assert month_initials(date(2026, 11, 3)).split() == list("RIC" "MEMMGAMHT"), \
        month_initials(date(2026, 11, 3))


async def test_welsh_palette_and_textual_notices_show_no_english(welsh_app) -> None:
    from alnco.tui.widgets import nav
    from tui_notices import notices

    async with welsh_app.run_test(size=(80, 24)) as pilot:
        await _look(pilot)
        words = []
        for command in welsh_app.get_system_commands(welsh_app.screen):
            words += [command.title, command.help or ""]
        nav.quit_hint(welsh_app)
        nav.screenshot_saved(welsh_app, "/tmp/sgrinlun.svg")
        words += [f"{n.title}: {n.message}" for n in notices(welsh_app)]
        text = "\n".join(words).replace("/tmp/sgrinlun.svg", "")
        # export formats and theme names are names, not words
        text = re.sub(r"'alnco export --format \w+'|\b(CSV|JSON|XLSX|HTML|ICS|XAPI)\b", "", text)
        assert not english_in(text), "\n".join(english_in(text))
