"""Pure: the previous TitleState vs the new one -> the facts that moved.

Only normalized values are compared, never page text; evidence sentences that
were merely reworded do not count as change.
"""

from __future__ import annotations

from watcher.extract.dates import humanize
from watcher.extract.text import fold
from watcher.model import Change, Release, TitleState

KINDS = (
    "baseline", "release_announced", "release_moved", "release_delayed", "released",
    "release_unannounced", "release_speculated", "platform_set", "title_changed",
    "cast_added", "cast_rumored", "cast_confirmed", "cast_departed", "cast_role",
    "role_opened", "role_filled",
)


def release_label(release: Release) -> str:
    """How an alert names a release value: '9 July 2025 on Prime Video'."""
    when = release.date or release.window
    if release.status in ("none", "unannounced") or not when:
        label = {"released": "released", "speculated": "only guessed"}.get(
            release.status, "not announced")
    else:
        label = humanize(when)
    if release.platform and release.status not in ("none", "unannounced"):
        label += f" on {release.platform}"
    return label


def _release_kind(old: Release, new: Release) -> str | None:
    if (old.status, old.date, old.window, old.platform) == (
            new.status, new.date, new.window, new.platform):
        return None
    if new.status == "none":
        return None  # silence is no news: persistence keeps the old value anyway
    if new.status == "delayed":
        return "release_delayed"
    if new.status == "released":
        return "released" if old.status != "released" else None
    if new.status == "announced":
        if old.status == "announced" and (old.date, old.window) == (new.date, new.window):
            return "platform_set" if new.platform != old.platform else None
        if old.status in ("announced", "delayed") and (old.date or old.window):
            return "release_moved"
        return "release_announced"
    if new.status == "unannounced":
        return "release_unannounced" if old.status in ("announced", "delayed") else None
    if new.status == "speculated":
        return "release_speculated" if old.status in ("none",) else None
    return None


def diff(old: TitleState | None, new: TitleState) -> list[Change]:
    if old is None:
        return [Change("baseline", None, None, None, new.release_evidence)]
    changes: list[Change] = []

    if new.official_title and fold(new.official_title) != fold(old.official_title or ""):
        changes.append(Change("title_changed", None, old.official_title, new.official_title,
                              new.official_title_evidence))

    kind = _release_kind(old.release, new.release)
    if kind:
        old_label = release_label(old.release)
        if kind == "release_delayed" and new.release.previous and old.release.status != "announced":
            old_label = humanize(new.release.previous)
        changes.append(Change(kind, None, old_label, release_label(new.release),
                              new.release_evidence))

    before = {fold(c.actor): c for c in old.cast}
    for member in new.cast:
        prior = before.get(fold(member.actor))
        if prior is None:
            kind = {"confirmed": "cast_added", "rumored": "cast_rumored",
                    "departed": "cast_departed"}[member.status]
            changes.append(Change(kind, member.actor, None, member.role, member.evidence))
        elif prior.status != member.status:
            kind = {"confirmed": "cast_confirmed", "rumored": "cast_rumored",
                    "departed": "cast_departed"}[member.status]
            changes.append(Change(kind, member.actor, prior.status, member.role, member.evidence))
        elif member.role and fold(member.role) != fold(prior.role or ""):
            changes.append(Change("cast_role", member.actor, prior.role, member.role,
                                  member.evidence))

    old_open = {fold(role): role for role, _ in old.open_roles}
    new_open = {fold(role): (role, ev) for role, ev in new.open_roles}
    for key, (role, ev) in new_open.items():
        if key not in old_open:
            changes.append(Change("role_opened", role, None, None, ev))
    cast_by_role = {fold(c.role): c for c in new.cast if c.role and c.status != "departed"}
    for key, role in old_open.items():
        if key not in new_open and key in cast_by_role:
            filler = cast_by_role[key]
            if not any(c.kind == "cast_added" and c.subject == filler.actor for c in changes):
                changes.append(Change("role_filled", role, None, filler.actor, filler.evidence))
    return changes
