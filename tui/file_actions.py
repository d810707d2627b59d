"""Files the app writes for you: exports of your record, and screenshots.

An export runs the same `alnco export` the command line runs, in a thread, after
asking for the file (and whether to replace it). A screenshot is an SVG written
0600, never through a symlink nor over a file, in your downloads folder.

A mixin for AlncoApp (it relies on the app's `ctx`, `snapshot`, `notify`, `report`).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from alnco.errors import AlncoError
from alnco.i18n import _
from alnco.output import safe_text

EXPORT_FORMATS = ("csv", "json", "xlsx", "html", "ics", "xapi")


def screenshot_folder(environ: dict[str, str] | Any) -> Path:
    """Where screenshots go: the XDG download folder (XDG_DOWNLOAD_DIR, from the
    environment or ~/.config/user-dirs.dirs), else ~/Downloads, if it exists; else
    the current folder. Raises OSError if even that is gone."""
    home = Path(environ.get("HOME") or Path.home())
    for candidate in (environ.get("XDG_DOWNLOAD_DIR") or _user_dirs_download(environ, home),
                      home / "Downloads"):
        if candidate and Path(candidate).is_absolute() and Path(candidate).is_dir():
            return Path(candidate)
    return Path(os.getcwd())


def _user_dirs_download(environ: dict[str, str] | Any, home: Path) -> str:
    """XDG_DOWNLOAD_DIR as xdg-user-dirs writes it (`XDG_DOWNLOAD_DIR="$HOME/Downloads"`)."""
    config = environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    try:
        with open(Path(config) / "user-dirs.dirs", encoding="utf-8", errors="replace") as handle:
            lines = handle.read(65536).splitlines()
    except OSError:
        return ""
    for line in lines:
        name, _equals, value = line.strip().partition("=")
        if name == "XDG_DOWNLOAD_DIR" and value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
            if value.startswith("$HOME"):
                value = str(home) + value[len("$HOME"):]
            return value
    return ""


def save_screenshot(app: Any, environ: Any, stem: str, filename: str | None,
                    path: str | None) -> Path | None:
    """`app`'s screen as an SVG (`filename`, else STEM-<date and time>.svg) in `path`,
    else the screenshot folder, written by `write_private`; None, after saying why
    in a notification, if it could not be saved. Both apps' `screenshot` action."""
    name = filename or f"{stem}-{datetime.now():%Y-%m-%dT%H%M%S}.svg"
    target = name
    try:
        folder = Path(path) if path else screenshot_folder(environ)
        target = str(folder / name)
        return write_private(folder, name, app.export_screenshot().encode("utf-8"))
    except OSError as error:
        app.notify(_("Screenshot not saved: {path}: {reason}").format(
            path=target, reason=error.strerror or str(error)),
            title=_("Error"), severity="error", markup=False, timeout=10)
        return None


def write_private(folder: Path, name: str, data: bytes) -> Path:
    """Write a new file `name` in `folder`, mode 0600, never through a symlink nor over
    an existing file (then `name-2`, `name-3`, ...). Returns its path; raises OSError."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for n in range(1, 100):
            candidate = name if n == 1 else f"{stem}-{n}{dot}{suffix}"
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                             | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
            except FileExistsError:
                continue
            try:
                os.fchmod(fd, 0o600)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            except BaseException:
                os.close(fd)
                os.unlink(candidate, dir_fd=dir_fd)
                raise
            os.close(fd)
            return folder / candidate
        raise FileExistsError(17, os.strerror(17), str(folder / name))
    finally:
        os.close(dir_fd)


def _extension(fmt: str) -> str:
    return {"xapi": "json", "json": "json", "prd": "html", "archive": "zip"}.get(fmt, fmt)


class FileActions:
    """Export and Screenshot, as the palette offers them."""

    def action_export(self, fmt: str) -> None:
        """Ask for a file, and whether to replace it if it exists; then export."""
        from alnco.tui.screens.replace_file import EXISTS, ask_replace, export_problem
        from alnco.tui.widgets.prompt import PromptScreen

        suggested = str(Path.home() / f"alnco-{self.ctx.today.isoformat()}.{_extension(fmt)}")

        def run(path: str, force: bool) -> None:
            self.run_worker(lambda: self._export(fmt, path, force), thread=True, name="export")

        def chosen(path: str | None) -> None:
            if not path:
                return
            problem = export_problem(path)
            if problem == EXISTS:
                ask_replace(self, path, lambda: run(path, True))
            elif problem:
                self.notify(safe_text(problem, single_line=True), title=_("Error"),
                            severity="error", markup=False, timeout=8)
            else:
                run(path, False)

        self.push_screen(
            PromptScreen(_("Export your record as {fmt} to this file:").format(fmt=fmt.upper()),
                         suggested),
            chosen,
        )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen, readable only by you (0600), in your downloads
        folder if you have one, else the current folder; the notification names it."""
        written = save_screenshot(self, self.ctx.environ, "alnco", filename, path)
        if written is not None:
            self.notify(_("Screenshot saved: {path}").format(path=written), markup=False,
                        timeout=10)

    def _export(self, fmt: str, path: str, force: bool = False) -> None:
        """Run the same `alnco export` the command line runs, in this process
        (`force`: replace the file, as `--force` does, once the person said yes)."""
        import io

        from alnco.cli import build_parser
        from alnco.errors import InputError, app_text
        from alnco.tui.screens.replace_file import EXISTS, ask_replace, export_problem

        try:
            args = build_parser().parse_args(
                ["export", "--format", fmt, "-o", path] + (["--force"] if force else []))
            # Its lines for the terminal (stdout, and stderr's "Exported ...") would land
            # on top of the screen: the app says what happened in its own words.
            self.ctx.stdout, saved_stdout = io.StringIO(), self.ctx.stdout
            self.ctx.stderr, saved_stderr = io.StringIO(), self.ctx.stderr
            try:
                args.handler(self.ctx, args)
            finally:
                self.ctx.stdout, self.ctx.stderr = saved_stdout, saved_stderr
        except AlncoError as error:
            if not force and export_problem(path) == EXISTS:  # it appeared meanwhile: ask
                self.call_from_thread(ask_replace, self, path,
                                      lambda: self.run_worker(lambda: self._export(
                                          fmt, path, True), thread=True, name="export"))
                return
            self.call_from_thread(self.report, InputError(app_text(error)))
            return
        if fmt == "ics" and not any(e.status == "planned" for e in self.snapshot.entries):
            message = _("Exported to {path}: an empty calendar, as no learning is planned yet "
                        "(plan some in My learning with p).").format(path=path)
        else:
            message = _("Exported to {path}").format(path=path)
        self.call_from_thread(self.notify, safe_text(message, single_line=True), markup=False)

