"""`alnco report` outputs: a text table for the terminal, CSV for spreadsheets
(same guards as the csv export), JSON for scripts, and a printable HTML page."""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from alnco.exports.cells import spreadsheet_text
from alnco.exports.cohort import Cohort, Person
from alnco.exports.html_report import page, text
from alnco.exports.labels import STATUS_LETTERS, risk_label, setting_label, status_label
from alnco.i18n import _, current_language
from alnco.model import format_hours, hours_number
from alnco.numerals import count
from alnco.output import table

FIXED = ("name", "ewc_number", "institution", "setting", "risk", "risk_reason", "hours_this_year",
         "hours_target", "last_activity", "framework", "source")


def person_json(person: Person) -> dict[str, Any]:
    progress = person.progress
    return {
        "name": person.profile.name,
        "ewc_number": person.profile.ewc_number,
        "institution": person.profile.institution,
        "setting": person.profile.setting,
        "risk": person.risk,
        "risk_reason": person.risk_reason,
        "hours_this_year": hours_number(progress.hours_this_year),
        "hours_target": hours_number(progress.hours_target)
        if progress.hours_target is not None else None,
        "last_activity": person.last_activity.isoformat() if person.last_activity else None,
        "framework": person.framework,
        "source": person.source,
        "requirements": person.statuses,
    }


def render_json(cohort: Cohort) -> bytes:
    data = {"as_of": cohort.as_of.isoformat(),
            "people": [person_json(p) for p in cohort.people],
            "skipped": cohort.problems}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_csv(cohort: Cohort) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    ids = list(cohort.requirements)
    writer.writerow([*FIXED, *ids])
    for person in cohort.people:
        row = person_json(person)
        statuses = row.pop("requirements")
        cells = []
        for name in FIXED:
            value = row[name]
            if value is None:
                cells.append("")
            elif isinstance(value, str):
                cells.append(spreadsheet_text(value))
            else:
                cells.append(str(value))
        writer.writerow([*cells, *(statuses.get(i, "") for i in ids)])
    return out.getvalue().encode("utf-8")


def render_table(cohort: Cohort, max_width: int | None = None) -> bytes:
    ids = list(cohort.requirements)
    headers = [_("NAME"), _("INSTITUTION"), _("SETTING"), _("RISK"), _("HOURS"),
               _("LAST ACTIVITY"), _("REQUIREMENTS"), _("WHY")]
    rows = []
    for person in cohort.people:
        statuses = person.statuses
        progress = person.progress
        hours = format_hours(progress.hours_this_year)
        if progress.hours_target is not None:
            hours += "/" + format_hours(progress.hours_target)
        rows.append([
            person.profile.name or _("(no name)"), person.profile.institution,
            setting_label(person.profile.setting), risk_label(person.risk), hours,
            person.last_activity.isoformat() if person.last_activity else "-",
            "".join(STATUS_LETTERS.get(statuses.get(i, ""), " ") for i in ids),
            person.risk_reason,
        ])
    # The reason is the column cut to fit: its start says the most.
    out = table(headers, rows, align_right=(4,), max_width=max_width, shrink=7)
    legend = ", ".join(f"{letter} {status_label(status)}"
                       for status, letter in STATUS_LETTERS.items())
    order = ", ".join(f"{n} {rid}" for n, rid in enumerate(ids, start=1))
    out += "\n" + _("{people} as at {date}, most at risk first.").format(
        people=count(len(cohort.people), "person"), date=cohort.as_of.isoformat()) + "\n"
    out += _("REQUIREMENTS, one letter each: {legend}").format(legend=legend) + "\n"
    if ids:
        out += _("in this order: {order}").format(order=order) + "\n"
    return out.encode("utf-8")


def render_html(cohort: Cohort) -> bytes:
    ids = list(cohort.requirements)
    title = _("Cohort progress as at {date}").format(date=cohort.as_of.isoformat())
    head = [_("Name"), _("EWC number"), _("Institution"), _("Setting"), _("Risk"),
            _("Why"), _("Hours this year"), _("Last activity")]
    parts = [f"<h1>{text(title)}</h1>\n<table>\n<thead><tr>"]
    parts += [f"<th>{text(h)}</th>" for h in head]
    parts += [f'<th title="{text(cohort.requirements[i])}">{n}</th>'
              for n, i in enumerate(ids, start=1)]
    parts.append("</tr></thead>\n<tbody>\n")
    for person in cohort.people:
        statuses = person.statuses
        progress = person.progress
        cells = [person.profile.name, person.profile.ewc_number, person.profile.institution,
                 setting_label(person.profile.setting), risk_label(person.risk),
                 person.risk_reason, format_hours(progress.hours_this_year),
                 person.last_activity.isoformat() if person.last_activity else "-"]
        parts.append("<tr>" + "".join(f"<td>{text(c)}</td>" for c in cells))
        for rid in ids:
            status = statuses.get(rid, "")
            parts.append(f'<td class="status {escape(status)}" title="{text(status_label(status))}">'
                         f"{text(STATUS_LETTERS.get(status, ''))}</td>")
        parts.append("</tr>\n")
    parts.append("</tbody></table>\n<h2>" + text(_("Requirements")) + "</h2>\n<ol>\n")
    parts += [f"<li>{text(cohort.requirements[i])} <span class=\"small\">({text(i)})</span></li>\n"
              for i in ids]
    parts.append("</ol>\n<p class=\"small\">" + text(", ".join(
        f"{letter} {status_label(status)}" for status, letter in STATUS_LETTERS.items()))
        + "</p>\n")
    if cohort.problems:
        parts.append("<h2>" + text(_("Skipped")) + "</h2>\n<ul>\n")
        parts += [f"<li>{text(p)}</li>\n" for p in cohort.problems]
        parts.append("</ul>\n")
    return page(title, "".join(parts), current_language())


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json, "html": render_html}
