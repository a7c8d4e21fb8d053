"""Reconcile and diff: the rules that turn many sources into one picture, and its changes.

Property tests pin the laws (order does not matter, a second run changes nothing,
silence retracts nothing, a blog cannot move a stronger source's date); the
scenarios replay several checks in a row, feeding each state forward as the
pipeline does, and assert the exact alerts.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watcher.diff import diff
from watcher.model import (
    AUTHORITIES,
    CAST_STATUSES,
    RELEASE_STATUSES,
    CastMember,
    Change,
    Evidence,
    Facts,
    OpenRole,
    Release,
    SourceFacts,
    Speculation,
    StateCast,
    TitleState,
)
from watcher.notify.render import baseline_lines, change_line
from watcher.reconcile import reconcile

NAME = "Ballard"
# The same examples on every run, so CI is reproducible; explore new ones with
# WATCHER_PROPERTY_RANDOM=1 WATCHER_PROPERTY_EXAMPLES=2000.
PROPERTY = settings(max_examples=int(os.environ.get("WATCHER_PROPERTY_EXAMPLES", "150")),
                    deadline=None, derandomize=not os.environ.get("WATCHER_PROPERTY_RANDOM"),
                    database=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies: small pools, so that sources collide on actors, roles and dates -------

DATES = ("2025-07-09", "2025-08-01", "2026-02-14")
WINDOWS = ("2025-winter", "2025-07", "2026")
PUBLISHED = (None, "2024-01-15", "2024-03-01", "2024-06-01")
FETCHED = ("2024-06-10T08:00:00", "2024-06-10T09:00:00", "2024-06-11T08:00:00")
ACTORS = ("Maggie Q", "Titus Welliver", "Welliver", "Jane Roe", "John Doe")
ROLES = (None, "Renée Ballard", "Renee Ballard", "Harry Bosch", "Captain Reyes")
OPEN_ROLES = ("Renée Ballard", "Harry Bosch", "Lily")


@st.composite
def releases(draw: st.DrawFn) -> Release:
    status = draw(st.sampled_from(RELEASE_STATUSES))
    when = draw(st.sampled_from((None, *DATES, *WINDOWS)))
    if status in ("none", "unannounced"):
        when = None
    date = when if when in DATES else None
    window = when if when in WINDOWS else None
    previous = draw(st.sampled_from((None, *DATES))) if status in ("delayed", "announced") else None
    platform = draw(st.sampled_from((None, "Prime Video", "Netflix")))
    sentence = f"release {status} {when} {platform}"
    return Release(status, date, window, platform, previous, (sentence,) if status != "none"
                   else ())


cast_members = st.builds(
    lambda actor, role, status: CastMember(actor, role, status, (f"{actor} {status} {role}",)),
    st.sampled_from(ACTORS), st.sampled_from(ROLES), st.sampled_from(CAST_STATUSES))

facts = st.builds(
    lambda published, release, cast, open_roles, title, guess: Facts(
        NAME, published, release, tuple(cast),
        tuple(OpenRole(r, (f"{r} is open",)) for r in open_roles),
        Speculation(guess, (f"maybe {guess}",) if guess else ()),
        new_title=title, new_title_evidence=(f"titled {title}",) if title else ()),
    st.sampled_from(PUBLISHED), releases(), st.lists(cast_members, max_size=3),
    st.lists(st.sampled_from(OPEN_ROLES), max_size=2, unique=True),
    st.sampled_from((None, "Ballard", "Renée Ballard")), st.sampled_from((None, *WINDOWS)))


def source_lists(min_size: int = 0) -> st.SearchStrategy[list[SourceFacts]]:
    """Distinct URLs, as the pipeline gives one latest facts row per source."""
    one = st.builds(lambda authority, fetched, f: (authority, fetched, f),
                    st.sampled_from(AUTHORITIES), st.sampled_from(FETCHED), facts)
    return st.lists(one, min_size=min_size, max_size=5).map(
        lambda items: [SourceFacts(f"https://s{i}.example/", a, t, f)
                       for i, (a, t, f) in enumerate(items)])


@st.composite
def histories(draw: st.DrawFn) -> tuple[TitleState | None, list[SourceFacts]]:
    """A previous state grown over zero to two earlier checks, and this check's sources."""
    previous = None
    for _ in range(draw(st.integers(0, 2))):
        previous = reconcile(NAME, draw(source_lists()), previous)
    return previous, draw(source_lists())


def values(state: TitleState) -> object:
    """What diff compares: the state without its evidence."""
    r = state.release
    return ((r.status, r.date, r.window, r.platform), state.official_title,
            sorted((c.actor, c.role, c.status) for c in state.cast),
            sorted(role for role, _ in state.open_roles))


# --- the laws --------------------------------------------------------------------------

@PROPERTY
@given(histories(), st.randoms(use_true_random=False))
def test_the_order_of_the_sources_does_not_matter(history, rnd):
    previous, sources = history
    shuffled = list(sources)
    rnd.shuffle(shuffled)
    assert reconcile(NAME, shuffled, previous) == reconcile(NAME, sources, previous)


@PROPERTY
@given(histories())
def test_reconciling_again_with_its_own_result_changes_nothing(history):
    previous, sources = history
    state = reconcile(NAME, sources, previous)
    again = reconcile(NAME, sources, state)
    assert diff(state, again) == []
    assert values(again) == values(state)
    assert again == reconcile(NAME, sources, again)  # and it has settled for good


@PROPERTY
@given(histories(), st.data())
def test_a_source_that_drops_out_retracts_nothing(history, data):
    previous, sources = history
    state = reconcile(NAME, sources, previous)
    kept = data.draw(st.lists(st.sampled_from(sources), unique_by=lambda s: s.url)
                     if sources else st.just([]))
    later = reconcile(NAME, kept, state)
    assert diff(state, later) == []
    assert values(later) == values(state)
    back = reconcile(NAME, sources, later)  # and its return is no news either
    assert diff(state, back) == []
    assert values(back) == values(state)


@PROPERTY
@given(histories(), st.data())
def test_unchanged_sources_refetched_in_any_order_and_subset_never_alert(history, data):
    """No flapping: pages whose ads change are re-read every check, in whatever order and
    with whichever sources failing, and the decision taken once stays."""
    previous, sources = history
    state = reconcile(NAME, sources, previous)
    for round_ in range(4):
        fetched = f"2024-07-0{round_ + 1}T10:00:00"
        again = [SourceFacts(s.url, s.authority, data.draw(st.sampled_from(
                     (s.fetched_at, fetched)), label="refetched"), s.facts) for s in sources]
        subset = data.draw(st.permutations(again)).__getitem__(
            slice(data.draw(st.integers(0, len(again)), label="kept")))
        later = reconcile(NAME, subset, state)
        assert diff(state, later) == [], f"round {round_}"
        assert values(later) == values(state)
        state = later


@PROPERTY
@given(histories(), facts, st.sampled_from(FETCHED))
def test_a_blog_never_moves_a_date_a_stronger_source_announced(history, blog_facts, fetched):
    previous, sources = history
    state = reconcile(NAME, sources, previous)
    decided = state.release_evidence
    if state.release.status != "announced" or decided is None or decided.authority == "blog":
        return
    blog = SourceFacts("https://blog.example/", "blog", fetched, blog_facts)
    with_blog = reconcile(NAME, [*sources, blog], previous)
    r, b = state.release, with_blog.release
    assert (b.status, b.date, b.window) == (r.status, r.date, r.window)
    assert with_blog.release_evidence == decided


@PROPERTY
@given(histories())
def test_every_decided_fact_names_its_source(history):
    previous, sources = history
    state = reconcile(NAME, sources, previous)
    urls = {s.url for s in sources} | ({e.url for e in _evidence(previous)} if previous else set())
    for ev in _evidence(state):
        assert ev.url in urls
    for change in diff(previous, state) if previous else ():
        assert change.evidence is not None and change.evidence.url in urls
        assert change_line(change)  # every change renders


def _evidence(state: TitleState) -> list[Evidence]:
    out = [state.release_evidence, state.platform_evidence, state.official_title_evidence,
           *(c.evidence for c in state.cast), *(ev for _, ev in state.open_roles)]
    return [ev for ev in out if ev is not None]


# --- scenarios: several checks in a row ------------------------------------------------

ANNOUNCED = Release("announced", "2025-07-09", None, "Prime Video", None,
                    ("Ballard premieres July 9, 2025 on Prime Video.",))
UNANNOUNCED = Release("unannounced", evidence=("No release date has been announced yet.",))
MAGGIE = CastMember("Maggie Q", "Renée Ballard", "confirmed",
                    ("Maggie Q has been cast as Renée Ballard.",))
OPEN_BALLARD = OpenRole("Renee Ballard", ("The role of Renee Ballard is up for grabs.",))
STUDIO, TRADE, NEWS, BLOG = ("https://studio.example/ballard", "https://trade.example/ballard",
                             "https://news.example/ballard", "https://blog.example/ballard")
AUTHORITY = {STUDIO: "official", TRADE: "trade", NEWS: "news", BLOG: "blog"}


def src(url: str, published: str | None, fetched: str, release: Release = Release(),
        cast: Sequence[CastMember] = (), open_roles: Sequence[OpenRole] = (),
        new_title: str | None = None, guess: str | None = None) -> SourceFacts:
    facts = Facts(NAME, published, release, tuple(cast), tuple(open_roles),
                  Speculation(guess, (f"Our guess is {guess}.",) if guess else ()),
                  new_title, (f"It is titled {new_title}.",) if new_title else ())
    return SourceFacts(url, AUTHORITY[url], fetched, facts)


class Watch:
    """Feeds each check's state into the next, as the pipeline does."""

    def __init__(self) -> None:
        self.state: TitleState | None = None

    def check(self, *sources: SourceFacts) -> list[Change]:
        state = reconcile(NAME, list(sources), self.state)
        changes = diff(self.state, state)
        self.state = state
        return changes


def summary(changes: list[Change]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.kind, c.subject, c.new, c.old) for c in changes]


def test_a_rewrite_that_drops_the_sentence_retracts_nothing():
    watch = Watch()
    watch.check(src(NEWS, "2024-03-01", "2024-03-01T10:00", UNANNOUNCED))
    changes = watch.check(src(NEWS, "2024-05-01", "2024-05-01T10:00", ANNOUNCED, [MAGGIE]))
    assert summary(changes) == [
        ("release_announced", None, "9 July 2025 on Prime Video", "not announced"),
        ("cast_added", "Maggie Q", "Renée Ballard", None)]
    assert change_line(changes[0]) == (
        "Release date announced: 9 July 2025 on Prime Video (was: not announced)")
    assert changes[0].evidence == Evidence(
        "Ballard premieres July 9, 2025 on Prime Video.", NEWS, "2024-05-01", "news",
        "2024-05-01T10:00")
    # the page is rewritten: the date and the casting sentences are gone
    assert watch.check(src(NEWS, "2024-05-02", "2024-05-02T10:00")) == []
    assert watch.state is not None
    assert watch.state.release.date == "2025-07-09"
    assert [c.actor for c in watch.state.visible_cast] == ["Maggie Q"]


def test_a_failing_source_retracts_nothing_and_its_return_is_no_news():
    studio = src(STUDIO, "2024-05-01", "2024-05-01T10:00", ANNOUNCED, [MAGGIE])
    news = src(NEWS, "2024-05-02", "2024-05-02T10:00", UNANNOUNCED)
    watch = Watch()
    assert [c.kind for c in watch.check(studio, news)] == ["baseline"]
    assert watch.state is not None and watch.state.release_evidence is not None
    assert watch.state.release_evidence.url == STUDIO  # official beats a newer news "no date"
    for _ in range(3):
        assert watch.check(news) == []  # the studio page fails: absent from the list
    assert watch.state.release.date == "2025-07-09"
    assert watch.state.release_evidence.url == STUDIO
    assert watch.check(studio, news) == []
    assert watch.check() == []  # every source fails


def test_a_blog_guess_never_overrides_an_official_date():
    watch = Watch()
    watch.check(src(BLOG, "2024-01-15", "2024-01-15T10:00",
                    Release("speculated", None, "2025-winter", None, None,
                            ("It could arrive in winter 2025.",)), guess="2025-winter"))
    assert watch.state is not None
    assert baseline_lines(watch.state)[0] == "Release: not announced (guessed: winter 2025)"
    changes = watch.check(
        src(BLOG, "2024-01-15", "2024-01-15T10:00",
            Release("speculated", None, "2025-winter", None, None, ("Maybe winter 2025.",))),
        src(STUDIO, "2024-03-01", "2024-03-01T10:00", ANNOUNCED))
    assert summary(changes) == [
        ("release_announced", None, "9 July 2025 on Prime Video", "not announced")]
    # the blog writes again, newer, with a guess and even with a date of its own
    for blog in (Release("speculated", None, "2026", None, None, ("Maybe 2026.",)),
                 Release("announced", "2025-08-01", None, "Netflix", None, ("August 1.",))):
        assert watch.check(src(BLOG, "2024-06-01", "2024-06-01T10:00", blog),
                           src(STUDIO, "2024-03-01", "2024-03-01T10:00", ANNOUNCED)) == []
    assert watch.state.release.platform == "Prime Video"
    assert watch.state.release_evidence is not None
    assert watch.state.release_evidence.url == STUDIO


def test_an_announced_date_from_a_blog_beats_a_news_sites_guess():
    watch = Watch()
    watch.check(src(NEWS, "2024-06-01", "2024-06-01T10:00",
                    Release("speculated", None, "2026", None, None, ("Maybe 2026.",))))
    changes = watch.check(
        src(NEWS, "2024-06-01", "2024-06-01T10:00",
            Release("speculated", None, "2026", None, None, ("Maybe 2026.",))),
        src(BLOG, "2024-02-01", "2024-02-01T10:00", ANNOUNCED))
    assert summary(changes) == [
        ("release_announced", None, "9 July 2025 on Prime Video", "not announced")]


def test_a_delay_from_the_trade_press_supersedes_an_older_announced_date():
    news = src(NEWS, "2024-03-01", "2024-03-01T10:00", ANNOUNCED)
    studio = src(STUDIO, "2024-03-02", "2024-03-02T10:00", ANNOUNCED)
    delay = src(TRADE, "2024-05-10", "2024-05-10T10:00", Release(
        "delayed", None, "2026", None, "2025-07-09",
        ("Ballard has been pushed back to 2026.",)))
    watch = Watch()
    watch.check(news, studio)
    changes = watch.check(news, studio, delay)
    assert summary(changes) == [
        ("release_delayed", None, "2026 on Prime Video", "9 July 2025")]
    assert change_line(changes[0]) == (
        "Release delayed: 2026 on Prime Video (was: 9 July 2025)")
    assert changes[0].evidence is not None and changes[0].evidence.url == TRADE
    # the stale pages keep saying July 9, and the trade article drops out: no flip back
    assert watch.check(news, studio) == []
    assert watch.check(news, studio, delay) == []
    # a news site's newer "delay" is not of trade standing; a newer official date is
    assert watch.check(news, studio, src(NEWS, "2024-06-01", "2024-06-01T10:00", Release(
        "delayed", None, "2027", None, None, ("Now 2027.",)))) == []
    changes = watch.check(news, delay, src(STUDIO, "2024-07-01", "2024-07-01T10:00", Release(
        "announced", "2026-02-14", None, "Prime Video", None, ("February 14, 2026.",))))
    assert summary(changes) == [
        ("release_announced", None, "14 February 2026 on Prime Video", "2026")]


def test_an_older_trade_delay_does_not_override_a_newer_official_date():
    watch = Watch()
    changes = watch.check(
        src(TRADE, "2024-02-01", "2024-02-01T10:00", Release(
            "delayed", None, "2026", None, None, ("Pushed to 2026.",))),
        src(STUDIO, "2024-04-01", "2024-04-01T10:00", ANNOUNCED))
    assert watch.state is not None
    assert (changes[0].kind, watch.state.release.date) == ("baseline", "2025-07-09")


def test_a_newer_official_no_date_retracts_but_a_newer_news_no_date_does_not():
    watch = Watch()
    watch.check(src(STUDIO, "2024-03-01", "2024-03-01T10:00", ANNOUNCED))
    assert watch.check(src(NEWS, "2024-06-01", "2024-06-01T10:00", UNANNOUNCED)) == []
    changes = watch.check(src(STUDIO, "2024-07-01", "2024-07-01T10:00", UNANNOUNCED))
    assert summary(changes) == [
        ("release_unannounced", None, "not announced", "9 July 2025")]
    assert change_line(changes[0]) == (
        "Release date withdrawn: not announced any more (was: 9 July 2025)")


def test_an_actor_leaving_is_one_alert_and_leaves_the_visible_cast():
    welliver = CastMember("Titus Welliver", "Harry Bosch", "confirmed",
                          ("Titus Welliver returns as Harry Bosch.",))
    studio = src(STUDIO, "2024-03-01", "2024-03-01T10:00", UNANNOUNCED, [MAGGIE, welliver])
    watch = Watch()
    watch.check(studio)
    exit_ = src(TRADE, "2024-05-01", "2024-05-01T10:00", cast=[CastMember(
        "Welliver", None, "departed", ("Welliver has exited the series.",))])
    changes = watch.check(studio, exit_)
    assert summary(changes) == [("cast_departed", "Titus Welliver", "Harry Bosch", "confirmed")]
    assert change_line(changes[0]) == "Titus Welliver has left the role of Harry Bosch"
    assert changes[0].evidence is not None and changes[0].evidence.url == TRADE
    assert watch.state is not None
    assert [c.actor for c in watch.state.visible_cast] == ["Maggie Q"]
    assert "Titus Welliver" not in "\n".join(baseline_lines(watch.state))
    # the official cast page still lists him, and the trade article disappears: he stays gone
    assert watch.check(studio) == []
    assert watch.check(studio, exit_) == []


def test_an_actor_recast_in_the_same_role_replaces_the_old_one():
    watch = Watch()
    studio = src(STUDIO, "2024-03-01", "2024-03-01T10:00", cast=[MAGGIE])
    watch.check(studio)
    recast = src(TRADE, "2024-08-01", "2024-08-01T10:00", cast=[CastMember(
        "Jane Roe", "Renee Ballard", "confirmed", ("Jane Roe will now play Renee Ballard.",))])
    changes = watch.check(studio, recast)
    assert summary(changes) == [
        ("cast_added", "Jane Roe", "Renee Ballard", None),
        ("cast_departed", "Maggie Q", "Renée Ballard", "confirmed")]
    assert [change_line(c) for c in changes] == [
        "Jane Roe cast as Renee Ballard", "Maggie Q has left the role of Renée Ballard"]
    assert all(c.evidence is not None and c.evidence.url == TRADE for c in changes)
    assert watch.state is not None
    assert [c.actor for c in watch.state.visible_cast] == ["Jane Roe"]
    assert watch.check(studio) == [] and watch.check(studio, recast) == []


def test_a_casting_decided_as_a_recast_keeps_that_standing_when_read_in_part():
    """Two pages give one role to two actors (so the trade one stands as news of a re-cast,
    as high as the studio), and the studio says that actor left. Re-reading the same pages, some of them
    failing, must not reverse what all of them decided: no 'departed' alert from old news."""
    bosch = "Harry Bosch"
    studio_cast = src(STUDIO, None, "2024-06-10T08:00", cast=[CastMember(
        "Maggie Q", bosch, "confirmed", ("Maggie Q plays Harry Bosch.",))])
    left = src(NEWS, None, "2024-06-10T08:00", cast=[CastMember(
        "Titus Welliver", None, "departed", ("Titus Welliver has left.",))])
    left = SourceFacts(left.url, "official", left.fetched_at, left.facts)
    trade = src(TRADE, None, "2024-06-10T08:00", cast=[CastMember(
        "Titus Welliver", bosch, "confirmed", ("Titus Welliver plays Harry Bosch.",))])
    first = src(STUDIO, None, "2024-06-01T08:00", cast=[MAGGIE])
    first = SourceFacts("https://studio.example/ballard-cast", "official", first.fetched_at, first.facts)
    watch = Watch()
    watch.check(first)
    watch.check(studio_cast, left, trade)
    assert watch.state is not None
    decided = {c.actor: c.status for c in watch.state.cast}
    assert decided["Titus Welliver"] == "confirmed"
    for subset in ([left], [left, trade], [trade], []):  # the studio's casting page fails
        assert watch.check(*subset) == [], subset
        assert {c.actor: c.status for c in watch.state.cast} == decided


def test_a_role_filled_closes_the_open_role_with_one_alert():
    watch = Watch()
    rumour = CastMember("Titus Welliver", "Harry Bosch", "rumored",
                        ("Titus Welliver will likely appear.",))
    watch.check(src(NEWS, "2024-01-15", "2024-01-15T10:00", UNANNOUNCED, [rumour],
                    [OPEN_BALLARD]))
    assert watch.state is not None
    assert [role for role, _ in watch.state.open_roles] == ["Renee Ballard"]
    changes = watch.check(src(NEWS, "2024-02-01", "2024-02-01T10:00", UNANNOUNCED, [MAGGIE]))
    assert summary(changes) == [("cast_added", "Maggie Q", "Renée Ballard", None)]
    assert change_line(changes[0]) == "Maggie Q cast as Renée Ballard"
    assert watch.state.open_roles == ()
    # the old article with the open role comes back: stale, the role stays filled
    assert watch.check(src(BLOG, "2024-01-10", "2024-01-10T10:00",
                           open_roles=[OPEN_BALLARD])) == []
    # confirmed beats rumoured, whatever the standing
    changes = watch.check(src(BLOG, "2024-03-01", "2024-03-01T10:00", cast=[CastMember(
        "Welliver", "Harry Bosch", "confirmed", ("Welliver is back as Bosch.",))]))
    assert summary(changes) == [("cast_confirmed", "Titus Welliver", "Harry Bosch", "rumored")]
    assert change_line(changes[0]) == "Titus Welliver confirmed as Harry Bosch (was: rumoured)"


def test_a_role_reopens_only_on_news_newer_than_the_departure():
    watch = Watch()
    watch.check(src(NEWS, "2024-02-01", "2024-02-01T10:00", cast=[MAGGIE]))
    watch.check(src(TRADE, "2024-04-01", "2024-04-01T10:00", cast=[CastMember(
        "Maggie Q", None, "departed", ("Maggie Q has left the show.",))]),
        src(BLOG, "2024-01-10", "2024-01-10T10:00", open_roles=[OPEN_BALLARD]))
    assert watch.state is not None and watch.state.open_roles == ()
    changes = watch.check(src(NEWS, "2024-05-01", "2024-05-01T10:00", open_roles=[
        OpenRole("Renée Ballard", ("The producers are looking for a new Renée Ballard.",))]))
    assert summary(changes) == [("role_opened", "Renée Ballard", None, None)]
    assert change_line(changes[0]) == "Role still to be cast: Renée Ballard"


def test_two_sources_that_keep_disagreeing_alert_at_most_once():
    july = ANNOUNCED
    august = Release("announced", "2025-08-01", None, "Prime Video", None,
                     ("Ballard arrives August 1.",))
    for published in (("2024-05-01", "2024-05-01"), (None, None)):
        watch = Watch()
        alerts = []
        for round_ in range(12):
            # both pages change their ads every time, so both are re-read, in either order
            a = src(NEWS, published[0], f"2024-06-{round_ + 1:02}T10:0{round_ % 2}", july)
            b = SourceFacts("https://other.example/", "news",
                            f"2024-06-{round_ + 1:02}T10:0{1 - round_ % 2}",
                            Facts(NAME, published[1], august))
            alerts += watch.check(*((a, b) if round_ % 3 else (b, a)))
        assert [c.kind for c in alerts] == ["baseline"]
    # one of them publishes a newer article: one change, then quiet again
    watch = Watch()
    older = src(NEWS, "2024-05-01", "2024-05-01T10:00", july)
    newer = SourceFacts("https://other.example/", "news", "2024-05-02T10:00",
                        Facts(NAME, "2024-05-02", august))
    watch.check(older)
    alerts = []
    for round_ in range(6):
        alerts += watch.check(older, newer) if round_ % 2 else watch.check(newer, older)
    assert summary(alerts) == [
        ("release_moved", None, "1 August 2025 on Prime Video", "9 July 2025")]
    assert change_line(alerts[0]) == (
        "Release moved: 1 August 2025 on Prime Video (was: 9 July 2025)")


def test_platform_and_title_are_decided_on_their_own():
    watch = Watch()
    watch.check(src(STUDIO, "2024-03-01", "2024-03-01T10:00", Release(
        "announced", "2025-07-09", None, None, None, ("It premieres July 9, 2025.",))))
    changes = watch.check(
        src(STUDIO, "2024-03-01", "2024-03-01T10:00", Release(
            "announced", "2025-07-09", None, None, None, ("It premieres July 9, 2025.",))),
        src(NEWS, "2024-03-05", "2024-03-05T10:00", Release(
            "announced", "2025-07-09", None, "Prime Video", None, ("July 9 on Prime Video.",)),
            new_title="Ballard"))
    assert summary(changes) == [("title_changed", None, "Ballard", None),
                                ("platform_set", None, "Prime Video", None)]
    assert [change_line(c) for c in changes] == [
        "Title announced: Ballard (was: untitled)", "Platform: Prime Video"]
    assert watch.state is not None
    assert watch.state.release_evidence is not None
    assert watch.state.release_evidence.url == STUDIO
    assert watch.state.platform_evidence is not None
    assert watch.state.platform_evidence.url == NEWS
    # a platform named in passing ("the new Netflix series", no date yet) is not release news
    assert watch.check(src(STUDIO, "2024-04-01", "2024-04-01T10:00", Release(
        "speculated", None, "2026", "Netflix", None, ("It could come to Netflix in 2026.",)))) == []


def test_a_role_spelled_shorter_is_the_same_role():
    watch = Watch()
    watch.check(src(NEWS, "2024-02-01", "2024-02-01T10:00", cast=[MAGGIE]))
    assert watch.check(src(NEWS, "2024-03-01", "2024-03-01T10:00", cast=[CastMember(
        "Maggie Q", "Ballard", "confirmed", ("Maggie Q stars in Ballard.",))])) == []
    assert watch.state is not None and watch.state.cast[0].role == "Renée Ballard"
    changes = watch.check(src(NEWS, "2024-04-01", "2024-04-01T10:00", cast=[CastMember(
        "Maggie Q", "Harry Bosch", "confirmed", ("Maggie Q now plays Harry Bosch.",))]))
    assert [change_line(c) for c in changes] == [
        "Maggie Q now plays Harry Bosch (was: Renée Ballard)"]


def test_states_stored_before_authority_was_kept_still_load_and_reconcile():
    old_json = {
        "title": NAME,
        "release": {"status": "announced", "date": "2025-07-09", "window": None,
                    "platform": "Prime Video", "previous": None, "evidence": ["July 9."]},
        "release_evidence": {"sentence": "July 9.", "url": STUDIO, "published": "2024-03-01"},
        "cast": [{"actor": "Maggie Q", "role": "Renée Ballard", "status": "confirmed",
                  "evidence": {"sentence": "cast", "url": STUDIO, "published": "2024-03-01"}}],
        "open_roles": [["Harry Bosch", {"sentence": "open", "url": NEWS, "published": None}]],
        "official_title": None, "official_title_evidence": None, "speculation": None,
    }
    state = TitleState.from_json(old_json)
    assert state.cast[0] == StateCast("Maggie Q", "Renée Ballard", "confirmed",
                                      Evidence("cast", STUDIO, "2024-03-01"))
    assert TitleState.from_json(state.to_json()) == state
    # the kept official date borrows the studio's standing from the config
    studio = src(STUDIO, "2024-03-01", "2024-03-02T10:00", ANNOUNCED)
    blog = src(BLOG, "2024-09-01", "2024-09-01T10:00", Release(
        "announced", "2025-12-01", None, None, None, ("December.",)))
    assert diff(state, reconcile(NAME, [studio, blog], state)) == []
    assert Change.from_json({"kind": "released", "subject": None, "old": None, "new": None,
                             "evidence": {"sentence": "s", "url": None}}).evidence == \
        Evidence("s", None)
