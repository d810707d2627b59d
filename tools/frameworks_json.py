"""Write the JSON copy of each shipped framework from its TOML.

The TOML files in catalogue/data/frameworks/ are the source: people edit them,
and their comments say where each requirement comes from. `alnco status` reads
a JSON copy instead, with the reader that reads the record (alnco.strict_json),
which saves importing tomllib and parsing TOML at every login. This script makes the
copies; tests/core/test_framework_json.py fails whenever one differs from what
this script would write, so they cannot drift.

    python tools/frameworks_json.py           # rewrite every .json from its .toml
    python tools/frameworks_json.py --check   # exit 1, naming the files, if any is stale
TOML dates (only `law_checked_on`) are written as ISO text and read back as dates.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parents[1] / "catalogue" / "data" / "frameworks"
DATE_FIELDS = ("law_checked_on",)  # alnco.progress.frameworks turns these back into dates


def _as_json(value: Any, where: str) -> Any:
    """`value` as JSON can hold it; a date only where the reader expects one."""
    if isinstance(value, dict):
        return {key: _as_json(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item, f"{where}[{n}]") for n, item in enumerate(value)]
    if isinstance(value, date):
        if where.lstrip(".") not in DATE_FIELDS or hasattr(value, "hour"):
            raise SystemExit(f"{where}: a TOML date or time here would not be read back "
                             f"as one (only {', '.join(DATE_FIELDS)} are)")
        return value.isoformat()
    return value


def render(toml_file: Path) -> str:
    """The JSON copy of one framework TOML file, exactly as it should be on disk."""
    data = tomllib.loads(toml_file.read_text(encoding="utf-8"))
    return json.dumps(_as_json(data, ""), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a JSON copy is missing or stale")
    args = parser.parse_args(argv)
    stale = []
    for toml_file in sorted(FOLDER.glob("*.toml")):
        target = toml_file.with_suffix(".json")
        text = render(toml_file)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target.name)
        if not args.check:
            target.write_text(text, encoding="utf-8")
    orphans = sorted(p.name for p in FOLDER.glob("*.json") if not p.with_suffix(".toml").exists())
    for name in orphans:
        print(f"{name}: no TOML file of that name; delete it", file=sys.stderr)
    if args.check and stale:
        print("stale: " + ", ".join(stale) + " (run python tools/frameworks_json.py)",
              file=sys.stderr)
    elif stale:
        print("wrote " + ", ".join(stale))
    return 1 if orphans or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
