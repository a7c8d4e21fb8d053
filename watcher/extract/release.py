"""When the watched title comes out, as the article states it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from watcher.extract.dates import When, find_whens, window_end, window_start
from watcher.extract.names import is_person
from watcher.extract.text import Sentence, fold, lowered
from watcher.model import Release, Speculation

PLATFORMS: list[tuple[str, str]] = [
    (r"Amazon(?:'s)? Prime Video|Prime Video|Amazon Prime|Amazon Video", "Prime Video"),
    (r"HBO Max", "HBO Max"),
    # "Apple will premiere The Savant": the company streams through Apple TV+ (the "$" lets the
    # usual-name lookup, which sees "Apple" alone, match it too)
    (r"Apple TV\s?\+|Apple TV Plus|Apple TV|Apple(?:$|(?=\s+(?:will\s+|is\s+set\s+to\s+|plans\s+to\s+)?(?:also\s+)?"
     r"(?:premieres?|streams?|launch(?:es)?|debuts?|releases?|drops?|rolls\s+out)\b))", "Apple TV+"),
    (r"Disney\s?\+|Disney Plus", "Disney+"),
    (r"Paramount\s?\+|Paramount Plus", "Paramount+"),
    (r"Paramount Network", "Paramount Network"),
    (r"Peacock", "Peacock"),
    (r"Netflix", "Netflix"),
    (r"Hulu", "Hulu"),
    (r"HBO", "HBO"),
    (r"(?<![\w-])(?<!Mad\s)Max(?![\w-])(?!\s+(?:von|van|de|di|(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Original|This|Next|In|On|And|Or)[A-Z][a-z]*[A-Z]?[a-z]+)\b)", "Max"),  # not "Max von Sydow"
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
    # a BBC channel premieres under its own name: "BBC1" is BBC One
    (r"BBC\s?One|BBC\s?1", "BBC One"),
    (r"BBC\s?Two|BBC\s?2", "BBC Two"),
    (r"BBC\s?Three|BBC\s?3", "BBC Three"),
    (r"BBC\s?Four|BBC\s?4", "BBC Four"),
    (r"BBC iPlayer|BBC", "BBC"),
    (r"ITVX|ITV\s?1|ITV", "ITV"),
    (r"Channel 4", "Channel 4"),
    # like the BBC's, Sky's channels go by their own names
    (r"Sky Atlantic", "Sky Atlantic"),
    (r"Sky One|Sky 1", "Sky One"),
    (r"Sky Max", "Sky Max"),
    (r"Sky", "Sky"),
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
    (r"Freeform", "Freeform"),
    (r"USA Network", "USA Network"),
    (r"Cinemax", "Cinemax"),
    (r"Epix", "Epix"),
    (r"Hallmark Channel", "Hallmark Channel"),
    # US cable networks and UK channels that premiere scripted series
    (r"Lifetime(?!\s+(?i:achievement|award|ban|member|warranty|supply|subscription))", "Lifetime"),
    (r"A&E", "A&E"),
    (r"Bravo", "Bravo"),
    (r"Sundance\s?TV|SundanceTV", "SundanceTV"),
    (r"IFC", "IFC"),
    (r"BET\s?\+|BET", "BET"),
    (r"TLC", "TLC"),
    (r"Channel 5", "Channel 5"),
    (r"E4", "E4"),
    (r"Disney Channel", "Disney Channel"),
    (r"Nickelodeon", "Nickelodeon"),
    (r"Cartoon Network", "Cartoon Network"),
    (r"YouTube Premium|YouTube Red", "YouTube Premium"),
    (r"The Roku Channel|Roku Channel", "The Roku Channel"),
    (r"CBC", "CBC"),
    (r"Facebook Watch", "Facebook Watch"),
    (r"Quibi", "Quibi"),
    (r"Spectrum Originals|Spectrum", "Spectrum"),
    (r"TV Land", "TV Land"),
    (r"Pop TV", "Pop TV"),
    (r"WGN America", "WGN America"),
    (r"Crave", "Crave"),
]
_PLATFORM_RE = re.compile(
    r"(?<![\w])(" + "|".join(f"(?:{p})" for p, _ in PLATFORMS) + r")(?![\w+])"
)


_FROM_PLATFORM = re.compile(r"\b(?:over\s+)?from\s+(?=" + _PLATFORM_RE.pattern + ")")


def platform_in(text: str) -> tuple[str, int] | None:
    """The first platform named in the text, by its usual name, with its offset."""
    if not _PLATFORM_HINT.search(text):
        return None
    for match in _PLATFORM_RE.finditer(text):
        name = match.group(1)
        for pattern, usual in PLATFORMS:
            if re.fullmatch(pattern, name):
                return usual, match.start()
    return None


# "dropped a hint", "drops a few clues": the idiom tells something, nothing is released
_DROP_HINT = r"(?!\s+(?:(?:a|an|some|another|the|his|her|their|its|several|few|a\s+few)\s+)?(?:[\w-]+\s+)?(?:hint|clue|tease)s?\b)"
_CUE = re.compile(
    r"\b(?:premier(?:e|es|ed|ing)|releas(?:e|es|ed|ing)|debut(?:s|ed|ing)?|arriv(?:e|es|ed|ing)|"
    r"launch(?:es|ed|ing)?|stream(?:s|ed|ing)?|drop(?:s|ped|ping)?(?!\s+(?:out|from|off|by|because|after|when|since|the\s+(?:role|part|project|idea|name|title)))" + _DROP_HINT + r"|air(?:s|ed|ing)?|"
    r"(?<!not\s)(?<!not\sbe\s)(?<!n't\sbe\s)return(?:s|ed|ing)?(?!\s+(?:as|to\s+(?:the\s+role|play|direct|write)|in\s+the\s+role|behind))|bow(?:s|ed)?|hit(?:s|ting)?\s+(?:theaters|theatres|cinemas|screens|"
    r"Netflix|Hulu|Disney|Prime|HBO|Max|Apple|Peacock|Paramount|streaming)|"
    r"open(?:s|ed)?\s+in\s+(?:theaters|theatres|cinemas)|(?:in|into|to)\s+(?:theaters|theatres|cinemas)|"
    r"(?:theaters|theatres|cinemas)\s+on|"
    r"slated|scheduled|dated|due\s+(?:out|in|on|for|this|next|early|late)\b|set\s+(?:for|to\s+(?:premiere|debut|arrive|launch|return|drop|hit|air|open|be\s+released))|"
    r"coming\s+(?:to|in|on|this|next)|head(?:s|ed|ing)?\s+(?:back\s+)?to\s+(?:theaters|theatres|cinemas|screens|Netflix|Hulu|"
    r"Disney|Prime|HBO|Max|Apple|Peacock|Paramount|BBC|ITV|Channel\s+\d|Sky|Fox|NBC|CBS|ABC|FX|AMC|Showtime|Starz)|com(?:e|es)\s+out|(?:be|is|are|'s|'re)\s+back\s+(?=(?:on|in|for|by|from|until|till)?\s*(?:this|next|later|early|late|mid|the\s+(?:spring|summer|fall|autumn|winter)|"
    r"spring|summer|fall|autumn|winter|(?:19|20)\d\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s|[0-3]?\d\b))|"
    # British listings: "goes out at 9pm on 24th September", "will be shown on BBC Two"
    r"go(?:es)?\s+out\s+(?:on|at|in)|(?:be|is|are|being)\s+(?:shown|broadcast|screened)\s+(?:on|at|in|from)|(?:be|is|are|'s)\s+out\s+(?:on|in)|out\s+now|"
    r"(?:begin(?:s|ning)?|start(?:s|ing)?)(?:\s+at\s+\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,3}\b)?)?\s+(?:on|streaming|airing)\b|begin(?:s|ning)?\s+in\b|"
    r"due\s+to\s+(?:open|arrive|premiere|debut|land|air|launch|return|hit|be\s+released|come\s+out)\b|"
    r"(?:is|are)\s+on\s+(?=(?:BBC|ITV|Channel\s+\d|Sky|E4|More4|tonight|tomorrow)\b)|kicks?\s+off\s+(?:(?:its|the|their)\s+(?:[\w-]+\s+){0,2}?(?:season|series|run)\s+)?(?:on|in)|"
    r"open(?:s|ing)?(?:\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,2}?(?:season|series|run))?(?:\s+with\s+(?:[\w-]+\s+){1,3}?episodes?)?(?:\s+(?:on|in))?(?=\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:this|next)\s+(?:week|month|year|spring|summer|fall|autumn|winter)|(?:19|20)\d\d))|"
    r"sets?\s+(?:[\w'-]+\s+){0,5}?for|\bdate\s+(?:for|of)\b|\bdate(?=:)|"
    r"tonight's\s+(?:(?:first|opening)\s+episode|(?:series\s+|season\s+)?opener|premiere)|"
    r"(?:see|catch|watch)\s+(?:it|the\s+(?:film|movie|sequel|series|show))\s+(?:in\s+(?:theaters|theatres|cinemas)\s+)?(?:on|from)(?=\s+[A-Z0-9])|"
    r"release\s+date|premiere\s+date|available|land(?:s|ed|ing)?\s+on|on\s+(?:our\s+|your\s+|TV\s+)?screens|vacat(?:es|ed|ing)\s+(?:its|the|their))\b",
    re.IGNORECASE,
)
# A listing line of a roundup that opens with the title: "<title>, season 2 - April 13 (HBO)",
# "<title> (March 17, Netflix)", "<title> (Hulu, March 20)"
_LISTING = re.compile(
    r"['\"]?(?:,?\s+(?:season|series|part|vol\.?|volume)\s+\w+)?(?:\s+\([^()]{1,25}\))?\s*"
    r"(?:\s-\s|:\s|\((?:[A-Z][\w+&.]*(?:\s[A-Z][\w+&.]*){0,2},\s+)?)"
    r"(?=[0-3]?\d(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)"
    # "<title> (BBC One, this autumn)", "<title> (ITV, 2017)": a slate entry's loose window, in brackets only
    r"|['\"]?\s+\((?:[A-Z][\w+&.]*(?:\s[A-Z][\w+&.]*){0,2},\s+)?(?=(?:(?:this|next|early|late|later\s+in)\s+)?"
    r"(?:spring|summer|autumn|fall|winter|(?:19|20)\d\d)\)?)",
    re.IGNORECASE)
# A verbless where-and-when line closing a listicle entry: "On BBC Two this spring", "Streaming on Netflix now"
_ON_LINE = re.compile(r"(?:Streaming\s+|Airs\s+|Available\s+|Coming\s+)?[Oo]n\s+(?=" + _PLATFORM_RE.pattern + ")")
_WHEN_LABEL = re.compile(r"(?:When|Premieres?|Out|Airs|Debuts|Arrives|Coming|Launch(?:es)?|Opens|Due|Returns|"
                         r"(?:Release|Premiere|Air|Launch)\s+(?:date|window)|Airdate)\s*:\s")
_ON_LINE_START = ("On", "on", "St", "Ai", "Av", "Co")
_UNANNOUNCED = re.compile(
    r"\bno\s+(?:official\s+|confirmed\s+|firm\s+|exact\s+|specific\s+|set\s+|word\s+on\s+a\s+)?"
    r"(?:release|premiere|launch|air|debut)?\s*(?:date|window)\b"
    r"|\b(?:has|have|had)\s*(?:n't|\s+not)\s+(?:yet\s+)?(?:been\s+)?(?:announced|set|revealed|confirmed|given|shared|dated)\b"
    r"|\byet\s+to\s+(?:be\s+)?(?:announce|reveal|set|confirm|date|receive|get|share|give|be\s+given)\w*"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:announced|revealed|confirmed|dated|known)\b"
    r"|\b(?:remains?|is|are)\s+(?:still\s+)?(?:very\s+much\s+)?(?:unknown|a\s+mystery|under\s+wraps|unclear|TBA|TBD|undetermined|unannounced|up\s+in\s+the\s+air)\b"
    r"(?!\s*,?\s*(?:who|what|whether|if|how|which|why|where)\b)"
    r"|\b(?:does|do|did)(?:n't|\s+not)\s+(?:yet\s+|still\s+)?have\s+(?:a|an|any)\s+(?:[\w-]+\s+)?(?:(?:release|premiere|launch|air|debut)\s+)?(?:date|window)\b"
    r"|\bno\s+(?:word|news|update)\s+(?:yet\s+)?(?:on|about|as\s+to)\s+(?:when|timing|(?:a|the)\s+(?:release|premiere|debut|launch|timing|date))"
    r"|\b(?:don't|do\s+not)\s+(?:yet\s+)?know\s+(?:yet\s+|exactly\s+)?when\b"
    r"|\b(?:quiet|mum|silent|tight-lipped)\s+(?:about|on)\s+(?:when|the\s+(?:release|premiere))"
    r"|\b(?:unclear|unknown|uncertain|to\s+be\s+seen)\s+(?:exactly\s+)?when\b"
    r"|\bTBA\b|\bTBD\b|\bTBC\b|\bunknown\s+release\s+date\b|\bwithout\s+a\s+(?:release|premiere)\s+date\b"
    r"|\bhas\s+not\s+(?:set|given|dated|announced)\b|\bhasn't\s+(?:set|given|dated|announced)\b"
    r"|\b(?:has|have)(?:n't|\s+not)\s+(?:yet\s+|still\s+)?(?:said|announced|revealed|confirmed|communicated|shared|"
    r"specified|indicated|disclosed)\s+(?:when|anything|a\s+date|a\s+release)",
    re.IGNORECASE,
)
# "Plot details remain under wraps", "his role is unknown": something else is not known, not the date
_OTHER_UNKNOWN = re.compile(
    r"\b(?:plot|story|storyline|details?|role|part|character|identity|name|title|premise|cast|casting|"
    r"who|what|whether|how|why|reason|fate|future|plans?)\b(?![^.]*\b(?:date|when|release|premiere|window|timing)\b)",
    re.IGNORECASE)
_SPECULATIVE = re.compile(
    r"\b(?:could|might|(?-i:may)|would|should|probably|possibly|perhaps|likely|expect(?:ed|s)?|"
    r"anticipat(?:e|ed)|hopefully|hope|assume|guess|predict(?:ed|s)?|speculat\w+|rumou?r(?:ed|s)?|"
    r"reportedly|estimate|if\s+(?:all|everything|things)\s+go(?:es)?|we\s+think|our\s+bet|eyeing|"
    r"tipped|suggests?|hinted|hints?|teased|wouldn't\s+be\s+surprised|bet\s+on|unconfirmed|"
    r"in\s+theory|potentially|possible|penciled|earliest|looks\s+like|seems|realistic|plausible|best\s+guess|"
    r"my\s+guess|safe\s+bet|wager|would\s+put|should\s+land|fingers\s+crossed)\b",
    re.IGNORECASE,
)
_DELAYED = re.compile(
    r"\b(?:delay(?:ed|s)?(?!\s+(?:viewing|viewers|ratings|reaction))|"
    # "push its big summer thriller G.I. Joe: Retaliation back a full nine months"
    r"(?:push(?:ed|es|ing)?|bump(?:ed|s|ing)?|mov(?:ed|es|ing)|shift(?:ed|s|ing)?)\s+(?:[\w:'.&,\"-]+\s+){1,8}?back\s+(?=(?:a\s+|by\s+|another\s+)?(?:full\s+|whole\s+)?(?:\w+\s+)?"
    r"(?:weeks?|months?|years?|days?|to|until|into)\b)|postpon(?:ed|es|ement)|push(?:ed|es)?\s+(?:back(?!\s+(?:against|on|at)\b)|from|out(?=\s+(?:to|until|into|by|a|another|several|(?:\w+\s+)?(?:weeks?|months?|years?)|(?:19|20)\d\d)\b))|push(?:ed|es)?\s+(?:its|the)\s+(?:[\w-]+\s+)?(?:release|premiere|debut|launch|opening|date|film|movie|series|show|season|sequel|return|finale|bow)|"
    r"push(?:ed|es)?\s+to(?!\s+(?!next\b|later\b|early\b|late\b|mid\b|the\b|spring\b|summer\b|fall\b|autumn\b|winter\b)(?-i:[a-z]))|"
    r"bump(?:ed|s)?\s+(?:back|to|from)|mov(?:ed|es)\s+(?:back(?!\s+(?:to|home|in|into|with)\b)|out\s+of)|"
    r"shift(?:ed|s)\s+(?:to|from|back)|(?:moved|pushed|shifted|bumped)\s+(?:it|them|the\s+\w+|its\s+\w+)\s+(?:back\s+)?(?:from|to)|no\s+longer\s+(?:premiere|arrive|debut|release|open|hit|be\s+released)|"
    r"won't\s+(?:premiere|arrive|debut|be\s+released|hit|open)\s+until|"
    r"(?:won't|will\s+not|wouldn't|can't|cannot|will\s+miss|misses|missed)\s+(?:make\s+|meet\s+|hit\s+)?(?:its|the|their)\s+"
    r"(?:planned|scheduled|original|intended|expected|targeted|announced)|"
    r"(?:pulled|removed|taken)\s+(?:from|off)\s+(?:the|its)\s+(?:[\w-]+\s+){0,3}?(?:schedule|release|calendar|slate|slot)|"
    r"(?:rescheduled|reschedul(?:e|ing)|set\s+back|slipped\s+to|slid\s+to|pushback|"
    r"later\s+than\s+(?:planned|expected|scheduled|originally|first\s+announced|announced|intended)))\b"
    # "The release has been pushed.", "was pushed again": the verb alone says later
    r"|\b(?:been|was|were|is|being|got|gets)\s+pushed(?=\s*[.,;]|\s+(?:again|once\s+more)\b)"
    r"|\b(?:moved|pushed|shifted|bumped|delayed|slipp?(?:ed|s)?|slid(?:es)?|moving|pushing|shifting|sliding|slipping|moves|shifts|pushes|bumps)\s+(?:[\w':.-]+\s+){0,7}?(?:back\s+|out\s+)?(?:from|to|until|into)\b"
    r"(?=\s*(?:(?:early|late|mid|the\s+end\s+of|a\s+full\s+year\s+to|(?:a|one|two|three|six|several)\s+(?:\w+\s+)?(?:weeks?|months?|years?)\s+to)\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|(?:19|20)\d\d|[01]?\d/[0-3]?\d/\d|spring|summer|fall|autumn|winter|next|Christmas|Thanksgiving|the\s+(?:holidays|summer|fall|spring|winter)))",
    re.IGNORECASE,
)
_NETWORK_MOVE = re.compile(r"\b(?:mov|shift|jump|switch|head)\w*\s+(?:(?:it|its\s+\w+|the\s+\w+)\s+)?(?:over\s+)?(?:from|to)\s*(?:the\s+)?$",
                           re.IGNORECASE)
_MOVED_EARLIER = re.compile(
    # not the idioms "moves up a gear", "moved up the ranks"
    r"\b(?:(?:mov(?:ed|es|ing)|push(?:ed|es|ing)|bump(?:ed|s|ing))\s+(?:(?:its|the|their)\s+(?:[\w-]+\s+)?(?:date|premiere|release|debut|opening|launch)\s+)?up(?!\s+(?:a|another|the)\s+(?:gear|notch|level|league|ranks|charts|ladder)\b)(?!\s+to\s+(?:a\s+|the\s+)?(?:series[\s-]+)?(?:regulars?|main\s+cast|lead))|moved\s+forward|"
    # "has moved "War Horse" up from December 28 to Christmas Day": the film between verb and particle
    r"mov(?:ed|es|ing)\s+(?:[\w\"':.&!?-]+\s+){1,6}?up\s+(?=(?:from|to)\s)|"
    r"(?:brought|brings|bringing|pull(?:ed|s|ing)?)\s+(?:[\w'-]+\s+){0,5}?forward|"
    r"earlier\s+than\s+(?:planned|expected|originally)|ahead\s+of\s+schedule|(?:to|for)\s+an\s+earlier\s+(?:date|slot|day))\b",
    re.IGNORECASE,
)
# "jumps ahead to June 6": a day or month follows (not the story's "jumps ahead to 1964")
_JUMP_AHEAD = re.compile(r"\bjump(?:s|ed|ing)?\s+ahead\s+to\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
                         r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s")
_NEW_DATE = re.compile(r"\bnew\s+(?:release\s+|premiere\s+|air\s+|launch\s+|opening\s+)?(?:date|window|slot)\b", re.IGNORECASE)
_RISK = re.compile(r"\b(?:could|might|may|would|risk|threaten|if\s+the)\b[^.]*\b(?:delay|push)", re.I)
_RELEASED = re.compile(
    r"\b(?:premiered|debuted|was\s+released|were\s+released|has\s+been\s+released|"
    r"dropped(?!\s+(?:out|from|off|by|because|after|before|when|since|the\s+(?:role|part|project|idea|name|title)))" + _DROP_HINT + r"|(?<!newly\s)(?<!recently\s)(?<!just\s)arrived|launched|landed|bowed|opened|hit\s+(?:theaters|theatres|cinemas|screens|Netflix|streaming)|"
    r"(?:is|are)\s+(?:now\s+)?(?:streaming|available|out)\b(?!\s+(?:on|in)\s+(?:\w+\s+)?\d)|now\s+streaming|out\s+now|"
    r"now\s+available|has\s+(?:premiered|debuted|arrived|dropped|launched)|"
    r"(?:began|started)\s+streaming|aired|now\s+playing|playing\s+in\s+(?:theaters|theatres|cinemas)|"
    r"in\s+(?:theaters|theatres|cinemas)\s+now)\b",
    re.IGNORECASE,
)
# "Humans continues next Sunday", "carried on with its second episode on Tuesday": a run that has begun
_RUNNING = re.compile(
    r"\b(?:continues|carries\s+on|carried\s+on|rolls\s+on)\b(?=\s+(?:with\s+(?:its|the)\s+(?:second|third|fourth|fifth|"
    r"next|latest)\s+(?:episode|instal?ment|chapter)|next\s+(?:week|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)|"
    r"(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|tonight|tomorrow))", re.IGNORECASE)
_DISTRACTOR = re.compile(
    r"\b(?:trailer|teaser|(?:preview|sizzle)\s+reel|first[\s-]look|filming|production|shoot(?:ing)?|cameras|wrapped|wraps|"
    r"principal\s+photography|pilot|novel|book|comic|game|(?<!-)(?<!first\s)(?<!opening\s)episode(?!-)|finale|soundtrack|album|panel|"
    r"(?:first|previous|last|prior|earlier|original|debut|inaugural)\s+(?:season|series|film|movie|installment|outing|chapter)|"
    r"season\s+(?:one|1)\b|original\s+(?:\w+_\S+\s+)?(?:show|film|movie|series)|predecessor|renewal|renewed)\b",
    re.IGNORECASE,
)
_PREVIOUS_MARK = re.compile(
    # "from" in the date's own clause ("from May 5", "from its midseason break on"): "a comedy
    # from Ashton Kutcher, drops April 1" names a maker, not an old date
    r"\bfrom\b[^,;]*$|"
    r"\b(?:originally|previously|initially|had\s+been|was\s+(?:set|slated|scheduled|due|supposed)|"
    r"had\s+(?:set|slated|scheduled|dated|planned|announced|promised)|first\s+(?:promised|set|announced|planned)|"
    r"instead\s+of|rather\s+than|formerly|before\s+that|(?:earlier|sooner|later)\s+than\s+(?:its|the|their)(?=\s+$)|prior\s+to\s+that|out\s+of\s+(?:its|the|their)(?=\s+$)|(?:vacat\w+|leav\w+|giv\w+\s+up|mov\w+\s+off(?:\s+of)?)\s+(?:its|the|their)(?=\s+$)|"
    r"(?:now|will)\b[^,;]*,\s+not(?=\s+(?:on\s+|in\s+)?$)|(?:its|the|their)\s+(?:previous|original|old|earlier|initial|prior)|"
    r"(?:was|were|had\s+been|once)\s+(?:planned|expected|foreseen|intended|meant|penciled|pencilled|targeted|aiming)|"
    r"\bonce\s+(?:set|slated|scheduled|dated|due)|"
    r"(?:push|mov|shift|bump|delay|postpon|slid|slip)\w*\s+(?:[\w'-]+\s+){0,6}?(?:back\s+)?from)\b",
    re.IGNORECASE,
)


# What else "is out now", "has landed", "dropped": the trailer, the news, the photos
_OUT_THING = re.compile(
    r"\b(?:trailers?|teasers?|first[\s-]look|photos?|images?|posters?|stills|clips?|footage|news|"
    r"announcement|updates?|details|line-?up|schedule|key\s+art|featurette|promo)\b", re.IGNORECASE)


_MODAL_BEFORE = re.compile(r"\b(?:will|would|to|'ll|shall|could|might|may)\s+(?:now\s+|finally\s+|also\s+|then\s+)?$",
                           re.IGNORECASE)


def _released_verb(text: str) -> re.Match[str] | None:
    """The first 'premiered' / 'out now' whose subject is the title, not its trailer or the news."""
    for m in _RELEASED.finditer(text):
        near = _near(text, m.start(), 6, 0)
        if _OUT_THING.search(near) or _DISTRACTOR.search(near):
            continue
        if _MODAL_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
            continue  # "will now hit theaters Jan. 17": still to come
        return m
    return None


@dataclass(frozen=True)
class Statement:
    status: str
    when: When | None
    previous: When | None
    platform: str | None
    sentence: Sentence
    published: date | None = None
    # read from another sentence than the one about the title (a slate's headline): its platform
    # is the network that opens the headline, and it is quoted too
    source: Sentence | None = None


_CLAUSE_BREAK = re.compile(r"[,;:]|\s-\s|\s(?:and|but)\s(?=(?:will|is|are|should|then|it|it's|they)\s)")


def _near(text: str, at: int, before_words: int, after_words: int) -> str:
    """The words around a position, without crossing a comma, semicolon, dash or a new verb clause
    ("starts filming in March and will air in 2025": the airing is not the filming)."""
    clauses = _CLAUSE_BREAK.split(text[:at])
    left = clauses[-1].split()[-before_words:] if before_words else []
    if left and len(clauses) > 1 and left[0].casefold() in ("which", "who") and len(clauses[-1].split()) <= before_words:
        antecedent = clauses[-2].split()[-4:]
        verbs = [i for i, w in enumerate(antecedent) if re.fullmatch(r"[a-z]+ed", w)]
        if verbs:  # "has renewed Lantern, which returns": the antecedent is what follows the verb
            antecedent = antecedent[verbs[-1] + 1:]
        left = antecedent + left  # "the first season, which debuted in 2023": its subject
    right = _CLAUSE_BREAK.split(text[at:])[0].split()[:after_words + 1]
    return " ".join([*left, *right])


_SOURCE_WORK = re.compile(
    r"\b(?:of|on|from)\s+(?:(?:the|a|an|his|her|their|its)\s+)?(?:(?:[A-Z][\w'-]*\s+)*[A-Z][\w-]*'s?\s+)?"
    r"(?:[a-z-]+\s+)?(?:novel|book|comic|game)s?\b")


# "The teaser reveals a 2025 premiere": the trailer announces the release, it is not the thing dated
_ANNOUNCERS = ("trailer", "teaser", "first look", "first-look", "panel")
_REVEALS = re.compile(r"\b(?:reveal|confirm|announc|set|tease|unveil|give|offer)(?:s|ed)?\b", re.IGNORECASE)


def _near_distractor(text: str, at: int) -> bool:
    """A trailer, an earlier season ... just before a date; not the novel the series adapts."""
    near = _EPISODES.sub(" ", _near(text, at, 5, 0))
    found = _DISTRACTOR.search(near)
    if found and _REVEALS.search(near[found.end():]) and found.group(0).casefold() in _ANNOUNCERS:
        return False
    if found and found.group(0).casefold() in ("novel", "book", "comic", "game"):
        wider = _EPISODES.sub(" ", _near(text, at, 9, 0))
        found = _DISTRACTOR.search(_SOURCE_WORK.sub(" ", wider)) if _SOURCE_WORK.search(wider) else found
    return bool(found)


_OWN_SUBJECT = re.compile(r"\band\s+(?:for\s+)?(?:the\s+|its\s+)?(?:new|next)\s+(?:episodes|season|series)\b",
                          re.IGNORECASE)


def _is_distractor(text: str, cue_at: int) -> bool:
    """The release verb is about a trailer, an earlier season, filming ...
    ('the series adaptation of Helena Marsh's novel will premiere': the novel is its source)."""
    near = _near(text, cue_at, 6, 4)
    found = _DISTRACTOR.search(near)
    if found and found.group(0).casefold() in ("novel", "book", "comic", "game") and _SOURCE_WORK.search(near):
        found = _DISTRACTOR.search(_SOURCE_WORK.sub(" ", near))
    if found and _OWN_SUBJECT.search(_near(text, cue_at, 6, 0)[found.end():]):
        return False  # "hope for that renewal and for new episodes to arrive": the episodes arrive
    if found and found.group(0).casefold() in _ANNOUNCERS and _REVEALS.search(_near(text, cue_at, 6, 0)[found.end():]):
        return False  # "the teaser reveals a 2025 premiere"
    return bool(found)


def _on_or_before(when: When | None, published: date | None) -> bool:
    """A day no later than the article's: 'premiered today' is out."""
    return bool(when and published and when.is_date and date.fromisoformat(when.value) <= published)


def _window_begun(when: When | None, published: date | None) -> bool:
    """A window the article's date lies in ('premiered in January' said on January 15): past tense
    puts the release in its part already gone."""
    start = window_start(when.value) if when and not when.is_date else None
    return bool(start and published and start <= published)


def _future(when: When, published: date | None) -> bool:
    end = window_end(when.value)
    return published is None or end is None or end >= published


_SECONDARY = re.compile(r",\s+(?:with|and)\s+(?:its|the|a)\s+(?:[\w-]+\s+){0,4}?(?:debut|premiere|airing|broadcast|run|release)\b"
                        r"[^,]*$|\b(?:followed\s+by|then\s+(?:on|to))\b[^,]*$", re.IGNORECASE)
_OLD_AFTER = re.compile(r"^\s*(?:,\s*)?(?:as\s+(?:originally\s+|first\s+|initially\s+)?(?:planned|scheduled|announced|intended)|"
                        # "its August 22 release date has been scrapped"
                        r"(?:release\s+|premiere\s+|opening\s+|debut\s+)?(?:date|slot)\s+(?:has\s+been\s+|was\s+|is\s+being\s+)?"
                        r"(?:scrapped|dropped|abandoned|vacated|scratched|cancell?ed)|"
                        r"as\s+previously\s+(?:planned|announced|scheduled)|"
                        # "crosses out the July 23 date it had been listed for"
                        r"(?:release\s+|premiere\s+|opening\s+)?(?:date|slot)\s+(?:it|that|which)\s+(?:had\s+|has\s+)?"
                        r"(?:had|held|occupied|been\s+(?:listed|set|slated|scheduled|given|dated|planned))|"
                        r"(?:release\s+|premiere\s+|opening\s+)?(?:date|slot)\s+(?:has\s+been\s+|was\s+)?crossed\s+out)\b", re.IGNORECASE)
_NO_LONGER = re.compile(r"\b(?:no\s+longer|won't|will\s+not|not)\s+(?:be\s+)?(?:premiere|arrive|debut|release|"
                        r"open|hit|launch|air|stream|drop|come\s+out|be\s+released|make|meet)\w*\b"
                        r"(?!\s+(?:until|till|before)\b)", re.IGNORECASE)  # "will not arrive until spring": then it arrives
# "from June 1 to May 31" is a move only after a verb of change; else a span ("runs from ... to")
_CHANGE = re.compile(r"\b(?:push|pull|mov|shift|bump|delay|postpon|slid|slip|chang|brought|bring|jump|reschedul|switch|"
                     r"sent|send|set\s+back)\w*", re.IGNORECASE)
# "had been expected in late 2025": the old plan, not a guess
_OLD_HEDGE = re.compile(r"\b(?:had\s+been|(?:was|were)\s+(?:originally|initially|previously|first)|originally|initially|previously)"
                        r"\s+(?:\w+\s+)?(?:expected|anticipated)\b", re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_DELAY_FROM = re.compile(r"\b(?:push|mov|shift|bump|delay|postpon|slid|slip)\w*\s+(?:[\w'-]+\s+){0,6}?(?:back\s+)?from\s*$",
                         re.IGNORECASE)
_REPORT_VERB = re.compile(
    r"\b(?:said|says|announced|announces|confirmed|confirms|revealed|reveals|unveiled|unveils|reported|"
    r"told|shared|posted|previewed|noted|added|explained|tweeted|wrote|teased|made|presented|"
    r"disclosed|released\s+(?:a|the|its)\s+\w+)\s+(?:[\w'-]+\s+){0,5}?(?:on\s+|late\s+|early\s+|this\s+|last\s+)?$",
    re.IGNORECASE)
_WEEKDAY_TEXT = re.compile(r"^(?:on\s+|this\s+|last\s+)?(?:[A-Z][a-z]+day|today|tonight|yesterday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?$",
                           re.IGNORECASE)


def _is_report_day(text: str, when: When) -> bool:
    """'HBO said Monday', 'unveiled its lineup on Monday', 'a Monday slot': not the release."""
    if not _WEEKDAY_TEXT.match(when.text.strip()):
        return False
    after = text[when.end:when.end + 30]
    if re.match(r"(?:s\b|\s+(?:slot|nights|nighttime|lineup|schedule|time\s*slot|block|"
                r"(?:that|,?\s+(?:the\s+\w+|he|she|it|they|\w+)\s+(?:said|announced|confirmed)))\b)",
                after, re.IGNORECASE):
        return True
    before = re.split(r"[;:]|\s-\s", text[:when.start])[-1][-60:]
    return bool(_REPORT_VERB.search(before))


# what was done at the time, not a release planned for it
_ACT_NOT_RELEASE = re.compile(r"\b(?:developed|shot|filmed|written|conceived|pitched|created|produced|commissioned|ordered|"
                              r"greenlit|green-lit|cast|made|(?:announced|revealed|unveiled|confirmed|set|reported)\s+(?:back\s+)?in)\b",
                              re.IGNORECASE)


# "a month after its Nov. 1 slot" in a sentence that reports a move: the slot it leaves
_SLOT_AFTER = re.compile(r"\s+(?:release\s+|premiere\s+|opening\s+)?(?:date|slot)\b", re.IGNORECASE)
_MOVE_WORD = re.compile(r"\bnew\s+(?:release\s+)?date|\bnow\b|\binstead\b|\b(?:mov|shift|push|bump|delay|postpon|slip|slid)\w*",
                        re.IGNORECASE)


_START_TIME = re.compile(r"from\s+(?:(?:\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|midnight|noon)\s+)?(?:on\s+)?",
                         re.IGNORECASE)


def _split_previous(text: str, whens: list[When]) -> tuple[list[When], list[When]]:
    """Dates said to be the old ones ('from May to June', 'originally set for 2024') vs the new."""
    old, new = [], []
    for i, w in enumerate(whens):
        # the mark stays in the date's clause: "X, which was originally planned as a film, premieres June 6"
        before = re.split(r"[;,]\s+(?!not\b)", text[max(0, w.start - 60, whens[i - 1].end if i else 0):w.start])[-1]
        clause_before = re.split(r"[,;]", text[:w.start])[-1]
        mark = _PREVIOUS_MARK.search(before)
        if mark and _ACT_NOT_RELEASE.search(before[mark.start():]):
            mark = None  # "first announced in 2021", "initially developed at HBO in 2019": when it was done
        if mark and _START_TIME.fullmatch(before[mark.start():]) and not _CHANGE.search(text[:w.start]) and not re.match(
                r"\s*(?:,\s*)?(?:to|until|till|into)\b", text[w.end:w.end + 12]):
            mark = None  # "available on iPlayer from 6am on Sunday", "from 9 June": when it starts, nothing moved
        is_old = bool(
            (re.search(r"\b(?:its|the|their)\s+$", before) and _SLOT_AFTER.match(text, w.end) and _MOVE_WORD.search(text))
            or (mark
            and not (_FROM_TO.search(before) and not _DELAY_FROM.search(text[max(0, w.start - 60):w.start])
                     and not (re.match(r"\s*(?:to|until|till)\b", text[w.end:w.end + 12])
                              and _CHANGE.search(text[:w.start]))))
            or _OLD_AFTER.match(text[w.end:w.end + 40])
            or _NO_LONGER.search(clause_before)
            or (i + 1 < len(whens) and re.fullmatch(r",?\s*(?:to|until|till|into)\s+(?:a\s+|an\s+|the\s+)?",
                                                    text[w.end:whens[i + 1].start], re.IGNORECASE)
                and re.search(r"\b(?:from|mov|push|shift|bump|slip|slid|jump|delay|postpon)\w*\s+(?:[\w'-]+\s+){0,6}$",
                              text[:w.start], re.IGNORECASE) and _CHANGE.search(text[:w.start])))
        if is_old and re.search(r"\b(?:to|until|till|into)\s+$", before) and not re.search(
                r"\b(?:set|slated|scheduled|due|expected|supposed|planned|meant|going)\s+to\s+$", before):
            is_old = False  # "from its planned March release to June": June is where it goes
        (old if is_old else new).append(w)
    return old, new


def _year_before(when: When) -> When:
    """The same day or window a year earlier (an old date whose year the text left out)."""
    year, rest = when.value[:4], when.value[4:]
    value = f"{int(year) - 1}{rest}"
    if rest == "-02-29":
        value = f"{int(year) - 1}-02-28"
    return When(value, when.is_date, when.start, when.end, when.text, when.explicit_year)


def _finest(whens: list[When]) -> When | None:
    return max(whens, key=lambda w: w.precision) if whens else None


def _pick(whens: list[When], anchors: list[int]) -> When | None:
    """The date or window the release verb points at; a finer one inside it wins."""
    if not whens:
        return None
    if not anchors:
        best = whens[0]
    else:
        def distance(w: When) -> float:
            return min((w.start - a) if w.start >= a else (a - w.end) * 1.5 + 10 for a in anchors)
        best = min(whens, key=distance)
    start, end = window_start(best.value), window_end(best.value)
    for w in whens:
        ws = window_start(w.value)
        if (w.precision > best.precision and start and end and ws
                and start <= ws <= end and min(abs(w.start - best.end), abs(best.start - w.end)) <= 40):
            best = w
    return best


_EPISODES = re.compile(r"\b(?:all\s+)?(?:\w+\s+)?(?:new\s+)?episodes\b", re.IGNORECASE)
_AFTER_DISTRACTOR = re.compile(
    r"\s*(?:'s\s+)?(?:\w+\s+)?(?:trailer|teaser|preview\s+reel|sizzle\s+reel|first[\s-]look|filming|production|"
    r"shoot|finale|panel|premiere\s+of\s+(?:the\s+)?(?:first|previous|last))\b", re.IGNORECASE)
_ORDINALS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
             "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_SEASON_NO = re.compile(
    r"\b(?:(?:seasons?|series|part|volume|vol\.)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)|"
    r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:season|series|installment))\b",
    re.IGNORECASE)


def season_numbers(text: str) -> set[int]:
    out = set()
    for m in _SEASON_NO.finditer(text):
        word = (m.group(1) or m.group(2)).casefold()
        num = re.match(r"\d+", word)
        out.add(int(num.group(0)) if num else _ORDINALS.get(word, 0))
    return out


def _other_season(text: str, seasons: frozenset[int]) -> bool:
    """The text names a season, and not the watched one."""
    named = season_numbers(text)
    return bool(named) and not (named & seasons)


_NEGATIVE_TIMING = re.compile(
    r"\b(?:not\s+(?:on|in|part\s+of)|(?<!moving\s)(?<!moved\s)(?<!moves\s)(?<!move\s)off|missing\s+from|absent\s+from|left\s+off|no\s+longer\s+on)\s+"
    r"(?:the\s+|its\s+|their\s+|\w+'s\s+)?$", re.IGNORECASE)
_GUESS = re.compile(
    r"\b(?:our|my|the\s+best|best)\s+(?:guess|bet|estimate|prediction)|\bbetting\s+on|\bwould\s+bet|\bbet\s+on|"
    r"\bsafe\s+bet|\bpencil\w*\s+(?:it\s+)?in|\bestimat\w+|\blooks\s+like\s+(?:the|a)\s+\w*\s*(?:window|target|bet)|"
    r"\bcount\s+on|\bexpect\s+(?:[\w'-]+\s+){1,5}?(?:back\s+)?(?:in|around|by|before|until|sometime|no\s+earlier\s+than)\b|"
    r"\bwe\s+(?:think|expect|reckon)|\b(?:we|I)(?:'d|\s+would)\s+(?:guess|bet|expect|say|predict)|"
    r"\bat\s+the\s+earliest|\bearliest\s+realistic|\bif\s+we\s+had\s+to\s+guess|"
    # "January looks the most likely", "the likeliest window is spring": the writer weighs the options
    r"\b(?:looks|seems|is|feels)\s+(?:the\s+)?(?:most\s+likely|likeliest|most\s+plausible|most\s+realistic)\b|"
    r"\b(?:most\s+likely|likeliest)\s+(?:window|date|slot|bet|outcome|scenario)\b", re.IGNORECASE)
_EARLIER_SUBJECT = re.compile(
    r"(?:(?:But|And|Meanwhile|Still),?\s+)?(?:The|Its|Their)\s+(?:first|original|previous|earlier|prior|last|debut|inaugural)\s+"
    r"(?:film|movie|season|series|installment|instalment|outing|chapter|show|part)\b")
# "when it opened on Friday", "since it premiered last week": a temporal clause takes the release
# as given, whatever the main clause hedges ("... may have noticed")
_PRESUPPOSED = re.compile(r"\b(?:when|since|after|ever\s+since|now\s+that)\s+(?:it|the\s+(?:film|movie|series|show|season|sequel))\s+"
                          r"(?:was\s+|were\s+|first\s+|finally\s+)?$", re.IGNORECASE)
_RELATIVE_TIME = re.compile(
    r"\b(?:this|next|later\s+this|early\s+next|late\s+next|late\s+this)\s+(?:year|spring|summer|fall|autumn|winter|month)\b",
    re.IGNORECASE)
_CONDITIONAL = re.compile(
    r"(?:^|[,;:]\s+)(?:[A-Z]\w*,?\s+)?(?i:if|unless|should)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:picks?|orders?|greenlights?|green-lights?|renews?|goes|go|gets?|moves?|lands?|finds?)\b")
_UNRESOLVED_DAY = re.compile(
    r"^[^.;]{0,40}?\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
    r"[0-3]?\d(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)")
_FIRM = re.compile(r"\b(?:will|is\s+set\s+to|is\s+scheduled\s+to|is\s+slated\s+to)\s+(?:\w+\s+)?"
                   r"(?:premiere|debut|launch|arrive|stream|return|open|hit|be\s+released|drop)\b", re.IGNORECASE)


# The same patterns run first on lower-cased text without IGNORECASE, several times faster in
# re; only a sentence they pass is searched again with the real one for its positions.
# "joins ITV's autumn schedule", "is part of Netflix's 2025 line-up": a slot in a slate, read only when the
# sentence has no plainer release verb (whose date it would otherwise pull away)
_SLATE_SLOT = re.compile(r"\b(?:part\s+of|joins?|joined|among|heads?|tops?|anchors?)\s+(?:the\s+|its\s+|their\s+)?"
                         r"(?:[\w+&]+'s\s+)?(?:[\w-]+\s+){0,2}?(?:schedule|line-?up|slate)\b", re.IGNORECASE)
# every _DELAYED match holds one of these (a literal scan of the lower-cased text, no IGNORECASE)
_DELAYED_GATE = re.compile(r"delay|postpon|push|bump|mov|shift|slip|slid|reschedul|set back|no longer|won't|pulled|removed|taken|"
                           r"later than|miss|make its|meet its|hit its")
# the answer to "When will it come out?" given as "Likely January 2025": a verbless guess (its own
# pattern, read only when "likely" is there: an anchor-led alternative would slow the guess scan)
_LIKELY_GUESS = re.compile(
    r"(?:^|[:;]\s+|\bmost\s+)likely(?=,?\s+(?:in\s+|by\s+|around\s+)?(?:early|late|mid|the\s+)?\s*(?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec|spring|summer|fall|autumn|winter|(?:19|20)\d\d))", re.IGNORECASE)


def _guess_in(text: str, low: str) -> re.Match[str] | None:
    """The writer's stated guess in the sentence (low: its lower-cased text, for the cheap gates)."""
    found = _GUESS.search(text) if _GUESS_GATE.search(low) else None
    if found is None and "likely" in low:
        found = _LIKELY_GUESS.search(text)
    return found


_CUE_GATE, _UNANNOUNCED_GATE, _MOVED_EARLIER_GATE, _GUESS_GATE = (
    lowered(p.pattern) for p in (_CUE, _UNANNOUNCED, _MOVED_EARLIER, _GUESS))


def _title_colons(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The watched title is one word to the reader: "Star Trek: Strange New Worlds" ends no clause
    at its colon and does not push "finale" out of reach of "streams". Joined with '_' (offsets
    kept); a trailing "season 2" stays apart, it is read as a season."""
    for a, b in spans:
        seg = text[a:b]
        part = re.search(r"\s+(?:season|series|part|vol|volume|chapter)\b", seg, re.IGNORECASE)
        cut = part.start() if part else len(seg)
        text = text[:a] + re.sub(r"[\s:]", "_", seg[:cut]) + seg[cut:] + text[b:]
    return text


# "Jo Hart's new film", "his next project", "whose Lifetime movie": a person's other work (a network's "Netflix's new series" may be the title)
_OTHER_WORK = re.compile(
    r"(?:(?:\b[A-Z][\w-]*(?:'s|s')|\b(?:his|her|their))\s+(?:new|next|latest|upcoming|other|own|forthcoming)\s+|\bwhose\s+)"
    r"(?:[\w+&-]+\s+){0,2}?(?:film|movie|series|show|project|drama|comedy|thriller|documentary|feature|album|novel|book)s?\b")


def _other_work_subject(text: str, cue_at: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """The release verb's subject is a person's other work, and the watched title is not it: named
    before it as a mere label ('Lantern star Jo Hart's new film opens'), not after it."""
    clause_start = max(0, cue_at - 90)
    for m in _OTHER_WORK.finditer(text, clause_start, cue_at):
        owner = m.group(0).split()[0]
        if platform_in(owner) or re.search(r"[,;:]", text[m.end():cue_at]):
            continue
        if not any(m.start() <= a < cue_at for a, _ in spans):
            return True
    return False


# The subject right before a release verb: a run of capitalised words, maybe with an aside, then auxiliaries
_SUBJECT_BEFORE_VERB = re.compile(
    r"(?P<subj>(?<![\w'])[A-Z][\w'&.-]*(?:\s+(?:(?:of|the|and|in|on|to|for|a|an|&)\s+)*[A-Z0-9][\w'&.-]*)*)\s*"
    r"(?:,[^,]{1,60},\s*)?(?:(?:will|is|are|has|have|also|finally|now|officially|then|just|should|would|could|can|may|might|"
    r"be|been|set\s+to|due\s+to|slated\s+to|scheduled\s+to|expected\s+to|going\s+to)\s+){0,4}$")
# capitalised words that are no title of their own: function words, parts of a work, firms that release it
_NOT_TITLE_TEXT = (
    "the a an it its their they this that these those he she his her we our you your i also but and so meanwhile however "
    "now over in on at elsewhere then still plus both season seasons series part episode episodes volume vol chapter "
    "finale premiere trailer film movie show sequel prequel spin-off spinoff fans viewers audiences "
    "studios studio pictures bros bros. entertainment films television tv network media productions universal sony disney "
    "amazon apple warner paramount lionsgate a24 neon focus searchlight legendary skydance mgm marvel dc lucasfilm pixar "
    "dreamworks hbo netflix hulu peacock max fox abc nbc cbs bbc itv sky channel")
_NOT_TITLE_WORDS = frozenset(_NOT_TITLE_TEXT.split())


def _other_title_subject(text: str, verb_at: int, names: tuple[str, ...]) -> bool:
    """The release verb's subject is a proper name that is not the watched title, a person, a firm
    or a platform: another show ('Over on Hulu, Harbor Lights returns June 6')."""
    m = _SUBJECT_BEFORE_VERB.search(text[:verb_at])
    if not m:
        return False
    words = m.group("subj").split()
    while words and (words[0].casefold().rstrip(".,") in _NOT_TITLE_WORDS or (words[0].endswith("'s") and len(words) > 1)):
        words.pop(0)  # "The", "Elsewhere", an owner ("Netflix's Harbor Lights")
    if not words or any(w.casefold().rstrip(".,:'s") in _NOT_TITLE_WORDS for w in words):
        return False
    phrase = " ".join(words)
    if re.search(r"\b(?:it|them)\b", text[verb_at:verb_at + 40]) or platform_in(phrase) or find_whens(phrase, None):
        return False  # "Warner Bros has set it for June 6": the firm dates the title
    if re.fullmatch(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?", words[0]):
        return False
    if len(words) == 1 and m.start("subj") == 0:
        return False  # one capitalised word opening the sentence ("Fans", "Production"): not surely a name
    if any(is_person(" ".join(words[i:])) for i in range(len(words) - 1)):
        return False
    folded = fold(phrase)
    return not any(folded in fold(n) or fold(n) in folded for n in names)


# a group of other titles: what the sentence says of them is not the watched title's news
_OTHER_GROUP = re.compile(r"\b(?:many|most|several|some|all|a\s+number|a\s+handful|a\s+slew|a\s+host)\s+(?:of\s+)?"
                          r"(?:(?:the|its|their|[A-Z][\w.&+-]*(?:'s|'))\s+)?(?:other\s+)?(?:[\w-]+\s+)?(?:shows|series|originals|films|"
                          r"movies|premieres|releases|titles|programming|dramas|comedies|blockbusters)\b|"
                          r"\bother\s+(?:shows|series|originals|films|movies|premieres|releases|titles|dramas|comedies)\b")
_PRONOUN_SUBJECT = re.compile(r"^(?:It|They|This|That)(?:\s+(?:has|have|is|are|was|were))?(?:\s+(?:finally|now|just|officially))*\s*$")


def statements(sentences: list[Sentence], published: date | None,
               seasons: frozenset[int] = frozenset(), names: tuple[str, ...] = ()) -> list[Statement]:
    out: list[Statement] = []
    last_text = ""
    for s in sentences:
        before_text, last_text = last_text, s.text  # the sentence before, for a pronoun's antecedent
        if not s.about_watch:
            continue
        text = _title_colons(s.text, s.watch_spans)
        low = text.lower()
        cue = _CUE.search(text) if _CUE_GATE.search(low) else None
        if cue is None and s.watch_spans and s.watch_spans[0][0] <= 3:
            cue = _LISTING.match(text, s.watch_spans[0][1])  # "The Last of Us, season 2 - April 13 (HBO)"
        if cue is None and ("line-up" in low or "lineup" in low or "slate" in low or "schedule" in low):
            cue = _SLATE_SLOT.search(text)
        if cue is None and "xpected" in text:
            cue = _OLD_HEDGE.search(text)  # "It had been expected in late 2025": the old date of a move
        if cue is None and len(text) < 60 and text[:2] in _ON_LINE_START:
            cue = _ON_LINE.match(text)  # a listicle entry's last line: "On BBC Two this spring"
        if cue is None and len(text) < 60 and ":" in text[:12]:
            cue = _WHEN_LABEL.match(text)  # a fact box: "When: Spring 2020"
        unannounced = next((m for m in _UNANNOUNCED.finditer(text) if not _OTHER_UNKNOWN.search(
            re.split(r"[,;:]|\s-\s", text[:m.start()])[-1])), None) if _UNANNOUNCED_GATE.search(low) else None
        delayed = _DELAYED.search(text) if _DELAYED_GATE.search(low) else None
        earlier = _MOVED_EARLIER.search(text) if _MOVED_EARLIER_GATE.search(low) else None
        if earlier is None and "ahead" in low:
            earlier = _JUMP_AHEAD.search(text)
        guess = _guess_in(text, low)
        if _RUNNING.search(text) and not (seasons and _other_season(text, seasons)):
            found = platform_in(text)
            out.append(Statement("released", None, None, found[0] if found else None, s))
            continue
        if not cue and not unannounced and not delayed and not earlier and not guess:
            continue
        if _EARLIER_SUBJECT.match(text) and not s.names_watch and not guess and not re.search(
                r";|\b(?:but|while|whereas|so)\b", text):
            continue  # "The first film, ..., has been a hit since it launched": its subject is another installment
        if cue and not delayed and not earlier and s.names_watch and _other_work_subject(text, cue.start(), s.watch_spans):
            continue  # "Lantern star Jo Hart's new film opens May 31": her other work comes out
        verb = cue or delayed or earlier
        if verb and not s.names_watch and _OTHER_GROUP.search(text):
            continue  # "many of NBC's scripted originals were postponed", "reshuffled several other premieres"
        if verb and not s.names_watch and _other_title_subject(text, verb.start(), names):
            continue  # "Lantern has no date yet. Harbor Lights, meanwhile, returns June 6.": another show's
        if cue and _is_distractor(text, cue.start()):
            cue = next((m for m in _CUE.finditer(text) if not _is_distractor(text, m.start())), cue)
        cue_at = cue.start() if cue else unannounced.start() if unannounced else 0
        if delayed and _is_distractor(text, delayed.start()):
            delayed = None
        if cue and not unannounced and not delayed and _is_distractor(text, cue_at):
            # "With filming set for this summer, our guess is that the first season arrives in 2027": a
            # writer guesses about what is still to come, so a future time after the guess is one
            ahead = [w for w in find_whens(text, published) if w.start > guess.start()
                     and _future(w, published)] if guess else []
            if ahead:
                found = platform_in(text)
                out.append(Statement("speculated", _pick(ahead, [guess.end()]), None,
                                     found[0] if found else None, s))
            continue
        found = platform_in(text)
        platform = found[0] if found else None
        released_verb = _released_verb(text)
        if released_verb and _PRONOUN_SUBJECT.match(text[:released_verb.start()]) and before_text and (
                _OUT_THING.search(before_text) or _DISTRACTOR.search(before_text)):
            released_verb = None  # "X reveals its first photo. It has finally arrived.": the photo has
        whens = find_whens(text, published, past=bool(released_verb))
        whens = [w for w in whens if not _near_distractor(text, w.start)
                 and not _AFTER_DISTRACTOR.match(text[w.end:w.end + 30])
                 and not (seasons and _other_season(_near(text, w.start, 8, 0), seasons))
                 and not _is_report_day(text, w)
                 and not any(a < w.end and w.start < b for a, b in s.watch_spans)
                 and not _NEGATIVE_TIMING.search(text[max(0, w.start - 30):w.start])]
        anchors = [m.end() for m in _CUE.finditer(text)
                   if not _is_distractor(text, m.start())]
        anchors += [m.end() for p in (_DELAYED, _MOVED_EARLIER) for m in p.finditer(text)]
        if delayed and not cue and whens and published and not any(_future(w, published) for w in whens):
            continue  # "the story moves from 1970 to 1985": story time, no release moves
        if delayed and _NETWORK_MOVE.search(text[:delayed.end()]) and platform_in(text[delayed.end():delayed.end() + 25]):
            delayed = None  # "moves over from Fox": another network, not another date
        masked = _FROM_PLATFORM.sub(lambda m: " " * len(m.group(0)), text) if delayed is None else text
        old, new = _split_previous(masked, whens)
        if delayed and (inside := [w for w in new if delayed.start() < w.start < delayed.end()]):
            old += inside  # "push its big Summer thriller back": the slot it leaves
            new = [w for w in new if w not in inside]
        main = [w for w in new if not _SECONDARY.search(re.split(r"[;(]", text[:w.start])[-1])]
        if main and len(main) < len(new):
            new = main  # "premieres Friday on Paramount+, with its on-air debut following Sunday"
        if (delayed or earlier) and published:
            new = [w for w in new if _future(w, published)]  # "pushed it back ... last fall"
        risk = bool(_RISK.search(text))
        prev_when = _finest(old)
        new_when = _pick(new, anchors)
        if _CONDITIONAL.search(text) and _SPECULATIVE.search(text):
            # "If ABC picks the show up, it would get a launch early in 2008": only a guess
            if new_when and _future(new_when, published):
                out.append(Statement("speculated", new_when, None, platform, s))
            continue
        # (only after a verb that says "later", or to a year-dated new time: "shifted from its July 4
        # date to June 27" moves it earlier in the same year)
        if old and new_when and not risk and delayed and not earlier and prev_when and not prev_when.explicit_year and (
                new_when.explicit_year or not re.search(r"shift|mov|chang|switch", delayed.group(0), re.IGNORECASE)) and (
                (window_start(prev_when.value) or date.min) > (window_start(new_when.value) or date.max)):
            prev_when = _year_before(prev_when)  # "was supposed to land in the summer, delayed to 2025": last summer
        if old and new_when and not risk:
            ws_old, ws_new = window_start(prev_when.value), window_start(new_when.value)
            we_old, we_new = window_end(prev_when.value), window_end(new_when.value)
            if ws_old and ws_new and we_old and we_new and ws_old <= ws_new and we_new <= we_old:
                out.append(Statement("announced", new_when, None, platform, s))  # narrowed down
                continue
            if ws_old and ws_new and ws_new != ws_old:
                status = "delayed" if ws_new > ws_old else "announced"
                out.append(Statement(status, new_when, prev_when, platform, s))
                continue
        if delayed and not risk and not earlier:
            out.append(Statement("delayed", new_when, prev_when, platform, s))
            continue
        if unannounced and not risk and not new and _NEW_DATE.search(text):
            # "was supposed to premiere this spring, but has yet to set a new date": it missed its date
            out.append(Statement("delayed", None, prev_when, platform, s))
            continue
        if old and not new and not risk and cue and not _SPECULATIVE.search(_OLD_HEDGE.sub(" ", text)):
            # "It had been scheduled to open in September." - the old date of a move told next
            out.append(Statement("previous", None, prev_when, platform, s))
            continue
        if earlier:
            out.append(Statement("announced", new_when, prev_when, platform, s))
            continue
        if unannounced and not (re.search(r"\b(?:date|day|night)\b", unannounced.group(0), re.IGNORECASE)
                                and new_when and not new_when.is_date and cue and not _SPECULATIVE.search(text)):
            guesses = [w for w in whens if w.start > unannounced.start()] or [
                w for w in whens if _SPECULATIVE.search(text[:w.start])]  # "will probably return in 2026, though ..."
            out.append(Statement("unannounced", None, None, platform, s))
            if guesses and _SPECULATIVE.search(text):
                out.append(Statement("speculated", _finest(guesses), None, platform, s))
            continue
        if not cue and not delayed and not earlier:
            future = [w for w in whens if _future(w, published)]
            if guess and future and not _DISTRACTOR.search(re.split(r"[,;]|\s(?:because|since|as)\s", text[guess.end():])[0]):
                # (not "we think this month is when the renewal is announced": a guess about news)
                out.append(Statement("speculated", _pick(future, [guess.end()]), None, platform, s))
            continue
        presupposed = released_verb and _PRESUPPOSED.search(text[max(0, released_verb.start() - 40):released_verb.start()])
        if (_SPECULATIVE.search(text) or guess) and not presupposed:
            ahead = [w for w in new if _future(w, published)]  # a guess is about what lies ahead
            if ahead:  # "our best guess is X": the guess names the window
                out.append(Statement("speculated", _pick(ahead, [guess.end()] if guess else anchors), None, platform, s))
            continue
        if released_verb and seasons and _other_season(text, seasons):
            continue  # an earlier season came out
        if released_verb and (not whens or not _future(_pick(whens, anchors), published)
                              or _on_or_before(_pick(whens, anchors), published)
                              or _window_begun(_pick(whens, anchors), published)
                              or re.search(r"\bnow\b", released_verb.group(0), re.IGNORECASE)):
            out.append(Statement("released", _pick([w for w in whens if w.is_date], anchors),
                                 None, platform, s))
            continue
        future = [w for w in new if _future(w, published)]
        if future and cue:
            out.append(Statement("announced", _pick(future, anchors), None, platform, s))
        elif cue and published is None and (
                (_FIRM.search(text) and _RELATIVE_TIME.search(text)) or _UNRESOLVED_DAY.search(text[cue.start():])):
            # "returns Thursday, October 12" on an undated page: announced, the day cannot be placed
            out.append(Statement("announced", None, None, platform, s))
    return out


def _better(a: Statement, b: Statement, support: dict[tuple[str, str], int] | None = None) -> Statement:
    """Of two statements of one status, the one with the old date, then the finer date, the date
    the article states more often, the one naming the title, then the later date."""
    if bool(a.previous) != bool(b.previous):
        return a if a.previous else b
    pa = a.when.precision if a.when else 0
    pb = b.when.precision if b.when else 0
    if pa != pb:
        return a if pa > pb else b
    if a.previous and b.previous and a.previous.precision != b.previous.precision:
        return a if a.previous.precision > b.previous.precision else b  # "in the fall" over "this year"
    if support and a.when and b.when:
        na, nb = support.get((a.status, a.when.value), 0), support.get((b.status, b.when.value), 0)
        if na != nb:
            return a if na > nb else b
    if a.sentence.names_watch != b.sentence.names_watch:  # named beats inherited from the sentence before
        return a if a.sentence.names_watch else b
    sa = window_start(a.when.value) if a.when else None
    sb = window_start(b.when.value) if b.when else None
    if sa and sb and sa != sb:
        return a if sa > sb else b
    return a


def _value(when: When | None) -> tuple[str | None, str | None]:
    if when is None:
        return None, None
    return (when.value, None) if when.is_date else (None, when.value)


def _published_of(stmts: list[Statement]) -> date | None:
    return stmts[0].published if stmts else None


# the old plan itself, not "the original film opened on ...": "It had been due in August"
_OLD_PLAN = re.compile(r"\b(?:had\s+(?:been|initially|originally|first)|originally|initially|previously|"
                       r"(?:its|the|their)\s+(?:previous|original|old|earlier|initial|prior)\s+(?:release\s+|premiere\s+|opening\s+)?"
                       r"(?:date|slot|window)|"
                       r"(?:was|were)\s+(?:originally\s+|initially\s+)?(?:set|slated|scheduled|due|supposed|planned|meant|expected))\b",
                       re.IGNORECASE)


def _nested(a: str, b: str) -> bool:
    """One date or window lies within the other ('2025' and 'early 2025' tell the same move)."""
    sa, ea, sb, eb = window_start(a), window_end(a), window_start(b), window_end(b)
    if not (sa and ea and sb and eb):
        return a == b
    return (sa <= sb and eb <= ea) or (sb <= sa and ea <= eb)


def _is_move(st: Statement) -> bool:
    return st.status == "delayed" or (st.status == "announced" and st.previous is not None)


def _own_moves(stmts: list[Statement], sentences: list[Sentence]) -> list[Statement]:
    """A studio's reshuffle moves several films, some later and some earlier. When a paragraph that
    names the watched title reports its move, a move told in a paragraph that never names it and
    that disagrees (other direction or other new date) is another film's."""
    named = {s.paragraph for s in sentences if s.names_watch}
    own = [st for st in stmts if _is_move(st) and st.sentence.paragraph in named]
    if not own:
        return stmts

    def conflicts(st: Statement) -> bool:
        return any(st.status != o.status or (st.when is not None and o.when is not None
                                             and not _nested(st.when.value, o.when.value)) for o in own)

    return [st for st in stmts if not (_is_move(st) and st.sentence.paragraph not in named and conflicts(st))]


def decide(stmts: list[Statement], sentences: list[Sentence],
           names: tuple[str, ...] = ()) -> tuple[Release, Speculation]:
    """Many statements -> one release reading and the writer's guess, if any."""
    published = _published_of(stmts)
    others = any(st.status != "released" for st in stmts)
    if others and published:
        stmts = [st for st in stmts if not (
            st.status == "released" and (
                (st.when and st.when.is_date and (published - date.fromisoformat(st.when.value)).days > 120)
                or re.search(r"\brenew", st.sentence.text, re.IGNORECASE)))]
    # "It had been due in August. It now opens October 3.": an old date, then a later new one, is a move
    # (so is the old plan told right after: "It opens October 3. It had been due in August.")
    for old_st in [st for st in stmts if st.status == "previous" and st.previous]:
        # (later than the whole old window: "moves up its fall premiere ... now Oct. 27" is inside it)
        old_start = window_end(old_st.previous.value) if old_st.previous else None
        for st in stmts:
            if (st.status == "announced" and st.when and old_start
                    and (0 < st.sentence.index - old_st.sentence.index <= 2 or (
                        st.sentence.index - old_st.sentence.index == -1 and _OLD_PLAN.search(old_st.sentence.text)))
                    and (window_start(st.when.value) or date.min) > old_start):
                stmts = [*stmts, Statement("delayed", st.when, old_st.previous, st.platform,
                                           st.sentence, st.published)]
                break
    stmts = _own_moves(stmts, sentences)
    support: dict[tuple[str, str], int] = {}
    for st in stmts:
        if st.when:
            support[st.status, st.when.value] = support.get((st.status, st.when.value), 0) + 1
    by_status: dict[str, Statement] = {}
    if any(st.status == "speculated" and _guess_in(st.sentence.text, st.sentence.lower) for st in stmts):
        # the writer's stated guess ("our best guess is ...") outranks a merely hedged date
        stmts = [st for st in stmts if st.status != "speculated" or _guess_in(st.sentence.text, st.sentence.lower)]
    for st in stmts:
        prev = by_status.get(st.status)
        by_status[st.status] = st if prev is None else _better(prev, st, support)
    speculation = Speculation()
    spec = by_status.get("speculated")
    if spec and spec.when and _future(spec.when, published):  # a guess is about what lies ahead
        speculation = Speculation(spec.when.value, (spec.sentence.evidence,))

    chosen: Statement | None = None
    extra: list[str] = []
    for status in ("delayed", "announced", "released", "unannounced", "speculated"):
        if status in by_status:
            chosen = by_status[status]
            break
    if "released" in by_status and "announced" in by_status:
        rel, ann = by_status["released"], by_status["announced"]
        if rel.sentence.index > ann.sentence.index and not ann.when:
            chosen = rel
    if chosen is None:
        tied = _platform_elsewhere(None, stmts, sentences, names)
        return (Release(platform=tied[0], evidence=(tied[1],)) if tied else Release()), speculation

    if chosen.status == "delayed" and chosen.when is None:
        # "Doomsday opens December 18, 2026. Disney pushed it back from May 1, 2026."
        # "Sony has delayed X again. The film will now open on June 27, 2025."
        old = window_start(chosen.previous.value) if chosen.previous else date.min
        near = [st for st in stmts if st.status == "announced" and st.when
                and abs(st.sentence.index - chosen.sentence.index) <= 2
                and (window_start(st.when.value) or date.min) > (old or date.max)]
        ann = min(near, key=lambda st: abs(st.sentence.index - chosen.sentence.index)) if near else None
        if ann and ann.when:
            extra = [ann.sentence.evidence]
            chosen = Statement("delayed", ann.when, chosen.previous, chosen.platform or ann.platform,
                               chosen.sentence, chosen.published)
    if chosen.status == "announced" and chosen.when and chosen.previous is None and _MOVED_EARLIER.search(chosen.sentence.text):
        # "X moves up to March 7. It had been set for March 14.": the old, later date
        new_start = window_start(chosen.when.value) or date.max
        olds = [st for st in stmts if st.status == "previous" and st.previous
                and 0 < abs(chosen.sentence.index - st.sentence.index) <= 2
                and (window_start(st.previous.value) or date.min) > new_start]
        if olds:
            old_st = min(olds, key=lambda st: abs(chosen.sentence.index - st.sentence.index))
            extra.append(old_st.sentence.evidence)
            chosen = Statement("announced", chosen.when, old_st.previous, chosen.platform,
                               chosen.sentence, chosen.published)
    if chosen.status == "delayed" and chosen.previous is None:
        # "It had been scheduled to open in September. Amazon has now moved it to April 26, 2024."
        # "... is delayed indefinitely. It had been due on January 10."
        new_start = window_start(chosen.when.value) or date.min if chosen.when else date.max
        olds = [st for st in stmts if st.status == "previous" and st.previous
                and 0 < abs(chosen.sentence.index - st.sentence.index) <= 2
                and (window_start(st.previous.value) or date.max) < new_start]
        if olds:
            old_st = min(olds, key=lambda st: (abs(chosen.sentence.index - st.sentence.index),
                                               st.sentence.index > chosen.sentence.index))
            extra.append(old_st.sentence.evidence)
            chosen = Statement("delayed", chosen.when, old_st.previous, chosen.platform,
                               chosen.sentence, chosen.published)
    date_, window = _value(chosen.when)
    previous = chosen.previous.value if chosen.previous else None
    tied = _platform_elsewhere(chosen, stmts, sentences, names)
    platform = tied[0] if tied else chosen.platform if chosen.source else None
    if platform is None and chosen.status == "announced":
        platform = _slate_network(sentences)  # "Also arriving in early 2022 is X" under "ITV unveils its line-up"
    if chosen.source:
        extra.insert(0, chosen.source.evidence)
    evidence = [chosen.sentence.evidence, *(e for e in extra if e != chosen.sentence.evidence)]
    if chosen.status in ("unannounced", "speculated"):
        date_ = window = None  # a guess is not a release date; it goes to speculation
    if chosen.status == "released" and chosen.when and not chosen.when.is_date:
        window = None
    return (
        Release(chosen.status, date_, window, platform, previous, tuple(evidence)),
        speculation,
    )


# "Sheridan's upcoming original series for Paramount+": the work is made for it ("... and The Last
# of Us for HBO" in a studio's list of projects is a passing mention, not tied)
_FOR_PLATFORM = re.compile(r"\b(?:series|show|drama|comedy|thriller|project|adaptation|miniseries|spin-?off|original|"
                           r"revival|reboot|sequel|prequel|docuseries|anthology|film|movie)\s+for\s+$", re.IGNORECASE)
# "set up at Hulu", "in development at Netflix", "hails from HBO": where the project is made
_MADE_AT = re.compile(r"\b(?:set\s+up|in\s+(?:development|the\s+works)|ordered|greenlit|green-lit|hails|comes)\s+(?:at|from)\s+$",
                      re.IGNORECASE)
# "Premiere Date Set for March 2025 at Netflix", "Renewed for Season 3 at HBO" (not "arrived at NBC")
_RELEASE_AT = re.compile(r"(?:\b(?:date|premiere|return|debut|season\s+\w+|(?:19|20)\d\d|[0-3]?\d)|"
                         r"\b(?:renewed|picked\s+up|ordered|greenlit|green-lit|cancell?ed|set\s+up)(?:\s+[\w-]+){0,4})\s+at\s+$",
                         re.IGNORECASE)
_EARLIER_WORK = re.compile(r"\b(?:last|previous|earlier|former|past|prior|other|first|hit)\s+(?:[\w-]+\s+){0,2}"
                           r"(?:series|show|drama|comedy|thriller|project|adaptation|miniseries|spin-?off|original|"
                           r"revival|reboot|sequel|prequel|docuseries|anthology|film|movie)\s+for\s+$", re.IGNORECASE)
# a fact box line: "Where to watch: Netflix", "Network: HBO"
_WHERE = (r"(?:Where(?:\s+to\s+(?:watch|stream))?|Platform|Network|Channel|Streaming(?:\s+on)?|Streamer|Service|"
          r"(?:Original\s+|UK\s+|US\s+)?Broadcaster)")
_WHERE_LABEL = re.compile(rf"{_WHERE}(?:\s*/\s*{_WHERE})*\s*:\s*", re.IGNORECASE)  # "Network/Streaming: Max"
_PLATFORM_TIE = re.compile(r"(?:\bon\s+|\bvia\s+|\bstreamer\s+|\bnetwork\s+)$", re.IGNORECASE)
_OTHER_OUTLET = re.compile(r"\s+(?:News|Sports|Business|Studios|Films|Pictures|Television|Searchlight|"
                           r"Corp|Corporation|Media|Universal|Nation|Radio|Channel|Kids|Family)\b")
_RELEASE_BEFORE_ON = re.compile(
    r"\b(?:premier|stream|debut|arriv|air|launch|drop|return|available|land|com(?:e|es|ing)\b|exclusive|"
    r"releas|bow|watch|binge|exclusively|only)\w*\s+(?:[\w,'-]+\s+){0,6}?(?:on|to|via)\s+$|\bhit(?:s|ting)?\s+$", re.IGNORECASE)
_KIND_AFTER = re.compile(
    r"^(?:\s+(?:[a-z][\w-]*|[A-Z][a-z]+-\w+|(?:19|20)\d\d)){0,2}\s+(?i:series|show|original|drama|comedy|thriller|"
    r"miniseries|docuseries|adaptation|revival|spin-?off|reboot|sitcom|anthology|line-?up|slate|take|version|remake|"
    r"reimagining|retelling)\b")
_SUBJECT_START = re.compile(r"(?:^|:\s+|^(?:This|Next|Later\s+this|In|On|Come)\s+(?:[\w'.]+\s+){1,2}|^(?:[A-Z][\w']*\s+)(?:[\w']+\s+){0,6}?[\w']+,\s+|,?\s+(?:and|but)\s+|\b(?:whether|that|if|which)\s+)"
                            r"(?:(?:But|And|So|Meanwhile|Now|Still|However|Instead|Yet|If|When|Once|Unless),?\s+)?(?:the\s+)?$")
_SAID_BY = re.compile(r"\b(?:confirm|announc|reveal|report|inform|sa)(?:s|ed|id|ys)?\s+(?:by\s+)?$", re.IGNORECASE)
_SAYS = re.compile(r"\s+(?:said|says|confirmed|confirms|announced|announces|revealed|reports)\b")
_PAREN_LISTING = re.compile(r"\((?:[^()|]{0,25},\s+)?\|(?:,\s+[^()|]{0,25})?\)")
_PREMIERE_AFTER = re.compile(r"\s+(?:premiere|debut|launch|release)(?:\s+date|\s+window)?\b", re.IGNORECASE)
_SOURCE_BEFORE = re.compile(
    r"\b(?:based\s+on|adapted\s+from|inspired\s+by|remake\s+of|reboot\s+of|revival\s+of|version\s+of)\s+"
    r"(?:(?:the|a|an|its|his|her|their)\s+)?(?:[\w-]+\s+){0,2}$"
    r"|\b(?:old|original|classic|former|defunct|earlier)\s+$", re.IGNORECASE)
_NEW_HOME = re.compile(r"\b(?:mov|head|jump|switch|shift|migrat)\w*\s+(?:over\s+)?to\s+$", re.IGNORECASE)  # "before moving to Netflix"
_PART_OF_BEFORE = re.compile(r"\b(?:season|series|run|premiere|return|episode|finale)\s+of\s+$", re.IGNORECASE)
_OLD_HOME = re.compile(r"\b(?:(?:was|were|had\s+been)\s+(?:originally\s+|initially\s+|first\s+)?(?:set|slated|scheduled|due|"
                       r"supposed|planned|meant|going)\s+to|originally|initially|instead\s+of|rather\s+than|"
                       r"(?:mov|shift|switch|jump|head)\w*\s+(?:\w+\s+){0,2}?(?:over\s+)?from)\b"
                       r"(?:(?!\b(?:to|instead|now|will)\b)[^.])*$", re.IGNORECASE)  # not "from HBO to Max"
_TV_KIND_AFTER = re.compile(r"(?:\s+[a-z][\w-]*)?\s+(?:series|show|drama|comedy|sitcom|miniseries|procedural|docuseries)\b")
_FILM_CONTEXT = re.compile(r"\b(?:film|movie|theat(?:er|re)s?|cinemas?|box\s+office|studio)\b", re.IGNORECASE)


# A cheap gate before the big alternation (no look-behind, so the scan is fast): a word every
# platform name above begins with.
_PLATFORM_HINT = re.compile(
    r"Amazon|Prime|HBO|Apple|Disney|Paramount|Peacock|Netflix|Hulu|Max|AMC|FX|CBS|ABC|NBC|Fox|CW|Showtime|"
    r"Starz|MGM|BBC|ITV|Channel 4|Sky|Crunchyroll|Freevee|Tubi|Shudder|Syfy|TNT|TBS|PBS|Adult Swim|"
    r"Comedy Central|BritBox|Acorn|National Geographic|Nat Geo|Discovery|Freeform|USA Network|Cinemax|Epix|Hallmark|"
    r"Lifetime|A&E|Bravo|Sundance|IFC|BET|TLC|Channel 5|E4|Disney Channel|Nickelodeon|Cartoon Network|YouTube|Roku|CBC|Facebook|Quibi|Spectrum|TV Land|Pop TV|WGN|Crave")


def tied_platform(s: Sentence) -> tuple[str, int] | None:
    """The platform the sentence ties to the title, with how firmly: 3 'streams on X' / '(X)' in a
    listing, 2 'X's <title|series>', 'the X series', 'on X', 1 X as the subject ('Netflix has not
    said ...'). 'FX's The Bear' names another title's network; 'Fox' in film talk is the studio."""
    text = s.text
    best: tuple[str, int] | None = None
    for match in _PLATFORM_RE.finditer(text):
        raw, at, end = match.group(1), match.start(), match.end()
        name = next(usual for pattern, usual in PLATFORMS if re.fullmatch(pattern, raw))
        before, after = text[max(0, at - 60):at], text[end:end + 60]
        score = 0
        if _OTHER_OUTLET.match(after):
            continue  # "Fox News", "NBC Universal"
        if _SOURCE_BEFORE.search(before):
            continue  # "based on the old CBS series": the source work's network
        if _OLD_HOME.search(re.split(r"[,;(]|\s-\s", before)[-1]):
            continue  # "which was set to air on NBC, will instead stream on Peacock": the old home
        if after.startswith("'s") or after.startswith("'"):
            rest = after[2:] if after.startswith("'s") else after[1:]
            nxt = re.match(r"\s*['\"]?([A-Za-z])", rest)
            on_watch = any(a <= end + 3 + (len(rest) - len(rest.lstrip(" '\""))) < b for a, b in s.watch_spans)
            if nxt and nxt.group(1).isupper() and not on_watch:
                continue  # "FX's The Bear", "Netflix's Wednesday": another title
            kind = _KIND_AFTER.match(rest)
            named_at = end + len(after) - len(rest) + (kind.end() if kind else 0)  # where a title would follow
            if kind and not on_watch and re.match(r"\s*,?\s+['\"]?[A-Z]", rest[kind.end():]) and not any(
                    named_at <= a < named_at + 6 for a, _ in s.watch_spans):
                continue  # "HBO's limited series The Night Of": another title
            if on_watch or kind or _PART_OF_BEFORE.search(before):
                score = 2  # "HBO's Harry Potter series", "Netflix's fantasy series", "the second season of ABC's hit"
        if _RELEASE_BEFORE_ON.search(before) or _PAREN_LISTING.search(before + "|" + after[:30]) \
                or _PREMIERE_AFTER.match(after) or _WHERE_LABEL.fullmatch(before):
            score = 3
        elif _PLATFORM_TIE.search(before[-12:]) or _NEW_HOME.search(before) or _KIND_AFTER.match(after) or _MADE_AT.search(before) or (
                _RELEASE_AT.search(before)) or any(
                re.fullmatch(r"(?:,\s+from|\s+at)\s+", text[b:at]) for _, b in s.watch_spans) or (
                _FOR_PLATFORM.search(before) and not _EARLIER_WORK.search(before)
                and not re.match(r"\s+or\s", after) and not _SPECULATIVE.search(text)):
            kind = _KIND_AFTER.match(after)
            if kind and re.match(r"\s*,?\s+['\"]?[A-Z]", after[kind.end():]) and not any(
                    end + kind.end() <= a < end + kind.end() + 6 for a, _ in s.watch_spans):
                continue  # "a new NBC sitcom, Perfect Couples": another title
            score = max(score, 2)
        elif (_SUBJECT_START.search(text[:at]) and re.match(r"\s+(?:Entertainment\s+)?(?:with\s+Showtime\s+)?(?!and\b|or\b)[a-z]", after)
              and (_CUE.search(text) or not re.search(r"\b(?:whether|that|if|which)\s+$", before))) \
                or _SAID_BY.search(before) or (re.search(r",\s+$", before) and _SAYS.match(after)):
            score = max(score, 2 if _CUE.search(text) else 1)  # "HBO sets a September premiere"
        if not score:
            continue
        if name == "Fox" and not re.search(r"\bon\s+$", before) and _FILM_CONTEXT.search(text) and not _TV_KIND_AFTER.match(
                after[2:] if after.startswith("'s") else after):
            continue  # 20th Century Fox, the studio
        if name == "Max" and score < 2:
            continue  # "Max is secretly hunting his brother": a first name, unless a release ties it
        if best is None or score > best[1]:
            best = (name, score)
    return best


def _platform_elsewhere(chosen: Statement | None, stmts: list[Statement],
                        sentences: list[Sentence], names: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The best-tied platform: the chosen statement's sentence first, then the other statements,
    then any sentence about the title."""
    order = ([chosen.sentence] if chosen else []) + [st.sentence for st in stmts] + [
        s for s in sentences if s.about_watch]
    best: tuple[str, int] | None = None
    where = order[0] if order else None
    seen: set[int] = set()
    for s in order:
        if s.index in seen or not s.about_watch:
            continue
        seen.add(s.index)
        if not _PLATFORM_HINT.search(s.text):
            continue
        if not s.names_watch and (cue := _CUE.search(s.text)) and _other_title_subject(s.text, cue.start(), names):
            continue  # "Over on Hulu, Harbor Lights returns": that show's network
        found = tied_platform(s)
        if found and (best is None or found[1] > best[1]):
            best = found
            where = s
            if best[1] == 3:
                break  # nothing ties firmer
    return (best[0], where.evidence) if best else None


_HEADING_DAY = re.compile(r"^(?:[A-Z][a-z]+day,?\s+)?(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[A-Za-z]*\.?\s+[0-3]?\d"
                          r"|^(?:[A-Z][a-z]+day,?\s+)?[0-3]?\d(?:st|nd|rd|th)?\s+(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")


def calendar_entries(sentences: list[Sentence], published: date | None) -> list[Statement]:
    """A premiere calendar: day headings ('MARCH 8', 'Friday, March 15') each followed by entries.
    The entry that opens with the watched title comes out on the day of the heading above it."""
    heads: dict[int, When] = {}
    for i, s in enumerate(sentences):
        alone = (i == 0 or sentences[i - 1].paragraph != s.paragraph) and (
            i + 1 == len(sentences) or sentences[i + 1].paragraph != s.paragraph)
        if not alone or len(s.text) > 40 or not _HEADING_DAY.match(s.text):
            continue
        whens = find_whens(s.text, published)
        if len(whens) == 1 and whens[0].is_date and not s.text[whens[0].end:].strip(" .,:;()-"):
            heads[i] = whens[0]
    if len(heads) < 2:
        return []  # one date line is a dateline, not a calendar
    out: list[Statement] = []
    current: When | None = None
    for i, s in enumerate(sentences):
        if i in heads:
            current = heads[i]
            continue
        opens = i > 0 and sentences[i - 1].paragraph != s.paragraph
        if (current and opens and s.names_watch and s.watch_spans and s.watch_spans[0][0] <= 4
                and _future(current, published)):
            found = platform_in(s.text)
            out.append(Statement("announced", current, None, found[0] if found else None, s, published))
    return out


# a review or recap of one episode ("Revenge Review 2x01", "S02E01 recap"); not "season 1 recap" before season 2
_EPISODE_CODE = r"(?:\b\d{1,2}x\d{2}\b|\bS\d{1,2}\s?E\d{1,2}\b|\bepisode\s+\d+)"
_RECAP = re.compile(rf"\b(?:review|recap)\b.*?{_EPISODE_CODE}|{_EPISODE_CODE}.*?\b(?:review|recap)\b", re.IGNORECASE)
_SLATE = re.compile(r"\b(?:line-?up|slate)\b", re.IGNORECASE)
# "BBC1 original British drama - autumn 2012", "ITV's spring 2020 dramas": a channel's programming for a
# season, no title named; the same slate headline without the word
_PROGRAMMING = re.compile(r"\b(?:dramas?|comed(?:y|ies)|shows|series|originals|programm(?:e|es|ing)|schedule|premiere\s+dates)\b",
                          re.IGNORECASE)


def _slate_windows(head: Sentence, published: date | None) -> list[When]:
    """The windows a slate headline dates its entries with ('drama line-up for 2019')."""
    slate = _SLATE.search(head.text)
    windows = [w for w in find_whens(head.text, published) if not w.is_date]
    if slate:
        return [w for w in windows if abs(w.start - slate.end()) <= 12 or abs(slate.start() - w.end) <= 12]
    if head.other_titles or not _PROGRAMMING.search(head.text) or not platform_in(head.text):
        return []
    return windows


def _slate_network(sentences: list[Sentence]) -> str | None:
    """The network whose slate the headline presents ('ITV unveils its winter drama line-up'): the
    channel of every entry the article lists."""
    head = sentences[0] if sentences and sentences[0].paragraph == -1 else None
    if head is None or head.names_watch or head.other_titles or not (
            _SLATE.search(head.text) or _PROGRAMMING.search(head.text)):
        return None
    found = platform_in(head.text)
    return found[0] if found and found[1] <= 3 else None


def _slate_example(head: Sentence) -> bool:
    """The headline names the title as one show of the slate it presents: 'ITV's new autumn
    dramas: from Stephen to Angela Black'."""
    slate = _SLATE.search(head.text) or _PROGRAMMING.search(head.text)
    return bool(slate and head.watch_spans) and re.search(
        r"[:\u2013\u2014-]\s", head.text[slate.end():head.watch_spans[0][0]]) is not None


def slate_entry(sentences: list[Sentence], published: date | None) -> list[Statement]:
    """A network's slate ('BBC One unveils its drama line-up for 2019') dates every show it lists:
    a watched title the body names, with nothing said of its own release, comes in that window."""
    head = sentences[0] if sentences and sentences[0].paragraph == -1 else None
    if head is None or _DELAYED.search(head.text) or (head.names_watch and not _slate_example(head)):
        return []
    whens = _slate_windows(head, published)
    named = next((s for s in sentences if s.names_watch and s.paragraph >= 0), None)
    if len(whens) != 1 or named is None or not _future(whens[0], published):
        return []
    if find_whens(named.text, published) or _RELEASED.search(named.text) or re.search(r"\b(?:back|comeback)\b", named.text):
        return []  # "made his comeback in Luther this week": its own time, not the slate's
    found = platform_in(head.text)
    return [Statement("announced", whens[0], None, found[0] if found and found[1] <= 3 else None, named, published,
                      head)]


_RENEWED = re.compile(r"\b(?:renew\w*|picked\s+up|pick\w*\s+(?:it\s+)?up|order\w*|greenlit|green-lit)\s+(?:[\w'-]+\s+){0,4}?"
                      r"for\s+(?:a\s+)?(?:season\s+\w+|\w+\s+season)\b"
                      # "season 2 is in the works", "a second season is on the way"
                      r"|\b(?:season\s+\w+|\w+\s+season)\s+(?:is|has\s+been)\s+(?:officially\s+|now\s+)?(?:in\s+the\s+works|"
                      r"on\s+the\s+way|in\s+production|in\s+development|coming|happening|confirmed|ordered|greenlit)\b",
                      re.IGNORECASE)


def _renewed_season(sentences: list[Sentence]) -> int | None:
    """The season the title was renewed for ('renewed for a third season'): the next installment."""
    for s in sentences:
        if s.about_watch and "season" in s.lower:
            m = _RENEWED.search(s.text)
            if m and season_numbers(m.group(0)):
                return max(season_numbers(m.group(0)))
    return None


def extract_release(sentences: list[Sentence], published: date | None,
                    names: tuple[str, ...] = ()) -> tuple[Release, Speculation]:
    seasons = frozenset(n for name in names for n in season_numbers(name))
    stmts = [Statement(st.status, st.when, st.previous, st.platform, st.sentence, published)
             for st in statements(sentences, published, seasons, names)]
    renewed = _renewed_season(sentences)
    if renewed:  # "renewed for a third season ... Season 2 premiered in March": an earlier season came out
        # ("Season 2 is in the works. Lantern is streaming now": the seasons there are)
        stmts = [st for st in stmts if not (st.status == "released" and (
            ((named := season_numbers(st.sentence.text)) and max(named) < renewed)
            or (not named and st.when is None and renewed > 1)))]
    if any(_HEADING_DAY.match(s.text) for s in sentences):
        stmts += calendar_entries(sentences, published)
    if not stmts and sentences and sentences[0].paragraph == -1 and (
            _SLATE.search(sentences[0].text) or _PROGRAMMING.search(sentences[0].text)):
        stmts = slate_entry(sentences, published)
    if not stmts and sentences and sentences[0].paragraph == -1 and sentences[0].names_watch and (
            _RECAP.search(sentences[0].text)):
        # "Revenge Review 2x01", "Season 2, Episode 1 recap": the episode has aired
        stmts = [Statement("released", None, None, None, sentences[0], published)]
    return decide(stmts, sentences, names)
