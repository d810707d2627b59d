"""Declaring the reg 27/28 line (a qualification or experience) in the app.

The dashboard's declaration line (and the qualification line) open the
declaration form with `enter`; the palette opens it from anywhere. It saves
what `alnco profile declare` saves, through the same function.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import date

import pytest
from textual.widgets import Input

from alnco.model import Declaration, Profile
from alnco.tui.screens.dashboard import (DashboardScreen, declaration_key_to_open, line_action,
                                         line_hint)
from alnco.tui.screens.declaration_form import DeclarationForm, KeyChoice, KeyChoices
from alnco.tui.screens.onboarding import OnboardingScreen
from alnco.tui.widgets.confirm import ConfirmScreen
from alnco.tui.widgets.requirement_row import RequirementRow
from tui_helpers import make_ctx, start_app
from tui_notices import notices
from tui_waiting import settle

REG27 = "reg27-qualification-or-experience"
TEACHER = "Registered with the EWC as a school teacher (not provisionally)"
CLICK = "EWC [@click=app.quit]x[/] [bold 1234567"
# "run `alnco profile declare`" or "--evidence": a command, where the app can act itself
COMMAND = re.compile(r"\balnco (profile|log|progress|export|import|catalogue|report|cohort|push"
                     r"|doctor)\b|(^|\s)--[a-z]")


def row(app, requirement_id: str) -> RequirementRow:
    return next(r for r in app.screen.query(RequirementRow) if r.result.id == requirement_id)


def row_text(r: RequirementRow) -> str:
    return "\n".join(str(s.render()) for s in r.query("Static"))


def enter_says(app) -> str:
    active = app.screen.active_bindings.get("enter")
    return active.binding.description if active is not None and active.enabled else ""


def declarations(ctx) -> tuple[Declaration, ...]:
    profile = ctx.record.read().profile
    return profile.declarations if profile else ()


async def type_into(pilot, field_id: str, text: str) -> None:
    """Focus a field, clear it with keys, and type `text` as a person would."""
    pilot.app.screen.query_one(f"#{field_id}", Input).focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause()


async def open_from_reg27(pilot) -> DeclarationForm:
    await settle(pilot)
    await pilot.press("r")  # the requirement lines; the first is reg 27
    await pilot.pause()
    assert isinstance(pilot.app.focused, RequirementRow)
    assert pilot.app.focused.result.id == REG27
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DeclarationForm)
    return pilot.app.screen


def cli_profile(ctx) -> dict:
    """`alnco profile show --format json`: the real command, on the same record."""
    env = {**os.environ, "ALNCO_RECORD": str(ctx.record_path), "ALNCO_LANG": "en",
           "ALNCO_SYSTEM_DIR": ctx.environ["ALNCO_SYSTEM_DIR"]}
    done = subprocess.run([sys.executable, "-m", "alnco", "profile", "show", "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    return json.loads(done.stdout)


# ---------------------------------------------------------------- the whole flow
async def test_enter_on_the_declaration_line_declares_it_and_the_line_changes(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = row(app, REG27)
        assert line.result.status == "not_started"
        assert "▸ Enter: declare" in row_text(line)
        form = await open_from_reg27(pilot)
        assert app.focused is form.query_one(KeyChoices)
        assert form.chosen_key() == "school-teacher"
        # what is declared is shown in words, never as a key
        labels = [str(b.label) for b in form.query(KeyChoice)]
        assert TEACHER + " · needed for the statutory line" in labels
        assert "school-teacher" not in labels and sum("needed" in label for label in labels) == 1
        await type_into(pilot, "value", "EWC 1234567")
        await type_into(pilot, "declared-on", "1/9/2020")
        # the date understood is shown as it is typed
        assert "Tue 1 Sep 2020" in str(form.query_one(".parsed-feedback").render())
        await type_into(pilot, "evidence", "EWC card in HR file")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, DashboardScreen)
        saved = Declaration("school-teacher", "EWC 1234567", "EWC card in HR file",
                            date(2020, 9, 1))
        assert declarations(ctx) == (saved,)
        line = row(app, REG27)
        assert line.result.status == "met"
        assert "Declared on 1 Sep 2020" in line.result.reason
        assert "▸ Enter: change the declaration" in row_text(line)
        assert app.focused is line  # back on the line just declared
        assert any("Declared on 1 Sep 2020: " + TEACHER in str(n.message)
                   for n in notices(app))
    # what the command line sees: exactly what `alnco profile declare` writes
    assert cli_profile(ctx)["declarations"] == [saved.to_dict()]


async def test_the_first_line_has_the_focus_and_arrows_move_between_lines(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is row(app, REG27)  # "Enter: declare" works at once
        await pilot.press("down")
        assert app.focused is row(app, "task-a")
        await pilot.press("enter")  # a line with nothing to do: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("up", "up")  # and past the first line, the page scrolls
        assert app.focused is row(app, REG27)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeclarationForm)


async def test_choosing_another_key_with_the_arrow_keys(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_from_reg27(pilot)
        await pilot.press("down")  # arrows choose, as in any radio group
        assert form.chosen_key() == "relevant-services-experience"
        marks = [str(b.render()).startswith("(•)") for b in form.query(KeyChoice)]
        assert marks == [False, True, False, False]  # the choice shows as a mark
        await pilot.press("down", "down")
        assert form.chosen_key() == "postgraduate-aln-qualification"
        await type_into(pilot, "value", "MA ALN, Cardiff Met")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(d.key, d.value, d.declared_on) for d in declarations(ctx)] == [
            ("postgraduate-aln-qualification", "MA ALN, Cardiff Met", date(2026, 11, 3))]
        assert row(app, "postgraduate-aln-qualification").result.status == "met"
        assert row(app, REG27).result.status == "not_started"


async def test_the_qualification_line_opens_on_its_own_key(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = row(app, "postgraduate-aln-qualification")
        assert line.line_action == ("declare", "postgraduate-aln-qualification")
        assert "▸ Enter: declare" in row_text(line)
        line.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.chosen_key() == "postgraduate-aln-qualification"


async def test_the_palette_opens_the_form_from_anywhere(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")  # My learning: the form is not only for the dashboard
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Declare a qualification or experience" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"declare a qual")
        deadline = time.monotonic() + 10
        while True:  # the palette searches in a worker
            await pilot.pause(0.05)
            palette = app.screen
            options = palette.query_one("CommandList")
            if options.highlighted is not None and "Declare a qualification" in str(
                    options.get_option_at_index(options.highlighted).prompt):
                break
            assert time.monotonic() < deadline, "the palette never offered the command"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeclarationForm)
        assert app.screen.chosen_key() == "school-teacher"


# ---------------------------------------------------------------- cancel, prefill, errors
async def test_escape_cancels_without_saving(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_from_reg27(pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("enter")  # the focus is back on the line
        await settle(pilot)
        assert isinstance(app.screen, DeclarationForm)
        await type_into(pilot, "value", "EWC 1234567")
        await pilot.press("escape")  # something typed: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert declarations(ctx) == ()
        assert row(app, REG27).result.status == "not_started"


async def test_a_declared_key_fills_the_form_to_be_updated(ctx, monkeypatch):
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ceri", setting="school", designated_on=date(2025, 9, 1),
                               declarations=(Declaration("school-teacher", "EWC 1111111", "",
                                                         date(2019, 7, 1)),)))
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = row(app, REG27)
        assert line.result.status == "behind"  # no evidence yet
        assert "▸ Enter: change the declaration" in row_text(line)
        form = await open_from_reg27(pilot)
        assert form.chosen_key() == "school-teacher"
        value = form.query_one("#value", Input)
        assert value.value == "EWC 1111111"
        assert form.query_one("#declared-on", Input).value == "1 Jul 2019"  # as lists show it
        assert "Already declared on 1 Jul 2019" in str(form.query_one("#declared-now").render())
        # another key, not declared: its own (empty) fields, today's date
        await pilot.press("down")
        assert value.value == ""
        assert form.query_one("#declared-on", Input).value == "3 Nov 2026"
        assert "Not declared yet." in str(form.query_one("#declared-now").render())
        await pilot.press("up")
        assert value.value == "EWC 1111111"
        await type_into(pilot, "evidence", "EWC card in HR file")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert declarations(ctx) == (Declaration("school-teacher", "EWC 1111111",
                                                 "EWC card in HR file", date(2019, 7, 1)),)
        assert row(app, REG27).result.status == "met"


async def test_typed_fields_are_kept_when_the_key_changes(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_from_reg27(pilot)
        await type_into(pilot, "value", "EWC 1234567")
        form.query_one(KeyChoices).focus()
        await pilot.press("down")
        assert form.query_one("#value", Input).value == "EWC 1234567"


@pytest.mark.parametrize("typed, words", [
    ("1/12/2026", "Not saved: a declaration cannot be dated in the future (1 Dec 2026)"),
    ("31/2/2026", "Not saved: '31/2/2026' is not a real date"),
    ("", "Not saved: a date is needed"),
])
async def test_errors_are_shown_in_the_form_in_words(ctx, monkeypatch, typed, words):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_from_reg27(pilot)
        await type_into(pilot, "declared-on", typed)
        assert "✗" in str(form.query_one(".parsed-feedback").render())  # said as you type
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, nothing lost
        error = str(form.query_one("#form-error").render())
        assert error.startswith(words)
        assert "--" not in error  # no command-line options in the app
        assert declarations(ctx) == ()


async def test_user_text_stays_text(ctx, monkeypatch):
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        line = row(app, "postgraduate-aln-qualification")
        line.focus()
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "value", CLICK)
        await type_into(pilot, "evidence", "[bold]card[/bold] [@click=app.quit]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [saved] = declarations(ctx)
        assert saved.value == CLICK
        assert saved.evidence == "[bold]card[/bold] [@click=app.quit]"
        # the qualification line quotes the value: literally
        line = row(app, "postgraduate-aln-qualification")
        assert CLICK in row_text(line)
        await pilot.click(line, offset=(30, 1))
        await pilot.pause()
        assert app.is_running
        # and the form, opened again, shows it as typed
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#value", Input).value == CLICK


# ---------------------------------------------------------------- no commands to run
async def test_no_line_asks_for_a_command_and_the_designation_line_opens_the_profile(
        tmp_path, monkeypatch):
    ctx = make_ctx(tmp_path / "record.json")
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ceri", setting="school"))  # no designation date
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = list(app.screen.query(RequirementRow))
        for r in rows:
            assert not COMMAND.search(row_text(r)), row_text(r)
        induction = row(app, "induction")
        assert induction.line_action == ("profile", "")
        assert "▸ Enter: set your designation date (Edit profile)" in row_text(induction)
        quiet = [r for r in rows if r.line_action is None]
        assert quiet and all("▸" not in row_text(r) for r in quiet)
        induction.focus()
        await pilot.pause()
        assert enter_says(app) == "Edit profile"  # the footer says what enter does here
        row(app, REG27).focus()
        await pilot.pause()
        assert enter_says(app) == "Declare"
        induction.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)


async def test_help_lists_the_keys(ctx, monkeypatch):
    from alnco.tui.screens.help import HelpScreen

    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys")  # what help shows, row by row
        rows = [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
        assert ("r", "Requirements") in rows
        assert ("⏎", "On a requirement line: declare it, or edit your profile") in rows
        assert any(d == "Declare" for _k, d in rows)  # the focused line's own key


# ---------------------------------------------------------------- Welsh
async def test_welsh_form_shows_the_keys_in_welsh(tmp_path, monkeypatch):
    ctx = make_ctx(tmp_path / "record.json", lang="cy")
    app = start_app(ctx, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "▸ Enter: datgan" in row_text(row(app, REG27))
        assert enter_says(app) == "Datgan"  # the footer too
        form = await open_from_reg27(pilot)
        assert str(form.query_one("#form-title").render()) == "Datgan cymhwyster neu brofiad"
        labels = [str(b.label) for b in form.query(KeyChoice)]
        assert labels[0] == ("Wedi cofrestru gyda Chyngor y Gweithlu Addysg fel athro neu "
                             "athrawes ysgol (nid dros dro) · ei angen ar gyfer y llinell "
                             "statudol")  # the rule's key says so; the others support it
        assert "Cymhwyster ôl-raddedig mewn ADY (argymhellir)" in labels
        assert "Heb ei ddatgan eto." in str(form.query_one("#declared-now").render())
        assert "Tystiolaeth" in "\n".join(str(label.render()) for label in form.query("Label"))
        await type_into(pilot, "value", "CGA 1234567")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [d.value for d in declarations(ctx)] == ["CGA 1234567"]
        assert any(str(n.message).startswith("Datganwyd ar 3 Tach 2026")
                   for n in notices(app))


# ---------------------------------------------------------------- the line's key, as data
def test_which_key_a_declaration_line_opens_on():
    params = {"keys": {"a": {}, "b": {}, "c": {}, "x": {}}, "rule": [["a"], ["b", "c"]]}

    def made(**evidence):
        return {k: Declaration(k, "", e, date(2020, 1, 1)) for k, e in evidence.items()}

    assert declaration_key_to_open(params, {}) == "a"  # what is needed first
    assert declaration_key_to_open(params, made(x="card")) == "a"  # supplementary is not enough
    assert declaration_key_to_open(params, made(b="card")) == "c"  # the group nearest complete
    assert declaration_key_to_open(params, made(b="", c="")) == "b"  # complete, no evidence
    assert declaration_key_to_open(params, made(a="", b="e", c="e")) == "b"  # met: update it
    assert declaration_key_to_open({"keys": {"k": {}}}, {}) == "k"  # no rule: its keys


def test_line_hints_say_what_enter_does():
    from alnco.progress.frameworks import shipped_framework
    from alnco.progress.model import RequirementResult

    framework = shipped_framework("alnco-school-2021")

    def result(rid, kind, status="not_started"):
        return RequirementResult(id=rid, title="t", kind=kind, basis="statutory", citation="c",
                                 status=status, fraction=0.0, reason="r", evidence=(),
                                 suggestions=())

    profile = Profile(designated_on=date(2025, 9, 1))
    assert line_action(result(REG27, "declaration"), framework, profile) == (
        "declare", "school-teacher")
    assert line_action(result(REG27, "hours"), framework, profile) is None  # kinds must agree
    assert line_action(result(REG27, "declaration"), None, profile) is None
    assert line_action(result("induction", "named_modules"), framework, profile) is None
    assert line_action(result("induction", "named_modules"), framework, Profile()) == (
        "profile", "")
    assert line_action(result("induction", "named_modules", "met"), framework, Profile()) is None
    assert line_hint(None, profile) == ""
    assert line_hint(("declare", "school-teacher"), profile) == "Enter: declare"
    declared = Profile(declarations=(Declaration("school-teacher"),))
    assert line_hint(("declare", "school-teacher"), declared) == "Enter: change the declaration"


# ---------------------------------------------------------------- the picture
def test_declaration_form_snapshot(snap_compare, ctx, monkeypatch):
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ceri", setting="school", designated_on=date(2025, 9, 1),
                               declarations=(Declaration("school-teacher", "EWC 1234567",
                                                         "EWC card in the HR file",
                                                         date(2019, 7, 1)),)))
    app = start_app(ctx, monkeypatch)

    async def open_form(pilot):
        await open_from_reg27(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_form)

