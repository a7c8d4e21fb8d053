"""A config file to alerts, against real local servers, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers import cli, write_config
from pages import HARBOR_V1, NIGHTFALL_V1, NIGHTFALL_V2, NIGHTFALL_V3, page
from sqlalchemy import select

from watcher.cli import run_check
from watcher.config import load_config
from watcher.db import open_database
from watcher.db.models import OutboxRow, SourceRow, TitleStateRow


class Run:
    """`watcher check` in-process, collecting what the console target prints."""

    def __init__(self, config_path: Path) -> None:
        self.config = load_config(config_path)
        self.sessions = open_database(self.config.database)
        self.console: list[str] = []

    def check(self):  # type: ignore[no-untyped-def]
        return run_check(self.config, self.sessions, quiet=True, console=self.console.append)

    def close(self) -> None:
        self.sessions.kw["bind"].dispose()


@pytest.fixture
def run_factory():  # type: ignore[no-untyped-def]
    runs: list[Run] = []

    def make(path: Path) -> Run:
        runs.append(Run(path))
        return runs[-1]

    yield make
    for r in runs:
        r.close()


def test_baseline_noise_cast_and_date_alerts(site, webhook, mailbox, database_url, tmp_path,
                                             run_factory):
    url = site.put("/nightfall", page(*NIGHTFALL_V1))
    cfg = write_config(tmp_path, database_url, [webhook.url, mailbox.url],
                       {"Nightfall 2": [url]})
    run = run_factory(cfg)

    # first check: one summary per target, not one alert per fact
    report = run.check()
    assert not report.failed
    assert len(webhook.received) == 1 and len(mailbox.messages) == 1
    first = webhook.received[0]
    assert first["title"] == "Now watching Nightfall 2"
    assert "Zoe Park as Mara Quinn" in first["message"]
    assert "Captain Reyes" in first["message"]
    assert "not announced" in first["message"]

    # the ads, comment count and trending box change: nothing is sent
    site.put("/nightfall", page(*NIGHTFALL_V1, ad="Subscribe today", comments=99,
                                trending="<li>Another Film premieres June 3</li>"))
    report = run.check()
    assert report.changes == 0
    assert len(webhook.received) == 1 and len(mailbox.messages) == 1

    # casting news
    site.put("/nightfall", page(*NIGHTFALL_V2))
    run.check()
    assert len(webhook.received) == 2 and len(mailbox.messages) == 2
    cast_alert = webhook.received[1]
    assert "Daniel Okafor cast as Captain Reyes" in cast_alert["message"]
    # evidence: a sentence of the page itself (the headline or the body) that says it
    quoted = [line.strip().strip('"') for line in cast_alert["message"].splitlines()
              if line.strip().startswith('"')]
    assert any("Daniel Okafor" in q and "Captain Reyes" in q and q in page(*NIGHTFALL_V2)
               for q in quoted), quoted
    assert url in cast_alert["message"]  # link
    assert "Daniel Okafor cast as Captain Reyes" in mailbox.bodies()[1]

    # the release date
    site.put("/nightfall", page(*NIGHTFALL_V3, published="2025-06-01"))
    run.check()
    assert len(webhook.received) == 3
    date_alert = webhook.received[2]["message"]
    assert "Release date announced: 16 October 2026 (was: not announced)" in date_alert
    assert "October 16, 2026" in date_alert
    mail = mailbox.messages[2]
    assert "Release date announced" in mail["Subject"]
    assert "<blockquote>" in mailbox.bodies()[2]  # mail is sent as HTML

    # the same page again: no alert, and the page is not re-parsed
    run.check()
    assert len(webhook.received) == 3
    with run.sessions() as session:
        statuses = session.scalars(select(OutboxRow.status)).all()
        assert statuses and set(statuses) == {"sent"}
        source = session.scalars(select(SourceRow)).one()
        assert source.last_status == "unchanged"


def test_dead_source_fails_check_but_others_are_processed(site, webhook, database_url, tmp_path,
                                                          run_factory):
    good = site.put("/harbor", page(*HARBOR_V1))
    dead = "http://127.0.0.1:9/nothing-listens-here"
    missing = site.url("/gone")  # 404
    cfg = write_config(tmp_path, database_url, [webhook.url],
                       {"Harbor Lights": [dead, good, missing]})
    run = run_factory(cfg)
    report = run.check()
    assert {s.url for s in report.failed} == {dead, missing}
    assert len(webhook.received) == 1
    assert "Lena Ortiz as Dr. June Calder" in webhook.received[0]["message"]
    with run.sessions() as session:
        rows = {s.url: s for s in session.scalars(select(SourceRow))}
    assert rows[missing].last_error == "HTTP 404 Not Found"
    assert rows[dead].failures == 1 and rows[dead].last_error
    assert rows[good].last_error is None


def test_failed_webhook_is_retried_not_lost(site, webhook, tmp_path, run_factory):
    url = site.put("/harbor", page(*HARBOR_V1))
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path / 'w.db'}", [webhook.url],
                       {"Harbor Lights": [url]})
    run = run_factory(cfg)
    webhook.fail_next = 1
    run.check()
    assert webhook.received == []
    with run.sessions() as session:
        row = session.scalars(select(OutboxRow)).one()
        assert row.status == "failed" and row.attempts == 1 and row.last_error
        row.next_attempt_at = None  # due now, instead of in ~20 s
        session.commit()
    run.check()
    assert len(webhook.received) == 1
    assert webhook.received[0]["title"] == "Now watching Harbor Lights"


def test_tags_route_watches_to_targets(site, webhook, tmp_path, run_factory):
    url = site.put("/harbor", page(*HARBOR_V1))
    cfg = tmp_path / "watcher.yaml"
    cfg.write_text(f"""
database: sqlite:///{tmp_path / 'w.db'}
notify:
  - url: {webhook.url}
    tags: [film]
  - console://
watches:
  - name: Harbor Lights
    tags: [tv]
    sources: [{url}]
""")
    run = run_factory(cfg)
    run.check()
    assert webhook.received == []  # tagged film; the watch is tv
    assert any("Now watching Harbor Lights" in text for text in run.console)


def test_cli_check_exit_codes_status_and_history(site, tmp_path):
    good = site.put("/nightfall", page(*NIGHTFALL_V2))
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path / 'w.db'}", ["console://"],
                       {"Nightfall 2": [good]})
    done = cli("check", "--config", str(cfg), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Now watching Nightfall 2" in done.stdout

    site.put("/nightfall", page(*NIGHTFALL_V3, published="2025-06-01"))
    assert cli("check", "--config", str(cfg), cwd=tmp_path).returncode == 0

    status = cli("status", "--config", str(cfg), cwd=tmp_path)
    assert status.returncode == 0
    assert "16 October 2026" in status.stdout and "Daniel Okafor as Captain Reyes" in status.stdout
    history = cli("history", "Nightfall 2", "--config", str(cfg), cwd=tmp_path)
    lines = history.stdout.splitlines()
    assert "Release date announced" in lines[0]  # newest first
    assert any("it will be released in theaters on October 16, 2026" in line for line in lines)

    site.put("/nightfall", b"gone", status=410, content_type="text/plain")
    failed = cli("check", "--config", str(cfg), cwd=tmp_path)
    assert failed.returncode == 1
    assert "HTTP 410" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_config_is_found_in_the_default_places(site, tmp_path):
    url = site.put("/harbor", page(*HARBOR_V1))
    (tmp_path / "config").mkdir()
    write_config(tmp_path / "config", f"sqlite:///{tmp_path / 'w.db'}", ["console://"],
                 {"Harbor Lights": [url]})
    done = cli("check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Now watching Harbor Lights" in done.stdout
    nothing = cli("check", cwd=tmp_path / "config" / "..")  # config/watcher.yaml is found
    assert nothing.returncode == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = cli("check", cwd=empty)
    assert missing.returncode == 2 and "no config file" in missing.stderr


def test_secrets_from_environment_never_printed(site, webhook, tmp_path):
    url = site.put("/harbor", page(*HARBOR_V1))
    cfg = tmp_path / "watcher.yaml"
    cfg.write_text(f"""
database: sqlite:///{tmp_path / 'w.db'}
notify:
  - mailto://watcher:${{SMTP_PASSWORD}}@127.0.0.1:9?to=a@example.com&from=b@example.com
watches:
  - name: Harbor Lights
    sources: [{url}]
""")
    done = cli("check", "--config", str(cfg), cwd=tmp_path, env={"SMTP_PASSWORD": "hunter2secret"})
    status = cli("status", "--config", str(cfg), cwd=tmp_path,
                  env={"SMTP_PASSWORD": "hunter2secret"})
    assert "hunter2secret" not in done.stdout + done.stderr + status.stdout + status.stderr
    assert "not yet delivered" in status.stdout  # the mail server is down: kept for retry
    assert b"hunter2secret" not in (tmp_path / "w.db").read_bytes()


def test_extractor_upgrade_rebaselines_silently_but_real_change_alerts(site, webhook, database_url,
                                                                       tmp_path, run_factory,
                                                                       monkeypatch):
    import watcher.extract
    import watcher.pipeline as pipeline
    from watcher.model import CastMember

    url = site.put("/harbor", page(*HARBOR_V1))
    cfg = write_config(tmp_path, database_url, [webhook.url], {"Harbor Lights": [url]})
    run = run_factory(cfg)
    run.check()
    assert [m["title"] for m in webhook.received] == ["Now watching Harbor Lights"]

    # a new extractor that reads one more actor out of the very same page ...
    original = watcher.extract.extract

    def better(article, target):  # type: ignore[no-untyped-def]
        facts = original(article, target)
        found = CastMember("Omar Reyes", "Felix Hart", "confirmed", ("Omar Reyes plays Felix Hart.",))
        return replace(facts, cast=(*facts.cast, found))

    monkeypatch.setattr(watcher.extract, "extract", better)
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", pipeline.EXTRACTOR_VERSION + 1)
    # ... arrives together with real news on the page
    site.put("/harbor", page("Harbor Lights sets its season 2 premiere",
                             "Netflix has announced that Harbor Lights season 2 premieres on "
                             "March 3, 2026.\n\nLena Ortiz stars as Dr. June Calder.",
                             published="2025-11-02"))
    report = run.check()
    assert report.changes == 1
    assert len(webhook.received) == 2
    alert = webhook.received[1]
    assert alert["title"] == ("Harbor Lights: Release date announced: 3 March 2026 on Netflix "
                              "(was: not announced)")
    assert "Omar Reyes" not in alert["message"]  # the upgrade's own finding is no news
    with run.sessions() as session:
        state = session.scalars(select(TitleStateRow)).one()
        assert state.extractor_version == pipeline.EXTRACTOR_VERSION
        assert any(c["actor"] == "Omar Reyes" for c in state.state["cast"])


def test_old_pages_pruned_but_the_current_version_kept(site, webhook, database_url, tmp_path):
    from datetime import UTC, datetime, timedelta

    from watcher.db.models import PageRow
    from watcher.pipeline import check_and_deliver

    url = site.put("/nightfall", page(*NIGHTFALL_V1))
    config = load_config(write_config(tmp_path, database_url, [webhook.url], {"Nightfall 2": [url]},
                                      top="daemon:\n  keep_pages: 7d"))
    sessions = open_database(config.database)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day, version in ((0, NIGHTFALL_V1), (1, NIGHTFALL_V2), (2, NIGHTFALL_V1), (30, NIGHTFALL_V1)):
        site.put("/nightfall", page(*version))  # V1, V2, back to V1 (not stored twice), unchanged
        check_and_deliver(config, sessions, lambda d=day: start + timedelta(days=d), "w1")
    with sessions() as session:
        kept = session.scalars(select(PageRow)).all()
        source = session.scalars(select(SourceRow)).one()
    # V2 is older than 7 days and gone; V1 is as old, but it is what the facts come from
    assert [p.content_hash for p in kept] == [source.content_hash]
    assert len(webhook.received) == 2  # baseline, Okafor cast; V1 again retracts nothing


def test_a_new_database_gets_the_schema_the_migrations_build(database_url):
    """A new database is made from the models and stamped at the head, without alembic; the
    migrations take it down to nothing and build it again, and what they build is the models'
    schema (alembic's autogenerate finds no difference)."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config as AlembicConfig
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from watcher.db import MIGRATIONS, _at_head, make_engine
    from watcher.db.models import Base

    open_database(database_url).kw["bind"].dispose()
    engine = make_engine(database_url)
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        assert _at_head(engine)
        with engine.begin() as connection:
            assert set(inspect(connection).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "base")
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
            command.upgrade(cfg, "head")
        assert _at_head(engine)
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_schema_is_migrated_once_then_recognised_as_current(database_url):
    """A database at the newest migration is opened without running alembic again; an older
    one is brought up to date (alembic's own view of the head is the reference)."""
    from alembic import command
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from watcher.db import MIGRATIONS, _at_head, head_revision, make_engine

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()

    engine = make_engine(database_url)
    try:
        assert not _at_head(engine)  # empty: no alembic_version table yet
        open_database(database_url).kw["bind"].dispose()
        assert _at_head(engine)
        with engine.begin() as connection:  # a database of the previous release
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "-1")
        assert not _at_head(engine)
        open_database(database_url).kw["bind"].dispose()
        assert _at_head(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM feeds")).scalar() == 0
    finally:
        engine.dispose()
