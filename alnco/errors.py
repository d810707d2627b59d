"""Errors a person can act on, each carrying the exit code INTERFACE.md fixes.

0 success; 1 input refused; 2 usage error; 3 the record cannot be used.
Anything else escaping to the top level is a bug.
"""

from __future__ import annotations


class AlncoError(Exception):
    """Base class: `str(error)` is the one-line message shown after `alnco: error: `."""

    exit_code = 1


class InputError(AlncoError):
    """The user's input was refused (bad date, unknown module, invalid file)."""

    exit_code = 1


class UsageError(AlncoError):
    """The command line itself was wrong."""

    exit_code = 2


class RecordError(AlncoError):
    """The record cannot be used: corrupt, newer schema, locked, unsafe, unwritable."""

    exit_code = 3


class RecordBusy(RecordError):
    """Another process held the record's lock for too long."""


class UnknownEntry(InputError):
    """No entry id starts with the given prefix (or the prefix is ambiguous)."""
