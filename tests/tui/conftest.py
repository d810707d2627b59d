"""Fixtures for the TUI tests: a private record, a fixed today, and the app.
Plain helpers are in tui_helpers (and tui_samples, tui_waiting)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from alnco.context import Context
from alnco.model import Entry, Profile
from alnco.store.record import Record
from alnco.tui.app import create_app
from tui_helpers import HOSTILE, TODAY, entry, make_ctx, still  # noqa: F401
from tui_notices import record_notices


@pytest.fixture(autouse=True)
def keep_notices(monkeypatch):
    """Every app's notifications, for `tui_notices.notices(app)`: Textual's own
    list is private and forgets a notice once its timeout has passed."""
    record_notices(monkeypatch)


@pytest.fixture
def record_path(tmp_path: Path) -> Path:
    return tmp_path / "record.json"


@pytest.fixture
def record(record_path: Path) -> Record:
    return Record(record_path)


@pytest.fixture
def ctx(record_path: Path) -> Context:
    """A Context on the private record (English, today = TODAY)."""
    return make_ctx(record_path)


@pytest.fixture
def with_profile(record: Record) -> Record:
    """A record whose person has been through onboarding already."""
    record.set_profile(Profile(name="Ceri", setting="school", institution="Ysgol Test"))
    return record


@pytest.fixture
def seeded(with_profile: Record) -> Record:
    """Three entries over two academic years, one of them planned."""
    with with_profile.transaction() as tx:
        tx.add(entry("Person-centred practice", "2026-10-12", "2", tasks=("a", "d")))
        tx.add(entry("IDP writing workshop", "2026-12-01", "3", status="planned", tasks=("c",)))
        tx.add(entry("ALN Code essentials", "2025-11-20", "1.5", tasks=("a",)))
    return with_profile


@pytest.fixture
def app_for(record_path: Path):
    """`app_for(**environ)` makes an app on the private record."""

    def make(**environ: str):
        return create_app(make_ctx(record_path, **environ))

    return make


