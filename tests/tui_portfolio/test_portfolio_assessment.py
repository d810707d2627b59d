"""Self-assessment in the app: rate confidence 1-5 per task line (keys 1-5, j/k),
see the last rating beside each, save through alnco.assessment; the dashboard
shows confidence over time and offers a fresh rating once a term."""

from __future__ import annotations

from textual.widgets import Static

from alnco.assessment import assessments_of
from alnco.tui.app import create_app
from alnco.tui.screens.dashboard import DashboardScreen
from alnco.tui.screens.help import HelpScreen
from alnco.tui.screens.self_assessment import RatingRow, SelfAssessmentScreen
from alnco.tui.widgets import glyphs
from alnco.tui.widgets.confidence import ConfidenceChart
from alnco.tui.widgets.confirm import ConfirmScreen
from alnco.tui.widgets.sparkline import spark
from portfolio_support import make_ctx, rate, seed
from tui_waiting import settle


def chart(app) -> str:
    return str(app.screen.query_one(ConfidenceChart).render())


def notice(app) -> Static:
    return app.screen.query_one("#rating-due", Static)


def test_the_sparkline_and_its_ascii_fallback():
    assert spark([1, 3, 5]) == "▁▄█"
    assert spark([1, 2, 3, 4, 5, 4], cells=3) == "▆█▆"
    glyphs.set_ascii(True)
    try:
        assert spark([1, 3, 5]) == "135"  # same width, more exact than _#
    finally:
        glyphs.set_ascii(False)


async def test_rate_confidence_from_the_dashboard_and_see_the_sparkline(ctx, entries):
    rate(ctx, "2026-02-01", a=2, b=1)
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "a ▃" in chart(app) and "b ▁" in chart(app)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SelfAssessmentScreen)
        rows = list(form.query(RatingRow))
        assert [row.key for row in rows][:3] == ["task:a", "task:b", "task:c"]
        assert rows[-1].key == "standard:professional-learning"  # standards, optionally
        assert app.focused is rows[0]
        # The last rating beside each line; the new ones start empty.
        assert str(rows[0].query_one(".rating-before", Static).render()).endswith("2")
        assert str(rows[2].query_one(".rating-before", Static).render()) == "not yet"
        assert rows[0].rating is None
        await pilot.press("4")  # rates a, moves to b
        assert app.focused is rows[1]
        await pilot.press("3", "j", "5")  # b=3 (to c), j skips c, d=5 (to e)
        await pilot.press("k", "k", "k", "k", "0")  # back up to a, and clear it
        await pilot.pause()
        assert app.focused is rows[0]
        assert form.ratings() == {"task:b": 3, "task:d": 5}
        await pilot.press("5")
        assert form.ratings() == {"task:a": 5, "task:b": 3, "task:d": 5}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        saved = assessments_of(ctx.record.read())
        assert len(saved) == 2
        assert dict(saved[-1].ratings) == {"task:a": 5, "task:b": 3, "task:d": 5}
        assert str(saved[-1].on) == "2026-11-03"
        assert "a ▃█" in chart(app) and "b ▁▄" in chart(app) and "d █" in chart(app)
        assert notice(app).display is False  # rated this term: nothing to offer


async def test_nothing_rated_is_refused_and_escape_asks_before_discarding(ctx, entries):
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Nothing rated yet" in str(form.query_one("#form-error", Static).render())
        await pilot.press("escape")  # nothing changed: just closes
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("a", "3", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert assessments_of(ctx.record.read()) == []


async def test_the_notice_offers_a_rating_once_a_term_and_skipping_counts(tmp_path):
    ctx = make_ctx(tmp_path)
    seed(ctx)
    rate(ctx, "2026-05-01", a=3)  # last term
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert notice(app).display is True
        assert "a rates it, x skips it" in str(notice(app).render())
        assert isinstance(app.screen, DashboardScreen)  # a line, never a modal
        await pilot.press("x")
        await settle(pilot)
        assert notice(app).display is False
    # Another session in the same term: still skipped.
    app = create_app(make_ctx(tmp_path, today="2026-12-15"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert notice(app).display is False
        assert app.screen.check_action("skip_rating", ()) is False
    # The next term: offered again.
    app = create_app(make_ctx(tmp_path, today="2027-01-12"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert notice(app).display is True


async def test_the_palette_and_help_reach_the_rating(ctx, entries):
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = {command.title: command for command in app.get_system_commands(app.screen)}
        titles["Export PRD summary"].callback()  # asks for the file: an HTML page
        await pilot.pause()
        assert app.screen.query_one("#prompt-input").value.endswith(".html")
        await pilot.press("escape")
        await pilot.pause()
        titles["Rate my confidence"].callback()
        await pilot.pause()
        assert isinstance(app.screen, SelfAssessmentScreen)
        await pilot.press("f1")  # help from the form
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.check_action("rate", ()) is False  # over a form: not again
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "rate your confidence" in " ".join(
            str(s.render()) for s in help_screen.query(".help-text"))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SelfAssessmentScreen)


async def test_rating_in_welsh(tmp_path):
    ctx = make_ctx(tmp_path, lang="cy")
    seed(ctx)
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert "hyderus" in str(form.query_one("#rating-legend", Static).render())
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        assert "Hyder" in chart(app)


async def test_a_new_user_gets_getting_started_not_the_notice(tmp_path):
    from alnco.model import Profile

    ctx = make_ctx(tmp_path)
    ctx.record.set_profile(Profile(name="Ceri", setting="school"))
    app = create_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert notice(app).display is False
        assert "not rated yet: a rates each task" in chart(app)


async def test_the_chart_in_ascii_shows_the_ratings_as_digits(ctx, entries):
    rate(ctx, "2026-02-01", a=2)
    rate(ctx, "2026-05-01", a=4)
    app = create_app(make_ctx(ctx.record_path.parent, ALNCO_ASCII="1"))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "a 24" in chart(app)
    finally:
        glyphs.set_ascii(False)


async def test_at_60x20_the_footer_and_the_notice_keep_their_keys(tmp_path):
    """The footer's keys all fit, and the notice names its keys, in both languages."""
    for lang in ("en", "cy"):
        ctx = make_ctx(tmp_path / lang, lang=lang)
        (tmp_path / lang).mkdir()
        seed(ctx)
        rate(ctx, "2026-05-01", a=3)
        app = create_app(ctx)
        async with app.run_test(size=(60, 20)) as pilot:
            await settle(pilot)
            keys = list(app.screen.query("FooterKey"))
            assert [key.key_display for key in keys][-3:] == ["a", "?", "q"]
            assert all(key.region.right <= 60 for key in keys), lang
            words = str(notice(app).render())
            assert "a:" in words and "x:" in words and "…" not in words, words
