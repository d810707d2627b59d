"""tools/i18n_report.py finds the strings a translator still has to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "i18n_report.py"


def _report(root: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), "--root", str(root), *options],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_it_lists_the_strings_with_no_welsh_and_where_they_are(tmp_path: Path) -> None:
    (tmp_path / "tui").mkdir()
    (tmp_path / "alnco" / "locale").mkdir(parents=True)
    (tmp_path / "tui" / "screen.py").write_text(
        "from alnco.i18n import _, ngettext\n"
        "TITLE = _('Done')\n"
        "msg = _('Not yet ' 'translated: {n}').format(n=1)\n"
        "count = ngettext('{n} hour', '{n} hours', 2)\n"
        "label = _(TITLE)\n", encoding="utf-8")
    (tmp_path / "alnco" / "locale" / "cy.po").write_text(
        'msgid "Done"\nmsgstr "Wedi gorffen"\n\nmsgid "{n} hour"\nmsgstr "{n} awr"\n',
        encoding="utf-8")

    result = _report(tmp_path, "--dynamic")

    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "tui/screen.py:3\n    'Not yet translated: {n}'" in out
    assert "tui/screen.py:4\n    '{n} hours'" in out  # the plural counts as its own string
    assert "'Done'" not in out and "'{n} hour'" not in out
    assert "? tui/screen.py:5" in out  # _(TITLE) cannot be checked statically
    assert "4 strings, 2 translated, 2 missing" in out


def test_it_passes_when_everything_is_translated(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "x.py").write_text("from alnco import i18n\ni18n._('Saved')\n",
                                             encoding="utf-8")
    po = tmp_path / "other.po"
    po.write_text('msgid "Saved"\nmsgstr "Wedi cadw"\n', encoding="utf-8")

    result = _report(tmp_path, "--po", str(po), "--all")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "  store/x.py:2\n    'Saved'" in result.stdout
    assert "1 strings, 1 translated, 0 missing" in result.stdout
