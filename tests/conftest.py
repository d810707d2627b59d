"""Shared by every test folder: async tests without a plugin, and English by default."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from alnco.i18n import set_language


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests with asyncio.run: Pilot needs nothing more."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None


@pytest.fixture(autouse=True)
def private_config(tmp_path_factory, monkeypatch):
    """No test reads or writes the real ~/.config/alnco (the app saves theme and
    language there): each gets its own XDG_CONFIG_HOME, inherited by subprocesses."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))


@pytest.fixture(autouse=True)
def english():
    """Each test starts (and leaves the process) in English, whatever it switched to."""
    set_language("en")
    yield
    set_language("en")
