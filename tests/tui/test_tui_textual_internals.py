"""tests/textual_internals.py skips, saying why, on a Textual it was not checked on."""

from __future__ import annotations

import pytest
import textual

from textual_internals import require_verified_textual


def test_an_unverified_textual_skips_with_the_reason(monkeypatch):
    monkeypatch.setattr(textual, "__version__", "9.1.0")
    with pytest.raises(pytest.skip.Exception, match=r"Textual 8\.0 to <9\.0, not 9\.1\.0"):
        require_verified_textual("screen_text")


def test_the_installed_textual_is_one_it_was_checked_on():
    require_verified_textual("this check")  # skips (visibly, with -ra) if not
