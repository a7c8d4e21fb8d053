"""The pure extraction core: an Article and a watched title in, Facts out.

No I/O and no clock: the article's own date is the only "now" it knows.
The contract is ../shared/EXTRACTION.md (see README).
"""

from __future__ import annotations

import re

from watcher.extract.cast import extract_cast
from watcher.extract.release import extract_release
from watcher.extract.text import Sentence, attribute
from watcher.model import Article, Facts, WatchTarget

# Stored with every fact; a new version re-baselines silently instead of alerting.
EXTRACTOR_VERSION = 1

_TITLE = r"""['"]?(?P<title>[A-Z0-9][\w'&:!?.-]*(?:\s+(?:of|the|and|a|in|on|to|for|[A-Z0-9][\w'&:!?.-]*)){0,6}?)['"]?"""
_NEW_TITLE = [
    re.compile(rf"\b(?:(?:is|has\s+been|was|will\s+be)\s+)?(?:now\s+|officially\s+|formally\s+)*"
               rf"(?:titled|called|named|dubbed|christened|retitled|renamed)\s+{_TITLE}(?=[\s,.;:)]|$)"),
    re.compile(rf"\b(?:official|new|final)\s+title(?:\s+is|:)?\s+{_TITLE}(?=[\s,.;:)]|$)"),
    re.compile(rf"\bgets?\s+(?:an?\s+)?(?:official\s+)?title:?\s+{_TITLE}(?=[\s,.;:)]|$)"),
]
_NOT_OFFICIAL = re.compile(r"\b(?:working\s+title|code[\s-]?name|tentative(?:ly)?|placeholder|"
                           r"rumou?red|could\s+be\s+(?:called|titled)|might\s+be|reportedly)\b", re.I)


def _new_title(sentences: list[Sentence], target: WatchTarget) -> tuple[str | None, tuple[str, ...]]:
    for s in sentences:
        if not (s.about_watch or s.names_watch):
            continue
        for m in (m for p in _NEW_TITLE for m in p.finditer(s.text)):
            if _NOT_OFFICIAL.search(s.text[max(0, m.start() - 40):m.end()]):
                continue
            title = m.group("title").strip(" .,'\"")
            if not title or title.casefold() in ("untitled", "the", "a"):
                continue
            return title, (s.text,)
    return None, ()


def extract(article: Article, target: WatchTarget) -> Facts:
    sentences = attribute(article, target)
    release, speculation = extract_release(sentences, article.published)
    cast, open_roles = extract_cast(sentences)
    new_title, title_evidence = _new_title(sentences, target)
    return Facts(
        title=target.title,
        published=article.published.isoformat() if article.published else None,
        release=release,
        cast=cast,
        open_roles=open_roles,
        speculation=speculation,
        new_title=new_title,
        new_title_evidence=title_evidence,
    )


__all__ = ["EXTRACTOR_VERSION", "extract"]
