"""Self-assessment: rate your confidence, 1 to 5, in each of your framework's
task lines (reg 29 a-h in a school) and, if you like, each professional standard.

One line per task; the keys are the rating: `3` rates the line you are on and
moves to the next, `j`/`k` move, `0` clears, `ctrl+s` saves the whole set as
one dated rating (`alnco.assessment.save`, the same as the command line). Each
line shows how you rated it before (the ratings over time, and the last one),
so a new rating is a fresh look, not a copy: the new ones start empty.

The form asks before closing or quitting over ratings not saved, as every form
does; it keeps no draft (a rating is a minute's work, and alnco.drafts keeps
entry, declaration and profile forms only).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from alnco.errors import AlncoError, app_text
from alnco.i18n import _
from alnco.output import safe_text
from alnco.parsing import short_date
from alnco.tui.language import N_
from alnco.tui.screens.form_drafts import DraftForm
from alnco.tui.widgets.glyphs import pick
from alnco.tui.widgets.list_keys import list_keys
from alnco.tui.widgets.sparkline import spark

HISTORY_CELLS = 6  # earlier ratings shown beside a line


def dots(rating: int | None) -> str:
    """●●●○○ for 3 (ASCII ***..); ····· when not rated."""
    if rating is None:
        return pick("·····", ".....")
    return pick("●" * rating + "○" * (5 - rating), "*" * rating + "-" * (5 - rating))


class RatingRow(Widget, can_focus=True):
    """One line to rate: its letter and words, the new rating, the earlier ones."""

    DEFAULT_CSS = """
    RatingRow {
        height: 1;
        layout: horizontal;
        border-left: blank;
        & > .rating-label { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        & > .rating-new { width: 8; }
        & > .rating-before { width: 10; color: $text-muted; }
    }
    RatingRow:focus {
        border-left: thick $accent;
        background: $boost;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # One footer entry for the five keys ("1-5 Rate").
        Binding("1", "rate(1)", N_("Rate"), key_display="1-5", id="rating-1"),
        *[Binding(str(n), f"rate({n})", N_("Rate"), show=False, id=f"rating-{n}")
          for n in range(2, 6)],
        Binding("0", "rate(0)", N_("Clear"), show=False, id="rating-clear"),
        Binding("backspace", "rate(0)", N_("Clear"), show=False, id="rating-backspace"),
        Binding("up", "move(-1)", N_("Up"), show=False, id="rating-up"),
        Binding("down", "move(1)", N_("Down"), show=False, id="rating-down"),
        *list_keys("move(1)", "move(-1)", "move_to(0)", "move_to(-1)", "rating"),
    ]

    rating: reactive[int | None] = reactive(None)

    def __init__(self, key: str, label: str, history: Sequence[tuple[date, int]]) -> None:
        super().__init__()
        self.key = key
        self.label = label
        self.history = list(history)

    def compose(self) -> ComposeResult:
        # The framework's words name the line ("task (a): identify ALN, ...").
        yield Static(Content(safe_text(self.label, single_line=True)), classes="rating-label")
        yield Static(self._new(), classes="rating-new")
        yield Static(self._before(), classes="rating-before")

    def _new(self) -> Content:
        shown = f"{dots(self.rating)} {self.rating if self.rating else ' '}"
        return Content.styled(shown, "bold $text-accent" if self.rating else "$text-muted")

    def _before(self) -> Content:
        """The earlier ratings (a sparkline) and the last of them."""
        if not self.history:
            return Content(_("not yet"))
        ratings = [r for _day, r in self.history]
        return Content(f"{spark(ratings, HISTORY_CELLS - 2)} {ratings[-1]}")

    def watch_rating(self) -> None:
        if self.is_mounted:
            self.query_one(".rating-new", Static).update(self._new())

    def _rows(self) -> list["RatingRow"]:
        return list(self.screen.query(RatingRow))

    def action_rate(self, value: int) -> None:
        self.rating = value or None
        if value:
            self.action_move(1)

    def action_move(self, step: int) -> None:
        rows = self._rows()
        index = rows.index(self) + step
        if 0 <= index < len(rows):
            rows[index].focus()

    def action_move_to(self, index: int) -> None:
        rows = self._rows()
        if rows:
            rows[index].focus()


class SelfAssessmentScreen(DraftForm, ModalScreen[Any]):
    """`keys`: (key, label) to rate, tasks first (`alnco.assessment.rating_keys`);
    `standards` how many of them, at the end, are standards (their own heading);
    `assessments`: the earlier ratings, oldest first."""

    KEEP_ON_LANGUAGE_SWITCH = True
    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    SelfAssessmentScreen .rating-heading { text-style: bold; margin-top: 1; }
    SelfAssessmentScreen #rating-legend { color: $text-muted; height: auto; }
    SelfAssessmentScreen #rating-columns { height: 1; color: $text-muted; padding-left: 1; }
    SelfAssessmentScreen #rating-columns > .rating-label { width: 1fr; }
    SelfAssessmentScreen #rating-columns > .rating-new { width: 8; }
    SelfAssessmentScreen #rating-columns > .rating-before { width: 10; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="rating-save"),
        Binding("escape", "cancel", N_("Cancel"), id="rating-cancel"),
        Binding("f1", "help", N_("Help"), id="rating-help"),
    ]

    def __init__(self, keys: Sequence[tuple[str, str]], assessments: Sequence[Any], *,
                 standards: int = 0) -> None:
        super().__init__(classes="form-screen")
        self.keys = list(keys)
        self.assessments = list(assessments)
        self.standards = standards

    # ------------------------------------------------------------------ layout
    def form_title(self) -> str:
        return _("Rate your confidence")

    def compose(self) -> ComposeResult:
        from alnco.assessment import history, rating_label

        last = self.assessments[-1] if self.assessments else None
        legend = " · ".join(f"{n} {rating_label(n)}" for n in (1, 3, 5))
        intro = (_("Last rated {date}.").format(date=short_date(last.on)) + " "
                 if last is not None else "")
        tasks = self.keys[:len(self.keys) - self.standards]
        standards = self.keys[len(self.keys) - self.standards:] if self.standards else []
        with Vertical(id="form"):
            yield Static(Content(self.form_title()), id="form-title")
            yield Static(Content(intro + _("How confident are you in each task? {legend}. "
                                           "Press 1-5 on a line; 0 clears it.").format(
                legend=legend)), id="rating-legend")
            with Horizontal(id="rating-columns"):
                yield Static("", classes="rating-label")
                yield Static(Content(_("Now")), classes="rating-new")
                yield Static(Content(_("Before")), classes="rating-before")
            with VerticalScroll(id="form-body", can_focus=False):
                for key, label in tasks:
                    yield RatingRow(key, label, history(self.assessments, key))
                if standards:
                    yield Static(Content(_("Professional standards (optional; not a requirement)")),
                                 classes="rating-heading")
                    for key, label in standards:
                        yield RatingRow(key, label, history(self.assessments, key))
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(Content(_("Save (ctrl+s)")), variant="primary", id="save")
                yield Button(Content(_("Cancel (esc)")), id="cancel")
        yield Footer()

    def on_screen_resume(self) -> None:
        if self.focused is None:
            rows = list(self.query(RatingRow))
            if rows:
                self.set_focus(rows[0], scroll_visible=False)

    # ------------------------------------------------------------------ state
    def ratings(self) -> dict[str, int]:
        return {row.key: row.rating for row in self.query(RatingRow) if row.rating}

    @property
    def dirty(self) -> bool:
        return bool(self.ratings())

    def keep_draft(self) -> bool:
        return True  # no draft for a rating (see the module's docstring)

    def draft_fields(self) -> dict[str, Any]:
        return {}

    def apply_draft(self, fields: dict[str, Any]) -> None:
        return None

    def discard_question(self) -> str:
        return _("Discard these ratings?")

    # ------------------------------------------------------------------ saving
    def save_form(self) -> Any:
        from alnco.assessment import save

        ratings = self.ratings()
        if not ratings:
            self._show_error(_("Nothing rated yet: press 1 to 5 on a line first."))
            return None
        try:
            saved = save(self.app.ctx, ratings, self.app.ctx.today)
        except AlncoError as error:
            self._show_error(app_text(error))
            return None
        self._show_error("")
        self.forget_draft()
        return saved


def rating_setup(app: Any) -> tuple[list[tuple[str, str]], int, list[Any]]:
    """What to rate for this record: the framework's task lines and the standards
    for the profile's setting (keys, how many are standards, earlier ratings).
    Raises AlncoError when the framework cannot be loaded."""
    from alnco.assessment import STANDARD_PREFIX, assessments_of, keys_for

    snapshot = app.snapshot
    _framework, keys = keys_for(app.ctx, snapshot.profile)
    standards = sum(1 for key, _label in keys if key.startswith(STANDARD_PREFIX))
    return list(keys), standards, assessments_of(snapshot)


def open_self_assessment(app: Any) -> None:
    """Open the rating form (the dashboard's `a`, the palette, help)."""
    if isinstance(app.screen, SelfAssessmentScreen):
        return
    app.check_record()
    try:
        keys, standards, assessments = rating_setup(app)
    except AlncoError as error:
        app.report(error)
        return

    def saved(assessment: Any) -> None:
        if assessment is None:
            return
        app.notify(_("Confidence saved ({date}): the dashboard shows it over time.").format(
            date=short_date(assessment.on)), markup=False)
        app.reload_record()

    app.push_screen(SelfAssessmentScreen(keys, assessments, standards=standards), saved)
