"""The pure core: dates, extraction of the reference cases, reconcile, diff, render."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from watcher.demo_pages import WATCH_ALIASES, WATCH_NAME, render_page
from watcher.diff import diff
from watcher.extract import extract
from watcher.extract.dates import find_whens, humanize
from watcher.model import (
    Article,
    CastMember,
    Facts,
    OpenRole,
    Release,
    SourceFacts,
    TitleState,
    WatchTarget,
)
from watcher.notify.render import render
from watcher.parse import NotAnArticle, parse_page, parse_text
from watcher.reconcile import reconcile

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "bosch-spinoff-article.txt"
BALLARD = WATCH_NAME, WATCH_ALIASES
PUB = date(2024, 1, 15)


@pytest.mark.parametrize(("text", "published", "past", "expected"), [
    ("It premieres Sunday, Sept. 24 on HBO.", PUB, False, "2024-09-24"),
    ("It arrives 24th September 2025.", PUB, False, "2025-09-24"),
    ("The show arrives July 9th on Prime Video.", PUB, False, "2024-07-09"),
    ("It opens January 3.", PUB, False, "2025-01-03"),  # the next January 3 after the article
    ("It was pushed back to August 22nd next year.", PUB, False, "2025-08-22"),  # the year that follows
    ("It premiered January 3.", PUB, True, "2024-01-03"),  # the last one before it
    ("It premieres Thursday.", PUB, False, "2024-01-18"),
    ("It started streaming on Tuesday.", PUB, True, "2024-01-09"),
    ("aiming for a Winter 2025 release", PUB, False, "2025-winter"),
    ("coming this summer", PUB, False, "2024-summer"),
    ("due in early 2026", PUB, False, "2026-H1"),
    ("due in late 2025", PUB, False, "2025-H2"),
    ("later this year", PUB, False, "2024"),
    ("next year", PUB, False, "2025"),
    ("in March 2025", PUB, False, "2025-03"),
    ("in the first half of 2026", PUB, False, "2026-H1"),
    ("on 2025-07-09", None, False, "2025-07-09"),
    ("It premieres on Netflix on Halloween.", PUB, False, "2024-10-31"),
    ("It opens on Christmas Day.", PUB, False, "2024-12-25"),
    ("a midseason launch early in 2026", PUB, False, "2026-H1"),
    ("it will return next fall", date(2011, 3, 24), False, "2011-fall"),  # the coming fall
    ("it will return next fall", date(2011, 10, 24), False, "2012-fall"),
    ("it returns in spring", date(2024, 11, 20), False, "2025-spring"),
    ("in the first quarter of 2025", PUB, False, "2025-H1"),
    ("premieres next month", date(2024, 12, 5), False, "2025-01"),
    ("premiered last Wednesday", date(2024, 11, 20), True, "2024-11-13"),  # said on a Wednesday
    ("it returns in the New Year", date(2024, 10, 1), False, "2025"),
    ("a launch early in the new year", date(2024, 10, 1), False, "2025-H1"),
    # a season already gone this year, told "in late spring" or "this coming spring", is next year's
    ("it returns in late spring", date(2024, 11, 20), False, "2025-spring"),
    ("due this coming spring", date(2024, 11, 20), False, "2025-spring"),
    ("back in the summer of next year", date(2024, 11, 20), False, "2025-summer"),
    ("arriving later in the year", PUB, False, "2024"),
    ("in the first half of the year", PUB, False, "2024-H1"),
    ("by year's end", PUB, False, "2024-H2"),
    ("at the end of March", date(2024, 11, 20), False, "2025-03"),
])
def test_dates_resolve_against_the_article_date(text, published, past, expected):
    assert find_whens(text, published, past)[0].value == expected


def test_ambiguous_and_unanchored_dates_are_not_guessed():
    assert find_whens("It lands on 9/7.", PUB) == []
    assert find_whens("coming this summer", None) == []
    assert find_whens("next year", None) == []
    assert humanize("2025-07-09") == "9 July 2025"
    assert humanize("2025-winter") == "winter 2025"


def test_capitalised_day_words_inside_titles_are_not_days():
    assert find_whens("Chris Pratt, star of The Tomorrow War, is in talks.", PUB) == []
    assert find_whens("Tomorrow it premieres.", PUB)[0].value == "2024-01-16"


def _release(text: str, title: str, published: date | None = PUB, headline: str | None = None):
    article = parse_text(text)
    article = Article(headline, published, article.paragraphs)
    return extract(article, WatchTarget(title)).release


@pytest.mark.parametrize(("text", "status", "when"), [
    # the trailer is out, the series is not
    ("The Lantern trailer is out now, ahead of the show's release on 22 October.", "announced", "2024-10-22"),
    # a hedge in the main clause does not reach a release told in a temporal clause
    ("Anyone who saw Lantern when it opened in cinemas on Friday may have noticed the change.",
     "released", "2024-01-12"),
    ("Lantern does not have a release date yet.", "unannounced", None),
    ("It is still unclear who Lantern will follow.", "none", None),
    ("Lantern star Ana Reyes dropped out of the film in early June.", "none", None),
    ("Lantern is moving from December 2024 to December 2025.", "delayed", "2025-12"),
    ("If NBC picks Lantern up, it would launch early in 2025.", "speculated", None),
    # "dropped a hint" tells something, it releases nothing; a hedge about a past year is no guess
    ("Ana Reyes dropped a big hint about Lantern in March.", "none", None),
    ("Fans had hoped Lantern would arrive in 2023.", "none", None),
    ("Lantern season 2 is confirmed, but there is no word yet on timing.", "unannounced", None),
    # a cast member's other work, and an earlier season of a title renewed for the next one
    ("Lantern star Jo Hart's new film opens in theaters May 31.", "none", None),
    ("Lantern stars Jo Hart, whose Lifetime movie Dark Water aired last year.", "none", None),
    ("Netflix's new series Lantern opens May 31.", "announced", "2024-05-31"),
    ("Lantern has been renewed for a third season. Season 2 premiered in January.", "none", None),
    ("Lantern season 2 is in the works. The show is streaming now on Netflix.", "none", None),
    ("Lantern has been renewed for season 3. Seasons 1 and 2 are streaming on Max.", "none", None),
    # another show as the release verb's subject, in a sentence that does not name the title
    ("Lantern has no release date yet. Harbor Lights, meanwhile, returns June 6.", "unannounced", None),
    ("Lantern is in production. Elsewhere, Netflix's Harbor Lights premieres June 6.", "none", None),
    ("Lantern is coming. Warner Bros. has set it for June 6.", "announced", "2024-06-06"),
    ("Lantern is coming. The series premieres June 6.", "announced", "2024-06-06"),
])
def test_release_prose_rules(text, status, when):
    release = _release(text, "Lantern")
    assert release.status == status
    assert (release.date or release.window) == when


@pytest.mark.parametrize(("text", "status", "when", "previous", "platform"), [
    ("Lantern goes out at 9pm on 24th September on BBC1.", "announced", "2024-09-24", None, "BBC One"),
    ("Lantern moves from 1/15/2025 to 10/23/2024.", "announced", "2024-10-23", "2025-01-15", None),
    ("Lantern has been moved to June 6 from May 2.", "delayed", "2024-06-06", "2024-05-02", None),
    ("Lantern is delayed indefinitely. It had been due on March 10.", "delayed", None, "2024-03-10", None),
    ("Lantern, which was set for a Dec. 6 release, will now hit theaters Jan. 17, 2025.",
     "delayed", "2025-01-17", "2024-12-06", None),
    ("Lantern has moved its debut from HBO to Max, and will now premiere May 5.",
     "announced", "2024-05-05", None, "Max"),
    ("Lantern will follow the first season, which debuted on Hulu in 2023.", "none", None, None, "Hulu"),
    ("The release date for Lantern is still very much up in the air.", "unannounced", None, None, None),
    ("Lantern (Hulu, March 20)", "announced", "2024-03-20", None, "Hulu"),
    # moves told with other verbs: a bare "pushed", "once set for", a scrapped date, moving off a date
    ("Lantern has been pushed. Once set for Dec. 13, it is now dated Feb. 28, 2025.",
     "delayed", "2025-02-28", "2024-12-13", None),
    ("Lantern's August 22 release date has been scrapped; it now arrives October 3.",
     "delayed", "2024-10-03", "2024-08-22", None),
    ("Lantern is moving off its November 8 date and will instead open on December 20.",
     "delayed", "2024-12-20", "2024-11-08", None),
    ("Lantern vacates its June 2 slot for July 25.", "delayed", "2024-07-25", "2024-06-02", None),
    ("Lantern will now arrive on Feb. 14, 2025. Its previous release date was Jan. 10, 2025.",
     "delayed", "2025-02-14", "2025-01-10", None),
    ("Lantern has a new date: Dec. 6, a month after its Nov. 1 slot.",
     "delayed", "2024-12-06", "2024-11-01", None),
    ("Lantern will now premiere on Sunday, June 16, a week later than planned.",
     "delayed", "2024-06-16", None, None),
    # a missed date with none in its place is a delay
    ("Lantern was supposed to premiere this spring, but Netflix has yet to set a new date.",
     "delayed", None, "2024-spring", "Netflix"),
    ("The strike means Lantern won't make its planned fall 2024 premiere.",
     "delayed", None, "2024-fall", None),
    # an old-plan word in another clause, or naming when something was done, marks no old date
    ("Lantern, which was originally planned as a film, premieres June 6.",
     "announced", "2024-06-06", None, None),
    ("Lantern opens June 6, a date Warner Bros first set in 2022.", "announced", "2024-06-06", None, None),
    ("Lantern was initially developed at HBO in 2019 before moving to Netflix, where it premieres June 6.",
     "announced", "2024-06-06", None, "Netflix"),
    ("Lantern will now open on May 30, two weeks earlier than its June 13 date.",
     "announced", "2024-05-30", "2024-06-13", None),
    # the network: "Fox's drama" in film talk, its "Entertainment" arm, a renewal told before "which returns"
    ("Lantern, Fox's drama based on the 2010 movie, premieres June 9.",
     "announced", "2024-06-09", None, "Fox"),
    ("Fox Entertainment has renewed Lantern, which returns this fall.",
     "announced", "2024-fall", None, "Fox"),
    ("Sony has delayed Lantern again.\n\nThe film will now open on June 27, 2025. It had previously been set "
     "for January 10, 2025, and before that for October 2024.", "delayed", "2025-06-27", "2025-01-10", None),
    ("Lantern, which was set to air on NBC this fall, will instead stream on Peacock in January 2025.",
     "delayed", "2025-01", "2024-fall", "Peacock"),
    # a slate's entry told loosely
    ("Lantern (BBC One, this autumn)\n\nA six-part thriller.", "announced", "2024-fall", None, "BBC One"),
    ("Lantern joins the channel's autumn schedule.", "announced", "2024-fall", None, None),
    ("Lantern is part of Netflix's 2025 lineup.", "announced", "2025", None, "Netflix"),
    ("Lantern will be on screens in 2025.", "announced", "2025", None, None),
    ("Lantern will be available on BBC iPlayer from 6am on Sunday.", "announced", "2024-01-21", None, "BBC"),
    ("Lantern is heading to Channel 5 this summer.", "announced", "2024-summer", None, "Channel 5"),
    ("Lantern won't be back until 2025. Netflix had initially targeted a fall 2024 return.",
     "delayed", "2025", "2024-fall", "Netflix"),
    ("Lantern moved its premiere date up a week to June 6.", "announced", "2024-06-06", None, None),
    ("Lantern jumps ahead to June 6 from its original June 20 date.",
     "announced", "2024-06-06", "2024-06-20", None),
    ("Lantern has shifted from its July 4 date to June 27.", "announced", "2024-06-27", "2024-07-04", None),
    ("The show jumps ahead to cover the years from 1964 to 1977.", "none", None, None, None),
    ("Lantern, Sheridan's upcoming original series for Paramount+, adds a star.",
     "none", None, None, "Paramount+"),
    ("It could be a great limited series for HBO or Netflix, Lantern's author said.",
     "none", None, None, None),
])
def test_release_reading_rules(text, status, when, previous, platform):
    release = _release(text, "Lantern")
    assert (release.status, release.date or release.window, release.previous, release.platform) == (
        status, when, previous, platform)


def test_a_hope_or_guess_is_speculation_and_the_stated_guess_wins():
    article = Article(None, date(2021, 11, 10), parse_text(
        "Our best guess is that Lantern will not be ready until late next year at the very earliest, "
        "and it is possible it will not arrive until spring 2023. Dramas like to air within an Emmy window, "
        "which runs from June 1 to May 31, and that could shape the schedule. For now, a release date "
        "is still up in the air.").paragraphs)
    facts = extract(article, WatchTarget("Lantern"))
    assert (facts.release.status, facts.speculation.window) == ("unannounced", "2022-H2")
    hope = extract(Article(None, PUB, ('"We hope to be back in 2026," the Lantern showrunner said.',)),
                   WatchTarget("Lantern"))
    assert (hope.release.status, hope.speculation.window) == ("speculated", "2026")


def test_the_option_the_writer_calls_most_likely_is_the_guess():
    article = Article(None, PUB, parse_text(
        "No date has been set for Lantern yet. Judging by the network's habits, March 2025 looks the "
        "most likely. At the very earliest it could be back in late fall 2024.").paragraphs)
    facts = extract(article, WatchTarget("Lantern"))
    assert (facts.release.status, facts.speculation.window) == ("unannounced", "2025-03")


@pytest.mark.parametrize(("text", "status", "guess"), [
    ("Lantern season 2 doesn't have a date. We'd expect a fall 2024 launch.", "unannounced", "2024-fall"),
    ("When will Lantern season 2 come out? Likely January 2025, going by the past.", "speculated", "2025-01"),
    ("Our prediction: Lantern returns in spring 2025.", "speculated", "2025-spring"),
])
def test_the_writers_own_guess_is_speculation(text, status, guess):
    facts = extract(Article(None, date(2024, 5, 10), parse_text(text).paragraphs), WatchTarget("Lantern"))
    assert (facts.release.status, facts.release.window, facts.speculation.window) == (status, None, guess)


def test_calendar_day_headings_and_slate_headlines_date_their_entries():
    calendar = ("The key premiere dates of the season.\n\nMARCH 8\n\nLantern: the drama is back for a second "
                "season.\n\n(Streams on Netflix)\n\nMARCH 10\n\nRiver Song: the comedy returns.")
    release = _release(calendar, "Lantern", date(2019, 3, 1))
    assert (release.status, release.date, release.platform) == ("announced", "2019-03-08", "Netflix")
    slate = ("The channel has a long list of series lined up.\n\nA star will lead Lantern as a landowner.\n\n"
             "Idris Elba made his comeback in Luther this week.")
    headline = "BBC One unveils its drama line-up for 2019"
    release = _release(slate, "Lantern", date(2019, 1, 2), headline)
    assert (release.status, release.window, release.platform) == ("announced", "2019", "BBC One")
    assert _release(slate, "Luther", date(2019, 1, 2), headline).window is None  # its own time
    # a channel's programming for a season, without the word "line-up"; an entry's own window keeps
    # the channel of the slate
    season = "The channel has shown off its new dramas.\n\nAmong them is Lantern, a six-part thriller."
    release = _release(season, "Lantern", date(2019, 7, 2), "BBC Two drama - autumn 2019")
    assert (release.status, release.window, release.platform) == ("announced", "2019-fall", "BBC Two")
    entry = "Also coming in early 2020 is Lantern, a six-part thriller."
    release = _release(entry, "Lantern", date(2019, 7, 2), "ITV unveils its winter drama line-up")
    assert (release.status, release.window, release.platform) == ("announced", "2020-H1", "ITV")


def test_new_title_in_apposition_but_not_a_former_or_dropped_name():
    def title(text: str) -> str | None:
        article = Article(None, PUB, parse_text(text).paragraphs)
        return extract(article, WatchTarget("Lantern", ("Lantern 2",))).new_title
    assert title("The season, titled Lantern: New Horizons, follows the crew.") == "Lantern: New Horizons"
    assert title("Lantern 2, until now titled Dark Signal, a name to be dropped, moves to May.") is None
    assert title("Lantern 2, titled Dark Signal, a name that will be dropped, moves to May.") is None


def test_old_date_in_the_sentence_before_a_move_is_previous():
    release = _release("Lantern had been scheduled to open in September. The studio has now moved "
                       "the release to April 26, 2025.", "Lantern", date(2024, 7, 21))
    assert (release.status, release.date, release.previous) == ("delayed", "2025-04-26", "2024-09")


def test_a_film_pulled_forward_in_a_reshuffle_keeps_its_own_move():
    text = ("The studio rearranged its calendar on Monday.\n\n"
            "Harbour Lights, the big musical, slides from October into May 2026.\n\n"
            "With a slot now open, Lantern has been pulled forward from February 2026 to September.")
    release = _release(text, "Lantern", date(2025, 4, 2))
    assert (release.status, release.window, release.previous) == ("announced", "2025-09", "2026-02")


def test_a_delay_headline_and_the_finer_old_and_new_windows_of_the_body():
    text = ("The second season of Lantern will not arrive this year.\n\nNetflix had planned to release new "
            "episodes in the fall, but production was halted by the strikes. The streamer now says season 2 "
            "will premiere in early 2025.")
    release = _release(text, "Lantern", date(2024, 5, 10), "Lantern delayed to 2025 as strikes take toll")
    assert (release.status, release.window, release.previous, release.platform) == (
        "delayed", "2025-H1", "2024-fall", "Netflix")


def test_roundup_sections_belong_to_their_titles():
    text = ("Studios keep shuffling dates.\n\nLantern\n\nThe drama had been due in August. "
            "It now opens October 3.\n\nRiver Song\n\nThe comedy has been pushed to 2026.\n\n"
            "Hollow Point\n\nIt was moved to the fourth quarter of 2025.\n\nMore soon.")
    release = _release(text, "Lantern", date(2024, 6, 1), "Every film delayed so far, including Lantern")
    assert (release.status, release.date, release.previous) == ("delayed", "2024-10-03", "2024-08")


def test_source_work_network_and_person_named_max_are_not_the_platform():
    source = "Lantern opens in theaters May 5. It is based on the old CBS series."
    assert _release(source, "Lantern").platform is None
    assert _release("Lantern opens in theaters May 5 with Max von Sydow.", "Lantern").platform is None
    assert _release("Lantern premieres on Freeform on May 5.", "Lantern").platform == "Freeform"


def test_cable_networks_are_platforms_and_a_networks_other_series_is_not():
    assert _release("Lifetime has ordered a second season of Lantern.", "Lantern").platform == "Lifetime"
    assert _release("Lantern won a Lifetime Achievement nod.", "Lantern").platform is None
    assert _release("Lantern adds Mia Holt, who comes off Hulu's acclaimed drama series The Quiet Year.",
                    "Lantern").platform is None
    assert _release("Lantern is Hulu's new drama series.", "Lantern").platform == "Hulu"
    # a past credit ("best known from ...") does not take the sentence away from the title
    credit = _release("A familiar face is bound for Lantern. Jo Hart, best known from Harbor: New Tides, has "
                      "joined Netflix's upcoming take on the story.", "Lantern")
    assert credit.platform == "Netflix"
    other = _release("Lantern fans must wait.\n\nOver on Hulu, Harbor Lights returns June 6.", "Lantern")
    assert (other.status, other.platform) == ("none", None)
    # "season of Hulu's ..." names the owner of the show the article is about, not another title
    review = _release("It is good to be back. The second season of Hulu's twisty thriller opens in a storm.",
                      "Lantern", PUB, "Lantern Review 2x01: The Keeper")
    assert (review.status, review.platform) == ("released", "Hulu")


def test_seed_article_reads_as_the_contract_says():
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside the repository")
    facts = extract(parse_text(SEED.read_text()), WatchTarget(*BALLARD)).to_json()
    assert facts["release"]["status"] == "unannounced"
    assert facts["release"]["date"] is None and facts["release"]["window"] is None
    assert facts["speculation"]["window"] == "2025-winter"
    assert [r["role"] for r in facts["open_roles"]] == ["Renee Ballard"]
    assert [(c["actor"], c["status"]) for c in facts["cast"]] == [("Welliver", "rumored")]
    # Bosch: Legacy's own facts ("coming back for another season") are not the spin-off's
    assert all("Legacy" not in e for e in facts["release"]["evidence"])


def test_demo_pages_extract_the_three_moments():
    target = WatchTarget(*BALLARD)
    first, second, third = (extract(parse_page(render_page(v)), target) for v in range(3))
    assert first.release.status == "unannounced" and first.cast[0].status == "rumored"
    assert [r.role for r in first.open_roles] == ["Renée Ballard"]
    assert ("Maggie Q", "Renée Ballard", "confirmed") in [
        (c.actor, c.role, c.status) for c in second.cast]
    assert second.open_roles == ()
    assert (third.release.status, third.release.date, third.release.platform) == (
        "announced", "2025-07-09", "Prime Video")
    assert third.new_title == "Ballard"


def test_noise_changes_nothing_that_is_extracted():
    target = WatchTarget(*BALLARD)
    assert extract(parse_page(render_page(0, 0)), target) == extract(
        parse_page(render_page(0, 1)), target)


def test_binary_bodies_are_refused_clearly():
    with pytest.raises(NotAnArticle, match="PDF"):
        parse_page(b"%PDF-1.7 ...", "application/pdf")
    with pytest.raises(NotAnArticle, match="PNG"):
        parse_page(b"\x89PNG\r\n\x1a\n....", "text/html")


def test_wordpress_json_is_read():
    body = (b'{"date": "2024-05-02T10:00:00", "title": {"rendered": "Show &#8217;s news"},'
            b' "content": {"rendered": "<p>Jane Doe has been cast as Ava Stone in Nightglass.</p>'
            b'<p>More text here to make it an article of some length for the parser.</p>"}}')
    article = parse_page(body, "application/json")
    assert article.published == date(2024, 5, 2)
    facts = extract(article, WatchTarget("Nightglass"))
    assert [(c.actor, c.role) for c in facts.cast] == [("Jane Doe", "Ava Stone")]


@pytest.mark.parametrize("role", ["Captain Mira Holt", "Dr. Mira Holt", "Detective Mira Holt"])
def test_a_character_after_a_rank_is_not_read_as_an_actor(role):
    article = parse_text(f"Lantern Bay\n\nAda Vance stars as {role} in Lantern Bay.")
    facts = extract(article, WatchTarget("Lantern Bay"))
    assert [c.actor for c in facts.cast] == ["Ada Vance"]
    assert facts.cast[0].role in (role, "Mira Holt")  # a detective's rank may be dropped


def _facts(release: Release = Release(), cast=(), open_roles=(), published="2024-01-01",
           new_title=None) -> Facts:
    return Facts("Ballard", published, release, tuple(cast), tuple(open_roles),
                 new_title=new_title, new_title_evidence=("It is titled Ballard.",) if new_title else ())


def _source(facts: Facts, authority: str = "news", url: str = "https://a.example/x",
            fetched: str = "2024-01-01T00:00:00") -> SourceFacts:
    return SourceFacts(url, authority, fetched, facts)


ANNOUNCED = Release("announced", "2025-07-09", None, "Prime Video", None, ("It premieres July 9.",))
UNANNOUNCED = Release("unannounced", evidence=("No date yet.",))


def test_reconcile_prefers_stronger_then_newer_sources():
    blog = _source(_facts(Release("speculated", None, "2025-winter", None, None, ("Maybe winter.",)),
                          published="2024-06-01"), "blog", "https://blog.example/")
    official = _source(_facts(ANNOUNCED, published="2024-03-01"), "official", "https://studio/")
    state = reconcile("Ballard", [blog, official], None)
    assert state.release.date == "2025-07-09"
    assert state.release_evidence.url == "https://studio/"


def test_reconcile_keeps_facts_a_source_stops_mentioning():
    first = reconcile("Ballard", [_source(_facts(ANNOUNCED, cast=[
        CastMember("Maggie Q", "Renée Ballard", "confirmed", ("Maggie Q is cast.",))]))], None)
    rewritten = reconcile("Ballard", [_source(_facts())], first)
    assert rewritten.release.date == "2025-07-09"
    assert [c.actor for c in rewritten.cast] == ["Maggie Q"]
    assert diff(first, rewritten) == []


def test_cast_fills_open_role_and_diff_reports_it_once():
    before = reconcile("Ballard", [_source(_facts(UNANNOUNCED, open_roles=[
        OpenRole("Renée Ballard", ("The role is open.",))]))], None)
    after = reconcile("Ballard", [_source(_facts(UNANNOUNCED, cast=[
        CastMember("Maggie Q", "Renée Ballard", "confirmed", ("Maggie Q is cast as Ballard.",))]))],
        before)
    assert after.open_roles == ()
    changes = diff(before, after)
    assert [(c.kind, c.subject, c.new) for c in changes] == [
        ("cast_added", "Maggie Q", "Renée Ballard")]
    assert changes[0].evidence.sentence == "Maggie Q is cast as Ballard."


def test_first_state_is_one_baseline_change():
    state = reconcile("Ballard", [_source(_facts(UNANNOUNCED))], None)
    assert [c.kind for c in diff(None, state)] == ["baseline"]


def test_release_alert_reads_like_news_in_every_format():
    before = reconcile("Ballard", [_source(_facts(UNANNOUNCED))], None)
    after = reconcile("Ballard", [_source(_facts(ANNOUNCED, new_title="Ballard"),
                                          fetched="2024-02-01T00:00:00")], before)
    changes = diff(before, after)
    assert {c.kind for c in changes} == {"release_announced", "title_changed"}
    text = render("Ballard", changes, after, "text")
    assert "Release date announced: 9 July 2025 on Prime Video (was: not announced)" in text.body
    assert '"It premieres July 9."' in text.body and "https://a.example/x" in text.body
    assert text.title == "Ballard: 2 changes"
    html = render("Ballard", changes, after, "html").body
    assert "<blockquote>It premieres July 9.</blockquote>" in html
    markdown = render("Ballard", changes, after, "markdown").body
    assert "**Release date announced" in markdown


def test_state_round_trips_through_json():
    state = reconcile("Ballard", [_source(_facts(ANNOUNCED, cast=[
        CastMember("Maggie Q", "Renée Ballard", "confirmed", ("x",))], open_roles=[
        OpenRole("Harry Bosch", ("y",))]))], None)
    assert TitleState.from_json(state.to_json()) == state


def _cast_of(text: str, title: str, headline: str = "") -> set[tuple[str, str | None, str]]:
    article = Article(headline or f"{title} news", None, tuple(text.split("\n\n")))
    return {(c.actor, c.role, c.status) for c in extract(article, WatchTarget(title)).cast}


# Cast reading rules, one row each, with sentences of our own.
@pytest.mark.parametrize(("title", "text", "expected"), [
    # a name-shaped span after "The" is the rest of a title: "The Quiet Hours" is no "Quiet Hours"
    ("Harbour Lights", "Harbour Lights has lined up three guest stars for its second season: Tilda Marsh "
     "(Firefly Cove) as Nell, Zorvek Tallis (The Grace Years) as Jonah and Lena Brook (Night Shift) as Maud.",
     {("Tilda Marsh", "Nell", "confirmed"), ("Zorvek Tallis", "Jonah", "confirmed"),
      ("Lena Brook", "Maud", "confirmed")}),
    # a name-shaped span that the article only writes inside the watched title is no person
    ("Lantern Bay: Lone Harbor", "Several dramas are waiting on new dates, among them the network's "
     "Lantern Bay: Lone Harbor. Mira Holt leads the series.", {("Mira Holt", None, "confirmed")}),
    # cast lists after "an ensemble made up of", "together with", "there are cameos from"
    ("Harbour Lights", "Mira Holt joins a returning ensemble made up of Ada Vance, Tom Reed and Lena Brook.",
     {("Mira Holt", None, "confirmed"), ("Ada Vance", None, "confirmed"), ("Tom Reed", None, "confirmed"),
      ("Lena Brook", None, "confirmed")}),
    ("Harbour Lights", "Mira Holt also appears in Harbour Lights, together with Ada Vance and Tom Reed.",
     {("Mira Holt", None, "confirmed"), ("Ada Vance", None, "confirmed"), ("Tom Reed", None, "confirmed")}),
    ("Harbour Lights", "In Harbour Lights there are cameos from Ada Vance of Night Shift and Tom Reed.",
     {("Ada Vance", None, "confirmed"), ("Tom Reed", None, "confirmed")}),
    # a caption's "(X, pictured)" names the real person: the name outside is the character
    ("Harbour Lights", "Harbour Lights has cameos from crowd favourite Nell Marsh (Zorvek Tallis, pictured "
     "below) and others.", {("Zorvek Tallis", "Nell Marsh", "confirmed")}),
    # "X heads a cast that also features ...", "A and B will head the cast of ..."
    ("Harbour Lights", "Harbour Lights has a date. Ada Vance heads a cast that also features Tom Reed.",
     {("Ada Vance", None, "confirmed"), ("Tom Reed", None, "confirmed")}),
    ("Harbour Lights", "Ada Vance and Tom Reed will head the cast of Harbour Lights, a new drama.",
     {("Ada Vance", None, "confirmed"), ("Tom Reed", None, "confirmed")}),
    # "takes the lead as X", "would take the part of X"
    ("Harbour Lights", "Harbour Lights is cast. Ada Vance takes the lead as Inspector Nell Marsh.",
     {("Ada Vance", "Nell Marsh", "confirmed")}),  # the rank may go
    # a surname with a particle ("Van Houten") is the full name spelled before
    ("Harbour Lights", "Ada Van Houten will star in Harbour Lights. Van Houten plays Nell, a keeper.",
     {("Ada Van Houten", "Nell", "confirmed")}),
    # "Besides X, the series stars ...": an opening preposition is no title; "but star X" is the own star
    ("Harbour Lights", "Harbour Lights is back. Besides Vance, the series stars Tom Reed and Lena Brook, "
     "but star Ada Vance posted the news first.",
     {("Ada Vance", None, "confirmed"), ("Tom Reed", None, "confirmed"), ("Lena Brook", None, "confirmed")}),
    # "A and B star as sisters X and Y in a ...": the pairs in order, behind a plural descriptor
    ("Harbour Lights", "Harbour Lights is back with Ada Vance and Tom Reed. Vance and Reed star as sisters "
     "Nell Marsh and Ivy Marsh in a story of two lighthouses.",
     {("Ada Vance", "Nell Marsh", "confirmed"), ("Tom Reed", "Ivy Marsh", "confirmed")}),
    # "The new neighbour, baker Nell Marsh, is played by X": the character in apposition
    ("Harbour Lights", "Harbour Lights is back. The new neighbour, baker Nell Marsh, is played by Ada Vance.",
     {("Ada Vance", "Nell Marsh", "confirmed")}),
    # a bare surname takes the full name the article spells once, even with a rare given name
    ("Harbour Lights", "Critics praised Zorvek Tallis last year. In Harbour Lights, Tallis plays Nell.",
     {("Zorvek Tallis", "Nell", "confirmed")}),
    # "Jnr" ends a name; one convention per list: a parenthesis holding a title ('&', a pronoun, a
    # past-tense word that is no given name) makes all of them credits, not characters
    ("Harbour Lights", "Ada Vance (Stitched), Zorvek Tallis Jnr (Find Me Here) and Tom Reed (Bread & Salt) "
     "co-star in Harbour Lights.",
     {("Ada Vance", None, "confirmed"), ("Zorvek Tallis Jnr", None, "confirmed"),
      ("Tom Reed", None, "confirmed")}),
    # "opened talks with A and B to join C and D": A and B are rumored, C and D cast already; "would
    # play" is the deal being made, and a surname spelled out before counts as the actor
    ("Harbour Lights", "The studio has opened talks with Ada Vance and Amara Tallis to join Tom Reed and "
     "Lena Brook in Harbour Lights.\n\nTallis would play Nell, a keeper.",
     {("Ada Vance", None, "rumored"), ("Amara Tallis", "Nell", "rumored"), ("Tom Reed", None, "confirmed"),
      ("Lena Brook", None, "confirmed")}),
])
def test_cast_reading_rules(title, text, expected):
    assert _cast_of(text, title) == expected


def test_a_title_case_headline_names_no_one_the_text_does_not():
    text = "Plenty of shows will return in spring, and the network says Harbour Lights will too."
    assert _cast_of(text, "Harbour Lights", "Harbour Lights Will Return, But Fans Just Got Bad News") == set()


def test_a_slideshow_roundup_headed_1_of_n_keeps_each_section_to_its_title():
    text = ("1/3 Harbour Lights\n\nAda Vance leads the new drama as Nell Marsh.\n\n2/3 Night Shift\n\n"
            "The hospital drama returns, and Tom Reed (Dr Ivo Finch) and Lena Brook (Nurse Kay) are back.\n\n"
            "3/3 Copper Coast\n\nThe mining saga stars Ed Lowe.")
    assert _cast_of(text, "Harbour Lights") == {("Ada Vance", "Nell Marsh", "confirmed")}


def test_a_one_word_part_is_not_completed_from_another_titles_text():
    text = ("In the four-part thriller Our House, Martin Threlfall co-stars as a husband.\n\n"
            "Harbour Lights arrives in spring. Kathy (Ada Vance) and Martin (Tom Reed) hope for a holiday.")
    assert _cast_of(text, "Harbour Lights") == {("Ada Vance", "Kathy", "confirmed"),
                                                ("Tom Reed", "Martin", "confirmed")}


def test_a_lone_word_the_article_never_completes_is_no_actor():
    # sport and news pages: countries and sentence openers are not cast
    assert _cast_of("Serbia's Novak Djokovic and Britain's Andy Murray arrive on Wednesday. Serbia "
                    "takes on Japan and Britain plays the Netherlands.", "Davis Cup") == set()
    assert _cast_of("Filming on the show is expected to start in December. Filming plays a part.",
                    "Harbour Lights") == set()
    # a lone surname, completed from the article or not, a known mononym, a Name (Part) list item
    assert ("Nadia Okafor", "Ruth", "confirmed") in _cast_of(
        "Nadia Okafor leads Harbour Lights. Okafor plays Ruth, the harbour master.", "Harbour Lights")
    assert ("Okafor", "Ruth", "confirmed") in _cast_of("In Harbour Lights, Okafor plays Ruth.",
                                                       "Harbour Lights")
    assert ("Zendaya", "Mara", "confirmed") in _cast_of("In Harbour Lights, Zendaya plays Mara.",
                                                        "Harbour Lights")
    assert ("Kawenna", "Gull", "confirmed") in _cast_of(
        "Ivo Brandt (Pike), Kawenna (Gull), Rosa Lind (Wren) and Dan Hale (Moss) all return for the "
        "second season of Harbour Lights.", "Harbour Lights")


def test_this_rounds_release_readings():
    # a listing's time between the verb and the day; "due to open"
    release = _release("Series 3 of Lantern starts at 9pm on Tuesday 14th May on BBC Two.", "Lantern")
    assert (release.status, release.date, release.platform) == ("announced", "2024-05-14", "BBC Two")
    release = _release("Lantern, still untitled, is due to open at some point this year.", "Lantern")
    assert (release.status, release.window) == ("announced", "2024")
    # a flattened list: each dashed item is read on its own, the slate's network is the headline's
    release = _release("Here is what the streamer has coming. - Lantern, a comedy from two stand-ups, "
                       "premieres March 11. - Driftwood, a drama with Ana Kell, arrives April 1.",
                       "Lantern", headline="Netflix premiere dates for the spring")
    assert (release.status, release.date, release.platform) == ("announced", "2024-03-11", "Netflix")
    # a headline naming the title as one show of a channel's slate dates it with the slate
    article = Article("ITV's new autumn dramas: from Lantern to Driftwood", PUB,
                      ("Here is what to look forward to this autumn.", "LANTERN",
                       "Lantern is a three-part drama about a lighthouse keeper.", "DRIFTWOOD",
                       "Ana Kell plays a woman who runs a beach cafe in Driftwood."))
    release = extract(article, WatchTarget("Lantern")).release
    assert (release.status, release.window, release.platform) == ("announced", "2024-fall", "ITV")


def test_a_new_title_given_to_the_follow_up_is_followed():
    article = Article("'Lantern 2' gets its official title", PUB, (
        "The follow-up to the 2022 hit will be called Lantern: Low Tide.",
        "Lantern: Low Tide opens in cinemas on June 21.",
    ))
    facts = extract(article, WatchTarget("Lantern 2"))
    assert facts.new_title == "Lantern: Low Tide"
    assert (facts.release.status, facts.release.date) == ("announced", "2024-06-21")


def test_this_rounds_cast_readings():
    assert {a for a, _, _ in _cast_of(
        "Lantern is a new ITV thriller. Tomas Berne, Ana Kell, Rhys Dunmore and Priya Lal complete the "
        "line-up.", "Lantern")} == {"Tomas Berne", "Ana Kell", "Rhys Dunmore", "Priya Lal"}
    # the list word ends its clause: the producers after it are no cast
    assert {a for a, _, _ in _cast_of(
        "Lantern is a new comedy. Tomas Berne and Ana Kell co-star, and Rhys Dunmore and Priya Lal "
        "are among the executive producers.", "Lantern")} == {"Tomas Berne", "Ana Kell"}
    # a credit before "star" is no actor; the pronoun finds a subject the name list lacks
    assert _cast_of("Lantern is back. Danny Wilde star Katie Moreland is also in the cast.",
                    "Lantern") == {("Katie Moreland", None, "confirmed")}
    assert ("Paapa Essiedu", "Isaac Turner", "confirmed") in _cast_of(
        "Lantern returns. Paapa Essiedu is at the centre of the new story. He plays Isaac Turner, a "
        "politician.", "Lantern")
    # a name the list lacks, paired by "and" with a known one before a plural verb; not "X is A and Y is B"
    assert ("Penn Badgley", None, "confirmed") in _cast_of(
        "Lantern is back. Penn Badgley and Victoria Pedretti return for the new season.", "Lantern")
    assert ("Guy Gardner", None, "confirmed") not in _cast_of(
        "In Lantern, Nathan Fillion is Guy Gardner and Anthony Carrigan is Metamorpho.", "Lantern")
    # the title's maker named as its owner; a director leaving the chair
    assert _cast_of("Universal is moving James Wan's Lantern to April, after the death of star Paul "
                    "Walker.", "Lantern") == {("Paul Walker", None, "confirmed")}
    assert _cast_of("Lantern slipped after Danny Boyle left the director's chair.", "Lantern") == set()


def test_a_tv_tonight_listing_keeps_each_pick_to_its_heading():
    article = Article("TV tonight: our picks for Sunday", date(2024, 1, 14), (
        "Ana Kell and Tomas Berne lead ITV's tense new drama Driftwood, Lantern is back on BBC One, "
        "and the skating goes on.",
        "Driftwood, 9pm, ITV",
        "Ana Kell plays a bomb-disposal officer in tonight's opener.",
        "Lantern, series 2, 8pm, BBC One",
        "Tonight's first episode finds Dr Mara Quill (Priya Lal) and DI Sam Roe (James Hale) back at "
        "the lighthouse.",
        "Skate Stars, 6.30pm, ITV",
        "The second group of celebrities take to the ice.",
    ))
    facts = extract(article, WatchTarget("Lantern"))
    assert (facts.release.status, facts.release.date) == ("announced", "2024-01-14")
    # Character (Actor) with a rank before the character; not the leads of Driftwood
    assert {(c.actor, c.role) for c in facts.cast} == {("Priya Lal", "Dr Mara Quill"),
                                                         ("James Hale", "DI Sam Roe")}


def test_this_rounds_platform_and_run_readings():
    assert _release("Lantern is coming to Sky Atlantic this autumn.", "Lantern").platform == "Sky Atlantic"
    release = _release("This fall Apple will also stream Driftwood, and Lantern, a thriller with Ana Kell.",
                       "Lantern")
    assert (release.window, release.platform) == ("2024-fall", "Apple TV+")
    # a run that has begun: the season is out, though no first day is given
    release = _release("Viewers loved it. Lantern continues next Sunday at 9pm on Channel 4.", "Lantern")
    assert (release.status, release.date, release.platform) == ("released", None, "Channel 4")


def test_this_rounds_move_readings():
    # the slot inside "push ... back" is the old one; the new date comes in the next sentence
    release = _release("Paramount has chosen to push its big Summer thriller Lantern back a full nine "
                       "months. Lantern will now open in March 2025.", "Lantern")
    assert (release.status, release.window, release.previous) == ("delayed", "2025-03", "2024-summer")
    release = _release("The studio gave Lantern a new date of Sept. 3, 2027, crossing out the July 23, 2027 "
                       "date it had been listed for.", "Lantern")
    assert (release.status, release.date, release.previous) == ("delayed", "2027-09-03", "2027-07-23")


def test_a_roundups_bulleted_items_are_read_but_not_its_menus():
    html = ("<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/tv'>TV</a></li></ul></nav>"
            "<article><h1>Sequel news of the week</h1>"
            "<p>Here is every sequel that moved over the past fortnight, gathered in one place for you, "
            "since so many release dates have slipped lately that one post a film would fill the whole "
            "front page of this small blog for a month.</p>"
            "<ul><li>The Lantern sequel has been <b>pushed back</b> to August 22nd next year.</li>"
            "<li>Driftwood 2 is confirmed for September 19th next year, with its cast back.</li></ul>"
            "<ul><li><a href='/a'>Read more: the best sequels ever made, ranked by our critics</a></li></ul>"
            "<p>There will be more of these posts, so keep an eye on the site for the next one.</p>"
            "</article><footer><ul><li><a href='/about'>About us</a></li></ul></footer></body></html>")
    article = parse_page(html.encode(), "text/html")
    assert "The Lantern sequel has been pushed back to August 22nd next year." in article.paragraphs
    assert not any("Read more" in p or p == "Home" for p in article.paragraphs)


def test_award_times_and_places_are_no_actors():
    cast = _cast_of("The new drama Lantern, starring Ana Kell, Priya Lal, Tomas Berne and Academy Award "
                    "winner Timothy Hutton, launches on Oct. 2 at 9:00 PM ET/PT.", "Lantern")
    assert {a for a, _, _ in cast} == {"Ana Kell", "Priya Lal", "Tomas Berne", "Timothy Hutton"}
    assert _cast_of("Tom Holland stars in Lantern as a man arrested after a shooting in New York City.",
                    "Lantern") == {("Tom Holland", None, "confirmed")}


def test_a_pronoun_skips_the_parts_a_person_played():
    cast = _cast_of("Perhaps the biggest surprise is Jack Gleeson. The actor is best remembered as Joffrey "
                    "Baratheon in Game of Thrones. In Lantern he plays Wentworth.", "Lantern")
    assert cast == {("Jack Gleeson", "Wentworth", "confirmed")}
    cast = _cast_of("Robert Downey Jr., the man behind Tony Stark and Sherlock Holmes, named the voices of "
                    "Lantern, in which he stars as Captain Quill.", "Lantern")
    assert ("Robert Downey Jr.", "Captain Quill", "confirmed") in cast
    assert not any(a in ("Tony Stark", "Sherlock Holmes") for a, _, _ in cast)


def test_lists_with_credits_and_announced_actors():
    cast = _cast_of("Lantern is back. Other new names include Moon Knight's Ann Akinjirin as Fanny, Ted "
                    "Lasso's James Lance as Quentin, and Father Brown's Diana Quick as Mrs Wentworth.",
                    "Lantern")
    assert cast == {("Ann Akinjirin", "Fanny", "confirmed"), ("James Lance", "Quentin", "confirmed"),
                    ("Diana Quick", "Mrs Wentworth", "confirmed")}
    cast = _cast_of("Lantern is coming. The actors announced for the film are Kumail Nanjiani, Octavia "
                    "Spencer and John Cena!", "Lantern")
    assert {a for a, _, _ in cast} == {"Kumail Nanjiani", "Octavia Spencer", "John Cena"}


def test_a_new_title_given_to_the_series_in_the_next_paragraph_is_followed():
    article = Article("The Lantern spin-off gets a new title", PUB, (
        "The Lantern spin-off, which is filming now, has a new name.",
        "A trade paper reports that the series will now be called Lantern: Low Tide.",
        "Lantern: Low Tide follows Mara (Priya Lal) and Sam (James Hale) through a flooded town.",
    ))
    facts = extract(article, WatchTarget("Lantern spin-off"))
    assert facts.new_title == "Lantern: Low Tide"


def test_this_sessions_move_readings():
    # the film sits between the verb and its particle
    release = _release('Sure enough, Touchstone has moved "Lantern" up from December 28 to Christmas Day, '
                       "December 25.", "Lantern")
    assert (release.status, release.date, release.previous) == ("announced", "2024-12-25", "2024-12-28")
    release = _release("Universal has bumped Lantern, its Ana Kell spy thriller, back a full year, from "
                       "January 15, 2025 to January 14, 2026.", "Lantern")
    assert (release.status, release.date, release.previous) == ("delayed", "2026-01-14", "2025-01-15")
    # the watched sequel named by the film it follows
    release = _release("The sequel to Lantern: Into the Dark is set to open on December 13th.", "Lantern 2")
    assert (release.status, release.date) == ("announced", "2024-12-13")


def test_this_sessions_cast_lists():
    cast = _cast_of("Lantern opens soon. The cast is a roll call of fine stage actors - Ana Kell, Tomas "
                    "Berne and Priya Lal - and in the role of Mara, newcomer Joan Hale.", "Lantern")
    assert cast == {("Ana Kell", None, "confirmed"), ("Tomas Berne", None, "confirmed"),
                    ("Priya Lal", None, "confirmed"), ("Joan Hale", "Mara", "confirmed")}
    cast = _cast_of("Lantern is back. The regular cast is Tomas Berne (the ferryman Odo), Priya Lal (Vesna, "
                    "a healer) and Ana Kell (an old owl called Hettie).", "Lantern")
    assert cast == {("Tomas Berne", "Odo", "confirmed"), ("Priya Lal", "Vesna", "confirmed"),
                    ("Ana Kell", "Hettie", "confirmed")}
    # castmates after "joins series veterans" are this title's own: their parentheses hold parts
    cast = _cast_of("Lantern returns. Kell joins series veterans Tomas Berne (Captain Odo Marsh) and Priya "
                    "Lal (Vesna Kade).", "Lantern")
    assert {("Tomas Berne", "Captain Odo Marsh", "confirmed"),
            ("Priya Lal", "Vesna Kade", "confirmed")} <= cast
    cast = _cast_of('Starz has set "The Lantern of Hollow Street" for July. "Lantern," with Ana Kell, Tomas '
                    "Berne and Priya Lal, adapts Joan Hale's novel.", "The Lantern of Hollow Street")
    assert {a for a, _, _ in cast} == {"Ana Kell", "Tomas Berne", "Priya Lal"}
    # "with" a lone name after a maker's verb is a partner, not a cast list
    assert _cast_of("The showrunner developed Lantern with Ana Kell.", "Lantern") == set()


def test_a_person_the_name_list_lacks_is_known_by_what_the_page_says():
    cast = _cast_of("Zelka Orrin is handing back her badge. Zelka Orrin has left Lantern. In the finale, "
                    "Orrin's character Dana Vell resigned.", "Lantern")
    assert cast == {("Zelka Orrin", "Dana Vell", "departed")}
    # without a word that makes it a person, an unknown name is not taken for an actor
    assert _cast_of("Zelka Orrin has left Lantern.", "Lantern") == set()


def test_fact_box_lines_of_a_plain_text_roundup():
    text = ("Three new dramas for March.\n\nDriftwood\nStarring: Ana Kell and Tomas Berne\n"
            "Air date: March 7\nA quiet village drama.\n\nLantern\nOriginal broadcaster: Netflix\n"
            "Starring: Priya Lal and Joan Hale\n"
            "Air date: March 12\nA near-future love story.\n\nHarbor Lights\nStarring: Nia Bell\n"
            "Air date: March 19\nA coastal mystery.")
    parsed = parse_text(text)
    article = Article("Series to watch in March", PUB, parsed.paragraphs)
    facts = extract(article, WatchTarget("Lantern"))
    assert (facts.release.date, facts.release.platform) == ("2024-03-12", "Netflix")
    assert {c.actor for c in facts.cast} == {"Priya Lal", "Joan Hale"}


def test_no_delay_where_nothing_moved_for_this_title():
    # a person "pushed out" and townspeople who "push back against" an idea move no release
    release = _release("A spokesman denied that Ana Kell is being pushed out of Lantern.", "Lantern")
    assert release.status == "none"
    assert _release("In Lantern the villagers push back against Vesna's idea.", "Lantern").status == "none"
    # a group of other titles moved: not this one
    release = _release("Lantern premieres on Disney+ on May 28. Disney also reshuffled several other "
                       "premieres, moving Driftwood to Aug. 13.", "Lantern")
    assert (release.status, release.date) == ("announced", "2024-05-28")
    # a day inside the old window is no delay: "moves up its fall premiere"
    release = _release("Lantern moves up its fall premiere. The new season will now premiere on Tuesday, "
                       "Oct. 29.", "Lantern")
    assert (release.status, release.date) == ("announced", "2024-10-29")


def test_a_wrapped_plain_text_paragraph_stays_one():
    parsed = parse_text("Intro.\n\nThe cast includes Ana Kell and\nTomas Berne as the lead.\n\nLantern\n"
                        "Starring: Priya Lal\nA story.")
    assert parsed.paragraphs == ("Intro.", "The cast includes Ana Kell and Tomas Berne as the lead.",
                                 "Lantern", "Starring: Priya Lal", "A story.")


def test_a_title_change_is_followed_but_a_provisional_name_is_not():
    article = Article("NBC drama 'Lantern' changes its title to 'Low Tide'", PUB, (
        "NBC's coming drama has been going by Lantern. It will now go by the name Low Tide.",))
    assert extract(article, WatchTarget("Lantern")).new_title == "Low Tide"
    article = Article("Lantern sequel details", PUB, (
        "Warner Bros. shared details of the Lantern sequel, which for now goes by the title Lantern 2.",))
    assert extract(article, WatchTarget("Lantern sequel")).new_title is None


def test_a_lone_listing_entry_with_a_compound_fact_box():
    text = ("The summer shows we are most excited about.\n\nLantern\nStatus: Revival\n"
            "Network/Streaming: Max\nPremiere Date: Tuesday, May 21\nThe cult cartoon is back.")
    article = Article("Summer TV guide: the shows to watch", PUB, parse_text(text).paragraphs)
    release = extract(article, WatchTarget("Lantern")).release
    assert (release.status, release.date, release.platform) == ("announced", "2024-05-21", "Max")


def test_quoted_parts_with_their_actors_are_no_titles():
    cast = _cast_of('Lantern premieres in May. In Lantern, two cousins chase a dream. "Vex Marlowe" (Tomas '
                    'Berne) is a young manager. "Bosun" (Priya Lal) is his right hand. "Quill" (Ana Kell) is '
                    "his aunt.", "Lantern")
    assert cast == {("Tomas Berne", "Vex Marlowe", "confirmed"), ("Priya Lal", "Bosun", "confirmed"),
                    ("Ana Kell", "Quill", "confirmed")}
    cast = _cast_of("Lantern is back. Also on board are Ana Kell (Baker), Joan Hale (Grouchy) and Nia Bell "
                    "(Farmer).", "Lantern")
    assert cast == {("Ana Kell", "Baker", "confirmed"), ("Joan Hale", "Grouchy", "confirmed"),
                    ("Nia Bell", "Farmer", "confirmed")}


def test_will_not_be_back_after_a_speech_verb_is_an_exit():
    cast = _cast_of("Lantern news: Ana Kell has confirmed that she will not be back for the third season.",
                    "Lantern")
    assert cast == {("Ana Kell", None, "departed")}


def test_a_characters_exit_told_by_the_actors_possessive():
    cast = _cast_of("Lantern: Tomas Berne's Odo won't return for season 3. Berne's time on the series "
                    "is over.", "Lantern")
    assert cast == {("Tomas Berne", "Odo", "departed")}


def test_a_roundup_entry_with_a_date_line_under_its_heading():
    text = ("The biggest shows of the year.\n\nLantern\nPremieres on Prime Video Sept. 27\n"
            "A spin-off set at a college for heroes. Ana Kell leads as Mara Vell.\n\nDriftwood season 2\n"
            "Premieres on Max Oct. 4\nThe pirates are back.\n\nHarbor Lights\nPremiered on Hulu Aug. 22\n"
            "A coastal mystery.")
    article = Article("The biggest new and returning shows", PUB, parse_text(text).paragraphs)
    facts = extract(article, WatchTarget("Lantern"))
    assert (facts.release.date, facts.release.platform) == ("2024-09-27", "Prime Video")
    assert {(c.actor, c.role) for c in facts.cast} == {("Ana Kell", "Mara Vell")}
    cast = _cast_of("Lantern is renewed. All of the show's series regulars - Ana Kell, Tomas Berne and Priya "
                    "Lal - are set to return.", "Lantern")
    assert {a for a, _, _ in cast} == {"Ana Kell", "Tomas Berne", "Priya Lal"}
