"""Pure: the facts of every source of a watch -> one TitleState.

Stronger sources win (official > trade > news > blog), then newer articles,
then newer fetches. A fact stays until a source contradicts it: a source that
fails, vanishes or stops mentioning a fact retracts nothing.
"""

from __future__ import annotations

from watcher.extract.text import fold
from watcher.model import Evidence, Release, SourceFacts, StateCast, TitleState

AUTHORITY_RANK = {"official": 4, "trade": 3, "news": 2, "blog": 1}
CAST_RANK = {"departed": 3, "confirmed": 2, "rumored": 1}


def _weight(source: SourceFacts) -> tuple[int, str, str]:
    return (AUTHORITY_RANK.get(source.authority, 2), source.facts.published or "",
            source.fetched_at)


def _evidence(source: SourceFacts, sentences: tuple[str, ...]) -> Evidence:
    return Evidence(sentences[0] if sentences else "", source.url, source.facts.published)


def reconcile(name: str, sources: list[SourceFacts], previous: TitleState | None) -> TitleState:
    ranked = sorted(sources, key=_weight, reverse=True)

    release: Release = previous.release if previous else Release()
    release_evidence = previous.release_evidence if previous else None
    speculation = previous.speculation if previous else None
    for source in ranked:
        if source.facts.release.status != "none":
            release = source.facts.release
            release_evidence = _evidence(source, release.evidence)
            speculation = source.facts.speculation.window
            break
    else:
        for source in ranked:
            if source.facts.speculation.window:
                speculation = source.facts.speculation.window
                break

    cast: dict[str, StateCast] = {fold(c.actor): c for c in (previous.cast if previous else ())}
    decided: dict[str, tuple[tuple[int, str, str], int]] = {}
    for source in ranked:
        weight = _weight(source)
        for member in source.facts.cast:
            key = fold(member.actor)
            rank = CAST_RANK[member.status]
            best = decided.get(key)
            if best is not None and (best[0] > weight or (best[0] == weight and best[1] >= rank)):
                continue
            old = cast.get(key)
            role = member.role or (old.role if old else None)
            cast[key] = StateCast(member.actor, role, member.status,
                                  _evidence(source, member.evidence))
            decided[key] = (weight, rank)

    filled = {fold(c.role) for c in cast.values() if c.role and c.status != "departed"}
    open_roles: dict[str, tuple[str, Evidence]] = {
        fold(role): (role, ev) for role, ev in (previous.open_roles if previous else ())
    }
    for source in ranked:
        for role in source.facts.open_roles:
            open_roles.setdefault(fold(role.role), (role.role, _evidence(source, role.evidence)))
    open_roles = {k: v for k, v in open_roles.items() if k not in filled}

    official_title = previous.official_title if previous else None
    official_evidence = previous.official_title_evidence if previous else None
    for source in ranked:
        if source.facts.new_title:
            official_title = source.facts.new_title
            official_evidence = _evidence(source, source.facts.new_title_evidence)
            break

    return TitleState(
        title=name,
        release=release,
        release_evidence=release_evidence,
        cast=tuple(cast.values()),
        open_roles=tuple(open_roles.values()),
        official_title=official_title,
        official_title_evidence=official_evidence,
        speculation=speculation,
    )
