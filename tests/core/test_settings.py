"""Settings that stick (alnco.settings): where they live, what wins, how they are saved,
and that a broken or hostile file never stops alnco."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from alnco import settings
from alnco.context import Context


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment with its own config folder and an empty system layer."""
    system = tmp_path / "etc-alnco"
    system.mkdir()
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "ALNCO_SYSTEM_DIR": str(system),
            "LANG": "en_GB.UTF-8"}


def config(env: dict[str, str]) -> Path:
    return Path(env["XDG_CONFIG_HOME"]) / "alnco" / "config.toml"


def write_config(env: dict[str, str], text: str) -> Path:
    path = config(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def system_defaults(env: dict[str, str], text: str) -> Path:
    path = Path(env["ALNCO_SYSTEM_DIR"]) / "defaults.toml"
    path.write_text(text, encoding="utf-8")
    return path


def theme(env: dict[str, str]) -> tuple[str, list[str]]:
    warnings: list[str] = []
    return settings.resolve_theme(env, Path(env["ALNCO_SYSTEM_DIR"]), warnings.append), warnings


def language(env: dict[str, str], option: str | None = None) -> tuple[str, list[str]]:
    warnings: list[str] = []
    found = settings.resolve_language(option, env, Path(env["ALNCO_SYSTEM_DIR"]),
                                      warnings.append)
    return found, warnings


# ---------------------------------------------------------------- where and what wins
def test_the_config_lives_in_xdg_config_home_else_home(tmp_path: Path) -> None:
    assert settings.config_file({"XDG_CONFIG_HOME": str(tmp_path)}) == \
        tmp_path / "alnco" / "config.toml"
    assert settings.config_file({"XDG_CONFIG_HOME": "relative", "HOME": str(tmp_path)}) == \
        tmp_path / ".config" / "alnco" / "config.toml"
    assert settings.config_file({}) is None  # nowhere to keep them: nothing is kept


def test_with_nothing_set_the_defaults_are_dark_and_the_locale(home) -> None:
    assert theme(home) == ("dark", [])
    assert language(home) == ("en", [])
    assert language({**home, "LANG": "cy_GB.UTF-8"}) == ("cy", [])


def test_order_option_then_environment_then_user_then_system(home) -> None:
    system_defaults(home, '[app]\ntheme = "light"\nlang = "cy"\n')
    assert theme(home)[0] == "light" and language(home)[0] == "cy"
    write_config(home, '[app]\ntheme = "high-contrast"\nlang = "en"\n')
    assert theme(home)[0] == "high-contrast" and language(home)[0] == "en"
    env = {**home, "ALNCO_THEME": "dark", "ALNCO_LANG": "cy"}
    assert theme(env)[0] == "dark" and language(env)[0] == "cy"
    assert language(env, option="en")[0] == "en"


def test_the_kept_language_beats_the_locale_but_not_alnco_lang(home) -> None:
    write_config(home, '[app]\nlang = "cy"\n')
    assert language({**home, "LANG": "en_GB.UTF-8"})[0] == "cy"
    assert language({**home, "ALNCO_LANG": "en"})[0] == "en"


def test_theme_names_as_people_type_them(home) -> None:
    for typed in ("High contrast", "high_contrast", " HIGH-CONTRAST "):
        assert theme({**home, "ALNCO_THEME": typed}) == ("high-contrast", [])


def test_an_unknown_alnco_theme_warns_once_and_the_next_layer_decides(home) -> None:
    found, warnings = theme({**home, "ALNCO_THEME": "textual-dark"})
    assert found == "dark"
    assert warnings == ["ignored ALNCO_THEME=textual-dark: the themes are dark, light, "
                        "high-contrast"]
    write_config(home, '[app]\ntheme = "light"\n')
    assert theme({**home, "ALNCO_THEME": "neon"})[0] == "light"


@pytest.mark.parametrize("text, why", [
    ("[app\ntheme = dark", "Expected ']'"),
    ('[app]\ntheme = "purple"\n', "ignored theme = 'purple'"),
    ("[app]\ntheme = 3\n", "ignored theme = 3"),
    ('app = "dark"\n', "ignored [app]"),
    ('[app]\nlang = "fr"\n', "ignored lang = 'fr'"),
])
def test_a_broken_config_warns_in_one_line_and_uses_the_defaults(home, text, why) -> None:
    write_config(home, text)
    found, warnings = theme(home) if "lang" not in text else language(home)
    assert found in ("dark", "en")
    assert len(warnings) == 1 and why in warnings[0] and "\n" not in warnings[0]


def test_a_config_that_is_not_utf8_or_not_a_file_is_skipped(home) -> None:
    path = write_config(home, "")
    path.write_bytes(b'[app]\ntheme = "\xff"\n')
    assert theme(home)[0] == "dark" and "not UTF-8" in theme(home)[1][0]
    path.unlink()
    os.mkfifo(path)  # would block a plain open() for ever
    found, warnings = theme(home)
    assert found == "dark" and "not a regular file" in warnings[0]


def test_system_defaults_are_used_only_if_trusted(home) -> None:
    path = system_defaults(home, '[app]\ntheme = "high-contrast"\n')
    path.chmod(0o666)  # anyone could change what everyone sees
    found, warnings = theme(home)
    assert found == "dark"
    assert len(warnings) == 1 and "group or others" in warnings[0]


def test_a_broken_config_never_stops_a_command(home, tmp_path: Path) -> None:
    write_config(home, '[app]\nlang = "cy\n')  # the quote never closes
    env = {**home, "HOME": str(tmp_path), "ALNCO_RECORD": str(tmp_path / "record.json"),
           "PATH": os.environ.get("PATH", "")}
    env.pop("LANG")
    done = subprocess.run([sys.executable, "-m", "alnco", "log", "list"], env=env,
                          capture_output=True, text=True, cwd="/")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("alnco: warning: skipped your settings ")
    assert done.stdout.startswith("No entries.")  # in English, the default


def test_a_command_reads_no_toml_when_the_config_has_no_language(home) -> None:
    write_config(home, '[app]\ntheme = "light"\n')
    code = ("import sys; from alnco.context import Context; "
            "Context.from_options(record='/nonexistent/r.json'); "
            "print('tomllib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, **home},
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]


def test_commands_speak_the_kept_language(home, tmp_path: Path) -> None:
    write_config(home, '[app]\nlang = "cy"\n')
    ctx = Context.from_options(record=str(tmp_path / "r.json"), environ=home)
    assert ctx.language == "cy"
    ctx = Context.from_options(record=str(tmp_path / "r.json"), lang="en", environ=home)
    assert ctx.language == "en"


# ---------------------------------------------------------------- saving
def test_saving_writes_a_private_file_in_a_private_folder(home) -> None:
    path = settings.save(home, theme="high-contrast")
    assert path == config(home)
    assert tomllib.loads(path.read_text()) == {"app": {"theme": "high-contrast"}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    settings.save(home, lang="cy")
    assert tomllib.loads(path.read_text()) == {"app": {"theme": "high-contrast", "lang": "cy"}}
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left
    assert theme(home)[0] == "high-contrast" and language(home)[0] == "cy"


def test_saving_keeps_what_else_the_file_holds(home) -> None:
    path = write_config(home, '# mine\nnote = "kept"\n[app]\ntheme = "dark"\nextra = 1\n')
    settings.save(home, theme="light")
    assert tomllib.loads(path.read_text()) == {"note": "kept",
                                               "app": {"theme": "light", "extra": 1}}


def test_saving_never_writes_through_a_symlink(home, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.toml"
    target.write_text("precious = true\n")
    path = config(home)
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    with pytest.raises(settings.SettingsError, match="symbolic link"):
        settings.save(home, theme="light")
    assert target.read_text() == "precious = true\n"
    assert path.is_symlink()


def test_saving_never_replaces_a_file_it_cannot_read(home) -> None:
    path = write_config(home, "[app\nhand-edited, half done")
    with pytest.raises(settings.SettingsError, match="fix or remove it"):
        settings.save(home, theme="light")
    assert path.read_text() == "[app\nhand-edited, half done"


def test_saving_refuses_a_folder_that_is_a_symlink(home, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    Path(home["XDG_CONFIG_HOME"]).mkdir()
    (Path(home["XDG_CONFIG_HOME"]) / "alnco").symlink_to(real)
    with pytest.raises(settings.SettingsError, match="symbolic link"):
        settings.save(home, theme="light")
    assert list(real.iterdir()) == []


def test_saving_with_nowhere_to_keep_settings_says_so() -> None:
    with pytest.raises(settings.SettingsError, match="neither XDG_CONFIG_HOME nor HOME"):
        settings.save({}, theme="light")


def test_reading_settings_imports_no_writer(home) -> None:
    write_config(home, '[app]\nlang = "cy"\n')
    code = ("import sys; from alnco.context import Context; "
            "Context.from_options(record='/nonexistent/r.json'); "
            "print('tomli_w' in sys.modules, 'textual' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, **home},
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
