"""Reading one catalogue file into Modules, with every problem located.

tomllib keeps no line numbers, so when (and only when) something is wrong we
find the line in the raw text: the n-th `[[module]]` header is the n-th module,
and a field's line is the first `name =` (or `[module.name]`) inside that block.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from alnco.catalogue.model import SETTINGS, Module
from alnco.catalogue.validate import Problem, check_module
from alnco.i18n import _

_HEADER = re.compile(r"^\s*\[\[\s*module\s*\]\]\s*(?:#.*)?$")
_TOML_LOCATION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")

# (module index, field or None) -> line number or None
Locate = Callable[[int, "str | None"], "int | None"]


@dataclass
class LoadResult:
    """What one file gave: usable modules, and what had to be left out (and why)."""

    file: str
    modules: list[Module] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False  # the whole file was skipped (missing, not UTF-8, not TOML)


class TomlLines:
    """Finds lines in TOML text lazily: only a file with problems pays for it."""

    def __init__(self, text: str):
        self.text = text
        self._lines: list[str] | None = None
        self._headers: list[int] | None = None

    def _scan(self) -> None:
        self._lines = self.text.split("\n")  # as TOML counts lines (not splitlines)
        self._headers = [i for i, line in enumerate(self._lines) if _HEADER.match(line)]

    def __call__(self, index: int, name: str | None) -> int | None:
        if self._headers is None:
            self._scan()
        assert self._lines is not None and self._headers is not None
        if index >= len(self._headers):
            return None
        start = self._headers[index]
        end = self._headers[index + 1] if index + 1 < len(self._headers) else len(self._lines)
        if name:
            key = re.compile(
                r"^\s*(?:[\"']?%s[\"']?\s*[.=]|\[\s*module\s*\.\s*[\"']?%s[\"']?\s*\])"
                % (re.escape(name), re.escape(name))
            )
            for number in range(start + 1, end):
                if key.match(self._lines[number]):
                    return number + 1
        return start + 1


class NotToml(ValueError):
    """The text is not TOML at all; carries the located problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def parse_toml(text: str, file: str) -> tuple[list[Any], list[Problem]]:
    """The raw module tables of a TOML catalogue (raises NotToml if it cannot be read)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_LOCATION.search(message)
        line = int(match.group(1)) if match else None
        reason = _TOML_LOCATION.sub("", message)
        raise NotToml(Problem(file, line, None,
                              _("not valid TOML: {reason}").format(reason=reason))) from None
    problems = [
        Problem(file, None, None, _("unknown top-level key '{key}': a catalogue holds only "
                                    "[[module]] tables").format(key=key))
        for key in document if key != "module"
    ]
    modules = document.get("module", [])
    if not isinstance(modules, list):
        problems.append(Problem(file, None, None,
                                _("write each module as [[module]] (two square brackets)")))
        modules = []
    return modules, problems


def build_modules(
    raws: Iterable[Any], file: str, layer: str, locate: Locate
) -> LoadResult:
    """Check every raw module; keep the good ones; report all problems."""
    result = LoadResult(file)
    seen: set[str] = set()
    for index, raw in enumerate(raws):
        clean, problems = check_module(raw)
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        module_id = raw_id if isinstance(raw_id, str) and raw_id else None
        if module_id and module_id in seen:
            problems.append(("id", _("duplicate id '{id}' (already used above in this file)")
                             .format(id=module_id)))
        for name, message in problems:
            result.problems.append(Problem(file, locate(index, name), module_id, message, name))
        if module_id:
            seen.add(module_id)
        if not problems:
            result.modules.append(make_module(clean, layer))
    result.problems.sort(key=lambda p: p.line or 0)  # read top to bottom, like the file
    return result


def make_module(clean: dict[str, Any], layer: str) -> Module:
    provider = clean.get("provider", {})
    themes = clean.get("themes", ())  # (English, Welsh or "") pairs
    themes_cy = tuple(welsh for _english, welsh in themes)
    return Module(
        id=clean["id"],
        title=clean["title"],
        summary=clean.get("summary", {}),
        provider=provider.get("en", ""),
        provider_cy=provider.get("cy", ""),
        mode=clean["mode"],
        level=clean["level"],
        hours=clean.get("hours", Decimal(1)),
        tasks=clean.get("tasks", ()),
        themes=tuple(english for english, _welsh in themes),
        themes_cy=themes_cy if any(themes_cy) else (),
        languages=clean.get("languages", ("en",)),
        url=clean.get("url", ""),
        source=clean.get("source", ""),
        credits=clean.get("credits"),
        available_from=clean.get("available_from"),
        withdrawn_on=clean.get("withdrawn_on"),
        layer=layer,
        settings=clean.get("settings", SETTINGS),
        requires=clean.get("requires", ()),
        eligibility=clean.get("eligibility", {}),
        standards=clean.get("standards", ()),
    )


def load_text(text: str, file: str, layer: str, *, recover: bool = False) -> LoadResult:
    """The modules of one TOML catalogue text, with every problem located.

    With `recover` (the layers that everyone browses), text that is not TOML as
    a whole is read one `[[module]]` block at a time, so one bad value (a date
    in year 0, a missing quote) loses only its own module, not the file.
    """
    try:
        raws, problems = parse_toml(text, file)
    except NotToml as error:
        recovered = recover_blocks(text, file, layer) if recover else None
        return recovered or LoadResult(file, problems=[error.problem], unreadable=True)
    result = build_modules(raws, file, layer, TomlLines(text))
    result.problems[:0] = problems
    return result


_ID_LINE = re.compile(r"""^\s*["']?id["']?\s*=\s*["']([^"'\n]*)["']""", re.MULTILINE)


def recover_blocks(text: str, file: str, layer: str) -> LoadResult | None:
    """Each `[[module]]` block of a text that is not TOML as a whole, parsed alone.

    None when the text has no module headers (nothing to save). A block that is
    still not TOML is one problem at its own line, named by its id if one can be
    seen; the preamble before the first header is checked the same way.
    """
    lines = text.split("\n")
    headers = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    if not headers:
        return None
    problems: list[Problem] = []
    preamble = "\n".join(lines[:headers[0]])
    try:
        _raws, top = parse_toml(preamble, file)
        problems.extend(top)
    except NotToml as error:
        problems.append(error.problem)
    raws: list[Any] = []
    finders: list[tuple[TomlLines, int]] = []
    for number, start in enumerate(headers):
        end = headers[number + 1] if number + 1 < len(headers) else len(lines)
        block = "\n".join(lines[start:end])
        try:
            block_raws, block_problems = parse_toml(block, file)
        except NotToml as error:
            seen = _ID_LINE.search(block)
            problems.append(Problem(file, (error.problem.line or 1) + start,
                                    seen.group(1) if seen else None, error.problem.message))
            continue
        problems.extend(Problem(p.file, p.line, p.module_id, p.message, p.field)
                        for p in block_problems)
        for raw in block_raws:
            raws.append(raw)
            finders.append((TomlLines(block), start))

    def locate(index: int, name: str | None) -> int | None:
        finder, start = finders[index]
        line = finder(0, name)
        return line + start if line is not None else None

    result = build_modules(raws, file, layer, locate)
    result.problems.extend(problems)
    result.problems.sort(key=lambda p: p.line or 0)
    return result


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    try:
        return path.read_text(encoding="utf-8-sig"), None
    except UnicodeDecodeError:
        return None, Problem(str(path), None, None, _("not UTF-8 text; save it as UTF-8"))
    except OSError as error:
        return None, Problem(str(path), None, None,
                             _("cannot read it: {reason}").format(reason=error.strerror or error))


def load_file(path: Path, layer: str, *, recover: bool = False) -> LoadResult:
    """One catalogue file, TOML or (by its .csv extension) a spreadsheet export.

    `recover`: see `load_text` (the layers pass it; `validate` and `import` do not).
    """
    text, problem = read_text(path)
    if text is None:
        assert problem is not None
        return LoadResult(str(path), problems=[problem], unreadable=True)
    if path.suffix.lower() == ".csv":
        from alnco.catalogue.csv_rows import load_csv_text

        return load_csv_text(text, str(path), layer)
    return load_text(text, str(path), layer, recover=recover)
