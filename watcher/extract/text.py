"""Sentences, names of titles, and which sentences are about the watched title."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from watcher.extract.names import is_person
from watcher.model import Article, WatchTarget

_QUOTES = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "–": "-", "—": " - ", "‐": "-", "‑": "-", "\u00a0": " ", "\u200b": "",
})

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "lt", "col", "sgt", "capt", "rev",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "inc", "co", "corp", "ltd", "no", "vol", "ep", "approx", "est", "mt", "ft",
}

_SENTENCE_END = re.compile(r"""(?<=[.!?])["')\]]*\s+(?=["'(\[]?[A-Z0-9])""")
_LAST_WORD = re.compile(r"([A-Za-z]+)\.$")  # the word a full stop ends: an abbreviation?
_CLOCK_END = re.compile(r"\d\s*[ap]\.m\.$")
_STARTER = re.compile(r"(?:The|It|Its|This|That|These|They|He|She|His|Her|Their|In|A|An)\s")


def normalize(text: str) -> str:
    """One spelling for quotes, dashes and spaces, so patterns stay simple."""
    return " ".join(text.translate(_QUOTES).split())


def fold(text: str) -> str:
    """Lower case without accents: 'Renée' and 'Renee' compare equal."""
    if text.isascii():  # most text: nothing to decompose (a per-character loop costs ~1 ms a page)
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_MARKS).casefold()


class _CombiningMarks(dict[int, int | None]):
    """str.translate table that drops combining marks, filled as characters are first seen
    (a translate runs in C; a per-character generator cost ~1 ms on a non-Latin page)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_MARKS = _CombiningMarks()


def split_sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[start:match.start()].rstrip("\"')]")
        word = _LAST_WORD.search(before)
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1) and not (
                _CLOCK_END.search(before) and _STARTER.match(paragraph, match.end())):
            continue  # "Sept. 24", "J. J. Abrams", "Dr. Who"; but "at 10 p.m. Its cast ..." ends there
        out.append(paragraph[start:match.start()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int  # -1 for the headline
    index: int  # position in the article
    about_watch: bool  # the sentence is tied to the watched title
    names_watch: bool  # the sentence names the watched title or an alias
    other_titles: tuple[str, ...]  # other titles it names
    raw: str = ""  # the text as printed, when `text` was recased for matching (headlines)
    watch_spans: tuple[tuple[int, int], ...] = ()  # where it names the watched title

    @property
    def evidence(self) -> str:
        return self.raw or self.text

    @cached_property
    def lower(self) -> str:
        """The text in lower case, for the keyword gates (see `lowered`)."""
        return self.text.lower()


def lowered(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern compiled to run on lower-cased text.

    Python's re is several times slower with IGNORECASE on a long alternation
    (it cannot skip ahead by the first letters), and the gates that decide whether
    a sentence is worth the real patterns run on every sentence of every page.
    """
    if "(?-i" in pattern or "(?i" in pattern:
        raise ValueError("lowered() patterns are case-insensitive throughout")
    return re.compile(_LITERAL_CAPITAL.sub(lambda m: m.group(0).lower() if len(m.group(0)) == 1 else
                                           m.group(0), pattern))


# an escape, a group's name, or a capital letter (only the last is lowered)
_LITERAL_CAPITAL = re.compile(r"\\N\{[^}]*\}|\\.|\(\?P<\w+>|\(\?P=\w+\)|[A-Z]")


_GENERIC_WORDS = {"untitled", "new", "next", "upcoming", "film", "movie", "series", "show", "sequel",
                  "prequel", "spin-off", "spinoff", "season", "reboot", "revival", "project", "the"}


_COUNTRY = {"us": r"US|U\.S\.|American", "usa": r"US|U\.S\.|American", "uk": r"UK|U\.K\.|British",
            "u.s.": r"US|U\.S\.|American", "u.k.": r"UK|U\.K\.|British"}


def _name_pattern(name: str) -> re.Pattern[str]:
    """A watch name as a regex: quotes and apostrophes optional, hyphens/spaces interchangeable,
    a leading 'The' optional; a country qualifier ('Life on Mars (US)') is also said as 'the US
    Life on Mars' or 'an American version of Life on Mars'."""
    qualifier = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", normalize(name))
    country = _COUNTRY.get(qualifier.group(2).casefold()) if qualifier else None
    if qualifier and country:
        base = _name_pattern(qualifier.group(1)).pattern.removesuffix("(?![\\w])").removesuffix("(?:'s)?")
        base = base.removeprefix("(?<![\\w])")
        return re.compile(
            rf"(?<![\w])(?:(?:{country})\s+(?:(?:version|remake|adaptation|take)\s+(?:of\s+)?)?{base}|"
            rf"{base}\s*\((?i:{re.escape(qualifier.group(2))})\))(?:'s)?(?![\w])", re.IGNORECASE)
    words = re.split(r"[\s\-]+", normalize(name).replace('"', ""))
    words = [w for w in words if w.replace("'", "")]
    optional_the = len(words) > 2 and words[0].casefold() == "the"
    body = r"[\s\-]*".join(
        "'?".join(re.escape(part) for part in w.split("'")) for w in (words[1:] if optional_the else words))
    if optional_the:
        body = rf"(?:the\s+)?{body}"
    flags = re.IGNORECASE if len(words) > 1 or not name[:1].isupper() else 0
    return re.compile(rf"(?<![\w]){body}(?:'s)?(?![\w])", flags)


def _reference_pattern(name: str) -> re.Pattern[str] | None:
    """'untitled Jurassic World film' or 'Jurassic World 4' -> 'the next/new Jurassic World (film)'."""
    words = normalize(name).split()
    core = [w for w in words if w.casefold() not in _GENERIC_WORDS]
    if core and re.fullmatch(r"\d+", core[-1]) and len(core) > 1:
        core = core[:-1]
    if not core or core == words or len(" ".join(core)) < 5 or len(core) > 4:
        return None
    body = r"\s+".join(re.escape(w) for w in core)
    kinds = r"film|movie|series|show|sequel|prequel|spin-?off|project|installment|drama|comedy|thriller"
    # an untitled project goes by its maker and kind: "Untitled Jason Woliner Series" is "the
    # (mysterious) Jason Woliner series"
    # ("Dan Fogelman's next television project", "the Dan Fogelman drama"; not "his last series")
    bare = (rf"|\b{body}(?:'s)?\s+(?:(?:next|new|upcoming|untitled|still-untitled|latest)\s+)?"
            rf"(?:(?!(?:previous|last|earlier|former|hit|past|first|other)\b)[\w-]+\s+)?(?:{kinds}|drama|comedy|thriller)\b"
            if words[0].casefold() == "untitled" else "")
    return re.compile(
        rf"\b(?:next|new|untitled|upcoming|latest|fourth|third|fifth|second)\s+(?:[\w-]+\s+)?{body}(?![\w])"
        rf"(?:\s+(?:{kinds}))?{bare}", re.IGNORECASE)


@lru_cache(maxsize=4096)  # one entry per watch: a daemon of many watches keeps them all
def watch_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    patterns = [_name_pattern(n) for n in names if n.strip()]
    patterns += [p for p in (_reference_pattern(n) for n in names if n.strip()) if p]
    return tuple(patterns)


def find_watch(text: str, target: WatchTarget) -> list[tuple[int, int]]:
    """Spans where the text names the watched title (quotes ignored)."""
    return _spans(_unquote(text), watch_patterns(target.names))


def _spans(plain: str, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    spans = []
    for pattern in patterns:
        spans.extend(m.span() for m in pattern.finditer(plain))
    return spans


_QUOTE_MARK = re.compile(r"""(?<!\w)['"]|['"](?!\w)""")


def _unquote(text: str) -> str:
    # keep offsets stable: quotes become spaces, except apostrophes inside words
    if "'" not in text and '"' not in text:
        return text
    return _QUOTE_MARK.sub(" ", text)


# A capitalised phrase: the shape of a title or a name.
_CAP = r"(?:[A-Z0-9][\w'.&+-]*|[A-Z])"
_LINK = r"(?:of|the|and|a|an|in|on|at|to|for|with|from|&|de|la|le|von|van|der)"
_PHRASE = rf"{_CAP}(?:(?::\s|\s)(?:{_LINK}\s)*{_CAP})*"
_QUOTED_TITLE = re.compile(rf"""(?:^|[\s(])['"]({_PHRASE}[?!]?),?['"](?=[\s,.;:)!?]|'s|$)""")
_COLON_TITLE = re.compile(rf"\b([A-Z][\w'-]+(?: [A-Z][\w'-]+)?: (?:{_LINK}\s)*{_CAP}(?: {_CAP})*)")
_SEASON_TITLE = re.compile(
    rf"\b((?:The\s)?{_CAP}(?:\s(?:{_LINK}\s)*{_CAP}){{0,4}})(?:'s)?\s(?:[Ss]eason|[Ss]eries|[Pp]art|[Vv]ol\.?)\s(?:\d+|[A-Z][a-z]+)\b"
)
_KIND_TITLE = re.compile(
    rf"(?:\b(?:the|its|their|his|her)\s(?:[\w-]+\s)?|[A-Z][\w+]*'s\s(?:[\w-]+\s){{0,2}}?)(?:film|movie|series|show|sequel|prequel|drama|comedy|spin-?off|miniseries|franchise|thriller|novel|book|animated|live-action)\s((?:The\s)?{_CAP}(?:\s(?:{_LINK}\s)*{_CAP}){{0,5}})"
)
# "the second season of House of the Dragon", "the finale of Severance"
_PART_OF_TITLE = re.compile(
    rf"\b(?:season|series|seasons|episode|episodes|finale|premiere|trailer|sequel|spin-?off|prequel|reboot|remake|cast)"
    rf"\sof\s((?:The\s)?[A-Z][\w'.&+-]*(?:\s(?:{_LINK}\s)*{_CAP}){{0,5}})")
# "The Penguin, an eight-episode HBO series": a title in apposition to a kind of work
_APPOSITIVE_TITLE = re.compile(
    rf"(?:^|\bin\s|\bon\s|\band\s|\bwith\s)((?:The\s)?[A-Z][\w'.&+-]*(?:\s(?:{_LINK}\s)*{_CAP}){{0,4}}),\s(?:an?|the)\s(?:[\w-]+\s){{0,3}}?"
    r"(?:series|film|movie|show|drama|comedy|sitcom|thriller|miniseries|docuseries|spin-?off|sequel|prequel|procedural|anthology)\b")
_APPOSITIVE_GATE = re.compile(
    r",\s(?:an?|the)\s(?:[\w-]+\s){0,3}?(?:series|film|movie|show|drama|comedy|sitcom|thriller|miniseries|"
    r"docuseries|spin-?off|sequel|prequel|procedural|anthology)\b")
_PARTICIPLE = re.compile(r"(?:Set|Based|Shot|Filmed|Adapted|Inspired|Told|Made|Produced|Created|Written)\s")
# a sentence's opening preposition before a name: "Besides Renner, the series stars ..."
_PREPOSITION = re.compile(r"(?:Besides|Beside|Like|Unlike|Alongside|Apart\s+from|Aside\s+from|Despite|Without|"
                          r"Including|Except|Plus|Opposite|Other\s+than|As\s+well\s+as|In\s+addition\s+to)\s")
_RELATIVE_VERB = re.compile(r"\s+(?:[a-z]+ed|made|wrote|shot|did|began|finished)\b")
# The label of a fact-box line ("When: Spring 2020", "Network: HBO", "Release date: TBA")
_LABEL = (r"(?:When|Where(?:\s+to\s+(?:watch|stream))?|Platform|Network|Channel|Streaming(?:\s+on)?|Streamer|"
          r"Service|(?:Original\s+|UK\s+|US\s+)?Broadcaster|Release(?:\s+date)?|Premieres?|Premiere\s+date|"
          r"Air\s+date|Airs|Out|Debuts|Status|Cast|From|Country|Origin|Language|Creators?|Created\s+by|"
          r"Writers?|Written\s+by|Directors?|Directed\s+by|Showrunners?|Producers?|"
          r"Starring|Stars|Episodes|Seasons|Genre|Runtime)")
LABEL_LINE = re.compile(rf"{_LABEL}(?:\s*/\s*{_LABEL})*\s*:\s", re.IGNORECASE)  # "Network/Streaming: Max"
_NOT_TITLES = {
    "season", "series", "part", "the", "a", "an", "netflix", "hbo", "it", "this", "that",
    "he", "she", "they", "we", "i", "in", "on", "and", "but", "however", "episode",
}


_ACTOR_AFTER = re.compile(r"\s*\((?:played\s+by\s+)?[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3}\)")
_CAPTION_LABELS = {"photo", "photos", "picture", "pictured", "image", "images", "video", "watch", "see", "read",
                   "listen", "credit", "caption", "gallery", "pics", "exclusive", "update", "updated", "breaking"}
_SPEAKERS = {"you", "us", "we", "me", "i", "q", "a"}


def _word_in(phrase: str, text: str) -> bool:
    """The phrase occurs in the text as whole words."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "'")) and (
                end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(phrase, start + 1)
    return False


def _quoted_titles(text: str) -> list[str]:
    # (not '"Earn Marks" (Donald Glover)': a part and its actor)
    return [m.group(1).strip(" .,") for m in _QUOTED_TITLE.finditer(text) if not _ACTOR_AFTER.match(text, m.end())]


# Each title pattern with the words (lower case) one of which any match contains.
_TITLE_GATES = (
    (_QUOTED_TITLE, ("'", '"')),
    (_COLON_TITLE, (": ",)),
    (_SEASON_TITLE, ("season", "series", "part", "vol")),
    (_KIND_TITLE, ("film", "movie", "series", "show", "sequel", "prequel", "drama", "comedy", "spin",
                   "miniseries", "franchise", "thriller", "novel", "book", "animated", "live-action")),
    (_APPOSITIVE_TITLE, (", ",)),
    (_PART_OF_TITLE, (" of ",)),
)

def other_titles(text: str, target: WatchTarget,
                 watch_spans: list[tuple[int, int]] | tuple[tuple[int, int], ...] | None = None) -> list[str]:
    """Titles the sentence names that are not the watched one (watch_spans: find_watch's answer,
    when the caller has it already)."""
    if watch_spans is None:
        watch_spans = find_watch(text, target)
    found: list[str] = []
    low = text.lower()
    for pattern, needs in _TITLE_GATES:
        if not any(map(low.__contains__, needs)):
            continue  # none of the words every match holds: the pattern need not scan the sentence
        if pattern is _APPOSITIVE_TITLE and not _APPOSITIVE_GATE.search(text):
            continue
        if pattern is _COLON_TITLE and LABEL_LINE.match(text):
            continue  # "Where to watch: Netflix", "When: Spring 2020": a fact box, not a title
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if any(s < end and start < e for s, e in watch_spans):
                continue
            title = match.group(1).strip(" .,")
            if title.casefold() in _NOT_TITLES or _is_watch_name(title, target):
                continue
            if title.endswith("'s") and " " not in title:
                continue  # "the second season of ABC's hit drama": the owner, not a title

            if pattern in (_APPOSITIVE_TITLE, _PART_OF_TITLE) and is_person(title):
                continue  # "Pedro Pascal, a series regular"
            if pattern is _COLON_TITLE and title.split(":")[0].casefold() in _SPEAKERS:
                continue  # "You: Is there a trailer?" "Us: There is.": a Q&A's speakers
            if pattern is _QUOTED_TITLE and _ACTOR_AFTER.match(text, match.end()):
                continue  # '"Earn Marks" (Donald Glover) is a young manager': a part and its actor
            if pattern is _COLON_TITLE and title.split(":")[0].casefold() in _CAPTION_LABELS:
                continue  # "[Photo: David Gyasi as Austin Dennison]", "WATCH: Keri Russell is back"
            if pattern is _APPOSITIVE_TITLE and (_PARTICIPLE.match(title) or _PREPOSITION.match(title)):
                continue  # "Set in Hong Kong in 2014, the six-part drama follows ...", "Besides Renner, the series"
            if pattern is _KIND_TITLE and is_person(title) and _RELATIVE_VERB.match(text, end):
                continue  # "the last film Carrie Fisher completed": who made it, not its title
            if not any(title in f or f in title for f in found):
                found.append(title)
    return found


def _is_watch_name(phrase: str, target: WatchTarget) -> bool:
    key = fold(_unquote(phrase)).strip()
    return any(key == fold(n) or fold(n) in key.split(":")[0] for n in target.names)


# Words a Title Case headline capitalises that the patterns expect in lower case.
_HEADLINE_WORDS = {
    "a", "an", "the", "and", "or", "but", "as", "at", "by", "for", "from", "in", "into", "of", "on",
    "to", "with", "after", "over", "is", "are", "was", "were", "be", "been", "will", "won't", "not",
    "has", "have", "had", "its", "his", "her", "their", "it", "this", "that", "joins", "join",
    "joined", "adds", "add", "added", "cast", "casts", "lands", "land", "gets", "get", "sets",
    "set", "plays", "play", "stars", "star", "leads", "lead", "returns", "return", "returning",
    "exits", "exit", "leaves", "leaving", "left", "quits", "talks", "negotiations", "eyed",
    "circles", "circling", "reunites", "boards", "premieres", "premiere", "premiered", "debuts",
    "debut", "release", "releases", "released", "date", "dated", "delayed", "delays", "pushed",
    "moves", "moved", "back", "up", "out", "off", "now", "new", "first", "look", "finally",
    "reveals", "revealed", "confirms", "confirmed", "announces", "announced", "officially",
    "takes", "take", "replace", "replaces", "replaced", "recast", "recasts", "role",
    "season", "series", "part", "trailer", "teaser", "coming", "arrives", "arrive", "streaming",
    "drops", "heads", "headed", "renewed", "canceled", "cancelled", "titled", "retitled",
    "becomes", "jumps", "slips", "shifts", "bumped", "ahead", "early", "late", "again",
    "more", "also", "amid", "during", "before", "until", "than", "who", "what", "when", "why", "how",
    "says", "said", "report", "reportedly", "rumored", "rumoured", "could", "might", "may", "would",
    "loses", "lose", "another", "taps", "tapped", "eyes", "nabs", "hires", "enlists", "welcomes", "done",
    "bows", "bowed", "bowing", "steps", "stepped", "stepping", "departs", "departed", "departing", "exiting",
    "exited", "joining", "signs", "signed", "books", "booked", "landed", "finale", "farewell",
}


def recase_headline(headline: str) -> str:
    """'Steven Yeun Exits Marvel's Thunderbolts' -> 'Steven Yeun exits Marvel's Thunderbolts'.

    Only for Title Case headlines (most words capitalised); the first word stays.
    """
    words = headline.split(" ")
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    if len(long_words) < 3 or sum(w[:1].isupper() for w in long_words) < 0.8 * len(long_words):
        return headline
    out = [words[0]]
    for i, w in enumerate(words[1:]):
        core = w.strip("\"'(),:;!?")
        if words[i].endswith(":") or w[:1] in "'\"":
            out.append(w)  # a title starts here
            continue
        if core[:1].isupper() and core.casefold() in _HEADLINE_WORDS and core != "May":
            w = w.replace(core, core.lower(), 1)
        out.append(w)
    return " ".join(out)


# Words of section headings that name no title ("Release date", "Cast", "Advertisement", "Trending")
_HEADING_WORDS = {
    "release", "date", "dates", "cast", "casting", "plot", "story", "trailer", "teaser", "premiere",
    "season", "seasons", "episode", "episodes", "synopsis", "details", "news", "what", "when", "where",
    "who", "how", "why", "is", "there", "about", "more", "the", "a", "an", "of", "and", "to", "we",
    "know", "related", "stories", "trending", "now", "advertisement", "ad", "sponsored",
    "latest", "popular", "read", "also", "watch", "share", "comments", "newsletter", "sign", "up",
    "subscribe", "follow", "us", "menu", "search", "home", "tv", "movies", "streaming", "reviews",
    "review", "video", "videos", "podcast", "podcasts", "new", "returning", "everything", "so", "far",
    "characters", "crew", "production", "filming", "trailers", "recommended", "for", "you", "top",
}


def _heading(text: str) -> bool:
    """A paragraph that is a section heading: a few words, no sentence ('Challengers', 'ARROW.')."""
    words = text.split()
    if not words or len(words) > 8 or len(text) > 80:
        return False
    if text.isupper():
        return True
    return not text.rstrip("\"')").endswith((".", "!", "?", ":", ",")) and sum(
        w[:1].isupper() or w[:1].isdigit() for w in words) >= max(1, len(words) - 2)


def _titled_heading(text: str) -> bool:
    """A heading that can name a title: some word that is not a stock heading word."""
    if len(text.split()) > 6 or re.search(r"[|@#*]|\d:\d", text):
        return False
    words = text.split()
    return any(re.search(r"[A-Za-z]" if len(words) == 1 else r"\w", w)
               and w.strip(".,:!?'\"()").casefold() not in _HEADING_WORDS for w in words)


# A listicle entry's closing line ("On BBC Two this spring", "Streaming on Netflix now") is no heading
_WHERE_TO_WATCH = re.compile(r"(?:Streaming\s+|Airs\s+|Available\s+|Coming\s+)?(?:on|On)\s+[A-Z][^.]*\b(?:this|next|in|from|now|"
                             r"tonight|today|later|spring|summer|autumn|fall|winter|(?:19|20)\d\d)\b")
# "The Act (Hulu, March 20)", "THE LUMINARIES by Eleanor Catton", "Trigger Point, 9pm, ITV": the title,
# then its details
_HEADING_TAIL = re.compile(r"\s*\([^()]*\)\s*$|\s+by\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}\s*$|"
                           r"(?:,\s*[^,]{1,30}?)*,\s*\d{1,2}(?:[.:]\d\d)?\s*[ap]\.?m\b\.?(?:,\s*[^,]{1,30})?$")


# an entry's date line: "Premieres on Prime Video Sept. 29", "Premiered on Disney Plus Aug. 22"
DATE_LINE = re.compile(r"(?:Premieres?|Premiered|Debuts?|Debuted|Arrives?|Arrived|Returns?|Returned|Streams?|Streaming|"
                        r"Airs?|Aired|Launch(?:es|ed)?|Opens?|Opened|Out)\s+(?:on|in|to|at)\s")
_LIST_NUMBER = re.compile(r"#?\d{1,2}[.):]?")


def _sections(units: list[tuple[int, str]], target: WatchTarget) -> dict[int, bool] | None:
    """In a roundup whose sections are headed by titles ('Challengers' ... 'White Bird'), whether
    each paragraph lies in the watched title's section; None when the page has no such sections."""
    per_paragraph: dict[int, list[int]] = {}
    for i, (p, _) in enumerate(units):
        if p >= 0:
            per_paragraph.setdefault(p, []).append(i)
    headings: list[tuple[int, bool]] = []
    keys = [fold(n) for n in target.names]
    for p, idx in per_paragraph.items():
        if len(idx) == 2 and _LIST_NUMBER.fullmatch(units[idx[0]][1]):
            idx = idx[1:]  # "1." then "The Summer I Turned Pretty": a numbered heading
        text = units[idx[0]][1]
        if len(idx) != 1 and not (text.isupper() and len(text.split()) <= 6):
            continue  # a run-in heading opens its paragraph in capitals: "ARROW. The show ..."
        if not _heading(text) or _WHERE_TO_WATCH.match(text) or LABEL_LINE.match(text) or DATE_LINE.match(text):
            continue
        text = _HEADING_TAIL.sub("", text)
        if not _titled_heading(text):
            continue
        plain = re.sub(r"[^\w\s'&:+-]", " ", fold(text)).strip()
        # the heading is the title itself, not a caption naming it ("Sam Claflin in Lazarus")
        # (the substring test first spares compiling a pattern per watch name and page)
        is_watch = any(k in plain and re.fullmatch(rf"(?:the\s+)?{re.escape(k)}(?:\s+(?:season|series|part)\s+\w+)?", plain)
                       for k in keys)
        headings.append((p, is_watch))
    capitals = all(units[per_paragraph[p][-1]][1].isupper() for p, _ in headings)
    # each heading over a fact box ("Starring: ...", "Premieres: ...") is a listing's entry
    boxed = all(p + 1 in per_paragraph and LABEL_LINE.match(units[per_paragraph[p + 1][0]][1]) for p, _ in headings)
    if not any(w for _, w in headings) or sum(not w for _, w in headings) < (0 if boxed else 1 if capitals else 2):
        return None  # one other heading is enough when all are set in capitals ("STEPHEN", "ANGELA BLACK")
    inside: dict[int, bool] = {}
    current = False
    marks = dict(headings)
    for p in sorted(per_paragraph):
        if p in marks:
            current = marks[p]
        inside[p] = current
    return inside


_OTHER_NEWS = re.compile(r"\b(?:in\s+other\s+news|the\s+rest\s+of\s+(?:today's|the\s+day's|this\s+week's|the)\s+news|"
                         r"other\s+news\s+(?:in\s+brief|today|this\s+week)|news\s+in\s+brief)\b", re.IGNORECASE)


# "best known from NCIS", "a veteran of ER", "who starred in Lost": an actor's past credit
_CREDIT_BEFORE = re.compile(r"(?:\b(?:best\s+|well\s+|mostly\s+|widely\s+)?known\s+(?:lately\s+|mostly\s+|mainly\s+|best\s+)?(?:for|from)"
                            r"(?:\s+(?:playing|starring\s+in|her\s+role\s+in|his\s+role\s+in|roles\s+in))?|"
                            r"\b(?:alum|alumna|alumnus|veteran|star)\s+of|\b(?:formerly|previously|late)\s+(?:of|on|in)|\bfresh\s+(?:off|from)|\bwho\s+(?:previously\s+|also\s+)?(?:starred|appeared)\s+in|"
                            r"\bwho\s+(?:previously\s+|also\s+)?(?:directed|wrote|created|co-created|made|produced))"
                            r"\s+(?:the\s+)?['\"]?$", re.IGNORECASE)


# "over 'Attack the Block' star John Boyega": the title, then the word that makes it a credit
_STAR_AFTER_TITLE = re.compile(r"""['"]?\s+(?:star|actor|actress|alum|alumna|alumnus|veteran|breakout|favou?rite)\s+[A-Z]""")


def _title_as_past_credit(text: str, title: str) -> bool:
    """The title is named as an actor's past credit, not as a work the sentence is about."""
    at = text.find(title)
    # (a credit-then-star form opening the sentence may go on about that show: "Bosch: Legacy
    # star Titus Welliver is shooting that show's final season")
    return at > 0 and (bool(_CREDIT_BEFORE.search(text[max(0, at - 50):at])) or (
        bool(re.search(r"\b[a-z]+\s+['\"]?$", text[max(0, at - 20):at])) and bool(_STAR_AFTER_TITLE.match(text, at + len(title)))))


# "... is back on March 4. - Flaked, a comedy ..., premieres March 11.": a list flattened into one
# paragraph; each item is a paragraph of its own
_INLINE_BULLET = re.compile(r"(?<=[.!?])\s+[-\u2013\u2022*]\s+(?=[A-Z0-9\"'\u2018\u201c])")


_MINOR_WORDS = {"of", "the", "a", "an", "and", "in", "on", "at", "to", "for", "with", "from", "&"}


_SEQUEL_OF = re.compile(r"\b(?:sequel|follow-?up|successor|next\s+(?:installment|instalment|chapter|film|movie|season))"
                        r"\s+(?:to|of)\s+(?:the\s+)?(?:(?:hit|smash|original|first|last|previous|\d{4})\s+)?(?:film\s+|movie\s+)?['\"]?$",
                        re.IGNORECASE)


def _follows(text: str, title: str, target: WatchTarget) -> bool:
    """The sentence calls the watched title 'the sequel to <title>', a work sharing a word of its name."""
    at = text.find(title)
    if at < 0 or not _SEQUEL_OF.search(text[max(0, at - 60):at]):
        return False
    words = {w for w in re.findall(r"[\w']+", fold(title)) if len(w) > 3 and w not in _GENERIC_WORDS}
    return any(words & set(re.findall(r"[\w']+", fold(n))) for n in target.names)


def _short_names(quoted_titles: list[str], target: WatchTarget) -> list[str]:
    """Short forms the page quotes for the watched title: trade press calls "The Pillars of the
    Earth" "Pillars" once it has named it in full. A quoted run of the full name's own words counts,
    not the part before a colon ("Spartacus" of "Spartacus: Blood and Sand" is the parent show)."""
    shorts: list[str] = []
    for quoted in quoted_titles:
        words = quoted.split()
        if len(quoted) < 5 or words[0].casefold() in _MINOR_WORDS or words[-1].casefold() in _MINOR_WORDS \
                or all(w.casefold() in _GENERIC_WORDS for w in words) or quoted in shorts:
            continue
        for name in target.names:
            own = normalize(name).split(":")[-1].split()
            if len(own) > len(words) and any(own[i:i + len(words)] == words for i in range(len(own))):
                shorts.append(quoted)
                break
    return shorts


def attribute(article: Article, target: WatchTarget) -> list[Sentence]:
    """Split an article into sentences and mark the ones about the watched title.

    A sentence is about the watched title when it names it, or when it names no
    other title and follows, in the same paragraph, a sentence about it; a
    paragraph that names no title at all belongs to the article's topic.
    """
    units: list[tuple[int, str]] = []
    if article.headline:
        units.append((-1, normalize(article.headline)))
    pieces = (piece for paragraph in article.paragraphs for piece in _INLINE_BULLET.split(normalize(paragraph)))
    for p, piece in enumerate(pieces):
        units.extend((p, s) for s in split_sentences(piece))

    # find_watch on each sentence, with only the patterns that match somewhere on the page (most
    # pages never name the watch): a match in a sentence is one in the sentences joined by line
    # breaks too, since the patterns anchor on word boundaries only
    plain = [_unquote(text) for _, text in units]
    page = "\n".join(plain)
    patterns = tuple(p for p in watch_patterns(target.names) if p.search(page))
    quoted_titles = [t for _, text in units if "'" in text or '"' in text for t in _quoted_titles(text)]
    if patterns and (shorts := _short_names(quoted_titles, target)):
        target = WatchTarget(target.title, (*target.aliases, *shorts))
        patterns = tuple(p for p in watch_patterns(target.names) if p.search(page))
    spans = [tuple(_spans(text, patterns)) if patterns else () for text in plain]
    named = [bool(sp) for sp in spans]
    others = [tuple(other_titles(text, target, sp)) for (_, text), sp in zip(units, spans, strict=True)]
    # a title the page quotes once ("'Will Trent' and 'The Rookie' return") is a title everywhere
    quoted = {t for t in quoted_titles
              if not _is_watch_name(t, target) and len(t) > 3 and t.casefold() not in _NOT_TITLES
              and not any(fold(t) in fold(n) and re.search(rf"\b{re.escape(fold(t))}\b", fold(n))
                          for n in target.names)}
    if quoted:
        others = [o + tuple(t for t in quoted if t in text and t not in o and _word_in(t, text)
                            and not any(t in x for x in o))
            if not named[i] else o for i, ((_, text), o) in enumerate(zip(units, others, strict=True))]
    # "The sequel to Jumanji: Welcome to the Jungle is set to open ...": the watched title, named by
    # the work it follows (which shares a word of its name)
    for i, ((_, text), other) in enumerate(zip(units, others, strict=True)):
        if other and not named[i] and (" to " in text or " of " in text):
            follows = [t for t in other if _follows(text, t, target)]
            if follows:
                named[i] = True
                others[i] = tuple(t for t in other if t not in follows)
    headline_named = bool(units) and units[0][0] == -1 and named[0]
    first_title_is_watch = next(
        (n for n, o in zip(named, others, strict=True) if n or o), False)
    # the parent franchise a spin-off is named after ("Stranger Things" for "Stranger Things: Tales
    # From '85") counts as one title among others, not as a rival topic to each mention
    parents = {fold(n).split(":")[0].strip() for n in target.names if ":" in n}
    rival = sum(1 for o in others if o and not all(fold(t) in parents for t in o))
    topic_is_watch = headline_named or (first_title_is_watch and sum(named) >= rival)

    # a roundup with a section per title: the watched title's section is about it, the others not
    sections = _sections(units, target) if len(units) > 6 else None

    result: list[Sentence] = []
    focus = topic_is_watch
    last_paragraph = None
    other_news = False  # past "here is the rest of today's news": later paragraphs are other stories
    for i, ((p, text), names_watch, other) in enumerate(zip(units, named, others, strict=True)):
        in_section = sections is not None and sections.get(p, False)
        if p != last_paragraph:
            focus = (topic_is_watch and not other_news) if sections is None or p < 0 else in_section
            last_paragraph = p
        if p >= 0 and "news" in text and _OTHER_NEWS.search(text):
            other_news = True
        if names_watch:
            about = True
            focus = True
        elif other and all(_title_as_past_credit(text, t) for t in other):
            about = focus  # "X, best known from NCIS, has joined the series": a credit, not a rival topic
        elif other:
            about = False
            focus = in_section  # "X's follow-up to Bones and All ...": the section's title stays the topic
        else:
            about = focus
        if p == -1:
            recased = recase_headline(text)
            if recased != text:
                result.append(Sentence(recased, p, i, about, names_watch, other, text, spans[i]))
                continue
        result.append(Sentence(text, p, i, about, names_watch, other, "", spans[i]))
    return result
