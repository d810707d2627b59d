"""Waiting for the app's background work, shared by the app tests in tests/tui and tests/core
(this folder is on sys.path through the root conftest)."""

from __future__ import annotations

import time

from textual_internals import lay_out_screens_under_modals

SETTLE_LIMIT = 30.0  # seconds; a loaded CI machine, never a healthy one


async def settle(pilot) -> None:
    """Wait until every dashboard on the screen stack has shown its progress and
    no worker is running, so a picture never depends on how busy the machine is.

    The dashboard starts its worker only after its first frame, and under a
    modal (onboarding) that frame can come late: so wait for the dashboard to
    say it is loaded, not for a guessed number of pauses. Then lay out any
    screen seen under a modal: Textual does that on its update timer, a real
    clock that `pilot.pause()` does not wait for, so on a busy machine a
    picture could otherwise show the dashboard as it was before it loaded."""
    from alnco.tui.screens.dashboard import DashboardScreen

    deadline = time.monotonic() + SETTLE_LIMIT
    while True:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        boards = [s for s in pilot.app.screen_stack if isinstance(s, DashboardScreen)]
        if all(board.loaded for board in boards):
            break
        if time.monotonic() > deadline:
            raise AssertionError("the dashboard never showed its progress")
    lay_out_screens_under_modals(pilot.app)  # Textual has no public way
    await pilot.pause()
