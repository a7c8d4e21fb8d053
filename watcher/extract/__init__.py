"""The pure extraction core: an Article and a watched title in, Facts out.

No I/O and no clock: the article's own date is the only "now" it knows.
The contract is ../shared/EXTRACTION.md (see README).
"""

from __future__ import annotations

import re

from watcher.extract.names import is_person
from watcher.extract.text import Sentence, attribute, fold
from watcher.model import EXTRACTOR_VERSION, Article, Facts, WatchTarget

_TITLE_WORD = r"(?:[A-Z0-9][\w'&!?.-]*|(?:of|the|and|a|an|in|on|to|for|at|with|from)(?=\s+(?:(?:of|the|a|an)\s+)*[A-Z0-9]))"
_TITLE = rf"(?:'(?P<q1>[^']{{2,80}})'|\"(?P<q2>[^\"]{{2,80}})\"|(?P<bare>{_TITLE_WORD}(?:(?::\s+|\s+){_TITLE_WORD}){{0,9}}))"
_NEW_TITLE = [
    re.compile(rf"\b(?:(?:is|was|has\s+been|will(?:\s+now)?\s+be|now|officially|formally|simply|be)\s+)+"
               rf"(?:titled|called|named|dubbed|christened|retitled|renamed(?:\s+to|\s+as)?|known\s+as|released\s+as)\s+"
               rf"(?:simply\s+|just\s+)?{_TITLE}"),
    # "The title for X was revealed as Y"
    re.compile(rf"\b(?:title|name)\b[^.:;]{{0,60}}?\b(?:revealed|confirmed|announced|unveiled)\s+(?:to\s+be|as)\s+{_TITLE}"),
    re.compile(rf"\b(?:official|new|final)\s+(?:title|name)(?:\s+is|:)\s+{_TITLE}"),
    re.compile(rf"\b(?:gets?|has|got|reveals?|unveils?|announces?)\s+(?:an?\s+|its\s+)?(?:official\s+|new\s+)?(?i:title|name)[:,]\s+{_TITLE}"),
    re.compile(rf"\bthe\s+(?:official\s+|new\s+)?(?:name|title)\s+of\s+[^.:;]{{0,60}}:\s+{_TITLE}"),
    re.compile(rf"\b(?:names?|titles?|retitles?|renames?)\s+(?:its|the|their|his|her)\s+[^.:;']{{0,40}}?\s+{_TITLE}"),
    # "changes its title to 'Deception'", "will now go by the name Deception"
    re.compile(rf"\b(?:chang|switch)(?:es|ed|ing)?\s+(?:its|their|the)\s+(?:title|name)\s+(?:again\s+)?to\s+{_TITLE}"),
    re.compile(rf"\b(?:go(?:es)?|going)\s+by\s+the\s+(?:name|title)\s+(?:of\s+)?{_TITLE}"),
    re.compile(r"\b(?:becomes|is\s+now|now\s+simply)\s+(?:'(?P<q1>[^']{2,80})'|\"(?P<q2>[^\"]{2,80})\")(?P<bare>)"),
    # in apposition: "The ten-episode season, titled The Orville: New Horizons, follows ..."
    re.compile(rf"\b(?:season|series|film|movie|sequel|prequel|spin-?off|show|installment|instalment|chapter|"
               rf"project|drama|comedy|miniseries),\s+(?:officially\s+|now\s+)?(?:titled|called|named|dubbed)\s+{_TITLE}"),
]
_NOT_OFFICIAL = re.compile(r"\b(?:working\s+title|code[\s-]?name|tentative(?:ly)?|placeholder|"
                           r"rumou?red|could\s+be\s+(?:called|titled)|might\s+be|reportedly|fans?\s+(?:call|dub)|"
                           r"for\s+now|for\s+the\s+time\s+being|at\s+the\s+moment)\b", re.I)
# "until now titled X", "once called X": a former name (only right at the verb: "previously known as
# the Bosch spin-off, it is now called Ballard" gives a new one)
_FORMER = re.compile(r"\b(?:until\s+now|previously|formerly|originally|once)\s+(?:\w+\s+)?(?:titled|called|named|known|dubbed)\b",
                     re.I)
# "..., a name that is going to be dropped": the title being given up, not a new one
_DROPPED = re.compile(r"['\"]?,?\s+(?:a|the|which|that)\s+(?:[\w-]+\s+){0,6}?(?:dropp|scrapp|abandon|ditch|retir)\w*", re.I)
_TITLE_GATE = re.compile(r"titl|call|nam|dub|christen|becom|is\s+now|known\s+as|released\s+as", re.IGNORECASE)
_TRAILING = {"of", "the", "and", "a", "an", "in", "on", "to", "for", "at", "with", "from"}


def _title_of(m: re.Match[str]) -> str | None:
    title = m.group("q1") or m.group("q2")
    if title is None:
        title = m.group("bare")
        if title is None:
            return None
        words = title.split()
        while words and words[-1].casefold() in _TRAILING:
            words.pop()
        title = " ".join(words)
        if m.group("bare") and re.match(r"[A-Z]", title) is None:
            return None
    title = title.strip(" .,:;'\"")
    if not title or title.casefold() in ("untitled", "the", "a") or (not title[:1].isupper() and not title[:1].isdigit()):
        return None
    return title


# "The follow-up to the 2015 hit will be called X": the article's project, named by what it is
_PROJECT_SUBJECT = re.compile(r"(?:The|This|Its|Their)\s+(?:[\w-]+\s+){0,2}?(?:follow-up|sequel|prequel|spin-?off|"
                              r"film|movie|series|show|season|project|drama|comedy|reboot|revival|installment|instalment)\b")


_KIND_REFERENCE = re.compile(r"\b(?:the|this)\s+(?:series|show|spin-?off|film|movie|sequel|prequel|project|drama)\b",
                             re.IGNORECASE)


def _new_title(sentences: list[Sentence], target: WatchTarget) -> tuple[str | None, tuple[str, ...]]:
    previous: Sentence | None = None
    topic = bool(sentences) and sentences[0].paragraph == -1 and sentences[0].names_watch
    for s in sentences:
        # the sentence after one about the title, in its paragraph or naming it by kind ("the series")
        follows = previous is not None and previous.about_watch and (
            previous.paragraph == s.paragraph or _KIND_REFERENCE.search(s.text) is not None)
        previous = s
        named_by_kind = topic and _PROJECT_SUBJECT.match(s.text) is not None
        if not (s.about_watch or s.names_watch or follows or named_by_kind) or not _TITLE_GATE.search(s.text):
            continue
        for m in (m for p in _NEW_TITLE for m in p.finditer(s.text)):
            if _NOT_OFFICIAL.search(s.text[max(0, m.start() - 40):m.end()]) or _FORMER.search(
                    s.text[max(0, m.start() - 12):m.end()]):
                continue
            title = _title_of(m)
            if title and _DROPPED.match(s.text, m.end()):
                continue  # "..., a name that is going to be dropped": given up, not new
            if not title or (
                    is_person(title) and not re.search(r":|\b[a-z]", title)):
                continue
            if not (s.about_watch or s.names_watch) and not all(
                    fold(o) in fold(title) for o in s.other_titles):
                continue
            return title, (s.evidence,)
    return None, ()


def extract(article: Article, target: WatchTarget) -> Facts:
    # imported here: `watcher check` with nothing changed (and diff, render) never compile them
    from watcher.extract.cast import extract_cast
    from watcher.extract.release import extract_release

    sentences = attribute(article, target)
    new_title, title_evidence = _new_title(sentences, target)
    if new_title:  # the article goes on under the new name
        sentences = attribute(article, WatchTarget(target.title, (*target.aliases, new_title)))
    release, speculation = extract_release(sentences, article.published, target.names)
    cast, open_roles = extract_cast(sentences)
    titles = {fold(t) for t in (*target.names, new_title or "")} | {
        fold(t) for s in sentences for t in s.other_titles}
    cast = tuple(c for c in cast if fold(c.actor) not in titles)  # "in season 2 of Copper Coast"
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
