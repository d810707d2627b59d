"""`alnco catalogue ...` as a person or a script runs it (real processes)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

# INTERFACE.md's fields, then the ones added alongside them (never instead of them).
JSON_FIELDS = {"id", "title", "summary", "provider", "mode", "level", "credits", "hours",
               "tasks", "themes", "languages", "url", "source", "available_from",
               "withdrawn_on", "layer",
               "provider_cy", "themes_cy", "settings", "requires", "eligibility",
               "standards"}
HOSTILE = "Evil [/] [bold [@click=app.quit]x[/] \x1b]52;c;aGk=\x07 \x1b[2J \x9b31m end"


def one_error(result, code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alnco: error: "), result.stderr
    return lines[0]


def test_list_as_json_has_the_interface_field_names(alnco) -> None:
    result = alnco("catalogue", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout)
    assert len(modules) >= 40
    assert all(set(m) == JSON_FIELDS for m in modules)
    first = next(m for m in modules if m["id"] == "idp-writing")
    assert first["title"] == {"en": "Writing an individual development plan (IDP)",
                              "cy": "Ysgrifennu cynllun datblygu unigol (CDU)"}
    assert first["hours"] == 4 and isinstance(first["hours"], int)
    assert first["tasks"] == ["a", "c"] and first["layer"] == "shipped"
    assert "consortium-aln-network" not in {m["id"] for m in modules}  # withdrawn


def test_list_search_and_filters(alnco) -> None:
    result = alnco("catalogue", "list", "--search", "CYNLLUN datblygu", "--format", "json")
    assert [m["id"] for m in json.loads(result.stdout)][0] == "idp-writing"
    result = alnco("catalogue", "list", "--task", "G", "--language", "bilingual",
                   "--level", "practice", "--format", "json")
    found = json.loads(result.stdout)
    assert found and all("g" in m["tasks"] and m["level"] == "practice"
                         and set(m["languages"]) == {"en", "cy"} for m in found)
    result = alnco("catalogue", "list", "--search", "no such words anywhere")
    assert result.returncode == 0 and "No modules match" in result.stdout


def test_list_table_and_csv(alnco) -> None:
    table = alnco("catalogue", "list", "--provider", "national ma")
    assert table.returncode == 0
    assert "ma-leadership-management-aln" in table.stdout and "3 modules" in table.stdout
    rows = list(csv.DictReader(io.StringIO(alnco("catalogue", "list", "--format",
                                                 "csv").stdout)))
    assert len(rows) >= 40 and rows[0]["title_cy"] and rows[0]["layer"] == "shipped"


def test_list_csv_can_be_imported_back(alnco, tmp_path: Path) -> None:
    exported = alnco("catalogue", "list", "--theme", "further education", "--format", "csv")
    (tmp_path / "fe.csv").write_text(exported.stdout, encoding="utf-8")
    result = alnco("catalogue", "import", "fe.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "would override the shipped module" in result.stdout
    shown = json.loads(alnco("catalogue", "show", "fei-alnco-role", "--format", "json").stdout)
    original = json.loads(alnco("catalogue", "list", "--format", "json",
                                "--search", "fei-alnco-role").stdout)[0]
    assert shown["layer"] == "user"
    assert {k: v for k, v in shown.items() if k != "layer"} == {
        k: v for k, v in original.items() if k != "layer"}


def test_show_names_the_layer_and_explains_the_tasks(alnco) -> None:
    result = alnco("catalogue", "show", "supervising-learning-support-workers")
    assert result.returncode == 0, result.stderr
    assert "Layer:" in result.stdout and "shipped" in result.stdout
    assert "(g) Supervise and train school learning support workers" in result.stdout
    assert "Goruchwylio a datblygu gweithwyr cymorth dysgu" in result.stdout
    data = json.loads(alnco("catalogue", "show", "pgcert-autism", "--format", "json").stdout)
    assert set(data) == JSON_FIELDS and data["credits"] == 60


def test_json_keeps_provider_and_themes_in_english_with_welsh_alongside(alnco) -> None:
    data = json.loads(alnco("catalogue", "show", "idp-writing", "--format", "json",
                            "--lang", "cy").stdout)
    assert data["provider"] == "Welsh Government"            # the contract, in any language
    assert data["provider_cy"] == "Llywodraeth Cymru"
    assert data["themes"] == ["IDPs", "induction"]
    assert data["themes_cy"] == ["CDUau", "cynefino"]
    assert data["settings"] == ["school", "fei"] and data["requires"] == []
    assert data["eligibility"] == {"en": "", "cy": ""}
    ma = json.loads(alnco("catalogue", "show", "ma-leadership-management-aln",
                          "--format", "json").stdout)
    assert ma["settings"] == ["school"] and ma["requires"] == ["school-teacher"]
    assert "QTS" in ma["eligibility"]["en"] and "SAC" in ma["eligibility"]["cy"]


def test_show_in_welsh_names_the_provider_themes_and_who_it_is_for_in_welsh(alnco) -> None:
    result = alnco("catalogue", "show", "ma-leadership-management-aln", "--lang", "cy")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "MA Cenedlaethol mewn Addysg (Cymru)" in out
    assert "arweinyddiaeth; ôl-raddedig" in out
    assert "ysgolion yn unig" in out
    assert "school-teacher (Wedi cofrestru gyda Chyngor y Gweithlu Addysg" in out
    assert "Nid yw ar agor i gydlynwyr ADY mewn sefydliadau addysg bellach" in out
    assert "Goruchwylio a hyfforddi gweithwyr cymorth dysgu" in out  # task (g)
    lines = alnco("catalogue", "show", "idp-writing", "--lang", "cy").stdout.splitlines()
    provider = next(line for line in lines if line.startswith("Darparwr:"))
    assert provider.split(":", 1)[1].strip() == "Llywodraeth Cymru"
    themes = next(line for line in lines if line.startswith("Themâu:"))
    assert themes.split(":", 1)[1].strip() == "CDUau; cynefino"


def test_show_in_english_says_who_a_module_is_for(alnco) -> None:
    out = alnco("catalogue", "show", "fei-alnco-role").stdout
    assert "Provider:" in out and "Welsh Government" in out
    assert "further education institutions only" in out
    out = alnco("catalogue", "show", "ma-inclusive-classroom-practice").stdout
    assert "schools only" in out
    assert "school-teacher (Registered with the EWC as a school teacher)" in out
    assert "Eligibility:" in out and "qualified teacher status (QTS)" in out
    out = alnco("catalogue", "show", "idp-writing").stdout
    assert "schools and further education institutions" in out
    assert "Requires:" not in out and "Eligibility:" not in out


def test_validate_reports_eligibility_and_welsh_name_problems(alnco, tmp_path: Path,
                                                              module_toml) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(module_toml("who", settings='["college"]', requires='["teacher"]',
                               eligibility='{ cy = "Athrawon yn unig" }',
                               provider='{ en = "X", fr = "Y" }',
                               themes='[{ cy = "pontio" }]'), encoding="utf-8")
    result = alnco("catalogue", "validate", str(bad))
    assert "5 problems" in one_error(result, 1)
    out = result.stdout
    assert "bad.toml:9: module 'who': bad setting 'college' in settings" in out
    assert "bad.toml:10: module 'who': unknown declaration key 'teacher' in requires" in out
    assert "the known keys are school-teacher, fe-teacher" in out
    assert "bad.toml:11: module 'who': 'eligibility' has no English text" in out
    assert "bad.toml:12: module 'who': 'provider' has an unknown language 'fr'" in out
    assert "bad.toml:13: module 'who': 'themes' has no English text" in out


def test_show_unknown_and_bad_usage_exit_codes(alnco) -> None:
    assert "did you mean pgcert-autism" in one_error(
        alnco("catalogue", "show", "pgcert-autsim"), 1)
    one_error(alnco("catalogue", "list", "--task", "z"), 2)
    one_error(alnco("catalogue", "list", "--language", "fr"), 2)
    one_error(alnco("catalogue"), 2)


def test_validate_exit_codes_and_every_problem(alnco, tmp_path: Path, module_toml) -> None:
    good = tmp_path / "good.toml"
    good.write_text(module_toml("fresh", "Fresh") + module_toml("idp-writing", "Ours"),
                    encoding="utf-8")
    result = alnco("catalogue", "validate", str(good))
    assert result.returncode == 0, result.stderr
    assert "2 modules, no problems" in result.stdout
    assert "'idp-writing' would override the shipped module" in result.stdout

    bad = tmp_path / "bad.toml"
    bad.write_text(module_toml("one", hours="0") + module_toml("one", tasks='["x"]'),
                   encoding="utf-8")
    result = alnco("catalogue", "validate", str(bad))
    assert "3 problems" in one_error(result, 1)
    out = result.stdout.splitlines()
    assert any("bad.toml:6: module 'one': bad hours" in line for line in out)
    assert any("bad.toml:11: module 'one': duplicate id" in line for line in out)
    assert any("bad.toml:16: module 'one': unknown task letter 'x'" in line for line in out)
    assert "1 problem;" in one_error(alnco("catalogue", "validate", "missing.toml"), 1)


def test_validate_says_a_system_file_overrides_only_lower_layers(alnco, tmp_path: Path,
                                                                 module_toml) -> None:
    system = tmp_path / "etc-alnco" / "catalogue"
    system.mkdir(parents=True)
    (system / "region.toml").write_text(module_toml("idp-reviews", "Regional reviews"),
                                        encoding="utf-8")
    result = alnco("catalogue", "validate", str(system / "region.toml"))
    assert result.returncode == 0
    assert "system layer" in result.stdout
    assert "'idp-reviews' would override the shipped module" in result.stdout
    shown = alnco("catalogue", "show", "idp-reviews").stdout
    assert "system (overrides the shipped module with this id)" in shown


def test_import_refuses_invalid_input_and_lists_every_problem(alnco, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("id,title_en,hours,mode,level\nok,Fine,1,online,awareness\n"
                                      "Bad Id,,x,telepathy,awareness\n", encoding="utf-8")
    result = alnco("catalogue", "import", "bad.csv")
    assert "4 problems; nothing was imported" in one_error(result, 1)
    assert len(result.stdout.splitlines()) == 4
    assert all(line.startswith("bad.csv:3: module 'Bad Id'") for line in result.stdout.splitlines())
    assert not (tmp_path / "xdg-data" / "alnco" / "catalogue").exists()
    assert json.loads(alnco("catalogue", "list", "--search", "fine", "--format",
                            "json").stdout) == []


def test_hostile_catalogue_text_is_printed_safely(alnco, tmp_path: Path) -> None:
    evil = tmp_path / "evil.toml"
    escaped = HOSTILE.replace("\x1b", "\\u001b").replace("\x07", "\\u0007").replace(
        "\x9b", "\\u009b")
    evil.write_text(f'[[module]]\nid = "evil"\ntitle = {{ en = "{escaped}" }}\n'
                    f'summary = {{ en = "{escaped}" }}\nprovider = "{escaped}"\n'
                    'mode = "online"\nlevel = "awareness"\nhours = 1\n', encoding="utf-8")
    env = {"ALNCO_CATALOGUE": str(evil)}
    for args in (("catalogue", "list", "--search", "evil"),
                 ("catalogue", "list", "--search", "evil", "--format", "csv"),
                 ("catalogue", "list", "--search", "evil", "--format", "json"),
                 ("catalogue", "show", "evil"),
                 ("catalogue", "show", "evil", "--format", "json")):
        result = alnco(*args, env=env)
        assert result.returncode == 0, (args, result.stderr)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args
        assert "\x9b" not in result.stdout, args
        assert "[@click=app.quit]" in result.stdout and "[/]" in result.stdout, args
    data = json.loads(alnco("catalogue", "show", "evil", "--format", "json", env=env).stdout)
    assert data["title"]["en"] == HOSTILE  # JSON keeps the text exactly, escaped


def test_theme_and_provider_match_part_of_a_name(alnco) -> None:
    found = json.loads(alnco("catalogue", "list", "--theme", "MEDIUM", "--format", "json").stdout)
    assert [m["id"] for m in found] == ["welsh-medium-alp"]
    found = json.loads(alnco("catalogue", "list", "--provider", "dysgu", "--mode", "enquiry",
                             "--format", "json").stdout)
    assert [m["id"] for m in found] == ["enquiry-evaluating-intervention"]


def test_in_welsh_titles_lead_and_sort_in_welsh(alnco) -> None:
    shown = alnco("--lang", "cy", "catalogue", "show", "idp-writing").stdout
    assert shown.splitlines()[0].startswith("Ysgrifennu cynllun datblygu unigol (CDU)")
    listed = alnco("--lang", "cy", "catalogue", "list", "--provider", "welsh government").stdout
    header, *rows, _footer = listed.splitlines()
    titles = [row[header.index("TEITL"):] for row in rows]
    assert len(titles) >= 5 and "CDUau i fyfyrwyr mewn addysg bellach" in titles
    assert titles == sorted(titles, key=str.casefold)


def test_csv_cells_cannot_become_formulas_and_still_import_back(alnco, tmp_path: Path) -> None:
    risky = tmp_path / "risky.toml"
    risky.write_text('[[module]]\nid = "risky"\ntitle = { en = "=HYPERLINK(\\"http://x\\")" }\n'
                     'summary = { en = "-5 things", cy = "@cy" }\nmode = "online"\n'
                     'level = "awareness"\nhours = 1\n', encoding="utf-8")
    env = {"ALNCO_CATALOGUE": str(risky)}
    out = alnco("catalogue", "list", "--search", "risky", "--format", "csv", env=env).stdout
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["title_en"] == "'=HYPERLINK(\"http://x\")"
    assert row["summary_en"] == "'-5 things" and row["summary_cy"] == "'@cy"
    (tmp_path / "back.csv").write_text(out.replace(",", ";"), encoding="utf-8")  # a ; sheet
    assert alnco("catalogue", "import", "back.csv").returncode == 0
    shown = json.loads(alnco("catalogue", "show", "risky", "--format", "json").stdout)
    assert shown["title"]["en"] == '=HYPERLINK("http://x")'
    assert shown["summary"] == {"en": "-5 things", "cy": "@cy"}
