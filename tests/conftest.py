"""Real local servers for the tests: a news site, a webhook receiver, SMTP, PostgreSQL."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from watcher.demo import LocalSite

ROOT = Path(__file__).resolve().parent.parent
REAL_HTML = ROOT.parent / "shared" / "corpus" / "real-html"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def site() -> Iterator[LocalSite]:
    s = LocalSite()
    yield s
    s.close()


class Webhook:
    """Receives apprise json:// posts; can be told to fail the next N requests."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.fail_next = 0
        self.delay = 0.0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if hook.delay:
                    time.sleep(hook.delay)
                if hook.fail_next > 0:
                    hook.fail_next -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                hook.received.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    w = Webhook()
    yield w
    w.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """An SMTP server (aiosmtpd) on 127.0.0.1; `start=False` keeps it down until `start()`."""

    def __init__(self, start: bool = True, password: str | None = None) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.messages: list = []
        self.password = password
        self.logins: list[bool] = []
        box = self

        def authenticate(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
            ok = (auth_data.login, auth_data.password) == (b"watcher", password.encode())
            box.logins.append(ok)
            return AuthResult(success=ok)

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.port = free_port()
        auth = {"authenticator": authenticate, "auth_require_tls": False} if password else {}
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **auth)
        self.running = False
        if start:
            self.start()

    def start(self) -> None:
        self.controller.start()
        self.running = True

    @property
    def url(self) -> str:
        login = f"watcher:{self.password}@" if self.password else ""
        return (f"mailto://{login}localhost:{self.port}?to=fan@example.com"
                f"&from=watcher@example.com&mode=insecure")

    def bodies(self) -> list[str]:
        out = []
        for m in self.messages:
            part = m.get_body(preferencelist=("html", "plain"))
            out.append(part.get_content() if part else "")
        return out

    def close(self) -> None:
        if self.running:
            self.controller.stop()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    m = Mailbox()
    yield m
    m.close()


def _postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test",
                             connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def postgres_ok() -> bool:
    return _postgres_available()


@pytest.fixture
def postgres_url(postgres_ok: bool) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    if not postgres_ok:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    import psycopg

    name = f"watcher_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes this runs on SQLite and on the local PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'watcher.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def mailbox_down() -> Iterator[Mailbox]:
    """An SMTP server that is down until the test calls start()."""
    m = Mailbox(start=False, password="Smtp-s3cret-99")
    yield m
    m.close()
