"""Never lose an alert, never send one twice: fault tests against real local servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers import cli, write_config
from pages import HARBOR_V1, NIGHTFALL_V1, page
from sqlalchemy import select, text

from watcher.config import load_config
from watcher.db import open_database
from watcher.db.models import OutboxRow
from watcher.notify.deliver import deliver_pending, revive_dead
from watcher.pipeline import check_and_deliver

SECRET = "s3cret-Pa55word"


def show_page(title: str) -> str:
    return page(f"{title} renewed for season 2",
                f"Netflix has renewed {title} for a second season.\n\n"
                "Lena Ortiz stars as Dr. June Calder.")


def outbox(sessions) -> list[OutboxRow]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return list(session.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def database_text(database_url: str, tmp_path: Path) -> str:
    """Everything the database holds, as text, to look for secrets in."""
    if database_url.startswith("sqlite"):
        return b"".join(p.read_bytes() for p in tmp_path.glob("*.db*")).decode("latin-1")
    engine = open_database(database_url).kw["bind"]
    with engine.connect() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        dump = "".join(str(conn.execute(text(f'SELECT * FROM "{t}"')).all()) for t in tables)
    engine.dispose()
    return dump


def test_webhook_failing_twice_then_ok_gets_the_alert_once(site, webhook, database_url, tmp_path):
    url = site.put("/harbor", page(*HARBOR_V1))
    config = load_config(write_config(tmp_path, database_url, [webhook.url],
                                      {"Harbor Lights": [url]}))
    sessions = open_database(config.database)
    start = datetime.now(UTC)
    webhook.fail_next = 2
    check_and_deliver(config, sessions, lambda: start, "w1")
    [row] = outbox(sessions)
    assert row.status == "failed" and row.attempts == 1
    first_retry = row.next_attempt_at.replace(tzinfo=UTC) - start
    assert timedelta(seconds=10) <= first_retry <= timedelta(seconds=30)  # a brief outage costs little

    # not yet due: nothing is tried
    assert deliver_pending(sessions, config.targets, start + timedelta(seconds=5), "w1").sent == 0
    report = deliver_pending(sessions, config.targets, start + timedelta(seconds=40), "w1")
    assert report.failed == 1 and webhook.received == []
    report = deliver_pending(sessions, config.targets, start + timedelta(minutes=5), "w1")
    assert report.sent == 1
    deliver_pending(sessions, config.targets, start + timedelta(hours=2), "w1", force=True)
    assert [m["title"] for m in webhook.received] == ["Now watching Harbor Lights"]
    [row] = outbox(sessions)
    assert row.status == "sent" and row.attempts == 3


def test_smtp_down_during_check_mail_arrives_once_when_back(site, mailbox_down, database_url,
                                                            tmp_path):
    url = site.put("/nightfall", page(*NIGHTFALL_V1))
    cfg = write_config(tmp_path, database_url, [mailbox_down.url], {"Nightfall 2": [url]})
    done = cli("check", "--config", str(cfg), cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # every source was checked; the mail waits
    assert "1 to retry" in done.stderr
    status = cli("status", "--config", str(cfg), cwd=tmp_path)
    assert "1 waiting to retry" in status.stdout and "last error" in status.stdout

    mailbox_down.start()
    sent = cli("deliver", "--config", str(cfg), cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr
    again = cli("deliver", "--config", str(cfg), cwd=tmp_path)
    assert again.returncode == 0 and "0 alerts sent" in again.stderr
    assert len(mailbox_down.messages) == 1
    mail = mailbox_down.messages[0]
    assert mail["Subject"] == "Now watching Nightfall 2"
    assert "Zoe Park" in mailbox_down.bodies()[0] and "Captain Reyes" in mailbox_down.bodies()[0]
    last = cli("status", "--config", str(cfg), cwd=tmp_path)
    assert "No alerts waiting" in last.stdout
    assert mailbox_down.logins == [True]  # it logged in, with the password from the URL
    printed = "".join(p.stdout + p.stderr for p in (done, status, sent, again, last))
    assert mailbox_down.password not in printed
    assert mailbox_down.password not in database_text(database_url, tmp_path)


def test_killed_after_commit_before_send_sends_everything_once(site, webhook, database_url,
                                                                tmp_path):
    """SIGKILL between the commit of one title's state and any delivery."""
    first = site.put("/harbor", page(*HARBOR_V1))
    slow = site.put("/slow", show_page("Tidewater"))
    release = site.hold("/slow")  # the second title's source hangs until released
    cfg = write_config(tmp_path, database_url, [webhook.url],
                       {"Harbor Lights": [first], "Tidewater": [slow]}, top="daemon:\n  lease: 2s")
    proc = subprocess.Popen([sys.executable, "-m", "watcher", "check", "--config", str(cfg)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sessions = open_database(load_config(cfg).database)
    deadline = time.monotonic() + 60
    while not outbox(sessions) and time.monotonic() < deadline:
        time.sleep(0.05)
    rows = outbox(sessions)
    assert [r.status for r in rows] == ["pending"], "the first title's state was committed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    release.set()
    assert webhook.received == []  # killed before anything was sent

    done = cli("check", "--config", str(cfg), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    time.sleep(2)  # the dead process's lease on the slow source has expired by now
    cli("check", "--config", str(cfg), cwd=tmp_path)
    titles = Counter(m["title"] for m in webhook.received)
    assert titles == {"Now watching Harbor Lights": 1, "Now watching Tidewater": 1}
    assert {r.status for r in outbox(sessions)} == {"sent"}


def test_two_processes_flushing_one_outbox_send_each_alert_once(site, webhook, database_url,
                                                                 tmp_path):
    titles = [f"Show Number {i}" for i in range(40)]
    urls = {t: [site.put(f"/show/{i}", show_page(t))] for i, t in enumerate(titles)}
    cfg = write_config(tmp_path, database_url, [webhook.url], urls)
    webhook.fail_next = 10**6  # the check queues 40 alerts it cannot send
    done = cli("check", "--config", str(cfg), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert webhook.received == []
    webhook.fail_next = 0
    webhook.delay = 0.05  # sends take a moment, so the two flushers overlap
    procs = [subprocess.Popen([sys.executable, "-m", "watcher", "deliver", "--config", str(cfg)],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    received = Counter(m["title"] for m in webhook.received)
    assert received == {f"Now watching {t}": 1 for t in titles}
    sessions = open_database(load_config(cfg).database)
    assert {r.status for r in outbox(sessions)} == {"sent"}


def test_target_wrong_forever_goes_dead_others_unaffected(site, webhook, database_url, tmp_path):
    url = site.put("/harbor", page(*HARBOR_V1))
    wrong = f"json://watcher:{SECRET}@127.0.0.1:9/hook"  # nothing listens on port 9
    cfg = write_config(tmp_path, database_url, [webhook.url, wrong], {"Harbor Lights": [url]},
                       top="delivery:\n  dead_after: 2h")
    config = load_config(cfg)
    sessions = open_database(config.database)
    start = datetime.now(UTC)
    _, first = check_and_deliver(config, sessions, lambda: start, "w1")
    assert first.sent == 1 and first.failed == 1
    for hours in (0.5, 1, 1.5, 2.1):
        deliver_pending(sessions, config.targets, start + timedelta(hours=hours), "w1",
                        settings=config.delivery)
    rows = {r.target: r for r in outbox(sessions)}
    assert rows[config.targets[0].key].status == "sent"
    dead = rows[config.targets[1].key]
    assert dead.status == "dead" and dead.attempts == 5
    assert len(webhook.received) == 1  # the good target got its alert once, and only once

    status = cli("status", "--config", str(cfg), cwd=tmp_path)
    assert "1 DEAD (given up)" in status.stdout and "outbox retry" in status.stdout
    retry = cli("outbox", "retry", "--config", str(cfg), cwd=tmp_path)
    assert retry.returncode == 0 and "1 dead alert will be sent again" in retry.stdout
    assert [r.status for r in outbox(sessions) if r.target == dead.target] == ["pending"]
    deliver = cli("deliver", "--config", str(cfg), cwd=tmp_path)
    assert deliver.returncode == 1 and "delivery failed" in deliver.stderr

    everything = (status.stdout + status.stderr + retry.stdout + retry.stderr + deliver.stdout
                  + deliver.stderr + str([r.last_error for r in outbox(sessions)]))
    assert SECRET not in everything
    assert SECRET not in database_text(database_url, tmp_path)
    assert revive_dead(sessions) == 0  # nothing dead any more: it is waiting to retry
