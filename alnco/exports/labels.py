"""Words for progress statuses, risk and settings, shared by the xlsx, html and report outputs."""

from __future__ import annotations

from alnco.i18n import _
from alnco.progress.words import basis_label, status_label  # noqa: F401 (re-exported)

# Most urgent first: the order reports sort and count by.
STATUS_ORDER = ("overdue", "behind", "not_started", "on_track", "met", "not_applicable")
# The English letters, for code that has not moved to `status_letter` yet.
STATUS_LETTERS = {"met": "M", "on_track": "T", "behind": "B", "overdue": "O",
                  "not_started": "N", "not_applicable": "-"}
NOT_APPLICABLE = "-"  # also for a requirement outside a person's framework


def _lettered() -> dict[str, str]:
    """Each status as "letter word", in the current language.

    The letter comes from the language (in Welsh "B" is bodlonwyd, met, so it
    cannot mean behind) and is ASCII, for screen readers and LANG=C. The letter
    and its word are one string, so a translator sees them together; the
    letters of one language must all differ (tests check it).
    """
    return {"met": _("M met"), "on_track": _("T on track"), "behind": _("B behind"),
            "overdue": _("O overdue"), "not_started": _("N not started")}


def status_letter(status: str) -> str:
    """One letter for `status` in the current language; `-` for not applicable,
    a requirement outside the person's framework ("") or anything unknown."""
    lettered = _lettered().get(status)
    return lettered.split(" ", 1)[0] if lettered else NOT_APPLICABLE


def status_legend() -> str:
    """"M met, T on track, ..., - not applicable", in the current language."""
    return ", ".join([*_lettered().values(),
                      f"{NOT_APPLICABLE} {status_label('not_applicable')}"])


def risk_label(risk: str) -> str:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(risk, risk)


def setting_label(setting: str) -> str:
    """A setting in words for people (CSV and JSON keep the code: school, fei)."""
    return {"school": _("school"), "fei": _("FEI")}.get(setting, setting)


def mode_label(mode: str) -> str:
    """How learning is delivered, in words for people (exports keep the code:
    online, face-to-face); a mode a catalogue layer invented is shown as it is."""
    return {"online": _("online"), "face-to-face": _("face-to-face"), "blended": _("blended"),
            "self-study": _("self-study"), "enquiry": _("enquiry")}.get(mode, mode)

