"""Is this capitalised phrase a person's name? Decided offline, without a model.

First names come from the name dictionary shipped inside the gender-guesser
package (~45,000 given names of many countries; its data, not its code), read
once and cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

# Capitalised words that begin sentences or name things, never people here.
NOT_FIRST_NAMES = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they",
    "we", "i", "you", "in", "on", "at", "and", "but", "or", "as", "with", "for", "from", "to",
    "of", "by", "after", "before", "while", "when", "where", "who", "what", "why", "how",
    "season", "series", "part", "episode", "netflix", "hbo", "max", "prime", "amazon",
    "disney", "apple", "hulu", "peacock", "paramount", "fox", "star", "stars", "studio",
    "studios", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "spring", "summer", "fall", "autumn",
    "winter", "christmas", "easter", "will", "can", "more", "also", "both", "all", "new",
    "old", "young", "big", "little", "best", "first", "last", "next", "deadline", "variety",
    "warner", "universal", "sony", "lionsgate", "marvel", "dc", "lucasfilm", "pixar", "bbc",
    "emmy", "emmys", "oscar", "oscars", "golden", "academy", "comic", "con", "los", "san", "santa", "west", "east", "north", "south", "lord", "lady", "king", "queen",
    "prince", "princess", "captain", "detective", "doctor", "dr", "agent", "officer",
    "general", "mr", "mrs", "ms", "miss", "sir", "dame", "uncle", "aunt", "mother", "father",
    "sister", "brother", "saint", "here", "there", "now", "then", "so", "if", "not", "no",
    "yes", "one", "two", "three", "stranger", "black", "white", "red", "blue", "green",
    "dark", "house", "game", "harry", "legacy", "love", "hope", "joy", "grace", "faith",
    "rose", "dawn", "chase", "hunter", "bishop", "his", "her", "hers", "their", "our", "my", "your",
    "walker", "mason", "cooper", "parker", "carter", "tucker", "taylor", "bosch",
    "neither", "either", "none", "nobody", "everyone", "someone", "anyone", "each", "nor",
}
# Words that are never a given name here but are common surnames: "Eva Green", "Jack Black",
# "Dominic West", "Spencer Lord", "Joy Sunday", "Max Minghella", "Emilia Fox".
SURNAME_WORDS = {
    "green", "black", "white", "brown", "west", "north", "south", "east", "lord", "king", "young",
    "little", "sunday", "monday", "friday", "may", "day", "rose", "love", "hope", "grace", "chase",
    "hunter", "walker", "mason", "cooper", "parker", "carter", "tucker", "taylor", "bishop", "house",
    "summer", "winter", "august", "april", "june", "march", "best", "prince", "star", "rich", "dawn", "fox",
}
# Given names that are also common words but are normally names when two
# capitalised words follow each other ("Hunter Schafer", "Grace Van Patten").
NAME_WORDS_OK_WITH_SURNAME = {
    "harry", "love", "hope", "joy", "grace", "faith", "rose", "summer", "dawn", "june",
    "april", "may", "august", "chase", "hunter", "mason", "cooper", "parker", "carter",
    "tucker", "taylor", "will", "star", "king", "prince", "walker", "bishop", "legacy", "oscar",
}
# Words that are no given name even before a surname (computed once: is_person runs on every name).
_NEVER_GIVEN = frozenset(NOT_FIRST_NAMES - NAME_WORDS_OK_WITH_SURNAME)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    names: set[str] = set()
    try:
        data = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
        with data.open("r", encoding="iso-8859-1") as handle:
            for line in handle:
                if line.startswith("#") or len(line) < 30:
                    continue
                kind = line[:2].strip()
                if kind not in ("M", "F", "?", "1M", "1F", "?M", "?F"):
                    continue
                name = line[3:29].strip().replace("+", "-")
                if name and " " not in name:
                    names.add(name.casefold())
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        pass
    names.update(_EXTRA_FIRST_NAMES)
    return frozenset(names)


# Given names of performers that a 2007 dictionary lacks.
_EXTRA_FIRST_NAMES = {
    "maggie", "zendaya", "gaten", "timothée", "timothee", "saoirse", "lupita", "chiwetel",
    "jharrel", "kiernan", "ncuti", "ayo", "jenna", "ke", "quinta", "dacre", "jacob", "kj",
    "awkwafina", "rege-jean", "regé-jean", "florence", "jodie", "taron", "millie", "caleb",
    "noah", "finn", "sadie", "natalia", "charlie", "brett", "skyler", "jesse", "pedro",
    "bella", "tati", "ever", "anya", "aubrey", "sterling", "yahya", "mahershala", "lakeith",
    "gugu", "cush", "tenoch", "ser'darius", "keke", "storm", "glen", "kit", "ana",
}

_SUFFIXES = {"Jr", "Sr", "Jnr", "Snr", "II", "III"}
_PARTICLES = {"de", "van", "von", "da", "del", "della", "di", "du", "la", "le", "bin", "al", "ter", "dos", "das",
              "der", "den", "y"}
# letters of European names: "Fedaravičius", "Sigurðarson" (an accented capital starts no name:
# the dictionary lacks most such given names, so "Ólafur Darri Ólafsson" would lose its first word)
_UP = "A-Z"
_LOW = "a-zß-öø-ÿ\u0100-\u017f"
_TOKEN = (rf"(?:[{_UP}][{_LOW}]*(?:-[A-Za-z{_LOW}]+|'(?!s\b)[A-Za-z{_LOW}]+)+|[{_UP}][{_LOW}]+|"
          rf"[A-Z]{{1,2}}\.?(?:\s?[A-Z]\.)*|[A-Z][a-z]*[A-Z][{_LOW}]+)")
_PARTICLE = r"(?:de|van|von|da|del|della|di|du|la|le|bin|al|ter|dos|das|St\.)"
NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{1,3}}(?:,?\s+(?:Jr\.|Sr\.|Jnr\.?|Snr\.?|II|III)(?![\w]))?"
NAME_RE = re.compile(rf"(?<![\w])({NAME})(?![\w])")
_INITIALS = re.compile(r"[A-Z]{1,2}\.?(?:\s?[A-Z]\.)*")  # "J.J.", "KJ"


def is_person(phrase: str, known_first_name: bool = True) -> bool:
    """A plausible personal name: two to four capitalised words, a known given name.

    known_first_name=False is for places where the sentence already says a person
    is meant ("X plays Y"): any capitalised name shape then passes.
    """
    tokens = phrase.replace(",", " ").split()
    while tokens and tokens[-1].rstrip(".") in _SUFFIXES:
        tokens.pop()  # "Eustache Jnr" is one word of a name, not two
    if len(tokens) < 2 or len(tokens) > 5 or tokens[0][:1].islower():
        return False  # "de Pablo" is the end of "Cote de Pablo", never a whole name
    if any(t[:1].islower() and t not in _PARTICLES for t in tokens[1:]):
        return False  # "Mare of Easttown", "Bones and All": a title, not a name
    first = tokens[0].rstrip(".").casefold()
    if any(t.rstrip(".").casefold() in _NEVER_GIVEN
           and not (i == len(tokens) - 1 and t.casefold() in SURNAME_WORDS)
           for i, t in enumerate(tokens[1:], 1) if t[:1].isupper()):
        return False
    if _INITIALS.fullmatch(tokens[0]):
        return any(re.search(r"[a-z]", t) for t in tokens[1:])  # "J.J. Abrams", "KJ Apa"; not "PM ET"
    if first in NOT_FIRST_NAMES and first not in NAME_WORDS_OK_WITH_SURNAME:
        return False
    return not known_first_name or first in first_names() or _plain(first) in first_names()


def _plain(word: str) -> str:
    """'léa' -> 'lea': the name dictionary spells given names without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_PLACE_HEADS = {"The", "New", "Los", "Las", "San", "Santa", "Fort", "Port", "Mount", "Lake", "Saint"}


def person_names(text: str) -> list[tuple[str, int, int]]:
    """Every personal name in the text with its span, longest reading first."""
    return list(_person_names(text))


@lru_cache(maxsize=4096)
def _person_names(text: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    for match in NAME_RE.finditer(text):
        phrase = match.group(1)
        tokens = phrase.split()
        # "Netflix's Maggie Q": drop leading tokens until a name remains
        for cut in range(len(tokens) - 1):
            if cut == 1 and tokens[0] in _PLACE_HEADS:
                break  # "The Way Home", "The Night Agent": a title, not "Way Home"; "New York City"
            candidate = " ".join(tokens[cut:])
            if is_person(candidate):
                start = match.start(1) + phrase.index(candidate)
                end = start + len(candidate)
                if candidate.endswith((" Jr", " Sr")) and text[end:end + 1] == ".":
                    candidate, end = candidate + ".", end + 1  # "Robert Downey Jr." keeps its point
                out.append((candidate, start, end))
                break
    return tuple(out)
