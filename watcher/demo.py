"""`watcher demo`: the whole path of a check, offline, in a few seconds."""

from __future__ import annotations

import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rich.console import Console

from watcher.config import Config, FetchSettings, Source, Target, Watch
from watcher.demo_pages import WATCH_ALIASES, WATCH_NAME, render_page


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a timeout, a killed process) is not news."""


class LocalSite:
    """A web server on 127.0.0.1 whose pages are set from code (the demo's and the tests')."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.held: dict[str, threading.Event] = {}
        self.delay = 0.0  # seconds before every answer: network latency, for benchmarks
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                held = site.held.get(self.path)
                if held is not None:
                    held.wait(60)
                if site.delay:
                    time.sleep(site.delay)
                status, body, ctype = site.pages.get(self.path, (404, b"not found", "text/plain"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def put(self, path: str, body: bytes | str, status: int = 200,
            content_type: str = "text/html; charset=utf-8") -> str:
        """Serve this body at this path from now on; returns the page's URL."""
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, data, content_type)
        return self.url(path)

    def hold(self, path: str) -> threading.Event:
        """Requests for this path wait until the returned event is set (a slow source)."""
        self.held[path] = threading.Event()
        return self.held[path]

    def close(self) -> None:
        for event in self.held.values():
            event.set()
        self.server.shutdown()
        self.server.server_close()


PAGE_PATH = "/tv/bosch-spinoff"


STEPS = (
    (0, 0, "First check: the spin-off is untitled, uncast and undated"),
    (0, 1, "The page's ads, trending box and comment count change (nothing to say)"),
    (1, 1, "The article is updated: a lead is cast"),
    (2, 2, "The article is updated again: a title and a premiere date"),
)


def run_demo(console: Console, keep: Path | None = None) -> int:
    from datetime import UTC, datetime

    from watcher.db import open_database
    from watcher.pipeline import check_and_deliver

    with tempfile.TemporaryDirectory(prefix="watcher-demo-") as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        database = folder / "demo.db"
        database.unlink(missing_ok=True)
        site = LocalSite()
        try:
            url = site.put(PAGE_PATH, render_page(0))
            config = Config(
                database=f"sqlite:///{database}",
                notify=(Target(url="console://"),),
                watches=(Watch(name=WATCH_NAME, aliases=WATCH_ALIASES,
                               sources=(Source(url=url, authority="news"),)),),
                fetch=FetchSettings(timeout=5),
            )
            sessions = open_database(config.database)
            console.print(f"Serving a news page at {url}; watching [bold]{WATCH_NAME}[/] "
                          f"(aka {', '.join(WATCH_ALIASES)}).", markup=True)
            for number, (version, noise, label) in enumerate(STEPS, 1):
                site.put(PAGE_PATH, render_page(version, noise))
                console.rule(f"check {number}: {label}")
                report, _ = check_and_deliver(
                    config, sessions, lambda: datetime.now(UTC), "demo",
                    console=lambda text: console.print(text, markup=False))
                if report.failed:
                    console.print(f"check failed: {report.failed[0].error}")
                    return 1
                if report.changes == 0:
                    console.print("(no alert: no fact changed)")
            sessions.kw["bind"].dispose()
        finally:
            site.close()
        if keep:
            console.print(f"\nThe demo database is kept in {database}; try "
                          f"`watcher status` or `watcher history` with database: sqlite:///{database}")
    return 0
