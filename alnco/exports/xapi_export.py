"""xAPI 1.0.3 statements, one per completed entry.

- The statement id is the entry id, so sending twice is harmless: an LRS keeps
  the first and acknowledges the second.
- The actor is an account: EWC number at the EWC's home page, or, without one,
  an opaque id kept in the record, never an email address.
- Planned entries are skipped: a statement says an experience happened, and
  xAPI statements cannot be changed once stored, so a "planned" statement would
  block the "completed" one later sent under the same id.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Mapping

from alnco.exports.document import ExportData
from alnco.model import Entry

VERSION = "1.0.3"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
DEFAULT_BASE = "https://alnco.invalid/xapi/"
EWC_HOME = "https://www.ewc.wales/"
BASE_VARIABLE = "ALNCO_XAPI_BASE"
# A fixed namespace turns ids that are not UUIDs (hand-made imports) into stable ones.
_NAMESPACE = uuid.UUID("8f3c6a52-4d51-4b8e-9a57-2b1f6c0e7d31")
_LANGS = {"en": "en-GB", "cy": "cy-GB"}


def activity_base(environ: Mapping[str, str], option: str | None = None) -> str:
    base = (option or environ.get(BASE_VARIABLE) or DEFAULT_BASE).strip()
    return base if base.endswith(("/", ":", "#")) else base + "/"


def statement_id(entry: Entry) -> str:
    return statement_id_of(entry.id)


def statement_id_of(entry_id: str) -> str:
    try:
        return str(uuid.UUID(entry_id))
    except ValueError:
        return str(uuid.uuid5(_NAMESPACE, entry_id))


def iso_duration(hours: Decimal) -> str:
    """`PT1H30M`; hours have at most two decimals, so seconds are whole."""
    seconds = int((hours * 3600).to_integral_value())
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{h}H" if h else "", f"{m}M" if m else "", f"{s}S" if s else ""]
    return "PT" + ("".join(parts) or "0S")


def occurred(day: date) -> str:
    """Midnight at the start of `day` in Wales, with its UTC offset (GMT or BST)."""
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo("Europe/London")
    except Exception:  # no tz database: UTC is still a correct timestamp
        from datetime import timezone as zone  # type: ignore[assignment]

        zone = zone.utc  # type: ignore[assignment]
    return datetime.combine(day, time(0, 0), zone).isoformat()


def actor(data: ExportData) -> dict[str, Any]:
    profile = data.profile
    if profile.ewc_number.strip():
        account = {"homePage": EWC_HOME, "name": profile.ewc_number.strip()}
    else:
        account = {"homePage": data.xapi["base"], "name": data.xapi["actor_id"]}
    agent: dict[str, Any] = {"objectType": "Agent", "account": account}
    if profile.name.strip():
        agent["name"] = profile.name.strip()
    return agent


def _language_map(texts: Mapping[str, str]) -> dict[str, str]:
    return {_LANGS[lang]: text for lang, text in texts.items() if lang in _LANGS and text}


def activity(data: ExportData, entry: Entry) -> dict[str, Any]:
    base = data.xapi["base"]
    module = data.module(entry.module_id)
    if entry.module_id:
        iri = base + "modules/" + _segment(entry.module_id)
    else:
        iri = base + "entries/" + statement_id(entry)
    if module is not None:
        definition = {"name": _language_map(module.title) or {"en-GB": entry.title}}
        description = _language_map(module.summary)
        if description:
            definition["description"] = description
    else:
        # A free title is in the language the person wrote it in: assume theirs.
        definition = {"name": {_LANGS.get(data.language, "en-GB"): entry.title}}
    definition["type"] = "http://adlnet.gov/expapi/activities/course"
    return {"objectType": "Activity", "id": iri, "definition": definition}


def _segment(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="-._~")


def statement(data: ExportData, entry: Entry, agent: dict[str, Any]) -> dict[str, Any]:
    extensions: dict[str, Any] = {data.xapi["base"] + "extensions/tasks": list(entry.tasks)}
    # Reflections and evidence stay out: they are personal, and an LRS is shared.
    result: dict[str, Any] = {"completion": True, "duration": iso_duration(entry.hours)}
    return {
        "id": statement_id(entry),
        "actor": agent,
        "verb": {"id": COMPLETED, "display": {"en-GB": "completed", "cy-GB": "cwblhawyd"}},
        "object": activity(data, entry),
        "result": result,
        "context": {"platform": "alnco", "language": _LANGS.get(data.language, "en-GB"),
                    "extensions": extensions},
        "timestamp": occurred(entry.date),
    }


def statements(data: ExportData) -> list[dict[str, Any]]:
    """Statements for the completed entries, oldest first."""
    agent = actor(data)
    return [statement(data, e, agent) for e in data.entries if e.status == "completed"]


def render_xapi(data: ExportData) -> bytes:
    from alnco.output import safe_json_text

    text = safe_json_text(json.dumps(statements(data), ensure_ascii=False, indent=2))
    return (text + "\n").encode("utf-8")
