"""Alerts about sources (broken, recovered) and digests, against real local servers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from helpers import write_config
from pages import HARBOR_V1, NIGHTFALL_V1, NIGHTFALL_V2, page
from sqlalchemy import select

from watcher.config import load_config
from watcher.db import open_database
from watcher.db.models import OutboxRow, SourceRow
from watcher.notify.deliver import deliver_pending
from watcher.pipeline import check_and_deliver

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday


def test_source_reported_broken_once_and_recovered_once(site, webhook, database_url, tmp_path):
    good = site.put("/harbor", page(*HARBOR_V1))
    flaky = site.put("/nightfall", page(*NIGHTFALL_V1))
    config = load_config(write_config(
        tmp_path, database_url, [webhook.url], {"Harbor Lights": [good], "Nightfall 2": [flaky]},
        top="daemon:\n  failure_threshold: 3"))
    sessions = open_database(config.database)
    now = START
    check_and_deliver(config, sessions, lambda: now, "w1")
    assert sorted(m["title"] for m in webhook.received) == [
        "Now watching Harbor Lights", "Now watching Nightfall 2"]

    site.put("/nightfall", "<h1>upstream error</h1>", status=500)
    for _ in range(6):  # threshold 3: one alert at the third failure, none before or after
        now += timedelta(hours=1)
        check_and_deliver(config, sessions, lambda at=now: at, "w1")
    health = [m for m in webhook.received if "source" in m["title"]]
    assert [m["title"] for m in health] == ["Nightfall 2: source broken"]
    assert "3 failed checks in a row" in health[0]["message"]
    assert "2026-03-02 09:30 UTC" in health[0]["message"]  # the last good fetch
    assert "HTTP 500" in health[0]["message"] and flaky in health[0]["message"]
    with sessions() as session:
        source = session.scalars(select(SourceRow).where(SourceRow.url == flaky)).one()
        assert source.failures == 6 and source.broken_since is not None

    site.put("/nightfall", page(*NIGHTFALL_V1))
    for _ in range(2):
        now += timedelta(hours=1)
        check_and_deliver(config, sessions, lambda at=now: at, "w1")
    health = [m["title"] for m in webhook.received if "source" in m["title"]]
    assert health == ["Nightfall 2: source broken", "Nightfall 2: source recovered"]
    assert len(webhook.received) == 4  # the page is back unchanged: no fact alert
    with sessions() as session:
        source = session.scalars(select(SourceRow).where(SourceRow.url == flaky)).one()
        assert source.failures == 0 and source.broken_since is None


def test_robots_disallowed_source_is_reported_not_failed(site, webhook, database_url, tmp_path):
    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    url = site.put("/private/harbor", page(*HARBOR_V1))
    config = load_config(write_config(tmp_path, database_url, [webhook.url],
                                      {"Harbor Lights": [url]},
                                      top="daemon:\n  failure_threshold: 1"))
    sessions = open_database(config.database)
    for hour in range(3):
        check_and_deliver(config, sessions, lambda h=hour: START + timedelta(hours=h), "w1")
    with sessions() as session:
        source = session.scalars(select(SourceRow)).one()
        assert source.last_status == "disallowed"
        assert "robots.txt" in (source.last_error or "")
        assert source.failures == 0 and source.broken_since is None
    assert webhook.received == []  # no facts, and not a broken server
    assert not any(path.startswith("/private/") for path, _ in site.requests)


def test_daily_digest_collects_alerts_into_one_message(site, webhook, database_url, tmp_path):
    nightfall = site.put("/nightfall", page(*NIGHTFALL_V1))
    harbor = site.put("/harbor", page(*HARBOR_V1))
    target = f"{{url: '{webhook.url}', digest: daily, timezone: Europe/Berlin}}"
    config = load_config(write_config(tmp_path, database_url, [target],
                                      {"Nightfall 2": [nightfall], "Harbor Lights": [harbor]}))
    sessions = open_database(config.database)
    now = START
    check_and_deliver(config, sessions, lambda: now, "w1")
    site.put("/nightfall", page(*NIGHTFALL_V2))
    now += timedelta(hours=2)
    check_and_deliver(config, sessions, lambda: now, "w1")
    assert webhook.received == []  # nothing before the digest time
    with sessions() as session:
        due = {r.next_attempt_at.replace(tzinfo=UTC) for r in session.scalars(select(OutboxRow))}
    assert due == {datetime(2026, 3, 3, 7, 0, tzinfo=UTC)}  # 08:00 in Berlin, the next morning

    report = deliver_pending(sessions, config.targets, datetime(2026, 3, 3, 7, 1, tzinfo=UTC), "w1")
    assert report.sent == 3
    [digest] = webhook.received
    assert digest["title"] == "watcher digest: 3 alerts about 2 titles"
    body = digest["message"]
    assert body.index("Now watching Nightfall 2") < body.index("Daniel Okafor cast as Captain Reyes")
    assert "Now watching Harbor Lights" in body
    # sent once: a second pass finds nothing
    assert deliver_pending(sessions, config.targets, datetime(2026, 3, 4, 7, 1, tzinfo=UTC),
                           "w1").sent == 0
    assert len(webhook.received) == 1


def test_failed_digest_is_retried_whole(site, webhook, database_url, tmp_path):
    harbor = site.put("/harbor", page(*HARBOR_V1))
    target = f"{{url: '{webhook.url}', digest: '0 18 * * fri'}}"
    config = load_config(write_config(tmp_path, database_url, [target], {"Harbor Lights": [harbor]}))
    sessions = open_database(config.database)
    check_and_deliver(config, sessions, lambda: START, "w1")
    friday = datetime(2026, 3, 6, 18, 0, 30, tzinfo=UTC)
    webhook.fail_next = 1
    assert deliver_pending(sessions, config.targets, friday, "w1").failed == 1
    assert deliver_pending(sessions, config.targets, friday + timedelta(minutes=5), "w1").sent == 1
    assert [m["title"] for m in webhook.received] == ["watcher digest: 1 alert about 1 title"]


def test_digest_setting_is_checked(tmp_path):
    import pytest

    from watcher.config import ConfigError

    path = write_config(tmp_path, "sqlite:///x.db", ["{url: 'json://127.0.0.1:9/', digest: sometimes}"],
                        {"Harbor Lights": ["http://127.0.0.1:9/"]})
    with pytest.raises(ConfigError, match="neither hourly, daily, weekly nor a crontab"):
        load_config(path)


def test_status_shows_broken_and_disallowed_sources(site, database_url, tmp_path):
    from helpers import cli

    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    hidden = site.put("/private/harbor", page(*HARBOR_V1))
    down = site.put("/nightfall", "gone wrong", status=503)
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path / 'w.db'}", ["console://"],
                       {"Harbor Lights": [hidden], "Nightfall 2": [down]},
                       top="daemon:\n  failure_threshold: 2")
    for _ in range(2):
        assert cli("check", "--config", str(cfg), cwd=tmp_path).returncode == 1
    status = cli("status", "--config", str(cfg), cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    text = " ".join(status.stdout.split())
    assert "DISALLOWED (robots.txt): not fetched" in text
    assert "BROKEN since" in text and "HTTP 503" in text
