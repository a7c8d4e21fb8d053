"""Pure: the facts of every source of a watch -> one TitleState.

Every fact (the release, the platform, the title, each actor, each open role) is
decided on its own, as the maximum of the claims made about it under ONE total
order, so the result cannot depend on the order of the sources and re-running it
changes nothing:

1. tier: a firm statement beats a guess (announced, delayed, released or "no
   date yet" beat a speculated release; confirmed or departed beat rumoured);
2. standing: official > trade > news > blog (unknown: news). A report of a
   change (a delay, a release, a move, a departure, a re-cast) from trade press
   stands as high as the studio itself, so a newer trade article reporting a
   delay supersedes an older official date;
3. the newer article;
4. the decision already taken (no flapping between two sources that keep
   disagreeing at equal standing and date);
5. the newer fetch, then the URL (only to be deterministic).

Persistence: the previous state's facts take part as claims with the weight of
the source that decided them. So a source that fails, vanishes or is rewritten
without the sentence retracts nothing; only a claim that wins over the kept one
(a newer official "no date yet", a departure) changes it. A source's current
claim replaces its own earlier one when it is at least as firm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from watcher.extract.text import fold
from watcher.model import Evidence, Release, SourceFacts, StateCast, TitleState

AUTHORITY_RANK = {"official": 4, "trade": 3, "news": 2, "blog": 1}
DEFAULT_AUTHORITY = "news"
FIRM_RELEASE = ("unannounced", "announced", "delayed", "released")

V = TypeVar("V", bound=Hashable)


@dataclass(frozen=True)
class _Claim(Generic[V]):
    """One statement of one fact by one source, or kept from the previous state."""

    value: V
    tier: int
    standing: int
    evidence: Evidence
    sentences: tuple[str, ...] = ()
    carried: bool = False
    role: str | None = None  # cast claims: the role as spelled
    actor: str | None = None  # cast claims: the name as spelled; None for an implied departure
    replaced_by: str | None = None
    recast: bool = False  # cast claims: stands as news of a re-cast

    @property
    def url(self) -> str:
        return self.evidence.url or ""


def _rank(authority: str | None) -> int:
    return AUTHORITY_RANK.get(authority or DEFAULT_AUTHORITY, AUTHORITY_RANK[DEFAULT_AUTHORITY])


def _standing(authority: str | None, change: bool) -> int:
    """Trade and official reports of a change stand as official."""
    rank = _rank(authority)
    return AUTHORITY_RANK["official"] if change and rank >= AUTHORITY_RANK["trade"] else rank


def _key(claim: _Claim[V], incumbent: Callable[[V], bool]) -> tuple[object, ...]:
    ev = claim.evidence
    return (claim.tier, claim.standing, ev.published or "", incumbent(claim.value),
            ev.fetched_at or "", not claim.carried, claim.url, repr(claim.value),
            claim.sentences, ev.sentence, claim.replaced_by or "")


def _decide(claims: Iterable[_Claim[V]], incumbent: Callable[[V], bool]) -> _Claim[V] | None:
    """The winning claim: the maximum under the module's total order."""
    return max(claims, key=lambda c: _key(c, incumbent), default=None)


def _keep(carried: _Claim[V] | None, current: list[_Claim[V]]) -> list[_Claim[V]]:
    """Current claims plus the kept one, unless its own source now says something as firm."""
    if carried is None or any(c.url == carried.url and c.tier >= carried.tier for c in current):
        return current
    return [*current, carried]


def _source_evidence(source: SourceFacts, sentences: tuple[str, ...]) -> Evidence:
    return Evidence(sentences[0] if sentences else "", source.url, source.facts.published,
                    source.authority or DEFAULT_AUTHORITY, source.fetched_at)


def _carried_evidence(ev: Evidence | None, authority_of: dict[str, str]) -> Evidence:
    """Evidence of a kept fact; states stored before authority was kept borrow the source's."""
    ev = ev or Evidence("", None)
    if ev.authority is None:
        authority = authority_of.get(ev.url or "", DEFAULT_AUTHORITY)
        ev = Evidence(ev.sentence, ev.url, ev.published, authority, ev.fetched_at)
    return ev


def name_key(text: str) -> str:
    """How names and roles compare: case, accents and spacing do not count."""
    return re.sub(r"\s+", " ", fold(text)).strip()


def same_role(a: str | None, b: str | None) -> bool:
    """'Ballard' and 'Renée Ballard' are one role: one name holds all words of the other."""
    if not a or not b:
        return False
    wa, wb = set(re.findall(r"\w+", fold(a))), set(re.findall(r"\w+", fold(b)))
    return bool(wa and wb) and (wa <= wb or wb <= wa)


# --- the release -------------------------------------------------------------------------

ReleaseValue = tuple[str, str | None, str | None, str | None]  # status, date, window, previous


def _release_tier(status: str) -> int:
    return 2 if status in FIRM_RELEASE else 1


def _is_change(status: str, previous: str | None) -> bool:
    return status in ("delayed", "released") or (status == "announced" and previous is not None)


def _release_claim(value: ReleaseValue, ev: Evidence, sentences: tuple[str, ...],
                   carried: bool = False) -> _Claim[ReleaseValue]:
    status, _, _, previous = value
    return _Claim(value, _release_tier(status), _standing(ev.authority,
                  _is_change(status, previous)), ev, sentences, carried)


def _decide_release(sources: list[SourceFacts], previous: TitleState | None,
                    authority_of: dict[str, str]) -> tuple[Release, Evidence | None]:
    claims = [
        _release_claim((r.status, r.date, r.window, r.previous),
                       _source_evidence(s, r.evidence), r.evidence)
        for s in sources if (r := s.facts.release).status != "none"
    ]
    old = previous.release if previous else Release()
    carried = None
    if old.status != "none":
        carried = _release_claim(
            (old.status, old.date, old.window, old.previous),
            _carried_evidence(previous.release_evidence if previous else None, authority_of),
            old.evidence, carried=True)
    winner = _decide(_keep(carried, claims),
                     lambda v: (v[0], v[1], v[2]) == (old.status, old.date, old.window))
    if winner is None:
        return Release(), None
    status, when, window, before = winner.value
    if before is None and status == "delayed":
        if (old.status, old.date, old.window) == (status, when, window):
            before = old.previous
        elif old.status in ("announced", "delayed") and (old.date or old.window):
            before = old.date or old.window
    return Release(status, when, window, None, before, winner.sentences), winner.evidence


def _decide_platform(sources: list[SourceFacts], previous: TitleState | None,
                     authority_of: dict[str, str]) -> tuple[str | None, Evidence | None]:
    """The platform is a fact of its own: a date from the studio and 'on Prime Video'
    from the trade press make one picture. Only release news names it; a platform
    mentioned in passing ('the new Prime Video series') is not news yet."""
    claims = [
        _Claim(r.platform, 1, _rank(s.authority), _source_evidence(s, r.evidence), r.evidence)
        for s in sources if (r := s.facts.release).platform and r.status in FIRM_RELEASE[1:]
    ]
    old = previous.release.platform if previous else None
    carried = None
    if previous and old:
        ev = previous.platform_evidence or previous.release_evidence
        ev = _carried_evidence(ev, authority_of)
        carried = _Claim(old, 1, _rank(ev.authority), ev, (), True)
    winner = _decide(_keep(carried, claims), lambda v: name_key(v) == name_key(old or ""))
    return (winner.value, winner.evidence) if winner else (None, None)


def _decide_title(sources: list[SourceFacts], previous: TitleState | None,
                  authority_of: dict[str, str]) -> tuple[str | None, Evidence | None]:
    claims = [
        _Claim(f.new_title, 1, _rank(s.authority), _source_evidence(s, f.new_title_evidence),
               f.new_title_evidence)
        for s in sources if (f := s.facts).new_title
    ]
    old = previous.official_title if previous else None
    carried = None
    if previous and old:
        ev = _carried_evidence(previous.official_title_evidence, authority_of)
        carried = _Claim(old, 1, _rank(ev.authority), ev, (), True)
    winner = _decide(_keep(carried, claims), lambda v: name_key(v) == name_key(old or ""))
    return (winner.value, winner.evidence) if winner else (None, None)


def _decide_speculation(sources: list[SourceFacts], previous: TitleState | None) -> str | None:
    """The best guess, shown only while nothing firmer is known; never alerted on its own."""
    guesses = []
    for s in sources:
        f = s.facts
        window = f.speculation.window or (f.release.window if f.release.status == "speculated"
                                          else None)
        if window:
            guesses.append(((_rank(s.authority), f.published or "", s.fetched_at, s.url, window),
                            window))
    if guesses:
        return max(guesses)[1]
    return previous.speculation if previous else None


# --- the cast ----------------------------------------------------------------------------

CastValue = tuple[str, str | None]  # status, folded role


def _cast_tier(status: str) -> int:
    return 1 if status == "rumored" else 2


def _cast_claim(actor: str | None, role: str | None, status: str, ev: Evidence,
                sentences: tuple[str, ...], carried: bool = False,
                replaced_by: str | None = None, recast: bool = False) -> _Claim[CastValue]:
    return _Claim((status, name_key(role) if role else None), _cast_tier(status),
                  _standing(ev.authority, status == "departed" or recast), ev, sentences,
                  carried, role=role, actor=actor, replaced_by=replaced_by, recast=recast)


def person_keys(names: Iterable[str]) -> dict[str, str]:
    """Folded name -> the key of the person: 'Welliver' is 'Titus Welliver' when only one
    known full name ends that way."""
    keys = {name_key(n) for n in names}
    out = {}
    for key in keys:
        if " " not in key:
            fuller = [k for k in keys if k.endswith(" " + key)]
            out[key] = fuller[0] if len(fuller) == 1 else key
        else:
            out[key] = key
    return out


def _decide_cast(sources: list[SourceFacts], previous: TitleState | None,
                 authority_of: dict[str, str]) -> tuple[StateCast, ...]:
    current: list[_Claim[CastValue]] = [
        _cast_claim(m.actor, m.role, m.status, _source_evidence(s, m.evidence), m.evidence)
        for s in sources for m in s.facts.cast
    ]
    carried = [
        _cast_claim(m.actor, m.role, m.status, _carried_evidence(m.evidence, authority_of),
                    (m.evidence.sentence,), True, m.replaced_by, m.recast)
        for m in (previous.cast if previous else ())
    ]
    person = person_keys(c.actor or "" for c in [*current, *carried])

    def who(claim: _Claim[CastValue]) -> str:
        return person[name_key(claim.actor or "")]

    kept = {who(c): m for c, m in zip(carried, previous.cast if previous else (), strict=True)}

    # A confirmed casting in a role is also a claim that every other actor known in
    # that role no longer plays it: an actor re-cast in the role replaces the old one.
    in_role: dict[str, set[str]] = {}
    for c in [*current, *carried]:
        if c.value[1]:
            in_role.setdefault(c.value[1], set()).add(who(c))
    # ... and such a re-cast is news of a change: from the trade press it stands as official.
    # A source still saying what once won as a re-cast keeps that standing, although the
    # claim that made it a re-cast may be gone from this check (that source failed): else
    # the same pages, re-read in part, would decide differently than all of them did.
    promoted = {(c.url, c.value) for c in carried if c.recast}

    def recast(c: _Claim[CastValue]) -> _Claim[CastValue]:
        if c.value[0] == "confirmed" and c.value[1] and not c.recast and (
                in_role[c.value[1]] - {who(c)} or (c.url, c.value) in promoted):
            return _cast_claim(c.actor, c.role, "confirmed", c.evidence, c.sentences,
                               c.carried, c.replaced_by, recast=True)
        return c

    current, carried = [recast(c) for c in current], [recast(c) for c in carried]
    claims: dict[str, list[_Claim[CastValue]]] = {}
    for c in current:
        claims.setdefault(who(c), []).append(c)
    for c in carried:  # before the implied ones: only the actor's own news replaces it
        claims[who(c)] = _keep(c, claims.get(who(c), []))
    for c in current:  # kept castings imply nothing new: their effect is kept already
        if c.value[0] == "confirmed" and c.value[1]:
            for other in sorted(in_role[c.value[1]] - {who(c)}):
                claims.setdefault(other, []).append(_cast_claim(
                    None, c.role, "departed", c.evidence, c.sentences, c.carried,
                    replaced_by=c.actor))
    carried_of = {who(c): c for c in carried}

    spellings: dict[str, set[str]] = {}
    for c in [*current, *carried]:
        spellings.setdefault(who(c), set()).add(c.actor or "")

    out = []
    for key in sorted(claims):
        pool = claims[key]
        old = kept.get(key)
        old_value = (old.status, name_key(old.role) if old.role else None) if old else None

        def incumbent(v: CastValue, old_value: CastValue | None = old_value) -> bool:
            return old_value is not None and v[0] == old_value[0] and v[1] in (None, old_value[1])

        winner = _decide(pool, incumbent)
        assert winner is not None
        role = winner.role
        if role is None:  # a mention without the role does not take the role away
            known = [c for c in (*pool, carried_of.get(key)) if c is not None and c.role]
            with_role = _decide(known, incumbent)
            role = with_role.role if with_role else None
        if old is not None and same_role(old.role, role) and len(old.role or "") >= len(role or ""):
            role = old.role  # the same role: keep its fuller spelling, whoever reports it
        actor = min(spellings[key], key=lambda n: (-len(n), n))  # the fullest spelling
        out.append(StateCast(actor, role, winner.value[0], winner.evidence,
                             winner.replaced_by, winner.recast))
    return tuple(out)


# --- open roles --------------------------------------------------------------------------

def _decide_open_roles(sources: list[SourceFacts], previous: TitleState | None,
                       cast: tuple[StateCast, ...],
                       authority_of: dict[str, str]) -> tuple[tuple[str, Evidence], ...]:
    """A named role stays open until an actor is cast in it; after a departure from it,
    only an article newer than the departure says it is open again."""
    claims: dict[str, list[_Claim[str]]] = {}
    for s in sources:
        for r in s.facts.open_roles:
            key = name_key(r.role)
            claims.setdefault(key, []).append(
                _Claim(r.role, 1, _rank(s.authority), _source_evidence(s, r.evidence),
                       r.evidence))
    for role, ev in previous.open_roles if previous else ():
        key = name_key(role)
        ev = _carried_evidence(ev, authority_of)
        claims[key] = _keep(_Claim(role, 1, _rank(ev.authority), ev, (), True),
                            claims.get(key, []))
    # By article date only: a re-read of an unchanged page must not reopen a role.
    castings = [(m.role, "\uffff" if m.status == "confirmed" else m.evidence.published or "")
                for m in cast if m.role and m.status != "rumored"]
    out = []
    for key in sorted(claims):
        fresh = [c for c in claims[key]
                 if all((c.evidence.published or "") > when
                        for role, when in castings if same_role(role, c.value))]
        winner = _decide(fresh, lambda _v: False)
        if winner is not None:
            out.append((winner.value, winner.evidence))
    return tuple(out)


def reconcile(name: str, sources: list[SourceFacts], previous: TitleState | None) -> TitleState:
    """The picture of one title from the latest facts of each of its sources."""
    authority_of = {s.url: s.authority or DEFAULT_AUTHORITY for s in sources}
    release, release_evidence = _decide_release(sources, previous, authority_of)
    platform, platform_evidence = _decide_platform(sources, previous, authority_of)
    release = Release(release.status, release.date, release.window, platform, release.previous,
                      release.evidence)
    title, title_evidence = _decide_title(sources, previous, authority_of)
    cast = _decide_cast(sources, previous, authority_of)
    return TitleState(
        title=name,
        release=release,
        release_evidence=release_evidence,
        cast=cast,
        open_roles=_decide_open_roles(sources, previous, cast, authority_of),
        official_title=title,
        official_title_evidence=title_evidence,
        speculation=_decide_speculation(sources, previous),
        platform_evidence=platform_evidence,
    )
