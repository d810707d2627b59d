"""Where catalogue files come from, and which one wins.

shipped (package data) < system (a co-ordinator's /etc/alnco, or
ALNCO_SYSTEM_DIR) < user (what `alnco catalogue import` saved, then
--catalogue / ALNCO_CATALOGUE). A later layer replaces a module with the same
id. A broken system or user file never stops anyone browsing: its bad modules
(or the whole file, if it cannot be read) are skipped with one warning line.
A system file or folder that fails the trust rule (`alnco.trust`: owned by root
or you, not writable by group or others, all the way up to /) is not read at
all, also with one warning line naming the path, the problem and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alnco import paths, trust
from alnco.catalogue.catalogue import Catalogue
from alnco.catalogue.loader import LoadResult, load_file, load_text
from alnco.catalogue.model import Module
from alnco.catalogue.validate import Problem
from alnco.i18n import _
from alnco.numerals import count

SHIPPED = "data/catalogue.toml"
IMPORTED_NAME = "imported.toml"


@dataclass
class Layer:
    name: str           # shipped, system or user
    result: LoadResult  # its modules and problems
    refused: str = ""   # the warning line when the trust rule kept it out (system only)


def shipped_result() -> LoadResult:
    """The sample catalogue inside the installed package, found beside this module
    (as alnco/locale is): importlib.resources.files() loads zipfile and threading (4 ms)."""
    resource = Path(__file__).parent / SHIPPED
    return load_text(resource.read_text(encoding="utf-8"), str(resource), "shipped")


def imported_dir(environ: Any) -> Path:
    """The user's own layer written by `alnco catalogue import`."""
    return paths.data_dir(environ) / "catalogue"


def _toml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def _exists(path: Path) -> tuple[bool, bool]:
    try:
        return path.is_file(), path.is_dir()
    except OSError:
        return False, False


def layer_paths(ctx: Any) -> list[tuple[str, Path]]:
    """Every system and user file, in the order they apply (later wins)."""
    found: list[tuple[str, Path]] = []
    system = Path(ctx.system_dir)
    is_file, _is_dir = _exists(system / "catalogue.toml")
    if is_file:
        found.append(("system", system / "catalogue.toml"))
    _is_file, is_dir = _exists(system / "catalogue")
    if is_dir:
        found.extend(("system", p) for p in _toml_files(system / "catalogue"))
    _is_file, is_dir = _exists(imported_dir(ctx.environ))
    if is_dir:
        found.extend(("user", p) for p in _toml_files(imported_dir(ctx.environ)))
    if ctx.catalogue_path is not None:
        chosen = Path(ctx.catalogue_path)
        _is_file, is_dir = _exists(chosen)
        if is_dir:
            found.extend(("user", p) for p in _toml_files(chosen))
        else:
            found.append(("user", chosen))  # a missing file is reported when it is read
    return found


def refused_layer(path: Path, line: str, reason: str) -> Layer:
    """A system file or folder the trust rule keeps out: no modules, one problem."""
    result = LoadResult(str(path), problems=[Problem(str(path), None, None, reason)],
                        unreadable=True)
    return Layer("system", result, refused=line)


def system_layers(ctx: Any) -> list[Layer]:
    """The system layer's files, each read only if the trust rule allows it.

    A folder that fails the rule is skipped whole (one line); so is the whole
    layer when the system folder itself (or one above it) fails.
    """
    system = Path(ctx.system_dir)
    single = system / "catalogue.toml"
    folder = system / "catalogue"
    has_file, has_folder = _exists(single)[0], _exists(folder)[1]
    if not (has_file or has_folder):
        return []
    top = trust.refusal(system, system)
    if top is not None:
        return [refused_layer(system, top.line(""), top.untrusted.describe())]
    layers: list[Layer] = []
    if has_file:
        layers.append(_system_file(single, system))
    if has_folder:
        refused = trust.refusal(folder, system)
        if refused is not None:
            line = refused.line(_("the system catalogue folder {folder}").format(folder=folder),
                                _("a system catalogue folder"))
            return layers + [refused_layer(folder, line, refused.untrusted.describe())]
        layers.extend(_system_file(path, system) for path in _toml_files(folder))
    return layers


def _system_file(path: Path, system: Path) -> Layer:
    refused = trust.refusal(path, system)
    if refused is not None:
        line = refused.line(_("the system catalogue {file}").format(file=path),
                            _("a system catalogue file"))
        return refused_layer(path, line, refused.untrusted.describe())
    return Layer("system", load_file(path, "system", recover=True))


def load_layers(ctx: Any) -> list[Layer]:
    layers = [Layer("shipped", shipped_result())]
    layers.extend(system_layers(ctx))
    layers.extend(Layer(name, load_file(path, name, recover=True))
                  for name, path in layer_paths(ctx) if name == "user")
    return layers


def merge(layers: list[Layer]) -> Catalogue:
    """One catalogue from the layers in order: a later module replaces an earlier one."""
    modules: dict[str, Module] = {}
    files: dict[str, str] = {}
    overrides: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for layer in layers:
        problems.extend(layer.result.problems)
        for module in layer.result.modules:
            previous = modules.get(module.id)
            if previous is not None and previous.layer != module.layer:
                overrides[module.id] = overrides.get(module.id, ()) + (previous.layer,)
            modules[module.id] = module
            files[module.id] = layer.result.file
    return Catalogue(modules, problems, files=files, overrides=overrides)


def located(problem: Problem) -> str:
    """`line 12, module 'x': bad hours ...` (as much of the place as is known)."""
    where = []
    if problem.line:
        where.append(_("line {line}").format(line=problem.line))
    if problem.module_id:
        where.append(_("module '{id}'").format(id=problem.module_id))
    return ", ".join(where) + ": " + problem.message if where else problem.message


def warnings(layers: list[Layer]) -> list[str]:
    """One line per file that lost something, pointing at `catalogue validate`;
    one per file or folder the trust rule kept out. Never the same line twice."""
    lines = []
    for layer in layers:
        result = layer.result
        if layer.refused:
            lines.append(layer.refused)
            continue
        if not result.problems:
            continue
        first = located(result.problems[0])
        if result.unreadable:
            message = _("skipped the {layer} catalogue {file}: {problem}")
        else:
            message = _("skipped part of the {layer} catalogue {file} ({problems}, first: "
                        "{problem}); run 'alnco catalogue validate {file}'")
        lines.append(message.format(layer=_(layer.name), file=result.file,
                                    problems=count(len(result.problems), "problem"),
                                    problem=first))
    return list(dict.fromkeys(lines))


def load_catalogue(ctx: Any, *, warn: bool = True) -> Catalogue:
    """The merged catalogue for `ctx`; never raises on a bad system or user layer.

    With `warn`, each damaged file gets one `alnco: warning:` line on ctx.stderr;
    the TUI passes warn=False and shows `catalogue.problems` itself.
    """
    layers = load_layers(ctx)
    catalogue = merge(layers)
    catalogue.warnings = warnings(layers)
    if warn:
        for line in catalogue.warnings:
            trust.warn_once(ctx, line)  # once per command, even if loaded twice
    return catalogue
