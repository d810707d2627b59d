"""xAPI statements, checked by Ralph's strict pydantic model, not only our asserts."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from types import SimpleNamespace

from alnco.exports.xapi_export import COMPLETED, iso_duration, render_xapi, statements
from alnco.values import replace
from exports_helpers import HOSTILE, make_data
from exports_golden import check

VALIDATE = r"""
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
problems = []
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
    except Exception as error:
        problems.append(str(error))
print(json.dumps(problems))
"""


def ralph_problems(python: str, statements: list) -> list[str]:
    result = subprocess.run([python, "-c", VALIDATE], input=json.dumps(statements),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class Catalogue:
    def get(self, module_id):
        if module_id == "aln-code-essentials":
            return SimpleNamespace(provider="Dysgu",
                                   title={"en": "ALN Code essentials", "cy": "Hanfodion y Cod ADY"},
                                   summary={"en": "The Code, chapter by chapter",
                                            "cy": "Y Cod, fesul pennod"})
        return None


def test_golden() -> None:
    check("statements.xapi.json", render_xapi(make_data(catalogue=Catalogue())))


def test_ralph_accepts_every_statement_including_hostile_text(ralph) -> None:
    data = make_data(catalogue=Catalogue())
    produced = statements(data)
    assert len(produced) == 2
    assert ralph_problems(ralph, produced) == []
    no_ewc = make_data(profile=make_data().profile.__class__(name=HOSTILE))
    assert ralph_problems(ralph, statements(no_ewc)) == []


def test_ralph_would_catch_a_broken_statement(ralph) -> None:
    [good, _] = statements(make_data(catalogue=Catalogue()))
    broken = json.loads(json.dumps(good))
    broken["timestamp"] = "2026-09-15 at noon"
    broken["result"]["duration"] = "90 minutes"
    assert len(ralph_problems(ralph, [broken])) == 1


def test_statement_ids_are_entry_ids_and_planned_entries_are_left_out() -> None:
    data = make_data()
    produced = statements(data)
    assert [s["id"] for s in produced] == [e.id for e in data.entries if e.status == "completed"]
    assert all(s["verb"]["id"] == COMPLETED for s in produced)


def test_actor_is_an_ewc_account_or_an_opaque_id_never_an_email() -> None:
    [first, *_] = statements(make_data())
    assert first["actor"]["account"] == {"homePage": "https://www.ewc.wales/", "name": "123456"}
    [anon, *_] = statements(make_data(profile=replace(make_data().profile, ewc_number="")))
    assert anon["actor"]["account"] == {"homePage": "https://lrs.example.org/alnco/",
                                        "name": "opaque-1"}
    assert "mbox" not in json.dumps(anon)


def test_object_iri_names_and_timestamp() -> None:
    [module, free] = statements(make_data(catalogue=Catalogue()))
    assert module["object"]["id"] == "https://lrs.example.org/alnco/modules/aln-code-essentials"
    assert module["object"]["definition"]["name"] == {"en-GB": "ALN Code essentials",
                                                      "cy-GB": "Hanfodion y Cod ADY"}
    assert module["object"]["definition"]["description"]["cy-GB"] == "Y Cod, fesul pennod"
    assert free["object"]["id"].startswith("https://lrs.example.org/alnco/entries/")
    assert free["object"]["definition"]["name"] == {"en-GB": HOSTILE}
    assert module["timestamp"] == "2026-09-15T00:00:00+01:00"  # BST
    assert module["result"]["duration"] == "PT1H30M"
    assert "reflection" not in json.dumps(module) and "Useful" not in json.dumps(module)


def test_durations() -> None:
    assert iso_duration(Decimal("1.5")) == "PT1H30M"
    assert iso_duration(Decimal("2")) == "PT2H"
    assert iso_duration(Decimal("0.01")) == "PT36S"
    assert iso_duration(Decimal("0.25")) == "PT15M"
