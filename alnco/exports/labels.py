"""Words for progress statuses, risk and settings, shared by the xlsx, html and report outputs."""

from __future__ import annotations

from alnco.i18n import _
from alnco.progress.words import basis_label, status_label  # noqa: F401 (re-exported)

# Most urgent first: the order reports sort and count by.
STATUS_ORDER = ("overdue", "behind", "not_started", "on_track", "met", "not_applicable")
# One letter per status for the compact text table (ASCII: screen readers, LANG=C).
STATUS_LETTERS = {"met": "M", "on_track": "T", "behind": "B", "overdue": "O",
                  "not_started": "N", "not_applicable": "-"}


def risk_label(risk: str) -> str:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(risk, risk)


def setting_label(setting: str) -> str:
    """A setting in words for people (CSV and JSON keep the code: school, fei)."""
    return {"school": _("school"), "fei": _("FEI")}.get(setting, setting)
