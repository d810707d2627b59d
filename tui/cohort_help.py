"""Help for `alnco cohort`: the home app's help screen (same keys table, same
notation, same look from shared.tcss), with what the cohort table's letters
and marks mean in place of the home app's statuses and data paths."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from alnco.exports.labels import status_legend
from alnco.i18n import _
from alnco.tui.language import N_
from alnco.tui.screens.help import LIST_KEYS, HelpScreen, key_display

# The home app's list keys that the cohort's tables have (not space, not /; enter
# is listed with the screen's keys, as what it does there: Open).
COHORT_LIST_KEYS = ("up down j k pageup pagedown", "home end g G", "tab shift+tab")
PALETTE_WORDS = N_("All actions and the themes")


class CohortHelp(HelpScreen):
    """Every key of the screen help was asked from, then the table's letters."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only closing: the home app's other keys in help need its record."""
        return action == "close"

    def _title(self) -> str:
        return self.app.title

    def _key_rows(self) -> list[tuple[str, str]]:
        palette = key_display(self.app, self.app.COMMAND_PALETTE_BINDING)
        return [(keys, _(PALETTE_WORDS) if keys == palette else does)
                for keys, does in super()._key_rows()]

    def _list_rows(self) -> list[tuple[str, str]]:
        return [(key_display(self.app, keys), _(does)) for keys, does in LIST_KEYS
                if keys in COHORT_LIST_KEYS]

    def _sections(self) -> ComposeResult:
        """What the cohort table's letters and marks mean."""
        from alnco.tui.cohort import SHARED_MARK

        yield Static(Content(_("Requirements")), classes="help-heading")
        yield Static(Content(status_legend()), classes="help-text", id="help-letters")
        yield Static(Content("{mark}: {meaning}".format(mark=SHARED_MARK, meaning=_(
            "someone else handed in a file with the same EWC number"))),
            classes="help-text", id="help-shared")
