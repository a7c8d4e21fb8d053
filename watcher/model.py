"""The values that flow through a check: articles in, facts and changes out.

Plain frozen dataclasses with JSON round-trips, so the pure core (extract,
reconcile, diff, render) can be tested and replayed without a database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any

RELEASE_STATUSES = ("none", "unannounced", "speculated", "announced", "delayed", "released")
CAST_STATUSES = ("confirmed", "rumored", "departed")
AUTHORITIES = ("official", "trade", "news", "blog")
# The extractor's version (watcher.extract), stored with every fact; a new version re-baselines
# silently instead of alerting. Kept here so a check with nothing to read never loads the extractor.
EXTRACTOR_VERSION = 2


@dataclass(frozen=True)
class Article:
    """What a page says, once the markup is gone."""

    headline: str | None
    published: date | None
    paragraphs: tuple[str, ...]
    url: str | None = None
    jsonld: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class WatchTarget:
    """The title an extraction is about, with the other names it goes by."""

    title: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class Release:
    status: str = "none"
    date: str | None = None
    window: str | None = None
    platform: str | None = None
    previous: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class CastMember:
    actor: str
    role: str | None
    status: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenRole:
    role: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Speculation:
    window: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facts:
    """Everything one article states about one watched title."""

    title: str
    published: str | None = None
    release: Release = field(default_factory=Release)
    cast: tuple[CastMember, ...] = ()
    open_roles: tuple[OpenRole, ...] = ()
    speculation: Speculation = field(default_factory=Speculation)
    new_title: str | None = None
    new_title_evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The contract of `watcher extract --json` (EXTRACTION.md)."""
        rel = asdict(self.release)
        rel["evidence"] = list(self.release.evidence)
        return {
            "title": self.title,
            "published": self.published,
            "release": rel,
            "cast": [
                {"actor": c.actor, "role": c.role, "status": c.status, "evidence": list(c.evidence)}
                for c in self.cast
            ],
            "open_roles": [{"role": r.role, "evidence": list(r.evidence)} for r in self.open_roles],
            "speculation": {
                "window": self.speculation.window,
                "evidence": list(self.speculation.evidence),
            },
            "new_title": (
                {"title": self.new_title, "evidence": list(self.new_title_evidence)}
                if self.new_title
                else None
            ),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Facts:
        rel = data.get("release") or {}
        spec = data.get("speculation") or {}
        new_title = data.get("new_title") or {}
        return cls(
            title=data["title"],
            published=data.get("published"),
            release=Release(
                status=rel.get("status", "none"),
                date=rel.get("date"),
                window=rel.get("window"),
                platform=rel.get("platform"),
                previous=rel.get("previous"),
                evidence=tuple(rel.get("evidence") or ()),
            ),
            cast=tuple(
                CastMember(c["actor"], c.get("role"), c["status"], tuple(c.get("evidence") or ()))
                for c in data.get("cast") or ()
            ),
            open_roles=tuple(
                OpenRole(r["role"], tuple(r.get("evidence") or ()))
                for r in data.get("open_roles") or ()
            ),
            speculation=Speculation(spec.get("window"), tuple(spec.get("evidence") or ())),
            new_title=new_title.get("title"),
            new_title_evidence=tuple(new_title.get("evidence") or ()),
        )


@dataclass(frozen=True)
class SourceFacts:
    """The latest facts of one source, with what reconcile needs to weigh them."""

    url: str
    authority: str
    fetched_at: str  # ISO timestamp
    facts: Facts


@dataclass(frozen=True)
class Evidence:
    """The sentence and link that prove a fact, and how much the source that said it weighs.

    authority and fetched_at let a later reconcile weigh a kept fact against new
    ones after its source has gone quiet; states stored before they existed load
    with None.
    """

    sentence: str
    url: str | None
    published: str | None = None
    authority: str | None = None
    fetched_at: str | None = None


@dataclass(frozen=True)
class StateCast:
    """One actor of the title; departed actors stay here (hidden) so that stale casting
    news cannot bring them back. replaced_by names the actor re-cast in their role; recast
    says the casting won as news of a re-cast (see reconcile), a standing it keeps."""

    actor: str
    role: str | None
    status: str
    evidence: Evidence
    replaced_by: str | None = None
    recast: bool = False


@dataclass(frozen=True)
class TitleState:
    """One picture of a title, reconciled from all of its sources."""

    title: str
    release: Release = field(default_factory=Release)
    release_evidence: Evidence | None = None
    cast: tuple[StateCast, ...] = ()
    open_roles: tuple[tuple[str, Evidence], ...] = ()
    official_title: str | None = None
    official_title_evidence: Evidence | None = None
    speculation: str | None = None
    platform_evidence: Evidence | None = None

    @property
    def visible_cast(self) -> tuple[StateCast, ...]:
        """The cast as a reader sees it: departed and replaced actors are gone."""
        return tuple(c for c in self.cast if c.status != "departed")

    def to_json(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TitleState:
        def ev(d: dict[str, Any] | None) -> Evidence | None:
            return Evidence(**d) if d else None

        rel = dict(data.get("release") or {})
        rel["evidence"] = tuple(rel.get("evidence") or ())
        return cls(
            title=data["title"],
            release=Release(**rel),
            release_evidence=ev(data.get("release_evidence")),
            cast=tuple(
                StateCast(c["actor"], c.get("role"), c["status"], Evidence(**c["evidence"]),
                          c.get("replaced_by"), bool(c.get("recast")))
                for c in data.get("cast") or ()
            ),
            open_roles=tuple(
                (role, Evidence(**e)) for role, e in data.get("open_roles") or ()
            ),
            official_title=data.get("official_title"),
            official_title_evidence=ev(data.get("official_title_evidence")),
            speculation=data.get("speculation"),
            platform_evidence=ev(data.get("platform_evidence")),
        )


@dataclass(frozen=True)
class Change:
    """One fact of a title that moved, with the proof."""

    kind: str  # see watcher.diff for the kinds
    subject: str | None  # the actor or role a cast change is about
    old: str | None
    new: str | None
    evidence: Evidence | None

    def to_json(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        ev = data.get("evidence")
        return cls(data["kind"], data.get("subject"), data.get("old"), data.get("new"),
                   Evidence(**ev) if ev else None)


def _plain(value: Any) -> Any:
    """JSON-ready: dataclasses as dicts in field order, tuples as lists.

    What asdict() and then tuples-to-lists gave, without asdict's deep copy of
    every value: the writer turns a state into JSON for each changed watch.
    """
    names = _field_names(type(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


__all__ = [
    "AUTHORITIES",
    "CAST_STATUSES",
    "RELEASE_STATUSES",
    "Article",
    "CastMember",
    "Change",
    "Evidence",
    "Facts",
    "OpenRole",
    "Release",
    "SourceFacts",
    "Speculation",
    "StateCast",
    "TitleState",
    "WatchTarget",
]
