"""The dashboard (home): where you stand against each requirement, your hours,
planned learning and what to do next, on one 80x24 screen.

Progress comes from the same engine as `alnco progress`
(`alnco.progress.service.progress_for`); this screen only lays it out. The
work runs in a thread so the first frame never waits for the catalogue.

Each requirement is one line (`RequirementRow`); `enter` opens a line to show
its reason and citation. The requirement lines scroll in their own box, so the
hours, plans and suggestions stay on screen however many requirements there
are. A line the app can act on says so ("Enter: declare"): `enter` on the
declaration line (reg 27/28) or a qualification line opens the declaration
form; on a line waiting for the designation date, the profile form. The
screen never asks a person to run a command for something the app does.

A person with no learning logged yet gets a few lines on what to do first.

Confidence over time (self-assessment, alnco.assessment) is one line under the
hours (a line per task from 110 columns); `a` rates it. Once a school term, a
one-line notice offers a fresh rating (once there is learning logged: a new
user has "Getting started" to read): rating, or `x` ("not this term"), ends
it until the next term. Skipping is kept in the record (`app_notices`), so the
notice never comes back that term in any session.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar, Iterable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from alnco.errors import AlncoError, app_text
from alnco.i18n import _
from alnco.tui.language import N_, translate_class
from alnco.model import format_hours
from alnco.output import safe_text, width
from alnco.parsing import describe_date
from alnco.tui.widgets.confidence import ConfidenceChart
from alnco.tui.widgets.fitting_footer import FittingFooter
from alnco.tui.widgets.glyphs import plain
from alnco.tui.widgets.hours_summary import HoursSummary
from alnco.tui.widgets.nav import NavBar
from alnco.tui.widgets.planned_list import PlannedList
from alnco.tui.widgets.requirement_row import RequirementRow
from alnco.tui.widgets.suggestion_list import SuggestionList
from alnco.tui.widgets.status_words import status_style, status_symbol, status_word


SUGGESTIONS_SHOWN = 5
FIRST_LOAD_DELAY = 0.05  # seconds after the first refresh before progress is worked out
NOTICES = "app_notices"  # the record's table of notices dismissed: {notice, term, on}
RATING_DUE = "assessment-due"


def term_key(day: Any) -> str:
    """`2026-autumn`: the school term `day` is in (alnco.assessment.term_of)."""
    from alnco.assessment import term_of

    year, term = term_of(day)
    return f"{year}-{term}"


def rating_skipped(snapshot: Any, today: Any) -> bool:
    """The person said "not this term" to the rating notice, this term."""
    docs = (getattr(snapshot, "extra", None) or {}).get(NOTICES) or {}
    term = term_key(today)
    return any(isinstance(doc, dict) and doc.get("notice") == RATING_DUE
               and doc.get("term") == term for doc in docs.values())


def rating_due(snapshot: Any, today: Any) -> bool:
    """Offer a fresh confidence rating: none this term, and not skipped this term."""
    from alnco.assessment import assessments_of, due

    return due(today, assessments_of(snapshot)) and not rating_skipped(snapshot, today)


def load_progress(ctx: Any, snapshot: Any, catalogue: Any) -> Any:
    """The progress engine's answer for this record (imported late: startup)."""
    from alnco.progress.service import progress_for

    return progress_for(ctx, snapshot=snapshot, catalogue=catalogue)


def suggestions_with_reasons(progress: Any, limit: int) -> list[tuple[str, Any]]:
    """The engine's next steps, each with the requirement it helps (first that lists it)."""
    picked = []
    for module_id in progress.next_steps(limit):
        requirement = next(
            (r for r in progress.requirements if module_id in r.suggestions), None
        )
        picked.append((module_id, requirement))
    return picked


def overview(requirements: Iterable[Any]) -> Content:
    """How many requirements are in each state, in words: the glance before the detail."""
    counts: dict[str, int] = {}
    for result in requirements:
        counts[result.status] = counts.get(result.status, 0) + 1
    parts: list[Any] = []
    for status in ("overdue", "behind", "not_started", "on_track", "met", "not_applicable"):
        if counts.get(status):
            if parts:
                parts.append("  ")
            parts.append((f"{status_symbol(status)} {counts[status]} {status_word(status)}",
                          status_style(status)))
    return Content.assemble(*parts) if parts else Content("")


def declaration_key_to_open(params: Any, made: dict[str, Any]) -> str | None:
    """The key a declaration line's form opens on: a met group's key (to update
    it), else a declared key still lacking evidence, else the first key the
    rule still needs (in the group nearest complete), else the first key.

    `params` are the requirement's ("keys", "rule": groups of keys, any one
    group met in full); `made` maps a declared key to its Declaration."""
    keys = list(params.get("keys") or ())
    rule = [list(group) for group in (params.get("rule") or ())] or [[k] for k in keys]
    complete = [group for group in rule if all(k in made for k in group)]
    for group in complete:
        if all(made[k].evidence.strip() for k in group):
            return group[0]
    for group in complete:
        return next(k for k in group if not made[k].evidence.strip())
    if rule:
        nearest = max(rule, key=lambda group: sum(k in made for k in group))
        return next(k for k in nearest if k not in made)
    return keys[0] if keys else None


def line_action(result: Any, framework: Any, profile: Any) -> tuple[str, str] | None:
    """What `enter` on `result`'s line does: ("declare", key), ("profile", "") or None.

    The declaration line opens on the key it needs next (see
    `declaration_key_to_open`); a qualification line on its own key
    (`params["declaration_key"]`); a line that needs the designation date
    (named modules, none set) on the profile form.
    """
    if result.kind in ("declaration", "qualification"):
        requirement = framework.get(result.id) if framework is not None else None
        if requirement is None or requirement.kind != result.kind:
            return None
        made = {d.key: d for d in (profile.declarations if profile else ())}
        if result.kind == "declaration":
            key = declaration_key_to_open(requirement.params, made)
        else:
            key = requirement.params.get("declaration_key")
        return ("declare", key) if key else None
    if (result.kind == "named_modules" and result.status != "met"
            and getattr(profile, "designated_on", None) is None):
        return ("profile", "")
    return None


def line_hint(action: tuple[str, str] | None, profile: Any) -> str:
    """The words on a line that say what `enter` does there."""
    if action is None:
        return ""
    if action[0] == "profile":
        return _("Enter: set your designation date (Edit profile)")
    made = {d.key for d in (profile.declarations if profile else ())}
    return _("Enter: change the declaration") if action[1] in made else _("Enter: declare")


def suggestion_prompt(module: Any, requirement: Any, language: str) -> Content:
    """One line: the module, its hours, and the requirement it helps."""
    hours = _("{hours} h").format(hours=format_hours(module.hours))
    parts: list[Any] = [
        (safe_text(module.title_in(language), single_line=True), "bold"),
        (" · " + hours, "$text-muted"),
    ]
    if requirement is not None:
        parts += [(" · " + _("for: {requirement}").format(
            requirement=safe_text(requirement.title, single_line=True)), "$text-muted")]
    return Content.assemble(*parts, strip_control_codes=False)


def getting_started(snapshot: Any) -> Content | None:
    """What to do first, in the app's keys, for someone with nothing logged
    yet (None once there is learning in the record)."""
    if snapshot is not None and snapshot.entries:
        return None
    steps = []
    profile = snapshot.profile if snapshot is not None else None
    if profile is None or profile.is_empty:
        steps.append(_("Tell alnco who you are: press ctrl+p and choose Edit profile."))
    steps += [
        _("Press c for the catalogue: find a module, then l logs it as done or p plans it."),
        _("Press m for My learning: n logs learning that is not in the catalogue."),
        _("Press ? at any time to see every key."),
    ]
    parts: list[Any] = [(_("Getting started"), "bold $text-primary")]
    for number, step in enumerate(steps, 1):
        parts.append(f"\n{number}. {step}")
    return Content.assemble(*parts)


def framework_or_none(ctx: Any, snapshot: Any) -> Any:
    """The framework for the record's setting, or None when it cannot load
    (the lines then show no actions; progress says what is wrong)."""
    from alnco.progress.frameworks import framework_for

    try:
        return framework_for(snapshot.profile if snapshot else None, ctx)
    except AlncoError:
        return None


class DashboardScreen(Screen):
    """Progress at a glance; `enter` on a suggestion opens it in the catalogue,
    on the declaration line the declaration form (see `line_action`)."""

    # Read from the .tcss file but given as DEFAULT_CSS: a screen's CSS_PATH
    # makes Textual re-parse and re-apply every stylesheet when the screen
    # first appears (~100 ms on the first frame here).
    DEFAULT_CSS = (Path(__file__).parent.parent / "dashboard.tcss").read_text(encoding="utf-8")
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-short"),
        (24, "-tall"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "focus_requirements", N_("Requirements"), id="dashboard-requirements"),
        Binding("s", "focus_suggestions", N_("Suggestions"), id="dashboard-suggestions"),
        # "Score", not "Rate": the word short enough in both languages for the
        # footer to keep every key at 60 columns.
        Binding("a", "rate", N_("Score"), id="dashboard-rate"),
        # Named on the notice itself ("x skips it"), so not in the footer too.
        Binding("x", "skip_rating", N_("Not this term"), show=False,
                id="dashboard-skip-rating"),
    ]
    # Keys the help lists for this screen beyond its bindings (the rows' own).
    HELP_KEYS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("enter", N_("On a requirement line: declare it, or edit your profile")),
        ("space", N_("On a requirement line: show or hide its reason and citation")),
    )

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        # The lines' keys ("enter: Declare") in the interface language: the app
        # translated the classes it knew before this module was imported.
        translate_class(RequirementRow)
        self._shown: tuple[Any, Any, Any] | None = None  # progress, catalogue, snapshot
        self._framework: Any = None  # the framework progress was worked out against
        self._focus_first = True  # focus the first line when the lines are next drawn
        self._failed_with: Exception | None = None
        self._drawing = asyncio.Lock()

    @property
    def loaded(self) -> bool:
        """Progress, or the reason it cannot be shown, is on screen (tests and
        snapshots wait for this rather than for a guessed number of frames)."""
        return self._shown is not None or self._failed_with is not None

    def compose(self) -> ComposeResult:
        """A light first frame; the sections are mounted when progress arrives."""
        yield NavBar("dashboard")
        with Vertical(id="dashboard"):
            yield Static(Content(_("Working out your progress…")), id="framework")
        yield FittingFooter(self.app.size.width or 80)

    def _sections(self) -> list[Widget]:
        main = Vertical(
            Static(Content(_("Requirements")), classes="section-title"),
            VerticalScroll(id="requirements", can_focus=False),
            id="dashboard-main",
        )
        side = Vertical(
            HoursSummary(id="hours"),
            ConfidenceChart(id="confidence"),
            Static(Content(_("Planned learning")), classes="section-title"),
            PlannedList(Content(""), id="planned"),
            Static(Content(_("Suggested next")), classes="section-title"),
            SuggestionList(id="suggestions", compact=True),
            id="dashboard-side",
        )
        notice = Static(Content(""), id="rating-due")
        notice.display = False
        return [Static(Content(""), id="overview"), Static(Content(""), id="getting-started"),
                notice, Vertical(main, side, id="dashboard-body")]

    def on_mount(self) -> None:
        # Paint first, then load. The catalogue and the engine work in a thread, but a
        # thread busy with them holds the GIL while this one still has frames to finish
        # and write (the footer fills in a refresh later): started on the first refresh,
        # one start in two drew nothing until the thread was done, ~90 ms later
        # (bench/bench_tui.py's first frame went from 1.1x to 1.5x the minimal app).
        # A moment later, the first screen is on the terminal before the work begins.
        self.call_after_refresh(self.set_timer, FIRST_LOAD_DELAY,
                                lambda: self.record_changed(self.app.snapshot))

    async def recompose(self) -> None:
        """After a language switch: rebuild in the new language and refill.

        Holds the drawing lock: a progress result being drawn while the old
        widgets are removed would look for sections that are no longer there."""
        async with self._drawing:
            await super().recompose()
        self._focus_first = True
        if self._shown is not None:
            await self._show(*self._shown, again=True)
            # The requirements' titles and reasons come from the engine in the
            # language it ran in: work them out again in the new one.
            self._compute(self.app.snapshot)

    def record_changed(self, snapshot: Any) -> None:
        """The record changed (here or in another session): work progress out again."""
        self._compute(snapshot)

    @work(thread=True, exclusive=True, group="dashboard-progress")
    def _compute(self, snapshot: Any) -> None:
        catalogue = self.app.catalogue  # loaded once per app and shared with the catalogue
        try:
            progress = load_progress(self.app.ctx, snapshot, catalogue)
        except AlncoError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, progress, catalogue, snapshot,
                                  framework=framework_or_none(self.app.ctx, snapshot))

    def _failed(self, error: Exception) -> None:
        self._failed_with = error
        found = self.query("#framework")
        if not found:  # taken down meanwhile (quit): the notification still says it
            self.notify(safe_text(app_text(error), single_line=True), severity="error", markup=False)
            return
        found.first(Static).update(
            Content(_("Progress cannot be shown: {error}").format(error=safe_text(app_text(error))))
        )
        self.notify(safe_text(app_text(error), single_line=True), severity="error", markup=False)

    async def _show(self, progress: Any, catalogue: Any, snapshot: Any, *,
                    again: bool = False, framework: Any = None) -> None:
        # One at a time: a newer result (the record changed again, or the screen
        # came back into focus) waits for the one being drawn, so two never
        # interleave their removals and mounts.
        async with self._drawing:
            if framework is not None:
                self._framework = framework
            if not again and self._shown is not None and self._shown[0] == progress and (
                self._shown[2].entries == snapshot.entries
                and self._shown[2].profile == snapshot.profile
                and self._shown[2].extra == snapshot.extra
            ):
                return  # nothing a person could see has changed: no flicker
            try:
                await self._draw(progress, catalogue, snapshot)
            except NoMatches:
                # The screen was taken down (quit, or its widgets rebuilt) while this
                # result was on its way: nothing to draw on; the next result redraws.
                return
            # Only once it is all on screen: a drawing cut short is redrawn next time.
            self._shown = (progress, catalogue, snapshot)
            self._failed_with = None

    async def _draw(self, progress: Any, catalogue: Any, snapshot: Any) -> None:
        from alnco.progress.periods import academic_year

        if not self.query("#dashboard-main"):
            await self.query_one("#dashboard", Vertical).mount_all(self._sections())
        ctx = self.app.ctx
        entries = list(snapshot.entries if snapshot else ())
        self.query_one("#framework", Static).update(
            Content.assemble(
                (safe_text(progress.framework_title, single_line=True), "bold"),
                (" · " + _("as of {date}").format(date=describe_date(progress.as_of)), "$text-muted"),
                strip_control_codes=False,
            )
        )
        self.query_one("#overview", Static).update(overview(progress.requirements))
        start = getting_started(snapshot)
        first_steps = self.query_one("#getting-started", Static)
        first_steps.display = start is not None
        first_steps.update(start or Content(""))
        await self._show_requirements(progress.requirements,
                                      snapshot.profile if snapshot else None)
        self.query_one(HoursSummary).show(
            hours=progress.hours_this_year,
            target=progress.hours_target,
            year=academic_year(progress.as_of),
            entries=entries,
            today=ctx.today,
        )
        self._show_confidence(snapshot)
        self.query_one(PlannedList).show(entries, ctx.today, max_lines=self._planned_lines())
        self._show_suggestions(suggestions_with_reasons(progress, SUGGESTIONS_SHOWN), catalogue)

    async def _show_requirements(self, requirements: Iterable[Any], profile: Any = None) -> None:
        """Replace the rows; the old ones are gone before the new ones mount.
        The line that had the focus has it again (say, after declaring it)."""
        box = self.query_one("#requirements", VerticalScroll)
        focused = self.focused.result.id if isinstance(self.focused, RequirementRow) else None
        opened = {row.result.id for row in self.query(RequirementRow) if row.expanded}
        # The first time, the first line has the focus (its "Enter: ..." works at
        # once), unless the person has already moved somewhere else.
        first_time = self._focus_first and (
            self.focused is None or self.focused.id == "dashboard")
        self._focus_first = False
        rows: list[Widget] = []
        for result in requirements:
            action = line_action(result, self._framework, profile)
            rows.append(RequirementRow(result, hint=line_hint(action, profile), action=action,
                                       opened=result.id in opened))
        if not rows:
            rows = [Static(Content(_("This framework has no requirements.")))]
        with self.app.batch_update():
            await box.remove_children()
            await box.mount_all(rows)
            again = next((row for row in rows if isinstance(row, RequirementRow)
                          and (row.result.id == focused or first_time)), None)
            if again is not None:
                self.set_focus(again, scroll_visible=False)

    def _show_suggestions(self, picked: list[tuple[str, Any]], catalogue: Any) -> None:
        options = self.query_one("#suggestions", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        language = self.app.ctx.language
        choices = []
        for module_id, requirement in picked:
            module = catalogue.get(module_id) if catalogue is not None else None
            if module is not None:
                choices.append(Option(suggestion_prompt(module, requirement, language), id=module_id))
        options.set_options(choices)
        if not choices:
            options.add_option(
                Option(Content(_("Nothing to suggest: every requirement is met or has a plan.")),
                       disabled=True)
            )
        elif highlighted and highlighted in {o.id for o in choices}:
            options.highlighted = options.get_option_index(highlighted)

    def _show_confidence(self, snapshot: Any) -> None:
        """The confidence chart, and the once-a-term notice offering a fresh rating."""
        from alnco.assessment import assessments_of, rating_keys

        chart = self.query_one(ConfidenceChart)
        notice = self.query_one("#rating-due", Static)
        framework = self._framework
        chart.display = framework is not None
        if framework is None:
            notice.display = False
            return
        chart.show(rating_keys(framework), assessments_of(snapshot), self.has_class("-wide"))
        # Not on top of "Getting started" (nothing logged yet): the confidence line
        # already says how to rate, and a new user has enough to read.
        due = bool(snapshot.entries) and rating_due(snapshot, self.app.ctx.today)
        notice.display = due
        if due:
            notice.update(Content(plain("◷ ") + self._notice_words()))
        self.refresh_bindings()

    def _notice_words(self) -> str:
        """The notice in full where it fits, else its short form: the keys first, so
        they are never the part cut off."""
        words = _("This term's confidence rating is due: a rates it, x skips it this term")
        room = (self.size.width or self.app.size.width or 80) - 6  # padding, symbol
        if width(words) <= room:
            return words
        return _("a: rate your confidence this term · x: not this term")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip_rating":  # only while the notice shows
            found = self.query("#rating-due")
            return bool(found) and found.first().display
        return True

    def action_rate(self) -> None:
        from alnco.tui.screens.self_assessment import open_self_assessment

        open_self_assessment(self.app)

    def action_skip_rating(self) -> None:
        """`x`: not this term. Kept in the record, so no session asks again this term."""
        from alnco.model import timestamp

        today = self.app.ctx.today
        try:
            with self.app.record.transaction() as tx:
                tx.table(NOTICES).insert({"notice": RATING_DUE, "term": term_key(today),
                                          "on": today.isoformat(), "at": timestamp()})
        except AlncoError as error:
            self.app.report(error)
            return
        self.app.notify(_("Not this term: a on the dashboard rates your confidence at any "
                          "time."), markup=False)
        self.app.reload_record()

    def _planned_lines(self) -> int | None:
        """Lines the planned list may use: a few on a small screen, else all it wants."""
        return None if self.has_class("-wide") and self.size.height >= 30 else 3

    def on_resize(self) -> None:
        if self._shown is not None and self.query(PlannedList):
            snapshot = self._shown[2]
            self._show_confidence(snapshot)
            self.query_one(PlannedList).show(list(snapshot.entries if snapshot else ()),
                                             self.app.ctx.today, max_lines=self._planned_lines())

    def action_focus_requirements(self) -> None:
        rows = list(self.query(RequirementRow))
        if rows:
            rows[0].focus()
            self.query_one("#requirements", VerticalScroll).scroll_home(animate=False)

    def on_requirement_row_opened(self, event: RequirementRow.Opened) -> None:
        event.stop()
        action = event.row.line_action
        if action is None:
            return
        if action[0] == "declare":
            self.app.action_declare(action[1])
        elif action[0] == "profile":
            self.app.action_profile()

    def action_focus_suggestions(self) -> None:
        options = self.query_one("#suggestions", OptionList)
        options.focus()
        if options.highlighted is None and options.option_count:
            options.highlighted = 0
        options.scroll_visible(animate=False)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self.open_in_catalogue(event.option.id)

    async def open_in_catalogue(self, module_id: str) -> None:
        """Switch to the catalogue with `module_id` highlighted."""
        await self.app.switch_mode("catalogue")
        screen = self.app.screen
        show = getattr(screen, "show_module", None)
        if show is not None:
            show(module_id)
