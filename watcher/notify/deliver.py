"""Delivering outbox rows through apprise, one target at a time.

A row is claimed before it is sent (an atomic UPDATE that only one process can
win), marked sent right after apprise returns, and retried with backoff when
the target fails, until it is declared dead.
"""

from __future__ import annotations

import logging
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from watcher.config import CONSOLE_URL, Target
from watcher.db.models import OutboxRow, WatchRow
from watcher.model import Change, TitleState
from watcher.notify.render import Message, render

log = logging.getLogger("watcher.notify")

CLAIM_SECONDS = 300
FIRST_RETRY_SECONDS = 20
MAX_RETRY_SECONDS = 3600
DEAD_AFTER = timedelta(hours=24)


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


def deliver_pending(
    sessions: sessionmaker[Session],
    targets: tuple[Target, ...],
    now: datetime,
    worker: str,
    console: ConsoleWriter = _print_console,
    rng: random.Random | None = None,
) -> DeliveryReport:
    """Send every due outbox row of the configured targets."""
    report = DeliveryReport()
    by_key = {t.key: t for t in targets}
    rng = rng or random.Random()
    with sessions() as session:
        due = session.scalars(
            select(OutboxRow.id).where(
                OutboxRow.status.in_(("pending", "failed")),
                OutboxRow.target.in_(list(by_key)),
                or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now),
            ).order_by(OutboxRow.id)
        ).all()
    for row_id in due:
        with sessions() as session:
            claimed = session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == row_id,
                       OutboxRow.status.in_(("pending", "failed")),
                       or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now))
                .values(claimed_by=worker, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
            ).rowcount
            session.commit()
            if claimed != 1:
                continue  # another process has it
            row = session.get(OutboxRow, row_id)
            assert row is not None
            target = by_key[row.target]
            watch = session.get(WatchRow, row.watch_id)
            name = watch.name if watch else row.title
            error = _send_row(row, name, target, console)
            row.attempts += 1
            row.claimed_by = None
            row.claimed_until = None
            if error is None:
                row.status = "sent"
                row.sent_at = now
                row.last_error = None
                report.sent += 1
            else:
                row.last_error = error
                report.errors.append(f"{target.redacted}: {error}")
                created = _aware(row.created_at, now)
                if now - created >= DEAD_AFTER:
                    row.status = "dead"
                    report.dead += 1
                else:
                    row.status = "failed"
                    delay = min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (row.attempts - 1))
                    row.next_attempt_at = now + timedelta(seconds=delay * rng.uniform(0.8, 1.2))
                    report.failed += 1
            session.commit()
    return report


def _aware(value: datetime, like: datetime) -> datetime:
    """SQLite hands back naive datetimes; compare them as the UTC they were."""
    if value.tzinfo is None and like.tzinfo is not None:
        return value.replace(tzinfo=like.tzinfo)
    return value


def _send_row(row: OutboxRow, name: str, target: Target, console: ConsoleWriter) -> str | None:
    changes = [Change.from_json(c) for c in row.payload["changes"]]
    state = TitleState.from_json(row.payload["state"])
    display = state.official_title or name
    if target.url == CONSOLE_URL:
        message = render(display, changes, state, "text")
        console(f"\n== {message.title}\n{message.body}")
        return None
    fmt = message_format(target)
    message = render(display, changes, state, fmt)
    try:
        return send_apprise(target, message, fmt)
    except Exception as exc:  # a plugin bug must not lose the row
        return _redact(f"{type(exc).__name__}: {exc}", target)
