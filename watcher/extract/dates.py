"""Dates and release windows in English news prose, resolved against the article date.

Hand-written patterns rather than dateparser.search_dates: the forms news uses
are few and regular, and search_dates both costs milliseconds per sentence and
turns "9/7", "Season 2" or "May" (the verb) into dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "winter": 12}
SEASONS = {"spring": "spring", "summer": "summer", "fall": "fall", "autumn": "fall",
           "winter": "winter"}

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|"
          r"Oct\.?|Nov\.?|Dec\.?)")
_WEEKDAY = (r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
            r"Mon\.?|Tues?\.?|Wed\.?|Thu(?:rs?)?\.?|Fri\.?|Sat\.?|Sun\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("us_numeric", re.compile(r"\b(?P<mnum>1[0-2]|0?[1-9])/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d|\d\d)\b")),
    # "premieres on 3/14": a US month/day without a year, only when it cannot be read day/month
    ("us_md", re.compile(r"(?<=\bon\s)(?P<mnum>1[0-2]|0?[1-9])/(?P<day>1[3-9]|2\d|3[01])\b(?![/\d])")),
    ("mdy", re.compile(
        rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?!:)(?:,?\s+{_YEAR})?(?!\d)", re.I)),
    ("dmy", re.compile(
        rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    ("month_year", re.compile(rf"\b(?:(?P<mod>early|late|mid|end of)[\s-]+)?{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("season", re.compile(
        rf"\b(?:(?P<rel>this|next|last|early|late|later this|mid)[\s-]+)?{_SEASON}(?:\s+(?:of\s+)?(?:'?{_YEAR}|(?P<nextyear>next\s+year)))?\b",
        re.I)),
    ("half", re.compile(
        rf"\b(?:the\s+)?(?P<half>first|second|1st|2nd|back|front)\s+half\s+of\s+(?:(?P<yrel>this|next|the)\s+year|{_YEAR})\b",
        re.I)),
    ("early_late_year", re.compile(
        rf"\b(?P<mod>early|late|later|mid|end of|the end of|beginning of|start of)[\s-]+(?:(?:the\s+)?year\s+|in\s+)?(?:{_YEAR}|(?P<yrel>this|next|the)\s+year)\b",
        re.I)),
    # "the first quarter of 2025", "Q3 2025": no window is finer than the half that holds it
    ("quarter", re.compile(
        rf"\b(?:(?:the\s+)?(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?|Q(?P<qnum>[1-4])\s+)"
        rf"(?:{_YEAR}|(?P<yrel>this|next)\s+year)\b", re.I)),
    ("year_end", re.compile(r"\b(?:by\s+|before\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+year\b|\byear(?:'s\s+|-|\s+)end\b", re.I)),
    ("month_this", re.compile(r"\b(?P<mrel>later\s+this|this|next|early\s+next|late\s+next)\s+month\b", re.I)),
    # "returns in the new year": said late in a year, the year that follows
    ("rel_year", re.compile(r"\b(?:(?P<yrel>later this|this|next|early next|late next|late this|early this)\s+year|"
                            r"(?P<newyear>in|into|after|early\s+in)\s+the\s+new\s+year(?!'))\b", re.I)),
    ("month_rel", re.compile(rf"\b(?P<rel>this|next|in|until|by|from|for|late|early|mid|a|its|the|their|planned|original|"
                             rf"scheduled|(?:end|start|beginning|middle)\s+of)[\s-]+{_MONTH}(?!\s+[0-3]?\d\b)(?!\s+(?:19|20)\d\d)\b")),
    ("month_bare", re.compile(
        r"(?<![\w-])(?P<month>January|February|April|June|July|August|September|October|November|"
        r"December)(?!\s+[0-3]?\d\b)(?![\w-])")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>this|next|on|last)\s+)?{_WEEKDAY}(?!\w)")),
    ("holiday", re.compile(
        r"\b(?:on|this|next)\s+(?P<holiday>Halloween|Christmas\s+(?:Day|Eve)|Christmas(?!\s+(?:season|week|weekend|holidays?|break|period|corridor|slot))|"
        r"New\s+Year's\s+(?:Day|Eve)|Valentine's\s+Day|the\s+Fourth\s+of\s+July|July\s+Fourth)(?:\s+(?:night|day))?\b(?:,?\s+{_YEAR})?"
        .replace("{_YEAR}", _YEAR))),
    ("relday", re.compile(r"\b(?P<relday>today|tonight|tomorrow|yesterday)\b", re.I)),
    ("year", re.compile(rf"(?<![\w/$-]){_YEAR}(?![\w/-]|,\d|'s\b)")),  # not "2025's biggest shows"
]


# Words without which a pattern cannot match: the scan is skipped (find_whens runs per sentence)
_GATES = {"quarter": ("quarter", "q1", "q2", "q3", "q4"), "year_end": ("end of", "year's end", "year-end", "year end"), "month_this": ("month",),
          "half": ("half",), "holiday": ("halloween", "christmas", "new year", "valentine", "july")}


@dataclass(frozen=True)
class When:
    """A date or window found in a sentence."""

    value: str  # 'YYYY-MM-DD' or a window ('YYYY-MM', 'YYYY-fall', 'YYYY-H1', 'YYYY')
    is_date: bool
    start: int
    end: int
    text: str
    explicit_year: bool

    @property
    def precision(self) -> int:
        if self.is_date:
            return 4
        if re.fullmatch(r"\d{4}-\d\d", self.value):
            return 3
        if re.fullmatch(r"\d{4}", self.value):
            return 1
        return 2


# Fixed-day holidays a premiere is announced for ("premieres on Halloween"); moving feasts
# (Thanksgiving, Easter) are left out: "on Thanksgiving" needs a calendar, not a table.
_HOLIDAYS = {
    "halloween": (10, 31), "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "the fourth of july": (7, 4), "july fourth": (7, 4),
}


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve_day(month: int, day: int, year: int | None, published: date | None,
                 past: bool) -> date | None:
    if year is not None:
        return _safe_date(year, month, day)
    if published is None:
        return None
    for y in (published.year, published.year + (-1 if past else 1)):
        candidate = _safe_date(y, month, day)
        if candidate is None:
            continue
        if past and candidate <= published:
            return candidate
        if not past and candidate >= published:
            return candidate
    return None


def _resolve_weekday(weekday: int, rel: str | None, published: date | None,
                     past: bool) -> date | None:
    if published is None:
        return None
    if past or (rel or "").lower() == "last":
        delta = (published.weekday() - weekday) % 7
        if delta == 0 and (rel or "").lower() == "last":
            delta = 7  # "last Wednesday" said on a Wednesday is a week ago
        return published - timedelta(days=delta)
    delta = (weekday - published.weekday()) % 7
    if (rel or "").lower() == "next" and delta == 0:
        delta = 7
    return published + timedelta(days=delta)


def find_whens(sentence: str, published: date | None, past: bool = False) -> list[When]:
    """Every date or window of the sentence, finest reading of each stretch of text."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    pub_year = published.year if published else None
    lower = sentence.lower()
    for kind, pattern in _PATTERNS:
        gate = _GATES.get(kind)
        if gate and not any(g in lower for g in gate):
            continue
        for m in pattern.finditer(sentence):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            value, is_date, explicit = _interpret(kind, m, published, pub_year, past)
            if value is None:
                continue
            taken.append((start, end))
            found.append(When(value, is_date, start, end, m.group(0), explicit))
    found.sort(key=lambda w: w.start)
    return _year_after_day(sentence, found)


def _year_after_day(sentence: str, found: list[When]) -> list[When]:
    """'August 22nd next year': the year that follows a day without one is that day's year."""
    out: list[When] = []
    for w in found:
        prev = out[-1] if out else None
        if prev is not None and prev.is_date and not prev.explicit_year and not w.is_date and \
                w.text.lower() in ("next year", "this year") and re.fullmatch(r"\s*,?\s*", sentence[prev.end:w.start]):
            day = date.fromisoformat(prev.value)
            moved = _safe_date(int(w.value), day.month, day.day)
            if moved is not None:
                out[-1] = When(moved.isoformat(), True, prev.start, w.end, sentence[prev.start:w.end], True)
                continue
        out.append(w)
    return out


def _interpret(kind: str, m: re.Match[str], published: date | None, pub_year: int | None,
               past: bool) -> tuple[str | None, bool, bool]:
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    if kind == "iso":
        d = _safe_date(year or 0, int(g["mnum"]), int(g["day"]))
        return (d.isoformat(), True, True) if d else (None, False, False)
    if kind == "us_numeric":
        y = int(g["year"])
        y = y + 2000 if y < 100 else y
        d = _safe_date(y, int(g["mnum"]), int(g["day"]))
        return (d.isoformat(), True, True) if d else (None, False, False)
    if kind == "us_md":
        d = _resolve_day(int(g["mnum"]), int(g["day"]), None, published, past)
        return (d.isoformat(), True, False) if d else (None, False, False)
    if kind in ("mdy", "dmy"):
        month, day = _month(g["month"]), int(g["day"])
        if not 1 <= day <= 31:
            return None, False, False
        d = _resolve_day(month, day, year, published, past)
        if d is None:
            return None, False, False
        return d.isoformat(), True, year is not None
    if kind == "month_year":
        return f"{year:04d}-{_month(g['month']):02d}", False, True
    if kind == "season":
        season = SEASONS[g["season"].lower()]
        rel = (g.get("rel") or "").lower()
        if year is None:
            if pub_year is None:
                return None, False, False
            year = pub_year + 1 if rel == "next" or g.get("nextyear") else pub_year - 1 if rel == "last" else pub_year
            # "returns in (late) spring" or "this coming spring" said in November: the coming spring
            if (rel in ("", "early", "late", "mid") and not g.get("nextyear") and published and not past and season != "winter"
                    and published.month > _SEASON_START[season] + 2
                    and re.search(r"\b(?:(?:in|by|for|until|to|into)\s+(?:the\s+)?|(?:this\s+)?(?:up)?coming\s+)$",
                                  m.string[max(0, m.start() - 14):m.start()])):
                year = pub_year + 1
            # "this winter" said in January is the winter that has begun, same year
            if rel == "next" and published and published < date(pub_year, _SEASON_START[season], 1):
                year = pub_year  # "will return next fall" said in March: the coming fall
        return f"{year}-{season}", False, g.get("year") is not None
    if kind == "half":
        y = year if year else (None if pub_year is None else
                               pub_year + (1 if (g.get("yrel") or "").lower() == "next" else 0))
        if y is None:
            return None, False, False
        half = "H1" if g["half"].lower() in ("first", "1st", "front") else "H2"
        return f"{y}-{half}", False, year is not None
    if kind == "early_late_year":
        y = year if year else (None if pub_year is None else
                               pub_year + (1 if (g.get("yrel") or "").lower() == "next" else 0))
        if y is None:
            return None, False, False
        mod = g["mod"].lower()
        if mod in ("early", "beginning of", "start of"):
            return f"{y}-H1", False, year is not None
        if mod in ("late", "end of", "the end of"):
            return f"{y}-H2", False, year is not None
        return f"{y}", False, year is not None
    if kind == "quarter":
        y = year if year else (None if pub_year is None else
                               pub_year + (1 if (g.get("yrel") or "").lower() == "next" else 0))
        if y is None:
            return None, False, False
        q = int(g["qnum"]) if g.get("qnum") else {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3,
                                                  "3rd": 3, "fourth": 4, "4th": 4}[g["qword"].lower()]
        return f"{y}-{'H1' if q <= 2 else 'H2'}", False, year is not None
    if kind == "year_end":
        return (f"{pub_year}-H2", False, False) if pub_year else (None, False, False)
    if kind == "month_this":
        if published is None:
            return None, False, False
        month, y = published.month, published.year
        if "next" in g["mrel"].lower():
            month, y = (1, y + 1) if month == 12 else (month + 1, y)
        return f"{y}-{month:02d}", False, False
    if kind == "rel_year":
        if pub_year is None:
            return None, False, False
        if g.get("newyear"):
            y = pub_year + 1 if published and published.month >= 7 else pub_year
            return (f"{y}-H1" if g["newyear"].lower().startswith("early") else f"{y}"), False, False
        rel = g["yrel"].lower()
        y = pub_year + 1 if "next" in rel else pub_year
        if rel.startswith("early"):
            return f"{y}-H1", False, False
        if rel.startswith("late "):
            return f"{y}-H2", False, False
        return f"{y}", False, False
    if kind == "month_bare":
        month = _month(g["month"])
        if published is None:
            return None, False, False
        y = published.year
        if not past and month < published.month:
            y += 1
        if past and month > published.month:
            y -= 1
        return f"{y}-{month:02d}", False, False
    if kind == "month_rel":
        month = _month(g["month"])
        if pub_year is None:
            return None, False, False
        y = pub_year
        if published and ((month < published.month and not past) or g["rel"] == "next"):
            y += 1
        if past and published and month > published.month:
            y -= 1
        return f"{y}-{month:02d}", False, False
    if kind == "weekday":
        if g["weekday"][0].islower():
            return None, False, False
        before = m.string[max(0, m.start() - 20):m.start()]
        after = m.string[m.end():m.end() + 20]
        if not g.get("rel") and (re.search(r"\b(?!(?:On|This|Next|Last|Every|Until|By|From|Each)\b)[A-Z][\w'-]+\s+$", before)
                                 or (re.match(r"\s+[A-Z][a-z]", after) and not re.match(r"\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", after))):
            return None, False, False  # "Joy Sunday", "Wednesday Addams": a name
        wd = WEEKDAYS[g["weekday"].lower().rstrip(".")]
        if len(g["weekday"].rstrip(".")) <= 3 and g["weekday"].rstrip(".") in ("Sun", "Sat", "Wed", "Mon"):
            return None, False, False  # "Sun" the newspaper, "Wed" the verb: too risky
        try:
            d = _resolve_weekday(wd, g.get("rel"), published, past)
        except OverflowError:
            d = None
        return (d.isoformat(), True, False) if d else (None, False, False)
    if kind == "holiday":
        name = re.sub(r"\s+", " ", g["holiday"]).casefold()
        month, day = _HOLIDAYS.get(name, (12, 25) if name.startswith("christmas") else (0, 0))
        d = _resolve_day(month, day, year, published, past) if month else None
        return (d.isoformat(), True, year is not None) if d else (None, False, False)
    if kind == "relday":
        if m.group(0)[0].isupper() and m.start() > 0 and not re.search(r"(?:^|[.!?:]\s+|[\"'(]\s*)$", m.string[:m.start()]):
            return None, False, False  # "The Tomorrow War", "the Today show": a name, not a day
        if published is None:
            return None, False, False
        word = g["relday"].lower()
        offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[word]
        try:
            return (published + timedelta(days=offset)).isoformat(), True, False
        except OverflowError:
            return None, False, False
    if kind == "year":
        return f"{year}", False, True
    return None, False, False


def date_value(text: str) -> date | None:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return date.fromisoformat(text)
    return None


def window_start(value: str) -> date | None:
    """The first day a date or window can mean, for ordering and past/future tests."""
    m = re.match(r"(\d{4})(?:-(.+))?$", value)
    if not m:
        return None
    year, rest = int(m.group(1)), m.group(2)
    if rest is None:
        return date(year, 1, 1)
    if re.fullmatch(r"\d\d-\d\d", rest):
        return date.fromisoformat(value)
    if re.fullmatch(r"\d\d", rest):
        return date(year, int(rest), 1)
    return {
        "H1": date(year, 1, 1), "H2": date(year, 7, 1), "spring": date(year, 3, 1),
        "summer": date(year, 6, 1), "fall": date(year, 9, 1), "winter": date(year, 12, 1),
    }.get(rest)


def window_end(value: str) -> date | None:
    """The last day a date or window can mean."""
    start = window_start(value)
    if start is None:
        return None
    m = re.match(r"(\d{4})(?:-(.+))?$", value)
    assert m
    year, rest = int(m.group(1)), m.group(2)
    if rest is None or rest == "H2":
        return date(year, 12, 31)
    if re.fullmatch(r"\d\d-\d\d", rest):
        return start
    if re.fullmatch(r"\d\d", rest):
        nxt = date(year + (start.month == 12), start.month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return {"H1": date(year, 6, 30), "spring": date(year, 5, 31), "summer": date(year, 8, 31),
            "fall": date(year, 11, 30), "winter": date(year + 1, 2, 28)}.get(rest)


def humanize(value: str | None) -> str:
    """'2025-07-09' -> '9 July 2025'; '2025-winter' -> 'winter 2025'."""
    if not value:
        return "not announced"
    d = date_value(value)
    if d:
        return f"{d.day} {d.strftime('%B')} {d.year}"
    m = re.match(r"(\d{4})-(\d\d)$", value)
    if m:
        return f"{date(int(m[1]), int(m[2]), 1).strftime('%B')} {m[1]}"
    m = re.match(r"(\d{4})-(H1|H2|spring|summer|fall|winter)$", value)
    if m:
        label = {"H1": "first half of", "H2": "second half of"}.get(m[2], m[2])
        return f"{label} {m[1]}"
    return value
