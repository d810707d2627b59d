"""Status and basis words for people, in one place for the CLI, exports and TUI.

JSON keeps the snake_case ids (INTERFACE.md); everything a person reads uses
these translated words.
"""

from __future__ import annotations


from alnco.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def status_label(status: str) -> str:
    labels = {
        "met": _("met"),
        "on_track": _("on track"),
        "behind": _("behind"),
        "overdue": _("overdue"),
        "not_started": _("not started"),
        "not_applicable": _("not applicable"),
        "upcoming": _("upcoming"),
    }
    return labels.get(status, status.replace("_", " "))


def basis_label(basis: str) -> str:
    return {"statutory": _("statutory"), "guidance": _("guidance"),
            "local": _("local")}.get(basis, basis)


def verdict(result: Any) -> str:
    """The status in words, saying so when the law behind the line was not verified:
    "met (wording of reg 27 not confirmed)", never a bare "met"."""
    words = status_label(result.status)
    if getattr(result, "confirmed", True):
        return words
    return _("{status} (wording of {law} not confirmed)").format(
        status=words, law=result.law or result.citation)
