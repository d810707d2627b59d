"""Fixtures for the catalogue/dashboard tests (helpers live in tui2_support)."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from alnco.i18n import set_language
from tui2_support import make_ctx


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests with asyncio.run: Pilot needs nothing more."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def ctx(tmp_path):
    return make_ctx(tmp_path)
