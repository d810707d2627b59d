"""The preview beside (or under) My learning's table: the highlighted entry's
evidence and reflection, which the table has no room for.

Everything here is a `rich.text.Text`: titles, evidence and reflections are
what people typed, never markup (`[@click=app.quit]` shows as those characters).
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from alnco.exports.labels import mode_label
from alnco.i18n import _
from alnco.model import Entry, format_hours
from alnco.output import safe_text
from alnco.parsing import short_date


def preview_text(entry: Entry | None) -> Text:
    """What the preview shows for `entry` (None: how to get something to show)."""
    if entry is None:
        return Text(_("Nothing to show: press n to log learning, p to plan some."),
                    style="italic")
    text = Text()
    text.append(safe_text(entry.title, single_line=True), style="bold")
    facts = [short_date(entry.date), _("{hours} h").format(hours=format_hours(entry.hours)),
             _(entry.status)]
    if entry.tasks:
        facts.append(_("Tasks: {tasks}").format(tasks=", ".join(entry.tasks)))
    if entry.mode:
        facts.append(_("Mode: {mode}").format(mode=safe_text(mode_label(entry.mode), single_line=True)))
    text.append("\n" + " · ".join(facts), style="dim")
    for label, value in ((_("Evidence"), entry.evidence), (_("Reflection"), entry.reflection)):
        text.append("\n" + label + ": ", style="bold")
        if value.strip():
            text.append(("\n" if "\n" in value.strip() else "") + safe_text(value.strip()))
        else:
            text.append(_("none yet (enter edits the entry)"), style="italic dim")
    return text


class EntryPreview(VerticalScroll, can_focus=False):
    """A read-only pane; long reflections are cut at its bottom edge."""

    def compose(self):
        yield Static(preview_text(None), id="preview-text")

    def show(self, entry: Entry | None) -> None:
        self.query_one("#preview-text", Static).update(preview_text(entry))
        self.scroll_home(animate=False)
