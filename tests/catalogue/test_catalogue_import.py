"""`alnco catalogue import`: CSV and TOML into the user's layer, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from alnco.catalogue.importing import Refused, import_file
from alnco.catalogue.layers import load_catalogue
from alnco.errors import InputError

CSV = (
    "\ufeffID,Title EN,title-cy,Summary_EN,summary_cy,provider,mode,level,credits,hours,"
    "tasks,themes,languages,url,source,available_from,withdrawn_on,layer\n"
    "region-idp,IDPs in our region,CDUau yn ein rhanbarth,Local practice,Ymarfer lleol,"
    "Our LA,blended,practice,,1h30,\"a, (c)\",IDPs; local,bilingual,https://www.gov.wales/,"
    "co-ordinator,2026-09-01,,user\n"
    "region-ma,Local MA,,,,Uni,blended,accredited,20,200,a c h,,en,,,,2027-08-31,\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_columns_come_from_the_header_row(make_ctx, tmp_path, imported_file) -> None:
    ctx = make_ctx()
    done = import_file(ctx, write(tmp_path / "region.csv", CSV))
    assert [m.id for m in done.modules] == ["region-idp", "region-ma"]
    assert done.target == imported_file and imported_file.exists()
    catalogue = load_catalogue(ctx)
    idp = catalogue.get("region-idp")
    assert idp.layer == "user"
    assert idp.title == {"en": "IDPs in our region", "cy": "CDUau yn ein rhanbarth"}
    assert idp.summary == {"en": "Local practice", "cy": "Ymarfer lleol"}
    assert str(idp.hours) == "1.5" and idp.tasks == ("a", "c")
    assert idp.themes == ("IDPs", "local") and idp.languages == ("en", "cy")
    assert str(idp.available_from) == "2026-09-01" and idp.url == "https://www.gov.wales/"
    ma = catalogue.get("region-ma")
    assert ma.credits == 20 and ma.tasks == ("a", "c", "h") and str(ma.withdrawn_on) == "2027-08-31"


def test_toml_import_and_a_second_import_replaces_by_id(make_ctx, module_toml, tmp_path,
                                                        imported_file) -> None:
    ctx = make_ctx()
    import_file(ctx, write(tmp_path / "a.toml", module_toml("one", "One v1")
                           + module_toml("two", "Two")))
    done = import_file(ctx, write(tmp_path / "b.toml", module_toml("one", "One v2")))
    assert done.replaced == ["one"]
    catalogue = load_catalogue(ctx)
    assert catalogue.get("one").title["en"] == "One v2"
    assert catalogue.get("two") is not None              # earlier imports are kept


def test_an_invalid_file_is_refused_with_every_problem_and_nothing_changes(
        make_ctx, module_toml, tmp_path, imported_file) -> None:
    ctx = make_ctx()
    import_file(ctx, write(tmp_path / "ok.toml", module_toml("kept", "Kept")))
    before = imported_file.read_bytes()
    bad = write(tmp_path / "bad.csv", "id,title_en,hours,mode,level,tasks\n"
                "fine,Fine,1,online,awareness,a\n"
                "broken,,lots,online,awareness,z\n")
    with pytest.raises(Refused) as refused:
        import_file(ctx, bad)
    assert {p.field for p in refused.value.problems} == {"title", "hours", "tasks"}
    assert "nothing was imported" in str(refused.value)
    assert imported_file.read_bytes() == before          # not even the good row
    assert [p.name for p in imported_file.parent.iterdir()] == ["imported.toml"]  # no temp left


def test_hostile_text_survives_the_round_trip_exactly(make_ctx, tmp_path) -> None:
    ctx = make_ctx()
    title = 'Quote " back\\slash [/] [@click=app.quit] tab\there\x7f and ŵ'
    text = ('[[module]]\nid = "hostile"\ntitle = { en = ' + _toml_literal(title) + ' }\n'
            'mode = "online"\nlevel = "awareness"\nhours = 1\n')
    import_file(ctx, write(tmp_path / "h.toml", text))
    assert load_catalogue(ctx).get("hostile").title["en"] == title


def _toml_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace(
        "\x7f", "\\u007F") + '"'


def test_an_empty_file_is_refused(make_ctx, tmp_path) -> None:
    with pytest.raises(InputError, match="no modules"):
        import_file(make_ctx(), write(tmp_path / "empty.toml", "# nothing\n"))


def test_spreadsheet_dates_and_a_bom_are_understood(make_ctx, tmp_path) -> None:
    text = ("\ufeffid,title_en,hours,mode,level,available_from,withdrawn_on\n"
            "dated,Dated,2,online,awareness,1/9/2026,2027-08-31\n")
    [module] = import_file(make_ctx(), write(tmp_path / "d.csv", text)).modules
    assert str(module.available_from) == "2026-09-01"
    assert str(module.withdrawn_on) == "2027-08-31"
