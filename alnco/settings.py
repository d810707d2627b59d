"""Settings that stick: the app's theme and the interface language.

People choose them in the app (the command palette) and expect to find them
again next time, so they are kept in `$XDG_CONFIG_HOME/alnco/config.toml`
(else `$HOME/.config/alnco/config.toml`; with neither set, nothing is kept).
Where each comes from, the first that says wins:

    1. the command line (`--lang`)
    2. the environment (`ALNCO_LANG`, `ALNCO_THEME`)
    3. your config.toml, `[app]` table
    4. the system defaults, `[app]` in the system layer's defaults.toml, used
       only if alnco.trust allows (as for the submit inbox)
    5. for the language, the locale (LC_ALL, LC_MESSAGES, LANG); else English,
       and the dark theme.

Both files take the same table: `[app]` with `theme = "high-contrast"` and
`lang = "cy"`. Themes are stored by a stable key (THEMES), never Textual's
names. A file that cannot be read never stops alnco: one warning line, and the
next layer decides. Saving rewrites config.toml whole (other keys kept,
comments not) through a temp file renamed over it: mode 0600, never through a
symbolic link, a new folder 0700. Plain Python: tomllib to read, the TOML
writer only imported to save.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from alnco import paths
from alnco.errors import InputError
from alnco.i18n import LANGUAGES, _
from alnco.values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

CONFIG_FILE = "config.toml"
DEFAULTS_FILE = "defaults.toml"  # in the system layer (alnco.inbox reads [submit] there)
TABLE = "app"
THEMES = ("dark", "light", "high-contrast")  # stable keys; alnco.tui.themes names them
DEFAULT_THEME = "dark"
MAX_BYTES = 65536  # a settings file is a few lines; anything bigger is not one
MODE = 0o600


class SettingsError(InputError):
    """A setting could not be saved: the reason, and what to do."""


class Layer(Value):
    """What one file (or the environment) says: None where it says nothing."""

    FIELDS = ("theme", "lang")
    theme: str | None
    lang: str | None

    def __init__(self, theme: str | None = None, lang: str | None = None) -> None:
        vars(self).update(theme=theme, lang=lang)


def config_file(environ: Mapping[str, str]) -> Path | None:
    """Where your settings live, or None when neither XDG_CONFIG_HOME nor HOME is set."""
    if Path(environ.get("XDG_CONFIG_HOME") or "").is_absolute():
        return paths.config_dir(environ) / CONFIG_FILE
    home = environ.get("HOME")
    if home and Path(home).is_absolute():
        return Path(home) / ".config" / paths.APP / CONFIG_FILE
    return None


def theme_key(text: str) -> str | None:
    """A theme key from what someone typed ("High contrast", "high_contrast"), or None."""
    key = "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    return key if key in THEMES else None


def language_key(text: str) -> str | None:
    """"cy" or "en" from what someone typed ("CY"), or None."""
    key = text.strip().lower()
    return key if key in LANGUAGES else None


def _layer(table: Any, where: str, warn: Callable[[str], None]) -> Layer:
    """The `[app]` table of a file, each value checked (a bad one: a warning, then None)."""
    if table is None:
        return Layer()
    if not isinstance(table, dict):
        warn(_("ignored [app] in {path}: it is not a table").format(path=where))
        return Layer()
    theme = lang = None
    value = table.get("theme")
    if value is not None:
        theme = theme_key(value) if isinstance(value, str) else None
        if theme is None:
            warn(_("ignored theme = {value} in {path}: the themes are {known}").format(
                value=_shown(value), path=where, known=", ".join(THEMES)))
    value = table.get("lang")
    if value is not None:
        lang = language_key(value) if isinstance(value, str) else None
        if lang is None:
            warn(_("ignored lang = {value} in {path}: the languages are {known}").format(
                value=_shown(value), path=where, known=", ".join(LANGUAGES)))
    return Layer(theme=theme, lang=lang)


def _shown(value: Any) -> str:
    from alnco.output import safe_text

    return safe_text(repr(value)[:40], single_line=True)


def _parse(data: bytes) -> dict[str, Any]:
    import tomllib

    if len(data) > MAX_BYTES:
        raise ValueError(_("larger than {size} bytes").format(size=MAX_BYTES))
    return tomllib.loads(data.decode("utf-8"))


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None if it is not there; OSError otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(_("it is not a regular file"))
        return handle.read(MAX_BYTES + 1)


def user_layer(environ: Mapping[str, str], warn: Callable[[str], None],
               only: str = "") -> Layer:
    """What your config.toml says (nothing if it is missing or cannot be read).
    `only`: the one key wanted; a file without that word is not parsed (a command
    then starts without importing tomllib)."""
    path = config_file(environ)
    if path is None:
        return Layer()
    try:
        data = _read_bytes(path)
        if data is None or only.encode() not in data:
            return Layer()
        document = _parse(data)
    except (OSError, ValueError) as error:
        warn(_("skipped your settings {path}: {reason}; using the defaults").format(
            path=path, reason=_reason(error)))
        return Layer()
    return _layer(document.get(TABLE), str(path), warn)


def system_layer(system_dir: Path, warn: Callable[[str], None]) -> Layer:
    """What the system defaults say, if alnco.trust allows the file (the same rule,
    and the same warning words, as for the submit inbox in alnco.inbox)."""
    path = Path(system_dir) / DEFAULTS_FILE
    if not os.path.lexists(path):
        return Layer()
    from alnco import trust

    refused = trust.refusal(path, Path(system_dir))
    if refused is not None:
        warn(refused.line(_("the system defaults {path}").format(path=path),
                          _("a system defaults file")))
        return Layer()
    try:
        data = _read_bytes(path) or b""
        document = _parse(data)
    except (OSError, ValueError) as error:
        warn(_("skipped the system defaults {path}: {reason}").format(
            path=path, reason=_reason(error)))
        return Layer()
    return _layer(document.get(TABLE), str(path), warn)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return str(error.strerror or error)
    if isinstance(error, UnicodeDecodeError):
        return _("it is not UTF-8 text")
    return str(error)


def resolve_language(option: str | None, environ: Mapping[str, str], system_dir: Path,
                     warn: Callable[[str], None]) -> str:
    """--lang, ALNCO_LANG, your config, the system defaults, the locale, English.
    The files are read only when nothing before them has decided."""
    from alnco.i18n import resolve_language as from_locale

    if option or environ.get("ALNCO_LANG"):
        return from_locale(option, environ)
    for layer in (lambda: user_layer(environ, warn, only="lang"),
                  lambda: system_layer(system_dir, warn)):
        lang = layer().lang
        if lang:
            return lang
    return from_locale(None, environ)


def resolve_theme(environ: Mapping[str, str], system_dir: Path,
                  warn: Callable[[str], None]) -> str:
    """ALNCO_THEME, your config, the system defaults, else dark (a theme key).
    An ALNCO_THEME that names no theme: a warning, and the next layer decides."""
    named = environ.get("ALNCO_THEME", "")
    if named.strip():
        key = theme_key(named)
        if key:
            return key
        warn(_("ignored ALNCO_THEME={value}: the themes are {known}").format(
            value=_shown(named)[1:-1], known=", ".join(THEMES)))
    for layer in (lambda: user_layer(environ, warn), lambda: system_layer(system_dir, warn)):
        theme = layer().theme
        if theme:
            return theme
    return DEFAULT_THEME


def evidence_max_mb(environ: Mapping[str, str], system_dir: Path,
                    warn: Callable[[str], None]) -> float:
    """The evidence size limit a file, in MB: `[evidence] max_file_mb` in your
    config.toml, else in the system defaults (if alnco.trust allows it), else 20.
    A value that is not a number from 1 to 1000: one warning, and the next layer."""
    from alnco.evidence import DEFAULT_MAX_MB

    layers: list[tuple[Path | None, bool]] = [(config_file(environ), False),
                                              (Path(system_dir) / DEFAULTS_FILE, True)]
    for path, system in layers:
        if path is None or not os.path.lexists(path):
            continue
        try:
            if system:
                from alnco import trust

                refused = trust.refusal(path, Path(system_dir))
                if refused is not None:
                    warn(refused.line(_("the system defaults {path}").format(path=path),
                                      _("a system defaults file")))
                    continue
            data = _read_bytes(path) or b""
            if b"max_file_mb" not in data:
                continue
            table = _parse(data).get("evidence")
        except (OSError, ValueError) as error:
            line = (_("skipped the system defaults {path}: {reason}") if system else
                    _("skipped your settings {path}: {reason}; using the defaults"))
            warn(line.format(path=path, reason=_reason(error)))
            continue
        value = table.get("max_file_mb") if isinstance(table, dict) else None
        if value is None:
            continue
        if type(value) in (int, float) and 1 <= value <= 1000:
            return float(value)
        warn(_("ignored max_file_mb = {value} in {path}: give a number of MB from 1 to "
               "1000").format(value=_shown(value), path=path))
    return float(DEFAULT_MAX_MB)


# ---------------------------------------------------------------------- saving
def save(environ: Mapping[str, str], **values: str) -> Path:
    """Keep `values` (theme=KEY, lang=CODE) in your config.toml, other keys as they
    were. Returns the file; SettingsError says why it could not be saved (a file
    that is not valid TOML is left for you to fix, never overwritten)."""
    for name, value in values.items():
        check = {"theme": theme_key, "lang": language_key}.get(name)
        if check is None or check(value) != value:
            raise ValueError(f"not a setting: {name}={value!r}")  # a bug, not a user's
    path = config_file(environ)
    if path is None:
        raise SettingsError(_("settings are not kept: neither XDG_CONFIG_HOME nor HOME is "
                              "set"))
    try:
        paths.make_private_dirs(path.parent)
    except OSError as error:
        raise SettingsError(_cannot_save(path, error)) from None
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
                         | os.O_CLOEXEC)
    except OSError as error:
        if os.path.islink(path.parent):
            raise SettingsError(_link_message(path.parent)) from None
        raise SettingsError(_cannot_save(path, error)) from None
    try:
        if os.fstat(dir_fd).st_uid != os.geteuid():
            raise SettingsError(_("settings not saved: the folder {folder} is not yours").format(
                folder=path.parent))
        document = _current(dir_fd, path)
        table = document.get(TABLE)
        if not isinstance(table, dict):
            table = {}
        table.update(values)
        document[TABLE] = table
        import tomli_w

        _write(dir_fd, path, tomli_w.dumps(document).encode("utf-8"))
    finally:
        os.close(dir_fd)
    return path


def _current(dir_fd: int, path: Path) -> dict[str, Any]:
    """config.toml as it is now ({} if missing); refused if it is a link or not TOML."""
    try:
        fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                     dir_fd=dir_fd)
    except FileNotFoundError:
        return {}
    except OSError as error:
        if os.path.islink(path):
            raise SettingsError(_link_message(path)) from None
        raise SettingsError(_cannot_save(path, error)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SettingsError(_("settings not saved: {path} is not a regular file").format(
                path=path))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise SettingsError(_cannot_save(path, error)) from None
    finally:
        os.close(fd)
    try:
        return _parse(data)
    except ValueError as error:
        raise SettingsError(_("settings not saved: {path} cannot be read ({reason}); fix or "
                              "remove it").format(path=path, reason=_reason(error))) from None


def _write(dir_fd: int, path: Path, data: bytes) -> None:
    temp = f".{path.name}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     MODE, dir_fd=dir_fd)
    except OSError as error:
        raise SettingsError(_cannot_save(path, error)) from None
    try:
        try:
            os.fchmod(fd, MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        # rename() replaces the name itself: a link put there meanwhile is replaced,
        # never followed.
        os.replace(temp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError as error:
        try:
            os.unlink(temp, dir_fd=dir_fd)
        except OSError:
            pass
        raise SettingsError(_cannot_save(path, error)) from None
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover - some file systems cannot sync a folder
        pass


def _link_message(path: Path) -> str:
    return _("settings not saved: {path} is a symbolic link; alnco never writes through "
             "one").format(path=path)


def _cannot_save(path: Path, error: OSError) -> str:
    return _("settings not saved: cannot write {path}: {reason}").format(
        path=path, reason=error.strerror or error)
