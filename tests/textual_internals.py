"""The only place the tests touch Textual's private names, each because Textual
has no public way to do it; everything else uses public API (Pilot, queries,
`App.notify` through tui_notices, `App.workers.wait_for_complete`).

- the screen as composed, cell by cell (what the terminal is sent): Textual's
  only public form of it is `export_screenshot`, an SVG;
- laying out a screen that shows under a modal now (Textual does it on its
  update timer, a real clock that `pilot.pause()` does not wait for).

Each was checked against the Textual versions in VERIFIED; on any other the
test using it is skipped, saying why, rather than failing for the wrong reason
or passing without checking anything.
"""

from __future__ import annotations

import io

import pytest

VERIFIED = ((8, 0), (9, 0))  # from 8.0 up to, not including, 9.0 (checked on 8.2.8)


def textual_version() -> tuple[int, int]:
    import textual

    major, minor = (int(part) for part in textual.__version__.split(".")[:2])
    return major, minor


def require_verified_textual(what: str) -> None:
    """Skip the calling test unless Textual is a version `what` was checked on."""
    import textual

    low, high = VERIFIED
    if not low <= textual_version() < high:
        pytest.skip(f"{what} reads Textual internals checked on Textual "
                    f"{low[0]}.{low[1]} to <{high[0]}.{high[1]}, not {textual.__version__}: "
                    "check tests/textual_internals.py against this version")


def screen_strips(app) -> list:
    """The current screen's lines as Rich-segment strips (Screen._compositor)."""
    require_verified_textual("screen_strips")
    return list(app.screen._compositor.render_strips())


def screen_text(app) -> str:
    """The whole screen as the terminal gets it, every cell, as plain text,
    including any screen visible under a modal."""
    from rich.console import Console

    require_verified_textual("screen_text")
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system=None, record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def lay_out_screens_under_modals(app) -> None:
    """Lay out now any screen seen under the current one that is waiting for it."""
    require_verified_textual("lay_out_screens_under_modals")
    for screen in app._background_screens:
        if screen is not app.screen and screen._layout_required:
            screen._refresh_layout()
