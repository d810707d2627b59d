"""`alnco report` outputs: a text table for the terminal, CSV for spreadsheets
(same guards as the csv export), JSON for scripts, and a printable HTML page."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from html import escape
from typing import Any

from alnco.exports.cells import identifier_text, spreadsheet_text
from alnco.exports.cohort import Cohort, Person
from alnco.exports.html_report import page, text
from alnco.exports.labels import (risk_label, setting_label, status_label, status_legend,
                                  status_letter)
from alnco.i18n import _, current_language
from alnco.model import format_hours, hours_number
from alnco.numerals import count
from alnco.output import table
from alnco.progress.risk import RISKS

FIXED = ("name", "ewc_number", "institution", "setting", "risk", "risk_reason", "hours_this_year",
         "hours_target", "last_activity", "framework", "source", "owner", "ewc_shared_with")
FLAG = "!"  # marks a row whose EWC number someone else handed in too


def owner(person: Person) -> str:
    """Who handed the file in (its owner's login), "" when unknown."""
    return getattr(person, "owner", "") or ""


def shared_with(person: Person) -> tuple[str, ...]:
    """Other owners whose files carry this person's EWC number."""
    return tuple(getattr(person, "ewc_shared_with", ()) or ())


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
        "owner": owner(person),
        "ewc_shared_with": list(shared_with(person)),
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
            if isinstance(value, list):
                value = " ".join(value)
            if value is None:
                cells.append("")
            elif name == "ewc_number":  # stays text, leading zero and all (cells.py)
                cells.append(identifier_text(value))
            elif isinstance(value, str):
                cells.append(spreadsheet_text(value))
            else:
                cells.append(str(value))
        writer.writerow([*cells, *(statuses.get(i, "") for i in ids)])
    return out.getvalue().encode("utf-8")


def columns(cohort: Cohort) -> list[tuple[str, tuple[str, ...]]]:
    """(title, requirement ids) for each status column, in the cohort's order.

    Requirements of different frameworks with the same title (reg 27 for
    schools and reg 28 for FEIs are both "Prescribed qualification or
    experience") share one column, each person's cell from their own
    framework, so no two columns carry the same title. Should one person have
    two of them, they stay apart, told apart by their ids.
    """
    by_title: dict[str, list[str]] = {}
    for rid, title in cohort.requirements.items():
        by_title.setdefault(title, []).append(rid)
    held = [set(person.statuses) for person in cohort.people] \
        if any(len(ids) > 1 for ids in by_title.values()) else []
    found: list[tuple[str, tuple[str, ...]]] = []
    for title, ids in by_title.items():
        if len(ids) > 1 and any(len(has.intersection(ids)) > 1 for has in held):
            found += [(f"{title} ({rid})", (rid,)) for rid in ids]
        else:
            found.append((title, tuple(ids)))
    return found


def cell_status(statuses: dict[str, str], ids: tuple[str, ...]) -> str:
    """The person's status in a column, "" when it is outside their framework."""
    return next((statuses[rid] for rid in ids if rid in statuses), "")


def hours_cell(person: Person) -> str:
    """"4 / 30 h" (hours this year of the target), or "4 h" with no target."""
    progress = person.progress
    done = format_hours(progress.hours_this_year)
    if progress.hours_target is None:
        return _("{hours} h").format(hours=done)
    return _("{done} / {target} h").format(done=done, target=format_hours(progress.hours_target))


def render_table(cohort: Cohort, max_width: int | None = None) -> bytes:
    cols = columns(cohort)
    headers = [_("NAME"), _("INSTITUTION"), _("SETTING"), _("RISK"), _("HOURS"),
               _("LAST ACTIVITY"), _("REQUIREMENTS"), _("WHY")]
    rows = []
    flagged = False
    for person in cohort.people:
        statuses = person.statuses
        progress = person.progress
        hours = format_hours(progress.hours_this_year)
        if progress.hours_target is not None:
            hours += "/" + format_hours(progress.hours_target)
        name = person.profile.name or _("(no name)")
        if shared_with(person):
            name += " " + FLAG
            flagged = True
        rows.append([
            name, person.profile.institution,
            setting_label(person.profile.setting), risk_label(person.risk), hours,
            person.last_activity.isoformat() if person.last_activity else "-",
            "".join(status_letter(cell_status(statuses, ids)) for _title, ids in cols),
            person.risk_reason,
        ])
    # The reason is the column cut to fit: its start says the most.
    out = table(headers, rows, align_right=(4,), max_width=max_width, shrink=7)
    order = ", ".join(f"{n} {'/'.join(ids)}" for n, (_title, ids) in enumerate(cols, start=1))
    out += "\n" + _("{people} as at {date}, most at risk first.").format(
        people=count(len(cohort.people), "person"), date=cohort.as_of.isoformat()) + "\n"
    out += _("REQUIREMENTS, one letter each: {legend}").format(legend=status_legend()) + "\n"
    if cols:
        out += _("in this order: {order}").format(order=order) + "\n"
    if flagged:
        out += shared_note() + "\n"
    return out.encode("utf-8")


def shared_note() -> str:
    return _("{flag} after a name: someone else handed in a file with the same EWC number; "
             "check who is who before relying on the row (the CSV and JSON name the owners).") \
        .format(flag=FLAG)


STYLE = """
@page { size: A4 landscape; margin: 9mm 8mm; }
table { margin-top: .3em; }
th { vertical-align: bottom; }
td.num, td.st, th.st { white-space: nowrap; }
td.st, th.st { text-align: center; padding-left: .2em; padding-right: .2em; font-weight: 600; }
.counts { margin: .2em 0; font-size: 11pt; }
.counts .high, td.high, .st.overdue, .st.behind, .flag { color: #a00; }
.counts .high, td.high, .flag { font-weight: 700; }
.st.met { color: #064; }
.st.not_applicable, .st.none { color: #888; font-weight: 400; }
tr.shared td { background: #fdecea; }
tr.shared td:first-child { box-shadow: inset 3px 0 #a00; }
.legend { margin: .2em 0 .4em; }
@media print {
  body { font-size: 7.5pt; line-height: 1.2; }
  h1 { font-size: 12pt; margin: 0; }
  h2 { font-size: 9.5pt; }
  .counts { font-size: 9pt; }
  th, td { padding: .08em .3em; }
  .small { font-size: 7pt; }
  tr.shared td, td.st { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def render_html(cohort: Cohort) -> bytes:
    cols = columns(cohort)
    title = _("Cohort progress as at {date}").format(date=cohort.as_of.isoformat())
    with_owner = any(owner(p) for p in cohort.people)
    flagged = any(shared_with(p) for p in cohort.people)
    risks = Counter(p.risk for p in cohort.people)
    counts = " · ".join(f'<span class="{escape(r)}">{text(_capital(risk_label(r)))} {risks[r]}'
                        "</span>" for r in RISKS)
    parts = [f"<h1>{text(title)}</h1>\n",
             f'<p class="counts">{counts} · {text(count(len(cohort.people), "person"))}</p>\n',
             f'<p class="small legend">{text(status_legend())}']
    if flagged:
        parts.append(f'<br><strong class="flag">{text(FLAG)}</strong> '
                     + text(_("This EWC number was also handed in by another owner (named in "
                              "the row): check who is who before relying on the row.")))
    parts.append("</p>\n<table>\n<thead><tr>")
    head = [_("Name"), *([_("Owner")] if with_owner else []), _("EWC number"), _("Institution"),
            _("Setting"), _("Risk"), _("Why"), _("Hours this year"), _("Last activity")]
    parts += [f"<th>{text(h)}</th>" for h in head]
    parts += [f'<th class="st" title="{text(column_title)}">{n}</th>'
              for n, (column_title, _ids) in enumerate(cols, start=1)]
    parts.append("</tr></thead>\n<tbody>\n")
    for person in cohort.people:
        parts.append(_html_row(person, cols, with_owner))
    parts.append("</tbody></table>\n<h2>" + text(_("Requirements")) + "</h2>\n<ol>\n")
    parts += [f"<li>{text(column_title)} <span class=\"small\">({text(', '.join(ids))})</span>"
              "</li>\n" for column_title, ids in cols]
    parts.append("</ol>\n")
    if cohort.problems:
        parts.append("<h2>" + text(_("Skipped")) + "</h2>\n<ul>\n")
        parts += [f"<li>{text(p)}</li>\n" for p in cohort.problems]
        parts.append("</ul>\n")
    return page(title, "".join(parts), current_language(), extra_style=STYLE)


def _html_row(person: Person, cols: list[tuple[str, tuple[str, ...]]], with_owner: bool) -> str:
    profile = person.profile
    others = shared_with(person)
    name = text(profile.name)
    ewc = text(profile.ewc_number)
    row = ["<tr>"]
    if others:
        row = ['<tr class="shared">']
        name += f' <strong class="flag">{text(FLAG)}</strong>'
        ewc += '<br><span class="small flag">' + text(_("also from {owners}").format(
            owners=", ".join(others))) + "</span>"
    row.append(f"<td>{name}</td>")
    if with_owner:
        row.append(f"<td>{text(owner(person))}</td>")
    row.append(f"<td>{ewc}</td>")
    row += [f"<td>{text(profile.institution)}</td>",
            f"<td>{text(setting_label(profile.setting))}</td>",
            f'<td class="{escape(person.risk)}">{text(risk_label(person.risk))}</td>',
            f"<td>{text(person.risk_reason)}</td>",
            f'<td class="num">{text(hours_cell(person))}</td>',
            # ISO, and never wrapped ("2026-" / "11-11" was hard to read)
            f'<td class="date">{person.last_activity.isoformat() if person.last_activity else "-"}'
            "</td>"]
    statuses = person.statuses
    for column_title, ids in cols:
        status = cell_status(statuses, ids)
        label = status_label(status) if status else _("not in their framework")
        row.append(f'<td class="st {escape(status or "none")}" title="{text(label)}">'
                   f"{text(status_letter(status))}</td>")
    row.append("</tr>\n")
    return "".join(row)


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json, "html": render_html}
