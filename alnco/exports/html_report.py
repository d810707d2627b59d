"""A one-page progress report to print or attach to an appraisal: who, as at
which date, each requirement with a bar and its status, and hours by academic
year. Self-contained (inline CSS, no scripts, no external files) and every
piece of user or catalogue text is HTML-escaped.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from html import escape

from alnco.exports.cells import visible_controls
from alnco.exports.document import ExportData
from alnco.exports.labels import basis_label, status_label
from alnco.progress.words import verdict
from alnco.i18n import _
from alnco.model import format_hours
from alnco.parsing import short_date

STYLE = """
@page { size: A4; margin: 10mm 12mm; }
body { font: 10.5pt/1.35 system-ui, "Segoe UI", Arial, sans-serif; color: #111; margin: 1.5em; }
h1 { font-size: 16pt; margin: 0 0 .2em; }
h2 { font-size: 12.5pt; margin: .8em 0 .2em; }
.who { margin: 0 0 1em; color: #333; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
table.requirements { table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: .3em .45em; border-bottom: 1px solid #ccc; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; }
.nowrap, td.date { white-space: nowrap; }
.bar { width: 100%; max-width: 7em; height: .8em; margin-top: .25em; border: 1px solid #555;
  background: #fff; box-sizing: border-box; }
.bar span { display: block; height: 100%; background: #555; }
.status { font-weight: 600; }
.overdue, .behind { color: #a00; }
.met { color: #064; }
.small { font-size: 9pt; color: #444; }
table.hours { width: auto; min-width: 50%; }
tr { page-break-inside: avoid; break-inside: avoid; }
@media print {
  body { margin: 0; font-size: 8.5pt; line-height: 1.25; }
  h1 { font-size: 13pt; }
  h2 { font-size: 10pt; margin: .6em 0 .1em; }
  .who { margin-bottom: .5em; }
  th, td { padding: .15em .35em; }
  .small { font-size: 7.5pt; }
  th, .bar, .bar span, .status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def text(value: str) -> str:
    return escape(visible_controls(value), quote=True)


def page(title: str, body: str, language: str, extra_style: str = "") -> bytes:
    """A whole HTML document; `extra_style` follows (and so overrides) STYLE."""
    lang = "cy" if language == "cy" else "en-GB"
    html = (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    )
    return html.encode("utf-8")


def bar(fraction: float) -> str:
    percent = max(0, min(100, round(float(fraction) * 100)))
    return (f'<div class="bar" role="img" aria-label="{percent}%">'
            f'<span style="width:{percent}%"></span></div>')


def render_html(data: ExportData) -> bytes:
    profile = data.profile
    progress = data.progress
    name = profile.name or _("(no name)")
    title = _("Professional learning: {name}").format(name=name)
    parts = [f"<h1>{text(title)}</h1>\n", '<p class="who">']
    facts = [
        _("EWC number: {value}").format(value=profile.ewc_number) if profile.ewc_number else "",
        profile.institution,
        _("Setting: {value}").format(value=_("school") if profile.setting == "school"
                                     else _("further education")),
        _("Designated ALNCO since {date}").format(date=short_date(profile.designated_on))
        if profile.designated_on else "",
    ]
    parts.append(" · ".join(text(f) for f in facts if f))
    parts.append("<br>" + text(_("As at {date}").format(date=short_date(data.today))))
    if progress is not None:
        parts.append(" · " + text(progress.framework_title))
    parts.append("</p>\n")
    for note in data.notes:  # e.g. the shipped targets were used instead of the local ones
        parts.append(f'<p class="note"><strong>{text(note)}</strong></p>\n')
    if progress is not None:
        parts.append(_requirements(progress))
    parts.append(_hours_by_year(data))
    parts.append('<p class="small">' + text(_(
        "Statutory requirements cite the ALNET Act 2018 and WSI 2021/401; guidance and local "
        "items say so. Made with alnco on {date}.").format(date=short_date(data.today)))
        + "</p>\n")
    return page(title, "".join(parts), data.language)


def _requirements(progress) -> str:
    # Fixed column widths: a long verdict or citation wraps in its own column
    # instead of squeezing the others (which made a typical record print on
    # two or more pages); the bar sits under the status to leave the
    # requirement's reason room for one line or two.
    rows = [f"<h2>{text(_('Requirements'))}</h2>\n<table class=\"requirements\">\n"
            '<colgroup><col style="width:51%"><col style="width:18%">'
            '<col style="width:31%"></colgroup>\n<thead><tr>'
            f"<th>{text(_('Requirement'))}</th><th>{text(_('Status'))}</th>"
            f"<th>{text(_('Basis'))}</th></tr></thead>\n<tbody>\n"]
    for result in progress.requirements:
        words = verdict(result)
        # A plain status never wraps; "met (wording of reg 27 not confirmed)" may.
        nowrap = " nowrap" if words == status_label(result.status) else ""
        rows.append(
            "<tr>"
            f"<td>{text(result.title)}<br><span class=\"small\">{text(result.reason)}</span></td>"
            f'<td><span class="status {escape(result.status)}{nowrap}">{text(words)}</span>'
            f"{bar(result.fraction)}</td>"
            f"<td><span class=\"nowrap\">{text(basis_label(result.basis))}</span><br>"
            f"<span class=\"small\">{text(result.citation)}</span></td>"
            "</tr>\n")
    rows.append("</tbody></table>\n")
    if progress.law_checked_on:
        rows.append('<p class="small">' + text(_(
            "Law last checked on {date}; where its wording was not confirmed, the line says so.")
            .format(date=short_date(progress.law_checked_on))) + "</p>\n")
    return "".join(rows)


def _hours_by_year(data: ExportData) -> str:
    from alnco.progress.periods import academic_year_label

    done: dict[str, Decimal] = defaultdict(Decimal)
    planned: dict[str, Decimal] = defaultdict(Decimal)
    for entry in data.entries:
        label = academic_year_label(entry.date)
        if entry.status == "completed":
            done[label] += entry.hours
        else:
            planned[label] += entry.hours
    rows = [f"<h2>{text(_('Hours by academic year'))}</h2>\n<table class=\"hours\">\n<thead><tr>"
            f"<th>{text(_('Academic year'))}</th><th class=\"num\">{text(_('Completed'))}</th>"
            f"<th class=\"num\">{text(_('Planned'))}</th></tr></thead>\n<tbody>\n"]
    for label in sorted(set(done) | set(planned), reverse=True):
        rows.append(f"<tr><td>{text(label)}</td>"
                    f"<td class=\"num\">{text(format_hours(done[label]))}</td>"
                    f"<td class=\"num\">{text(format_hours(planned[label]))}</td></tr>\n")
    if not done and not planned:
        rows.append(f"<tr><td colspan=\"3\">{text(_('No learning logged yet.'))}</td></tr>\n")
    rows.append("</tbody></table>\n")
    return "".join(rows)
