"""Pure: the previous TitleState vs the new one -> the facts that moved.

Only normalized values are compared, never page text; evidence sentences that
were merely reworded, or a fact now backed by another source, are no change.
Each change carries the evidence (sentence and link) of the source that decided
the new value.
"""

from __future__ import annotations

import re

from watcher.extract.dates import humanize
from watcher.extract.text import fold
from watcher.model import Change, Release, StateCast, TitleState
from watcher.reconcile import name_key, person_keys, same_role

KINDS = (
    "baseline", "release_announced", "release_moved", "release_delayed", "released",
    "release_unannounced", "release_speculated", "platform_set", "title_changed",
    "cast_added", "cast_rumored", "cast_confirmed", "cast_departed", "cast_role",
    "role_opened", "role_filled",
)
VISIBLE = ("confirmed", "rumored")


def release_label(release: Release) -> str:
    """How an alert names a release value: '9 July 2025 on Prime Video'."""
    when = release.date or release.window
    if release.status in ("none", "unannounced") or not when:
        label = {"released": "out now", "speculated": "only guessed",
                 "delayed": "delayed, no new date yet"}.get(release.status, "not announced")
    else:
        label = humanize(when)
    if release.platform and release.status not in ("none", "unannounced"):
        label += f" on {release.platform}"
    return label


_SEASONS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "fall": (9, 10, 11), "winter": (12, 1, 2),
            "H1": (1, 2, 3, 4, 5, 6), "H2": (7, 8, 9, 10, 11, 12)}


def _within(day: str, window: str) -> bool:
    """Is the date inside the window, i.e. a refinement rather than a move?"""
    m = re.match(r"(\d{4})-(\d\d)-\d\d$", day)
    w = re.match(r"(\d{4})(?:-(\w+))?$", window)
    if not m or not w:
        return False
    year, month = int(m[1]), int(m[2])
    wyear, part = int(w[1]), w[2]
    if part is None:
        return year == wyear
    if part.isdigit():
        return (year, month) == (wyear, int(part))
    if part == "winter":  # winter 2025 may mean Dec 2025-Feb 2026 or Jan-Feb 2025
        return (year == wyear and month in (1, 2, 12)) or (year == wyear + 1 and month in (1, 2))
    return year == wyear and month in _SEASONS.get(part, ())


def _release_kind(old: Release, new: Release) -> str | None:
    if (old.status, old.date, old.window) == (new.status, new.date, new.window):
        return None
    old_when = old.date or old.window
    if new.status == "none":
        return None  # silence is no news: persistence keeps the old value anyway
    if new.status == "delayed":
        return "release_delayed"
    if new.status == "released":
        return "released" if old.status != "released" else None
    if new.status == "announced":
        if old.status in ("announced", "delayed") and old_when:
            refined = (old.date is None and new.date is not None and old.window is not None
                       and _within(new.date, old.window))
            return "release_announced" if refined else "release_moved"
        return "release_announced"
    if new.status == "unannounced":
        return "release_unannounced" if old.status in ("announced", "delayed") else None
    if new.status == "speculated":
        return "release_speculated" if old.status == "none" else None
    return None


def _release_changes(old: TitleState, new: TitleState) -> list[Change]:
    kind = _release_kind(old.release, new.release)
    changes = []
    if kind:
        old_label = release_label(old.release)
        if old.release.status in ("none", "unannounced", "speculated"):
            old_label = "not announced"  # a guess is no announcement
        if (kind == "release_delayed" and new.release.previous
                and old.release.status not in ("announced", "delayed")):
            old_label = humanize(new.release.previous)
        elif (old.release.platform and new.release.platform
              and fold(old.release.platform) == fold(new.release.platform)
              and old_label.endswith(f" on {old.release.platform}")):
            old_label = old_label[:-len(f" on {old.release.platform}")]  # said once is enough
        new_label: str | None = release_label(new.release)
        if kind == "release_delayed" and not (new.release.date or new.release.window):
            new_label = None  # the message says "no new date yet"
        changes.append(Change(kind, None, old_label, new_label, new.release_evidence))
    named = kind is not None and new.release.status not in ("none", "unannounced")
    if (new.release.platform and not named
            and fold(new.release.platform) != fold(old.release.platform or "")):
        changes.append(Change("platform_set", None, old.release.platform, new.release.platform,
                              new.platform_evidence or new.release_evidence))
    return changes


def _cast_changes(old: TitleState, new: TitleState) -> list[Change]:
    person = person_keys([c.actor for c in (*old.cast, *new.cast)])
    before = {person[name_key(c.actor)]: c for c in old.cast}
    changes = []
    for member in new.cast:
        change = _cast_change(before.get(person[name_key(member.actor)]), member)
        if change:
            changes.append(change)
    return changes


def _cast_change(prior: StateCast | None, member: StateCast) -> Change | None:
    def make(kind: str, old: str | None) -> Change:
        return Change(kind, member.actor, old, member.role, member.evidence)

    seen = prior is not None and prior.status in VISIBLE
    if member.status == "departed":
        if seen:
            return make("cast_departed", prior.status if prior else None)
        # an exit we never saw the casting of is news; losing a role to a re-cast is not
        return make("cast_departed", None) if prior is None and not member.replaced_by else None
    if not seen:
        return make("cast_added" if member.status == "confirmed" else "cast_rumored", None)
    assert prior is not None
    if prior.status != member.status:
        return make("cast_confirmed" if member.status == "confirmed" else "cast_rumored",
                    prior.status)
    if member.role and not same_role(member.role, prior.role):
        return Change("cast_role", member.actor, prior.role, member.role, member.evidence)
    return None


def _role_changes(old: TitleState, new: TitleState, changes: list[Change]) -> list[Change]:
    old_open = {name_key(role): role for role, _ in old.open_roles}
    new_open = {name_key(role): (role, ev) for role, ev in new.open_roles}
    out = [Change("role_opened", role, None, None, ev)
           for key, (role, ev) in new_open.items() if key not in old_open]
    holders = [c for c in new.cast if c.role and c.status == "confirmed"]
    reported = {c.subject for c in changes}
    for key, role in old_open.items():
        filler = next((c for c in holders if same_role(c.role, role)), None)
        if key not in new_open and filler and filler.actor not in reported:
            out.append(Change("role_filled", role, None, filler.actor, filler.evidence))
    return out


def diff(old: TitleState | None, new: TitleState) -> list[Change]:
    """One change per fact that moved, in a stable order: title, release, cast, roles."""
    if old is None:
        return [Change("baseline", None, None, None, new.release_evidence)]
    changes: list[Change] = []
    if new.official_title and fold(new.official_title) != fold(old.official_title or ""):
        changes.append(Change("title_changed", None, old.official_title, new.official_title,
                              new.official_title_evidence))
    changes += _release_changes(old, new)
    changes += _cast_changes(old, new)
    changes += _role_changes(old, new, changes)
    return changes
