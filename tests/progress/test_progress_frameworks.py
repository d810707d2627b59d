"""The shipped frameworks, their validation, and a co-ordinator's local overrides."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from alnco.errors import InputError
from alnco.model import Profile
from alnco.progress.frameworks import (
    FRAMEWORK_FOR_SETTING,
    framework_for,
    load_framework,
    parse_framework,
    shipped_ids,
)


@pytest.mark.parametrize("framework_id", ["alnco-school-2021", "alnco-fei-2021"])
def test_every_shipped_requirement_cites_its_source_and_basis(framework_id) -> None:
    fw = load_framework(framework_id)
    assert fw.id == framework_id and fw.title["cy"]
    kinds = {r.kind for r in fw.requirements}
    assert kinds == {"declaration", "task_coverage", "hours", "named_modules", "qualification"}
    for req in fw.requirements:
        assert req.citation and req.basis in ("statutory", "guidance", "local")
        assert req.title["en"] and req.title["cy"]
    assert fw.law_checked_on is not None  # every framework says when its law was checked
    tasks = [r for r in fw.requirements if r.kind == "task_coverage"]
    assert [r.params["task"] for r in tasks] == list("abcdefgh")
    for r in tasks:  # the task is the law; the learning target is local policy
        assert r.basis == "local"
        if fw.setting == "school":  # reg 29 was read word for word
            assert f"reg 29({r.params['task']})" in r.citation and r.confirmed
            assert f"rheoliad 29({r.params['task']})" in r.citation_in("cy")
        else:  # reg 30 was not read: no paragraph letters are claimed for it
            assert "reg 30 " in r.citation and "reg 30(" not in r.citation
            assert not r.confirmed
    [decl] = [r for r in fw.requirements if r.kind == "declaration"]
    assert decl.basis == "statutory" and not decl.confirmed  # regs 27/28 were not read
    assert decl.citation == ("WSI 2021/401 reg 27" if fw.setting == "school"
                             else "WSI 2021/401 reg 28")
    assert decl.citation_in("cy").startswith("OS 2021/401 (Cy. 130), rheoliad 2")
    [qual] = [r for r in fw.requirements if r.kind == "qualification"]
    # The 2017 draft plan was never enacted: a local, recommended line that cites it as history.
    assert qual.basis == "local" and qual.recommended
    assert "2017 draft" in qual.citation and "never enacted" in qual.citation
    for r in fw.requirements:
        if r.kind in ("hours", "named_modules"):
            assert r.basis == "local"
        assert r.citation_in("cy") != r.citation  # Welsh output cites in Welsh


def test_registration_is_the_core_condition_of_the_statutory_line() -> None:
    school = load_framework("alnco-school-2021").get("reg27-qualification-or-experience")
    assert school.params["rule"] == (("school-teacher",),)
    assert {"relevant-services-experience", "former-senco"} <= set(school.params["keys"])
    fei = load_framework("alnco-fei-2021").get("reg28-qualification-or-experience")
    assert fei.params["rule"] == (("fe-teacher",), ("fe-learning-support-worker",))


def test_the_fei_framework_says_higher_education_students_are_outside_it() -> None:
    fei = load_framework("alnco-fei-2021")
    assert "higher-education" in fei.description_in("en")
    assert "addysg uwch" in fei.description_in("cy")


def test_framework_for_follows_the_setting() -> None:
    assert set(shipped_ids()) >= set(FRAMEWORK_FOR_SETTING.values())
    assert framework_for(Profile(setting="fei")).id == "alnco-fei-2021"
    assert framework_for(Profile(setting="school")).id == "alnco-school-2021"
    assert framework_for(None).id == "alnco-school-2021"


def test_unknown_framework_is_refused_with_the_known_ones() -> None:
    with pytest.raises(InputError, match="alnco-school-2021"):
        load_framework("nope")


def test_validation_reports_every_problem_at_once() -> None:
    bad = {"id": "x", "setting": "school", "version": 1, "title": {"en": "X"}, "colour": 1,
           "requirements": [
               {"id": "q", "kind": "qualification", "basis": "statutory", "citation": "c",
                "title": {"en": "Q"}, "params": {"declaration_key": "k", "credits": 60}},
               {"id": "h", "kind": "hours", "basis": "local", "citation": "",
                "title": {"en": "H"}, "params": {"target_hours": -1, "extra": 2}},
               {"id": "h", "kind": "magic", "basis": "law", "citation": "c", "title": {}},
           ]}
    with pytest.raises(InputError) as caught:
        parse_framework(bad, "bad.toml")
    message = str(caught.value)
    for part in ["unknown field 'colour'", "never statutory", "needs a citation",
                 "'target_hours' must be more than 0", "unknown parameter 'extra'",
                 "kind must be one of", "basis must be statutory, guidance or local"]:
        assert part in message, part


def write_override(system_dir: Path, text: str, framework_id="alnco-school-2021") -> SimpleNamespace:
    folder = system_dir / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{framework_id}.toml").write_text(text, encoding="utf-8")
    return SimpleNamespace(system_dir=system_dir)


def test_coordinator_sets_local_values(tmp_path: Path) -> None:
    ctx = write_override(tmp_path, """
framework = "alnco-school-2021"
[requirements.hours-per-year]
target_hours = 35.5
[requirements.induction]
modules = ["la-induction-1", "la-induction-2"]
period_months = 6
citation = "Cardiff ALNCO induction policy 2026"
[requirements.task-c]
min_hours = 6
window_years = 2
""")
    fw = load_framework("alnco-school-2021", ctx)
    assert fw.get("hours-per-year").params["target_hours"] == Decimal("35.5")
    induction = fw.get("induction")
    assert induction.params["modules"] == ("la-induction-1", "la-induction-2")
    assert induction.params["period_months"] == 6 and induction.basis == "local"
    assert induction.citation == "Cardiff ALNCO induction policy 2026"
    assert fw.get("task-c").params["min_hours"] == Decimal(6)
    assert fw.get("task-c").overridden == ("min_hours", "window_years")
    assert fw.get("task-a").params["min_hours"] == Decimal(3)  # untouched
    assert load_framework("alnco-school-2021").get("task-c").params["min_hours"] == Decimal(3)


@pytest.mark.parametrize("text, words", [
    ('[requirements.reg27-qualification-or-experience]\ncitation = "x"\n',
     ["statutory", "'citation' cannot"]),
    ('[requirements.reg27-qualification-or-experience]\n'
     'rule = [["school-teacher"], ["former-senco"]]\n', ["statutory", "never looser"]),
    ('[requirements.reg27-qualification-or-experience]\nrule = [["nobody"]]\n',
     ["unknown keys: nobody"]),
    ('[requirements.reg27-qualification-or-experience]\nevidence_required = false\n',
     ["evidence cannot be made optional"]),
    ('[requirements.reg27-qualification-or-experience]\nbasis = "local"\n', ["statutory"]),
    ('[requirements.hours-per-year]\nbasis = "statutory"\n', ["basis cannot be changed"]),
    ('[requirements.no-such-thing]\ntarget_hours = 3\n', ["unknown requirement 'no-such-thing'",
                                                        "hours-per-year"]),
    ('[requirements.hours-per-year]\ntarget_hours = "lots"\n', ["must be a number"]),
    ('[requirements.task-a]\ntask = "b"\n', ["'task' cannot be set locally"]),
    ('[requirements.task-a]\nconfirmed = true\n', ["'confirmed' cannot be set locally"]),
    ('framework = "alnco-fei-2021"\n', ["is for 'alnco-school-2021'"]),
    ('[requirements.hours-per-year\n', ["not valid TOML"]),
])
def test_refused_overrides_say_why(tmp_path: Path, text: str, words: list[str]) -> None:
    ctx = write_override(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_framework("alnco-school-2021", ctx)
    for word in words:
        assert word in str(caught.value)
    assert str(tmp_path) in str(caught.value)  # names the file to fix


def test_recommended_values_can_be_set_locally_but_stay_recommended(tmp_path: Path) -> None:
    ctx = write_override(tmp_path, "[requirements.postgraduate-aln-qualification]\n"
                                   "within_months = 36\ncredits = 180\n")
    qual = load_framework("alnco-school-2021", ctx).get("postgraduate-aln-qualification")
    assert qual.recommended and qual.params["within_months"] == 36


def test_a_statutory_rule_can_be_tightened_locally(tmp_path: Path) -> None:
    """Registration and experience both, with evidence: stricter, so allowed."""
    ctx = write_override(tmp_path, "[requirements.reg27-qualification-or-experience]\n"
                                   'rule = [["school-teacher", "relevant-services-experience"]]\n')
    decl = load_framework("alnco-school-2021", ctx).get("reg27-qualification-or-experience")
    assert decl.params["rule"] == (("relevant-services-experience", "school-teacher"),)
    assert decl.overridden == ("rule",) and decl.basis == "statutory"


@pytest.mark.parametrize("framework_id", ["alnco-school-2021", "alnco-fei-2021"])
def test_shipped_induction_modules_are_in_the_shipped_catalogue(framework_id) -> None:
    from datetime import date

    from alnco.catalogue.layers import shipped_result

    shipped = {m.id: m for m in shipped_result().modules}
    for req in load_framework(framework_id).requirements:
        if req.kind == "named_modules":
            for module_id in req.params["modules"]:
                assert module_id in shipped, module_id
                assert shipped[module_id].is_available(date(2026, 11, 3)), module_id
