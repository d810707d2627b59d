"""No unsaved work lost: every way out of a form with changes asks first, drafts
are kept while a form has changes, and offered back at the next start.

Routes out: ctrl+q, q (not while typing), the palette's Quit, the palette's
"Go to ..." and d/c/m; where nobody can be asked (SIGHUP, SIGTERM) the app
writes the draft and exits (`hang_up`; the real signal is in test_tui_tmux.py).
"""

from __future__ import annotations

import json
import os
import signal
import stat
import time
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from alnco.drafts import Draft, DraftError, Drafts, drafts_dir, file_name
from alnco.model import Declaration, Profile
from alnco.tui.app import create_app
from alnco.tui.unsaved import draft_interval
from alnco.tui.screens.declaration_form import DeclarationForm
from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.screens.onboarding import OnboardingScreen
from alnco.tui.screens.quit_question import RestoreQuestion, UnsavedQuestion
from alnco.tui.widgets.confirm import ConfirmScreen
from tui_helpers import make_ctx
from tui_notices import notices

FAST = 0.2  # seconds between draft writes in these tests


def make_app(record_path: Path, *, seconds: float = FAST, **environ: str):
    return create_app(make_ctx(record_path, **environ), draft_seconds=seconds)


def draft_path(record_path: Path, kind: str, key: str = "") -> Path:
    return drafts_dir(record_path) / file_name(kind, key)


class NewEntryDraft:
    """The draft of a new entry's form: `entry-new-<random>.json`, one per form."""

    def __init__(self, record_path: Path) -> None:
        self.folder = drafts_dir(record_path)

    def paths(self) -> list[Path]:
        return sorted(self.folder.glob("entry-new-*.json")) if self.folder.is_dir() else []

    def exists(self) -> bool:
        return len(self.paths()) == 1

    def gone(self) -> bool:
        return not self.paths()

    def read(self) -> dict:
        [path] = self.paths()
        return read_draft(path)


def read_draft(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


async def wait_until(pilot, test, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise AssertionError("the condition never became true")
        await pilot.pause(0.05)


async def new_form(pilot, status: str = "completed") -> EntryForm:
    pilot.app.action_new_entry(status)
    await pilot.pause()
    assert isinstance(pilot.app.screen, EntryForm)
    return pilot.app.screen


async def half_fill(pilot, title: str = "Half-typed course", hours: str = "1h30") -> EntryForm:
    form = await new_form(pilot)
    form.query_one("#hours", Input).value = hours
    form.query_one("#title", Input).value = title
    await pilot.pause()
    return form


async def palette(pilot, words: str) -> None:
    """Choose a palette command by typing its words, as a person would."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "CommandPalette")
    await pilot.press(*words)
    await pilot.pause(0.3)  # the palette searches as a worker
    await pilot.press("enter")
    await pilot.pause()


def question_text(app) -> str:
    return str(app.screen.query_one(".dialog-question", Static).render())


# ---------------------------------------------------------------- every quit route asks
async def test_ctrl_q_with_changes_asks_and_escape_keeps_editing(with_profile, record_path):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await half_fill(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedQuestion)
        assert question_text(app) == ("Log learning: your changes are not saved yet. Save, "
                                      "discard, or keep editing?")
        assert app.focused.id == "keep"  # enter alone neither saves nor throws away
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.screen is form
        assert form.query_one("#title", Input).value == "Half-typed course"
        await pilot.press("ctrl+q")  # and again, with enter on the focused "keep editing"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.screen is form


async def test_q_asks_about_a_form_left_open_on_another_screen(with_profile, record_path,
                                                                record):
    """The old way to lose a form: leave it (then "Go to" did not ask), press q."""
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        app.switch_mode("learning")  # as the palette's "Go to" did before it asked
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedQuestion)
        await pilot.press("k")  # k: keep editing, as escape
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("s")  # saved from where it is
        await pilot.pause()
        assert not app.is_running
    assert [e.title for e in record.read().entries] == ["Half-typed course"]


async def test_the_palettes_quit_asks(with_profile, record_path):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        await palette(pilot, "Quit")
        assert isinstance(app.screen, UnsavedQuestion)
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running


async def test_save_saves_then_quits(with_profile, record_path, record):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        await wait_until(pilot, NewEntryDraft(record_path).exists)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert not app.is_running
    [saved] = record.read().entries
    assert (saved.title, str(saved.hours)) == ("Half-typed course", "1.5")
    assert NewEntryDraft(record_path).gone()


async def test_a_refused_save_stays_in_the_form_and_says_why(with_profile, record_path, record):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await half_fill(pilot, hours="lots")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running and app.screen is form
        assert "hours" in str(form.query_one("#form-error", Static).render())
        assert record.read().entries == []
        await wait_until(pilot, NewEntryDraft(record_path).exists)  # still kept as a draft


async def test_discard_quits_without_saving_and_removes_the_draft(with_profile, record_path,
                                                                  record):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        await wait_until(pilot, NewEntryDraft(record_path).exists)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause(FAST * 2)  # no timer writes it back
        assert not app.is_running
    assert record.read().entries == []
    assert NewEntryDraft(record_path).gone()


# ---------------------------------------------------------------- going elsewhere asks
async def test_going_to_another_screen_from_the_palette_asks(with_profile, record_path, record):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await half_fill(pilot)
        await palette(pilot, "Go to catalogue")
        assert isinstance(app.screen, UnsavedQuestion)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and app.current_mode == "dashboard"
        await palette(pilot, "Go to my learning")
        await pilot.press("s")
        await pilot.pause()
        assert app.current_mode == "learning"
        assert [e.title for e in record.read().entries] == ["Half-typed course"]
        assert not any(isinstance(s, EntryForm) for s in app._all_screens())
        # Nothing unsaved now: quitting does not ask.
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_going_elsewhere_and_discarding_goes_without_saving(with_profile, record_path,
                                                                  record):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        await palette(pilot, "Go to my learning")
        assert isinstance(app.screen, UnsavedQuestion)
        await pilot.press("d")
        await pilot.pause()
        assert app.current_mode == "learning"
        assert record.read().entries == []
        assert NewEntryDraft(record_path).gone()


async def test_a_form_without_changes_lets_you_go_without_asking(with_profile, record_path):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_form(pilot)
        app.action_go("catalogue")
        await pilot.pause()
        assert app.current_mode == "catalogue"
        assert not isinstance(app.screen, UnsavedQuestion)


# ---------------------------------------------------------------- autosave
async def test_a_draft_is_written_after_the_interval_private_and_whole(with_profile,
                                                                        record_path):
    old_umask = os.umask(0)  # modes are set, not left to the umask
    try:
        app = make_app(record_path, seconds=0.6)
        async with app.run_test(size=(80, 24)) as pilot:
            form = await new_form(pilot)
            form.query_one("#title", Input).value = "Trauma-informed practice"
            await pilot.pause()
            new = NewEntryDraft(record_path)
            assert new.gone()  # not on every key: after the interval
            await wait_until(pilot, new.exists, timeout=5)
            [path] = new.paths()
            folder = drafts_dir(record_path)
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            saved = read_draft(path)
            assert saved["kind"] == "entry" and saved["key"] == form.draft_key()
            assert path.name == f"entry-{form.draft_key()}.json"
            assert saved["fields"]["title"] == "Trauma-informed practice"
            assert saved["fields"]["date"] == "3 Nov 2026"  # as typed (shown as lists show it)
            # Later changes follow, within the interval; no temp file is left.
            form.query_one("#reflection", TextArea).text = "Line one\nline two"
            form.query_one("#task-c", Checkbox).value = True
            await wait_until(pilot, lambda: read_draft(path)["fields"]["tasks"] == ["c"])
            assert read_draft(path)["fields"]["reflection"] == "Line one\nline two"
            assert sorted(folder.iterdir()) == [path]
    finally:
        os.umask(old_umask)


async def test_a_form_back_as_it_started_has_no_draft(with_profile, record_path):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await half_fill(pilot)
        new = NewEntryDraft(record_path)
        await wait_until(pilot, new.exists)
        form.query_one("#hours", Input).value = ""
        form.query_one("#title", Input).value = ""
        await wait_until(pilot, new.gone)
        await pilot.press("ctrl+q")  # nothing to ask about
        await pilot.pause()
        assert not app.is_running


async def test_saving_or_cancelling_a_form_removes_its_draft(with_profile, record_path):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        new = NewEntryDraft(record_path)
        await half_fill(pilot)
        await wait_until(pilot, new.exists)
        await pilot.press("ctrl+s")
        await pilot.pause(FAST * 2)
        assert not isinstance(app.screen, EntryForm)
        assert new.gone()
        await half_fill(pilot, title="Another")
        await wait_until(pilot, new.exists)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause(FAST * 2)
        assert new.gone()


async def test_a_draft_left_for_later_outlives_another_form(with_profile, record_path):
    """Two new entries never share a draft, and a form removes only its own."""
    Drafts(record_path).save("entry", "new-later", {"title": "Left for later"})
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # not now
        await pilot.pause()
        form = await half_fill(pilot, title="Something else")
        await wait_until(pilot, lambda: len(NewEntryDraft(record_path).paths()) == 2)
        form.query_one("#hours", Input).value = ""
        form.query_one("#title", Input).value = ""
        await pilot.press("escape")  # a clean form closes at once
        await pilot.pause(FAST * 2)
        assert not isinstance(app.screen, EntryForm)
    assert [d.fields["title"] for d in Drafts(record_path).load()] == ["Left for later"]


def test_the_interval_comes_from_the_environment_within_limits():
    assert draft_interval({}) == 2.0
    assert draft_interval({"ALNCO_DRAFT_SECONDS": "0.5"}) == 0.5
    assert draft_interval({"ALNCO_DRAFT_SECONDS": "0"}) == 0.05
    assert draft_interval({"ALNCO_DRAFT_SECONDS": "1e9"}) == 600.0
    assert draft_interval({"ALNCO_DRAFT_SECONDS": "nan"}) == 2.0
    assert draft_interval({"ALNCO_DRAFT_SECONDS": "soon"}) == 2.0


# ---------------------------------------------------------------- the next start
async def test_a_hang_up_keeps_the_draft_and_the_next_start_offers_it(with_profile,
                                                                       record_path, record):
    app = make_app(record_path, seconds=600)  # only the hang-up writes it
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        assert NewEntryDraft(record_path).gone()
        app.hang_up(signal.SIGHUP)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 128 + signal.SIGHUP
    assert NewEntryDraft(record_path).read()["fields"]["title"] == "Half-typed course"

    again = make_app(record_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, RestoreQuestion)
        today = datetime.now().astimezone()
        assert question_text(again).startswith("You have unsaved learning from ")
        assert f"{today.day} " in question_text(again)
        assert again.focused.id == "restore"
        await pilot.press("r")
        await pilot.pause()
        form = again.screen
        assert isinstance(form, EntryForm) and form.original is None
        assert form.query_one("#title", Input).value == "Half-typed course"
        assert form.query_one("#hours", Input).value == "1h30"
        assert form.dirty
        await pilot.press("ctrl+s")
        await pilot.pause(FAST * 2)
    assert [e.title for e in record.read().entries] == ["Half-typed course"]
    assert NewEntryDraft(record_path).gone()


async def test_sigterm_keeps_the_draft_too(with_profile, record_path):
    app = make_app(record_path, seconds=600)
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        app.hang_up(signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    assert NewEntryDraft(record_path).exists()


async def test_an_edit_draft_restores_into_the_entry_being_edited(seeded, record_path, record):
    original = next(e for e in record.read().entries if e.title == "IDP writing workshop")
    Drafts(record_path).save("entry", original.id, {
        "date": "2026-12-01", "hours": "4", "title": "IDP writing workshop (two days)",
        "status": "planned", "mode": "", "evidence": "", "reflection": "",
        "tasks": ["c", "e"], "module_id": None})
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert question_text(app).endswith(" to: IDP writing workshop")
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm) and form.original.id == original.id
        assert form.query_one("#title", Input).value == "IDP writing workshop (two days)"
        assert form.query_one("#status", Select).value == "planned"
        assert form.query_one("#task-e", Checkbox).value
        await pilot.press("ctrl+s")
        await pilot.pause()
    edited = next(e for e in record.read().entries if e.id == original.id)
    assert (edited.title, str(edited.hours), edited.tasks) == (
        "IDP writing workshop (two days)", "4", ("c", "e"))
    assert len(record.read().entries) == 3
    assert not draft_path(record_path, "entry", original.id).exists()


async def test_a_restored_edit_draft_saves_only_over_the_version_it_started_from(
        seeded, record_path, record):
    """The draft remembers its entry's revision: a change made elsewhere after the
    connection dropped is asked about, never overwritten by the restored draft."""
    from alnco.tui.screens.conflict import ConflictScreen

    original = next(e for e in record.read().entries if e.title == "IDP writing workshop")
    Drafts(record_path).save("entry", original.id, {
        "date": "2026-12-01", "hours": "4", "title": "Mine, from the draft",
        "status": "planned", "mode": "", "evidence": "", "reflection": "",
        "tasks": ["c"], "module_id": None, "base_revision": str(original.revision)})
    with record.transaction() as tx:  # another session edits it after the draft was kept
        tx.replace(original.edited(reflection="Theirs, written later"))
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
    kept = next(e for e in record.read().entries if e.id == original.id)
    assert kept.reflection == "Theirs, written later" and kept.title == "IDP writing workshop"


async def test_an_offered_draft_can_be_discarded_or_left_for_later(with_profile, record_path):
    drafts = Drafts(record_path)
    drafts.save("entry", "new-1", {"title": "Later"})
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RestoreQuestion)
        await pilot.press("escape")  # not now: kept for next time
        await pilot.pause()
        assert not isinstance(app.screen, (RestoreQuestion, EntryForm))
    assert NewEntryDraft(record_path).exists()
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, (RestoreQuestion, EntryForm))
    assert NewEntryDraft(record_path).gone()


async def test_several_drafts_are_offered_one_after_another(with_profile, record_path, record):
    drafts = Drafts(record_path)
    drafts.save("entry", "new-1", {"title": "First", "hours": "1"})
    drafts.save("profile", "", {"name": "Ceri Jones", "setting": "fei", "institution": "",
                                "designated": ""})
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        asked = [question_text(app)]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, (EntryForm, OnboardingScreen))
        first = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RestoreQuestion)  # the next one, once that form closed
        asked.append(question_text(app))
        await pilot.press("r")
        await pilot.pause()
        second = app.screen
        assert {type(first), type(second)} == {EntryForm, OnboardingScreen}
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert sorted(q.split(" from ")[0] for q in asked) == [
        "You have unsaved changes to your profile", "You have unsaved learning"]
    snapshot = record.read()
    assert [e.title for e in snapshot.entries] == ["First"]
    assert (snapshot.profile.name, snapshot.profile.setting) == ("Ceri Jones", "fei")
    assert drafts.load() == []


async def test_first_run_onboarding_comes_after_the_drafts(record_path, record):
    Drafts(record_path).save("entry", "new-1", {"title": "Before onboarding"})
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RestoreQuestion)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)


# ---------------------------------------------------------------- the other forms
async def test_the_profile_form_asks_and_keeps_a_draft(with_profile, record_path, record):
    app = make_app(record_path, seconds=600)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_profile()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OnboardingScreen)
        form.query_one("#institution", Input).value = "Ysgol Newydd"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert question_text(app).startswith("Your profile: your changes are not saved yet.")
        await pilot.press("escape")
        await pilot.pause()
        app.hang_up(signal.SIGHUP)
        await pilot.pause()
    assert read_draft(draft_path(record_path, "profile", ""))["fields"]["institution"] == \
        "Ysgol Newydd"
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert question_text(app).startswith("You have unsaved changes to your profile from ")
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#institution", Input).value == "Ysgol Newydd"
        assert app.screen.query_one("#name", Input).value == "Ceri"  # the rest as saved
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert not app.is_running
    assert record.read().profile.institution == "Ysgol Newydd"
    assert not draft_path(record_path, "profile", "").exists()


async def test_the_declaration_form_asks_keeps_a_draft_and_saves(with_profile, record_path,
                                                                  record):
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_declare()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DeclarationForm)
        form.query_one("#value", Input).value = "EWC 7654321"
        await wait_until(pilot, draft_path(record_path, "declaration", "").exists)
        assert read_draft(draft_path(record_path, "declaration", ""))["fields"]["value"] == \
            "EWC 7654321"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert question_text(app).startswith("Declare a qualification or experience: ")
        await pilot.press("s")
        await pilot.pause()
        assert not app.is_running
    declared = record.read().profile.declarations
    assert [d.value for d in declared] == ["EWC 7654321"]
    assert isinstance(declared[0], Declaration)
    assert not draft_path(record_path, "declaration", "").exists()


async def test_a_declaration_draft_restores_its_choice_and_words(with_profile, record_path):
    app = make_app(record_path, seconds=600)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_declare()
        await pilot.pause()
        form = app.screen
        await pilot.press("down")  # the second choice
        await pilot.pause()
        chosen = form.chosen_key()
        form.query_one("#evidence", Input).value = "HR file"
        await pilot.pause()
        app.hang_up(signal.SIGHUP)
        await pilot.pause()
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert question_text(app).startswith("You have an unsaved declaration from ")
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DeclarationForm)
        assert form.chosen_key() == chosen
        assert form.query_one("#evidence", Input).value == "HR file"


# ---------------------------------------------------------------- hostile folders
async def test_a_symlink_planted_at_the_draft_path_is_replaced_not_written_through(
        seeded, record_path, record, tmp_path):
    """An edit's draft has a name anyone can work out (`entry-<id>.json`)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n")
    original = record.read().entries[0]
    folder = drafts_dir(record_path)
    folder.mkdir(mode=0o700)
    planted = folder / file_name("entry", original.id)
    planted.symlink_to(victim)
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.edit_entry(original)
        await pilot.pause()
        app.screen.query_one("#title", Input).value = "Edited, not yet saved"
        await wait_until(pilot, lambda: not planted.is_symlink())
    assert victim.read_text() == "someone else's file\n"
    assert stat.S_ISREG(planted.lstat().st_mode)
    assert stat.S_IMODE(planted.stat().st_mode) == 0o600
    assert read_draft(planted)["fields"]["title"] == "Edited, not yet saved"


async def test_a_symlinked_drafts_folder_is_refused_with_a_reason(with_profile, record_path,
                                                                   tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    drafts_dir(record_path).symlink_to(elsewhere)
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await half_fill(pilot)
        await wait_until(pilot, lambda: any("symbolic link" in str(n.message)
                                            for n in notices(app)))
        await pilot.pause(FAST * 3)
        warnings = [str(n.message) for n in notices(app) if "draft" in str(n.message)]
        assert len(warnings) == 1  # said once, not at every change
        assert warnings[0].startswith("Unsaved changes cannot be kept as a draft: ")
    assert list(elsewhere.iterdir()) == []


def test_a_drafts_folder_left_open_is_made_private(record_path):
    folder = drafts_dir(record_path)
    folder.mkdir()
    folder.chmod(0o755)
    Drafts(record_path).save("entry", "new-1", {"title": "x"})
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_drafts_folder_of_someone_else_is_refused(record_path):
    folder = drafts_dir(record_path)
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(DraftError, match="belongs to another user"):
        Drafts(record_path).save("entry", "new-1", {"title": "x"})
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- the drafts module itself
def test_drafts_reading_skips_what_is_not_a_draft_of_ours(record_path, tmp_path):
    drafts = Drafts(record_path)
    drafts.save("entry", "new-1", {"title": "Good"})
    folder = drafts_dir(record_path)
    (folder / "entry-x.json").write_text("{not json")
    (folder / "profile.json").write_text(json.dumps({"alnco_draft": 1, "kind": "entry",
                                                     "key": "", "fields": {}}))  # wrong kind
    (folder / "declaration.json").write_text(json.dumps({
        "alnco_draft": 1, "kind": "declaration", "key": "", "saved_at": "2026-11-03T10:00:00",
        "fields": {"value": {"nested": "no"}}}))
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"alnco_draft": 1, "kind": "entry", "key": "y",
                                   "saved_at": "2026-11-03T10:00:00", "fields": {}}))
    (folder / "entry-y.json").symlink_to(outside)
    (folder / "notes.txt").write_text("not ours")
    (folder / "entry-big.json").write_bytes(b" " * 16_000_001)
    stale = folder / ".entry-new.json.0123abcd.tmp"
    stale.write_text("half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    [draft] = drafts.load()
    assert isinstance(draft, Draft) and draft.fields == {"title": "Good"}
    assert not stale.exists()
    assert outside.exists()


def test_a_draft_key_that_is_not_a_plain_id_is_named_by_its_hash(record_path):
    drafts = Drafts(record_path)
    path = drafts.save("entry", "../../etc/passwd", {"title": "x"})
    assert path.parent == drafts_dir(record_path)
    assert path.name.startswith("entry-") and "/" not in path.name[6:] and ".." not in path.name
    [draft] = drafts.load()
    assert draft.key == "../../etc/passwd"
    drafts.remove("entry", "../../etc/passwd")
    assert drafts.load() == []


def test_drafts_hold_only_plain_values(record_path):
    with pytest.raises(ValueError):
        Drafts(record_path).save("entry", "new-1", {"when": object()})
    with pytest.raises(ValueError):
        file_name("passwords")


def test_a_file_in_place_of_the_drafts_folder_is_refused(record_path):
    drafts_dir(record_path).write_text("a file")
    with pytest.raises(DraftError, match="is not a folder"):
        Drafts(record_path).save("entry", "new-1", {})
    with pytest.raises(DraftError, match="is not a folder"):
        Drafts(record_path).load()


def test_newest_draft_first(record_path):
    drafts = Drafts(record_path)
    drafts.save("profile", "", {"name": "a"})
    path = drafts.save("entry", "new-1", {"title": "b"})
    data = read_draft(path)
    data["saved_at"] = "2020-01-01T09:00:00+00:00"
    path.write_text(json.dumps(data))
    assert [d.kind for d in drafts.load()] == ["profile", "entry"]


async def test_no_profile_yet_and_a_draft_does_not_open_two_onboardings(record_path, record):
    Drafts(record_path).save("profile", "", {"name": "Ceri", "setting": "school",
                                             "institution": "", "designated": ""})
    app = make_app(record_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert sum(isinstance(s, OnboardingScreen) for s in app.screen_stack) == 1
        assert app.screen.query_one("#name", Input).value == "Ceri"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sum(isinstance(s, OnboardingScreen) for s in app.screen_stack) == 0
    assert record.read().profile.name == "Ceri"
    assert isinstance(record.read().profile, Profile)


def test_the_record_folder_is_used_for_drafts(record_path):
    assert drafts_dir(record_path) == record_path.parent / "record.drafts"
    assert drafts_dir(Path("/x/my.json")) == Path("/x/my.drafts")


async def test_a_bug_that_ends_the_app_still_keeps_the_draft(with_profile, record_path):
    app = make_app(record_path, seconds=600)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await half_fill(pilot)

            def bug() -> None:
                raise ZeroDivisionError("a bug")

            app.call_later(bug)
            await pilot.pause()
    assert NewEntryDraft(record_path).read()["fields"]["title"] == "Half-typed course"


async def test_switching_language_while_the_dashboard_loads_under_a_question(
        with_profile, record_path):
    """The restore question sits over a dashboard still working out progress: a
    language switch then rebuilt the dashboard under the drawing and crashed it."""
    Drafts(record_path).save("entry", "new-1", {"title": "Later"})
    for _ in range(3):
        app = make_app(record_path)
        async with app.run_test(size=(80, 24)) as pilot:
            app.action_set_language("cy")
            await pilot.pause()
            app.action_set_language("en")
            await pilot.pause(0.5)
            assert isinstance(app.screen, RestoreQuestion)
        assert app.return_code in (None, 0)
