"""When the watched title comes out, as the article states it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from watcher.extract.dates import When, find_whens, window_end, window_start
from watcher.extract.text import Sentence
from watcher.model import Release, Speculation

PLATFORMS: list[tuple[str, str]] = [
    (r"Amazon(?:'s)? Prime Video|Prime Video|Amazon Prime|Amazon Video", "Prime Video"),
    (r"HBO Max", "HBO Max"),
    (r"Apple TV\s?\+|Apple TV Plus|Apple TV", "Apple TV+"),
    (r"Disney\s?\+|Disney Plus", "Disney+"),
    (r"Paramount\s?\+|Paramount Plus", "Paramount+"),
    (r"Peacock", "Peacock"),
    (r"Netflix", "Netflix"),
    (r"Hulu", "Hulu"),
    (r"HBO", "HBO"),
    (r"(?<![\w-])Max(?![\w-])", "Max"),
    (r"AMC\s?\+", "AMC+"),
    (r"AMC", "AMC"),
    (r"FX(?:X)?", "FX"),
    (r"CBS", "CBS"),
    (r"ABC", "ABC"),
    (r"NBC", "NBC"),
    (r"Fox", "Fox"),
    (r"The CW|CW", "The CW"),
    (r"Showtime", "Showtime"),
    (r"Starz", "Starz"),
    (r"MGM\s?\+", "MGM+"),
    (r"BBC One|BBC Two|BBC iPlayer|BBC", "BBC"),
    (r"ITVX|ITV", "ITV"),
    (r"Channel 4", "Channel 4"),
    (r"Sky Atlantic|Sky", "Sky"),
    (r"Crunchyroll", "Crunchyroll"),
    (r"Freevee", "Freevee"),
    (r"Tubi", "Tubi"),
    (r"Shudder", "Shudder"),
    (r"Syfy", "Syfy"),
    (r"TNT", "TNT"),
    (r"TBS", "TBS"),
    (r"PBS", "PBS"),
    (r"Adult Swim", "Adult Swim"),
    (r"Comedy Central", "Comedy Central"),
    (r"BritBox", "BritBox"),
    (r"Acorn TV", "Acorn TV"),
    (r"National Geographic|Nat Geo", "National Geographic"),
    (r"Discovery\+", "Discovery+"),
]
_PLATFORM_RE = re.compile(
    r"(?<![\w])(" + "|".join(f"(?:{p})" for p, _ in PLATFORMS) + r")(?![\w+])"
)


def platform_in(text: str) -> tuple[str, int] | None:
    """The first platform named in the text, by its usual name, with its offset."""
    for match in _PLATFORM_RE.finditer(text):
        name = match.group(1)
        for pattern, usual in PLATFORMS:
            if re.fullmatch(pattern, name):
                return usual, match.start()
    return None


_CUE = re.compile(
    r"\b(?:premier(?:e|es|ed|ing)|releas(?:e|es|ed|ing)|debut(?:s|ed|ing)?|arriv(?:e|es|ed|ing)|"
    r"launch(?:es|ed|ing)?|stream(?:s|ed|ing)?|drop(?:s|ped|ping)?|air(?:s|ed|ing)?|"
    r"return(?:s|ed|ing)?|bow(?:s|ed)?|hit(?:s|ting)?\s+(?:theaters|theatres|cinemas|screens|"
    r"Netflix|Hulu|Disney|Prime|HBO|Max|Apple|Peacock|Paramount|streaming)|"
    r"open(?:s|ed)?\s+in\s+(?:theaters|theatres|cinemas)|in\s+(?:theaters|theatres|cinemas)|"
    r"slated|scheduled|dated|set\s+(?:for|to\s+(?:premiere|debut|arrive|launch|return|drop|hit|air|open|be\s+released))|"
    r"coming\s+(?:to|in|on|this|next)|com(?:e|es)\s+out|out\s+(?:on|in|now)|"
    r"release\s+date|premiere\s+date|available|land(?:s|ed)?\s+on)\b",
    re.IGNORECASE,
)
_UNANNOUNCED = re.compile(
    r"\bno\s+(?:official\s+|confirmed\s+|firm\s+|exact\s+|specific\s+|set\s+|word\s+on\s+a\s+)?"
    r"(?:release|premiere|launch|air|debut)?\s*(?:date|window)\b"
    r"|\b(?:has|have|had)\s*(?:n't|\s+not)\s+(?:yet\s+)?(?:been\s+)?(?:announced|set|revealed|confirmed|given|shared|dated)\b"
    r"|\byet\s+to\s+(?:be\s+)?(?:announce|reveal|set|confirm|date|receive|get|share|give|be\s+given)\w*"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:announced|revealed|confirmed|dated|known)\b"
    r"|\b(?:remains?|is|are)\s+(?:still\s+)?(?:unknown|a\s+mystery|under\s+wraps|unclear|TBA|TBD|undetermined|unannounced)\b"
    r"|\bno\s+word\s+(?:yet\s+)?(?:on|about)\s+(?:when|a\s+(?:release|premiere))"
    r"|\bTBA\b|\bTBD\b|\bunknown\s+release\s+date\b|\bwithout\s+a\s+(?:release|premiere)\s+date\b"
    r"|\bhas\s+not\s+(?:set|given|dated|announced)\b|\bhasn't\s+(?:set|given|dated|announced)\b",
    re.IGNORECASE,
)
_SPECULATIVE = re.compile(
    r"\b(?:could|might|may|would|should|probably|possibly|perhaps|likely|expect(?:ed|s)?|"
    r"anticipat(?:e|ed)|hopefully|hope|assume|guess|predict(?:ed|s)?|speculat\w+|rumou?r(?:ed|s)?|"
    r"reportedly|estimate|if\s+all\s+goes|we\s+think|our\s+bet|aiming|eyeing|targeting|"
    r"tipped|suggests?|hinted|hints?|teased|wouldn't\s+be\s+surprised|bet\s+on|unconfirmed|"
    r"in\s+theory|potentially|penciled|earliest)\b",
    re.IGNORECASE,
)
_DELAYED = re.compile(
    r"\b(?:delay(?:ed|s)?|postpon(?:ed|es|ement)|push(?:ed|es)?\s+(?:back|to|from|out|its|the)|"
    r"bump(?:ed|s)?\s+(?:back|to|from)|mov(?:ed|es)\s+(?:back|to|from|out\s+of)|"
    r"shift(?:ed|s)\s+(?:to|from|back)|no\s+longer\s+(?:premiere|arrive|debut|release|open|hit|be\s+released)|"
    r"won't\s+(?:premiere|arrive|debut|be\s+released|hit|open)\s+until|"
    r"(?:pulled|removed)\s+from\s+(?:the|its)\s+(?:schedule|release|calendar|slate)|"
    r"(?:rescheduled|reschedul(?:e|ing)|set\s+back|slipped\s+to|slid\s+to|pushback))\b",
    re.IGNORECASE,
)
_MOVED_EARLIER = re.compile(
    r"\b(?:moved\s+up|pushed\s+up|bumped\s+up|brought\s+forward|moved\s+forward|"
    r"earlier\s+than\s+(?:planned|expected|originally)|ahead\s+of\s+schedule)\b",
    re.IGNORECASE,
)
_RISK = re.compile(r"\b(?:could|might|may|would|risk|threaten|if\s+the)\b[^.]*\b(?:delay|push)", re.I)
_RELEASED = re.compile(
    r"\b(?:premiered|debuted|was\s+released|were\s+released|has\s+been\s+released|"
    r"dropped|arrived|launched|landed|bowed|opened|hit\s+(?:theaters|theatres|cinemas|screens|Netflix|streaming)|"
    r"(?:is|are)\s+(?:now\s+)?(?:streaming|available|out)\b(?!\s+(?:on|in)\s+\w+\s+\d)|now\s+streaming|out\s+now|"
    r"now\s+available|has\s+(?:premiered|debuted|arrived|dropped|launched)|"
    r"(?:began|started)\s+streaming|aired)\b",
    re.IGNORECASE,
)
_DISTRACTOR = re.compile(
    r"\b(?:trailer|teaser|first[\s-]look|filming|production|shoot(?:ing)?|cameras|wrapped|wraps|"
    r"principal\s+photography|novel|book|comic|game|episode|finale|soundtrack|album|panel|"
    r"(?:first|previous|last|prior|earlier|original|debut|inaugural)\s+(?:season|series|film|movie|installment|outing|chapter)|"
    r"season\s+(?:one|1)\b|original\s+(?:show|film|movie|series)|predecessor|renewal|renewed)\b",
    re.IGNORECASE,
)
_PREVIOUS_MARK = re.compile(
    r"\b(?:from|originally|previously|initially|had\s+been|was\s+(?:set|slated|scheduled|due|supposed)|"
    r"instead\s+of|rather\s+than|formerly)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Statement:
    status: str
    when: When | None
    previous: When | None
    platform: str | None
    sentence: Sentence


def _near(text: str, at: int, before_words: int, after_words: int) -> str:
    """The words around a position, without crossing a comma, semicolon or dash."""
    left = re.split(r"[,;:]|\s-\s", text[:at])[-1].split()[-before_words:] if before_words else []
    right = re.split(r"[,;:]|\s-\s", text[at:])[0].split()[:after_words + 1]
    return " ".join([*left, *right])


def _is_distractor(text: str, cue_at: int) -> bool:
    """The release verb is about a trailer, an earlier season, filming ..."""
    return bool(_DISTRACTOR.search(_near(text, cue_at, 6, 4)))


def _future(when: When, published: date | None) -> bool:
    end = window_end(when.value)
    return published is None or end is None or end >= published


def _split_previous(text: str, whens: list[When]) -> tuple[list[When], list[When]]:
    """Dates said to be the old ones ('from May', 'originally set for 2024') vs the new."""
    old, new = [], []
    for w in whens:
        before = text[max(0, w.start - 40):w.start]
        (old if _PREVIOUS_MARK.search(before) else new).append(w)
    return old, new


def _finest(whens: list[When]) -> When | None:
    return max(whens, key=lambda w: w.precision) if whens else None


def statements(sentences: list[Sentence], published: date | None) -> list[Statement]:
    out: list[Statement] = []
    for s in sentences:
        if not s.about_watch:
            continue
        text = s.text
        cue = _CUE.search(text)
        unannounced = _UNANNOUNCED.search(text)
        if not cue and not unannounced:
            continue
        cue_at = cue.start() if cue else unannounced.start() if unannounced else 0
        if cue and not unannounced and _is_distractor(text, cue_at):
            continue
        found = platform_in(text)
        platform = found[0] if found else None
        released_verb = _RELEASED.search(text)
        whens = find_whens(text, published, past=bool(released_verb))
        whens = [w for w in whens if not _DISTRACTOR.search(_near(text, w.start, 5, 0))]
        if unannounced:
            guesses = [w for w in whens if w.start > unannounced.start()]
            out.append(Statement("unannounced", None, None, platform, s))
            if guesses and _SPECULATIVE.search(text):
                out.append(Statement("speculated", _finest(guesses), None, platform, s))
            continue
        if _DELAYED.search(text) and not _RISK.search(text):
            old, new = _split_previous(text, whens)
            out.append(Statement("delayed", _finest(new), _finest(old), platform, s))
            continue
        if _MOVED_EARLIER.search(text):
            old, new = _split_previous(text, whens)
            out.append(Statement("announced", _finest(new), _finest(old), platform, s))
            continue
        if _SPECULATIVE.search(text):
            if whens:
                out.append(Statement("speculated", _finest(whens), None, platform, s))
            continue
        if released_verb and (not whens or not _future(_finest(whens), published)):
            out.append(Statement("released", _finest([w for w in whens if w.is_date]) or None,
                                 None, platform, s))
            continue
        future = [w for w in whens if _future(w, published)]
        if future and cue:
            out.append(Statement("announced", _finest(future), None, platform, s))
    return out


def _better(a: Statement, b: Statement) -> Statement:
    """Of two statements of one status, the one with the old date, then the finer, later date."""
    if bool(a.previous) != bool(b.previous):
        return a if a.previous else b
    pa = a.when.precision if a.when else 0
    pb = b.when.precision if b.when else 0
    if pa != pb:
        return a if pa > pb else b
    sa = window_start(a.when.value) if a.when else None
    sb = window_start(b.when.value) if b.when else None
    if sa and sb and sa != sb:
        return a if sa > sb else b
    return a


def _value(when: When | None) -> tuple[str | None, str | None]:
    if when is None:
        return None, None
    return (when.value, None) if when.is_date else (None, when.value)


def decide(stmts: list[Statement], sentences: list[Sentence]) -> tuple[Release, Speculation]:
    """Many statements -> one release reading and the writer's guess, if any."""
    by_status: dict[str, Statement] = {}
    for st in stmts:
        prev = by_status.get(st.status)
        by_status[st.status] = st if prev is None else _better(prev, st)
    speculation = Speculation()
    spec = by_status.get("speculated")
    if spec and spec.when:
        speculation = Speculation(spec.when.value, (spec.sentence.text,))

    chosen: Statement | None = None
    for status in ("delayed", "announced", "released", "unannounced", "speculated"):
        if status in by_status:
            chosen = by_status[status]
            break
    if "released" in by_status and "announced" in by_status:
        rel, ann = by_status["released"], by_status["announced"]
        if rel.sentence.index > ann.sentence.index and not ann.when:
            chosen = rel
    if chosen is None:
        return Release(), speculation

    date_, window = _value(chosen.when)
    previous = chosen.previous.value if chosen.previous else None
    platform = chosen.platform or _platform_elsewhere(stmts, sentences)
    evidence = [chosen.sentence.text]
    if chosen.status in ("unannounced", "speculated"):
        date_ = window = None  # a guess is not a release date; it goes to speculation
    if chosen.status == "released" and chosen.when and not chosen.when.is_date:
        window = None
    return (
        Release(chosen.status, date_, window, platform, previous, tuple(evidence)),
        speculation,
    )


_PLATFORM_TIE = re.compile(
    r"(?:\bon\s+|\bto\s+|\bvia\s+|\bstreamer\s+|\bnetwork\s+|\bat\s+)$", re.IGNORECASE)


def _platform_elsewhere(stmts: list[Statement], sentences: list[Sentence]) -> str | None:
    for st in stmts:
        if st.platform:
            return st.platform
    for s in sentences:
        if not s.about_watch:
            continue
        found = platform_in(s.text)
        if not found:
            continue
        name, at = found
        after = s.text[at:at + len(name) + 20]
        before = s.text[max(0, at - 12):at]
        if (_PLATFORM_TIE.search(before) or re.match(rf"{re.escape(name)}'s\b", after)
                or re.search(r"\b(?:series|show|original|drama|comedy|ordered|renewed)\b",
                             s.text[at:at + 60], re.I)):
            return name
    return None


def extract_release(sentences: list[Sentence], published: date | None) -> tuple[Release, Speculation]:
    return decide(statements(sentences, published), sentences)
