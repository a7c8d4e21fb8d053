"""`watcher run` as users run it: real processes, a real local news site, real databases."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import free_port
from pages import HARBOR_V1, page
from sqlalchemy import func, select

from watcher.db import open_database
from watcher.db.models import SourceRow


def show_page(title: str) -> str:
    return page(f"{title} renewed for season 2",
                f"Netflix has renewed {title} for a second season.\n\n"
                "Lena Ortiz stars as Dr. June Calder.")


def daemon_config(path: Path, database: str, targets: list[str], watches: dict[str, list[str]],
                  lease: str = "30s") -> Path:
    lines = [f"database: {database}", "notify:", *[f"  - {t}" for t in targets],
             "daemon:", "  tick: 1s", f"  lease: {lease}", "  batch: 20", "watches:"]
    for name, urls in watches.items():
        lines += [f"  - name: {name}", "    interval: 1h", "    sources:"]
        lines += [f"      - {u}" for u in urls]
    path.write_text("\n".join(lines) + "\n")
    return path


class Worker:
    """One `watcher run` process."""

    def __init__(self, config: Path, cwd: Path, http: bool = False) -> None:
        self.port = free_port() if http else None
        args = [sys.executable, "-m", "watcher", "run", "--config", str(config)]
        if self.port:
            args += ["--http", f"127.0.0.1:{self.port}"]
        self.log = cwd / f"worker-{time.monotonic_ns()}.log"
        self.proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL,
                                     stderr=self.log.open("w"))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def wait_http(self, timeout: float = 30) -> None:
        wait_for(lambda: self._answers(), timeout, "the daemon's HTTP port")

    def _answers(self) -> bool:
        try:
            return self.get("/healthz")[0] == 200
        except OSError:
            return False

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> tuple[int, float]:
        started = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        return code, time.monotonic() - started

    @property
    def output(self) -> str:
        return self.log.read_text()


@pytest.fixture
def workers() -> Iterator[Callable[..., Worker]]:
    started: list[Worker] = []

    def start(config: Path, cwd: Path, http: bool = False) -> Worker:
        started.append(Worker(config, cwd, http))
        return started[-1]

    yield start
    for w in started:
        if w.proc.poll() is None:
            w.proc.kill()
            w.proc.wait(10)


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def checked_count(sessions) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(SourceRow).where(
            SourceRow.last_checked_at.is_not(None))) or 0


def test_three_workers_check_300_sources_exactly_once(site, postgres_url, tmp_path, workers):
    watches = {f"Show {i}": [site.put(f"/show/{i}/{j}", show_page(f"Show {i}")) for j in range(3)]
               for i in range(100)}
    cfg = daemon_config(tmp_path / "watcher.yaml", postgres_url, ["json://127.0.0.1:9/none"],
                        watches)
    started = time.monotonic()
    fleet = [workers(cfg, tmp_path) for _ in range(3)]  # they migrate the empty database together
    time.sleep(1)
    sessions = open_database(postgres_url)
    wait_for(lambda: checked_count(sessions) == 300, 120, "all 300 sources to be checked")
    elapsed = time.monotonic() - started
    time.sleep(2)  # two more ticks: nothing is due again within the hour
    for w in fleet:
        code, took = w.stop()
        assert code == 0 and took < 10, w.output
    fetched = Counter(path for path, _ in site.requests if path.startswith("/show/"))
    assert len(fetched) == 300 and set(fetched.values()) == {1}, "each source exactly once"
    per_worker = [w.output.count("checked http") for w in fleet]
    assert sum(per_worker) == 300
    print(f"300 sources, 3 workers: {elapsed:.1f} s; split {per_worker}")


def test_killed_worker_sources_are_taken_over_after_lease(site, postgres_url, tmp_path, workers):
    quick = {f"Quick {i}": [site.put(f"/quick/{i}", show_page(f"Quick {i}"))] for i in range(5)}
    slow = {"Stuck Show": [site.put("/stuck", show_page("Stuck Show"))]}
    release = site.hold("/stuck")
    cfg = daemon_config(tmp_path / "watcher.yaml", postgres_url, ["json://127.0.0.1:9/none"],
                        {**quick, **slow}, lease="3s")
    sessions = open_database(postgres_url)
    first = workers(cfg, tmp_path)
    wait_for(lambda: any(p == "/stuck" for p, _ in site.requests), 60, "the stuck fetch")
    wait_for(lambda: checked_count(sessions) == 5, 60, "the quick sources")
    first.stop(signal.SIGKILL)
    release.set()
    with sessions() as session:
        stuck = session.scalars(select(SourceRow).where(SourceRow.url.like("%/stuck"))).one()
        assert stuck.lease_owner is not None and stuck.last_checked_at is None

    second = workers(cfg, tmp_path, http=True)
    wait_for(lambda: checked_count(sessions) == 6, 60, "the stuck source to be taken over")
    second.wait_http()
    _, metrics = second.get("/metrics")
    assert b"watcher_lease_takeovers_total 1.0" in metrics
    assert "taking over" in second.output
    fetched = Counter(p for p, _ in site.requests)
    assert all(fetched[f"/quick/{i}"] == 1 for i in range(5)), "the dead worker's finished work stays done"
    assert second.stop()[0] == 0


def test_sigterm_health_metrics_and_one_daemon_per_sqlite(site, webhook, tmp_path, workers):
    url = site.put("/harbor", page(*HARBOR_V1))
    database = f"sqlite:///{tmp_path / 'w.db'}"
    cfg = daemon_config(tmp_path / "watcher.yaml", database, [webhook.url], {"Harbor Lights": [url]})
    worker = workers(cfg, tmp_path, http=True)
    worker.wait_http()
    wait_for(lambda: len(webhook.received) == 1, 30, "the baseline alert")
    assert webhook.received[0]["title"] == "Now watching Harbor Lights"

    status, body = worker.get("/healthz")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["database"] is True
    _, metrics = worker.get("/metrics")
    text = metrics.decode()
    assert 'watcher_checks_total{result="changed"} 1.0' in text
    assert 'watcher_alerts_total{outcome="sent"} 1.0' in text
    assert "watcher_fetch_seconds_count 1.0" in text and "watcher_sources_due 0.0" in text
    assert worker.get("/nope")[0] == 404

    second = workers(cfg, tmp_path)
    assert second.proc.wait(30) == 1
    assert "one daemon" in second.output and "PostgreSQL" in second.output

    code, took = worker.stop(signal.SIGTERM)
    assert code == 0 and took < 10
    log = worker.output
    assert "checked " + url in log and "Traceback" not in log


def test_sigterm_during_a_hanging_fetch_exits_in_time_and_hands_back(site, tmp_path, workers):
    url = site.put("/slow", show_page("Slow Show"))
    site.hold("/slow")
    database = f"sqlite:///{tmp_path / 'w.db'}"
    cfg = daemon_config(tmp_path / "watcher.yaml", database, ["console://"], {"Slow Show": [url]})
    worker = workers(cfg, tmp_path)
    wait_for(lambda: any(p == "/slow" for p, _ in site.requests), 30, "the fetch to start")
    code, took = worker.stop(signal.SIGTERM)
    assert code == 0 and took < 10, worker.output
    sessions = open_database(database)
    with sessions() as session:
        source = session.scalars(select(SourceRow)).one()
        assert source.lease_owner is None, "the unfinished source is handed back"
        assert source.last_checked_at is None


def test_config_reload_adds_a_watch_and_survives_a_broken_file(site, webhook, tmp_path, workers):
    first = site.put("/harbor", page(*HARBOR_V1))
    database = f"sqlite:///{tmp_path / 'w.db'}"
    cfg = daemon_config(tmp_path / "watcher.yaml", database, [webhook.url],
                        {"Harbor Lights": [first]})
    worker = workers(cfg, tmp_path, http=True)
    wait_for(lambda: len(webhook.received) == 1, 30, "the first watch's baseline")

    good_text = cfg.read_text()
    cfg.write_text(good_text.replace("interval: 1h", "intervall: 1h"))  # a typo: kept old config
    wait_for(lambda: "keeping the old one" in worker.output, 30, "the rejected reload")
    assert "did you mean 'interval'" in worker.output
    assert worker.get("/healthz")[0] == 200

    second = site.put("/tidewater", show_page("Tidewater"))
    daemon_config(cfg, database, [webhook.url], {"Harbor Lights": [first], "Tidewater": [second]})
    os.kill(worker.proc.pid, signal.SIGHUP)
    wait_for(lambda: len(webhook.received) == 2, 30, "the new watch's baseline")
    assert webhook.received[1]["title"] == "Now watching Tidewater"
    assert worker.stop()[0] == 0
