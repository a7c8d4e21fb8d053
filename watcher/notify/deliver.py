"""Delivering outbox rows through apprise, one target at a time.

A row is claimed before it is sent (an atomic UPDATE that only one process can
win), marked sent right after apprise returns, and retried with backoff when
the target fails, until it is declared dead.
"""

from __future__ import annotations

import logging
import random
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from watcher.config import CONSOLE_URL, DeliverySettings, Target
from watcher.db.models import OutboxRow, WatchRow
from watcher.model import Change, TitleState

if TYPE_CHECKING:  # rendering (and the extractor's date words) loads with the first alert
    from watcher.notify.render import Message

log = logging.getLogger("watcher.notify")

CLAIM_SECONDS = 300  # a claim outlives any send (apprise times out well before)
DIGEST_MAX = 200  # alerts in one digest message; more go out in the next one


def digest_time(target: Target, now: datetime) -> datetime | None:
    """When an alert queued now may go out: at the target's next digest, or at once (None)."""
    if not target.digest_cron:
        return None
    from zoneinfo import ZoneInfo

    from apscheduler.triggers.cron import CronTrigger

    trigger = CronTrigger.from_crontab(target.digest_cron, timezone=ZoneInfo(target.timezone))
    fire = trigger.get_next_fire_time(None, now)
    return fire.astimezone(now.tzinfo) if fire and now.tzinfo else fire


def message_format(target: Target) -> str:
    """The richest body the target shows well: HTML mail, Markdown chat, else text."""
    if target.url == CONSOLE_URL:
        return "text"
    import apprise

    plugin = apprise.Apprise.instantiate(target.url, suppress_exceptions=True)
    if plugin is None:
        return "text"
    fmt = plugin.notify_format
    fmt = fmt[0] if isinstance(fmt, (tuple, list)) else fmt
    return {"html": "html", "markdown": "markdown"}.get(str(getattr(fmt, "value", fmt)), "text")


def send_apprise(target: Target, message: Message, fmt: str) -> str | None:
    """Send one message; None on success, else the reason (secrets redacted)."""
    import apprise

    body_format = {"html": apprise.NotifyFormat.HTML, "markdown": apprise.NotifyFormat.MARKDOWN,
                   "text": apprise.NotifyFormat.TEXT}[fmt]
    notifier = apprise.Apprise()
    if not notifier.add(target.url):
        return f"apprise cannot use {target.redacted}"
    with apprise.LogCapture(level=logging.WARNING) as captured:
        ok = notifier.notify(title=message.title, body=message.body, body_format=body_format)
        details = captured.getvalue().strip() if hasattr(captured, "getvalue") else ""
    if ok:
        return None
    reason = details.splitlines()[-1] if details else "the service refused the notification"
    return _redact(reason, target)


def _redact(text: str, target: Target) -> str:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(target.url)
    for secret in (parts.password, unquote(parts.password or ""), target.url):
        if secret:
            text = text.replace(secret, "****")
    return text


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


ConsoleWriter = Callable[[str], None]


def _print_console(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


CLAIM_BATCH = 10  # small batches: concurrent flushers share the work
CONSOLE_BATCH = 100  # console rows print at once: a big batch keeps no other flusher waiting


def _claim(session: Session, keys: list[str], now: datetime, token: str, after_id: int,
           force: bool, batch: int = CLAIM_BATCH) -> list[int]:
    """Mark a batch of due rows as ours; returns their ids.

    PostgreSQL picks them with FOR UPDATE SKIP LOCKED, so concurrent flushers
    take disjoint batches without waiting on each other; on SQLite the UPDATE
    itself holds the database's write lock. On both, the claim conditions are
    repeated in the UPDATE, so a row another process claimed first is left alone.
    """
    claimable = [
        OutboxRow.status.in_(("pending", "failed")),
        OutboxRow.target.in_(keys),
        OutboxRow.id > after_id,
        or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now),
    ]
    if not force:
        claimable.append(or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now))
    pick = select(OutboxRow.id).where(*claimable).order_by(OutboxRow.id).limit(batch)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    # two statements in one transaction: PostgreSQL may re-run a LIMIT subquery inside
    # an UPDATE once per row and so claim more than the batch
    ids = list(session.scalars(pick).all())
    if ids:
        session.execute(
            update(OutboxRow).where(OutboxRow.id.in_(ids), *claimable)
            .values(claimed_by=token, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
            .execution_options(synchronize_session=False)
        )
    session.commit()
    return list(session.scalars(
        select(OutboxRow.id).where(OutboxRow.claimed_by == token, OutboxRow.status.in_(
            ("pending", "failed"))).order_by(OutboxRow.id)).all())


def deliver_pending(
    sessions: sessionmaker[Session],
    targets: tuple[Target, ...],
    now: datetime,
    worker: str,
    console: ConsoleWriter = _print_console,
    rng: random.Random | None = None,
    settings: DeliverySettings | None = None,
    force: bool = False,
) -> DeliveryReport:
    """Send the due outbox rows of the configured targets (with force: every undead row).

    Each row is claimed before it is sent and marked in its own commit right
    after apprise returns (console rows, which a crash could at worst print
    twice, are marked a claimed batch at a time). A target that fails is not
    tried again in the same pass: its other rows wait for the next one.
    """
    settings = settings or DeliverySettings()
    report = DeliveryReport()
    rng = rng or random.Random()
    token = f"{worker}:{uuid.uuid4().hex[:12]}"
    for target in targets:
        if target.digest_cron:
            _deliver_digest(sessions, target, now, token, console, rng, settings, force, report)
    by_key = {t.key: t for t in targets if not t.digest_cron}
    size = CONSOLE_BATCH if all(t.url == CONSOLE_URL for t in by_key.values()) else CLAIM_BATCH
    failed_targets: set[str] = set()
    after_id = 0
    while True:
        with sessions() as session:
            batch = _claim(session, list(by_key), now, token, after_id, force, size)
        if not batch:
            return report
        after_id = batch[-1]
        with sessions() as session:
            rows = session.scalars(select(OutboxRow).where(OutboxRow.id.in_(batch))
                                   .order_by(OutboxRow.id)).all()
            names = {w.id: w.name for w in session.scalars(
                select(WatchRow).where(WatchRow.id.in_({r.watch_id for r in rows})))}
            for row in rows:
                if row.claimed_by != token:
                    continue
                if row.target in failed_targets:
                    row.claimed_by = row.claimed_until = None
                    continue
                target = by_key[row.target]
                error = _send_row(row, names.get(row.watch_id, row.title), target, console)
                _record(row, error, now, settings, rng, report, target)
                if target.url != CONSOLE_URL:
                    session.commit()  # marked the moment it went out: a crash cannot send it twice
                if error is not None:
                    failed_targets.add(row.target)
            session.commit()  # the console's rows, a batch at a time: printing again is harmless


def _deliver_digest(sessions: sessionmaker[Session], target: Target, now: datetime, token: str,
                    console: ConsoleWriter, rng: random.Random, settings: DeliverySettings,
                    force: bool, report: DeliveryReport) -> None:
    """Every due alert of a digest target in one message; they succeed or fail together."""
    while True:
        with sessions() as session:
            ids = _claim(session, [target.key], now, token, 0, force, DIGEST_MAX)
            if not ids:
                return
            rows = session.scalars(select(OutboxRow).where(OutboxRow.id.in_(ids))
                                   .order_by(OutboxRow.id)).all()
            names = {w.id: w.name for w in session.scalars(
                select(WatchRow).where(WatchRow.id.in_({r.watch_id for r in rows})))}
            fmt = "text" if target.url == CONSOLE_URL else message_format(target)
            from watcher.notify.render import render_digest

            digest = render_digest([(names.get(r.watch_id, r.title),
                                     _message(r, names.get(r.watch_id, r.title), fmt)) for r in rows],
                                   fmt)
            error = _send(digest, target, fmt, console)
            for row in rows:
                _record(row, error, now, settings, rng, report, target)
            session.commit()
            if error is not None or len(ids) < DIGEST_MAX:
                return


def _record(row: OutboxRow, error: str | None, now: datetime, settings: DeliverySettings,
            rng: random.Random, report: DeliveryReport, target: Target) -> None:
    row.attempts += 1
    row.claimed_by = None
    row.claimed_until = None
    if error is None:
        row.status = "sent"
        row.sent_at = now
        row.last_error = None
        report.sent += 1
        return
    row.last_error = error
    report.errors.append(f"{target.redacted}: {error}")
    if row.failing_since is None:
        row.failing_since = now
    if now - _aware(row.failing_since, now) >= timedelta(seconds=settings.dead_after):
        row.status = "dead"
        report.dead += 1
        log.error("giving up on an alert for %s to %s after %d attempts: %s",
                  row.title, target.redacted, row.attempts, error)
        return
    row.status = "failed"
    delay = min(settings.max_retry, settings.first_retry * 2 ** (row.attempts - 1))
    row.next_attempt_at = now + timedelta(seconds=delay * rng.uniform(0.8, 1.2))
    report.failed += 1


def revive_dead(sessions: sessionmaker[Session], target_keys: list[str] | None = None) -> int:
    """`watcher outbox retry`: dead rows become pending again, with a fresh dead-after clock."""
    with sessions() as session:
        query = update(OutboxRow).where(OutboxRow.status == "dead")
        if target_keys is not None:
            query = query.where(OutboxRow.target.in_(target_keys))
        count = session.execute(query.values(
            status="pending", attempts=0, next_attempt_at=None, failing_since=None,
            claimed_by=None, claimed_until=None)).rowcount
        session.commit()
    return int(count or 0)


def _aware(value: datetime, like: datetime) -> datetime:
    """SQLite hands back naive datetimes; compare them as the UTC they were."""
    if value.tzinfo is None and like.tzinfo is not None:
        return value.replace(tzinfo=like.tzinfo)
    return value


def _message(row: OutboxRow, name: str, fmt: str) -> Message:
    from watcher.notify.render import render, render_health

    if row.payload.get("kind") == "source-health":
        return render_health(name, row.payload, fmt)
    state = TitleState.from_json(row.payload["state"])
    changes = [Change.from_json(c) for c in row.payload["changes"]]
    return render(state.official_title or name, changes, state, fmt)


def _send(message: Message, target: Target, fmt: str, console: ConsoleWriter) -> str | None:
    if target.url == CONSOLE_URL:
        console(f"\n== {message.title}\n{message.body}")
        return None
    try:
        return send_apprise(target, message, fmt)
    except Exception as exc:  # a plugin bug must not lose the row
        return _redact(f"{type(exc).__name__}: {exc}", target)


def _send_row(row: OutboxRow, name: str, target: Target, console: ConsoleWriter) -> str | None:
    fmt = "text" if target.url == CONSOLE_URL else message_format(target)
    return _send(_message(row, name, fmt), target, fmt, console)
