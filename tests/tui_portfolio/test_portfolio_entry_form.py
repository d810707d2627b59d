"""The entry form as a portfolio: evidence files attached through a path field
with completion, professional standards as tick boxes, the reflective prompts
shown as guidance. Checked through the record afterwards."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Static, TextArea

from alnco.evidence import files_for
from alnco.reflection import prompts
from alnco.tui.app import create_app
from alnco.tui.screens.entry_form import EntryForm
from alnco.tui.screens.learning import LearningScreen
from alnco.tui.widgets.confirm import ConfirmScreen
from alnco.tui.widgets.path_field import PathInput
from portfolio_support import make_ctx
from tui_waiting import settle


def text_of(form, selector: str) -> str:
    return str(form.query_one(selector, Static).render())


async def edit_first(pilot) -> EntryForm:
    """My learning, then enter on the first (newest) entry: IDP writing workshop."""
    await settle(pilot)
    await pilot.press("m")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, EntryForm)
    return pilot.app.screen


async def type_path(pilot, form: EntryForm, text: str) -> PathInput:
    field = form.query_one("#attach-path", PathInput)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause(0.2)  # the suggestion is worked out in a thread
    await pilot.pause()
    return field


async def test_attach_a_file_with_completion_and_see_it_in_the_preview(ctx, entries, files,
                                                                        monkeypatch):
    monkeypatch.chdir(files.parent)
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await edit_first(pilot)
        field = await type_path(pilot, form, "Documents/Cert")
        assert field.offered == "Documents/Certificate-day2.txt"
        await pilot.press("tab")  # takes the completion
        assert field.value == "Documents/Certificate-day2.txt"
        assert app.focused is field
        await pilot.press("enter")  # adds it; the field is ready for another
        await pilot.pause()
        assert field.value == ""
        assert "will be attached when you save" in text_of(form, "#attach-feedback")
        assert form.query_one("#evidence-files").option_count == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LearningScreen)
        snapshot = ctx.record.read()
        attached = files_for(snapshot, entries["idp"].id)
        assert [(f.name, f.size) for f in attached] == [("Certificate-day2.txt", 55)]
        preview = str(app.screen.query_one("#preview-text", Static).render())
        assert "Files: Certificate-day2.txt (55 B)" in preview
        # The footer offers `o` on an entry with files.
        assert app.screen.check_action("open_evidence", ()) is True


async def test_a_problem_file_is_named_in_app_words_and_nothing_is_lost(ctx, entries, files):
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await edit_first(pilot)
        form.query_one("#title", Input).value = "IDP workshop (renamed)"
        for typed, reason in ((str(files / "nothere.pdf"), "There is no file"),
                              (str(files / "Reports"), "is a folder: choose a file in it")):
            field = await type_path(pilot, form, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert reason in text_of(form, "#attach-feedback")
            assert field.value == typed  # kept, to be corrected
            assert app.focused is field
        # A file that goes away between adding and saving: the save is refused whole.
        gone = files / "certificate-old.txt"
        await type_path(pilot, form, str(gone))
        await pilot.press("enter")
        await pilot.pause()
        gone.unlink()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "There is no file" in text_of(form, "#form-error")
        assert form.query_one("#title", Input).value == "IDP workshop (renamed)"
        assert ctx.record.read().find(entries["idp"].id).title == "IDP writing workshop"
        # delete takes it off the list; then the rest saves.
        form.query_one("#evidence-files").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert form.query_one("#evidence-files").display is False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ctx.record.read().find(entries["idp"].id).title == "IDP workshop (renamed)"


async def test_when_attaching_fails_after_saving_the_form_stays_open_with_the_files(
        ctx, entries, files, monkeypatch):
    """The entry is saved; the files are still listed, the reason shown; fixing and
    saving again attaches them (nothing typed is lost)."""
    import alnco.evidence as evidence
    from alnco.errors import InputError

    real = evidence.add_files
    monkeypatch.setattr(evidence, "add_files", lambda *a, **k: (_ for _ in ()).throw(
        InputError("nothing was attached: disk full", app_message="nothing was attached: "
                   "the disk is full")))
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await edit_first(pilot)
        form.query_one("#title", Input).value = "Renamed"
        await type_path(pilot, form, str(files / "slides.pdf"))
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "saved, but not all its files: nothing was attached: the disk is full" in \
            text_of(form, "#form-error")
        assert ctx.record.read().find(entries["idp"].id).title == "Renamed"
        assert form.query_one("#evidence-files").option_count == 1
        monkeypatch.setattr(evidence, "add_files", real)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LearningScreen)
        names = [f.name for f in files_for(ctx.record.read(), entries["idp"].id)]
        assert names == ["slides.pdf"]


async def test_a_kept_file_is_removed_only_when_the_entry_is_saved(ctx, entries, files):
    from alnco.evidence import add_files

    add_files(ctx, entries["pcp"].id, [files / "slides.pdf"])
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("j", "enter")  # Person-centred practice
        await pilot.pause()
        form = app.screen
        files_list = form.query_one("#evidence-files")
        assert files_list.option_count == 1
        files_list.focus()
        await pilot.press("delete")
        await pilot.pause()
        assert "removed when you save" in str(files_list.get_option_at_index(0).prompt)
        assert files_for(ctx.record.read(), entries["pcp"].id)  # not yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert files_for(ctx.record.read(), entries["pcp"].id) == []


async def test_standards_are_tick_boxes_saved_with_the_entry(ctx, entries):
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await edit_first(pilot)
        boxes = {box.id: box for box in form.query(".standard").results(Checkbox)}
        assert list(boxes) == ["standard-pedagogy", "standard-collaboration",
                               "standard-leadership", "standard-innovation",
                               "standard-professional-learning"]
        assert "not a legal requirement" in text_of(form, "#standards-source")  # its citation
        boxes["standard-collaboration"].focus()
        await pilot.press("space")
        boxes["standard-pedagogy"].value = True
        await pilot.pause()
        assert form.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = ctx.record.read().find(entries["idp"].id)
        assert saved.standards == ("pedagogy", "collaboration")
        preview = str(app.screen.query_one("#preview-text", Static).render())
        assert "Standards: Pedagogy, Collaboration" in preview
        await pilot.press("enter")  # edit again: ticked as saved
        await pilot.pause()
        again = app.screen
        assert again.query_one("#standard-collaboration", Checkbox).value is True
        assert again.query_one("#standard-leadership", Checkbox).value is False
        assert not again.dirty


async def test_the_reflective_prompts_are_guidance_not_text_to_delete(ctx, entries):
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        pilot.app.action_new_entry("completed")
        await pilot.pause()
        form = app.screen
        shown = text_of(form, "#reflection-prompts")
        for prompt in prompts(ctx):
            assert prompt in shown
        assert form.query_one("#reflection", TextArea).text == ""
        assert not form.dirty


async def test_the_prompts_in_welsh(tmp_path):
    ctx = make_ctx(tmp_path, lang="cy")
    from portfolio_support import seed

    seed(ctx)
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_new_entry("completed")
        await pilot.pause()
        shown = text_of(app.screen, "#reflection-prompts")
        assert "Beth ddysgais i?" in shown


async def test_files_and_standards_survive_a_draft(ctx, entries, files):
    """The draft keeps what is to be attached and the standards ticked."""
    app = create_app(ctx, draft_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await edit_first(pilot)
        await type_path(pilot, form, str(files / "slides.pdf"))
        await pilot.press("enter")
        form.query_one("#standard-innovation", Checkbox).value = True
        await pilot.pause(0.2)
        assert form.keep_draft()
        fields = app.drafts.load()[0].fields
        assert fields["attach"] == [str(files / "slides.pdf")]
        assert fields["standards"] == ["innovation"]
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")  # restore the draft
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.pending == [str(files / "slides.pdf")]
        assert form.query_one("#standard-innovation", Checkbox).value is True
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [f.name for f in files_for(ctx.record.read(), entries["idp"].id)] == ["slides.pdf"]


async def test_a_hostile_file_name_is_shown_as_typed(ctx, entries, tmp_path):
    hostile = tmp_path / "[@click=app.quit]x[bold].txt"
    hostile.write_text("x", encoding="utf-8")
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await edit_first(pilot)
        await type_path(pilot, form, str(hostile))
        await pilot.press("enter")
        await pilot.pause()
        prompt = str(form.query_one("#evidence-files").get_option_at_index(0).prompt)
        assert "[@click=app.quit]x[bold].txt" in prompt
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
        preview = str(app.screen.query_one("#preview-text", Static).render())
        assert "[@click=app.quit]x[bold].txt" in preview


async def test_escape_over_files_to_attach_asks_first(ctx, entries, files):
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await edit_first(pilot)
        await type_path(pilot, form, str(files / "slides.pdf"))
        await pilot.press("enter")
        await pilot.pause()
        assert form.dirty
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_a_new_entry_saves_with_its_file(ctx, entries, files):
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#title", Input).value = "Cluster moderation day"
        form.query_one("#hours", Input).value = "3"
        await type_path(pilot, form, str(files / "slides.pdf"))
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LearningScreen)
        made = next(e for e in ctx.record.read().entries if e.title == "Cluster moderation day")
        assert [f.name for f in files_for(ctx.record.read(), made.id)] == ["slides.pdf"]
        assert app.drafts.load() == []  # nothing left behind
