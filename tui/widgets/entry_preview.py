"""The preview beside (or under) My learning's table: the highlighted entry's
evidence, its evidence files and professional standards, and its reflection,
which the table has no room for.

Everything here is a `rich.text.Text`: titles, evidence, file names and
reflections are what people typed, never markup (`[@click=app.quit]` shows as
those characters).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from alnco.exports.labels import mode_label
from alnco.i18n import _
from alnco.model import Entry, format_hours
from alnco.output import safe_text
from alnco.parsing import short_date


def _text_line(text: Text, label: str, value: str) -> None:
    text.append("\n" + label + ": ", style="bold")
    if value.strip():
        text.append(("\n" if "\n" in value.strip() else "") + safe_text(value.strip()))
    else:
        text.append(_("none yet (enter edits the entry)"), style="italic dim")


def _files_line(text: Text, files: Sequence[Any]) -> None:
    from alnco.evidence import show_size

    text.append("\n" + _("Files") + ": ", style="bold")
    if not files:
        text.append(_("none (enter edits the entry to attach one)"), style="italic dim")
        return
    text.append(", ".join("{name} ({size})".format(name=safe_text(ef.name, single_line=True),
                                                   size=show_size(ef.size)) for ef in files))
    text.append("  " + _("o shows them"), style="dim")


def _standards_line(text: Text, entry: Entry, titles: Mapping[str, str]) -> None:
    text.append("\n" + _("Standards") + ": ", style="bold")
    if entry.standards:
        text.append(", ".join(safe_text(titles.get(key, key), single_line=True)
                              for key in entry.standards))
    else:
        text.append(_("none linked"), style="italic dim")


def preview_text(entry: Entry | None, files: Sequence[Any] = (),
                 standard_titles: Mapping[str, str] | None = None) -> Text:
    """What the preview shows for `entry` (None: how to get something to show);
    `files`: its evidence files; `standard_titles`: standard key -> its title."""
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
    _text_line(text, _("Evidence"), entry.evidence)
    _files_line(text, files)
    _standards_line(text, entry, standard_titles or {})
    _text_line(text, _("Reflection"), entry.reflection)
    return text


class EntryPreview(VerticalScroll, can_focus=False):
    """A read-only pane; long reflections are cut at its bottom edge."""

    def compose(self):
        yield Static(preview_text(None), id="preview-text")

    def show(self, entry: Entry | None, files: Sequence[Any] = (),
             standard_titles: Mapping[str, str] | None = None) -> None:
        self.query_one("#preview-text", Static).update(
            preview_text(entry, files, standard_titles))
        self.scroll_home(animate=False)
