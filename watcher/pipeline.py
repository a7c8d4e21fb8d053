"""One check: fetch every source, extract, reconcile, diff, and commit with the outbox.

Each watch is one database transaction: the sources' new status, their facts,
the new TitleState, its changes and the outbox rows land together or not at all.
Delivery happens afterwards, outside that transaction.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from watcher.config import Config, Target, Watch
from watcher.db.models import (
    ChangeRow,
    OutboxRow,
    PageRow,
    SourceFactsRow,
    SourceRow,
    TitleStateRow,
    WatchRow,
)
from watcher.diff import diff
from watcher.extract import EXTRACTOR_VERSION, extract
from watcher.fetch import Fetched, Fetcher, FetchRequest
from watcher.model import Facts, SourceFacts, TitleState
from watcher.notify.deliver import ConsoleWriter, DeliveryReport, deliver_pending
from watcher.parse import NotAnArticle, parse_page
from watcher.reconcile import reconcile

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


@dataclass
class CheckReport:
    sources: list[SourceResult] = field(default_factory=list)
    changes: int = 0
    messages: int = 0

    @property
    def failed(self) -> list[SourceResult]:
        return [s for s in self.sources if s.result == "failed"]


def sync_watches(session: Session, config: Config, now: datetime) -> None:
    """Make the database know every watch and source of the config.

    Idempotent and safe when several workers start together: missing rows are
    inserted with ON CONFLICT DO NOTHING on their unique keys, then read back.
    Known rows cost two queries in all, however many watches there are.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    names = [w.name for w in config.watches]
    rows = {r.name: r for r in session.scalars(select(WatchRow).where(WatchRow.name.in_(names)))}
    for watch in config.watches:
        if watch.name not in rows:
            session.execute(insert(WatchRow).values(
                name=watch.name, aliases=list(watch.aliases), tags=list(watch.tags), created_at=now,
            ).on_conflict_do_nothing(index_elements=["name"]))
    if len(rows) < len(names):
        rows = {r.name: r for r in session.scalars(select(WatchRow).where(WatchRow.name.in_(names)))}
    ids = [r.id for r in rows.values()]
    known = {(s.watch_id, s.url): s for s in session.scalars(
        select(SourceRow).where(SourceRow.watch_id.in_(ids)))}
    for watch in config.watches:
        row = rows[watch.name]
        if row.aliases != list(watch.aliases) or row.tags != list(watch.tags):
            row.aliases, row.tags = list(watch.aliases), list(watch.tags)
        for source in watch.sources:
            existing = known.get((row.id, source.url))
            if existing is None:
                session.execute(insert(SourceRow).values(
                    watch_id=row.id, url=source.url, authority=source.authority, failures=0,
                    next_check_at=now,
                ).on_conflict_do_nothing(index_elements=["watch_id", "url"]))
            elif existing.authority != source.authority:
                existing.authority = source.authority
    session.commit()


def routed_targets(config: Config, watch: Watch) -> list[Target]:
    """Targets with tags get only watches that share one; untagged targets get all."""
    return [t for t in config.targets if not t.tags or set(t.tags) & set(watch.tags)]


def _latest_facts(session: Session, source_id: int) -> SourceFactsRow | None:
    return session.scalar(
        select(SourceFactsRow).where(SourceFactsRow.source_id == source_id)
        .order_by(SourceFactsRow.id.desc()).limit(1)
    )


def _store_page(session: Session, source: SourceRow, fetched: Fetched, now: datetime) -> None:
    with session.no_autoflush:  # the source's pending UPDATE goes out once, with the rest
        exists = session.scalar(select(PageRow.id).where(
            PageRow.source_id == source.id, PageRow.content_hash == fetched.content_hash))
    if exists is None:  # level 1: several times faster than 6, pages ~15% larger
        session.add(PageRow(source_id=source.id, content_hash=fetched.content_hash,
                            content_type=fetched.content_type, fetched_at=now,
                            body=zlib.compress(fetched.body, 1)))


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


def configured_sources(session: Session, config: Config) -> dict[int, Watch]:
    """Source id -> its watch, for the sources the config names (removed ones stay idle)."""
    watches = {w.name: w for w in config.watches}
    out: dict[int, Watch] = {}
    rows = session.execute(select(SourceRow.id, SourceRow.url, WatchRow.name).join(WatchRow)
                           .where(WatchRow.name.in_(list(watches)))).all()
    for source_id, url, name in rows:
        watch = watches[name]
        if any(s.url == url for s in watch.sources):
            out[source_id] = watch
    return out


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
                    versions.get(r.id), r.id in expired) for r in rows]


# --- reading a source: no database here -----------------------------------------

@dataclass
class Outcome:
    """What one fetch and extraction produced, to be written by `apply_outcomes`."""

    claimed: Claimed
    fetched: Fetched
    result: str  # "changed", "unchanged", "not-modified", "failed"
    facts: Facts | None = None
    error: str | None = None
    extract_seconds: float = 0.0


def fetch_request(claimed: Claimed) -> FetchRequest:
    """Conditional only when we hold facts of this extractor version to fall back on."""
    conditional = claimed.facts_version == EXTRACTOR_VERSION
    return FetchRequest(claimed.url, claimed.etag if conditional else None,
                        claimed.last_modified if conditional else None, key=claimed)


def read_source(claimed: Claimed, fetched: Fetched, watch: Watch) -> Outcome:
    """Parse and extract a fetched page, unless it is the body we already read."""
    if not fetched.ok:
        return Outcome(claimed, fetched, "failed", error=fetched.error or "failed")
    if fetched.not_modified:
        return Outcome(claimed, fetched, "not-modified")
    if fetched.content_hash == claimed.content_hash and claimed.facts_version == EXTRACTOR_VERSION:
        return Outcome(claimed, fetched, "unchanged")
    started = time.perf_counter()
    try:
        article = parse_page(fetched.body, fetched.content_type, claimed.url)
    except NotAnArticle as exc:
        return Outcome(claimed, fetched, "failed", error=str(exc))
    facts = extract(article, watch.target)
    return Outcome(claimed, fetched, "changed", facts, extract_seconds=time.perf_counter() - started)


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


# --- writing: one transaction per watch -------------------------------------------

def apply_outcomes(session: Session, config: Config, watch: Watch, outcomes: list[Outcome],
                   now: datetime, rng: random.Random) -> tuple[list[SourceResult], int, int]:
    """Store what the sources said, reconcile, queue alerts, release the leases (no commit).

    When a page changed, the watch row is locked first (FOR UPDATE on PostgreSQL), so two workers that
    checked different sources of one watch reconcile one after the other.
    """
    results = []
    changed = any(o.result == "changed" for o in outcomes)
    watch_row = None
    if changed:
        lock = select(WatchRow).where(WatchRow.id == outcomes[0].claimed.watch_id)
        if session.get_bind().dialect.name == "postgresql":
            lock = lock.with_for_update()
        watch_row = session.scalars(lock).one()
    for outcome in outcomes:
        source = session.get(SourceRow, outcome.claimed.source_id)
        if source is None:
            continue
        results.append(_apply_one(session, watch, source, outcome, now, config, rng))
    if watch_row is None:
        return results, 0, 0  # no page changed: the state cannot have
    session.flush()
    changes, messages = update_state(session, config, watch, watch_row, now)
    return results, changes, messages


def _apply_one(session: Session, watch: Watch, source: SourceRow, outcome: Outcome,
               now: datetime, config: Config, rng: random.Random) -> SourceResult:
    fetched = outcome.fetched
    source.last_checked_at = now
    source.lease_owner = source.lease_until = None
    if outcome.result == "failed":
        source.last_status = "failed"
        source.last_error = outcome.error
        source.failures = (source.failures or 0) + 1
        log.warning("%s: %s", source.url, outcome.error)
    else:
        if outcome.result == "changed" and outcome.facts is not None:
            source.content_hash = fetched.content_hash
            _store_page(session, source, fetched, now)
            session.add(SourceFactsRow(source_id=source.id, fetched_at=now,
                                       content_hash=fetched.content_hash,
                                       extractor_version=EXTRACTOR_VERSION,
                                       facts=outcome.facts.to_json()))
        if outcome.result != "not-modified":
            source.etag, source.last_modified = fetched.etag, fetched.last_modified
        source.last_status = "ok" if outcome.result == "changed" else outcome.result
        source.last_error = None
        source.failures = 0
        source.last_success_at = now
    source.next_check_at = next_check(watch, now, source.failures, config.daemon.jitter, rng,
                                      getattr(fetched, "retry_after", None))
    return SourceResult(watch.name, source.url, outcome.result, outcome.error, fetched.seconds,
                        outcome.extract_seconds, outcome.claimed.taken_over)


def current_facts(session: Session, watch_row: WatchRow) -> list[SourceFacts]:
    out = []
    for source in watch_row.sources:
        row = _latest_facts(session, source.id)
        if row is not None:
            out.append(SourceFacts(source.url, source.authority, row.fetched_at.isoformat(),
                                   Facts.from_json(row.facts)))
    return out


def update_state(session: Session, config: Config, watch: Watch, watch_row: WatchRow,
                 now: datetime, silent: bool = False) -> tuple[int, int]:
    """Reconcile, diff, and queue the alerts (none when silent); returns (changes, messages)."""
    sources = current_facts(session, watch_row)
    if not sources:
        return 0, 0  # nothing read yet: no baseline from nothing
    state_row = session.get(TitleStateRow, watch_row.id)
    previous = TitleState.from_json(state_row.state) if state_row else None
    silent = silent or (state_row is not None and state_row.extractor_version != EXTRACTOR_VERSION)
    state = reconcile(watch.name, sources, previous)
    changes = diff(previous, state)
    if state_row is None:
        state_row = TitleStateRow(watch_id=watch_row.id, extractor_version=EXTRACTOR_VERSION,
                                  updated_at=now, state=state.to_json())
        session.add(state_row)
    else:
        state_row.state = state.to_json()
        state_row.updated_at = now
        state_row.extractor_version = EXTRACTOR_VERSION
    if silent or not changes:
        return 0, 0  # a new extractor re-baselines without alerting
    change_rows = [ChangeRow(watch_id=watch_row.id, created_at=now, kind=c.kind,
                             change=c.to_json()) for c in changes]
    session.add_all(change_rows)
    session.flush()
    ids = ",".join(str(r.id) for r in change_rows)
    messages = 0
    for target in routed_targets(config, watch):
        key = hashlib.sha256(f"{target.key}|{ids}".encode()).hexdigest()[:40]
        session.add(OutboxRow(
            key=key, watch_id=watch_row.id, target=target.key, created_at=now,
            title=watch.name, status="pending", attempts=0,
            payload={"changes": [c.to_json() for c in changes], "state": state.to_json()},
        ))
        messages += 1
    return len(changes), messages


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
                try:
                    article = parse_page(zlib.decompress(page.body), page.content_type, source.url)
                except NotAnArticle:
                    continue
                session.add(SourceFactsRow(
                    source_id=source.id, fetched_at=latest.fetched_at,
                    content_hash=latest.content_hash, extractor_version=EXTRACTOR_VERSION,
                    facts=extract(article, watch.target).to_json()))
                reread += 1
            session.flush()
            update_state(session, config, watch, watch_row, now, silent=True)
            session.commit()
    if reread:
        log.info("extractor %s: re-read %d stored pages, states re-baselined without alerts",
                 EXTRACTOR_VERSION, reread)
    return reread


QUIET_BATCH = 100  # watches whose sources all came back unchanged, committed together


def check_claimed(config: Config, sessions: sessionmaker[Session], fetcher: Fetcher,
                  claimed: list[Claimed], watches: dict[int, Watch], clock: Callable[[], datetime],
                  rng: random.Random | None = None,
                  stop: threading.Event | None = None) -> CheckReport:
    """Fetch the claimed sources concurrently; commit each watch once its sources are read.

    A watch with a changed page gets its own transaction (new facts, state,
    alerts); watches where nothing changed only move their check times, and
    are committed many at a time. When `stop` is set, sources not read yet
    are handed back (their leases released) for another worker or the next start.
    """
    rng = rng or random.Random()
    report = CheckReport()
    waiting: dict[int, set[int]] = {}
    for c in claimed:
        waiting.setdefault(c.watch_id, set()).add(c.source_id)
    done: dict[int, list[Outcome]] = {}
    quiet: list[tuple[Watch, list[Outcome]]] = []
    for request, fetched in fetcher.fetch_many(fetch_request(c) for c in claimed):
        if stop is not None and stop.is_set():
            break  # this one (likely cut short by the shutdown) is handed back unread
        c: Claimed = request.key  # type: ignore[assignment]
        watch = watches[c.source_id]
        outcome = read_source(c, fetched, watch)
        done.setdefault(c.watch_id, []).append(outcome)
        waiting[c.watch_id].discard(c.source_id)
        if not waiting[c.watch_id]:
            group = (watch, done.pop(c.watch_id))
            if any(o.result == "changed" for o in group[1]):
                _commit(config, sessions, [group], clock(), rng, report)
            else:
                quiet.append(group)
                if len(quiet) >= QUIET_BATCH:
                    _commit(config, sessions, quiet, clock(), rng, report)
                    quiet = []
    unread = [sid for sids in waiting.values() for sid in sids]
    for watch_id, outcomes in done.items():  # stopped half-way through a watch
        quiet.append((watches[outcomes[0].claimed.source_id], outcomes))
        unread.extend(waiting.get(watch_id, ()))
    if quiet:
        _commit(config, sessions, quiet, clock(), rng, report)
    if unread:
        release_leases(sessions, unread)
    return report


def _commit(config: Config, sessions: sessionmaker[Session],
            groups: list[tuple[Watch, list[Outcome]]], now: datetime, rng: random.Random,
            report: CheckReport) -> None:
    with sessions() as session:
        held = []  # the identity map keeps rows weakly: hold them while the groups are applied
        if len(groups) > 1:  # one SELECT for the sources of all the groups, not one each
            ids = [o.claimed.source_id for _, outcomes in groups for o in outcomes]
            held = session.scalars(select(SourceRow).where(SourceRow.id.in_(ids))).all()
        for watch, outcomes in groups:
            results, changes, messages = apply_outcomes(session, config, watch, outcomes, now, rng)
            report.sources.extend(results)
            report.changes += changes
            report.messages += messages
            for r in results:
                log.info("checked %s (%s): %s in %.2fs%s", r.url, r.watch, r.result, r.seconds,
                         f": {r.error}" if r.error else "")
        session.commit()
        del held


def release_leases(sessions: sessionmaker[Session], source_ids: list[int]) -> None:
    with sessions() as session:
        session.execute(update(SourceRow).where(SourceRow.id.in_(source_ids))
                        .values(lease_owner=None, lease_until=None))
        session.commit()


def check_all(config: Config, sessions: sessionmaker[Session], fetcher: Fetcher,
              clock: Callable[[], datetime], worker: str) -> CheckReport:
    """`watcher check`: every configured source once, due or not.

    A source a running daemon holds right now is left to it and reported busy.
    """
    with sessions() as session:
        sync_watches(session, config, clock())
    upgrade_facts(config, sessions, clock())
    with sessions() as session:
        watches = configured_sources(session, config)
        claimed = claim_sources(session, list(watches), clock(), worker, config.daemon.lease,
                                due_only=False)
    report = check_claimed(config, sessions, fetcher, claimed, watches, clock)
    busy = set(watches) - {c.source_id for c in claimed}
    if busy:
        with sessions() as session:
            for source in session.scalars(select(SourceRow).where(SourceRow.id.in_(busy))):
                report.sources.append(SourceResult(watches[source.id].name, source.url, "busy",
                                                   f"being checked by {source.lease_owner}"))
    return report


def make_fetcher(config: Config) -> Fetcher:
    f = config.fetch
    return Fetcher(f.timeout, f.max_bytes, f.user_agent, **f.fetcher_options())


def check_and_deliver(config: Config, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                      worker: str, console: ConsoleWriter | None = None,
                      ) -> tuple[CheckReport, DeliveryReport]:
    """`watcher check`: every source once, then every due alert (this check's and older)."""
    with make_fetcher(config) as fetcher:
        report = check_all(config, sessions, fetcher, clock, worker)
    delivery = deliver_pending(sessions, config.targets, clock(), worker,
                               settings=config.delivery, **({"console": console} if console else {}))
    return report, delivery
