"""SVG snapshots of the questions about unsaved work, at 80x24 (the SSH size).

Update with `pytest tests/tui/test_tui_drafts_snapshots.py --snapshot-update`,
then look at them (rsvg-convert to PNG) before committing.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from alnco.drafts import Drafts
from alnco.tui.app import create_app
from test_tui_snapshots import seed, settle, snapshot_ctx


@pytest.fixture
def fixed_record(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Path("record.json")


def test_snapshot_unsaved_question(snap_compare, fixed_record):
    seed(fixed_record)

    async def ask(pilot):
        await pilot.press("m", "n")
        await pilot.pause()
        pilot.app.screen.query_one("#title").value = "Half-typed course"
        await pilot.press("ctrl+q")
        await settle(pilot)

    assert snap_compare(create_app(snapshot_ctx(fixed_record), draft_seconds=600),
                        terminal_size=(80, 24), run_before=ask)


@pytest.fixture
def utc(monkeypatch):
    """The question shows the draft's local time: make local time UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_snapshot_restore_question(snap_compare, fixed_record, utc):
    seed(fixed_record)
    path = Drafts(fixed_record).save("entry", "new-1", {"title": "Half-typed course"})
    draft = json.loads(path.read_text())
    draft["saved_at"] = "2026-11-03T14:05:00+00:00"  # a fixed time, shown in UTC
    path.write_text(json.dumps(draft))

    async def start(pilot):
        await settle(pilot)

    assert snap_compare(create_app(snapshot_ctx(fixed_record)), terminal_size=(80, 24),
                        run_before=start)
