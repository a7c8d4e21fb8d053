"""Fetching pages: polite (robots.txt, Crawl-delay, Retry-After, per-host limits)
and bounded (deadline, size, decompressed size, redirects) against hostile servers.

The edge of the system: the only module that talks HTTP to sources. One shared
httpx.Client keeps connections alive across sources; `fetch_many` runs requests
on a thread pool over it.

"Host" below means an origin, scheme://host[:port], the scope of one robots.txt.

The whole-request deadline is enforced inside every socket read and write (a
thread-local deadline read by a wrapped httpcore network backend). Caveat: with
HTTP/2 (on only when `h2` is installed) several requests share one connection,
and a request that hits its deadline mid-read fails the connection for the other
requests to that host too; they are then reported as network errors.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import ipaddress
import logging
import math
import queue
import socket
import ssl
import threading
import time
import urllib.request
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from watcher import __version__, robots

log = logging.getLogger(__name__)

USER_AGENT = f"watcher/{__version__} (release-status watcher; +https://github.com/watcher-dev/watcher)"
MAX_REDIRECTS = 10
MAX_WAIT = 3600.0  # the longest Retry-After we honour
MAX_CRAWL_DELAY = 60.0  # the longest Crawl-delay we honour
SHORT_WAIT = 2.0  # waits up to this long are waited out; longer ones are reported at once
_REDIRECTS = (301, 302, 303, 307, 308)
_DRAIN_BYTES = 64 * 1024
_ODD_LOCATION = "watcher.location"


def _set_aside_odd_location(response: httpx.Response) -> None:
    """Response hook: hide a Location that is not http(s) from httpx.

    httpx builds the next request of a redirect even when not following it, and
    raises on a Location it cannot parse (javascript:alert(1)) before we see the
    response; `_one` turns the set-aside value into a clear error instead.
    """
    location = response.headers.get("location")
    if location is None or response.status_code not in _REDIRECTS:
        return
    target = urljoin(str(response.url), location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        response.extensions[_ODD_LOCATION] = location
        del response.headers["location"]


# --- which addresses a link found in a feed may point at ---------------------------

RESOLVE_TIMEOUT = 5.0


def _refused_address(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for what in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{what}"):
            return f"{ip} is a {what.replace('_', '-')} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def _resolve(host: str, port: int) -> list[str]:
    """The host's addresses, within RESOLVE_TIMEOUT (getaddrinfo has no timeout of its own)."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="watcher-resolve")
    try:
        future = pool.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        infos = future.result(timeout=RESOLVE_TIMEOUT)
    finally:
        pool.shutdown(wait=False)
    return sorted({str(info[4][0]) for info in infos})


def address_refusal(url: str, resolve: Callable[[str, int], list[str]] | None = None) -> str | None:
    """Why a link found in a feed may not be fetched, or None when every address is public.

    A feed is someone else's text: a link in it must not make us request
    loopback, private, link-local or other non-public addresses (the admin
    page of a router, a cloud metadata service). A host is refused when ANY of
    its addresses is non-public, and when it cannot be resolved at all.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").strip("[]")
    if not host:
        return "no host"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "invalid port"
    return _checked_addresses(host, port, resolve or _resolve)[1]


def _checked_addresses(host: str, port: int, resolve: Callable[[str, int], list[str]],
                       ) -> tuple[list[str], str | None]:
    """The host's addresses, and why it is refused when any is not public (or none is known)."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        addresses = [host]
    except ValueError:
        try:
            addresses = resolve(host, port)
        except (OSError, TimeoutError, UnicodeError) as exc:
            return [], f"cannot resolve {host}: {exc or type(exc).__name__}"
        if not addresses:
            return [], f"{host} has no address"
    for address in addresses:
        reason = _refused_address(address)
        if reason:
            return addresses, f"{host}: {reason}" if address != host else reason
    return addresses, None


@dataclass(frozen=True)
class FetchRequest:
    """One page to fetch; `key` is the caller's own id, handed back with the result."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    key: object = None
    public_only: bool = False  # every hop (redirects too) must pass address_refusal


@dataclass(frozen=True)
class Fetched:
    """The outcome of one fetch: a body, 'not modified', or an error.

    `retry_after`: seconds the host asked us to wait (429/503 Retry-After, capped),
    or that remain of such a wait; `disallowed`: robots.txt forbids the URL.
    """

    url: str
    status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    seconds: float = 0.0
    retry_after: float | None = None
    disallowed: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @functools.cached_property
    def content_hash(self) -> str:
        """Computed once: several steps compare it, and pages are large."""
        return hashlib.sha256(self.body).hexdigest()

    def without_body(self) -> Fetched:
        """The same result, its hash kept, without the body (once that is read and packed)."""
        light = dataclasses.replace(self, body=b"")
        light.__dict__["content_hash"] = self.content_hash  # where cached_property keeps it
        return light


class TooLarge(Exception):
    pass


class _Failed(Exception):
    """A fetch that ends in an error Fetched (raised deep, caught once)."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None,
                 disallowed: bool = False) -> None:
        super().__init__(message)
        self.status, self.retry_after, self.disallowed = status, retry_after, disallowed


# --- a deadline for the whole request, enforced at every socket read and write ---
#
# httpx's read timeout restarts at every read, so a server that drips one byte a
# second never trips it, and a check between body chunks never runs while the
# headers are dripping. The network backend below caps every socket operation at
# what is left of the calling thread's deadline.

_local = threading.local()


def _left(timeout: float | None, exc: type[Exception]) -> float | None:
    deadline: float | None = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("the deadline for the whole request passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(
            ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        if getattr(_local, "public_only", False):
            host = _public_address(host, port)
        return _DeadlineStream(self._backend.connect_tcp(
            host, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._backend.connect_unix_socket(
            path, _left(timeout, httpcore.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _public_address(host: str, port: int) -> str:
    """The address to connect to, resolved and checked right here (DNS rebinding: a name that
    was public when the URL was checked may point elsewhere a moment later)."""
    addresses, refusal = _checked_addresses(host, port, _resolve)
    if refusal:
        raise httpcore.ConnectError(f"refused: {refusal} (when connecting)")
    return addresses[0]


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One for all Fetchers: loading the CA bundle takes ~50-80 ms, and the daemon makes many."""
    return httpx.create_ssl_context()


class _LazyTLSPool(httpcore.ConnectionPool):
    """httpcore's connection pool, which loads the CA bundle with its first https connection.

    Not before: a check whose sources are all plain http never needs it, and
    loading it (~50 ms of CPU) was 5-8% of such a check when nothing had changed.
    """

    def create_connection(self, origin: httpcore.Origin) -> httpcore.ConnectionInterface:
        if origin.scheme == b"https" and self._ssl_context is None:
            self._ssl_context = _ssl_context()
        return super().create_connection(origin)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses the deadline backend."""

    def __init__(self, limits: httpx.Limits, http2: bool) -> None:
        # The pool httpx builds here is replaced below: give it a context that trusts
        # nothing (no CA bundle loaded) rather than load the bundle for nothing.
        super().__init__(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), limits=limits, http2=http2)
        self._pool = _LazyTLSPool(
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True, http2=http2,
            network_backend=_DeadlineBackend(),
        )


def _env_proxies() -> bool:
    proxies = urllib.request.getproxies()
    return any(k in proxies for k in ("http", "https", "all"))


# --- decompression that stops at the size limit (a gzip bomb inflates 1000:1) ---

class _Inflater:
    """gzip/deflate decoder whose output per feed is bounded by the caller."""

    def __init__(self, encoding: str) -> None:
        self._raw_fallback = encoding == "deflate"
        self._wbits = 32 + zlib.MAX_WBITS  # gzip or zlib header, detected
        self._z = zlib.decompressobj(self._wbits)
        self._started = False
        self._after_member = False
        self._done = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate `data`, returning at most room + 1 bytes (one more shows the overflow)."""
        out = bytearray()
        while data and not self._done and len(out) <= room:
            try:
                out += self._z.decompress(data, room + 1 - len(out))
            except zlib.error:
                if self._after_member:  # junk after a whole gzip member: ignored, as browsers do
                    self._done = True
                    break
                if self._started or not self._raw_fallback:
                    raise httpx.DecodingError("the compressed body is corrupt") from None
                self._raw_fallback = False  # 'deflate' without the zlib header
                self._wbits = -zlib.MAX_WBITS
                self._z = zlib.decompressobj(self._wbits)
                continue
            self._started, self._after_member = True, False
            if self._z.eof:
                data = self._z.unused_data
                if data:  # another gzip member, or junk
                    self._z = zlib.decompressobj(self._wbits)
                    self._after_member = True
            else:
                data = self._z.unconsumed_tail
        return bytes(out)


# --- per-host bookkeeping shared by fetch() and fetch_many() ---

@dataclass
class _Host:
    active: int = 0
    next_start: float = 0.0  # monotonic; Crawl-delay spacing
    wait_until: float = 0.0  # monotonic; Retry-After
    crawl_delay: float = 0.0
    rules: robots.RobotsRules | None = None
    robots_lock: threading.Lock = field(default_factory=threading.Lock)


class _Gate:
    """Global and per-host slots, Crawl-delay spacing and Retry-After holds.

    While a host's robots.txt is unknown (or expired) only one request to it runs,
    so the robots.txt is fetched once; a host with a Crawl-delay gets one at a time.
    """

    def __init__(self, concurrency: int, per_host: int, robots_first: bool) -> None:
        self.concurrency, self.per_host, self.robots_first = concurrency, per_host, robots_first
        self.active = 0
        self.hosts: dict[str, _Host] = {}
        self.cond = threading.Condition()

    def host(self, origin: str) -> _Host:
        with self.cond:
            return self.hosts.setdefault(origin, _Host())

    def _limit(self, h: _Host, now: float) -> int:
        if self.robots_first and (h.rules is None or h.rules.expires <= now):
            return 1
        return 1 if h.crawl_delay > 0 else self.per_host

    def asked_wait(self, origin: str, now: float) -> float:
        """Seconds left of a Retry-After hold on this host (0 if none)."""
        with self.cond:
            h = self.hosts.get(origin)
            return max(0.0, h.wait_until - now) if h else 0.0

    def try_enter(self, origin: str, now: float) -> float:
        """Take a slot: 0.0 if taken, else the monotonic time worth trying again (inf: a release)."""
        with self.cond:
            h = self.hosts.setdefault(origin, _Host())
            if self.active >= self.concurrency or h.active >= self._limit(h, now):
                return math.inf
            start = max(h.next_start, h.wait_until)
            if start > now:
                return start
            h.active += 1
            self.active += 1
            return 0.0

    def enter(self, origin: str) -> float:
        """Block for a slot; returns the Retry-After left instead if it is long (no slot taken)."""
        with self.cond:
            while True:
                now = time.monotonic()
                asked = self.asked_wait(origin, now)
                if asked > SHORT_WAIT:
                    return asked
                when = self.try_enter(origin, now)
                if when == 0.0:
                    return 0.0
                self.cond.wait(None if when == math.inf else max(0.001, when - now))

    def leave(self, origin: str) -> None:
        with self.cond:
            h = self.hosts[origin]
            h.active -= 1
            if h.crawl_delay > 0:  # the delay runs from the end of a request too: a slow answer
                h.next_start = max(h.next_start, time.monotonic() + h.crawl_delay)  # never shortens it
            self.active -= 1
            self.cond.notify_all()

    def move(self, old: str, new: str) -> None:
        """A redirect to another host takes its slot along, without waiting.

        Waiting here, in a worker thread that holds no slot, could deadlock
        fetch_many (the slot it waits for may belong to a request queued behind
        it for a thread). The cost: a redirect can put a host one over `per_host`.
        """
        with self.cond:
            self.hosts[old].active -= 1
            self.hosts.setdefault(new, _Host()).active += 1
            self.cond.notify_all()

    def begin(self, origin: str) -> float:
        """A request to this host starts now: seconds to sleep first (Crawl-delay), and book the next."""
        with self.cond:
            h = self.hosts.setdefault(origin, _Host())
            now = time.monotonic()
            start = max(now, h.next_start)
            h.next_start = start + h.crawl_delay
            return start - now

    def hold(self, origin: str, seconds: float) -> None:
        """The host sent Retry-After: nothing more to it for `seconds`."""
        with self.cond:
            h = self.hosts.setdefault(origin, _Host())
            h.wait_until = max(h.wait_until, time.monotonic() + seconds)
            self.cond.notify_all()

    def set_rules(self, origin: str, rules: robots.RobotsRules, delay: float) -> None:
        with self.cond:
            h = self.hosts.setdefault(origin, _Host())
            h.rules, h.crawl_delay = rules, delay
            self.cond.notify_all()


def parse_retry_after(value: str | None, server_date: str | None = None,
                      now: float | None = None) -> float | None:
    """Retry-After (delta-seconds or an HTTP date) -> seconds from now, or None.

    An HTTP date is measured against the response's own Date header when there is
    one, so a server whose clock is off still gets the wait it meant.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = datetime.fromtimestamp(time.time() if now is None else now, UTC)
    if server_date:
        try:
            reference = parsedate_to_datetime(server_date)
            if reference.tzinfo is None:
                reference = reference.replace(tzinfo=UTC)
        except (TypeError, ValueError, IndexError):
            pass
    return max(0.0, (when - reference).total_seconds())


class Fetcher:
    """One shared client and one set of politeness rules for every source.

    robots.txt: fetched once per host before its first page and cached for
    `robots_ttl` (or its Cache-Control max-age, if shorter). A 4xx robots.txt
    allows everything (RFC 9309). A 5xx or a network error also allows (keeping
    the previous rules if we had some) but is asked again after `robots_retry`
    seconds, rather than the RFC's "disallow all": a briefly broken robots.txt
    should not silence a source. Rules are matched for the user agent's product
    token ("watcher").
    """

    def __init__(self, timeout: float = 20.0, max_bytes: int = 5 * 1024 * 1024,
                 user_agent: str | None = None, *, concurrency: int = 16, per_host: int = 4,
                 respect_robots: bool = True, deadline: float | None = None,
                 max_redirects: int = MAX_REDIRECTS, robots_ttl: float = robots.DEFAULT_TTL,
                 robots_retry: float = robots.RETRY_AFTER_ERROR, robots_timeout: float = 5.0,
                 robots_max_bytes: int = 500 * 1024, max_wait: float = MAX_WAIT,
                 max_crawl_delay: float = MAX_CRAWL_DELAY) -> None:
        if concurrency < 1 or per_host < 1:
            raise ValueError("concurrency and per_host must be at least 1")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.deadline = deadline if deadline is not None else timeout * 3
        self.user_agent = user_agent or USER_AGENT
        self.token = robots.product_token(self.user_agent)
        self.concurrency, self.per_host = concurrency, per_host
        self.respect_robots = respect_robots
        self.max_redirects = max_redirects
        self.robots_ttl, self.robots_retry = robots_ttl, robots_retry
        self.robots_timeout, self.robots_max_bytes = min(robots_timeout, timeout), robots_max_bytes
        self.max_wait, self.max_crawl_delay = max_wait, max_crawl_delay
        self.http2 = importlib.util.find_spec("h2") is not None
        limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2)
        # With proxies from the environment we keep httpx's own transport (which reads
        # them); the deadline is then only checked between body chunks.
        transport = None if _env_proxies() else _DeadlineTransport(limits, self.http2)
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            max_redirects=max_redirects,
            limits=limits,
            http2=self.http2,
            transport=transport,
            event_hooks={"response": [_set_aside_odd_location]},
            headers={"User-Agent": self.user_agent,
                     "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.5",
                     "Accept-Encoding": "gzip, deflate"},
        )
        self._gate = _Gate(concurrency, per_host, respect_robots)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- public API ---

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """Fetch one page, waiting for a free slot for its host (and its Crawl-delay)."""
        started = time.monotonic()
        try:
            origin = robots.origin(url)
        except ValueError as exc:
            return Fetched(url, error=str(exc))
        if self._known_disallowed(url, origin):
            return self._disallowed(url, started)
        asked = self._gate.enter(origin)
        if asked:
            return self._asked_to_wait(url, origin, asked, started)
        return self._run(FetchRequest(url, etag, last_modified), origin, started)

    def fetch_many(self, requests: Iterable[FetchRequest]) -> Iterator[tuple[FetchRequest, Fetched]]:
        """Fetch all, concurrently, yielding (request, result) as each completes.

        At most `concurrency` requests run at once and `per_host` to one host. A
        request is handed to a worker thread only once its host has a free slot
        (and its Crawl-delay has passed), so a slow host never holds workers that
        other hosts could use. Requests to a host under a long Retry-After hold
        come back at once, unfetched. Requests running and finished ones the caller
        has not taken yet are at most twice `concurrency`: a caller that reads pages
        more slowly than they come holds back the next requests instead of piling up
        their bodies (300 of them, 65 MB, at 1,000 sources).
        """
        queues: dict[str, deque[FetchRequest]] = {}
        for request in requests:
            try:
                queues.setdefault(robots.origin(request.url), deque()).append(request)
            except ValueError as exc:
                yield request, Fetched(request.url, error=str(exc))
        running: dict[Future[Fetched], FetchRequest] = {}
        # finished requests, in the order they finish: waiting on this costs the same whatever
        # the concurrency, where concurrent.futures.wait() hooks into every running future
        finished_queue: queue.SimpleQueue[Future[Fetched]] = queue.SimpleQueue()
        pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="watcher-fetch")
        finished = False
        try:
            while queues or running:
                wake = math.inf
                for origin in list(queues):
                    waiting = queues[origin]
                    while waiting and len(running) < 2 * self.concurrency:  # running or unread
                        now = time.monotonic()
                        if self._known_disallowed(waiting[0].url, origin):
                            request = waiting.popleft()
                            yield request, self._disallowed(request.url, now)
                            continue
                        asked = self._gate.asked_wait(origin, now)
                        if asked > SHORT_WAIT:
                            request = waiting.popleft()
                            yield request, self._asked_to_wait(request.url, origin, asked, now)
                            continue
                        when = self._gate.try_enter(origin, now)
                        if when:
                            wake = min(wake, when)
                            break
                        request = waiting.popleft()
                        future = pool.submit(self._run, request, origin, now)
                        running[future] = request
                        future.add_done_callback(finished_queue.put)
                    if not waiting:
                        del queues[origin]
                if not running:
                    if queues:  # every host is spacing requests, or busy with other callers
                        time.sleep(min(0.05, max(0.0, wake - time.monotonic())))
                    continue
                timeout = None if wake == math.inf else max(0.0, wake - time.monotonic())
                try:
                    future = finished_queue.get(timeout=timeout)
                except queue.Empty:
                    continue  # a host's wait is over: dispatch again
                yield running.pop(future), future.result()
            finished = True
        finally:
            # A caller that stops early (a daemon shutting down) is not kept waiting for
            # the requests in flight; they end by their own deadline and free their slots.
            pool.shutdown(wait=finished, cancel_futures=True)

    # --- one request, its slot already taken ---

    def _run(self, request: FetchRequest, origin: str, started: float) -> Fetched:
        """Robots check, the request and its redirects, under the deadline; releases the slot."""
        held = origin
        _local.deadline = time.monotonic() + self.deadline
        url = request.url
        headers = {}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        try:
            for hop in range(self.max_redirects + 1):
                if held != origin:  # a redirect to another host: the slot moves with it
                    self._gate.move(held, origin)
                    held = origin
                _local.public_only = request.public_only  # checked again when connecting
                if request.public_only:
                    refusal = address_refusal(url)
                    if refusal:
                        where = f" (redirected to {url})" if hop else ""
                        raise _Failed(f"refused: {refusal}{where}")
                if self.respect_robots:
                    rules = self._rules(origin)
                    if not rules.allowed(url, self.token):
                        where = f" (redirected to {url})" if hop else ""
                        raise _Failed(f"disallowed by robots.txt{where}", disallowed=True)
                pause = self._gate.begin(origin)
                if pause > 0:  # Crawl-delay after a redirect: not the server's time to answer
                    time.sleep(pause)
                    _local.deadline += pause
                asked = self._gate.asked_wait(origin, time.monotonic())
                if asked > SHORT_WAIT:  # robots.txt answered 429/503 with Retry-After
                    return self._asked_to_wait(request.url, origin, asked, started)
                if asked:
                    time.sleep(asked)
                result = self._one(request, url, origin, headers, started)
                if isinstance(result, Fetched):
                    return result
                url = str(result)
                origin = robots.origin(url)
            raise _Failed(f"more than {self.max_redirects} redirects")
        except _Failed as exc:
            return Fetched(request.url, exc.status, error=str(exc), seconds=time.monotonic() - started,
                           retry_after=exc.retry_after, disallowed=exc.disallowed)
        except TooLarge as exc:
            return self._error(request.url, str(exc), started)
        except httpx.TimeoutException as exc:
            if time.monotonic() >= _local.deadline:
                return self._error(request.url, f"timed out: took longer than the {self.deadline:g} s "
                                   "allowed for the whole request", started)
            what = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the server"
            return self._error(request.url, f"timed out {what} (nothing for {self.timeout:g} s)",
                               started)
        except httpx.RemoteProtocolError as exc:
            return self._error(request.url, f"the server broke off or broke HTTP: {exc}", started)
        except httpx.ConnectError as exc:
            return self._error(request.url, f"cannot connect: {exc}", started)
        except httpx.UnsupportedProtocol as exc:
            return self._error(request.url, f"unsupported URL: {exc}", started)
        except httpx.DecodingError as exc:
            return self._error(request.url, f"cannot decode the response: {exc}", started)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return self._error(request.url, f"{type(exc).__name__}: {exc}" if str(exc) else
                               type(exc).__name__, started)
        except Exception as exc:  # one odd source must not end a whole fetch_many
            log.exception("fetching %s failed unexpectedly", request.url)
            return self._error(request.url, f"unexpected {type(exc).__name__}: {exc}", started)
        finally:
            _local.deadline = None
            _local.public_only = False
            self._gate.leave(held)

    def _one(self, request: FetchRequest, url: str, origin: str, headers: dict[str, str],
             started: float) -> Fetched | httpx.URL:
        """One HTTP exchange: a result, or the URL a redirect points to."""
        with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            location = response.extensions.get(_ODD_LOCATION) or response.headers.get("location")
            if status in _REDIRECTS and location:
                self._drain(response)
                return self._redirect_target(response, location, status)
            if status == 304:
                self._drain(response)
                return Fetched(request.url, 304, etag=response.headers.get("etag") or request.etag,
                               last_modified=response.headers.get("last-modified") or request.last_modified,
                               seconds=time.monotonic() - started)
            if status >= 300 or status < 200:
                self._drain(response)
                message = f"HTTP {status} {response.reason_phrase or ''}".strip()
                retry_after = None
                if status in (429, 503):
                    retry_after = self._hold(origin, response)
                    if retry_after is not None:
                        message += f"; asked to wait {retry_after:.0f} s (Retry-After)"
                raise _Failed(message, status, retry_after)
            content_type = response.headers.get("content-type")
            from watcher.parse import NotAnArticle, sniff_kind  # here: 304s never load the parser

            try:
                sniff_kind(b"", content_type)
            except NotAnArticle as exc:
                raise _Failed(str(exc), status) from None
            body = self._read(response, self.max_bytes)
            return Fetched(request.url, status, body, content_type=content_type,
                           etag=response.headers.get("etag"),
                           last_modified=response.headers.get("last-modified"),
                           seconds=time.monotonic() - started)

    @staticmethod
    def _redirect_target(response: httpx.Response, location: str, status: int) -> httpx.URL:
        target = urljoin(str(response.url), location.strip())
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            raise _Failed(f"redirected to a non-http(s) URL {target}", status)
        try:
            return httpx.URL(target)
        except httpx.InvalidURL as exc:
            raise _Failed(f"redirected to an invalid URL {location!r}: {exc}", status) from None

    def _drain(self, response: httpx.Response) -> None:
        """Read a small error or redirect body, so the connection can be kept alive."""
        with contextlib.suppress(httpx.HTTPError, TooLarge):
            self._read(response, _DRAIN_BYTES, truncate=True)

    def _hold(self, origin: str, response: httpx.Response) -> float | None:
        seconds = parse_retry_after(response.headers.get("retry-after"), response.headers.get("date"))
        if seconds is None:
            return None
        seconds = min(seconds, self.max_wait)
        self._gate.hold(origin, seconds)
        return seconds

    def _read(self, response: httpx.Response, limit: int, truncate: bool = False) -> bytes:
        """The body, decompressed, at most `limit` bytes (TooLarge, or cut if `truncate`)."""
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"the page is {int(declared)} bytes, over the limit of {limit}")
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        inflater = _Inflater(encoding) if encoding in ("gzip", "x-gzip", "deflate") else None
        chunks = (response.iter_raw() if inflater is not None or encoding in ("", "identity")
                  else response.iter_bytes())  # another coding (br): httpx decodes it
        out: list[bytes] = []
        size = 0
        for raw in chunks:
            chunk = inflater.feed(raw, limit - size) if inflater is not None else raw
            size += len(chunk)
            if size > limit:
                if truncate:
                    out.append(chunk[: len(chunk) - (size - limit)])
                    break
                raise TooLarge(f"the page is over the limit of {limit} bytes"
                               + (" once decompressed" if inflater is not None else ""))
            out.append(chunk)
            deadline = getattr(_local, "deadline", None)
            if deadline is not None and time.monotonic() > deadline:
                raise httpx.ReadTimeout("the whole response took too long")
        return b"".join(out)

    # --- robots.txt ---

    def _rules(self, origin: str) -> robots.RobotsRules:
        """This host's robots.txt rules, fetched if unknown or expired (once, under its lock)."""
        host = self._gate.host(origin)
        with host.robots_lock:
            rules = host.rules
            if rules is None or rules.expires <= time.monotonic():
                rules = self._fetch_robots(origin, rules)
                delay = min(rules.crawl_delay(self.token), self.max_crawl_delay)
                self._gate.set_rules(origin, rules, delay)
            return rules

    def _fetch_robots(self, origin: str, previous: robots.RobotsRules | None) -> robots.RobotsRules:
        url = origin + "/robots.txt"
        outer = _local.deadline
        _local.deadline = min(outer or math.inf, time.monotonic() + self.robots_timeout)
        try:
            with self.client.stream("GET", url, follow_redirects=True,
                                    timeout=self.robots_timeout) as response:
                now = time.monotonic()
                status = response.status_code
                if 200 <= status < 300:
                    body = self._read(response, self.robots_max_bytes, truncate=True)
                    ttl = robots.cache_ttl(response.headers.get("cache-control"), self.robots_ttl)
                    return robots.parse(body.decode("utf-8", errors="replace"), now, ttl)
                self._drain(response)
                if status == 429 or status >= 500:
                    self._hold(origin, response)
                    return robots.unreachable(previous, now, self.robots_retry, f"HTTP {status}")
                return robots.allow_all(now, self.robots_ttl, f"HTTP {status}")
        except httpx.TooManyRedirects:
            return robots.allow_all(time.monotonic(), self.robots_ttl, "too many redirects")
        except (httpx.HTTPError, httpx.InvalidURL, TooLarge) as exc:
            return robots.unreachable(previous, time.monotonic(), self.robots_retry,
                                      type(exc).__name__)
        finally:
            _local.deadline = outer

    def _known_disallowed(self, url: str, origin: str) -> bool:
        """Cached, unexpired rules forbid this URL: answer without waiting for a slot."""
        if not self.respect_robots:
            return False
        rules = self._gate.host(origin).rules
        return rules is not None and rules.expires > time.monotonic() and not rules.allowed(url, self.token)

    # --- results ---

    @staticmethod
    def _disallowed(url: str, started: float) -> Fetched:
        return Fetched(url, error="disallowed by robots.txt", disallowed=True,
                       seconds=time.monotonic() - started)

    def _asked_to_wait(self, url: str, origin: str, seconds: float, started: float) -> Fetched:
        until = datetime.fromtimestamp(time.time() + seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return Fetched(url, error=f"host asked us to wait (Retry-After) until {until}",
                       retry_after=seconds, seconds=time.monotonic() - started)

    @staticmethod
    def _error(url: str, message: str, started: float, status: int | None = None) -> Fetched:
        return Fetched(url, status, error=message, seconds=time.monotonic() - started)
