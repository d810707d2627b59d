"""What `catalogue import` writes reads back as the same modules (property test)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from alnco.catalogue.loader import load_text
from alnco.catalogue.model import LEVELS, MODES, Module
from alnco.catalogue.serialise import catalogue_toml

# Any text a spreadsheet or a person might produce, control characters included,
# but not surrounding whitespace (titles and summaries are stored stripped).
text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).map(
    str.strip).filter(bool)
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
hours = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2).map(
    lambda d: d.normalize())


@st.composite
def modules(draw) -> Module:
    level = draw(st.sampled_from(LEVELS))
    start = draw(st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
    end = draw(st.none() | st.integers(1, 4000).map(lambda n: (start or date(2000, 1, 1))
                                                    + timedelta(days=n)))
    title = {"en": draw(text)}
    if draw(st.booleans()):
        title["cy"] = draw(text)
    summary = draw(st.fixed_dictionaries({}, optional={"en": text, "cy": text}))
    return Module(
        id=draw(slug), title=title, summary=summary, provider=draw(st.just("") | text),
        mode=draw(st.sampled_from(MODES)), level=level, hours=draw(hours),
        tasks=tuple(sorted(draw(st.sets(st.sampled_from("abcdefgh"))))),
        themes=tuple(dict.fromkeys(t.strip() for t in draw(st.lists(text, max_size=3))
                                   if ";" not in t)),
        languages=draw(st.sampled_from([("en",), ("cy",), ("en", "cy")])),
        url=draw(st.just("") | st.just("https://www.ewc.wales/")),
        source=draw(st.just("") | text),
        credits=draw(st.integers(1, 360)) if level == "accredited" else None,
        available_from=start, withdrawn_on=end, layer="user",
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(modules(), min_size=1, max_size=4, unique_by=lambda m: m.id))
def test_written_toml_reads_back_exactly(written: list[Module]) -> None:
    result = load_text(catalogue_toml(written, "header line\nwith two lines"), "x.toml", "user")
    assert result.problems == []
    assert result.modules == written
