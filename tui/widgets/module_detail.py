"""The detail pane of the catalogue: everything about one module, in words.

All catalogue text is data: it is shown through `Content` after control
characters have been made visible, never parsed as markup.
"""

from __future__ import annotations

from datetime import date

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from alnco.catalogue.model import DECLARATION_KEYS, TASKS, Module
from alnco.i18n import _
from alnco.model import format_hours
from alnco.output import safe_text
from alnco.parsing import describe_date
from alnco.tui.widgets.glyphs import plain

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


class ModuleDetail(VerticalScroll):
    """A scrollable pane describing the highlighted module."""

    DEFAULT_CSS = """
    ModuleDetail {
        padding: 0 1;
        & > Static { width: 1fr; }
    }
    """

    def compose(self):
        yield Static(Content(_("Nothing selected.")), id="detail-text")

    def show(
        self,
        module: Module | None,
        *,
        language: str,
        record_status: tuple[str, date] | None = None,
    ) -> None:
        text = self.query_one("#detail-text", Static)
        if module is None:
            text.update(Content(_("No module is highlighted: change the search or filters.")))
        else:
            text.update(
                describe_module(module, language=language, record_status=record_status)
            )
        self.scroll_home(animate=False)
