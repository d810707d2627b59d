"""A file path field that completes names from your folders, as a shell does.

Typing `~/Doc` offers `~/Documents/` greyed after the cursor; `tab` (or `→`
at the end) takes it. Matching is by the case typed (`Cert` never offers
`certificate.pdf`: on Linux they are different files), hidden names only
when a `.` was typed, and what was typed is kept as typed (`~` stays `~`).

Only places you can read are offered: a folder you cannot open or a file you
cannot read never is (a symbolic link counts as what it points to, as in `ls`),
a folder that cannot be read offers nothing, and a huge folder is looked at
only so far.
The folder is listed in a thread: on a slow network home folder a keystroke
never waits for it.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.binding import Binding
from textual.suggester import Suggester, SuggestionReady
from textual.widgets import Input

from alnco.tui.language import N_

MAX_ENTRIES = 5000  # names looked at in one folder, at most


def expand(text: str, home: str, base: str) -> str:
    """`text` as a path on disk: `~` is your home, a relative path is from `base`."""
    if text == "~" or text.startswith("~/"):
        text = home + text[1:]
    return os.path.join(base, text)


def _complete(folder: str, stem: str) -> list[tuple[str, bool]]:
    """Names in `folder` starting with `stem` (case as typed) that could be attached
    or opened: (name, is a folder), sorted; [] when the folder cannot be read."""
    found: list[tuple[str, bool]] = []
    try:
        with os.scandir(folder or ".") as listing:
            for seen, item in enumerate(listing):
                if seen >= MAX_ENTRIES:
                    break
                name = item.name
                if not name.startswith(stem) or (name.startswith(".") and not stem.startswith(".")):
                    continue
                try:
                    # A link is looked through (as `ls` would) only to see what it is.
                    is_dir = item.is_dir()
                    if is_dir and os.access(item.path, os.R_OK | os.X_OK):
                        found.append((name, True))
                    elif not is_dir and item.is_file() and os.access(item.path, os.R_OK):
                        found.append((name, False))
                except OSError:
                    continue
    except OSError:
        return []
    return sorted(found)


def suggestion_for(value: str, home: str, base: str) -> str | None:
    """What to offer after `value`: the one name that matches, else the names'
    common start when it is longer than what was typed, else the first name."""
    if not value or "\n" in value or "\x00" in value:
        return None
    if value == "~":
        return "~/"
    typed_folder, slash, stem = value.rpartition("/")
    folder_part = typed_folder + slash
    folder = expand(folder_part, home, base) if folder_part else base
    matches = _complete(folder, stem)
    if not matches:
        return None
    if len(matches) == 1:
        name, is_dir = matches[0]
        chosen = name + ("/" if is_dir else "")
    else:
        common = os.path.commonprefix([name for name, _dir in matches])
        chosen = common if len(common) > len(stem) else (
            matches[0][0] + ("/" if matches[0][1] else ""))
    suggestion = folder_part + chosen
    return suggestion if len(suggestion) > len(value) else None


class PathSuggester(Suggester):
    """Completion of file and folder names (see the module's docstring)."""

    def __init__(self, *, home: str | None = None, base: str | None = None) -> None:
        # Folders change while you type (a file saved meanwhile): never cached.
        super().__init__(use_cache=False, case_sensitive=True)
        self.home = home if home is not None else os.path.expanduser("~")
        self.base = base if base is not None else os.getcwd()

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(suggestion_for, value, self.home, self.base)


class PathInput(Input):
    """An Input with a PathSuggester; `tab` takes the offered completion (else
    moves on, as everywhere)."""

    BINDINGS = [
        Binding("tab", "complete", N_("Complete the name"), show=False, id="path-complete"),
    ]

    def __init__(self, value: str = "", *, home: str | None = None, base: str | None = None,
                 **options) -> None:
        super().__init__(value, suggester=PathSuggester(home=home, base=base), **options)
        self._offered: tuple[str, str] | None = None  # (for the value, the suggestion)

    def on_suggestion_ready(self, event: SuggestionReady) -> None:
        self._offered = (event.value, event.suggestion)

    @property
    def offered(self) -> str:
        """The completion offered for the text as it is now ("" if none)."""
        if self._offered and self._offered[0] == self.value and self._offered[1]:
            return self._offered[1]
        return ""

    def action_complete(self) -> None:
        """Take the completion; one not worked out yet (tab typed at once) is worked
        out now, so tab never depends on how quickly the thread answered."""
        if self.cursor_at_end and self.value:
            suggester = self.suggester
            completion = self.offered or (
                suggestion_for(self.value, suggester.home, suggester.base)
                if isinstance(suggester, PathSuggester) else None)
            if completion and completion.startswith(self.value):
                self.value = completion
                self.cursor_position = len(completion)
                return
        self.screen.focus_next()


def shown_path(path: Path | str) -> str:
    """A path as people type it: under your home as `~/...`."""
    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/") and (text == home or text.startswith(home + "/")):
        return "~" + text[len(home):]
    return text
