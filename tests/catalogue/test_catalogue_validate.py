"""Validation reports every problem at once, with file, line and module id."""

from __future__ import annotations

from alnco.catalogue.csv_rows import load_csv_text
from alnco.catalogue.loader import load_text

BROKEN = '''# a catalogue with one mistake of each kind
[[module]]
id = "good-one"
title = { en = "Fine" }
mode = "online"
level = "awareness"
hours = 1

[[module]]
id = "good-one"
title = { en = "Duplicate" }
mode = "online"
level = "awareness"
hours = 1

[[module]]
id = "no-english"
title = { cy = "Dim ond Cymraeg" }
mode = "online"
level = "awareness"
hours = 1

[[module]]
id = "bad-bits"
title = { en = "Bad bits" }
mode = "webinar"
level = "expert"
hours = 0
tasks = ["a", "z"]
url = "www.example"
languages = ["fr"]
colour = "red"

[[module]]
id = "Not A Slug"
title = { en = "Dates" }
mode = "online"
level = "accredited"
hours = 1.234
available_from = 2026-09-01
withdrawn_on = 2026-01-01
'''


def test_every_problem_in_a_file_is_reported_at_once_with_its_line() -> None:
    result = load_text(BROKEN, "cat.toml", "user")
    lines = {(p.line, p.module_id, p.field) for p in result.problems}
    assert (10, "good-one", "id") in lines                       # duplicate id
    assert (18, "no-english", "title") in lines                  # missing English title
    assert (26, "bad-bits", "mode") in lines
    assert (27, "bad-bits", "level") in lines
    assert (28, "bad-bits", "hours") in lines
    assert (29, "bad-bits", "tasks") in lines
    assert (30, "bad-bits", "url") in lines
    assert (31, "bad-bits", "languages") in lines
    assert (32, "bad-bits", "colour") in lines                   # unknown field
    assert (35, "Not A Slug", "id") in lines
    assert (39, "Not A Slug", "hours") in lines                  # more than 2 decimals
    assert (41, "Not A Slug", "withdrawn_on") in lines           # withdrawn before released
    assert (34, "Not A Slug", "credits") in lines                # no credits line: the header
    assert len(result.problems) == 13
    assert [m.id for m in result.modules] == ["good-one"]        # only the clean one is kept
    text = "\n".join(str(p) for p in result.problems)
    for words in ("duplicate id 'good-one'", "missing English title", "bad mode 'webinar'",
                  "unknown task letter 'z'", "bad URL 'www.example'", "bad language 'fr'",
                  "unknown field 'colour'", "bad hours 0", "cat.toml:32: module 'bad-bits'"):
        assert words in text


def test_problems_are_listed_in_file_order() -> None:
    lines = [p.line for p in load_text(BROKEN, "cat.toml", "user").problems]
    assert lines == sorted(lines)


def test_an_unknown_field_suggests_the_near_spelling(module_toml) -> None:
    text = module_toml("x", summery='{ en = "typo" }')
    [problem] = load_text(text, "f.toml", "user").problems
    assert "unknown field 'summery'" in problem.message and "'summary'" in problem.message


def test_hours_accept_a_spreadsheet_form_and_refuse_nonsense(module_toml) -> None:
    ok = load_text(module_toml("x", hours='"1h30"'), "f.toml", "user")
    assert ok.problems == [] and str(ok.modules[0].hours) == "1.5"
    for bad in ('"soon"', "1001", "-1", "true", '"1,5"', "nan"):
        result = load_text(module_toml("x", hours=bad), "f.toml", "user")
        assert [p.field for p in result.problems] == ["hours"], bad


def test_credits_belong_only_to_accredited_modules(module_toml) -> None:
    result = load_text(module_toml("x", credits="20"), "f.toml", "user")
    assert [p.field for p in result.problems] == ["credits"]
    result = load_text(module_toml("x", level='"accredited"', credits="0"), "f.toml", "user")
    assert [p.field for p in result.problems] == ["credits"]


def test_dates_must_be_dates(module_toml) -> None:
    result = load_text(module_toml("x", available_from='"next spring"',
                                   withdrawn_on="2026-01-01T10:00:00"), "f.toml", "user")
    assert sorted(p.field for p in result.problems) == ["available_from", "withdrawn_on"]
    for relative in ('"today"', '"friday"', '"31/02/2026"'):  # a catalogue date must not move
        result = load_text(module_toml("x", available_from=relative), "f.toml", "user")
        assert [p.field for p in result.problems] == ["available_from"], relative
    ok = load_text(module_toml("x", available_from='"3 Nov 2026"'), "f.toml", "user")
    assert str(ok.modules[0].available_from) == "2026-11-03"


def test_missing_required_fields_are_each_named(module_toml) -> None:
    text = module_toml("x", mode=None, level=None, hours=None)
    messages = sorted(p.message for p in load_text(text, "f.toml", "user").problems)
    assert messages == ["missing 'hours'", "missing 'level'", "missing 'mode'"]


def test_text_that_is_not_toml_gives_the_line_and_nothing_else() -> None:
    result = load_text('[[module]]\nid = "x"\ntitle = {en = "unclosed"\n', "f.toml", "user")
    assert result.unreadable and len(result.problems) == 1
    assert result.problems[0].line == 3 and "not valid TOML" in result.problems[0].message


def test_a_single_bracket_module_table_and_stray_keys_are_explained() -> None:
    result = load_text('name = "x"\n[module]\nid = "x"\n', "f.toml", "user")
    messages = " | ".join(p.message for p in result.problems)
    assert "unknown top-level key 'name'" in messages
    assert "[[module]] (two square brackets)" in messages


def test_csv_problems_carry_the_spreadsheet_row_line() -> None:
    text = ("id,title_en,hours,mode,level,tasks\n"
            "good,Fine,1,online,awareness,a\n"
            '"bad-row","Multi\nline title",lots,online,awareness,q\n'
            "good,Again,1,online,awareness,a\n")
    result = load_csv_text(text, "c.csv", "user")
    found = {(p.line, p.field) for p in result.problems}
    assert found == {(3, "hours"), (3, "tasks"), (5, "id")}


def test_csv_header_problems_are_on_line_one_and_keep_nothing() -> None:
    text = "id,title_en,hours,mode,colour\nx,X,1,online,red\n"
    result = load_csv_text(text, "c.csv", "user")
    messages = {p.message for p in result.problems}
    assert "unknown column 'colour'" in messages
    assert "no 'level' column in the header row" in messages
    assert all(p.line == 1 for p in result.problems if p.module_id is None)
    assert result.modules == []


def test_line_numbers_count_only_newlines(module_toml) -> None:
    text = ('[[module]]\nid = "sep"\ntitle = { en = "Line\u2028separator inside" }\n'
            'mode = "online"\nlevel = "awareness"\nhours = 1\n\n'
            + module_toml("later", hours="0"))
    [problem] = load_text(text, "f.toml", "user").problems
    assert (problem.module_id, problem.line) == ("later", 13)
