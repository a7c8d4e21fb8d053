"""Finding new articles about a watched title in RSS/Atom feeds: the pure part.

No I/O here: the pipeline fetches the feed and hands its bytes in, and checks
the addresses of the links handed back (watcher.fetch.address_refusal) before
anything is fetched. A user who only names a show gets its news this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html import unescape
from urllib.parse import parse_qsl, quote_plus, urlencode, urljoin, urlsplit, urlunsplit

from watcher.model import WatchTarget

QUERY = "{query}"

# query parameters that say who sent the reader, never which article it is
_TRACKING = {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
             "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ncid", "soc_src", "soc_trk",
             "spm", "ref_src", "cid"}
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TAG = re.compile(r"<[^>]*>")


def expand_feeds(feeds: Iterable[str], names: Iterable[str]) -> tuple[str, ...]:
    """Feed URLs to poll: a {query} template once per name, URL-quoted; others as written."""
    out: list[str] = []
    names = tuple(names)
    for feed in feeds:
        urls = [feed.replace(QUERY, quote_plus(n)) for n in names] if QUERY in feed else [feed]
        out.extend(u for u in urls if u not in out)
    return tuple(out)


def canonical_url(url: str) -> str:
    """One spelling per article, so variants of one link are fetched once.

    Lower-case scheme and host, no default port, no fragment, no tracking
    parameters (utm_* and kin); the other parameters keep their order, since
    some sites name the article by them (?p=123).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query, doseq=True), ""))


def _fold(text: str) -> str:
    """extract.text.fold, imported on first use: a check whose pages all come back unchanged
    never loads the extractor."""
    from watcher.extract.text import fold

    return fold(text)


@cache
def _name_pattern(name: str) -> re.Pattern[str]:
    words = _fold(name).split()
    body = r"\W*\s+\W*".join(re.escape(w) for w in words) if words else re.escape(_fold(name))
    return re.compile(rf"(?<!\w){body}(?!\w)")


def names_title(text: str, target: WatchTarget) -> bool:
    """Does the text name the title or an alias, as whole words, ignoring case and accents?"""
    folded = _fold(" ".join(unescape(_TAG.sub(" ", text)).split()))
    return any(_name_pattern(n).search(folded) for n in target.names if n.strip())


@dataclass(frozen=True)
class Candidate:
    """A feed entry that names the title: its canonical link and the headline it had."""

    url: str
    title: str


@dataclass(frozen=True)
class FeedReading:
    entries: int  # entries in the feed
    candidates: tuple[Candidate, ...]  # those naming the title, in feed order, each link once
    error: str | None = None  # not a feed at all


def read_feed(body: bytes, feed_url: str, target: WatchTarget) -> FeedReading:
    """The entries of an RSS/Atom feed whose title or summary names the watched title."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": feed_url})
    entries = parsed.get("entries") or []
    if not entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        return FeedReading(0, (), f"not an RSS or Atom feed{f': {reason}' if reason else ''}")
    found: list[Candidate] = []
    seen: set[str] = set()
    for entry in entries:
        title = entry.get("title") or ""
        summary = entry.get("summary") or ""
        if not names_title(f"{title}\n{summary}", target):
            continue
        link = _entry_link(entry, feed_url)
        if link is None:
            continue
        url = canonical_url(link)
        if url not in seen:
            seen.add(url)
            found.append(Candidate(url, " ".join(title.split())))
    return FeedReading(len(entries), tuple(found))


def _entry_link(entry: dict, feed_url: str) -> str | None:
    """The entry's article: its link, else its first alternate link; http(s) only."""
    candidates = [entry.get("link")]
    candidates += [lnk.get("href") for lnk in entry.get("links") or []
                   if lnk.get("rel", "alternate") == "alternate"]
    for link in candidates:
        if not link:
            continue
        url = urljoin(feed_url, link.strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname:
            return url
    return None


def text_hash(headline: str | None, paragraphs: Iterable[str]) -> str:
    """The article's text, hashed: one article under two URLs (or two layouts) hashes alike.

    Only paragraphs of 8 words or more count (all of them when none is that
    long): the short furniture pages keep around an article ("Advertisement:
    ...", "12 comments") differs between two copies of the same words.
    """
    import hashlib

    paragraphs = [" ".join(p.split()) for p in paragraphs]
    long = [p for p in paragraphs if len(p.split()) >= 8] or paragraphs
    text = "\n".join([" ".join((headline or "").split()), *long])
    return hashlib.sha256(_fold(text).encode()).hexdigest()
