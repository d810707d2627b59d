"""The command palette's commands (ctrl+p): every action, so no key needs remembering.

`AlncoApp.get_system_commands` yields `system_commands(app)`. A new command is a
`SystemCommand(title, help, callback)` here; titles and help go through `_()`,
and the Welsh palette finds English names too (`language_labels`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import SystemCommand

from alnco.i18n import LANGUAGES, _
from alnco.tui.file_actions import EXPORT_FORMATS
from alnco.tui.themes import TEXTUAL_NAMES, theme_label

if TYPE_CHECKING:
    from alnco.tui.app import AlncoApp


def system_commands(app: "AlncoApp") -> Iterable[SystemCommand]:
    """Every action, so nothing needs a key remembered."""
    yield SystemCommand(_("Go to dashboard"), _("Your progress at a glance (d)"),
                        lambda: app.action_go("dashboard"))
    yield SystemCommand(_("Go to catalogue"), _("Find professional learning (c)"),
                        lambda: app.action_go("catalogue"))
    yield SystemCommand(_("Go to my learning"), _("Your log of learning (m)"),
                        lambda: app.action_go("learning"))
    yield SystemCommand(_("Log learning"), _("Add learning you have done (n in My learning)"),
                        lambda: app.action_new_entry("completed"))
    yield SystemCommand(_("Plan learning"), _("Add learning you plan to do (p in My learning)"),
                        lambda: app.action_new_entry("planned"))
    yield SystemCommand(_("Undo"), _("Undo the last removal or edit (ctrl+z)"),
                        app.action_undo)
    yield SystemCommand(_("Edit profile"), _("Your name, setting, institution, designation"),
                        app.action_profile)
    yield SystemCommand(_("Declare a qualification or experience"),
                        _("Your EWC registration or experience: the reg 27/28 line "
                          "(enter on it in the dashboard)"),
                        app.action_declare)
    for fmt in EXPORT_FORMATS:
        yield SystemCommand(
            _("Export as {fmt}").format(fmt=fmt.upper()),
            _("Write your record to a file (same as 'alnco export --format {fmt}')").format(fmt=fmt),
            lambda fmt=fmt: app.action_export(fmt),
        )
    yield SystemCommand(_("Export PRD summary"),
                        _("One printable page for your performance review meeting (same as "
                          "'alnco export --format prd')"),
                        lambda: app.action_export("prd"))
    yield SystemCommand(_("Rate my confidence"),
                        _("Self-assessment: rate each task from 1 to 5 (a on the dashboard)"),
                        lambda: _rate_confidence(app))
    for key in TEXTUAL_NAMES:
        yield SystemCommand(_("Theme: {name}").format(name=theme_label(key)),
                            _("Switch the colours"),
                            lambda key=key: app.action_set_theme(key))
    for language, label in zip(LANGUAGES, language_labels()):
        yield SystemCommand(_("Language: {label}").format(label=label),
                            _("Switch the interface language"),
                            lambda language=language: app.action_set_language(language))
    yield SystemCommand(_("Help"), _("Keys for this screen, statuses, where data lives (? or f1)"),
                        app.action_help)
    yield SystemCommand(_("Screenshot"), _("Save an SVG screenshot of the screen"),
                        lambda: app.action_screenshot())
    yield SystemCommand(_("Quit"), _("Leave alnco (q, or ctrl+q anywhere)"), app.action_quit)


def _rate_confidence(app: "AlncoApp") -> None:
    from alnco.tui.screens.self_assessment import open_self_assessment

    open_self_assessment(app)


def language_labels() -> tuple[str, str]:
    """English and Welsh as the palette names them, each with its name in the other
    language too, so `english` or `saesneg`, `welsh` or `cymraeg` finds the switch
    whichever language the app is in."""
    english = _("English")
    english += " (Saesneg)" if english == "English" else " (English)"
    return english, _("Welsh (Cymraeg)")  # "Cymraeg (Welsh)" in Welsh
