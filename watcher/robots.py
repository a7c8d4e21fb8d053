"""robots.txt rules for one origin, as the Fetcher caches them.

Pure: no network. The Fetcher downloads /robots.txt and turns the outcome into a
`RobotsRules` with `from_response` or `unreachable`; protego does the matching
(wildcards, longest match, Allow/Disallow precedence, Crawl-delay) the way the
big search engines read the file (RFC 9309).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

DEFAULT_TTL = 24 * 3600.0
RETRY_AFTER_ERROR = 600.0
MIN_TTL = 60.0  # `Cache-Control: no-cache` must not turn into one robots.txt fetch a page
_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.I)
_NO_CACHE = re.compile(r"(?:^|[,\s])no-(?:cache|store)\b", re.I)


def origin(url: str) -> str:
    """scheme://host[:port], lower-cased: the scope of one robots.txt (RFC 9309 2.3).

    Also the Fetcher's unit of politeness (per-host limit, Crawl-delay, Retry-After).
    Raises ValueError for a URL that is not http(s) or has no host.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"'{url}' is not an http(s) URL")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    if port is None or port == {"http": 80, "https": 443}[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def product_token(user_agent: str) -> str:
    """'watcher/0.1 (+https://...)' -> 'watcher': the name robots.txt groups address."""
    match = re.match(r"\s*([A-Za-z0-9_-]+)", user_agent)
    return match.group(1).lower() if match else "*"


def cache_ttl(cache_control: str | None, default: float = DEFAULT_TTL) -> float:
    """Seconds to keep a robots.txt: max-age if given, never over the 24 h RFC 9309 allows."""
    if cache_control:
        if _NO_CACHE.search(cache_control):
            return MIN_TTL
        match = _MAX_AGE.search(cache_control)
        if match:
            return max(MIN_TTL, min(float(match.group(1)), default))
    return default


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt says, and until when (time.monotonic()) to believe it.

    `parser` None means "allow everything": no robots.txt (4xx), or one we could
    not get (5xx, network error) and had no earlier copy of.
    """

    parser: Protego | None
    expires: float
    note: str

    def allowed(self, url: str, token: str) -> bool:
        return self.parser is None or self.parser.can_fetch(url, token)

    def crawl_delay(self, token: str) -> float:
        if self.parser is None:
            return 0.0
        return float(self.parser.crawl_delay(token) or 0.0)


def parse(text: str, now: float, ttl: float, note: str = "fetched") -> RobotsRules:
    return RobotsRules(Protego.parse(text), now + ttl, note)


def allow_all(now: float, ttl: float, note: str) -> RobotsRules:
    return RobotsRules(None, now + ttl, note)


def unreachable(previous: RobotsRules | None, now: float, retry: float, note: str) -> RobotsRules:
    """5xx or a network error: keep the last good rules if any, else allow; ask again in `retry` s.

    RFC 9309 says to assume "disallow all" on a 5xx. We do not: a news site whose
    robots.txt is briefly broken would silence every source on it, and the page
    itself is fetched once per check at most. Instead we allow (or keep the rules
    we had) and try the robots.txt again soon.
    """
    if previous is not None and previous.parser is not None:
        return RobotsRules(previous.parser, now + retry, f"{note}; kept the previous rules")
    return RobotsRules(None, now + retry, note)


def robots_url(url: str) -> str:
    return origin(url) + "/robots.txt"
