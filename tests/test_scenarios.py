"""Scenarios over several sources and many checks, each asserting the exact alerts sent.

One watch, four sources of different standing, served by a real local HTTP
server; alerts go to a real local webhook receiver. The pages are invented.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers import write_config
from pages import page
from sqlalchemy import select

from watcher.config import load_config
from watcher.db import open_database
from watcher.db.models import TitleStateRow
from watcher.model import TitleState
from watcher.pipeline import check_and_deliver

TITLE = "Copper Coast"

OFFICIAL_UNDATED = page(
    "Copper Coast season 2: production update",
    "Production on the second season of Copper Coast is under way in Oregon. Hulu has not set "
    "a premiere date yet.\n\nMaya Brandt returns as Sheriff Ada Quill. The role of Deputy Finn "
    "Harlow has yet to be cast.", published="2026-01-05")
OFFICIAL_DATED = page(
    "Copper Coast season 2 premiere date revealed",
    "Hulu announced today that Copper Coast season 2 premieres on September 18, 2026.\n\n"
    "Maya Brandt returns as Sheriff Ada Quill.", published="2026-02-10")
TRADE_RENEWAL = page(
    "Hulu renews Copper Coast",
    "Hulu has renewed Copper Coast for a second season after a strong debut.",
    published="2025-12-01")
TRADE_DELAY = page(
    "Hulu pushes Copper Coast season 2 to 2027",
    "Copper Coast season 2 has been delayed to early 2027, Hulu confirmed, which had been set "
    "for September 18.", published="2026-05-04")
TRADE_EXIT = page(
    "Maya Brandt exits Copper Coast",
    "Maya Brandt has left Copper Coast ahead of the second season, Hulu confirmed. The show will "
    "continue without Sheriff Ada Quill.", published="2026-06-02")
NEWS_EXPLAINER = page(
    "Copper Coast season 2: what we know so far",
    "Maya Brandt is back as Sheriff Ada Quill in the new season of Copper Coast.",
    published="2026-01-02")
NEWS_EXPLAINER_REWRITTEN = page(
    "Everything we know about Copper Coast season 2",
    "The new season of Copper Coast brings back Maya Brandt as Sheriff Ada Quill. "
    "[This story has been updated.]", published="2026-01-02", ad="Stream now, cancel anytime",
    comments=412, trending="<li>Another Show premieres March 3</li>")
NEWS_RECAST = page(
    "Copper Coast finds its new deputy",
    "Tomas Vell has been cast as Deputy Finn Harlow in Copper Coast season 2, Hulu said on Friday.",
    published="2026-06-20")
NEWS_RECAST_REWRITTEN = page(
    "Tomas Vell joins Copper Coast as Deputy Finn Harlow",
    "Hulu said on Friday that Tomas Vell will play Deputy Finn Harlow in season 2 of Copper Coast.",
    published="2026-06-21")
BLOG_JUNE_GUESS = page(
    "When will Copper Coast season 2 come out? Our best guess",
    "Hulu is keeping quiet, but we think Copper Coast season 2 could arrive in June 2026, judging "
    "by how long the first season took.", published="2026-01-20")
BLOG_AUGUST_GUESS = page(
    "Copper Coast season 2 may come sooner than you think",
    "Our sources whisper that Copper Coast season 2 could actually drop in August 2026. Take it "
    "with a grain of salt.", published="2026-03-01")


class Scenario:
    """The watch, its four sources and a clock that moves a day per check."""

    def __init__(self, site, webhook, database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
        self.site, self.webhook = site, webhook
        urls = {
            "official": site.put("/official", OFFICIAL_UNDATED),
            "trade": site.put("/trade", TRADE_RENEWAL),
            "news": site.put("/news", NEWS_EXPLAINER),
            "blog": site.put("/blog", BLOG_JUNE_GUESS),
        }
        self.urls = urls
        sources = [f"{{url: '{url}', authority: {kind}}}" for kind, url in urls.items()]
        self.config = load_config(write_config(tmp_path, database_url, [webhook.url],
                                               {TITLE: sources},
                                               top="daemon:\n  failure_threshold: 10"))
        self.sessions = open_database(self.config.database)
        self.now = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
        self.seen = 0

    def check(self, **pages: str | tuple[str, int]) -> list[dict]:
        """Serve the given pages (or error statuses), check once; the alerts this check sent."""
        for kind, body in pages.items():
            if isinstance(body, tuple):
                self.site.put(f"/{kind}", body[0], status=body[1])
            else:
                self.site.put(f"/{kind}", body)
        self.now += timedelta(days=1)
        check_and_deliver(self.config, self.sessions, lambda: self.now, "w1")
        new = self.webhook.received[self.seen:]
        self.seen = len(self.webhook.received)
        return new

    def state(self) -> TitleState:
        with self.sessions() as session:
            return TitleState.from_json(session.scalars(select(TitleStateRow)).one().state)

    def close(self) -> None:
        self.sessions.kw["bind"].dispose()


@pytest.fixture
def scenario(site, webhook, database_url, tmp_path):  # type: ignore[no-untyped-def]
    s = Scenario(site, webhook, database_url, tmp_path)
    yield s
    s.close()


def quoted(alert: dict) -> str:
    """The evidence sentence of a one-change alert."""
    [line] = [x.strip() for x in alert["message"].splitlines() if x.strip().startswith('"')]
    return line.strip('"')


def test_one_picture_from_four_sources_over_many_checks(scenario):
    # the baseline: one summary of what the four sources say together
    [baseline] = scenario.check()
    assert baseline["title"] == "Now watching Copper Coast"
    body = baseline["message"]
    assert "Release: not announced (guessed: June 2026)" in body
    assert "Cast: Maya Brandt as Ada Quill" in body
    assert "Still to be cast: Finn Harlow" in body

    # a rewrite: new headline, new wording, ads and comments: the same facts, no alert
    assert scenario.check(news=NEWS_EXPLAINER_REWRITTEN) == []

    # a failing source (500), then one that disappears (410): nothing is retracted
    assert scenario.check(official=("<h1>Server error</h1>", 500)) == []
    assert scenario.check(official=("gone", 410)) == []
    assert scenario.state().release.status == "unannounced"
    assert [c.actor for c in scenario.state().cast] == ["Maya Brandt"]

    # the official page comes back with a date
    [dated] = scenario.check(official=OFFICIAL_DATED)
    assert dated["title"] == ("Copper Coast: Release date announced: 18 September 2026 on Hulu "
                              "(was: not announced)")
    assert "Hulu announced today that Copper Coast season 2 premieres on September 18, 2026." \
        in dated["message"]
    assert scenario.urls["official"] in dated["message"]

    # a blog's newer guess never overrides a date the studio announced
    assert scenario.check(blog=BLOG_AUGUST_GUESS) == []
    assert scenario.state().release.date == "2026-09-18"

    # trade press reports a delay: it supersedes the older announced date
    [delayed] = scenario.check(trade=TRADE_DELAY)
    assert delayed["title"] == ("Copper Coast: Release delayed: first half of 2027 on Hulu "
                                "(was: 18 September 2026)")
    assert scenario.urls["trade"] in delayed["message"]

    # the trade page is rewritten into an exit story: the delay stays, the actor leaves
    [exit_] = scenario.check(trade=TRADE_EXIT)
    assert exit_["title"] == "Copper Coast: Maya Brandt has left the role of Ada Quill"
    assert quoted(exit_) in ("Maya Brandt exits Copper Coast",  # the headline or the body
                             "Maya Brandt has left Copper Coast ahead of the second season, "
                             "Hulu confirmed.")
    assert scenario.state().release.status == "delayed"

    # the open role is filled
    [filled] = scenario.check(news=NEWS_RECAST)
    assert filled["title"] == "Copper Coast: Tomas Vell cast as Finn Harlow"
    assert "Tomas Vell" in quoted(filled) and "Finn Harlow" in quoted(filled)
    assert scenario.state().open_roles == ()

    # and rewritten again, with the same facts: quiet
    assert scenario.check(news=NEWS_RECAST_REWRITTEN) == []
    state = scenario.state()
    assert [(c.actor, c.role, c.status) for c in state.cast] == [
        ("Maya Brandt", "Ada Quill", "departed"), ("Tomas Vell", "Finn Harlow", "confirmed")]
    assert (state.release.status, state.release.window, state.release.platform) == (
        "delayed", "2027-H1", "Hulu")


def test_two_disagreeing_sources_do_not_flap(scenario):
    scenario.check()
    scenario.check(official=OFFICIAL_DATED)
    # a blog and the studio keep disagreeing, check after check: decided once, no alerts
    for _ in range(4):
        assert scenario.check(blog=BLOG_AUGUST_GUESS) == []
        assert scenario.check(blog=BLOG_JUNE_GUESS) == []
    assert scenario.state().release.date == "2026-09-18"
