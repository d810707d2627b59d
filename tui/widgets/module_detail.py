"""The detail pane of the catalogue: everything about one module, in words.

All catalogue text is data: it is shown through `Content` after control
characters have been made visible, never parsed as markup.
"""

from __future__ import annotations

from datetime import date

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from alnco.catalogue.model import DECLARATION_KEYS, TASKS, Module
from alnco.i18n import _
from alnco.model import format_hours
from alnco.output import safe_text
from alnco.parsing import describe_date
from alnco.tui.widgets.glyphs import plain
from alnco.tui.widgets.module_list import thumb

LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}


def layer_words(layer: str) -> str:
    """Where a module came from, for a person (layers: shipped < system < user)."""
    return {
        "shipped": _("the catalogue that comes with alnco (shipped)"),
        "system": _("your school or service's catalogue (system layer)"),
        "user": _("your own catalogue (user layer)"),
    }.get(layer, layer)


def _safe(text: str) -> str:
    return safe_text(text)


def describe_module(
    module: Module,
    *,
    language: str,
    record_status: tuple[str, date] | None = None,
) -> Content:
    """The detail text for `module`, built from plain strings (never markup)."""
    parts: list[Content | str | tuple[str, str]] = []
    title = module.title_in(language)
    parts.append((_safe(title), "bold"))
    other = "cy" if language == "en" else "en"
    other_title = module.title.get(other)
    if other_title and other_title != title:
        parts += ["\n", (_safe(other_title), "italic $text-muted")]
    facts = [
        _("{hours} h").format(hours=format_hours(module.hours)),
        _(module.mode),
        _(module.level),
    ]
    parts += ["\n", (plain(" · ").join(_safe(f) for f in facts if f), "$text-muted")]
    if record_status:
        status, when = record_status
        text = plain(
            _("✓ You completed this on {date}.")
            if status == "completed"
            else _("◷ You planned this for {date}.")
        ).format(date=describe_date(when))
        style = "bold $text-success" if status == "completed" else "bold $text-accent"
        parts += ["\n", (text, style)]
    summary = module.summary_in(language)
    if summary:
        parts += ["\n\n", _safe(summary)]
    provider = module.provider_in(language)
    parts += ["\n\n", (_("Provider: "), "bold"), _safe(provider) if provider else _("not stated")]
    languages = ", ".join(LANGUAGE_NAMES.get(code, _safe(code)) for code in module.languages)
    parts += ["\n", (_("Language: "), "bold"), languages]
    parts += ["\n", (_("Open to: "), "bold"), _(module.for_whom())]
    for key in module.requires:
        words = _(DECLARATION_KEYS[key]) if key in DECLARATION_KEYS else _safe(key)
        parts += ["\n", (_("Requires: "), "bold"), words]
    eligibility = module.eligibility_in(language)
    if eligibility:
        parts += ["\n", (_("Eligibility: "), "bold"), _safe(eligibility)]
    if module.url:
        parts += ["\n", (_("Link: "), "bold"), (_safe(module.url), "underline")]
    if module.tasks:
        parts += ["\n\n", (_("Helps with these ALNCO tasks (reg 29):"), "bold")]
        for letter in module.tasks:
            label = _(TASKS[letter]) if letter in TASKS else _("unknown task")
            parts += ["\n", (f" {_safe(letter)}  ", "bold"), label]
    if module.themes:
        themes = ", ".join(module.themes_in(language))
        parts += ["\n\n", (_("Themes: "), "bold"), _safe(themes)]
    parts += ["\n", (_("From: "), "bold"), layer_words(module.layer)]
    parts += ["\n", (_("Id: "), "bold"), (_safe(module.id), "$text-muted")]
    return Content.assemble(*parts, strip_control_codes=False)


class ModuleDetail(ScrollView, can_focus=True):
    """A scrollable pane describing the highlighted module.

    It draws its own lines (Textual's line API) instead of holding a Static:
    a new module then repaints only the lines that differ, with no layout of
    the screen, so following the cursor stays cheap in time and in bytes
    sent over a slow link.
    """

    DEFAULT_CSS = """
    ModuleDetail {
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._content = Content(_("Nothing selected."))
        self._lines: list[Strip] = []
        self._lines_width = -1

    @property
    def text(self) -> str:
        """What the pane says, as plain text."""
        return self._content.plain

    def show(
        self,
        module: Module | None,
        *,
        language: str,
        record_status: tuple[str, date] | None = None,
    ) -> None:
        if module is None:
            content = Content(_("No module is highlighted: change the search or filters."))
        else:
            content = describe_module(module, language=language, record_status=record_status)
        old_lines, old_offset = self._lines, self.scroll_offset.y
        self._content = content
        self._lines_width = -1
        if not self.is_mounted or not self.size.width:
            return
        lines = self._render_lines()
        self._set_height(len(lines))
        if old_offset:
            self.scroll_to(y=0, animate=False, immediate=True)
        if old_offset or self._lines_width != self.scrollable_content_region.width:
            self.refresh()
            return
        # Regions are relative to the content (inside border and padding); the
        # scrollbar beside the lines does not change.
        content = self.scrollable_content_region
        for y in range(content.height):
            old = old_lines[y] if y < len(old_lines) else None
            new = lines[y] if y < len(lines) else None
            if old is None and new is None:
                break
            if old != new:
                self.refresh(Region(0, y, content.width, 1))

    def _render_lines(self) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width != self._lines_width:
            # Without the text-selection offsets Content puts in each segment
            # (nothing selects text here), runs of one style join into one
            # segment: fewer colour codes sent per line.
            self._lines = [
                Strip([Segment(text, style.clear_meta_and_links() if style else style)
                       for text, style, _control in strip], strip.cell_length)
                .adjust_cell_length(width, self.rich_style).simplify()
                for strip in Visual.to_strips(self, self._content, width, None,
                                              self.visual_style)
            ]
            self._lines_width = width
        return self._lines

    def _set_height(self, count: int) -> None:
        """The number of lines, without a layout of the screen unless the
        scrollbar appears or goes (as ModuleList does)."""
        size = Size(self.scrollable_content_region.width, count)
        visible = self.scrollable_content_region.height
        if (self.virtual_size.height > visible) != (count > visible):
            self.virtual_size = size
            return
        self.set_reactive(ModuleDetail.virtual_size, size)
        if self.show_vertical_scrollbar:
            scrollbar = self.vertical_scrollbar
            same = thumb(scrollbar.window_virtual_size, visible, 0) == thumb(count, visible, 0)
            scrollbar.set_reactive(type(scrollbar).window_virtual_size, count)
            scrollbar.set_reactive(type(scrollbar).window_size, visible)
            if not same:
                scrollbar.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._lines_width = -1
        self.virtual_size = Size(self.scrollable_content_region.width,
                                 len(self._render_lines()))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines_width = -1

    def render_line(self, y: int) -> Strip:
        lines = self._render_lines()
        index = y + self.scroll_offset.y
        if index < len(lines):
            return lines[index]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)
