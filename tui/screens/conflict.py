"""Two versions of one entry, side by side: what to keep when another session
changed (or removed) an entry that this one was about to save over.

The entry form shows it when its save finds the stored entry is no longer the
revision the form started from; `ctrl+z` shows it when undoing would put back
a copy over a later change. Nothing is written until a choice is made:

- "mine" -- save my version over the other one, deliberately (the caller
  saves it against the revision shown here; if that changed again meanwhile,
  the caller asks again);
- "theirs" -- keep the other version, discarding mine;
- "edit" -- go back to editing (the form keeps my values and now knows the
  current revision; for undo, a form opens on the current entry with the
  values undo would have put back).

Every value is user text, shown as data (Content, never markup), with
control characters made visible; long reflections are cut to a few lines.
Each answer's key is on its button and in the dialog's own footer.
"""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from alnco.exports.labels import mode_label
from alnco.i18n import _
from alnco.model import Entry, format_hours
from alnco.numerals import count
from alnco.output import safe_text
from alnco.parsing import short_date
from alnco.tui.language import N_

MINE, THEIRS, EDIT = "mine", "theirs", "edit"
FORM, UNDO = "form", "undo"

# The fields shown, in the form's order, with their labels (translated when shown).
FIELDS: tuple[tuple[str, str], ...] = (
    ("date", N_("Date")), ("hours", N_("Hours")), ("title", N_("Title")),
    ("status", N_("Status")), ("mode", N_("Mode")), ("tasks", N_("Tasks")),
    ("standards", N_("Standards")), ("evidence", N_("Evidence")),
    ("reflection", N_("Reflection")),
)
LINE_LIMIT = 160  # characters of a one-line field shown
REFLECTION_LINES = 3  # lines of a reflection shown
REFLECTION_LIMIT = 240  # characters of a reflection shown


def _more(text: str, rest: int) -> str:
    """`text`, then how many characters were left out."""
    return _("{text}… (+{characters})").format(
        text=text.rstrip(), characters=count(rest, "character"))


def show(entry: Entry, name: str) -> str:
    """One field of `entry` for people: safe to print, and not too long."""
    value = getattr(entry, name)
    if name == "date":
        return short_date(value)
    if name == "hours":
        return _("{hours} h").format(hours=format_hours(value))
    if name == "status":
        return _(value)
    if name == "tasks":
        return "".join(value) or "-"
    if name == "standards":  # keys, as `log add --standard` takes them
        return ", ".join(value) or "-"
    if name == "mode":
        return mode_label(value) if value else "-"
    if name == "reflection":  # a few lines of it: the rest is counted, not shown
        text = safe_text(value)
        shown = "\n".join(text.splitlines()[:REFLECTION_LINES])[:REFLECTION_LIMIT]
        rest = len(text.rstrip()) - len(shown)
        return (_more(shown, rest) if rest > 0 else shown) or "-"
    text = safe_text(str(value), single_line=True)
    if len(text) > LINE_LIMIT:
        return _more(text[:LINE_LIMIT], len(text) - LINE_LIMIT)
    return text or "-"


def differing(mine: Entry, other: Entry | None) -> list[str]:
    """The shown fields whose values differ (all of them when the other was removed)."""
    return [name for name, _label in FIELDS
            if other is None or getattr(mine, name) != getattr(other, name)]


class ConflictScreen(ModalScreen[str]):
    """`mine`: the version this session would save; `current`: the stored one now
    (None: removed). Dismisses with "mine", "theirs" or "edit".

    `context` is FORM (saving the edit form: esc goes back to editing) or UNDO
    (ctrl+z: esc keeps the other version; "edit" only when there is one)."""

    AUTO_FOCUS = ""  # set in on_mount: the safe answer
    BINDINGS = [
        Binding("m", "answer('mine')", N_("Keep mine"), id="conflict-mine"),
        Binding("t", "answer('theirs')", N_("Keep theirs"), id="conflict-theirs"),
        Binding("e", "answer('edit')", N_("Edit"), id="conflict-edit"),
        Binding("escape", "safe", N_("Cancel"), show=False, id="conflict-cancel"),
    ]
    # Its own box (not the shared .dialog, whose width the app's stylesheet fixes):
    # as wide as the terminal allows, the versions scrolling within half its height
    # so the answers always show, even at 80x24.
    DEFAULT_CSS = """
    ConflictScreen #conflict-dialog {
        width: 110;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $warning;
        background: $surface;
    }
    ConflictScreen #conflict-question {
        margin-bottom: 1;
    }
    ConflictScreen #conflict-versions {
        height: auto;
        max-height: 50vh;
        margin-bottom: 1;
    }
    ConflictScreen #conflict-grid {
        grid-size: 3;
        grid-columns: 14 1fr 1fr;
        grid-rows: auto;
        grid-gutter: 0 1;
        height: auto;
    }
    ConflictScreen .conflict-head {
        text-style: bold;
    }
    ConflictScreen .-changed {
        text-style: bold;
        color: $warning;
    }
    ConflictScreen #conflict-buttons {
        height: auto;
        align-horizontal: right;
    }
    ConflictScreen #conflict-buttons Button {
        width: auto;
        min-width: 10;
        padding: 0 1;
        margin-left: 1;
    }
    """

    def __init__(self, mine: Entry, current: Entry | None, *, context: str = FORM) -> None:
        super().__init__(classes="dialog-screen")
        self.mine = mine
        self.current = current
        self.context = context
        self.changed = differing(mine, current)
        # The footer says what the buttons say, without their keys.
        words = self._words()
        for key, answer in (("m", MINE), ("t", THEIRS)):
            self._bindings.key_to_bindings[key] = [
                Binding(key, binding.action, words[answer], id=binding.id)
                for binding in self._bindings.key_to_bindings.get(key, [])]

    @property
    def answers(self) -> tuple[str, ...]:
        if self.context == UNDO and self.current is None:
            return (MINE, THEIRS)
        return (MINE, THEIRS, EDIT)

    @property
    def safe_answer(self) -> str:
        return EDIT if self.context == FORM else THEIRS

    def _question(self) -> str:
        title = safe_text(self.mine.title, single_line=True)
        if self.context == FORM:
            if self.current is None:
                return _("'{title}' was removed in another session while you were editing "
                         "it.").format(title=title)
            return _("'{title}' was changed in another session while you were editing it. "
                     "Fields marked * differ.").format(title=title)
        if self.current is None:
            return _("'{title}' was removed in another session since your change: undo "
                     "would add it back.").format(title=title)
        return _("'{title}' was changed in another session since your change: undo would "
                 "overwrite that. Fields marked * differ.").format(title=title)

    def _words(self) -> dict[str, str]:
        """Each answer in words, as the footer shows it."""
        return {MINE: _("Keep mine") if self.context == FORM else _("Undo anyway"),
                THEIRS: _("Leave it removed") if self.current is None else _("Keep theirs"),
                EDIT: _("Edit")}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An answer this dialog does not offer has no key (and no footer entry)."""
        if action == "answer" and parameters and parameters[0] not in self.answers:
            return False
        return True

    def _labels(self) -> dict[str, str]:
        theirs = _("Leave it removed (t)") if self.current is None else _("Keep theirs (t)")
        mine = _("Keep mine (m)") if self.context == FORM else _("Undo anyway (m)")
        edit = _("Edit (e, esc)") if self.context == FORM else _("Edit (e)")
        if self.context == UNDO:
            theirs = (_("Leave it removed (t, esc)") if self.current is None
                      else _("Keep theirs (t, esc)"))
        return {MINE: mine, THEIRS: theirs, EDIT: edit}

    def compose(self) -> ComposeResult:
        labels = self._labels()
        mine_head = _("Yours") if self.context == FORM else _("Undo would restore")
        theirs_head = _("Now saved")
        with Vertical(id="conflict-dialog"):
            yield Static(Content(self._question()), id="conflict-question")
            with VerticalScroll(id="conflict-versions"):
                with Grid(id="conflict-grid"):
                    yield Static("", classes="conflict-head")
                    yield Static(Content(mine_head), classes="conflict-head")
                    yield Static(Content(theirs_head), classes="conflict-head")
                    for name, label in FIELDS:
                        marked = name in self.changed
                        classes = "conflict-cell -changed" if marked else "conflict-cell"
                        yield Static(Content(("* " if marked else "  ") + _(label)),
                                     classes=classes, id=f"conflict-label-{name}")
                        yield Static(Content(show(self.mine, name)), classes=classes,
                                     id=f"conflict-mine-{name}")
                        other = (_("(removed)") if self.current is None
                                 else show(self.current, name))
                        yield Static(Content(other), classes=classes,
                                     id=f"conflict-theirs-{name}")
            with Horizontal(id="conflict-buttons"):
                for answer in self.answers:
                    yield Button(Content(labels[answer]), id=f"conflict-{answer}",
                                 variant="primary" if answer == self.safe_answer else "default")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#conflict-{self.safe_answer}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id).removeprefix("conflict-"))

    def action_answer(self, answer: str) -> None:
        if answer in self.answers:
            self.dismiss(answer)

    def action_safe(self) -> None:
        self.dismiss(self.safe_answer)


def ask(app, mine: Entry, current: Entry | None, context: str,
        answered: Callable[[str | None], None]) -> None:
    """Show the dialog over whatever is on screen; `answered` gets the choice."""
    app.push_screen(ConflictScreen(mine, current, context=context), answered)
