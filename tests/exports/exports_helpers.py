"""Data and helpers shared by the exports tests (imported by name: tests/exports is on sys.path)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path


from alnco.exports.document import ExportData
from alnco.model import Entry, Profile

TODAY = "2026-11-03"
FIXED_EPOCH = "1793750400"  # 2026-11-04T00:00:00Z, for exported_at / DTSTAMP
HOSTILE = "=HYPERLINK(\"http://x\") [/] [bold [@click=app.quit]x[/] <script>alert(1)</script> & \x1b[2J ŵ ŷ â"


def fixed_entries() -> list[Entry]:
    return [
        Entry(id="00000000-0000-4000-8000-000000000001", title="Cod ADY: hanfodion ŵ ŷ â",
              date=date(2026, 9, 15), hours=Decimal("1.5"), status="completed",
              module_id="aln-code-essentials", mode="online", tasks=("a", "c"),
              evidence="certificate.pdf", reflection="Useful; line one\nline two",
              created_at="2026-09-15T10:00:00.000+00:00",
              updated_at="2026-09-15T10:00:00.000+00:00"),
        Entry(id="00000000-0000-4000-8000-000000000002", title=HOSTILE,
              date=date(2026, 10, 1), hours=Decimal("2"), status="completed",
              mode="-face-to-face", tasks=("d",), evidence="@evil", reflection="+1 formula",
              created_at="2026-10-01T10:00:00.000+00:00",
              updated_at="2026-10-02T10:00:00.000+00:00"),
        Entry(id="00000000-0000-4000-8000-000000000003", title="IDP planning day",
              date=date(2026, 12, 4), hours=Decimal("6.25"), status="planned",
              mode="face-to-face", tasks=("c",),
              created_at="2026-10-05T10:00:00.000+00:00",
              updated_at="2026-10-05T10:00:00.000+00:00"),
    ]


def fixed_profile(**changes) -> Profile:
    values = dict(name="Siân Ŵyn Jones", ewc_number="123456", setting="school",
                  institution="Ysgol Gymraeg Aberâ", designated_on=date(2025, 9, 1))
    values.update(changes)
    return Profile(**values)


def make_data(entries=None, profile=None, catalogue=None, progress=None, **changes) -> ExportData:
    values = dict(
        profile=profile or fixed_profile(),
        entries=fixed_entries() if entries is None else entries,
        framework="alnco-school-2021",
        today=date.fromisoformat(TODAY),
        exported_at=datetime(2026, 11, 4, tzinfo=timezone.utc),
        language="en",
        catalogue=catalogue,
        progress=progress,
        xapi={"base": "https://lrs.example.org/alnco/", "actor_id": "opaque-1"},
    )
    values.update(changes)
    return ExportData(**values)


class Run:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.env = env
        self.cwd = cwd

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None,
                 binary: bool = False):
        return subprocess.run(
            [sys.executable, "-m", "alnco", *args],
            input=input, capture_output=True, text=not binary,
            encoding=None if binary else "utf-8",
            env={**self.env, **(env or {})}, cwd=self.cwd, timeout=120,
        )


def assert_refused(result, code: int, *words: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alnco: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def ralph_python() -> str | None:
    """A Python that can import ralph: ALNCO_TEST_RALPH_PYTHON, this one, or /opt/ralph-venv."""
    chosen = os.environ.get("ALNCO_TEST_RALPH_PYTHON")
    candidates = [chosen] if chosen else [sys.executable, "/opt/ralph-venv/bin/python"]
    for candidate in candidates:
        if not candidate or not (candidate == sys.executable or Path(candidate).exists()):
            continue
        probe = subprocess.run([candidate, "-c", "import ralph.models.xapi.base.statements"],
                               capture_output=True)
        if probe.returncode == 0:
            return candidate
    return None


def ralph_command(python: str) -> str:
    found = Path(python).with_name("ralph")
    return str(found) if found.exists() else (shutil.which("ralph") or "ralph")


def real_progress(profile, entries, today=date(2026, 11, 3)):
    """Progress from the real engine, shipped framework and catalogue."""
    from alnco.catalogue.layers import load_catalogue
    from alnco.context import Context
    from alnco.progress.engine import evaluate
    from alnco.progress.frameworks import framework_for

    ctx = Context.from_options(record="/nonexistent/r.json", today=today.isoformat(),
                               environ={"ALNCO_SYSTEM_DIR": "/nonexistent"})
    catalogue = load_catalogue(ctx, warn=False)
    return evaluate(framework_for(profile, ctx), profile, entries, catalogue, today), catalogue
