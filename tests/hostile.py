"""Local servers that misbehave on purpose, for the fetcher's tests (127.0.0.1 only).

`Server` is a threaded HTTP/1.1 server whose paths are set from code and which
logs every request and counts how many run at once, per Host header and in all
(so "127.0.0.1" and "localhost" act as two hosts). `RawServer` hands each
accepted socket to a function, for what http.server will not do (drip-feeding,
a wrong Content-Length, never answering).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Hit:
    host: str  # the Host header without the port
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()
    client_port: int


Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """Paths -> handlers; a log of hits; max concurrent requests per host and overall."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.active: dict[str, int] = {}
        self.max_active: dict[str, int] = {}
        self.total = 0
        self.max_total = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive
            disable_nagle_algorithm = True  # else each response waits 40 ms for a delayed ACK

            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                except (ConnectionResetError, BrokenPipeError):  # the client hung up: fine
                    self.close_connection = True

            def do_GET(self) -> None:
                host = self.headers.get("Host", "").rsplit(":", 1)[0]
                with server.lock:
                    server.hits.append(Hit(host, self.path, dict(self.headers), time.monotonic(),
                                           self.client_address[1]))
                    server.active[host] = server.active.get(host, 0) + 1
                    server.max_active[host] = max(server.max_active.get(host, 0), server.active[host])
                    server.total += 1
                    server.max_total = max(server.max_total, server.total)
                self.counted: str | None = host
                try:
                    route = server.routes.get(self.path.split("?")[0])
                    if route is None:
                        send(self, 404, b"not found", "text/plain")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                finally:
                    self.leave()

            def end_headers(self) -> None:
                # No longer active once the answer goes out: the client may start its next
                # request the moment it has this one, before this thread runs again.
                self.leave()
                super().end_headers()

            def leave(self) -> None:
                host, self.counted = getattr(self, "counted", None), None
                if host is not None:
                    with server.lock:
                        server.active[host] -= 1
                        server.total -= 1

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def page(self, path: str, body: bytes | str, status: int = 200,
             content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None,
             delay: float = 0.0) -> str:
        """Serve a fixed response at `path` (after `delay` seconds); returns its URL."""
        data = body.encode() if isinstance(body, str) else body

        def route(h: BaseHTTPRequestHandler) -> None:
            if delay:
                self.stopping.wait(delay)
            send(h, status, data, content_type, headers)

        self.routes[path] = route
        return self.url(path)

    def paths(self, host: str | None = None) -> list[str]:
        with self.lock:
            return [h.path for h in self.hits if host is None or h.host == host]

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str | None = "text/html",
         headers: dict[str, str] | None = None) -> None:
    if "Date" in (headers or {}):  # the test's own clock
        h.send_response_only(status)
    else:
        h.send_response(status)
    if content_type:
        h.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    if "Content-Length" not in (headers or {}):
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


class RawServer:
    """Accepts on 127.0.0.1 and runs `behaviour(conn, path, stopping)` per connection, in a thread."""

    def __init__(self, behaviour: Callable[[socket.socket, str, threading.Event], None]) -> None:
        self.behaviour = behaviour
        self.stopping = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            with conn:
                request = read_request(conn)
                parts = request.split(b" ", 2)
                path = parts[1].decode("latin-1") if len(parts) > 1 else ""
                self.behaviour(conn, path, self.stopping)
        except OSError:
            pass

    def close(self) -> None:
        self.stopping.set()
        self.sock.close()


def read_request(conn: socket.socket) -> bytes:
    """Read up to the end of the request headers (GET only: no body)."""
    data = b""
    conn.settimeout(5)
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data
