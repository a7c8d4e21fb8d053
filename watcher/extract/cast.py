"""Who plays whom in the watched title, and which named parts are still open."""

from __future__ import annotations

import re
from dataclasses import dataclass

from watcher.extract.names import NAME, NOT_FIRST_NAMES, first_names, is_person, person_names
from watcher.extract.release import platform_in
from watcher.extract.text import Sentence, fold
from watcher.model import CastMember, OpenRole

_ROLE_TOKEN = r"(?:[A-Z][\wà-ÿ'-]*\.?|[A-Z])"
ROLE = (rf"(?:(?:Detective|Det\.|Dr\.|Doctor|Agent|Captain|Lt\.|Sgt\.|Officer|Professor|Prof\.|"
        rf"Lord|Lady|King|Queen|Prince|Princess|Sir|Aunt|Uncle|Mr\.|Mrs\.|Ms\.|Miss)\s+)?"
        rf"{_ROLE_TOKEN}(?:\s+(?:de|van|von|da|del|di|la|le|of|the)?\s*{_ROLE_TOKEN}){{0,3}}")
_N = rf"(?<![\w'])(?P<actor>{NAME}|(?:[Hh]e|[Ss]he|[Tt]hey)\b|[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?!\s+[A-Z]))"
_R = rf"(?P<role>{ROLE})"
_ADV = r"(?:\s+(?:officially|reportedly|also|now|finally|just|already|previously))?"
_AUX = r"(?:\s+(?:has|have|had|was|were|is|are|will|would|'s|is\s+set\s+to|is\s+going\s+to|is\s+expected\s+to|has\s+been|have\s+been))?"

# "plays reserve officer Samira Parker", "plays his partner, Misha Frank"
_DESC = r"(?:(?:the|a|an|his|her|their|its)\s+)?(?:(?!(?:from|in|of|at|on|with|for|who|and|but|by|to)\b)[a-z][\w'-]*,?\s+){0,5}"
_CAST_CUE = re.compile(r"\b(?:play(?:s|ed|ing)?|cast|return(?:s|ing)?|back|join(?:s|ed|ing)?|star(?:s|ring)?|"
                       r"co-?stars?|lead(?:s)?|voice(?:s|d)?|reprise(?:s|d)?|portray(?:s|ed)?|ensemble|"
                       r"line-?up|suits\s+up|roster)\b", re.IGNORECASE)
_AS_ROLE = re.compile(rf"(?<![\w'])(?P<actor>{NAME})(?:\s+\([^()]{{1,60}}\))?,?\s+(?:(?:is|are)\s+(?:back\s+|also\s+)?)?as\s+{_DESC}{_R}")
_IS_ROLE = re.compile(rf"(?<![\w'])(?P<actor>{NAME})(?:\s+\([^()]{{1,60}}\))?\s+is\s+{_R}(?=\s*(?:,|\.|;|\band\b|$))")
_WHO_PLAYED = re.compile(rf"(?<![\w'])(?P<actor>{NAME}),\s+who\s+(?:has\s+)?(?:played|plays|portrayed)\s+{_DESC}{_R}")

_CONFIRMED = [
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:been\s+)?cast\s+(?:as|in\s+the\s+role\s+of)\s+{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:play|plays|playing|portray|portrays|portraying|voice|voices|"
               rf"star\s+as|stars\s+as|starring\s+as|take\s+on\s+the\s+role\s+of|takes\s+on\s+the\s+role\s+of|"
               rf"step\s+into\s+the\s+role\s+of|steps\s+into\s+the\s+role\s+of|land(?:s|ed)?\s+the\s+role\s+of)\s+{_DESC}{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:is\s+back|are\s+back|comes\s+back|come\s+back|back)\s+as\s+{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:return|returns|returning|reprise|reprises|reprising)"
               rf"(?:\s+(?:his|her|their)\s+role)?\s+as\s+{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:join|joins|joined|joining|board|boards|boarded|sign(?:s|ed)?\s+on\s+to)\b"
               rf"[^.;]{{0,80}}?\bas\s+{_R}"),
    re.compile(rf"\b(?:cast|tapped|hired|signed|enlisted|recruited|picked)\s+{_N}\s+(?:as|to\s+play)\s+{_R}"),
    re.compile(rf"{_R}\s+(?:will\s+be|is|is\s+being|has\s+been)\s+(?:played|portrayed|voiced)\s+by\s+{_N}"),
    re.compile(rf"\brole\s+of\s+{_R}\s+(?:goes|went|has\s+gone)\s+to\s+{_N}"),
]
_CONFIRMED_NO_ROLE = [
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:join|joins|joined|joining|board|boards|boarded|"
               rf"sign(?:s|ed)?\s+on|round(?:s|ed)?\s+out|star|stars|starring|lead|leads|headline|headlines|"
               rf"front|fronts|been\s+cast|cast\s+in|return|returns|returning)\b"),
    re.compile(rf"\b(?:cast|tapped|hired|signed)\s+{_N}\b"),
]
_RUMORED = [
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:(?:reportedly|currently|now|rumou?red\s+to\s+be)\s+)?(?:in\s+(?:early\s+|final\s+|advanced\s+)?"
               rf"(?:talks|negotiations)|circling|being\s+(?:eyed|considered|courted)|eyed|"
               rf"rumou?red|tipped|the\s+front-?runner|a\s+front-?runner|said\s+to\s+be|on\s+the\s+shortlist|"
               rf"shortlisted|being\s+looked\s+at|reportedly\s+cast|reportedly\s+joining|"
               rf"not\s+out\s+of\s+the\s+running|in\s+the\s+running|in\s+contention|"
               rf"(?:will|would)\s+likely\s+(?:make\s+an\s+appearance|appear|return|show\s+up)|"
               rf"likely\s+to\s+(?:appear|return|star|play|join|make)|expected\s+to\s+(?:appear|return|star|play|join))"
               rf"(?:[^.;]{{0,60}}?\b(?:as|role\s+of|to\s+play)\s+{_R})?"),
]
_DEPARTED = [
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:exit|exits|exited|exiting|left|leave|leaves|leaving|depart|"
               rf"departs|departed|departing|quit|quits|dropped\s+out|drops\s+out|bowed\s+out|"
               rf"stepped\s+(?:down|away)|steps\s+(?:down|away)|won't\s+(?:be\s+)?return(?:ing)?|"
               rf"will\s+not\s+(?:be\s+)?return(?:ing)?|not\s+(?:be\s+)?returning|is\s+out\b|"
               rf"(?:has\s+been|was|will\s+be)\s+replaced)\b"),
]
_REPLACED_BY = re.compile(rf"(?:replaced|succeeded)\s+by\s+{_N}")
_REPLACING = re.compile(rf"\b(?:replacing|replaces|replaced|taking\s+over\s+from|succeeding)\s+{_N}")
_RESPECTIVELY = re.compile(
    rf"(?P<actors>{NAME}(?:,\s+{NAME})*,?\s+and\s+{NAME})\s+(?:will\s+)?(?:also\s+)?(?:play|portray|star\s+as|voice|return\s+as|are\s+back\s+as|"
    rf"reprise\s+their\s+roles\s+as|come\s+back\s+as)\s+"
    rf"(?P<roles>[^.;]+?),?\s+respectively")
_LIST_INTRO = re.compile(
    r"\b(?:starring|stars|the\s+cast\s+(?:also\s+)?(?:includes?|features?)|cast\s+(?:also\s+)?includes?|"
    r"also\s+star(?:s|ring)?|co-?stars?|joined\s+by|alongside|ensemble\s+(?:includes?|features?)|"
    r"returning\s+(?:cast\s+members?|stars?|players)\s+(?:include|are)|(?:will|also)\s+return|"
    r"round(?:s|ing)?\s+out\s+the\s+cast|(?:has|have)\s+(?:also\s+)?cast|cast\s+members?\s+include|"
    r"features?|the\s+cast:|cast:)\s*:?\s*",
    re.IGNORECASE,
)
_NOT_CAST_CONTEXT = re.compile(
    r"\b(?:direct(?:or|ed|s|ing)|writ(?:er|ten|es|ing)|creat(?:or|ed)|showrunner|produc(?:er|ed|es|ing)|"
    r"executive|EP|host(?:ed|s)?|journalist|reporter|author|novelist|composer|cinematographer|"
    r"according\s+to|told|said|says|penned|helm(?:s|ed|ing)?|CEO|president|chief|head\s+of|critic)\W*$",
    re.IGNORECASE,
)
_WISH_OR_FALSE = re.compile(
    r"\b(?:we'd\s+love|I'd\s+love|would\s+love\s+to\s+see|should\s+(?:cast|play)|dream\s+cast|"
    r"fan[\s-]?cast|would\s+be\s+perfect|wish(?:list)?|hoping\s+to\s+see|"
    r"(?:false|untrue|debunked|baseless|not\s+true|fake|denied|den(?:ies|y)|shot\s+down|hoax)\b)",
    re.IGNORECASE,
)
_PAST_WORK = re.compile(r"\b(?:known\s+for|best\s+known|starred\s+in|appeared\s+in|played\s+\w+\s+in|"
                        r"previously\s+(?:played|starred|appeared)|alum|veteran\s+of|fame)\b", re.I)
_OPEN_ROLE = [
    re.compile(rf"\brole\s+of\s+{_R}\s+(?:is|remains|has\s+been|was)\s+(?:currently\s+|still\s+)?"
               rf"(?:up\s+for\s+grabs|open|vacant|uncast|unfilled|not\s+(?:yet\s+)?(?:been\s+)?cast|yet\s+to\s+be\s+(?:cast|filled))"),
    re.compile(rf"\brole\s+of\s+{_R}\s+(?:has|have)\s+(?:yet|still)\s+to\s+be\s+(?:cast|filled)"),
    re.compile(rf"\b(?:has|have)\s+(?:yet|still)\s+to\s+(?:cast|find|announce)\s+(?:an?\s+actor\s+for\s+|(?:its|their|the)\s+)?{_R}"),
    re.compile(rf"\b(?:yet|still)\s+to\s+(?:cast|find)\s+(?:(?:its|their|the|an?)\s+)?(?:actor\s+(?:for|to\s+play)\s+)?{_R}"),
    re.compile(rf"\b{_R}\s+(?:has|have)\s*(?:n't|\s+not)\s+(?:yet\s+)?been\s+cast"),
    re.compile(rf"\b{_R}\s+(?:is|remains)\s+(?:still\s+)?(?:uncast|up\s+for\s+grabs|not\s+yet\s+cast)"),
    re.compile(rf"\bno\s+one\s+(?:has\s+)?(?:yet\s+)?been\s+cast\s+(?:as|in\s+the\s+role\s+of)\s+{_R}"),
    re.compile(rf"\bwho\s+will\s+play\s+{_R}\s+(?:is|remains)\s+(?:unknown|a\s+mystery|unclear|to\s+be\s+seen)"),
    re.compile(rf"\b(?:search|searching|casting\s+call|looking)\s+for\s+(?:an?\s+actor\s+to\s+play\s+|(?:its|their|the)\s+)?{_R}\b"),
]
_OPEN_AFTER_LIST = re.compile(
    r"\b(?:have|has)\s*(?:n't|\s+not)\s+(?:yet\s+)?been\s+(?:cast|filled)|\b(?:are|remain)\s+(?:still\s+)?"
    r"(?:uncast|up\s+for\s+grabs|open|unfilled)|\b(?:are|have)\s+yet\s+to\s+be\s+(?:cast|filled)")
_OPEN_BEFORE_LIST = re.compile(
    r"\b(?:has|have|is|are)\s+(?:yet|still)\s+to\s+(?:cast|find\s+(?:actors|its|their)\s+\w*\s*for)|"
    r"\bno\s+one\s+has\s+(?:yet\s+)?been\s+cast\s+as|\bstill\s+(?:searching|looking)\s+for\s+(?:its|their)")
_ROLE_IN_LIST = re.compile(rf"(?<![\w'])({ROLE})")
_CHARACTER_WORDS = {"the", "a", "an", "his", "her", "their", "its", "role", "part", "season"}


@dataclass(frozen=True)
class _Found:
    actor: str
    role: str | None
    status: str
    sentence: Sentence
    order: int


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = re.split(r",|\s+-\s+|\s+(?:in|on|for|from|opposite|alongside|and|who|which|when|"
                    r"while|after|before|with)\s+", role)[0]
    role = role.strip(" .'\"")
    words = role.split()
    while words and (words[-1].casefold() in _CHARACTER_WORDS or not words[-1][:1].isupper()):
        words.pop()
    if not words or words[0].casefold() in _CHARACTER_WORDS:
        return None
    return " ".join(words)


_SUBJECT = re.compile(rf"(?<![\w'])({NAME}|[A-Z][a-zà-ÿ]+)\s+(?:is|was|has|had|will|would|says|said|'s)\b")


def _resolve_pronoun(actor: str, sentence: Sentence, previous: list[Sentence], at: int) -> str | None:
    """'he' -> the person the sentence (or the one before it) is about."""
    if actor.casefold() not in ("he", "she", "they"):
        return actor
    for text in (sentence.text[:at], previous[-1].text if previous and
                 previous[-1].paragraph == sentence.paragraph else ""):
        names = person_names(text)
        if names:
            return names[-1][0]
        subjects = [m.group(1) for m in _SUBJECT.finditer(text) if _is_surname(m.group(1))]
        if subjects:
            return subjects[-1]
    return None


def _is_surname(word: str) -> bool:
    return (" " not in word and word.casefold() not in NOT_FIRST_NAMES
            and word.casefold() not in first_names() and platform_in(word) is None)


def _is_actor_phrase(actor: str, text: str, at: int) -> bool:
    if actor.casefold() in ("he", "she", "they"):
        return True
    if not is_person(actor, known_first_name=False) and not _is_surname(actor):
        return False
    return not _NOT_CAST_CONTEXT.search(text[max(0, at - 40):at])


# One cheap test before the many patterns: most sentences of a page name no casting at all.
_ANY_CAST_WORD = re.compile(
    r"\b(?:cast|play|star|join|return|exit|left|leav|talk|negotiat|circl|eye|rumou?r|replac|back|"
    r"portray|voic|lead|repris|depart|quit|drop|bow|step|board|sign|tap|hire|likely|expect|running|"
    r"tip|front|shortlist|respectively|role|consider|court|said|recruit|enlist|pick|land|succeed|"
    r"headlin|round|featur|alongside|co-?star|ensemble|as)", re.IGNORECASE)


def _matches(sentence: Sentence, previous: list[Sentence], order: int) -> list[_Found]:
    text = sentence.text
    if not _ANY_CAST_WORD.search(text) or _WISH_OR_FALSE.search(text):
        return []
    out: list[_Found] = []

    def add(actor: str | None, role: str | None, status: str, at: int) -> None:
        if not actor or not _is_actor_phrase(actor, text, at):
            return
        actor = _resolve_pronoun(actor, sentence, previous, at) or ""
        if not actor or actor in sentence.other_titles:
            return
        if not is_person(actor) and not ((_is_surname(actor) and status != "confirmed") or role):
            return
        if not role:
            as_role = re.search(rf"\b(?:as|playing|play|role\s+of)\s+{_R}", text)
            role = as_role.group("role") if as_role and as_role.group("role") != actor else None
        out.append(_Found(actor, _clean_role(role), status, sentence, order + len(out)))

    m = _RESPECTIVELY.search(text)
    if m:
        actors = re.split(r",\s+(?:and\s+)?|\s+and\s+", m.group("actors"))
        roles = re.split(r",\s+(?:and\s+)?|\s+and\s+", m.group("roles"))
        if len(actors) == len(roles):
            for a, r in zip(actors, roles, strict=True):
                add(a.strip(), r.strip(), "confirmed", m.start())
            return out

    for pattern in _DEPARTED:
        for m in pattern.finditer(text):
            add(m.group("actor"), None, "departed", m.start())
    for m in _REPLACED_BY.finditer(text):
        add(m.group("actor"), None, "confirmed", m.start("actor"))
    for m in _REPLACING.finditer(text):
        add(m.group("actor"), None, "departed", m.start("actor"))
    for pattern in _RUMORED:
        for m in pattern.finditer(text):
            add(m.group("actor"), m.groupdict().get("role"), "rumored", m.start())
    for pattern in _CONFIRMED:
        for m in pattern.finditer(text):
            add(m.group("actor"), m.group("role"), "confirmed", m.start("actor"))
    if _CAST_CUE.search(text):
        departing = bool(re.search(r"\b(?:not\s+return|won't\s+return|exit|leav|depart|left)\w*", text))
        for m in _WHO_PLAYED.finditer(text):
            if is_person(m.group("actor"), known_first_name=False):
                out.append(_Found(m.group("actor"), _clean_role(m.group("role")),
                                  "departed" if departing else "confirmed", sentence, order + len(out)))
        for pattern in (_AS_ROLE, _IS_ROLE):
            for m in pattern.finditer(text):
                actor = m.group("actor")
                if any(f.actor == actor for f in out) or not is_person(actor, known_first_name=False):
                    continue
                if _NOT_CAST_CONTEXT.search(text[max(0, m.start() - 40):m.start()]):
                    continue
                out.append(_Found(actor, _clean_role(m.group("role")), "confirmed", sentence,
                                  order + len(out)))
    if not out:
        for pattern in _CONFIRMED_NO_ROLE:
            for m in pattern.finditer(text):
                add(m.group("actor"), None, "confirmed", m.start("actor"))
    out.extend(_list_members(sentence, order + len(out)))
    return out


_PAREN = re.compile(r"\s*\(([^()]{1,80})\)")


def _list_members(sentence: Sentence, order: int) -> list[_Found]:
    """'The cast includes A (Role), B and C' and 'Role (Actor), Role (Actor)'."""
    text = sentence.text
    intro = _LIST_INTRO.search(text)
    out: list[_Found] = []
    if intro is None or _PAST_WORK.search(text[:intro.start()]):
        return out
    tail = text[intro.end():]
    for name, start, end in person_names(tail):
        before = tail[max(0, start - 40):start]
        if _NOT_CAST_CONTEXT.search(before) or re.search(
                r"(?:\bin|\bas|\bplay(?:s|ing)?|\brole\s+of)\s+(?:[A-Z][a-z]*\.\s+)?$", before):
            continue  # a past credit or the character, not an actor
        role = None
        paren = _PAREN.match(tail, end)
        if paren:
            inner = paren.group(1).strip()
            as_role = re.match(rf"(?:as\s+)?({ROLE})$", inner)
            if (as_role and not _looks_like_title(inner) and not is_person(inner)) or (
                    inner.startswith("as ")):
                role = inner.removeprefix("as ").strip()
        else:
            as_role = re.match(rf",?\s+as\s+({ROLE})", tail[end:])
            if as_role:
                role = as_role.group(1)
        out.append(_Found(name, _clean_role(role), "confirmed", sentence, order + len(out)))
    # Character (Actor): the name is inside the parentheses
    for m in re.finditer(rf"({ROLE})\s*\(({NAME})\)", tail):
        role, actor = m.group(1), m.group(2)
        if (is_person(actor) and not is_person(role)) or (is_person(actor) and len(role.split()) == 1):
            out = [f for f in out if f.actor != role]
            out.append(_Found(actor, _clean_role(role), "confirmed", sentence, order + len(out)))
    return out


def _listed_open_roles(text: str) -> list[str]:
    """'Jack Hyde, Elena Lincoln and Leila Williams have not been cast' and the reverse."""
    out: list[str] = []
    for m in _OPEN_AFTER_LIST.finditer(text):
        clause = re.split(r"[:;]|\b(?:but|while|although)\b", text[:m.start()])[-1]
        clause = re.sub(r"\([^()]*\)|\b[A-Z][\w-]*'s\b", " ", clause)
        out.extend(r.group(1) for r in _ROLE_IN_LIST.finditer(clause))
    for m in _OPEN_BEFORE_LIST.finditer(text):
        clause = re.split(r"[:;.]|\b(?:but|while|although)\b", text[m.end():])[0]
        clause = re.sub(r"\([^()]*\)|\b[A-Z][\w-]*'s\b", " ", clause)
        out.extend(r.group(1) for r in _ROLE_IN_LIST.finditer(clause))
    roles = []
    for role in out:
        cleaned = _clean_role(role)
        if cleaned and not _looks_like_title(cleaned) and platform_in(cleaned) is None \
                and cleaned.split()[0].casefold() not in {"he", "she", "they", "it", "the", "no"}:
            roles.append(cleaned)
    return roles


def _looks_like_title(text: str) -> bool:
    return bool(re.search(r"\b(?:The|of|and|\d{4})\b|,", text)) and not is_person(text)


def _full_names(sentences: list[Sentence]) -> dict[str, str]:
    """Surname -> full name, from every name the article spells out."""
    out: dict[str, str] = {}
    for s in sentences:
        for name, _, _ in person_names(s.text):
            out.setdefault(name.split()[-1], name)
    return out


def _full_role(role: str | None, sentences: list[Sentence]) -> str | None:
    """'Bosch' or 'Renee' -> 'Harry Bosch' / 'Renee Ballard' when the article spells it out."""
    if not role or " " in role:
        return role
    given = first_names()
    for s in sentences:
        m = re.search(rf"\b([A-Z][\wà-ÿ'-]+)\s+{re.escape(role)}\b", s.text)
        if m and m.group(1).casefold() in given:
            return f"{m.group(1)} {role}"
    if role.casefold() in given:
        for s in sentences:
            m = re.search(rf"\b{re.escape(role)}\s+([A-Z][\wà-ÿ'-]+)\b", s.text)
            if m and _is_surname(m.group(1)):
                return f"{role} {m.group(1)}"
    return role


_STATUS_RANK = {"departed": 3, "confirmed": 2, "rumored": 1}


def extract_cast(sentences: list[Sentence]) -> tuple[tuple[CastMember, ...], tuple[OpenRole, ...]]:
    about = [s for s in sentences if s.about_watch]
    found: list[_Found] = []
    for i, s in enumerate(about):
        found.extend(_matches(s, about[:i], len(found)))

    full = _full_names(sentences)
    merged: dict[str, _Found] = {}
    evidence: dict[str, list[str]] = {}
    for f in found:
        actor = f.actor if " " in f.actor else full.get(f.actor, f.actor)
        key = fold(actor)
        role = _full_role(f.role, sentences)
        prev = merged.get(key)
        if prev is None or _STATUS_RANK[f.status] > _STATUS_RANK[prev.status]:
            merged[key] = _Found(actor, role or (prev.role if prev else None), f.status,
                                 f.sentence, f.order)
        elif role and not prev.role:
            merged[key] = _Found(prev.actor, role, prev.status, prev.sentence, prev.order)
        ev = evidence.setdefault(key, [])
        if f.sentence.text not in ev:
            ev.append(f.sentence.text)
    roles = {fold(f.role) for f in merged.values() if f.role}
    merged = {k: f for k, f in merged.items() if k not in roles}  # a character read as a name
    roles_of_actors = {fold(a) for a in merged}
    cast = tuple(
        CastMember(f.actor, f.role, f.status, tuple(evidence[k]))
        for k, f in sorted(merged.items(), key=lambda kv: kv[1].order)
    )

    filled = {fold(c.role) for c in cast if c.role and c.status != "departed"}
    filled_last = {fold(c.role).split()[-1] for c in cast if c.role and c.status != "departed"}
    open_roles: dict[str, OpenRole] = {}
    for s in about:
        for role in _listed_open_roles(s.text):
            role = _full_role(role, sentences) or role
            key = fold(role)
            if key not in filled and key not in roles_of_actors and key not in open_roles:
                open_roles[key] = OpenRole(role, (s.text,))
        for pattern in _OPEN_ROLE:
            for m in pattern.finditer(s.text):
                role = _clean_role(m.group("role"))
                if not role or (is_person(role) and fold(role) in roles_of_actors):
                    continue
                role = _full_role(role, sentences) or role
                key = fold(role)
                if key in filled or key.split()[-1] in filled_last or key.split()[0] in {
                        r.split()[0] for r in filled}:
                    continue
                if key not in open_roles:
                    open_roles[key] = OpenRole(role, (s.text,))
    return cast, tuple(open_roles.values())
