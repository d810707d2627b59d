"""The hand-in across real accounts: two ALNCOs over SSH, a co-ordinator in a group.

The inbox is made exactly as docs/admin.md says (root, the co-ordinators'
group, mode 3773). Then what each person can and cannot do is tried for real:
Ann hands in; Bob cannot list the inbox, read, move or remove Ann's copy; Bob
hands in a forged copy with Ann's EWC number; the co-ordinator's report shows
both rows with who handed each in, flagged, and never Ann's reflections.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

GROUP = "alncoe2eco"
COORDINATOR = "alncoe2ecoord"
TODAY = "2026-11-03"  # as the SSH sessions' ALNCO_TODAY (conftest.TODAY)


@pytest.fixture(scope="module")
def inbox(world):
    subprocess.run(["userdel", "-r", COORDINATOR], capture_output=True)
    subprocess.run(["groupdel", GROUP], capture_output=True)
    subprocess.run(["groupadd", GROUP], check=True)
    subprocess.run(["useradd", "-m", "-p", "*", "-g", GROUP, "-s", "/bin/sh", COORDINATOR],
                   check=True)
    folder = Path(f"/opt/alnco-e2e-inbox-{os.getpid()}")
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["install", "-d", "-o", "root", "-g", GROUP, "-m", "3773", str(folder)],
                   check=True)
    defaults = world.system_dir / "defaults.toml"
    defaults.write_text(f'[submit]\ninbox = "{folder}"\n', encoding="utf-8")
    os.chmod(defaults, 0o644)
    try:
        yield folder
    finally:
        defaults.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["pkill", "-KILL", "-u", COORDINATOR], capture_output=True)
        subprocess.run(["userdel", "-r", COORDINATOR], capture_output=True)
        subprocess.run(["groupdel", GROUP], capture_output=True)


def as_alnco(world, user: str, *args: str) -> subprocess.CompletedProcess:
    record = world.home(user) / "submit-record.json"
    return world.alnco_cmd(user, *args, env={"ALNCO_RECORD": str(record)})


def coordinator_runs(world, *args: str) -> subprocess.CompletedProcess:
    """A real process of the co-ordinator's account (runuser: no password, no SSH key)."""
    home = world.home(COORDINATOR)
    return subprocess.run(
        ["runuser", "-u", COORDINATOR, "--", "env", "-i", f"HOME={home}", "LANG=C.UTF-8",
         f"ALNCO_TODAY={TODAY}", f"ALNCO_SYSTEM_DIR={world.system_dir}", "PATH=/usr/bin:/bin",
         *args], capture_output=True, text=True, timeout=120, cwd=str(home))


def copies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".json")


def test_hand_in_is_private_and_a_forged_copy_displaces_nobody(world, inbox, ann, bob):
    assert as_alnco(world, ann, "profile", "set", "--name", "Ann Jones", "--ewc-number",
                    "0123456", "--setting", "school").returncode == 0
    added = as_alnco(world, ann, "log", "add", "--title", "IDP writing", "--date", "2026-10-01",
                     "--hours", "3", "--reflection", "Private: the Evans family were upset")
    assert added.returncode == 0, added.stderr

    handed = as_alnco(world, ann, "submit")
    assert handed.returncode == 0, handed.stderr
    assert f"the group {GROUP} ({COORDINATOR})" in handed.stdout
    [anns] = copies(inbox)

    # Bob, another ALNCO on the same server, tries what he can.
    listing = world.run(bob, "ls", "-a", str(inbox))
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    reading = world.run(bob, "cat", str(anns))
    assert reading.returncode != 0 and "Permission denied" in reading.stderr
    removing = world.run(bob, "rm", "-f", str(anns))
    assert removing.returncode != 0
    assert as_alnco(world, bob, "profile", "set", "--name", "Ann Jones", "--ewc-number",
                    "0123456").returncode == 0
    as_alnco(world, bob, "log", "add", "--title", "Forged", "--date", "2026-10-02",
             "--hours", "900")
    forged = as_alnco(world, bob, "submit")
    assert forged.returncode == 0, forged.stderr
    bobs = next(p for p in copies(inbox) if p != anns)
    moving = world.run(bob, "mv", str(bobs), str(anns))
    assert moving.returncode != 0
    assert anns.exists() and anns.stat().st_uid == world_uid(ann)

    # Ann hands in again: her own copy is replaced, Bob's is untouched.
    again = as_alnco(world, ann, "submit")
    assert again.returncode == 0 and "replacing your earlier copy" in again.stdout
    assert len(copies(inbox)) == 2

    # The co-ordinator reads the inbox: both rows, who handed each in, flagged.
    report = coordinator_runs(world, str(world.alnco), "report", str(inbox), "--format", "json")
    assert report.returncode == 0, report.stderr
    people = json.loads(report.stdout)["people"]
    assert sorted(p["owner"] for p in people) == sorted([ann, bob])
    for person in people:
        assert person["ewc_number"] == "0123456"
        assert person["ewc_shared_with"] == [bob if person["owner"] == ann else ann]
    assert "0123456" in report.stderr and ann in report.stderr and bob in report.stderr
    content = coordinator_runs(world, "cat", str(anns))
    assert content.returncode == 0
    assert "Evans" not in content.stdout and "IDP writing" in content.stdout


def test_an_inbox_others_can_list_is_refused_before_anything_is_written(world, inbox, ann):
    os.chmod(inbox, 0o3777)
    try:
        refused = as_alnco(world, ann, "submit")
    finally:
        os.chmod(inbox, 0o3773)
    assert refused.returncode == 1
    assert "sudo chmod o-r" in refused.stderr


def world_uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid
