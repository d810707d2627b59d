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
