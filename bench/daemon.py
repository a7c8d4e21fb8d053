"""How long `watcher run` takes to check N due sources with 1 and with 3 workers.

Needs the local PostgreSQL (127.0.0.1:5432, user postgres, database test); each run
gets a fresh database. Pages come from ../shared/corpus/real-html when present
(else a generated article), served by a local HTTP server with an optional delay
per response to stand in for real network latency.

    python bench/daemon.py [--sources 300] [--workers 1 3] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import func, select

from watcher.db import open_database
from watcher.db.models import SourceRow
from watcher.demo import LocalSite

ROOT = Path(__file__).resolve().parent.parent
REAL_HTML = ROOT.parent / "shared" / "corpus" / "real-html"
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


def pages(count: int) -> list[bytes]:
    files = sorted(REAL_HTML.glob("*.html")) if REAL_HTML.is_dir() else []
    if files:
        return [files[i % len(files)].read_bytes() for i in range(count)]
    body = "<p>Netflix has renewed the show for a second season. Lena Ortiz stars as June.</p>"
    return [f"<html><body><h1>Show {i}</h1>{body}</body></html>".encode() for i in range(count)]


def run(workers: int, sources: int, latency: float) -> float:
    name = f"watcher_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    site = LocalSite()
    site.delay = latency
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lines = [f"database: {url}", "notify: [console://]", "daemon:", "  tick: 1s",
                     "  batch: 50", "watches:"]
            for i, body in enumerate(pages(sources)):
                lines += [f"  - name: Show {i}", "    sources:",
                          f"      - {site.put(f'/page/{i}', body)}"]
            cfg = Path(tmp) / "watcher.yaml"
            cfg.write_text("\n".join(lines) + "\n")
            sessions = open_database(url)  # migrate first: time the checking, not the schema
            started = time.monotonic()
            procs = [subprocess.Popen([sys.executable, "-m", "watcher", "run", "--config", str(cfg)],
                                      cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for _ in range(workers)]
            while True:
                with sessions() as session:
                    done = session.scalar(select(func.count()).select_from(SourceRow).where(
                        SourceRow.last_checked_at.is_not(None)))
                if done == sources:
                    break
                time.sleep(0.1)
            elapsed = time.monotonic() - started
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(15)
            sessions.kw["bind"].dispose()
    finally:
        site.close()
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--latency", type=float, default=0.05,
                        help="seconds the local server waits before each response")
    args = parser.parse_args()
    print(f"{args.sources} due sources, {args.latency * 1000:.0f} ms server latency, "
          "time from start until every source is checked (process start included)")
    for n in args.workers:
        seconds = run(n, args.sources, args.latency)
        print(f"  {n} worker{'s' if n > 1 else ' '}: {seconds:6.1f} s  "
              f"({args.sources / seconds:5.1f} sources/s)")


if __name__ == "__main__":
    main()
