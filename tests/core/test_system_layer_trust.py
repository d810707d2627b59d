"""The system layer is used only when nobody but root or you could have written it
(alnco.trust), a broken system file never stops exports, and nothing in any layer
makes a command exit 70.

Tests run as root: "another user" is uid 65534 (files are chowned to it), and the
real non-root view runs the CLI as uid 65534 with setpriv, in a folder that user
can reach (pytest's tmp_path is inside a 0700 root folder)."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from alnco import trust

NOBODY = 65534
SOMEONE = 1234  # a uid that is neither root nor the user running alnco
SETPRIV = shutil.which("setpriv")
SCHOOL = "alnco-school-2021"
LOW_TARGET = "[requirements.hours-per-year]\ntarget_hours = 1\n"
PHISHING = """
[[module]]
id = "phishing"
title = "Reset your password"
mode = "online"
level = "awareness"
hours = 1
url = "https://evil.example/login"
"""

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ the rule itself

def test_root_owned_0644_under_0755_folders_is_trusted(tmp_path: Path) -> None:
    path = write(tmp_path / "etc" / "x.toml", "")
    assert trust.check(path) is None


def test_the_first_bad_thing_on_the_way_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "etc" / "sub" / "x.toml", "")
    (tmp_path / "etc").chmod(0o775)
    found = trust.check(path)
    assert found is not None and found.path == str(tmp_path / "etc")
    assert found.mode == 0o775 and found.owner is None
    assert found.fix() == f"sudo chmod go-w {tmp_path / 'etc'}"


@root_only
def test_owner_must_be_root_or_the_running_user(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", "")
    os.chown(path, SOMEONE, SOMEONE)
    found = trust.check(path)
    assert found is not None and found.owner == SOMEONE and found.mode is None
    assert trust.check(path, uid=SOMEONE) is None  # as that user, their own file is fine
    assert "uid 1234" in found.problem() and "not root or you" in found.problem()


def test_a_sticky_folder_is_allowed_above_but_never_as_the_path_itself(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert trust.check(write(shared / "x.toml", "")) is None
    found = trust.check(shared)
    assert found is not None and found.mode == 0o1777


def test_symlinks_are_followed_and_their_targets_judged(tmp_path: Path) -> None:
    writable = tmp_path / "drop"
    target = write(writable / "x.toml", "")
    writable.chmod(0o777)
    (tmp_path / "safe").mkdir()
    (tmp_path / "safe" / "link.toml").symlink_to(Path("..") / "drop" / "x.toml")
    found = trust.check(tmp_path / "safe" / "link.toml")
    assert found is not None and found.path == str(writable)
    writable.chmod(0o755)
    assert trust.check(tmp_path / "safe" / "link.toml") is None
    assert trust.check(target) is None


def test_a_link_in_a_writable_folder_is_not_trusted_even_to_a_safe_target(tmp_path: Path
                                                                          ) -> None:
    safe = write(tmp_path / "safe" / "x.toml", "")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "link.toml").symlink_to(safe)
    drop.chmod(0o777)  # anyone could point the link elsewhere
    found = trust.check(drop / "link.toml")
    assert found is not None and found.path == str(drop)


def test_link_loops_and_missing_paths_are_refused_not_raised(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert "too many symbolic links" in trust.check(tmp_path / "loop").problem()
    assert trust.check(tmp_path / "missing").error


def test_warn_once_prints_each_line_once_per_context() -> None:
    class Ctx:
        stderr = io.StringIO()

    ctx = Ctx()
    for _ in range(3):
        trust.warn_once(ctx, "same line\x1b[2J")
    trust.warn_once(ctx, "another")
    assert ctx.stderr.getvalue() == ("alnco: warning: same line\\x1b[2J\n"
                                     "alnco: warning: another\n")


# -------------------------------------------------------------- the CLI, as root

class Run:
    def __init__(self, env: dict[str, str], cwd: Path, user: int | None = None):
        self.env, self.cwd, self.user = env, cwd, user

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "alnco", *args]
        if self.user is not None:
            command = [SETPRIV, f"--reuid={self.user}", f"--regid={self.user}",
                       "--clear-groups", *command]
        return subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              env=self.env, cwd=self.cwd, timeout=120)


def environment(home: Path, system: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALNCO_", "XDG_"))}
    env.update(HOME=str(home), ALNCO_SYSTEM_DIR=str(system), ALNCO_TODAY="2026-11-03",
               LANG="C.UTF-8", LC_ALL="C.UTF-8", ALNCO_LOCK_TIMEOUT="5", COLUMNS="200")
    return env


@pytest.fixture
def system(tmp_path: Path) -> Path:
    return tmp_path / "etc-alnco"


@pytest.fixture
def alnco(tmp_path: Path, system: Path) -> Run:
    run = Run(environment(tmp_path / "home", system), tmp_path)
    assert run("profile", "set", "--name", "Ann", "--setting", "school",
               "--designated-on", "2020-09-01").returncode == 0
    assert run("log", "add", "--title", "Course", "--date", "2026-10-01",
               "--hours", "2").returncode == 0
    return run


def hours_line(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return next(r for r in data["requirements"] if r["id"] == "hours-per-year")


def test_a_trusted_override_is_used(alnco: Run, system: Path) -> None:
    write(system / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET)
    result = alnco("progress", "--format", "json")
    assert hours_line(result)["status"] == "met" and result.stderr == ""


@pytest.mark.parametrize("how", ["group-writable", "world-writable folder", "other owner",
                                 "symlink to a writable place"])
def test_an_untrusted_override_is_skipped_with_one_warning(alnco: Run, system: Path,
                                                           tmp_path: Path, how: str) -> None:
    if how == "other owner" and os.geteuid() != 0:
        pytest.skip("chown needs root")
    path = system / "frameworks" / f"{SCHOOL}.toml"
    if how == "symlink to a writable place":
        drop = tmp_path / "drop"
        write(drop / "x.toml", LOW_TARGET)
        drop.chmod(0o777)
        path.parent.mkdir(parents=True)
        path.symlink_to(drop / "x.toml")
    else:
        write(path, LOW_TARGET)
    if how == "group-writable":
        path.chmod(0o664)
    elif how == "world-writable folder":
        path.parent.chmod(0o777)
    elif how == "other owner":
        os.chown(path, SOMEONE, SOMEONE)
    result = alnco("progress", "--format", "json")
    line = hours_line(result)
    assert line["status"] == "behind"  # 2 of 30 h: the shipped target, not 1
    [warning] = result.stderr.splitlines()
    assert warning.startswith("alnco: warning: skipped ") and "fix: sudo ch" in warning
    assert "shipped values are used" in warning
    text = alnco("progress")
    assert text.returncode == 0 and "2 of 30 h" in text.stdout


def test_a_trusted_but_broken_override_stops_progress_in_one_line(alnco: Run,
                                                                 system: Path) -> None:
    path = write(system / "frameworks" / f"{SCHOOL}.toml", "target_hours = [\n")
    result = alnco("progress")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"alnco: error: {path} is not valid TOML")
    assert "progress is not shown until this file is fixed" in line


def test_a_broken_override_never_blocks_exports(alnco: Run, system: Path,
                                                tmp_path: Path) -> None:
    path = write(system / "frameworks" / f"{SCHOOL}.toml",
                 "[requirements.reg27-qualification-or-experience]\nrule = [['x']]\n")
    as_json = alnco("export", "--format", "json")
    assert as_json.returncode == 0 and as_json.stderr == ""  # never reads the file
    assert json.loads(as_json.stdout)["framework"] == SCHOOL
    page = alnco("export", "--format", "html")
    assert page.returncode == 0
    [warning] = page.stderr.splitlines()
    assert warning.startswith(f"alnco: warning: {path}: ") and "shipped targets instead" in warning
    assert "the local framework file" in page.stdout and str(path) in page.stdout
    assert "2 of 30 h" in page.stdout
    out = tmp_path / "me.xlsx"
    sheet = alnco("export", "--format", "xlsx", "-o", str(out))
    assert sheet.returncode == 0 and "shipped targets instead" in sheet.stderr
    from openpyxl import load_workbook

    note = load_workbook(out)["Progress"]["A4"].value
    assert note.startswith("Targets are alnco's shipped values") and str(path) in note


def test_report_stops_like_progress_on_a_broken_override(alnco: Run, system: Path,
                                                         tmp_path: Path) -> None:
    export = tmp_path / "ann.json"
    assert alnco("export", "--format", "json", "-o", str(export)).returncode == 0
    write(system / "frameworks" / f"{SCHOOL}.toml", "nonsense")
    result = alnco("report", str(export))
    assert result.returncode == 1 and "until this file is fixed" in result.stderr
    (system / "frameworks" / f"{SCHOOL}.toml").chmod(0o666)  # now untrusted: skipped
    result = alnco("report", str(export))
    assert result.returncode == 0
    assert result.stderr.count("skipped a file of local framework values") == 1


def test_an_untrusted_override_is_noted_in_the_html_export(alnco: Run, system: Path) -> None:
    write(system / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET).chmod(0o666)
    page = alnco("export", "--format", "html")
    assert page.returncode == 0 and "Targets are alnco&#x27;s shipped values" in page.stdout


def test_doctor_lists_the_system_layer(alnco: Run, system: Path) -> None:
    assert "does not exist: the shipped catalogue and frameworks are used" in \
        alnco("doctor").stdout
    write(system / "catalogue" / "good.toml", PHISHING.replace("phishing", "region-a"))
    write(system / "catalogue" / "mixed.toml", PHISHING.replace("phishing", "region-b")
          + PHISHING.replace("phishing", "bad").replace("hours = 1", "hours = 1e30"))
    write(system / "catalogue" / "evil.toml", PHISHING).chmod(0o666)
    write(system / "catalogue" / "notes.txt", "")
    write(system / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET)
    write(system / "frameworks" / "alnco-fei-2021.toml", "oops")
    result = alnco("doctor")
    assert result.returncode == 1, result.stdout  # the record is fine; the system layer not
    lines = result.stdout.splitlines()

    def line_for(text: str) -> str:
        [found] = [line for line in lines if text in line]
        return found

    assert line_for(f"{system}: owned by root or you").startswith("ok")
    assert line_for("good.toml").startswith("ok") and "1 module" in line_for("good.toml")
    mixed = line_for("mixed.toml")
    assert mixed.startswith("warning") and "1 module used, 1 problem" in mixed
    assert "module 'bad': bad hours" in mixed
    evil = line_for("evil.toml")
    assert evil.startswith("problem") and f"fix: sudo chmod go-w {system}" in evil
    assert line_for("notes.txt").startswith("warning")
    assert line_for(f"{SCHOOL}.toml").startswith("ok") and "hours-per-year" in \
        line_for(f"{SCHOOL}.toml")
    fei = line_for("alnco-fei-2021.toml")
    assert fei.startswith("problem") and "not valid TOML" in fei and "stops" in fei
    system.chmod(0o777)
    result = alnco("doctor")
    [line] = [line for line in result.stdout.splitlines() if str(system) in line]
    assert line.startswith("problem") and "is not used (nor anything in it)" in line


def test_doctor_lists_standards_and_reflection_prompts(alnco: Run, system: Path) -> None:
    """A co-ordinator who publishes a standards set or reflection prompts sees in
    `doctor` whether alnco uses them, as `progress` and `log template` would."""
    from alnco.standards import _shipped_folder

    shipped = next(Path(str(_shipped_folder())).glob("*.toml")).read_text()
    write(system / "standards" / "local.toml", shipped.replace(
        'id = "wales-teaching-leadership-2017"', 'id = "our-local-set"'))
    write(system / "standards" / "open.toml", shipped).chmod(0o666)
    write(system / "reflection.toml",
          'version = 1\nprompts = [{ en = "What surprised me?", cy = "Beth wnaeth fy synnu?" }]\n')
    result = alnco("doctor")
    lines = result.stdout.splitlines()
    [local] = [line for line in lines if "local.toml" in line]
    assert local.startswith("ok") and "our-local-set" in local and "5 standards" in local
    [opened] = [line for line in lines if "open.toml" in line]
    assert opened.startswith("problem")
    [prompts] = [line for line in lines if "reflection.toml" in line]
    assert prompts.startswith("ok") and "1 prompt" in prompts
    assert result.returncode == 1  # the file others can write is not used
    (system / "reflection.toml").chmod(0o666)
    [prompts] = [line for line in alnco("doctor").stdout.splitlines()
                 if "reflection.toml" in line]
    assert prompts.startswith("problem") and "alnco's prompts are used" in prompts


def test_doctor_exit_3_for_the_record_wins(alnco: Run, system: Path, tmp_path: Path) -> None:
    write(system / "frameworks" / f"{SCHOOL}.toml", "oops")
    record = tmp_path / "home" / ".local" / "share" / "alnco" / "record.json"
    record.write_text("{broken")
    assert alnco("doctor").returncode == 3


# ------------------------------------------------------- nothing in any layer exits 70

def module(module_id: str, *lines: str) -> str:
    """A module that is fine but for `lines` (which replace the defaults by name)."""
    fields = {"id": f'"{module_id}"', "title": '"T"', "mode": '"online"',
              "level": '"awareness"', "hours": "1"}
    fields.update(line.split(" = ", 1) for line in lines)
    return "[[module]]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items()) + "\n"


BROKEN_CATALOGUES = {
    "catalogue.toml": "[[module]\nthis is not TOML",
    "catalogue/10-values.toml": (
        module("year-zero", "available_from = 0000-01-01")
        + module("year-one", "available_from = 0001-01-01")
        + module("year-max", "withdrawn_on = 9999-12-31")
        + module("huge", "hours = 1e30") + module("nan", "hours = nan")
        + module("mode", 'mode = "telepathy"') + module("good-one")),
    "catalogue/20-shapes.toml": 'junk = 1\nmodule = 5\n',
    "catalogue/30-nested.toml": '[[module]]\nid = "n"\ntitle = { en = { x = 1 } }\n'
                                'mode = ["online"]\nlevel = 1\nhours = true\ntasks = [[1]]\n'
                                'themes = [{}]\nurl = 5\nrequires = [[]]\n',
    "catalogue/40-empty.toml": "",
    "frameworks/alnco-school-2021.toml": "[requirements.hours-per-year]\ntarget_hours = [\n",
    "frameworks/alnco-fei-2021.toml": "[requirements.nope]\nx = 1\n",
    "frameworks/unknown.toml": "whatever",
}


def broken_system(system: Path) -> None:
    for name, text in BROKEN_CATALOGUES.items():
        write(system / name, text)
    (system / "catalogue" / "50-binary.toml").write_bytes(b"\xff\xfe\x00[[module]]\x80")
    (system / "catalogue" / "60-folder.toml").mkdir()
    (system / "catalogue" / "70-loop.toml").symlink_to(system / "catalogue" / "70-loop.toml")
    (system / "catalogue" / "80-dangling.toml").symlink_to(system / "nowhere")
    (system / "catalogue" / "90-untrusted.toml").write_text(PHISHING)
    (system / "catalogue" / "90-untrusted.toml").chmod(0o666)


COMMANDS = [
    ("catalogue", "list"), ("catalogue", "list", "--format", "json"),
    ("catalogue", "list", "--search", "year"), ("catalogue", "show", "good-one"),
    ("progress",), ("progress", "--format", "json"),
    ("export", "--format", "json"), ("export", "--format", "html"),
    ("export", "--format", "csv"), ("doctor",),
    ("log", "add", "--module", "idp-writing", "--date", "2026-10-02"),
]


def assert_never_70(alnco: Run, tmp_path: Path) -> None:
    export = tmp_path / "ann.json"
    for args in [*COMMANDS, ("export", "--format", "xlsx", "-o", str(tmp_path / "a.xlsx")),
                 ("export", "--format", "json", "-o", str(export))]:
        result = alnco(*args)
        assert result.returncode in (0, 1), (args, result.returncode, result.stderr)
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr, args
        if result.returncode == 1 and args[0] != "doctor":  # doctor: exit 1 and its lines
            last = result.stderr.splitlines()[-1]  # after any warnings: one error line
            assert last.startswith("alnco: error: "), (args, result.stderr)
    result = alnco("report", str(export))
    assert result.returncode in (0, 1) and "internal error" not in result.stderr


def test_broken_system_layers_never_make_a_command_exit_70(alnco: Run, system: Path,
                                                            tmp_path: Path) -> None:
    broken_system(system)
    assert_never_70(alnco, tmp_path)
    listed = alnco("catalogue", "list", "--format", "json")
    ids = {m["id"] for m in json.loads(listed.stdout)}
    assert "good-one" in ids and "idp-writing" in ids  # the rest is still used
    assert not ids & {"phishing", "year-zero", "year-one", "year-max", "huge", "nan", "n"}
    progress = alnco("progress")
    assert progress.returncode == 1 and "until this file is fixed" in progress.stderr
    # and with the broken framework files gone, everything exits 0
    for name in ("alnco-school-2021.toml", "alnco-fei-2021.toml"):
        (system / "frameworks" / name).unlink()
    for args in COMMANDS:
        result = alnco(*args)
        expected = 1 if args == ("doctor",) else 0  # doctor: the catalogues are still broken
        assert result.returncode == expected, (args, result.stderr)


def test_the_same_bad_user_catalogue_never_exits_70_either(alnco: Run, tmp_path: Path) -> None:
    user = tmp_path / "mine"
    for name, text in BROKEN_CATALOGUES.items():
        if name.startswith("catalogue/"):
            write(user / Path(name).name, text)
    alnco.env["ALNCO_CATALOGUE"] = str(user)
    for args in COMMANDS:
        result = alnco(*args)
        assert result.returncode == 0, (args, result.stderr)


# ---------------------------------------------------------- as another user, for real

@pytest.fixture
def shared() -> Path:
    """A folder uid 65534 can reach, holding a root-owned system layer and their home."""
    if os.geteuid() != 0 or SETPRIV is None:
        pytest.skip("needs root and setpriv to run alnco as another user")
    base = Path(tempfile.mkdtemp(prefix="alnco-trust-", dir="/tmp"))
    base.chmod(0o755)
    home = base / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    home.chmod(0o700)
    (base / "etc-alnco").mkdir(mode=0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def nobody(shared: Path) -> Run:
    run = Run(environment(shared / "home", shared / "etc-alnco"), shared / "home", NOBODY)
    probe = run("profile", "set", "--name", "Bob", "--setting", "school")
    if probe.returncode != 0:
        pytest.skip(f"cannot run alnco as uid {NOBODY}: {probe.stderr.strip()[:200]}")
    assert run("log", "add", "--title", "Course", "--date", "2026-10-01",
               "--hours", "2").returncode == 0
    return run


def test_as_another_user_a_root_owned_layer_is_used(nobody: Run, shared: Path) -> None:
    system = shared / "etc-alnco"
    write(system / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET)
    (system / "frameworks").chmod(0o755)
    write(system / "catalogue.toml", PHISHING.replace("phishing", "region-a"))
    result = nobody("progress", "--format", "json")
    assert hours_line(result)["status"] == "met" and result.stderr.count("warning") == 0
    listed = nobody("catalogue", "list", "--format", "json")
    assert "region-a" in {m["id"] for m in json.loads(listed.stdout)}
    doctor = nobody("doctor")
    assert [line for line in doctor.stdout.splitlines() if line.startswith("problem")] == []


def test_as_another_user_their_own_files_are_used(nobody: Run, shared: Path) -> None:
    path = write(shared / "etc-alnco" / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET)
    os.chown(path, NOBODY, NOBODY)
    assert hours_line(nobody("progress", "--format", "json"))["status"] == "met"


def test_as_another_user_a_third_users_file_is_skipped(nobody: Run, shared: Path) -> None:
    path = write(shared / "etc-alnco" / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET)
    os.chown(path, SOMEONE, SOMEONE)
    catalogue = write(shared / "etc-alnco" / "catalogue.toml", PHISHING)
    os.chown(catalogue, SOMEONE, SOMEONE)
    result = nobody("progress", "--format", "json")
    assert hours_line(result)["status"] == "behind"
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2 and all("uid 1234" in w and "fix: sudo chown root:" in w
                                      for w in warnings)
    listed = nobody("catalogue", "list", "--format", "json")
    assert "phishing" not in {m["id"] for m in json.loads(listed.stdout)}


def test_as_another_user_an_unreadable_override_stops_progress_not_exports(
        nobody: Run, shared: Path) -> None:
    write(shared / "etc-alnco" / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET).chmod(0o600)
    result = nobody("progress")
    assert result.returncode == 1 and "Permission denied" in result.stderr
    assert "until this file is fixed" in result.stderr
    page = nobody("export", "--format", "html")
    assert page.returncode == 0 and "shipped targets instead" in page.stderr
    (shared / "etc-alnco" / "frameworks").chmod(0o700)  # cannot even look inside
    result = nobody("progress")
    assert result.returncode == 1 and "Permission denied" in result.stderr
    assert stat.S_IMODE((shared / "etc-alnco").stat().st_mode) == 0o755


# --------------------------------------------------------- in the app: a notification

def test_in_the_app_a_skipped_override_is_a_notification_not_stderr(tmp_path: Path,
                                                                     monkeypatch) -> None:
    """A line printed to the terminal would land on top of the screen."""
    pytest.importorskip("textual")
    import asyncio
    from datetime import date

    from tui_notices import notices, record_notices

    from alnco.context import Context
    from alnco.model import Profile
    from alnco.tui.app import create_app

    write(tmp_path / "etc-alnco" / "frameworks" / f"{SCHOOL}.toml", LOW_TARGET).chmod(0o666)
    ctx = Context.from_options(record=str(tmp_path / "record.json"), today="2026-11-03",
                               lang="en", environ={"ALNCO_SYSTEM_DIR": str(tmp_path / "etc-alnco")})
    ctx.stderr = io.StringIO()
    with ctx.record.transaction() as tx:
        tx.set_profile(Profile(name="Ceri", setting="school", designated_on=date(2025, 9, 1)))
    record_notices(monkeypatch)
    app = create_app(ctx)

    async def run() -> list[str]:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(50):
                await pilot.pause(0.1)
                found = [n.message for n in notices(app) if "framework values" in n.message]
                if found:
                    return found
            return []

    found = asyncio.run(run())
    assert len(found) == 1 and "fix: sudo chmod go-w" in found[0]
    assert ctx.stderr.getvalue() == ""
