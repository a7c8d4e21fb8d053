"""`watcher run`: the long-running service.

APScheduler drives a few jobs in one process: dispatch (claim due sources,
check them), deliver (flush the outbox), prune (drop old page versions) and
watch the config file. Several processes can share one PostgreSQL database:
each claims due sources with FOR UPDATE SKIP LOCKED and a lease, so no source
is checked twice in a period and a dead worker's sources are taken over when
its leases expire. The database is the only coordinator.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from watcher.config import Config, ConfigError, load_config
from watcher.db.models import OutboxRow, SourceRow
from watcher.notify.deliver import deliver_pending
from watcher.pipeline import (
    CheckReport,
    check_claimed,
    claim_sources,
    configured_sources,
    make_fetcher,
    poll_feeds,
    prune_pages,
    sync_watches,
    upgrade_facts,
)

log = logging.getLogger("watcher.run")

STOP_GRACE = 8.0  # seconds in-flight work may take after SIGTERM (the promise is 10)


def _now() -> datetime:
    return datetime.now(UTC)


class Metrics:
    """Prometheus series, in a registry of our own (not the process-global one)."""

    def __init__(self, sessions: Callable[[], sessionmaker[Session]]) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry()
        self.checks = Counter("watcher_checks_total", "Source checks by result", ["result"],
                              registry=self.registry)
        self.fetch_seconds = Histogram("watcher_fetch_seconds", "Time to fetch one source",
                                       registry=self.registry)
        self.extract_seconds = Histogram("watcher_extract_seconds",
                                         "Time to parse and extract one page",
                                         buckets=(.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5),
                                         registry=self.registry)
        self.alerts = Counter("watcher_alerts_total", "Alert deliveries by outcome", ["outcome"],
                              registry=self.registry)
        self.feeds = Counter("watcher_feed_polls_total", "Feed polls by result", ["result"],
                             registry=self.registry)
        self.takeovers = Counter("watcher_lease_takeovers_total",
                                 "Sources taken over from a worker whose lease expired",
                                 registry=self.registry)
        self.registry.register(_DatabaseGauges(sessions))

    def render(self) -> bytes:
        from prometheus_client import generate_latest

        return generate_latest(self.registry)


class _DatabaseGauges:
    """Backlog and due sources, read from the database when Prometheus scrapes."""

    def __init__(self, sessions: Callable[[], sessionmaker[Session]]) -> None:
        self.sessions = sessions

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Any:
        from prometheus_client.core import GaugeMetricFamily

        backlog = GaugeMetricFamily("watcher_outbox_backlog", "Alerts not yet delivered",
                                    labels=["status"])
        due = GaugeMetricFamily("watcher_sources_due", "Sources whose check time has come")
        overdue = GaugeMetricFamily("watcher_sources_overdue",
                                    "Sources due for more than 5 minutes")
        now = _now()
        try:
            with self.sessions()() as session:
                for status, count in session.execute(
                        select(OutboxRow.status, func.count()).where(OutboxRow.status != "sent")
                        .group_by(OutboxRow.status)):
                    backlog.add_metric([status], count)
                due.add_metric([], session.scalar(select(func.count()).select_from(SourceRow).where(
                    SourceRow.next_check_at <= now)) or 0)
                overdue.add_metric([], session.scalar(select(func.count()).select_from(SourceRow)
                                   .where(SourceRow.next_check_at <= now - timedelta(minutes=5)))
                                   or 0)
        except Exception as exc:  # a scrape must not fail because the database is away
            log.warning("metrics: cannot read the database: %s", exc)
            return
        yield backlog
        yield due
        yield overdue


class SqliteLock:
    """On SQLite one daemon at a time: an advisory lock on a file beside the database."""

    def __init__(self, database_url: str) -> None:
        from sqlalchemy.engine import make_url

        url = make_url(database_url)
        self.path = None
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            self.path = Path(url.database).expanduser().with_suffix(".daemon.lock")
        self.handle: Any = None

    def acquire(self) -> str | None:
        """None when acquired; else the reason another daemon holds it."""
        if self.path is None:
            return None
        import fcntl

        self.handle = open(self.path, "a+")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            self.handle = None
            return (f"another `watcher run` ({holder}) already uses this SQLite database; "
                    "on SQLite one daemon does all the work. For several workers use PostgreSQL.")
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()
        return None

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


class Daemon:
    def __init__(self, config_path: Path | None, config: Config, sessions: sessionmaker[Session],
                 worker: str, http: tuple[str, int] | None = None) -> None:
        self.config_path = config_path
        self.config = config
        self.sessions = sessions
        self.worker = worker
        self.http = http
        self.stop_event = threading.Event()
        self.rng = random.Random()
        self.metrics = Metrics(lambda: self.sessions)
        self.scheduler: Any = None
        self.server: ThreadingHTTPServer | None = None
        self._config_mtime = self._mtime()
        self._reload_requested = threading.Event()
        self._lock = threading.Lock()  # one dispatch or reload at a time
        # one fetcher for the process: robots.txt answers and Retry-After holds outlive a batch
        self.fetcher = make_fetcher(config)
        with sessions() as session:
            sync_watches(session, config, _now())
        upgrade_facts(config, sessions, _now())
        with sessions() as session:
            self.watches = configured_sources(session, config)

    # --- the jobs ---------------------------------------------------------------

    def dispatch(self) -> None:
        """Claim due sources batch by batch and check them, until none is due.

        Holds the lock throughout, so a reload waits for the pass to end instead
        of changing the config or the fetcher under it.
        """
        with self._lock:
            self._poll_feeds()
            while not self.stop_event.is_set():
                report = self._dispatch_batch()
                if report is None:
                    return
                if report.messages:
                    self.deliver()

    def _poll_feeds(self) -> None:
        """Poll the due feeds, then re-read which sources to check (found ones, expired ones)."""
        if not any(w.feeds for w in self.config.watches):
            return
        for feed in poll_feeds(self.config, self.sessions, self.fetcher, _now, rng=self.rng):
            self.metrics.feeds.labels(feed.result).inc()
        with self.sessions() as session:
            self.watches = configured_sources(session, self.config, _now())

    def _dispatch_batch(self) -> CheckReport | None:
        config, watches = self.config, self.watches
        with self.sessions() as session:
            claimed = claim_sources(session, list(watches), _now(), self.worker,
                                    config.daemon.lease, limit=config.daemon.batch)
        if not claimed:
            return None
        for c in claimed:
            if c.taken_over:
                self.metrics.takeovers.inc()
                log.warning("taking over %s: its previous worker's lease expired", c.url)
        report = check_claimed(config, self.sessions, self.fetcher, claimed, watches, _now,
                               self.rng, self.stop_event)
        for s in report.sources:
            self.metrics.checks.labels(s.result).inc()
            self.metrics.fetch_seconds.observe(s.seconds)
            if s.result == "changed":
                self.metrics.extract_seconds.observe(s.extract_seconds)
        return report

    def deliver(self) -> None:
        report = deliver_pending(self.sessions, self.config.targets, _now(), self.worker,
                                 settings=self.config.delivery)
        self.metrics.alerts.labels("sent").inc(report.sent)
        self.metrics.alerts.labels("failed").inc(report.failed)
        self.metrics.alerts.labels("dead").inc(report.dead)
        for problem in report.errors:
            log.warning("delivery failed: %s", problem)

    def prune(self) -> None:
        gone = prune_pages(self.sessions, _now() - timedelta(seconds=self.config.daemon.keep_pages))
        if gone:
            log.info("pruned %d old page versions", gone)

    def watch_config(self) -> None:
        mtime = self._mtime()
        if self._reload_requested.is_set() or (mtime and mtime != self._config_mtime):
            self._reload_requested.clear()
            self._config_mtime = mtime
            self.reload()

    def reload(self) -> bool:
        """Take a changed config; keep the old one (and say why) when the new one is invalid."""
        try:
            new = load_config(self.config_path)
        except ConfigError as exc:
            log.error("the changed config is not valid, keeping the old one:\n%s", exc)
            return False
        if new.database != self.config.database:
            log.error("the database cannot change while running; restart to use %s",
                      new.database)
            return False
        with self.sessions() as session:
            sync_watches(session, new, _now())
            watches = configured_sources(session, new)
        with self._lock:
            if new.fetch != self.config.fetch:
                old, self.fetcher = self.fetcher, make_fetcher(new)
                old.close()
            self.config, self.watches = new, watches
        log.info("config reloaded: %d watches, %d sources", len(new.watches), len(watches))
        return True

    def _mtime(self) -> float | None:
        try:
            return self.config_path.stat().st_mtime if self.config_path else None
        except OSError:
            return None

    # --- health -------------------------------------------------------------------

    def health(self) -> tuple[bool, dict[str, Any]]:
        scheduler_ok = bool(self.scheduler is not None and self.scheduler.running
                            and not self.stop_event.is_set())
        try:
            with self.sessions() as session:
                session.execute(text("SELECT 1"))
            database_ok = True
        except Exception:
            database_ok = False
        ok = scheduler_ok and database_ok
        return ok, {"status": "ok" if ok else "unavailable", "scheduler": scheduler_ok,
                    "database": database_ok, "worker": self.worker}

    def _serve_http(self) -> None:
        daemon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?")[0] == "/healthz":
                    ok, body = daemon.health()
                    payload, status, ctype = json.dumps(body).encode(), 200 if ok else 503, \
                        "application/json"
                elif self.path.split("?")[0] == "/metrics":
                    from prometheus_client import CONTENT_TYPE_LATEST

                    payload, status, ctype = daemon.metrics.render(), 200, CONTENT_TYPE_LATEST
                else:
                    payload, status, ctype = b"not found: try /healthz or /metrics\n", 404, \
                        "text/plain"
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        assert self.http is not None
        self.server = ThreadingHTTPServer(self.http, Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="http", daemon=True).start()

    # --- life cycle -----------------------------------------------------------------

    def run(self) -> int:
        from apscheduler.schedulers.background import BackgroundScheduler

        tick = self.config.daemon.tick
        self.scheduler = BackgroundScheduler(timezone=UTC, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": None})
        now = _now()
        self.scheduler.add_job(self.dispatch, "interval", seconds=tick, next_run_time=now,
                               id="dispatch")
        self.scheduler.add_job(self.deliver, "interval", seconds=max(tick, 10),
                               next_run_time=now + timedelta(seconds=1), id="deliver")
        self.scheduler.add_job(self.prune, "interval", hours=1, id="prune")
        self.scheduler.add_job(self.watch_config, "interval", seconds=2, id="config")
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop_event.set())
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, lambda *_: self._reload_requested.set())
        if self.http:
            self._serve_http()
        self.scheduler.start()
        log.info("worker %s started: %d sources, checking every %ss", self.worker,
                 len(self.watches), tick)
        while not self.stop_event.wait(0.5):
            pass
        return self.shutdown()

    def shutdown(self) -> int:
        """Stop claiming; let in-flight checks commit or hand back their sources; exit."""
        log.info("stopping: no new claims; finishing what is in flight")
        self.scheduler.shutdown(wait=False)
        deadline = time.monotonic() + STOP_GRACE
        while time.monotonic() < deadline - 3 and self._jobs_running():
            time.sleep(0.1)
        self.fetcher.close()  # requests still hanging: cut them short
        while time.monotonic() < deadline and self._jobs_running():
            time.sleep(0.1)
        self._release_my_leases()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        log.info("stopped")
        return 0

    def _jobs_running(self) -> bool:
        executor = self.scheduler._executors.get("default") if self.scheduler else None
        instances = getattr(executor, "_instances", {}) if executor else {}
        return any(instances.values())

    def _release_my_leases(self) -> None:
        """Sources still leased to us go back to the pool now, not when the lease expires."""
        try:
            with self.sessions() as session:
                session.execute(text(
                    "UPDATE sources SET lease_owner = NULL, lease_until = NULL "
                    "WHERE lease_owner LIKE :me"), {"me": f"{self.worker}:%"})
                session.commit()
        except Exception as exc:
            log.warning("could not release leases: %s", exc)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                 "level": record.levelname.lower(), "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
