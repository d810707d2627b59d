"""A results list that stays fast with thousands of modules.

DataTable and OptionList measure or rebuild every row when the results change,
which costs 50-650 ms per keystroke with a 5,000-module catalogue. This list
uses Textual's line API instead: it keeps only the list of matching modules,
reports `virtual_size` = number of matches, and renders just the visible lines
on demand, caching one `Strip` per module. Replacing the results is O(1) work
for the widget; painting costs only the rows on screen.

Text from the catalogue is data, never markup: it is written as plain
segments after control characters have been made visible.
"""

from __future__ import annotations

from itertools import zip_longest
from math import ceil
from typing import ClassVar, Hashable, Mapping, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from alnco.catalogue.model import Module
from alnco.i18n import _
from alnco.model import format_hours
from alnco.output import safe_text
from alnco.tui.language import N_
from alnco.tui.widgets.glyphs import plain
from alnco.tui.widgets.list_keys import list_keys

MARK_WIDTH = 2
HOURS_WIDTH = 6  # right-aligned, e.g. " 12.5"
TASKS_WIDTH = 9  # a space then up to eight letters a-h
MIN_TITLE = 8


def mark_symbol(status: str | None) -> str:
    """One character for what the person has done with a module (legend in the header)."""
    return plain({"completed": "✓", "planned": "◷"}.get(status or "", " "))


def clip(text: str, width: int) -> str:
    """`text` made safe for one terminal line and fitted to exactly `width` cells."""
    text = safe_text(text, single_line=True)
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + plain("…")
    return set_cell_size(text, width)


def columns(width: int) -> tuple[int, int, int]:
    """Cell widths of (title, hours, tasks) for a list `width` cells wide."""
    tasks = TASKS_WIDTH if width >= MARK_WIDTH + MIN_TITLE + HOURS_WIDTH + TASKS_WIDTH else 0
    hours = HOURS_WIDTH if width >= MARK_WIDTH + MIN_TITLE + HOURS_WIDTH else 0
    title = max(0, width - MARK_WIDTH - hours - tasks)
    return title, hours, tasks


def header_line(width: int, count: int) -> str:
    """The column header, aligned with the rows, with the result count in it."""
    title_w, hours_w, tasks_w = columns(width)
    title = _("Title ({count})").format(count=f"{count:,}")
    legend = plain(_("✓ done  ◷ planned"))
    if cell_len(title) + cell_len(legend) + 4 <= title_w:
        title = title + "  " + legend
    text = " " * MARK_WIDTH + clip(title, title_w)
    if hours_w:
        text += _("Hours").rjust(hours_w)[-hours_w:]
    if tasks_w:
        text += (" " + _("Tasks")).ljust(tasks_w)[:tasks_w]
    return text


def _same_tail_cells(old: str, new: str) -> int:
    """How many cells at the end of two rows' texts are the same characters."""
    same = 0
    for a, b in zip(reversed(old), reversed(new)):
        if a != b:
            break
        same += 1
    return cell_len(old[len(old) - same:]) if same else 0


def thumb(count: int, visible: int, position: int) -> tuple[int, int]:
    """Where a vertical scrollbar's thumb starts and ends, in eighths of a cell
    (as Textual's ScrollBarRender draws it), for `count` rows, `visible` shown."""
    if count <= visible or visible <= 0:
        return (0, 0)
    size = max(1, visible / (count / visible))
    start = int((visible - size) * position / (count - visible) * 8)
    return (start, start + ceil(size * 8))


class ModuleList(ScrollView, can_focus=True):
    """A keyboard- and mouse-driven list of catalogue modules (title, hours, tasks, mark)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", N_("Up"), show=False),
        Binding("down", "cursor_down", N_("Down"), show=False),
        Binding("pageup", "page_up", N_("Page up"), show=False),
        Binding("pagedown", "page_down", N_("Page down"), show=False),
        Binding("home", "first", N_("First"), show=False),
        Binding("end", "last", N_("Last"), show=False),
        Binding("enter", "select", N_("Open")),
        # only while the list has the focus: in the search box they are letters
        *list_keys("cursor_down", "cursor_up", "first", "last", "module-list"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "module-list--cursor",
        "module-list--meta",
        "module-list--done",
        "module-list--planned",
        "module-list--empty",
    }

    DEFAULT_CSS = """
    ModuleList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .module-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .module-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .module-list--meta { color: $text-muted; }
        & > .module-list--done { color: $text-success; text-style: bold; }
        & > .module-list--planned { color: $text-accent; text-style: bold; }
        & > .module-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    # repaint=False: watch_cursor repaints the two rows that change, not the list
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    # True until the first results arrive (the catalogue loads in a thread);
    # unlike `loading`, the list stays focusable meanwhile.
    waiting: reactive[bool] = reactive(False)

    class Highlighted(Message):
        """The cursor moved to `module` (None when there are no results)."""

        def __init__(self, module_list: "ModuleList", module: Module | None) -> None:
            super().__init__()
            self.module_list = module_list
            self.module = module

        @property
        def control(self) -> "ModuleList":
            return self.module_list

    class Selected(Message):
        """`enter` or a click on the highlighted row."""

        def __init__(self, module_list: "ModuleList", module: Module) -> None:
            super().__init__()
            self.module_list = module_list
            self.module = module

        @property
        def control(self) -> "ModuleList":
            return self.module_list

    def __init__(
        self,
        *,
        language: str = "en",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._modules: Sequence[Module] = ()
        self._marks: Mapping[str, str] = {}
        self._language = language
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)
        self._last_highlighted: str | None = None
        self._quiet_cursor = False

    # data ------------------------------------------------------------------
    @property
    def modules(self) -> Sequence[Module]:
        return self._modules

    @property
    def highlighted(self) -> Module | None:
        if 0 <= self.cursor < len(self._modules):
            return self._modules[self.cursor]
        return None

    def set_modules(self, modules: Sequence[Module], *, keep: str | None = None) -> None:
        """Show `modules`; the cursor goes to module id `keep` if present, else the top.

        Only the rows that now show something else are repainted: over a slow
        link every row costs bytes, and typing often leaves rows in place.
        """
        before = self._row_keys()
        before_cells = [self._row_cells(key) for key in before]
        offset = self.scroll_offset.y
        self._modules = modules
        self._set_rows(len(modules))
        index = 0
        if keep is not None:
            index = next((i for i, m in enumerate(modules) if m.id == keep), 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._quiet_cursor = True
        try:
            self.cursor = index
        finally:
            self._quiet_cursor = False
        # The same index does not run watch_cursor: bring the row into view here.
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, force=True, immediate=True)
        if self.scroll_offset.y != offset:
            self.refresh()  # scrolled: every row moved
            return
        width = self.scrollable_content_region.width
        for y, (old, new) in enumerate(zip_longest(before, self._row_keys())):
            if old == new:
                continue
            # Only up to the last cell that differs: the columns to its right (hours,
            # tasks, padding) are not sent again when they read and look the same.
            was = before_cells[y] if y < len(before_cells) else None
            now = self._row_cells(new)
            end = width
            if was is not None and now is not None and was[0] == now[0]:
                end = width - _same_tail_cells(was[1], now[1])
            if end > 0:
                self._refresh_row(y + offset, end)

    def _row_keys(self) -> list[Hashable]:
        """What each visible row shows, to tell which rows a change repaints."""
        height = self.scrollable_content_region.height
        if not self._modules:
            return [("empty", self.waiting)] + [None] * max(0, height - 1)
        top = self.scroll_offset.y
        return [
            (self._modules[i].id, i == self.cursor) if i < len(self._modules) else None
            for i in range(top, top + height)
        ]

    def _row_cells(self, key: Hashable) -> tuple[str | None, str] | None:
        """What a row (by its `_row_keys` key) shows, as (mark status, text), for a row
        drawn all in the list's plain style and colours (not the cursor row); else None."""
        if not isinstance(key, tuple) or key[1] is not False or key[0] == "empty":
            return None
        module = next((m for m in self._visible_modules() if m.id == key[0]), None)
        if module is None:
            return None
        status = self._marks.get(module.id)
        return status, self._row_text(module, self.scrollable_content_region.width, status)

    def _visible_modules(self) -> Sequence[Module]:
        top = self.scroll_offset.y
        return self._modules[top:top + self.scrollable_content_region.height]

    def _set_rows(self, count: int) -> None:
        """Tell the scroll machinery how many rows there are.

        Setting `virtual_size` asks for a layout of the whole screen (~10-20 ms
        per keystroke). It is only needed when the scrollbar appears or goes;
        otherwise updating the scrollbar itself is enough.
        """
        size = Size(self.scrollable_content_region.width, count)
        visible = self.scrollable_content_region.height
        if not self.is_mounted or (self.virtual_size.height > visible) != (count > visible):
            self.virtual_size = size
            return
        self.set_reactive(ModuleList.virtual_size, size)
        if self.show_vertical_scrollbar:
            scrollbar = self.vertical_scrollbar
            # The thumb is often the same (one cell at the top for long lists):
            # then nothing needs repainting.
            same = (thumb(scrollbar.window_virtual_size, visible, 0)
                    == thumb(count, visible, 0))
            scrollbar.set_reactive(type(scrollbar).window_virtual_size, count)
            scrollbar.set_reactive(type(scrollbar).window_size, visible)
            if not same:
                scrollbar.refresh()

    def set_marks(self, marks: Mapping[str, str]) -> None:
        """Module id -> "completed" / "planned", from the record."""
        self._marks = dict(marks)
        self._strips.clear()
        self.refresh()

    def set_language(self, language: str) -> None:
        self._language = language
        self._strips.clear()
        self.refresh()

    def move_to(self, module_id: str) -> bool:
        """Put the cursor on `module_id` if it is in the results."""
        for index, module in enumerate(self._modules):
            if module.id == module_id:
                self.cursor = index
                return True
        return False

    # cursor ----------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._modules) - 1)) if self._modules else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if not self._quiet_cursor:  # set_modules repaints what changed itself
            self._refresh_row(old)
            self._refresh_row(new)
        self.scroll_to_region(
            Region(0, new, 1, 1), animate=False, force=True, immediate=True
        )
        module = self.highlighted
        module_id = module.id if module else None
        if module_id != self._last_highlighted or module is None:
            self._last_highlighted = module_id
            self.post_message(self.Highlighted(self, module))

    def _refresh_row(self, index: int, end: int | None = None) -> None:
        """Repaint one row (not the scrollbar beside it), or its first `end` cells."""
        y = index - self.scroll_offset.y
        region = self.scrollable_content_region
        if 0 <= y < region.height:
            self.refresh(Region(0, y, region.width if end is None else end, 1))

    def _on_focus(self, event: events.Focus) -> None:
        self._refresh_row(self.cursor)

    def _on_blur(self, event: events.Blur) -> None:
        self._refresh_row(self.cursor)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._modules) - 1

    def action_select(self) -> None:
        module = self.highlighted
        if module is not None:
            self.post_message(self.Selected(self, module))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if not 0 <= index < len(self._modules):
            return
        event.stop()
        if index == self.cursor and event.chain > 1:
            self.action_select()
        self.cursor = index

    # rendering -------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._modules))
        self._strips.clear()
        # The list may shrink after it scrolled to the cursor (the detail pane
        # arrives): keep the chosen row on screen (a dashboard suggestion opens here).
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True,
                              immediate=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = y + self.scroll_offset.y
        if not self._modules:
            if y == 0:
                style = base + self.get_component_rich_style("module-list--empty")
                text = _("Loading the catalogue…") if self.waiting else _("No modules match.")
                return Strip([Segment(clip(" " + text, width), style)], width)
            return Strip.blank(width, base)
        if index >= len(self._modules):
            return Strip.blank(width, base)
        module = self._modules[index]
        cursor = index == self.cursor
        key = (module.id, width, cursor, cursor and self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(module, width, base, cursor)
            self._strips[key] = strip
        return strip

    def _row_parts(self, module: Module, width: int,
                   status: str | None) -> tuple[str, str, str, str]:
        """A row's mark, title, hours and tasks, each fitted to its column."""
        title_w, hours_w, tasks_w = columns(width)
        return (
            mark_symbol(status) + " ",
            clip(module.title_in(self._language), title_w),
            format_hours(module.hours)[: hours_w - 1].rjust(hours_w) if hours_w else "",
            clip(" " + "".join(module.tasks), tasks_w) if tasks_w else "",
        )

    def _row_text(self, module: Module, width: int, status: str | None) -> str:
        return "".join(self._row_parts(module, width, status))

    def _render_row(self, module: Module, width: int, base: Style, cursor: bool) -> Strip:
        if cursor:
            base = base + self.get_component_rich_style("module-list--cursor")
        meta = base if cursor else base + self.get_component_rich_style("module-list--meta")
        status = self._marks.get(module.id)
        mark_style = base
        if status == "completed":
            mark_style = base + self.get_component_rich_style("module-list--done")
        elif status == "planned":
            mark_style = base + self.get_component_rich_style("module-list--planned")
        mark, title, hours, tasks = self._row_parts(module, width, status)
        segments = [Segment(mark, mark_style), Segment(title, base)]
        if hours:
            segments.append(Segment(hours, meta))
        if tasks:
            segments.append(Segment(tasks, meta))
        # Runs of one style as one segment: each segment costs its own colour codes.
        return Strip(segments, width).adjust_cell_length(width, base).simplify()


class ModuleListHeader(Widget):
    """The column header above a ModuleList, with the result count and mark legend.

    Its width matches the list's (both keep a one-cell scrollbar gutter), so
    the columns line up. Updating the count repaints one line, no layout.
    """

    DEFAULT_CSS = """
    ModuleListHeader {
        height: 1;
        padding-right: 1;
        color: $text-muted;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0

    def set_count(self, count: int) -> None:
        """Show `count`; only the cells up to the last one that changes are repainted
        (the count moves the legend, not the Hours and Tasks titles)."""
        if count == self._count:
            return
        width = self.content_region.width
        before = header_line(width, self._count)
        self._count = count
        after = header_line(width, count)
        end = width - _same_tail_cells(before, after)
        if end > 0:
            self.refresh(Region(0, 0, end, 1))

    def render(self) -> Content:
        return Content(header_line(self.content_region.width, self._count))
