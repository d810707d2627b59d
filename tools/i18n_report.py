"""Which interface strings have no Welsh yet: the translator's to-do list.

Reads the code with `ast` (nothing is imported or run) and lists every string
literal passed as the first argument of `_()`, `N_()` or `ngettext()` (both
the singular and the plural), with file:line, then says which of them have
no entry in the .po file. Calls whose first argument is not a literal (a
variable such as `_(TASKS[letter])`) cannot be checked here: `--dynamic`
lists them so a translator can follow them by hand.

    python tools/i18n_report.py              # the gaps in alnco/locale/cy.po
    python tools/i18n_report.py --all        # every string, translated or not
    python tools/i18n_report.py --dynamic    # the calls with no literal
Exit status: 0 when every string is translated, 1 when some are missing.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("alnco", "store", "catalogue", "tui")
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}  # function name -> how many msgid arguments
sys.path.insert(0, str(ROOT))
from alnco.i18n import read_po  # noqa: E402  (the app's own reader: same idea of "translated")


@dataclass(frozen=True)
class Found:
    path: Path
    line: int
    text: str | None  # None: the argument is not a string literal

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root)}:{self.line}"


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id == "i18n":  # i18n._(...), not gettext's own methods
        return func.attr
    return None


def find_strings(root: Path, folders: tuple[str, ...] = FOLDERS) -> list[Found]:
    """Every `_()` / `N_()` / `ngettext()` argument under `root`'s folders, in file order."""
    found: list[Found] = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or _name(node.func) not in MARKERS:
                    continue
                for arg in node.args[:MARKERS[_name(node.func)]]:
                    literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    found.append(Found(path, arg.lineno, arg.value if literal else None))
    return sorted(found, key=lambda f: (str(f.path), f.line))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder")
    parser.add_argument("--po", type=Path, help="the .po file (default ROOT/alnco/locale/cy.po)")
    parser.add_argument("--all", action="store_true", help="list translated strings too")
    parser.add_argument("--dynamic", action="store_true",
                        help="list the calls whose argument is not a literal")
    args = parser.parse_args(argv)
    po = args.po or args.root / "alnco" / "locale" / "cy.po"
    translated = read_po(po) if po.exists() else {}

    found = find_strings(args.root)
    places: dict[str, list[str]] = defaultdict(list)  # msgid -> file:line, first use first
    for item in found:
        if item.text is not None:
            places[item.text].append(item.where(args.root))
    missing = [text for text in places if text not in translated]
    for text in places if args.all else missing:
        mark = "  " if text in translated else "- "
        print(f"{mark}{', '.join(places[text])}\n    {text!r}")
    if args.dynamic:
        for item in found:
            if item.text is None:
                print(f"? {item.where(args.root)}  (not a literal: check by hand)")
    dynamic = sum(1 for item in found if item.text is None)
    print(f"{len(places)} strings, {len(places) - len(missing)} translated, "
          f"{len(missing)} missing in {po}; {dynamic} calls not a literal")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
