"""Fixtures for the catalogue/dashboard tests (helpers live in tui2_support)."""

from __future__ import annotations


import pytest

from tui2_support import make_ctx






@pytest.fixture
def ctx(tmp_path):
    return make_ctx(tmp_path)
