"""What an app told the person in notifications, through Textual's public
`App.notify` (every notification, Textual's own included, goes through it).

Textual keeps its list private and drops a notification from it once its
timeout has passed, on a real clock: a test that read it on a busy machine
could find the notice already gone. This keeps each one.

    record_notices(monkeypatch)   # before the app is made
    ...
    assert "Saved" in [n.message for n in notices(app)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

_SEEN: "WeakKeyDictionary[Any, list[Notice]]" = WeakKeyDictionary()


@dataclass(frozen=True)
class Notice:
    message: str
    title: str
    severity: str


def record_notices(monkeypatch) -> None:
    """From now until the test ends, keep every app's notifications."""
    from textual.app import App

    real = App.notify

    def notify(self, message, *args, **kwargs):
        title = kwargs.get("title", args[0] if args else "")
        severity = kwargs.get("severity", args[1] if len(args) > 1 else "information")
        _SEEN.setdefault(self, []).append(Notice(str(message), str(title), str(severity)))
        return real(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", notify)


def notices(app) -> list[Notice]:
    """Every notification `app` has shown since `record_notices`, oldest first."""
    return list(_SEEN.get(app, ()))
