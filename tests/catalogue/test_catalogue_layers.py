"""shipped < system < user: which module wins, where it came from, and broken layers."""

from __future__ import annotations

from pathlib import Path

from alnco.catalogue.layers import load_catalogue

SHIPPED_ID = "idp-writing"  # a module of the shipped sample catalogue


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_without_other_layers_everything_is_shipped(make_ctx) -> None:
    catalogue = load_catalogue(make_ctx())
    assert catalogue.problems == []
    assert {m.layer for m in catalogue.modules.values()} == {"shipped"}
    assert catalogue.get(SHIPPED_ID) is not None


def test_each_later_layer_overrides_the_same_id(make_ctx, module_toml, system_dir,
                                                imported_file, tmp_path) -> None:
    write(system_dir / "catalogue.toml",
          module_toml(SHIPPED_ID, "System file") + module_toml("region-only", "Region"))
    write(system_dir / "catalogue" / "b.toml", module_toml("region-only", "Region folder B"))
    write(system_dir / "catalogue" / "a.toml", module_toml("region-only", "Region folder A"))
    write(imported_file, module_toml("mine", "Imported") + module_toml("region-only", "Imp"))
    chosen = write(tmp_path / "extra.toml", module_toml("mine", "From --catalogue"))
    catalogue = load_catalogue(make_ctx(catalogue=chosen))

    assert catalogue.get(SHIPPED_ID).title["en"] == "System file"
    assert catalogue.get(SHIPPED_ID).layer == "system"
    assert catalogue.overrides[SHIPPED_ID] == ("shipped",)
    region = catalogue.get("region-only")
    assert (region.title["en"], region.layer) == ("Imp", "user")
    assert catalogue.overrides["region-only"] == ("system",)
    mine = catalogue.get("mine")
    assert (mine.title["en"], mine.layer) == ("From --catalogue", "user")
    assert catalogue.files["mine"] == str(chosen)
    assert "mine" not in catalogue.overrides  # user over user is not a layer override


def test_system_folder_files_apply_in_name_order(make_ctx, module_toml, system_dir) -> None:
    write(system_dir / "catalogue" / "20-late.toml", module_toml("x", "Late"))
    write(system_dir / "catalogue" / "10-early.toml", module_toml("x", "Early"))
    write(system_dir / "catalogue" / "notes.txt", "not a catalogue")
    assert load_catalogue(make_ctx()).get("x").title["en"] == "Late"


def test_a_catalogue_folder_given_on_the_command_line(make_ctx, module_toml, tmp_path) -> None:
    folder = tmp_path / "mine"
    write(folder / "one.toml", module_toml("one", "One"))
    write(folder / "two.toml", module_toml("two", "Two"))
    catalogue = load_catalogue(make_ctx(catalogue=folder))
    assert catalogue.get("one").layer == catalogue.get("two").layer == "user"


def test_an_unreadable_system_layer_is_skipped_with_one_warning(make_ctx, system_dir) -> None:
    write(system_dir / "catalogue.toml", "[[module]\nthis is not toml")
    ctx = make_ctx()
    catalogue = load_catalogue(ctx)
    assert catalogue.get(SHIPPED_ID).layer == "shipped"  # browsing still works
    lines = ctx.stderr.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("alnco: warning: ") and "system" in lines[0]
    assert "catalogue.toml" in lines[0] and "not valid TOML" in lines[0]
    assert len(catalogue.problems) == 1


def test_bad_modules_are_skipped_but_good_ones_in_the_same_file_kept(
        make_ctx, module_toml, tmp_path) -> None:
    chosen = write(tmp_path / "mixed.toml", module_toml("good", "Good")
                   + module_toml("bad", "Bad", hours="0", tasks='["z"]'))
    ctx = make_ctx(catalogue=chosen)
    catalogue = load_catalogue(ctx)
    assert catalogue.get("good") is not None and catalogue.get("bad") is None
    [line] = ctx.stderr.getvalue().splitlines()
    assert "2 problems" in line and "alnco catalogue validate" in line and "user" in line


def test_a_missing_catalogue_file_warns_and_not_crashes(make_ctx, tmp_path) -> None:
    ctx = make_ctx(catalogue=tmp_path / "nowhere.toml")
    catalogue = load_catalogue(ctx)
    assert len(catalogue) > 40
    assert "nowhere.toml" in ctx.stderr.getvalue() and "cannot read" in ctx.stderr.getvalue()


def test_warn_false_leaves_stderr_alone_for_the_tui(make_ctx, tmp_path) -> None:
    ctx = make_ctx(catalogue=write(tmp_path / "bad.toml", "= nonsense"))
    catalogue = load_catalogue(ctx, warn=False)
    assert ctx.stderr.getvalue() == "" and len(catalogue.problems) == 1


def test_a_warning_cannot_smuggle_terminal_escapes(make_ctx, tmp_path) -> None:
    bad = write(tmp_path / "bad\x1b[2J.toml", "= nonsense")
    ctx = make_ctx(catalogue=bad)
    load_catalogue(ctx)
    assert "\x1b" not in ctx.stderr.getvalue() and "\\x1b" in ctx.stderr.getvalue()


# ------------------------------------------------------------ the trust rule (alnco.trust)
# Tests run as root, so "another user" is uid 65534 (chowned to), and "writable by
# others" is a mode bit; the subprocess tests in tests/core/test_system_layer_trust.py
# run alnco as that other user for real.

import os  # noqa: E402

import pytest  # noqa: E402

NOBODY = 65534
PHISHING = 'url = "https://evil.example/login"'


def phishing_module(module_toml) -> str:
    return module_toml("phishing", "Reset your password").replace(
        "[[module]]\n", "[[module]]\n" + PHISHING + "\n")


def warned(ctx) -> list[str]:
    return ctx.stderr.getvalue().splitlines()


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


@needs_root
def test_a_system_file_owned_by_another_user_is_skipped(make_ctx, module_toml,
                                                        system_dir) -> None:
    bad = write(system_dir / "catalogue" / "region.toml", phishing_module(module_toml))
    os.chown(bad, NOBODY, NOBODY)
    ctx = make_ctx()
    catalogue = load_catalogue(ctx)
    assert catalogue.get("phishing") is None
    assert catalogue.get(SHIPPED_ID).layer == "shipped"
    [line] = warned(ctx)
    assert line.startswith("alnco: warning: skipped a system catalogue file: ")
    assert str(bad) in line and "belongs to nobody (uid 65534), not root or you" in line
    assert f"fix: sudo chown root: {bad}" in line


@pytest.mark.parametrize("mode", [0o664, 0o646, 0o666])
def test_a_system_file_writable_by_group_or_others_is_skipped(make_ctx, module_toml,
                                                              system_dir, mode) -> None:
    bad = write(system_dir / "catalogue.toml", phishing_module(module_toml))
    bad.chmod(mode)
    ctx = make_ctx()
    assert load_catalogue(ctx).get("phishing") is None
    [line] = warned(ctx)
    assert f"{bad} can be changed by group or others (mode {mode:o})" in line
    assert f"fix: sudo chmod go-w {bad}" in line


@needs_root
def test_wrong_owner_and_mode_give_one_line_with_both_fixes(make_ctx, module_toml,
                                                           system_dir) -> None:
    bad = write(system_dir / "catalogue.toml", phishing_module(module_toml))
    os.chown(bad, NOBODY, NOBODY)
    bad.chmod(0o666)
    ctx = make_ctx()
    load_catalogue(ctx)
    [line] = warned(ctx)
    assert f"fix: sudo chown root: {bad} && sudo chmod go-w {bad}" in line


def test_a_writable_system_folder_is_skipped_whole_with_one_line(make_ctx, module_toml,
                                                                system_dir) -> None:
    for name in ("a", "b", "c"):
        write(system_dir / "catalogue" / f"{name}.toml", module_toml(f"region-{name}", name))
    (system_dir / "catalogue").chmod(0o777)
    ctx = make_ctx()
    catalogue = load_catalogue(ctx)
    assert not any(m.layer == "system" for m in catalogue.modules.values())
    [line] = warned(ctx)
    assert "skipped a system catalogue folder" in line
    assert f"{system_dir / 'catalogue'} can be changed by group or others (mode 777)" in line


def test_a_writable_folder_above_the_system_layer_skips_it_all(make_ctx, module_toml,
                                                               system_dir, tmp_path) -> None:
    write(system_dir / "catalogue.toml", phishing_module(module_toml))
    write(system_dir / "catalogue" / "x.toml", module_toml("region-x"))
    write(system_dir / "frameworks" / "alnco-school-2021.toml",
          "[requirements.hours-per-year]\ntarget_hours = 1\n")
    tmp_path.chmod(0o777)  # the folder holding etc-alnco: anyone could swap it
    try:
        ctx = make_ctx()
        catalogue = load_catalogue(ctx)
        from alnco.progress.frameworks import load_framework

        framework = load_framework("alnco-school-2021", ctx)
    finally:
        tmp_path.chmod(0o700)
    assert catalogue.get("phishing") is None and catalogue.get("region-x") is None
    assert framework.get("hours-per-year").params["target_hours"] == 30
    [line] = warned(ctx)  # one line for the catalogue and the frameworks together
    assert f"skipped the whole system layer {system_dir}" in line
    assert f"{tmp_path} can be changed by group or others (mode 777)" in line


def test_a_sticky_folder_above_like_tmp_is_allowed(make_ctx, module_toml, tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: others may add files, not replace ours
    system = shared / "etc-alnco"
    write(system / "catalogue.toml", module_toml("region-ok", "Region"))
    ctx = make_ctx()
    ctx.system_dir = system
    assert load_catalogue(ctx).get("region-ok").layer == "system"
    assert warned(ctx) == []


def test_a_symlink_to_a_file_in_a_writable_place_is_skipped(make_ctx, module_toml,
                                                            system_dir, tmp_path) -> None:
    drop = tmp_path / "drop"
    target = write(drop / "region.toml", phishing_module(module_toml))
    drop.chmod(0o777)
    (system_dir / "catalogue").mkdir(parents=True)
    (system_dir / "catalogue" / "region.toml").symlink_to(target)
    ctx = make_ctx()
    assert load_catalogue(ctx).get("phishing") is None
    [line] = warned(ctx)
    assert f"skipped the system catalogue {system_dir / 'catalogue' / 'region.toml'}" in line
    assert f"{drop} can be changed by group or others (mode 777)" in line


def test_a_symlinked_system_layer_in_a_safe_place_is_used(make_ctx, module_toml,
                                                          tmp_path) -> None:
    real = tmp_path / "real-etc"
    write(real / "catalogue" / "region.toml", module_toml("region-ok"))
    (tmp_path / "etc-alnco").symlink_to(real)
    ctx = make_ctx()
    assert load_catalogue(ctx).get("region-ok").layer == "system"
    assert warned(ctx) == []


@needs_root
def test_root_owned_0644_in_0755_folders_is_used(make_ctx, module_toml, system_dir) -> None:
    good = write(system_dir / "catalogue" / "region.toml", module_toml("region-ok"))
    os.chown(good, 0, 0)
    good.chmod(0o644)
    (system_dir / "catalogue").chmod(0o755)
    system_dir.chmod(0o755)
    ctx = make_ctx()
    assert load_catalogue(ctx).get("region-ok").layer == "system"
    assert warned(ctx) == []


def test_the_user_layer_is_not_subject_to_the_rule(make_ctx, module_toml, tmp_path) -> None:
    mine = write(tmp_path / "mine.toml", module_toml("mine"))
    mine.chmod(0o666)  # the user's own choice, for their own eyes only
    assert load_catalogue(make_ctx(catalogue=mine)).get("mine").layer == "user"


# ------------------------------------------------------- one bad module never costs the file

def test_a_date_toml_cannot_read_loses_only_its_module(make_ctx, module_toml,
                                                       system_dir) -> None:
    text = (module_toml("before") + module_toml("year-zero", available_from="0000-01-01")
            + module_toml("after"))
    path = write(system_dir / "catalogue.toml", text)
    ctx = make_ctx()
    catalogue = load_catalogue(ctx)
    assert catalogue.get("before") is not None and catalogue.get("after") is not None
    assert catalogue.get("year-zero") is None
    [line] = warned(ctx)
    bad_line = text.split("\n").index("available_from = 0000-01-01") + 1
    assert (f"skipped part of the system catalogue {path} (1 problem, first: line {bad_line}, "
            "module 'year-zero': not valid TOML") in line


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", '"0001-01-01"', '"1949-12-31"'])
def test_dates_outside_what_alnco_accepts_are_refused(make_ctx, module_toml, system_dir,
                                                      value) -> None:
    write(system_dir / "catalogue.toml",
          module_toml("odd-date", withdrawn_on=value) + module_toml("fine"))
    ctx = make_ctx()
    catalogue = load_catalogue(ctx)
    assert catalogue.get("odd-date") is None and catalogue.get("fine") is not None
    assert "outside the dates alnco accepts (1950-01-01 to 2100-12-31)" in warned(ctx)[0]


def test_validate_still_reports_a_file_that_is_not_toml_whole(alnco, module_toml,
                                                              tmp_path) -> None:
    path = write(tmp_path / "broken.toml", module_toml("a") + module_toml(
        "b", available_from="0000-01-01"))
    result = alnco("catalogue", "validate", str(path))
    assert result.returncode == 1 and "not valid TOML" in result.stdout
