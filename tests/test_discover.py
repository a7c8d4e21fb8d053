"""Discovering articles in RSS/Atom feeds: the pure reading, the address check, and whole
checks against a real local site (feeds and articles) on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from helpers import cli
from pages import page
from sqlalchemy import select

from watcher.config import ConfigError, parse_config
from watcher.db import open_database
from watcher.db.models import FeedRow, SourceFactsRow, SourceRow, TitleStateRow, WatchRow
from watcher.demo import LocalSite
from watcher.discover import canonical_url, expand_feeds, names_title, read_feed, text_hash
from watcher.fetch import address_refusal
from watcher.model import TitleState, WatchTarget
from watcher.pipeline import CheckReport, check_and_deliver, current_facts

TARGET = WatchTarget("Copper Valley", ("Copper Valley series",))

# hand-written articles (no real article's words)
SHERIFF = ("Copper Valley finds its sheriff",
           """Mira Santos has been cast as Sheriff Dana Holt in Copper Valley, the studio said on Monday.

The western drama starts filming in New Mexico this spring.""")
PREMIERE = ("Copper Valley gets a premiere date",
            """Copper Valley will premiere on Netflix on March 3, 2026, the streamer announced.

Mira Santos leads the cast as Sheriff Dana Holt.""")
OTHER = ("Silver Coast renewed",
         """Silver Coast has been renewed for a third season.

Theo Marsh returns as Captain Ilse Brandt.""")


def rss(items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, link, summary) items."""
    body = "".join(f"<item><title>{escape(t)}</title><link>{escape(u)}</link>"
                   f"<description>{escape(d)}</description></item>" for t, u, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>TV news</title><link>https://news.example/</link>{body}</channel></rss>")


def atom(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<entry><title>{escape(t)}</title><link href="{escape(u)}"/>'
                   f"<id>{escape(u)}</id><summary>{escape(d)}</summary>"
                   "<updated>2025-05-01T10:00:00Z</updated></entry>" for t, u, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>TV news</title><id>urn:x</id><updated>2025-05-01T10:00:00Z</updated>"
            f"{body}</feed>")


# --- the pure part ----------------------------------------------------------------

def test_feed_entries_naming_the_title_or_an_alias_are_picked() -> None:
    feed = rss([
        ("Copper Valley finds its sheriff", "https://news.example/a", "Casting news."),
        ("Weekend roundup", "https://news.example/b", "Plus: the Copper Valley series adds a lead."),
        ("Silver Coast renewed", "https://news.example/c", "Another show entirely."),
        ("Coppervalley Mall reopens", "https://news.example/d", "Not a show."),
    ])
    reading = read_feed(feed.encode(), "https://news.example/rss", TARGET)
    assert reading.error is None and reading.entries == 4
    assert [c.url for c in reading.candidates] == ["https://news.example/a", "https://news.example/b"]
    assert reading.candidates[0].title == "Copper Valley finds its sheriff"


def test_atom_feeds_relative_links_and_html_summaries() -> None:
    feed = atom([
        ("Casting roundup", "/tv/roundup", "<p>News on <b>Copper</b> <i>Valley</i> today</p>"),
        ("Gardening", "/garden", "<p>Copper pots in the valley</p>"),
    ])
    reading = read_feed(feed.encode(), "https://news.example/atom.xml", TARGET)
    assert [c.url for c in reading.candidates] == ["https://news.example/tv/roundup"]


def test_whole_words_case_and_accents() -> None:
    ballard = WatchTarget("Ballard")
    assert names_title("BALLARD season 2 casts a new detective", ballard)
    assert names_title("Inside 'Ballard': the new cast", ballard)
    assert not names_title("Ballardini opens a restaurant", ballard)
    assert not names_title("the Ballards move house", ballard)
    assert names_title("Renée returns next spring", WatchTarget("Renee"))
    assert names_title("renee returns", WatchTarget("Renée"))
    assert names_title("Copper\n  Valley adds a star", TARGET)


def test_not_a_feed_is_an_error() -> None:
    reading = read_feed(b"<html><body><p>hello</p></body></html>", "https://x.example/", TARGET)
    assert reading.error and reading.candidates == ()


def test_canonical_urls_collapse_tracking_and_fragment_variants() -> None:
    base = "https://news.example/tv/copper-valley?id=7"
    variants = [
        "https://news.example/tv/copper-valley?id=7&utm_source=rss&utm_medium=feed",
        "HTTPS://News.Example:443/tv/copper-valley?utm_campaign=x&id=7#comments",
        "https://news.example/tv/copper-valley?id=7&fbclid=abc",
    ]
    assert {canonical_url(v) for v in variants} == {base}
    assert canonical_url("http://news.example:80") == "http://news.example/"
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"
    assert canonical_url("https://news.example/a?p=1") != canonical_url("https://news.example/a?p=2")
    feed = rss([("Copper Valley news", v, "") for v in variants])
    assert len(read_feed(feed.encode(), "https://news.example/rss", TARGET).candidates) == 1


def test_search_templates_expand_once_per_name() -> None:
    urls = expand_feeds(["https://news.example/rss/search?q={query}", "https://news.example/rss"],
                        TARGET.names)
    assert urls == ("https://news.example/rss/search?q=Copper+Valley",
                    "https://news.example/rss/search?q=Copper+Valley+series",
                    "https://news.example/rss")
    assert expand_feeds(["https://s.example/{query}.xml"], ("Amélie & co",)) == (
        "https://s.example/Am%C3%A9lie+%26+co.xml",)


def test_text_hash_ignores_layout_furniture_whitespace_and_case() -> None:
    words = "This paragraph of the article has more than eight words in it."
    assert text_hash("A title", ["Advertisement: buy now", words, "3 comments"]) == \
        text_hash("a TITLE", ["Advertisement: other", " ".join(words.split(" ")) + " ", "9 comments"])
    assert text_hash("A title", [words]) != text_hash("A title", [words.replace("more", "fewer")])
    assert text_hash("T", ["One para.", "Two"]) == text_hash("T", ["One  para.", " Two "])
    assert text_hash("T", ["One para."]) != text_hash("T", ["Another para."])


# --- config -------------------------------------------------------------------------

def test_a_watch_may_have_only_feeds_and_discovery_settings() -> None:
    config = parse_config("""
discovery:
  expire_after: 7d
  allow_private_networks: true
  max_new_per_feed: 5
watches:
  - name: Copper Valley
    aliases: [Copper Valley series]
    feeds:
      - https://news.example/rss
      - https://news.example/rss/search?q={query}
""")
    watch = config.watches[0]
    assert watch.sources == () and len(watch.feeds) == 2
    assert len(watch.feed_urls) == 3
    assert config.discovery.expire_after == 7 * 86400
    assert config.discovery.allow_private_networks and config.discovery.max_new_per_feed == 5
    assert parse_config("watches: [{name: X, feeds: []}]\n".replace("[]", "[https://a.example/f]")
                        ).discovery.expire_after == 30 * 86400


@pytest.mark.parametrize(("text", "message"), [
    ("watches:\n  - name: X\n    feeds: [ftp://a.example/f]\n",
     "line 3: watches[0].feeds: 'ftp://a.example/f' is not an http(s) URL"),
    ("watches:\n  - name: X\n    feeds: ['https://a.example/s?q={title}']\n",
     "the only placeholder a feed URL may hold is {query}"),
    ("watches:\n  - name: X\n    feeds: []\n    sources: []\n",
     "line 2: watches[0]: give at least one source, or a feed"),
    ("discovery:\n  expire_afterr: 3d\nwatches: []\n",
     "line 2: discovery.expire_afterr: unknown key (did you mean 'expire_after'?)"),
    ("discovery:\n  expire_after: soon\nwatches: []\n",
     "discovery.expire_after: 'soon' is not a duration"),
])
def test_feed_config_mistakes(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    assert message in str(info.value)


# --- the address check ------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://127.0.0.1/a", "http://127.9.9.9:8080/a", "http://10.1.2.3/a", "http://172.16.0.5/a",
    "http://192.168.1.1/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]/a",
    "http://[fe80::1]/a", "http://[fc00::7]/a", "http://0.0.0.0/a", "http://224.0.0.1/a",
    "http://[::ffff:127.0.0.1]/a", "http://100.64.0.1/a", "http://localhost:8000/a",
])
def test_non_public_addresses_are_refused(url: str) -> None:
    assert address_refusal(url)


def test_public_literal_addresses_pass() -> None:
    assert address_refusal("http://93.184.216.34/a") is None
    assert address_refusal("https://[2606:2800:220:1:248:1893:25c8:1946]/a") is None


def test_a_host_with_any_private_address_or_none_is_refused() -> None:
    mixed = address_refusal("https://news.example/a", resolve=lambda h, p: ["93.184.216.34", "10.0.0.8"])
    assert mixed and "10.0.0.8" in mixed
    assert address_refusal("https://news.example/a", resolve=lambda h, p: ["93.184.216.34"]) is None

    def fail(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    assert "cannot resolve" in (address_refusal("https://nowhere.example/a", resolve=fail) or "")


# --- whole checks against a local site --------------------------------------------------

class Setup:
    """A local site with a feed and its articles, a config naming only the feed, a database."""

    def __init__(self, site: LocalSite, database: str, tmp_path: Path, allow_private: bool = True,
                 extra: str = "") -> None:
        self.site = site
        self.sheriff = site.put("/news/sheriff", page(*SHERIFF))
        self.premiere = site.put("/news/premiere", page(*PREMIERE))
        self.other = site.put("/news/silver-coast", page(*OTHER))
        self.feed = site.put("/rss", rss([
            ("Copper Valley finds its sheriff", self.sheriff + "?utm_source=rss", "Casting."),
            ("A date for the western", self.premiere, "Copper Valley arrives next March."),
            ("Silver Coast renewed", self.other, "Season three is coming."),
            ("Copper Valley sheriff cast (comments)", self.sheriff + "#comments", "Again."),
        ]), content_type="application/rss+xml")
        self.path = tmp_path / "watcher.yaml"
        self.path.write_text(f"""database: {database}
discovery:
  allow_private_networks: {str(allow_private).lower()}
{extra}
watches:
  - name: Copper Valley
    feeds: [{self.feed}]
""")
        from watcher.config import load_config

        self.config = load_config(self.path)
        self.sessions = open_database(self.config.database)
        self.console: list[str] = []

    def check(self, at: datetime | None = None) -> CheckReport:
        clock: Callable[[], datetime] = (lambda: at) if at else (lambda: datetime.now(UTC))
        report, _ = check_and_deliver(self.config, self.sessions, clock, "test",
                                      console=self.console.append)
        return report

    def requested(self, path: str) -> int:
        return sum(1 for p, _ in self.site.requests if p.split("?")[0] == path)

    def sources(self) -> dict[str, SourceRow]:
        with self.sessions() as session:
            return {s.url: s for s in session.scalars(select(SourceRow))}

    def state(self) -> TitleState:
        with self.sessions() as session:
            return TitleState.from_json(session.scalars(select(TitleStateRow)).one().state)

    def close(self) -> None:
        self.sessions.kw["bind"].dispose()


@pytest.fixture
def setup_factory(site: LocalSite, tmp_path: Path) -> Iterator[Callable[..., Setup]]:
    made: list[Setup] = []

    def make(database: str, **kw: object) -> Setup:
        made.append(Setup(site, database, tmp_path, **kw))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for s in made:
        s.close()


def test_articles_found_in_a_feed_are_read_and_alert(setup_factory, database_url) -> None:
    s = setup_factory(database_url)
    report = s.check()
    assert not report.failed, report.failed
    assert [f.result for f in report.feeds] == ["polled"] and report.feeds[0].note == "2 new"
    sources = s.sources()
    assert set(sources) == {s.sheriff, s.premiere}  # canonical: no utm, no fragment
    for row in sources.values():
        assert row.origin == s.feed and row.authority == "news" and row.expires_at is not None
        assert row.last_status == "ok"
    assert s.requested("/news/silver-coast") == 0
    assert s.requested("/news/sheriff") == 1  # three spellings in the feed, fetched once
    text = "\n".join(s.console)
    assert "Now watching Copper Valley" in text
    assert "Mira Santos" in text and "2026" in text
    state = s.state()
    assert state.release.date == "2026-03-03"
    assert [c.actor for c in state.cast] == ["Mira Santos"]

    # the next check: no new sources, and the feed is asked conditionally... by the Fetcher's rules
    report = s.check()
    assert not report.failed
    assert set(s.sources()) == {s.sheriff, s.premiere}
    assert report.feeds[0].note == "0 new"
    assert len(s.console) == 1  # nothing changed: no alert

    # a new entry in the feed is picked up by the next check
    extra = s.site.put("/news/extra", page(
        "Copper Valley adds a deputy",
        "Jon Pell has been cast as Deputy Rae Lund in Copper Valley, the studio said."))
    s.site.put("/rss", rss([("Copper Valley adds a deputy", extra, "More casting.")]),
               content_type="application/rss+xml")
    report = s.check()
    assert extra in s.sources()
    assert "Jon Pell" in s.console[-1]


def test_feed_conditional_get_uses_the_stored_validators(setup_factory, site, tmp_path) -> None:
    s = setup_factory(f"sqlite:///{tmp_path / 'w.db'}")
    s.check()
    with s.sessions() as session:
        feed = session.scalars(select(FeedRow)).one()
        feed.etag = '"v1"'
        session.commit()
    s.check()
    asked = [h for p, h in site.requests if p == "/rss"]
    assert asked[-1].get("If-None-Match") == '"v1"'


def test_same_text_under_two_urls_counts_once(setup_factory, database_url) -> None:
    s = setup_factory(database_url)
    # a second copy of the sheriff article (another layout, same words) under another URL
    twin = s.site.put("/amp/sheriff", page(*SHERIFF, ad="Other ad", comments=12,
                                           trending="<li>Another film opens in June</li>"))
    s.site.put("/rss", rss([
        ("Copper Valley finds its sheriff", s.sheriff, "Casting."),
        ("Copper Valley finds its sheriff (mobile)", twin, "Casting."),
    ]), content_type="application/rss+xml")
    report = s.check()
    assert not report.failed
    rows = s.sources()
    assert rows[twin].duplicate_of == s.sheriff and rows[twin].last_status == "duplicate"
    assert rows[twin].last_error == f"duplicate of {s.sheriff}"
    assert rows[s.sheriff].duplicate_of is None
    with s.sessions() as session:
        assert session.scalars(select(SourceFactsRow).where(
            SourceFactsRow.source_id == rows[twin].id)).all() == []
        watch_row = session.scalars(select(WatchRow)).one()
        assert [f.url for f in current_facts(session, watch_row)] == [s.sheriff]
    # checked again: still a duplicate, still counted once, no alert
    s.check()
    rows = s.sources()
    assert rows[twin].last_status == "duplicate"
    assert len(s.console) == 1

    # the twin's page now says something else: it counts on its own again
    s.site.put("/amp/sheriff", page(*PREMIERE))
    s.check()
    rows = s.sources()
    assert rows[twin].duplicate_of is None and rows[twin].last_status == "ok"
    assert s.state().release.date == "2026-03-03"


def test_private_links_are_refused_and_never_fetched(setup_factory, database_url) -> None:
    s = setup_factory(database_url, allow_private=False)
    report = s.check()
    # the feed itself is configured: fetched as written; its links point at 127.0.0.1
    assert s.requested("/rss") == 1
    assert report.feeds[0].note == "0 new, 2 refused"
    assert s.sources() == {}
    assert s.requested("/news/sheriff") == 0 and s.requested("/news/premiere") == 0
    with s.sessions() as session:
        feed = session.scalars(select(FeedRow)).one()
        assert feed.refused == 2 and feed.found == 0 and feed.last_status == "ok"


def test_a_name_that_turns_private_after_the_check_is_refused_when_connecting(site, monkeypatch) -> None:
    """DNS rebinding: the name resolves to a public address for the check, then to loopback.
    The connection is made to the address checked at connect time, so nothing is requested."""
    import watcher.fetch as fetch

    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    asked: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        asked.append(host)
        return next(answers)

    monkeypatch.setattr(fetch, "_resolve", rebinding)
    port = site.url("/").rsplit(":", 1)[1].split("/")[0]
    site.put("/admin", "<html><body><p>router admin page</p></body></html>")
    with fetch.Fetcher(timeout=5, respect_robots=False) as fetcher:
        [(_, result)] = list(fetcher.fetch_many(
            [fetch.FetchRequest(f"http://rebind.test:{port}/admin", public_only=True)]))
    assert asked == ["rebind.test", "rebind.test"]  # checked, then resolved again to connect
    assert not result.ok
    assert "refused: rebind.test: 127.0.0.1 is a loopback address (when connecting)" in (result.error or "")
    assert not [p for p, _ in site.requests if p == "/admin"]


def test_a_found_source_is_refused_at_fetch_time_when_private_networks_are_disallowed(
        setup_factory, site, tmp_path) -> None:
    """Found while allowed, then the config changed: every hop is checked again when fetched."""
    s = setup_factory(f"sqlite:///{tmp_path / 'w.db'}")
    s.check()
    before = s.requested("/news/sheriff")
    strict = setup_factory(f"sqlite:///{tmp_path / 'w.db'}", allow_private=False)
    report = strict.check()
    assert s.requested("/news/sheriff") == before
    failed = {r.url: r.error for r in report.sources if r.result == "failed"}
    assert failed[s.sheriff].startswith("refused: 127.0.0.1 is a loopback address")


def test_discovered_sources_expire_but_their_facts_stay(setup_factory, database_url) -> None:
    s = setup_factory(database_url, extra="  expire_after: 2d")
    now = datetime.now(UTC)
    s.check(now)
    assert s.requested("/news/sheriff") == 1
    expires = s.sources()[s.sheriff].expires_at
    assert expires is not None
    assert abs((expires.replace(tzinfo=UTC) - (now + timedelta(days=2))).total_seconds()) < 5

    later = now + timedelta(days=3)
    report = s.check(later)
    assert s.requested("/news/sheriff") == 1 and s.requested("/news/premiere") == 1
    assert report.sources == []  # the feed still lists them: neither renewed nor re-added
    assert set(s.sources()) == {s.sheriff, s.premiere}
    assert all(r.next_check_at is None for r in s.sources().values())  # not due, not overdue
    state = s.state()
    assert [c.actor for c in state.cast] == ["Mira Santos"]
    assert state.release.date == "2026-03-03"


def test_the_daemon_polls_due_feeds_and_checks_what_they_found(setup_factory, database_url) -> None:
    from watcher.daemon import Daemon

    s = setup_factory(database_url)
    daemon = Daemon(None, s.config, s.sessions, "w1")
    try:
        daemon.dispatch()
        assert set(s.sources()) == {s.sheriff, s.premiere}
        assert s.requested("/rss") == 1 and s.requested("/news/sheriff") == 1
        daemon.dispatch()  # nothing is due: the feed waits for the watch's interval
        assert s.requested("/rss") == 1 and s.requested("/news/sheriff") == 1
        with s.sessions() as session:
            feed = session.scalars(select(FeedRow)).one()
            assert feed.next_check_at is not None and feed.last_status == "ok"
    finally:
        daemon.fetcher.close()
    assert s.state().release.date == "2026-03-03"


def test_status_shows_found_sources_and_feeds(setup_factory, tmp_path) -> None:
    s = setup_factory(f"sqlite:///{tmp_path / 'w.db'}")
    s.check()
    result = cli("status", "--config", str(s.path), cwd=tmp_path, env={"COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    assert f"found via feed {s.feed}" in result.stdout
    assert "expires" in result.stdout
    assert s.feed in result.stdout and "refused" in result.stdout


def test_a_found_source_named_in_the_config_becomes_the_users(setup_factory, tmp_path) -> None:
    from watcher.config import load_config

    s = setup_factory(f"sqlite:///{tmp_path / 'w.db'}")
    s.check()
    s.path.write_text(s.path.read_text() + f"    sources: [{s.sheriff}]\n")
    s.config = load_config(s.path)
    s.check()
    rows = s.sources()
    assert rows[s.sheriff].origin is None and rows[s.sheriff].expires_at is None
    assert rows[s.premiere].origin == s.feed
