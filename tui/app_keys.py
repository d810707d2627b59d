"""The keys both apps (alnco and the cohort report) have everywhere: help, quit
and Textual's command palette, declared here so their words are translated and
their ids are the same in each."""

from __future__ import annotations

from textual.binding import Binding

from alnco.tui.language import N_

SHARED_APP_KEYS = [
    Binding("question_mark", "help", N_("Help"), key_display="?", id="help"),
    Binding("f1", "help", N_("Help"), show=False, id="help-f1"),
    Binding("q", "quit", N_("Quit"), id="quit"),
    Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True, id="quit-always"),
    # Textual's own palette binding, declared here so its words can be translated.
    Binding("ctrl+p", "command_palette", N_("palette"), show=False, priority=True,
            tooltip=N_("Open the command palette"), id="palette"),
]
