"""Fetching pages: httpx with timeouts, size limits and conditional GET.

The edge of the system: the only module that talks HTTP to sources.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import httpx

from watcher import __version__

USER_AGENT = f"watcher/{__version__} (release-status watcher; +https://github.com/watcher-dev/watcher)"
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class Fetched:
    """The outcome of one fetch: a body, 'not modified', or an error."""

    url: str
    status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class TooLarge(Exception):
    pass


class Fetcher:
    """One shared client: keep-alive across sources, the same limits for all."""

    def __init__(self, timeout: float = 20.0, max_bytes: int = 5 * 1024 * 1024,
                 user_agent: str | None = None) -> None:
        self.max_bytes = max_bytes
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": user_agent or USER_AGENT,
                     "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.5"},
        )
        self.deadline = timeout * 3

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.url.scheme not in ("http", "https"):
                    return self._error(url, f"redirected to a non-http URL {response.url}", started)
                if response.status_code == 304:
                    return Fetched(url, 304, etag=etag, last_modified=last_modified,
                                   seconds=time.monotonic() - started)
                if response.status_code >= 400:
                    reason = response.reason_phrase or ""
                    return self._error(url, f"HTTP {response.status_code} {reason}".strip(),
                                       started, status=response.status_code)
                body = self._read(response, started)
                return Fetched(
                    url, response.status_code, body,
                    content_type=response.headers.get("content-type"),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    seconds=time.monotonic() - started,
                )
        except TooLarge as exc:
            return self._error(url, str(exc), started)
        except httpx.TooManyRedirects:
            return self._error(url, f"more than {MAX_REDIRECTS} redirects", started)
        except httpx.TimeoutException:
            return self._error(url, "timed out", started)
        except httpx.UnsupportedProtocol as exc:
            return self._error(url, f"unsupported URL: {exc}", started)
        except httpx.DecodingError as exc:
            return self._error(url, f"cannot decode the response: {exc}", started)
        except httpx.HTTPError as exc:
            return self._error(url, f"{type(exc).__name__}: {exc}" if str(exc) else
                               type(exc).__name__, started)

    def _read(self, response: httpx.Response, started: float) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLarge(f"the page is {int(declared)} bytes, over the limit of {self.max_bytes}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLarge(f"the page is over the limit of {self.max_bytes} bytes")
            if time.monotonic() - started > self.deadline:
                raise httpx.ReadTimeout("the whole response took too long")
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _error(url: str, message: str, started: float, status: int | None = None) -> Fetched:
        return Fetched(url, status, error=message, seconds=time.monotonic() - started)
