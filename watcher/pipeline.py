"""One check: fetch every source, extract, reconcile, diff, and commit with the outbox.

A watch's writes are never split across transactions: the sources' new status,
their facts, the new TitleState, its changes and the outbox rows land together
or not at all (several watches may share one transaction: the group commit of
`_Writer`). Delivery happens afterwards, outside it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import queue
import random
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from watcher.config import Config, Target, Watch
from watcher.db.models import (
    ChangeRow,
    FeedRow,
    OutboxRow,
    PageRow,
    SourceFactsRow,
    SourceRow,
    TitleStateRow,
    WatchRow,
)
from watcher.discover import Candidate, canonical_url, read_feed
from watcher.fetch import Fetched, Fetcher, FetchRequest, address_refusal
from watcher.model import EXTRACTOR_VERSION, Facts, SourceFacts, TitleState
from watcher.notify.deliver import ConsoleWriter, DeliveryReport, deliver_pending, digest_time
from watcher.readers import POOL_FROM, Readers, Reading, default_processes, read_page

log = logging.getLogger("watcher.check")


MAX_BACKOFF = 86400


@dataclass
class SourceResult:
    watch: str
    url: str
    result: str  # "changed", "unchanged", "not-modified", "failed", "busy"
    error: str | None = None
    seconds: float = 0.0
    extract_seconds: float = 0.0
    taken_over: bool = False
    note: str | None = None  # feeds: what the poll found


@dataclass
class CheckReport:
    sources: list[SourceResult] = field(default_factory=list)
    changes: int = 0
    messages: int = 0
    feeds: list[SourceResult] = field(default_factory=list)  # result: "polled", "failed", ...

    @property
    def failed(self) -> list[SourceResult]:
        return [s for s in (*self.feeds, *self.sources) if s.result == "failed"]


def _upsert(session: Session) -> Callable[..., Any]:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    return upsert


def sync_watches(session: Session, config: Config, now: datetime) -> None:
    """Make the database know every watch and source of the config.

    Idempotent and safe when several workers start together: missing rows are
    inserted with ON CONFLICT DO NOTHING on their unique keys (one executemany
    per table), then read back. Known rows cost three queries in all, however
    many watches there are.
    """
    upsert = _upsert(session)
    names = [w.name for w in config.watches]
    rows = {r.name: r for r in session.scalars(select(WatchRow).where(WatchRow.name.in_(names)))}
    missing = [dict(name=w.name, aliases=list(w.aliases), tags=list(w.tags), created_at=now)
               for w in config.watches if w.name not in rows]
    if missing:
        session.execute(upsert(WatchRow).on_conflict_do_nothing(index_elements=["name"]), missing)
        rows = {r.name: r for r in session.scalars(select(WatchRow).where(WatchRow.name.in_(names)))}
    ids = [r.id for r in rows.values()]
    known = {(s.watch_id, s.url): s for s in session.scalars(
        select(SourceRow).where(SourceRow.watch_id.in_(ids)))}
    new_sources = []
    for watch in config.watches:
        row = rows[watch.name]
        if row.aliases != list(watch.aliases) or row.tags != list(watch.tags):
            row.aliases, row.tags = list(watch.aliases), list(watch.tags)
        for source in watch.sources:
            existing = known.get((row.id, source.url))
            if existing is None:
                new_sources.append(dict(watch_id=row.id, url=source.url, authority=source.authority,
                                        failures=0, next_check_at=now))
            else:
                if existing.authority != source.authority:
                    existing.authority = source.authority
                if existing.origin is not None:  # found in a feed, now named: it is the user's
                    existing.origin = existing.expires_at = None
    if new_sources:
        session.execute(upsert(SourceRow).on_conflict_do_nothing(index_elements=["watch_id", "url"]),
                        new_sources)
    feeds = {(f.watch_id, f.url) for f in session.scalars(
        select(FeedRow).where(FeedRow.watch_id.in_(ids)))}
    new_feeds = [dict(watch_id=rows[w.name].id, url=url, failures=0, found=0, refused=0, next_check_at=now)
                 for w in config.watches for url in w.feed_urls if (rows[w.name].id, url) not in feeds]
    if new_feeds:
        session.execute(upsert(FeedRow).on_conflict_do_nothing(index_elements=["watch_id", "url"]),
                        new_feeds)
    session.commit()


def routed_targets(config: Config, watch: Watch) -> list[Target]:
    """Targets with tags get only watches that share one; untagged targets get all."""
    return [t for t in config.targets if not t.tags or set(t.tags) & set(watch.tags)]


def _latest_facts(session: Session, source_id: int) -> SourceFactsRow | None:
    return session.scalar(
        select(SourceFactsRow).where(SourceFactsRow.source_id == source_id)
        .order_by(SourceFactsRow.id.desc()).limit(1)
    )


@functools.cache
def _packer() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="watcher-pack")


def pack_page(body: bytes) -> Future[bytes]:
    """Compress a page on another thread (zlib lets go of the GIL) while this one parses it.

    Level 1: several times faster than 6, pages ~15% larger.
    """
    return _packer().submit(zlib.compress, body, 1)


@dataclass
class _Inserts:
    """Rows whose ids nobody needs, sent as one executemany per table instead of one INSERT each."""

    pages: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)

    def flush(self, session: Session) -> None:
        if self.pages:
            session.execute(insert(PageRow), self.pages)
        if self.facts:
            session.execute(insert(SourceFactsRow), self.facts)
        self.pages, self.facts = [], []


# --- claiming: which worker checks which source ---------------------------------

@dataclass(frozen=True)
class Claimed:
    """A source this worker holds the lease of, with what a conditional fetch needs."""

    source_id: int
    watch_id: int
    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    facts_version: int | None  # extractor version of its newest facts; None: never read
    taken_over: bool = False  # the lease of a worker that died was expired
    discovered: bool = False  # found in a feed, not named in the config


def configured_sources(session: Session, config: Config, now: datetime | None = None,
                       ) -> dict[int, Watch]:
    """Source id -> its watch, for the sources to read (removed ones stay idle).

    Those the config names, and the unexpired ones discovered in the feeds of
    watches that still have feeds. Expired ones are no longer read; their
    facts stay (a source that falls silent retracts nothing).
    """
    now = now or datetime.now(UTC)
    watches = {w.name: w for w in config.watches}
    out: dict[int, Watch] = {}
    rows = session.execute(select(SourceRow.id, SourceRow.url, SourceRow.origin,
                                  SourceRow.expires_at, WatchRow.name).join(WatchRow)
                           .where(WatchRow.name.in_(list(watches)))).all()
    for source_id, url, origin, expires_at, name in rows:
        watch = watches[name]
        named = any(s.url == url for s in watch.sources)
        found = origin is not None and bool(watch.feeds) and (
            expires_at is None or _aware(expires_at) > now)
        if named or found:
            out[source_id] = watch
    return out


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def claim_sources(session: Session, ids: list[int], now: datetime, worker: str, lease: int,
                  limit: int | None = None, due_only: bool = True) -> list[Claimed]:
    """Lease sources to this worker: due ones (the daemon), or all of `ids` (a check).

    PostgreSQL picks rows with FOR UPDATE SKIP LOCKED, so workers never wait for
    each other and never pick the same row; the UPDATE repeats the conditions, so a
    row leased by someone else in between is left alone (this is what makes SQLite,
    where the UPDATE holds the write lock, just as safe).
    """
    if not ids:
        return []
    free = [
        SourceRow.id.in_(ids),
        or_(SourceRow.lease_until.is_(None), SourceRow.lease_until < now),
    ]
    if due_only:
        free.append(or_(SourceRow.next_check_at.is_(None), SourceRow.next_check_at <= now))
    pick = (select(SourceRow.id, SourceRow.lease_owner).where(*free)
            .order_by(SourceRow.next_check_at, SourceRow.watch_id, SourceRow.id))
    if limit:
        pick = pick.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True, of=SourceRow)
    picked = session.execute(pick).all()
    if not picked:
        session.commit()
        return []
    token = f"{worker}:{uuid.uuid4().hex[:8]}"
    session.execute(
        update(SourceRow).where(SourceRow.id.in_([p[0] for p in picked]), *free)
        .values(lease_owner=token, lease_until=now + timedelta(seconds=lease))
        .execution_options(synchronize_session=False))
    session.commit()
    expired = {p[0] for p in picked if p[1] is not None}
    rows = session.scalars(select(SourceRow).where(SourceRow.lease_owner == token)
                           .order_by(SourceRow.watch_id, SourceRow.id)).all()
    versions = dict(session.execute(
        select(SourceFactsRow.source_id, func.max(SourceFactsRow.extractor_version))
        .where(SourceFactsRow.source_id.in_([r.id for r in rows]))
        .group_by(SourceFactsRow.source_id)).all())
    return [Claimed(r.id, r.watch_id, r.url, r.etag, r.last_modified, r.content_hash,
                    versions.get(r.id), r.id in expired, r.origin is not None) for r in rows]


# --- reading a source: no database here -----------------------------------------

@dataclass
class Outcome:
    """What one fetch and extraction produced, to be written by `apply_outcomes`."""

    claimed: Claimed
    fetched: Fetched  # without its body once that is read or known unchanged (the hash stays)
    result: str  # "changed", "unchanged", "not-modified", "failed"
    facts: Facts | None = None
    error: str | None = None
    extract_seconds: float = 0.0
    text_hash: str | None = None
    packed: Future[bytes] | None = None  # the page compressed for storage, when it was read


def fetch_request(claimed: Claimed, allow_private: bool = True) -> FetchRequest:
    """Conditional only when we hold facts of this extractor version to fall back on.

    A discovered source's every hop is checked to be a public address, unless
    private networks are allowed; configured sources are fetched as written.
    """
    conditional = claimed.facts_version == EXTRACTOR_VERSION
    return FetchRequest(claimed.url, claimed.etag if conditional else None,
                        claimed.last_modified if conditional else None, key=claimed,
                        public_only=claimed.discovered and not allow_private)


def triage(claimed: Claimed, fetched: Fetched) -> Outcome | None:
    """The outcome of a fetch that needs no reading, or None: the page must be read."""
    if not fetched.ok:
        return Outcome(claimed, fetched, "failed", error=fetched.error or "failed")
    if fetched.not_modified:
        return Outcome(claimed, fetched, "not-modified")
    if fetched.content_hash == claimed.content_hash and claimed.facts_version == EXTRACTOR_VERSION:
        return Outcome(claimed, fetched.without_body(), "unchanged")
    return None


def read_outcome(claimed: Claimed, fetched: Fetched, reading: Reading, packed: Future[bytes]) -> Outcome:
    """The outcome of a page read; it keeps the packed page, not the body.

    Outcomes wait for the writer, up to a few hundred at a time while the reading
    cores are busy; with their bodies they held ~45 MB at 1,000 sources.
    """
    fetched = fetched.without_body()
    if reading.facts is None:
        packed.cancel()
        return Outcome(claimed, fetched, "failed", error=reading.error or "not readable")
    return Outcome(claimed, fetched, "changed", reading.facts, extract_seconds=reading.seconds,
                   text_hash=reading.text_hash, packed=packed)


def next_check(watch: Watch, now: datetime, failures: int, jitter: float,
               rng: random.Random, retry_after: float | None = None) -> datetime:
    """The next check: cron or interval with jitter; failing sources back off."""
    if watch.cron and not failures:
        from apscheduler.triggers.cron import CronTrigger

        fire = CronTrigger.from_crontab(watch.cron, timezone=UTC).get_next_fire_time(None, now)
        return fire or now + timedelta(seconds=watch.interval)
    seconds = watch.interval
    if failures > 1:  # 1x, 2x, 4x ... the interval, up to a day (or the interval, if longer)
        seconds = min(seconds * 2 ** min(failures - 1, 10), max(seconds, MAX_BACKOFF))
    seconds *= 1 + rng.uniform(-jitter, jitter)
    if retry_after:
        seconds = max(seconds, retry_after)
    return now + timedelta(seconds=seconds)


# --- writing: a watch never split across transactions ------------------------------

def apply_outcomes(session: Session, config: Config, groups: list[tuple[Watch, list[Outcome]]],
                   now: datetime, rng: random.Random) -> tuple[list[SourceResult], int, int]:
    """Store what the sources of several watches said, reconcile, queue alerts (no commit).

    A handful of statements for the whole batch rather than a dozen per watch:
    rows are read with one SELECT each kind, and the ORM sends the inserts of a
    kind together. The rows of watches with a changed page are locked first (FOR
    UPDATE on PostgreSQL, in id order so two workers cannot deadlock), so workers
    that checked different sources of one watch reconcile one after the other.
    """
    groups = sorted(groups, key=lambda g: g[1][0].claimed.watch_id)
    changed = [(watch, outcomes[0].claimed.watch_id) for watch, outcomes in groups
               if any(o.result == "changed" for o in outcomes)]
    watch_rows: dict[int, WatchRow] = {}
    if changed:
        lock = (select(WatchRow).where(WatchRow.id.in_([wid for _, wid in changed]))
                .order_by(WatchRow.id))
        if session.get_bind().dialect.name == "postgresql":
            lock = lock.with_for_update()
        watch_rows = {row.id: row for row in session.scalars(lock)}
    watch_ids = [outcomes[0].claimed.watch_id for _, outcomes in groups]
    sources = {row.id: row for row in session.scalars(
        select(SourceRow).where(SourceRow.watch_id.in_(watch_ids)))}
    fresh = [o for _, outcomes in groups for o in outcomes if o.result == "changed"]
    stored: set[tuple[int, str]] = set()
    if fresh:  # the pages already kept (a page that flipped back to an older version)
        stored = {(sid, digest) for sid, digest in session.execute(
            select(PageRow.source_id, PageRow.content_hash).where(
                PageRow.source_id.in_([o.claimed.source_id for o in fresh]),
                PageRow.content_hash.in_([o.fetched.content_hash for o in fresh])))}
    results = []
    inserts = _Inserts()
    for watch, outcomes in groups:
        for outcome in sorted(outcomes, key=lambda o: o.claimed.source_id):  # older source wins a tie
            source = sources.get(outcome.claimed.source_id)
            if source is not None:
                results.append(_apply_one(session, watch, source, outcome, now, config, rng, stored,
                                          inserts))
    session.flush()
    inserts.flush(session)
    if not changed:
        return results, 0, 0  # no page changed: no state can have
    changes, messages = update_states(session, config, [(watch, watch_rows[wid]) for watch, wid in changed
                                                        if wid in watch_rows], now)
    return results, changes, messages


def _apply_one(session: Session, watch: Watch, source: SourceRow, outcome: Outcome,
               now: datetime, config: Config, rng: random.Random,
               stored: set[tuple[int, str]], inserts: _Inserts) -> SourceResult:
    fetched = outcome.fetched
    result = outcome.result
    source.last_checked_at = now
    source.lease_owner = source.lease_until = None
    if outcome.result == "failed" and getattr(fetched, "disallowed", False):
        # not a fault of the server, and not one a retry will fix: no backoff, no alarm
        source.last_status = "disallowed"
        source.last_error = outcome.error
        log.warning("%s: %s (not fetched)", source.url, outcome.error)
    elif outcome.result == "failed":
        source.last_status = "failed"
        source.last_error = outcome.error
        source.failures = (source.failures or 0) + 1
        log.warning("%s: %s", source.url, outcome.error)
        if source.failures >= config.daemon.failure_threshold and source.broken_since is None:
            source.broken_since = now
            _queue_health(session, config, watch, source, "broken", now)
    elif outcome.result == "changed" and (twin := _same_text(session, source, outcome)):
        # one article under two URLs: the other source reads it; this one is not counted.
        # content_hash is left alone, so it is read again next time (the twin may change).
        source.text_hash, source.duplicate_of = outcome.text_hash, twin
        source.last_status, source.last_error = "duplicate", f"duplicate of {twin}"
        source.etag, source.last_modified = fetched.etag, fetched.last_modified
        source.failures = 0
        source.last_success_at = now
        result = "duplicate"
    else:
        if outcome.result == "changed" and outcome.facts is not None:
            source.content_hash = fetched.content_hash
            source.text_hash, source.duplicate_of = outcome.text_hash, None
            if (source.id, fetched.content_hash) not in stored:
                assert outcome.packed is not None  # read_outcome packs every page it reads
                inserts.pages.append(dict(source_id=source.id, content_hash=fetched.content_hash,
                                          content_type=fetched.content_type, fetched_at=now,
                                          body=outcome.packed.result()))
                stored.add((source.id, fetched.content_hash))
            inserts.facts.append(dict(source_id=source.id, fetched_at=now,
                                      content_hash=fetched.content_hash,
                                      extractor_version=EXTRACTOR_VERSION, facts=outcome.facts.to_json()))
        if outcome.result != "not-modified":
            source.etag, source.last_modified = fetched.etag, fetched.last_modified
        if source.duplicate_of and outcome.result != "changed":
            source.last_status = "duplicate"  # still the twin's text (re-read when it changes)
        else:
            source.last_status = "ok" if outcome.result == "changed" else outcome.result
            source.last_error = None
        source.failures = 0
        source.last_success_at = now
    if source.broken_since is not None and outcome.result != "failed":
        _queue_health(session, config, watch, source, "recovered", now)
        source.broken_since = None
    source.next_check_at = next_check(watch, now, source.failures, config.daemon.jitter, rng,
                                      getattr(fetched, "retry_after", None))
    return SourceResult(watch.name, source.url, result, outcome.error, fetched.seconds,
                        outcome.extract_seconds, outcome.claimed.taken_over)


def _queue_health(session: Session, config: Config, watch: Watch, source: SourceRow, status: str,
                  now: datetime) -> None:
    """One alert when a source crosses the failure threshold, one when it works again."""
    broken_since = source.broken_since or now
    payload = {"kind": "source-health", "status": status, "url": source.url,
               "failures": source.failures, "error": source.last_error,
               "last_success": source.last_success_at.isoformat() if source.last_success_at else None,
               "broken_since": broken_since.isoformat(), "at": now.isoformat()}
    for target in routed_targets(config, watch):
        key = hashlib.sha256(
            f"{target.key}|health|{source.id}|{status}|{broken_since.isoformat()}".encode()
        ).hexdigest()[:40]
        session.add(OutboxRow(key=key, watch_id=source.watch_id, target=target.key, created_at=now,
                              title=watch.name, status="pending", attempts=0, payload=payload,
                              next_attempt_at=digest_time(target, now)))


def _same_text(session: Session, source: SourceRow, outcome: Outcome) -> str | None:
    """The URL of another source of the watch holding this discovered page's text, if any."""
    if source.origin is None or outcome.text_hash is None:
        return None  # configured sources are the user's choice: always read
    same = or_(SourceRow.text_hash == outcome.text_hash,  # content_hash: rows read before 0003
               SourceRow.content_hash == outcome.fetched.content_hash)
    return session.scalar(select(SourceRow.url).where(
        SourceRow.watch_id == source.watch_id, SourceRow.id != source.id, same,
        SourceRow.duplicate_of.is_(None)).order_by(SourceRow.id).limit(1))


def current_facts(session: Session, watch_row: WatchRow) -> list[SourceFacts]:
    return _current_facts(session, [watch_row.id])[watch_row.id]


def _current_facts(session: Session, watch_ids: list[int]) -> dict[int, list[SourceFacts]]:
    """Each watch's sources with their latest facts, in source order: two SELECTs in all."""
    out: dict[int, list[SourceFacts]] = {wid: [] for wid in watch_ids}
    newest = (select(func.max(SourceFactsRow.id)).join(SourceRow, SourceRow.id == SourceFactsRow.source_id)
              .where(SourceRow.watch_id.in_(watch_ids)).group_by(SourceFactsRow.source_id))
    latest = {row.source_id: row for row in session.scalars(
        select(SourceFactsRow).where(SourceFactsRow.id.in_(newest)))}
    for source in session.scalars(select(SourceRow).where(SourceRow.watch_id.in_(watch_ids))
                                  .order_by(SourceRow.id)):
        if source.duplicate_of:
            continue  # its text is counted once, under the other source
        row = latest.get(source.id)
        if row is not None:
            out[source.watch_id].append(SourceFacts(source.url, source.authority,
                                                    row.fetched_at.isoformat(), Facts.from_json(row.facts)))
    return out


def update_states(session: Session, config: Config, watches: list[tuple[Watch, WatchRow]],
                  now: datetime, silent: bool = False) -> tuple[int, int]:
    """Reconcile, diff, and queue the alerts (none when silent); returns (changes, messages)."""
    from watcher.diff import diff  # loaded with the first changed page: unchanged checks never need it
    from watcher.reconcile import reconcile

    current = _current_facts(session, [row.id for _, row in watches])
    state_rows = {row.watch_id: row for row in session.scalars(
        select(TitleStateRow).where(TitleStateRow.watch_id.in_([row.id for _, row in watches])))}
    pending: list[tuple[Watch, WatchRow, dict[str, Any], list[Any], list[ChangeRow]]] = []
    for watch, watch_row in watches:
        sources = current[watch_row.id]
        if not sources:
            continue  # nothing read yet: no baseline from nothing
        state_row = state_rows.get(watch_row.id)
        previous = TitleState.from_json(state_row.state) if state_row else None
        quiet = silent or (state_row is not None and state_row.extractor_version != EXTRACTOR_VERSION)
        state = reconcile(watch.name, sources, previous)
        changes = diff(previous, state)
        state_json = state.to_json()
        if state_row is None:
            session.add(TitleStateRow(watch_id=watch_row.id, extractor_version=EXTRACTOR_VERSION,
                                      updated_at=now, state=state_json))
        else:
            state_row.state = state_json
            state_row.updated_at = now
            state_row.extractor_version = EXTRACTOR_VERSION
        if quiet or not changes:
            continue  # a new extractor re-baselines without alerting
        change_json = [c.to_json() for c in changes]
        change_rows = [ChangeRow(watch_id=watch_row.id, created_at=now, kind=c.kind, change=data)
                       for c, data in zip(changes, change_json, strict=True)]
        session.add_all(change_rows)
        pending.append((watch, watch_row, {"changes": change_json, "state": state_json}, changes,
                        change_rows))
    if not pending:
        return 0, 0
    session.flush()  # the change rows' ids name the alerts
    total = 0
    alerts = []
    for watch, watch_row, payload, changes, change_rows in pending:
        total += len(changes)
        ids = ",".join(str(r.id) for r in change_rows)
        alerts += [dict(key=hashlib.sha256(f"{target.key}|{ids}".encode()).hexdigest()[:40],
                        watch_id=watch_row.id, target=target.key, created_at=now, title=watch.name,
                        status="pending", attempts=0, next_attempt_at=digest_time(target, now),
                        payload=payload)
                   for target in routed_targets(config, watch)]
    if alerts:
        session.execute(insert(OutboxRow), alerts)
    return total, len(alerts)


def upgrade_facts(config: Config, sessions: sessionmaker[Session], now: datetime) -> int:
    """After an extractor upgrade, re-read the stored pages and re-baseline silently.

    Facts written by an older extractor are re-derived from the page they came
    from, and the title state is rebuilt from them without alerts, before any new
    page is fetched. So an upgrade alerts nobody, while a real change arriving in
    the same check is compared against facts of the same extractor and alerts.
    Returns the number of sources re-read.
    """
    watches = {w.name: w for w in config.watches}
    with sessions() as session:
        versions = session.execute(
            select(SourceRow.watch_id, func.min(SourceFactsRow.extractor_version))
            .join(SourceFactsRow, SourceFactsRow.source_id == SourceRow.id)
            .group_by(SourceRow.watch_id)).all()
        stale_states = set(session.scalars(select(TitleStateRow.watch_id).where(
            TitleStateRow.extractor_version != EXTRACTOR_VERSION)))
    stale = {watch_id for watch_id, version in versions if version != EXTRACTOR_VERSION}
    reread = 0
    for watch_id in sorted(stale | stale_states):
        with sessions() as session:
            lock = select(WatchRow).where(WatchRow.id == watch_id)
            if session.get_bind().dialect.name == "postgresql":
                lock = lock.with_for_update()
            watch_row = session.scalars(lock).one()
            watch = watches.get(watch_row.name)
            if watch is None:
                continue  # no longer configured: its facts wait until it is again
            for source in watch_row.sources:
                latest = _latest_facts(session, source.id)
                if latest is None or latest.extractor_version == EXTRACTOR_VERSION:
                    continue
                page = session.scalar(select(PageRow).where(
                    PageRow.source_id == source.id, PageRow.content_hash == latest.content_hash))
                if page is None:
                    continue  # re-read when it is next fetched
                reading = read_page(zlib.decompress(page.body), page.content_type, source.url,
                                    watch.target)
                if reading.facts is None:
                    continue
                session.add(SourceFactsRow(
                    source_id=source.id, fetched_at=latest.fetched_at,
                    content_hash=latest.content_hash, extractor_version=EXTRACTOR_VERSION,
                    facts=reading.facts.to_json()))
                reread += 1
            session.flush()
            update_states(session, config, [(watch, watch_row)], now, silent=True)
            session.commit()
    if reread:
        log.info("extractor %s: re-read %d stored pages, states re-baselined without alerts",
                 EXTRACTOR_VERSION, reread)
    return reread


# --- feeds: discovering new articles --------------------------------------------------

@dataclass
class _FeedPoll:
    feed_id: int
    watch: Watch
    url: str
    etag: str | None = None
    last_modified: str | None = None
    fetched: Fetched | None = None
    new: list[Candidate] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


def poll_feeds(config: Config, sessions: sessionmaker[Session], fetcher: Fetcher,
               clock: Callable[[], datetime], due_only: bool = True,
               rng: random.Random | None = None,
               resolve: Callable[[str], str | None] = address_refusal) -> list[SourceResult]:
    """Poll the feeds of the configured watches (the due ones, or all) for new articles.

    An entry naming the title or an alias becomes a source of the watch
    (authority news, expiring `discovery.expire_after` after its discovery;
    seeing it again does not extend that), unless its link points at a
    non-public address and private networks are not allowed: then it is
    refused, logged and counted, and never fetched. Feeds follow the watch's
    interval, with conditional GETs. Three steps, so no transaction is open
    during the fetch or the address lookups: claim the due feeds, fetch and
    read them, write the new sources.
    """
    rng = rng or random.Random()
    settings = config.discovery
    now = clock()
    with sessions() as session:
        retire_expired(session, now)
    watches = {w.name: w for w in config.watches if w.feeds}
    if not watches:
        return []
    polls: list[_FeedPoll] = []
    known: dict[int, set[str]] = {}
    with sessions() as session:
        rows = session.execute(select(FeedRow, WatchRow.name).join(WatchRow)
                               .where(WatchRow.name.in_(list(watches)))
                               .order_by(FeedRow.id)).all()
        for feed, name in rows:
            watch = watches[name]
            if feed.url not in watch.feed_urls:
                continue  # no longer configured
            if due_only and feed.next_check_at is not None and _aware(feed.next_check_at) > now:
                continue
            if due_only:  # claim: the next check time moves on, so no other worker polls it now
                claimed = session.execute(
                    update(FeedRow).where(FeedRow.id == feed.id, or_(
                        FeedRow.next_check_at.is_(None), FeedRow.next_check_at <= now))
                    .values(next_check_at=now + timedelta(seconds=config.daemon.lease))
                    .execution_options(synchronize_session=False)).rowcount
                session.commit()
                if not claimed:
                    continue
            polls.append(_FeedPoll(feed.id, watch, feed.url, feed.etag, feed.last_modified))
        for watch_id, url in session.execute(select(SourceRow.watch_id, SourceRow.url).where(
                SourceRow.watch_id.in_({f.watch_id for f, _ in rows}))):
            known.setdefault(watch_id, set()).add(canonical_url(url))
        watch_ids = {f.id: f.watch_id for f, _ in rows}
    if not polls:
        return []
    requests = [FetchRequest(p.url, p.etag, p.last_modified, key=p) for p in polls]
    for request, fetched in fetcher.fetch_many(requests):
        poll: _FeedPoll = request.key  # type: ignore[assignment]
        poll.fetched = fetched
        if not fetched.ok or fetched.not_modified:
            continue
        reading = read_feed(fetched.body, poll.url, poll.watch.target)
        if reading.error:
            poll.error = reading.error
            continue
        seen = known.setdefault(watch_ids[poll.feed_id], set())
        for candidate in reading.candidates:
            if len(poll.new) >= settings.max_new_per_feed:
                break
            if candidate.url in seen:
                continue
            refusal = None if settings.allow_private_networks else resolve(candidate.url)
            if refusal:
                poll.refused.append((candidate.url, refusal))
                continue
            seen.add(candidate.url)
            poll.new.append(candidate)
    return _store_polls(config, sessions, polls, watch_ids, clock(), rng)


def retire_expired(session: Session, now: datetime) -> None:
    """Expired found sources get no next check time: they are not due, nor counted overdue."""
    session.execute(update(SourceRow).where(
        SourceRow.origin.is_not(None), SourceRow.expires_at <= now,
        SourceRow.next_check_at.is_not(None)).values(next_check_at=None)
        .execution_options(synchronize_session=False))
    session.commit()


def _store_polls(config: Config, sessions: sessionmaker[Session], polls: list[_FeedPoll],
                 watch_ids: dict[int, int], now: datetime, rng: random.Random) -> list[SourceResult]:
    expires = now + timedelta(seconds=config.discovery.expire_after)
    results = []
    with sessions() as session:
        upsert = _upsert(session)
        for poll in polls:
            feed = session.get(FeedRow, poll.feed_id)
            fetched = poll.fetched
            if feed is None or fetched is None:
                continue  # the watch was removed meanwhile, or a stopped fetch
            feed.last_checked_at = now
            error = poll.error or (None if fetched.ok else fetched.error or "failed")
            found = 0
            if error:
                feed.failures = (feed.failures or 0) + 1
                feed.last_status, feed.last_error = "failed", error
                log.warning("feed %s: %s", poll.url, error)
            else:
                for candidate in poll.new:
                    added = session.scalar(upsert(SourceRow).values(
                        watch_id=watch_ids[poll.feed_id], url=candidate.url, authority="news",
                        failures=0, next_check_at=now, origin=poll.url, expires_at=expires,
                    ).on_conflict_do_nothing(index_elements=["watch_id", "url"])
                        .returning(SourceRow.id))
                    if added is not None:  # else another worker or feed found it first
                        found += 1
                        log.info("feed %s: found %s (%s)", poll.url, candidate.url, candidate.title)
                for url, why in poll.refused:
                    log.warning("feed %s: refused %s: %s", poll.url, url, why)
                if not fetched.not_modified:
                    feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
                    feed.refused = len(poll.refused)
                feed.found = (feed.found or 0) + found
                feed.failures = 0
                feed.last_status = "not-modified" if fetched.not_modified else "ok"
                feed.last_error = None
            feed.next_check_at = next_check(poll.watch, now, feed.failures, config.daemon.jitter,
                                            rng, fetched.retry_after)
            note = None
            if not error and not fetched.not_modified:
                note = f"{found} new" + (f", {len(poll.refused)} refused" if poll.refused else "")
            results.append(SourceResult(
                poll.watch.name, poll.url,
                "failed" if error else ("not-modified" if fetched.not_modified else "polled"),
                error, fetched.seconds, note=note))
        session.commit()
    return results


QUIET_BATCH = 100  # watches whose sources all came back unchanged, handed over together
GROUP_LIMIT = 64  # the most watches one group commit writes
GROUP_WAIT = 0.05  # seconds a commit waits for more watches to join it


class _Writer:
    """Commits finished watches on a thread of its own: a group commit.

    A watch is committed at most GROUP_WAIT after its pages are read, so its
    alerts are safe then; the watches read meanwhile, and those that queue up
    while a commit runs, go together in the next transaction. Each transaction
    costs a dozen statements whatever its size: one per page, when pages come in
    a few milliseconds apart, made the writer the check's busiest thread.

    At most GROUP_LIMIT hand-overs wait; then `put` waits for the writer. While
    this process reads pages it holds the GIL, and the writer, which needs it
    back after every statement, fell hundreds of watches (and their pages)
    behind.
    """

    def __init__(self, config: Config, sessions: sessionmaker[Session],
                 clock: Callable[[], datetime], rng: random.Random, report: CheckReport) -> None:
        self._commit = functools.partial(_commit, config, sessions, rng=rng, report=report)
        self._clock = clock
        self._queue: queue.Queue[list[tuple[Watch, list[Outcome]]] | None] = queue.Queue(GROUP_LIMIT)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="watcher-writer", daemon=True)
        self._thread.start()

    def put(self, groups: list[tuple[Watch, list[Outcome]]]) -> None:
        if self.error is not None:
            raise self.error  # the check cannot store anything more: end it now
        self._queue.put(groups)

    def _run(self) -> None:
        closing = False
        while not closing:
            item = self._queue.get()
            if item is None:
                return
            batch = list(item)
            until = time.monotonic() + GROUP_WAIT
            while len(batch) < GROUP_LIMIT:
                try:
                    more = self._queue.get(timeout=max(0.0, until - time.monotonic()))
                except queue.Empty:
                    break
                if more is None:
                    closing = True
                    break
                batch.extend(more)
            if self.error is None:
                try:
                    self._commit(batch, self._clock())
                except BaseException as exc:  # handed to the check's thread by put() and close()
                    self.error = exc

    def close(self) -> None:
        """Write what is queued, then stop; raises what a commit raised."""
        self._queue.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error


def check_claimed(config: Config, sessions: sessionmaker[Session], fetcher: Fetcher,
                  claimed: list[Claimed], watches: dict[int, Watch], clock: Callable[[], datetime],
                  rng: random.Random | None = None,
                  stop: threading.Event | None = None) -> CheckReport:
    """Fetch the claimed sources concurrently; commit each watch once its sources are read.

    A watch with a changed page goes to the writer (new facts, state, alerts)
    as soon as its last source is read; watches where nothing changed only move
    their check times, and are handed over many at a time. When `stop` is set,
    sources not read yet are handed back (their leases released) for another
    worker or the next start.
    """
    rng = rng or random.Random()
    report = CheckReport()
    waiting: dict[int, set[int]] = {}
    for c in claimed:
        waiting.setdefault(c.watch_id, set()).add(c.source_id)
    done: dict[int, list[Outcome]] = {}
    quiet: list[tuple[Watch, list[Outcome]]] = []
    allow_private = config.discovery.allow_private_networks
    processes = default_processes() if config.fetch.readers is None else config.fetch.readers
    packs: dict[int, tuple[Fetched, Future[bytes]]] = {}
    writer = _Writer(config, sessions, clock, rng, report)

    def settle(outcome: Outcome) -> None:
        nonlocal quiet
        c = outcome.claimed
        done.setdefault(c.watch_id, []).append(outcome)
        waiting[c.watch_id].discard(c.source_id)
        if waiting[c.watch_id]:
            return
        group = (watches[c.source_id], done.pop(c.watch_id))
        if any(o.result == "changed" for o in group[1]):
            writer.put([group])  # committed next: its alerts are safe then
        else:
            quiet.append(group)
            if len(quiet) >= QUIET_BATCH:
                writer.put(quiet)
                quiet = []

    def settle_readings(readings: Iterable[tuple[Hashable, Reading]]) -> None:
        for key, reading in readings:
            c: Claimed = key  # type: ignore[assignment]
            fetched, packed = packs.pop(c.source_id)
            settle(read_outcome(c, fetched, reading, packed))

    try:
        with Readers(processes if len(claimed) >= POOL_FROM else 0) as readers:
            if sum(c.facts_version != EXTRACTOR_VERSION for c in claimed) >= POOL_FROM:
                readers.start()  # never read (or by an older extractor): their pages will be
            stopped = False
            for request, fetched in fetcher.fetch_many(fetch_request(c, allow_private) for c in claimed):
                if stop is not None and stop.is_set():
                    stopped = True
                    break  # this one (likely cut short by the shutdown) is handed back unread
                c: Claimed = request.key  # type: ignore[assignment]
                outcome = triage(c, fetched)
                if outcome is not None:
                    settle(outcome)
                else:
                    packed = pack_page(fetched.body)
                    packs[c.source_id] = (fetched, packed)
                    readers.submit(c, fetched.body, fetched.content_type, c.url,
                                   watches[c.source_id].target, packed)
                settle_readings(readers.ready())
            if stopped or (stop is not None and stop.is_set()):
                readers.abandon()
            else:
                settle_readings(readers.finish())
        unread = [sid for sids in waiting.values() for sid in sids]
        for watch_id, outcomes in done.items():  # stopped half-way through a watch
            quiet.append((watches[outcomes[0].claimed.source_id], outcomes))
            unread.extend(waiting.get(watch_id, ()))
        if quiet:
            writer.put(quiet)
    finally:
        writer.close()
    if unread:
        release_leases(sessions, unread)
    return report


def _commit(config: Config, sessions: sessionmaker[Session],
            groups: list[tuple[Watch, list[Outcome]]], now: datetime, rng: random.Random,
            report: CheckReport) -> None:
    with sessions() as session:
        results, changes, messages = apply_outcomes(session, config, groups, now, rng)
        session.commit()
    report.sources.extend(results)
    report.changes += changes
    report.messages += messages
    for r in results:
        log.info("checked %s (%s): %s in %.2fs%s", r.url, r.watch, r.result, r.seconds,
                 f": {r.error}" if r.error else "")


def release_leases(sessions: sessionmaker[Session], source_ids: list[int]) -> None:
    with sessions() as session:
        session.execute(update(SourceRow).where(SourceRow.id.in_(source_ids))
                        .values(lease_owner=None, lease_until=None))
        session.commit()


def check_all(config: Config, sessions: sessionmaker[Session], fetcher: Fetcher,
              clock: Callable[[], datetime], worker: str) -> CheckReport:
    """`watcher check`: every feed and every source once, due or not.

    Feeds first, so the articles they name are read in this same check.

    A source a running daemon holds right now is left to it and reported busy.
    """
    with sessions() as session:
        sync_watches(session, config, clock())
    upgrade_facts(config, sessions, clock())
    feeds = poll_feeds(config, sessions, fetcher, clock, due_only=False)
    with sessions() as session:
        watches = configured_sources(session, config, clock())
        claimed = claim_sources(session, list(watches), clock(), worker, config.daemon.lease,
                                due_only=False)
    report = check_claimed(config, sessions, fetcher, claimed, watches, clock)
    report.feeds = feeds
    busy = set(watches) - {c.source_id for c in claimed}
    if busy:
        with sessions() as session:
            for source in session.scalars(select(SourceRow).where(SourceRow.id.in_(busy))):
                report.sources.append(SourceResult(watches[source.id].name, source.url, "busy",
                                                   f"being checked by {source.lease_owner}"))
    return report


def prune_pages(sessions: sessionmaker[Session], cutoff: datetime) -> int:
    """Drop stored page versions fetched before cutoff, except the one each source's facts
    come from (pages flip back to older versions, so that is not always the newest row)."""
    with sessions() as session:
        current = (select(PageRow.id).join(SourceRow, SourceRow.id == PageRow.source_id)
                   .where(PageRow.content_hash == SourceRow.content_hash))
        gone = session.execute(delete(PageRow).where(
            PageRow.fetched_at < cutoff, PageRow.id.not_in(current))
            .execution_options(synchronize_session=False)).rowcount
        session.commit()
    return int(gone or 0)


def make_fetcher(config: Config) -> Fetcher:
    f = config.fetch
    return Fetcher(f.timeout, f.max_bytes, f.user_agent, **f.fetcher_options())


def check_and_deliver(config: Config, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                      worker: str, console: ConsoleWriter | None = None,
                      ) -> tuple[CheckReport, DeliveryReport]:
    """`watcher check`: every source once, then every due alert (this check's and older)."""
    with make_fetcher(config) as fetcher:
        report = check_all(config, sessions, fetcher, clock, worker)
    prune_pages(sessions, clock() - timedelta(seconds=config.daemon.keep_pages))
    delivery = deliver_pending(sessions, config.targets, clock(), worker,
                               settings=config.delivery, **({"console": console} if console else {}))
    return report, delivery
