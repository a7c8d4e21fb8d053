"""One check: fetch every source, extract, reconcile, diff, and commit with the outbox.

Each watch is one database transaction: the sources' new status, their facts,
the new TitleState, its changes and the outbox rows land together or not at all.
Delivery happens afterwards, outside that transaction.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
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
from watcher.fetch import Fetched, Fetcher
from watcher.model import Facts, SourceFacts, TitleState
from watcher.notify.deliver import ConsoleWriter, DeliveryReport, deliver_pending
from watcher.parse import NotAnArticle, parse_page
from watcher.reconcile import reconcile

log = logging.getLogger("watcher.check")


@dataclass
class SourceResult:
    watch: str
    url: str
    result: str  # "changed", "unchanged", "not-modified", "failed"
    error: str | None = None
    seconds: float = 0.0


@dataclass
class CheckReport:
    sources: list[SourceResult] = field(default_factory=list)
    changes: int = 0
    messages: int = 0

    @property
    def failed(self) -> list[SourceResult]:
        return [s for s in self.sources if s.result == "failed"]


def sync_watches(session: Session, config: Config, now: datetime) -> None:
    """Make the database know every watch and source of the config (idempotent)."""
    for watch in config.watches:
        row = session.scalar(select(WatchRow).where(WatchRow.name == watch.name))
        if row is None:
            row = WatchRow(name=watch.name, aliases=list(watch.aliases), tags=list(watch.tags),
                           created_at=now)
            session.add(row)
            session.flush()
        else:
            row.aliases, row.tags = list(watch.aliases), list(watch.tags)
        known = {s.url: s for s in row.sources}
        for source in watch.sources:
            if source.url in known:
                known[source.url].authority = source.authority
            else:
                session.add(SourceRow(watch_id=row.id, url=source.url, authority=source.authority,
                                      failures=0, next_check_at=now))
    try:
        session.commit()
    except IntegrityError:  # another worker registered the same watch at the same moment
        session.rollback()
        sync_watches(session, config, now)


def routed_targets(config: Config, watch: Watch) -> list[Target]:
    """Targets with tags get only watches that share one; untagged targets get all."""
    return [t for t in config.targets if not t.tags or set(t.tags) & set(watch.tags)]


def _latest_facts(session: Session, source_id: int) -> SourceFactsRow | None:
    return session.scalar(
        select(SourceFactsRow).where(SourceFactsRow.source_id == source_id)
        .order_by(SourceFactsRow.id.desc()).limit(1)
    )


def _store_page(session: Session, source: SourceRow, fetched: Fetched, now: datetime) -> None:
    exists = session.scalar(select(PageRow.id).where(
        PageRow.source_id == source.id, PageRow.content_hash == fetched.content_hash))
    if exists is None:
        session.add(PageRow(source_id=source.id, content_hash=fetched.content_hash,
                            content_type=fetched.content_type, fetched_at=now,
                            body=zlib.compress(fetched.body, 6)))


def check_source(session: Session, watch: Watch, source: SourceRow, fetcher: Fetcher,
                 now: datetime) -> SourceResult:
    """Fetch one source and store what it says now; no alerting here."""
    previous = _latest_facts(session, source.id)
    fetched = fetcher.fetch(
        source.url,
        etag=source.etag if previous else None,
        last_modified=source.last_modified if previous else None,
    )
    source.last_checked_at = now
    source.next_check_at = now + timedelta(seconds=watch.interval)
    if not fetched.ok:
        return _failed(source, watch, fetched.error or "failed", fetched.seconds)
    if fetched.not_modified:
        _succeeded(source, "not-modified")
        return SourceResult(watch.name, source.url, "not-modified", seconds=fetched.seconds)
    digest = fetched.content_hash
    source.etag, source.last_modified = fetched.etag, fetched.last_modified
    if (previous is not None and digest == source.content_hash
            and previous.extractor_version == EXTRACTOR_VERSION):
        _succeeded(source, "unchanged")
        return SourceResult(watch.name, source.url, "unchanged", seconds=fetched.seconds)
    try:
        article = parse_page(fetched.body, fetched.content_type, source.url)
    except NotAnArticle as exc:
        return _failed(source, watch, str(exc), fetched.seconds)
    facts = extract(article, watch.target)
    source.content_hash = digest
    _store_page(session, source, fetched, now)
    session.add(SourceFactsRow(source_id=source.id, fetched_at=now, content_hash=digest,
                               extractor_version=EXTRACTOR_VERSION, facts=facts.to_json()))
    _succeeded(source, "ok")
    return SourceResult(watch.name, source.url, "changed", seconds=fetched.seconds)


def _succeeded(source: SourceRow, status: str) -> None:
    source.last_status = status
    source.last_error = None
    source.failures = 0
    source.last_success_at = source.last_checked_at


def _failed(source: SourceRow, watch: Watch, error: str, seconds: float) -> SourceResult:
    source.last_status = "failed"
    source.last_error = error
    source.failures = (source.failures or 0) + 1
    log.warning("%s: %s", source.url, error)
    return SourceResult(watch.name, source.url, "failed", error, seconds)


def current_facts(session: Session, watch_row: WatchRow) -> list[SourceFacts]:
    out = []
    for source in watch_row.sources:
        row = _latest_facts(session, source.id)
        if row is not None:
            out.append(SourceFacts(source.url, source.authority, row.fetched_at.isoformat(),
                                   Facts.from_json(row.facts)))
    return out


def update_state(session: Session, config: Config, watch: Watch, watch_row: WatchRow,
                 now: datetime) -> tuple[int, int]:
    """Reconcile, diff, and queue the alerts; returns (changes, messages)."""
    sources = current_facts(session, watch_row)
    if not sources:
        return 0, 0  # nothing read yet: no baseline from nothing
    state_row = session.get(TitleStateRow, watch_row.id)
    previous = TitleState.from_json(state_row.state) if state_row else None
    silent = state_row is not None and state_row.extractor_version != EXTRACTOR_VERSION
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


def check_all(config: Config, sessions: sessionmaker[Session], fetcher: Fetcher,
              now: datetime) -> CheckReport:
    """Check every source of every watch once."""
    report = CheckReport()
    with sessions() as session:
        sync_watches(session, config, now)
    for watch in config.watches:
        with sessions() as session:
            watch_row = session.scalar(select(WatchRow).where(WatchRow.name == watch.name))
            assert watch_row is not None
            wanted = {s.url for s in watch.sources}
            for source in [s for s in watch_row.sources if s.url in wanted]:
                report.sources.append(check_source(session, watch, source, fetcher, now))
            session.flush()
            changes, messages = update_state(session, config, watch, watch_row, now)
            session.commit()
            report.changes += changes
            report.messages += messages
    return report


def check_and_deliver(config: Config, sessions: sessionmaker[Session], clock: Callable[[], datetime],
                      worker: str, console: ConsoleWriter | None = None,
                      ) -> tuple[CheckReport, DeliveryReport]:
    """`watcher check`: every source once, then every due alert (this check's and older)."""
    with Fetcher(config.fetch.timeout, config.fetch.max_bytes, config.fetch.user_agent) as fetcher:
        report = check_all(config, sessions, fetcher, clock())
    delivery = deliver_pending(sessions, config.targets, clock(), worker,
                               **({"console": console} if console else {}))
    return report, delivery
