"""Who plays whom in the watched title, and which named parts are still open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from watcher.extract.names import NAME, NAME_RE, NOT_FIRST_NAMES, first_names, is_person, person_names
from watcher.extract.release import platform_in
from watcher.extract.text import DATE_LINE, LABEL_LINE, Sentence, fold, lowered
from watcher.model import CastMember, OpenRole

# "E.B.", "Feyd-Rautha", "Gi-hun", "Sr."; never a hyphenated adjective before its noun ("the
# Southern-fried detective", "Oscar-winning actor")
_ROLE_TOKEN = (r"(?:(?:[A-Z]\.){2,}|[A-Z][\wà-ÿ']*(?:-[A-Z0-9][\wà-ÿ']*)*\.?(?![\wà-ÿ'-])|"
               r"[A-Z][\wà-ÿ']*(?:-[\wà-ÿ']+)+(?![\wà-ÿ'-])(?!\s+(?!(?:and|or|in|on|at|for|from|with|who|whose|"
               r"which|to|of|opposite|alongside|as|is|was|will|has|had|returns?|joins?|plays?|stars?)\b)[a-z]))")
ROLE = (rf"(?:(?:Detective|Det\.|Dr\.|Doctor|Agent|Captain|Lt\.|Sgt\.|Officer|Professor|Prof\.|"
        rf"Lord|Lady|King|Queen|Prince|Princess|Sir|Aunt|Uncle|Mr\.|Mrs\.|Ms\.|Miss)\s+)?"
        rf"{_ROLE_TOKEN}(?:\s+(?:de|van|von|da|del|di|la|le|of|the)?\s*{_ROLE_TOKEN}){{0,3}}")
_N = rf"(?<![\w'])(?P<actor>{NAME}(?![\w])|(?:[Hh]e|[Ss]he|[Tt]hey)\b|[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?(?!\s+[A-Z]))"
_R = rf"(?P<role>{ROLE})"
_ADV = r"(?:\s+(?:officially|reportedly|also|now|finally|just|already|previously|once\s+(?:more|again)|again|still))?"
# ("is expected to return as X" is no confirmation: _RUMORED reads it)
_AUX = r"(?:\s+(?:has|have|had|was|were|is|are|will|would|'s|is\s+set\s+to|is\s+going\s+to|has\s+been|have\s+been))?"

# "plays reserve officer Samira Parker", "plays his partner, Misha Frank"
# "plays Imperial officer Orson Krennic", "plays her partner, English teacher Travis Manawa": a capitalised
# word counts as part of the description when a lower-case word follows it
_DESC_STOP = r"(?:from|in|of|at|on|with|for|who|and|but|by|to|opposite|alongside|against|as|while|than)\b"
_DESC_WORD = (rf"(?:(?!{_DESC_STOP})[a-z][\w'-]*,?|"
              rf"[A-Z][\w-]*(?=\s+(?:(?!{_DESC_STOP}|(?:the|a|an)\b)[a-z][\w'-]*\s+){{1,3}}[A-Z]))")
_DESC = (r"(?:(?:the|a|an|his|her|their|its)\s+)?(?:[A-Z][\w-]*'s\s+)?"
         rf"(?:{_DESC_WORD}\s+){{0,5}}"
         r"(?:named\s+|called\s+)?")
_CAST_CUE = re.compile(r"\b(?:play(?:s|ed|ing)?|cast|return(?:s|ing)?|back|join(?:s|ed|ing)?|star(?:s|ring)?|"
                       r"co-?stars?|lead(?:s)?|voice(?:s|d)?|reprise(?:s|d)?|portray(?:s|ed)?|ensemble|"
                       r"line-?up|suits\s+up|roster)\b", re.IGNORECASE)
_AS_ROLE = re.compile(rf"(?<![\w'])(?P<actor>{NAME})(?:\s+\([^()]{{1,60}}\))?,?\s+(?:(?:is|are)\s+(?:back\s+|also\s+)?|back\s+)?as\s+{_DESC}{_R}")
# "X is Johnny Viti", "X is retired detective Thomas Laffont", "X is once again energy vampire Colin Robinson"
_IS_ROLE = re.compile(rf"(?<![\w'])(?P<actor>{NAME})(?:\s+\([^()]{{1,60}}\))?\s+is\s+(?:(?:once\s+)?again\s+|still\s+)?"
                      rf"(?![a-z]+(?:ly|ing)\b|(?:set|said|expected|rumou?red|reported|tipped|eyed|cast|confirmed|attached|"
                      rf"slated|poised|due|now|also|not|in|to|out|back)\b)"  # "is reportedly reprising X": no description
                      rf"(?!(?:the\s+|an?\s+)?(?:[\w-]+\s+){{0,3}}(?:director|producer|writer|showrunner|creator|host|"
                      rf"author|executive|president|head|chief|ceo|boss)\b){_DESC}{_R}(?=\s*(?:,|\.|;|\band\b|$))")
_WHO_PLAYED = re.compile(rf"(?<![\w'])(?P<actor>{NAME}),\s+who\s+(?:has\s+)?(?:played|plays|portrayed)\s+{_DESC}{_R}")

# "played by Locke & Key's Laysla De Oliveira", "played by Stranger Things star Finn Wolfhard": the
# actor's credit before the name
_CREDIT_OWNER = (r"(?:(?:[A-Z][\w'-]*(?:\s+(?:&|and|of|the|[A-Z][\w'-]*)){0,4}(?:'s|'|\s+(?:star|alum|actor|actress|veteran)))"
                 r"\s+(?=[A-Z]))?")
_CONFIRMED = [
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:been\s+)?cast\s+(?:as|in\s+the\s+role\s+of)\s+{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:play|plays|playing|portray|portrays|portraying|voice|voices|"
               rf"star\s+as|stars\s+as|starring\s+as|take\s+on\s+the\s+role\s+of|takes\s+on\s+the\s+role\s+of|"
               rf"step\s+into\s+the\s+role\s+of|steps\s+into\s+the\s+role\s+of|land(?:s|ed)?\s+the\s+role\s+of|"
               # "takes the lead as X", "would take the part of X"
               rf"take(?:s|n)?\s+the\s+(?:(?:title|lead(?:ing)?)\s+)?(?:role|part|lead)\s+(?:as|of)|"
               rf"sign(?:s|ed)?\s+on\s+to\s+(?:play|portray|voice)|agree(?:s|d)?\s+to\s+(?:play|portray|voice)|"
               # "has been tapped to play X", "will guest star as X", "has landed a recurring role as X",
               # "toplines the series as X"
               rf"(?:been\s+)?(?:tapped|hired|cast|signed|chosen|picked|enlisted|recruited|brought\s+(?:on|in))\s+to\s+"
               rf"(?:play|portray|voice)|(?:guest[\s-]+|co-?)?star(?:s|ring)?\s+as|guest[\s-]+stars?\s+as|"
               rf"recur(?:s|ring)?\s+as|lead(?:s|ing)?\s+as|land(?:s|ed)?\s+(?:a|the)\s+(?:[\w-]+\s+){{0,2}}role\s+(?:as|of)|"
               rf"topline(?:s|d)?\s+(?:the\s+(?:series|show|film|movie|cast)\s+)?as)\s+{_DESC}{_R}"),
    # "Harry Gilby takes on Aethelstan, Edward's first child": the character straight after the verb
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:take|takes|taking)\s+on\s+{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:is\s+back|are\s+back|comes\s+back|come\s+back|back)\s+as\s+{_DESC}{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:return|returns|returning|reprise|reprises|reprising)"
               rf"(?:\s+(?:his|her|their)\s+(?:[A-Z][\w'-]*\s+){{0,3}}role)?\s+as\s+{_DESC}{_R}"),
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:join|joins|joined|joining|board|boards|boarded|sign(?:s|ed)?\s+on\s+to)\b"
               rf"[^.;]{{0,80}}?\bas\s+{_R}"),
    re.compile(rf"\b(?:cast|tapped|hired|signed|enlisted|recruited|picked)\s+{_N}\s+(?:as|to\s+play)\s+{_R}"),
    re.compile(rf"{_R}\s+(?:will\s+be|is|is\s+being|has\s+been)\s+(?:played|portrayed|voiced)\s+by\s+{_N}"),
    # "The new suitor, football star Darius Hill, is played by X": the character in apposition
    re.compile(rf"(?<![\w'])(?P<role>{ROLE}),\s+(?:will\s+be|is|is\s+being|has\s+been)\s+(?:played|portrayed|voiced)\s+by\s+{_N}"),
    re.compile(rf"\brole\s+of\s+{_R}\s+(?:goes|went|has\s+gone)\s+to\s+{_N}"),
    # "and in the role of Albert, newcomer Jeremy Irvine": the part named first
    re.compile(rf"\bin\s+the\s+(?:(?:title|lead(?:ing)?|central)\s+)?role\s+of\s+{_R},?\s+(?:is\s+)?"
               rf"(?:(?:newcomer|actor|actress|veteran|comedian|singer|star)\s+)?{_N}"),
    # "Ridgeway, the slave catcher who hunts her, played by Joel Edgerton", "Eugene Porter (played by
    # Josh McDermitt)": the character, a description, then the actor (not "was played by": the past)
    re.compile(rf"(?<![\w'])(?P<role>{ROLE})(?:,\s+(?:a|an|the|his|her|their)\s+[^,;()]{{1,100}}?,?\s+|\s*\(\s*)"
               rf"(?<!\bwas\s)(?<!\bwere\s)(?:played|portrayed|voiced)\s+by\s+"
               rf"(?:(?:newcomer|actor|actress|veteran|comedian)\s+)?{_CREDIT_OWNER}{_N}"),
]
_CONFIRMED_NO_ROLE = [
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:join|joins|joined|joining|board|boards|boarded|topline(?:s|d)?|"
               rf"(?:been\s+)?added\s+to\s+the\s+(?:cast|ensemble)|"
               rf"sign(?:s|ed)?\s+on|round(?:s|ed)?\s+out|complete(?:s|d)?\s+the\s+(?:[\w-]+\s+)?(?:cast|ensemble|line-?up)|guest[\s-]star(?:s|ring)?|star|stars|starring|lead|leads|headline|headlines|"
               rf"head(?:s|ing)?\s+(?:up\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:cast|ensemble|line-?up)|"
               rf"front|fronts|been\s+cast|cast\s+in|return|returns|returning|"
               rf"(?:are|is)\s+among\s+the\s+(?:newcomers|new\s+(?:faces|additions|arrivals|voices)|cast|voice\s+cast)|"
               rf"(?:been\s+)?(?:upped|promoted|bumped\s+up)\s+to\s+(?:a\s+)?series\s+regular)\b"),
    re.compile(rf"\b(?:cast|tapped|hired|signed)\s+{_N}\b"),
    # "its star Colin Farrell", "as star Stephen Amell confirmed": the title's own star (not
    # "Domina star X", a credit from another title)
    re.compile(rf"(?:\b(?:its|their|the\s+(?:show|series|film|movie|drama|comedy)'s?|(?:show|series|film|movie|drama)|"
               rf"as|with|and|but|while|when|since|after|death\s+of|loss\s+of)\s+|^)(?:lead\s+|leading\s+)?[Ss]tar\s+(?P<actor>{NAME})(?![\w'])"),
]
_RUMORED = [
    re.compile(rf"{_N}{_AUX}{_ADV}\s+(?:(?:reportedly|currently|now|rumou?red\s+to\s+be)\s+)?(?:in\s+(?:early\s+|final\s+|advanced\s+)?"
               rf"(?:talks|negotiations)|circling|being\s+(?:eyed|considered|courted)|eyed|"
               rf"rumou?red|tipped|the\s+front-?runner|a\s+front-?runner|said\s+to\s+be|on\s+the\s+shortlist|"
               rf"shortlisted|being\s+looked\s+at|reportedly\s+cast|reportedly\s+joining|"
               rf"not\s+out\s+of\s+the\s+running|in\s+the\s+running|in\s+contention|"
               rf"(?:will|would)\s+likely\s+(?:make\s+an\s+appearance|appear|return|show\s+up)|"
               rf"likely\s+to\s+(?:appear|return|star|play|join|make)|expected\s+to\s+(?:appear|return|star|play|join))"
               rf"(?:[^.;]{{0,60}}?\b(?:(?:as|to\s+play)\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[a-z][\w'-]*\s+){{0,3}}|"
               rf"(?:role|part)\s+of\s+){_R})?"),  # "to play the adult Bill", "circling the part of Richie"
]
_DEPARTED = [
    re.compile(rf"{_N}(?:,\s+(?:however|though|meanwhile|sadly|unfortunately),)?{_AUX}{_ADV}\s+(?:exit|exits|exited|exiting|left|leave|leaves|leaving|depart|"
               rf"departs|departed|departing|quit|quits|dropped\s+out|drops\s+out|bowed\s+out|"
               rf"stepped\s+(?:down|away)|steps\s+(?:down|away)|won't\s+(?:be\s+)?return(?:ing)?|"
               rf"will\s+not\s+(?:be\s+)?return(?:ing)?|not\s+(?:be\s+)?returning|is\s+out\b|"
               rf"(?:will\s+not|won't)\s+be\s+back|"
               rf"(?:has\s+been|was|will\s+be)\s+replaced)\b"),
]
# "Kim Bodnia exits as Vesemir", "X is leaving the series as Role": the part the actor leaves
_DEPARTED_AS = re.compile(rf"\s+(?:exit(?:s|ed|ing)?|left|leav(?:e|es|ing)|depart(?:s|ed|ing)?|quit(?:s|ting)?)"
                          rf"(?:\s+(?:the\s+)?(?:show|series|film|franchise|role|part|cast))?\s+as\s+{_R}")
# "Nathaniel Arcand's Clinton won't return", "Arcand's time on the series is over": the actor's exit
_PART_LEAVES = re.compile(rf"{_N}'s\s+(?:{_R}\s+(?:won't|will\s+not|isn't|is\s+not)\s+(?:be\s+)?return(?:ing)?\b|"
                          rf"time\s+on\s+(?:the\s+)?(?:show|series|drama|comedy)\s+is\s+over)")
_REPLACED_BY = re.compile(rf"(?:replaced|succeeded)\s+by\s+{_N}")
_REPLACING = re.compile(rf"\b(?:replacing|replaces|replaced|taking\s+over\s+from|succeeding)\s+{_N}")
_PAIR_VERB = (r"(?:,\s+[^,;]{1,60},)?(?:\s+(?:will|would|also|again|once\s+again|now|all|both|are|is|set\s+to|"
              r"going\s+to))*\s+(?:play(?:ing)?|portray(?:ing)?|(?:co-?)?star\s+as|voice|voicing|return\s+as|are\s+back\s+as|"
              r"be\s+back\s+as|back\s+as|reprise\s+their\s+roles,?\s+as|reprising\s+their\s+roles,?\s+as|come\s+back\s+as|"
              r"join\s+as|take\s+on\s+the\s+roles\s+of|as)\s+")
# one actor of a list: a full name, or a surname the article spelled out before ("Curtis and Lohan")
_ACTOR_ITEM = rf"(?:{NAME}|(?!(?:The|A|An|He|She|They|It|This|That|These|Those|Both)\b)[A-Z][a-zà-ÿ'-]+)"
_RESPECTIVELY = re.compile(
    rf"(?<![\w'])(?P<actors>{_ACTOR_ITEM}(?:,\s+{_ACTOR_ITEM})*,?\s+and\s+{_ACTOR_ITEM}){_PAIR_VERB}"
    rf"(?P<roles>[^.;]+?),?\s+respectively")
# "A and B also return as X and Y.": the same order without the word "respectively"
_PAIRED = re.compile(
    rf"(?<![\w'])(?P<actors>{_ACTOR_ITEM}(?:,\s+{_ACTOR_ITEM})*,?\s+and\s+{_ACTOR_ITEM}){_PAIR_VERB}"
    # "return as the adult Shauna, Misty and Taissa", "star as producers Rachel and Quinn"
    r"(?:(?:the|their|his|her)\s+(?:[a-z][\w'-]*\s+){0,2}|[a-z][\w'-]*s\s+)?"
    rf"(?P<roles>{ROLE}(?:,\s+{ROLE})*,?\s+and\s+{ROLE})"
    r"(?=\s*(?:[.;]|$)|,\s+(?:the|a|an|who|whose|both|two|and|while|but)\b|\s+in\s+(?:a|an|the)\s)")
# "Billy and Max, two newcomers played by Dacre Montgomery and Sadie Sink, respectively"
_RESPECTIVELY_BY = re.compile(
    rf"(?<![\w'])(?P<roles>{ROLE}(?:,\s+{ROLE})*,?\s+and\s+{ROLE}),\s+(?:[^,;]{{0,60}}?\s+)?(?:played|portrayed|voiced)"
    rf"\s+by\s+(?P<actors>{_ACTOR_ITEM}(?:,\s+{_ACTOR_ITEM})*,?\s+and\s+{_ACTOR_ITEM}),?\s+respectively")
_LIST_INTRO = re.compile(
    r"\b(?:starring|stars|the\s+cast\s+(?:also\s+)?(?:includes?|features?)|cast\s+(?:also\s+)?includes?|"
    r"also\s+star(?:s|ring)?|co-?stars?(?:\s+with)?|joined\s+by|alongside|together\s+with|"
    # "a returning ensemble made up of A, B and C", "cameos from A and B"
    r"(?:cast|ensemble|line-?up)\s+(?:made\s+up\s+of|comprising|consisting\s+of)|"
    r"(?:cameos|guest\s+(?:appearances|spots))\s+(?:from|by)|"
    r"(?:ensemble|cast|line-?up)\s+(?:that\s+|which\s+)?(?:also\s+|already\s+|now\s+)?(?:includes?|features?)|"
    r"(?:the\s+)?new\s+(?:faces|additions|arrivals|cast\s+members)\s+(?:are|include)|among\s+them|"
    # "the actors announced for the film are A, B and C"
    r"\bthe\s+(?:actors|actresses|performers|voice\s+actors|voices)\s+(?:[\w-]+\s+){0,5}?(?:are|include)|"
    r"(?:returning|(?:also\s+)?joining(?:\s+(?:them|him|her|the\s+(?:cast|ensemble)))?)(?:\s+(?:this\s+time|this\s+(?:season|series|year)|for\s+(?:the\s+)?(?:new|second|third|next)\s+(?:season|series|run)))?\s+(?:are|is)|"
    # "They join the previously announced A, B and C": the object of "join" is cast already
    r"\b(?:they|he|she|who)\s+(?:will\s+|also\s+)*join\s+(?:(?:the\s+)?(?:previously|already)[\s-]+"
    r"(?:announced|cast|confirmed)\s+|(?:the\s+)?(?:returning\s+)?(?:stars?|cast\s+members?)\s+)*(?=[A-Z])|"
    # "Phifer joins series veterans A (Part) and B (Part)": after a named subject, a noun for castmates
    r"\bjoin(?:s|ed|ing)?\s+(?:fellow\s+|the\s+)?(?:(?:returning|series|show|original|main)\s+)?"
    r"(?:stars?|cast\s+members?|veterans|regulars|co-?stars)\s+(?=[A-Z])|"
    r"(?:cast|ensemble|line-?up)\s+(?:now|also)\s+includes?|"
    r"\b(?:this|the\s+new|the\s+next|the)\s+(?:season|series|film|sequel|movie)\s+(?:also\s+)?(?:brings|adds)\s+(?:in\s+)?|"
    r"\b(?:a|an|this|its)\s+(?:[\w-]+\s+){0,2}?(?:series|show|film|movie|drama|thriller|comedy|miniseries)\s+"
    r"(?:led|headlined|fronted|toplined)\s+by|"  # not "Younger, the comedy led by A": another title's
    r"returning\s+(?:cast\s+members?|stars?|players)\s+(?:include|are)|(?:will|also)\s+return|"
    r"round(?:s|ing)?\s+out\s+the\s+cast|(?:has|have)\s+(?:also\s+)?cast|cast\s+members?\s+include|"
    r"features?|the\s+cast:|cast:|(?:also\s+)?on\s+board\s+(?:are|is)|"
    # "are teaming up again with A, B and C", "the last film's younger cast - A, B and C - have signed on"
    r"team(?:s|ed|ing)?\s+up\s+(?:again\s+|once\s+(?:again|more)\s+)?with\s+(?=[A-Z])|"
    r"\b(?:cast|ensemble|line-?up|stars|regulars)\s+-\s+(?=[A-Z])|"
    # "The cast is a who's who of fine English actors - A, B and C": what the cast is, then the list
    r"\bthe\s+(?:main\s+|regular\s+|core\s+|voice\s+|new\s+)?cast\s+is\s+(?:(?:[\w',]+\s+){0,10}?[\w',]+(?:\s+-\s+|:\s+))?(?=[A-Z]))(?:(?<=\s)|(?<=:)|(?![\w-]))\s*:?\s*",  # not "a cast that included": the past
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
_PARTICLES = {"de", "van", "von", "da", "del", "della", "di", "du", "la", "le", "der", "den", "ter"}
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
    re.compile(rf"(?:\bno\s+one|\bnobody|\bno\s+(?:actor|actress|performer)|\b(?:[Nn]or|not|n't)\s+(?:has\s+|had\s+|yet\s+)?anyone)"
               rf"\s+(?:has\s+|had\s+)?(?:yet\s+)?(?:been\s+)?(?:officially\s+)?(?:cast|hired|chosen|tapped|picked|signed|announced)"
               rf"\s+(?:yet\s+)?(?:as|to\s+play|in\s+the\s+(?:role|part)\s+of|for\s+the\s+(?:role|part)\s+of)\s+{_R}"),
    re.compile(rf"\bwho\s+will\s+play\s+{_R}\s+(?:is|remains)\s+(?:still\s+)?(?:unknown|a\s+mystery|unclear|to\s+be\s+seen|"
               rf"unanswered|undecided|up\s+in\s+the\s+air|an\s+open\s+question)"),
    re.compile(rf"\b(?:search|searching|casting\s+call|looking)\s+for\s+(?:an?\s+actor\s+to\s+play\s+|(?:its|their|the)\s+)?{_R}\b"),
    # "is still looking for someone to play the ferry's captain, Jonah Pell"
    re.compile(rf"\b(?:search(?:es|ing)?|look(?:s|ing)|hunt(?:s|ing)?|casting\s+call)\s+for\s+(?:someone|somebody|"
               rf"an?\s+(?:[a-z]+\s+)?(?:actor|actress|performer|lead))\s+(?:to\s+play|for(?:\s+the\s+(?:role|part)\s+of)?)\s+{_DESC}{_R}"),
    # "HBO has still not cast Draco Malfoy", "the producers have not yet cast Long Feng"
    re.compile(rf"\b(?:has|have|had)\s*(?:n't|\s+(?:still\s+|yet\s+)?not)\s+(?:yet\s+|still\s+)?(?:cast|found|chosen|hired)\s+"
               rf"(?:(?:an?\s+)?(?:actor|actress|anyone|someone)\s+(?:for|to\s+play|as)\s+(?:the\s+(?:role|part)\s+of\s+)?|"
               rf"(?:its|their|the)\s+)?{_R}"),
]
# "... expected to feature Galactus and his herald, the Silver Surfer, but Marvel has not cast either role"
_EITHER_ROLE = re.compile(
    r"\b(?:has|have|had)\s*(?:n't|\s+(?:still\s+|yet\s+)?not)\s+(?:yet\s+)?cast\s+(?:either|both)\s+(?:role|part|character)s?\b"
    r"|\bneither\s+(?:role|part|character)\s+has\s+(?:yet\s+)?been\s+cast"
    r"|\bboth\s+(?:roles|parts|characters)\s+(?:are|remain)\s+(?:still\s+)?(?:uncast|open|unfilled|up\s+for\s+grabs)")
# "he isn't", "she is not": an elliptical denial of the claim just made (part of _WISH_OR_FALSE)
_DENIAL = (r"\b(?:he|she|they)\s+(?:isn't|aren't|is\s+not|are\s+not)\s*(?:[,.;:!]|$)|"
                     r"\b(?:rumou?rs?|reports?|claims?)\s+(?:are|is|were|was)\s+(?:all\s+)?(?:wrong|false|untrue)")
_WISH_OR_FALSE = lowered(f"{_WISH_OR_FALSE.pattern}|{_DENIAL}")  # on Sentence.lower
_OPEN_AFTER_LIST = re.compile(
    r"\b(?:have|has)\s*(?:n't|\s+not)\s+(?:yet\s+)?been\s+(?:cast|filled)|\b(?:are|remain)\s+(?:still\s+)?"
    r"(?:uncast|up\s+for\s+grabs|open|unfilled)|\b(?:are|have)\s+yet\s+to\s+be\s+(?:cast|filled)")
_OPEN_BEFORE_LIST = re.compile(
    r"\b(?:has|have|is|are)\s+(?:yet|still)\s+to\s+(?:cast|find\s+(?:actors|its|their)\s+\w*\s*for)|"
    r"\bno\s+one\s+has\s+(?:yet\s+)?been\s+cast\s+as|\bstill\s+(?:searching|looking)\s+for\s+(?:its|their)|"
    r"\b(?:has|have)\s*(?:n't|\s+(?:still\s+|yet\s+)?not)\s+(?:yet\s+|still\s+)?cast(?=\s+[A-Z])")
_OPEN_GATE = lowered(r"\b(?:cast|grabs|open|vacant|uncast|unfilled|filled|search|looking|casting|"
                     r"who\s+will\s+play|find|hired|anyone|nobody|no\s+one|hunt)")
_ROLE_IN_LIST = re.compile(rf"(?<![\w'])({ROLE})")
_OBJECT_LIST = re.compile(rf"\s*(?:(?:either|both|its|their|the)\s+)?{ROLE}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|nor)\s+){ROLE})*")
_CHARACTER_WORDS = {"the", "a", "an", "his", "her", "their", "its", "role", "part", "season"}


@dataclass(frozen=True)
class _Found:
    actor: str
    role: str | None
    status: str
    sentence: Sentence
    order: int


# words a character's name may start with, before the name itself
_TITLE_WORDS = {"detective", "det.", "dr.", "dr", "di", "ds", "dci", "dc", "pc", "dcs", "dsu", "doctor", "agent",
                "captain", "capt.", "lt.", "sgt.", "officer", "chief", "nurse", "professor", "prof.", "lord", "lady", "king", "queen", "prince", "princess", "sir", "aunt",
                "uncle", "mr.", "mrs.", "ms.", "miss", "general", "major", "colonel", "sheriff", "judge",
                "inspector", "sergeant", "lieutenant", "commander", "admiral", "father", "sister", "brother"}
_RANKS = {"detective", "det.", "senator", "agent", "officer", "sgt.", "sergeant", "lt.", "lieutenant",
          "deputy", "sheriff", "inspector", "judge", "councilman", "councilwoman", "nurse", "coach"}


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = re.split(r",|\s+-\s+|\s+(?:in|on|for|from|opposite|alongside|and|who|which|when|"
                    r"while|after|before|with)\s+", role)[0]
    role = role.strip(" '\"")
    if role.endswith(".") and not re.search(r"(?:\b[A-Z]|\bSr|\bJr|\bMr|\bMrs|\bMs|\bDr|\bSt)\.$", role):
        role = role.rstrip(".")
    words = role.split()
    while words and (words[-1].casefold() in _CHARACTER_WORDS or not words[-1][:1].isupper()):
        words.pop()
    if not words or words[0].casefold() in _CHARACTER_WORDS:
        return None
    if any(w.endswith("'s") for w in words):
        return None  # "Lydia's stepmother": the name comes later
    if len(words) >= 3 and words[0].casefold() in _RANKS:
        words = words[1:]
    return " ".join(words)


_SUBJECT = re.compile(rf"(?<![\w'])({NAME}|[A-Z][a-zà-ÿ]+)\s+(?:is|was|has|had|will|would|says|said|'s)\b")


_LEAD_SUBJECT = re.compile(rf"({NAME})(?:,\s+\d{{1,3}},)?\s+(?:is|was|has|had|will|would|joins|joined|plays|played|stars|starred)\b")
_PART_BEFORE = re.compile(r"\b(?:as|played|playing|plays|portrayed|voiced|role\s+of|behind)\s+"
                          r"(?:(?:[A-Z][\w.'-]*\s+){1,3}and\s+)?$")


def _resolve_pronoun(actor: str, sentence: Sentence, previous: list[Sentence], at: int) -> str | None:
    """'he' -> the person the sentence (or the one before it) is about."""
    if actor.casefold() not in ("he", "she", "they"):
        return actor
    before = [p.text for p in previous[-2:] if p.paragraph == sentence.paragraph][::-1]
    if before and at < 3 and (lead := _LEAD_SUBJECT.match(before[0])) and is_person(lead.group(1), known_first_name=False):
        return lead.group(1)  # "Dayo Okeniyi, 25, has joined Alan Taylor's film. He joins ...": the subject
    for text in (sentence.text[:at], *before):
        # not a part the person played: "best remembered as Joffrey Baratheon", "the man behind Tony Stark"
        names = [n for n in person_names(text) if not _PART_BEFORE.search(text[max(0, n[1] - 50):n[1]])]
        if names:
            return names[-1][0]
        subjects = [m.group(1) for m in _SUBJECT.finditer(text) if _is_surname(m.group(1)) or (
            " " in m.group(1) and is_person(m.group(1), known_first_name=False))]  # "Paapa Essiedu is ..."
        if subjects:
            return subjects[-1]
    return None


def _is_surname(word: str) -> bool:
    return (" " not in word and word.casefold() not in NOT_FIRST_NAMES
            and word.casefold() not in first_names() and platform_in(word) is None)


def _is_actor_phrase(actor: str, text: str, at: int, reported: bool = False) -> bool:
    """reported: the name opens a clause of its own ("Liman said A and B will reprise ..."), so a
    speech verb before it does not make it the speaker."""
    if actor.casefold() in ("he", "she", "they"):
        return True
    if not is_person(actor, known_first_name=False) and not _is_surname(actor):
        return False
    m = _NOT_CAST_CONTEXT.search(text[max(0, at - 40):at])
    return not m or (reported and m.group(0).strip().lower() in ("said", "says", "told"))


# One cheap test before the many patterns: most sentences of a page name no casting at all.
_ANY_CAST_WORD = lowered(
    r"\b(?:cast|play|star|join|return|exit|left|leav|talk|negotiat|circl|eye|rumou?r|replac|back|"
    r"portray|voic|lead|repris|depart|quit|drop|bow|step|board|sign|tap|hire|likely|expect|running|"
    r"tip|front|shortlist|respectively|role|consider|court|said|recruit|enlist|pick|land|succeed|"
    r"headlin|round|featur|alongside|co-?star|ensemble|out\b|includ|faces|among|led\s+by|brings|cameos|"
    r"together\s+with|made\s+up\s+of|complete|actor|actress|performer|team(?:s|ed|ing)?\s+up)")



# Words one of which every match of the pattern at the same place contains (in lower case): a
# substring test is far cheaper than letting a pattern that starts with a name try every capital.
_DEPARTED_WORDS = [("exit", "left", "leav", "depart", "quit", "drop", "bow", "step", "return", " out", "replac", "back")]
_RUMORED_WORDS = [("talks", "negotiations", "circling", "eyed", "considered", "courted", "rumo", "tipped",
                   "front", "said", "shortlist", "looked", "reportedly", "running", "contention", "likely",
                   "expected")]
_CONFIRMED_WORDS = [
    ("cast",),
    ("play", "portray", "voice", "star", "role", "take", "sign", "agree", "tapped", "hired", "cast", "chosen", "lead",
     "picked", "enlisted", "recruited", "brought", "recur", "land", "topline"),
    ("tak",),
    ("back",),
    ("return", "repris"),
    ("join", "board", "sign"),
    ("cast", "tapped", "hired", "signed", "enlisted", "recruited", "picked"),
    ("played", "portrayed", "voiced"),
    ("played", "portrayed", "voiced"),
    ("role",),
    ("role",),
    ("played", "portrayed", "voiced"),
]
_CONFIRMED_NO_ROLE_WORDS = [
    ("join", "board", "topline", "added", "sign", "round", "star", "lead", "head", "front", "cast", "return", "complete", "among", "upped", "promoted", "bumped"),
    ("cast", "tapped", "hired", "signed"),
    ("star",),
]


def _gated(patterns: list[re.Pattern[str]], words: list[tuple[str, ...]], lower: str) -> Iterator[re.Pattern[str]]:
    """The patterns whose words occur in the (lower-cased) sentence."""
    for pattern, any_of in zip(patterns, words, strict=True):
        if any(w in lower for w in any_of):
            yield pattern


def _matches(sentence: Sentence, previous: list[Sentence], order: int,
             surnames: dict[str, str] | None = None) -> list[_Found]:
    text = sentence.text
    cue = _ANY_CAST_WORD.search(sentence.lower) or (" with " in text and sentence.watch_spans)
    if not (cue or " as " in text) or _WISH_OR_FALSE.search(sentence.lower):
        return []
    out: list[_Found] = []

    def add(actor: str | None, role: str | None, status: str, at: int, reported: bool = False) -> None:
        if not actor or not (_is_actor_phrase(actor, text, at, reported) or (
                " " not in actor and actor in (surnames or {}))):  # "Karan": "Amara Karan" was spelled out
            return
        actor = _resolve_pronoun(actor, sentence, previous, at) or ""
        if not actor or actor in sentence.other_titles:
            return
        if not is_person(actor) and not ((_is_surname(actor) and status != "confirmed") or role or (
                surnames and surnames.get(actor.split()[-1]) == actor)):  # a person by the page's word
            return
        if " " not in actor and re.search(r"\b(?:of|the)\s+$", text[max(0, at - 8):at]):
            return  # "no actors from Game of Thrones are expected to appear": the end of a title
        if not role:
            as_role = re.search(rf"\b(?:(?<!\bwell\s)as|playing|play|role\s+of)\s+{_R}", text)  # not "as well as X"
            role = as_role.group("role") if as_role and as_role.group("role") != actor else None
        out.append(_Found(actor, _clean_role(role), status, sentence, order + len(out)))

    if not cue:  # "E as F and G as H are in the final season too": only a run of pairs
        for actor, role, at in _as_pair_run(text):
            add(actor, role, "confirmed", at)
        return out
    m = _RESPECTIVELY.search(text) or _PAIRED.search(text) or (
        _RESPECTIVELY_BY.search(text) if "respectively" in text else None)
    if m:
        actors = re.split(r",\s+(?:and\s+)?|\s+and\s+", m.group("actors"))
        # "play the brothers Cal and Aron Trask, respectively": the shared description goes
        roles = re.split(r",\s+(?:and\s+)?|\s+and\s+", re.sub(
            r"^(?:(?:the|their|his|her)\s+)(?:[a-z][\w'-]*\s+){1,3}(?=[A-Z])", "", m.group("roles").strip()))
        if len(actors) == len(roles):
            for a, r in zip(actors, roles, strict=True):
                a = a.strip()  # "Curtis and Lohan return as ...": surnames of names spelled out before
                add((surnames or {}).get(a, a) if " " not in a else a, r.strip(), "confirmed", m.start(), True)
            return out

    low = sentence.lower
    for pattern in _gated(_DEPARTED, _DEPARTED_WORDS, low):
        for m in pattern.finditer(text):
            role = _DEPARTED_AS.match(text, m.end("actor"))
            add(m.group("actor"), role.group("role") if role else None, "departed", m.start())
    if "return" in low or "time on" in low:
        for m in _PART_LEAVES.finditer(text):
            add(m.group("actor"), m.group("role"), "departed", m.start())
    for m in _REPLACED_BY.finditer(text) if "replaced" in low or "succeeded" in low else ():
        add(m.group("actor"), None, "confirmed", m.start("actor"))
    for m in _REPLACING.finditer(text) if "replac" in low or "succeeding" in low or "taking" in low else ():
        add(m.group("actor"), None, "departed", m.start("actor"))
    for pattern in _gated(_RUMORED, _RUMORED_WORDS, low):
        for m in pattern.finditer(text):
            add(m.group("actor"), m.groupdict().get("role"), "rumored", m.start())
    for pattern in _gated(_CONFIRMED, _CONFIRMED_WORDS, low):
        for m in pattern.finditer(text):
            if ((p := platform_in(m.group("role"))) is not None and p[1] == 0) or \
                    m.group("role") in sentence.other_titles:
                continue  # "takes on Netflix": a rival, not a part
            # "X would play Y": a conditional casting, as in a deal still being made
            conditional = re.search(r"\bwould\b", text[m.end("actor"):m.start("role")]) if m.start("actor") < m.start(
                "role") else None
            add(m.group("actor"), m.group("role"), "rumored" if conditional else "confirmed", m.start("actor"))
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
    if " as " in text:
        for actor, role, at in _as_pair_run(text):
            if not any(f.actor == actor for f in out):
                add(actor, role, "confirmed", at)
    if not out:
        for pattern in _gated(_CONFIRMED_NO_ROLE, _CONFIRMED_NO_ROLE_WORDS, low):
            for m in pattern.finditer(text):
                add(m.group("actor"), None, "confirmed", m.start("actor"))
    out.extend(_list_members(sentence, order + len(out)))
    return out


_PAREN = re.compile(r"\s*\(([^()]{1,80})\)")

# "A as B, C as D and E as F are in the final season too", "* Ben Barnes as General Kirigan, the
# Darkling * Jessie Mei Li as Alina Starkov": a run of actor-as-character pairs is a cast list
_AS_PAIR = re.compile(rf"(?<![\w'])(?P<actor>{NAME})\s+as\s+(?:the\s+)?(?P<role>{ROLE})")
_PAIR_GAP = re.compile(r"(?:,\s+(?:the|a|an|his|her)\s+[\w\s'-]{1,30}?)?\s*(?:[,;*\u2022]\s*(?:and\s+)?|\s+and\s+)"
                       r"(?:[*\u2022]\s*)?"
                       # the next actor's credit: ", Ted Lasso's James Lance as Quentin"
                       r"(?:(?:[A-Z][\w&:.-]*\s+){0,3}[A-Z][\w&:.-]*['\u2019]s\s+)?$")


# before a run of pairs: a past year or verb tells of another version; a long lead-in must name the
# casting itself ("The cast: ...", "The new season stars ...")
_PAST_LEAD = re.compile(r"\b(?:(?:19|20)\d\d|was|were|had|made|worked|did|ran|remember(?:ed)?)\b", re.IGNORECASE)
_PRESENT_LEAD = re.compile(r"\b(?:stars?|starring|includes?|including|features?|featuring|cast|joins?|joining|"
                           r"returns?|returning|back|line-?up)\b|:", re.IGNORECASE)


def _as_pair_run(text: str) -> list[tuple[str, str, int]]:
    """The pairs of the longest run of at least two 'Actor as Character' items joined by commas,
    'and' or bullets."""
    runs: list[list[re.Match[str]]] = []
    for m in _AS_PAIR.finditer(text):
        if runs and _PAIR_GAP.fullmatch(text, runs[-1][-1].end(), m.start()) is not None:
            runs[-1].append(m)
        else:
            runs.append([m])
    best = max(runs, key=len, default=[])
    lead = text[:best[0].start()] if best else ""
    if len(best) < 2 or _PAST_CREDIT.search(lead) or _PAST_LEAD.search(lead) or (
            len(lead.split()) > 4 and not _PRESENT_LEAD.search(lead)):
        return []  # "The original ran for eight seasons, with A as B and C as D": an earlier work
    return [(m.group("actor"), m.group("role"), m.start()) for m in best
            if is_person(m.group("actor"), known_first_name=False)]


# One item of a cast list by its shape: "Chase W. Dillon", "Marcus "MJ" Gladney Jr.", "Ólafur Darri
# Ólafsson", "Max von Sydow"; a lower-case descriptor may lead ("newcomer Kiera Milward").
_LIST_TOKEN = r"(?:(?:[A-Z]\.)+(?=\s)|(?!(?:Jr|Sr)\.|(?:Jnr|Snr)\b)[A-ZÀ-Þ][a-zà-ÿ\u0100-\u017f]*(?:[-'][A-Za-zà-ÿ\u0100-\u017f]+)*|\"[A-Z][\w.]*\")"
_LIST_NAME = (rf"{_LIST_TOKEN}(?:\s+(?:(?:de|van|von|da|del|della|di|du|la|le|bin|al|ter|dos|das)\s+)?{_LIST_TOKEN}){{1,3}}"
              r"(?:,?\s+(?:Jr\.|Sr\.|Jnr\.?|Snr\.?|II|III)(?!\w))?")
_LIST_ITEM = re.compile(rf"(?:[a-z][\w-]*\s+(?:and\s+[a-z][\w-]*\s+)?)?(?P<name>{_LIST_NAME})(?![\w'-])"
                        r"(?:\s*\([^()]{1,80}\))?")
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_LIST_RUMOR = re.compile(r"\b(?:said\s+to\s+be|reportedly|rumou?red|in\s+(?:early\s+|final\s+)?(?:talks|negotiations)|"
                         r"in\s+line\s+to|expected\s+to|likely\s+to|circling|being\s+eyed)\b", re.IGNORECASE)


def _chain_names(tail: str, titles: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """The names of the list that opens `tail`, read by shape: a list of three or more ("A, B, C
    and D") that holds one known name vouches for the names the given-name dictionary lacks
    ("Chukwudi Iwuji", "Aunjanue Ellis")."""
    items: list[tuple[str, int, int]] = []
    at = 0
    while (m := _LIST_ITEM.match(tail, at)) is not None:
        name = m.group("name")
        if name in titles or _looks_like_title(name) or (
                (p := platform_in(name)) is not None and p[1] == 0 and not is_person(name)
                and not re.search(r"\s(?:de|van|von|da|del|di|du|la|le)\s", name)):  # "Max von Sydow"
            break
        if not re.match(r"\s+(?:winner|nominee|alum|veteran|star|newcomer|favou?rite)\s+[A-Z]", tail[m.end("name"):]):
            items.append((name, m.start("name"), m.end("name")))  # not the award of "Academy Award winner X"
        sep = _LIST_SEP.match(tail, m.end())
        if sep is None:
            break
        at = sep.end()
    known = sum(1 for name, _, _ in items if is_person(name))
    return items if len(items) >= 3 and known >= 1 else []


# a part with its description: "(Fiji, a witch)", "(the pawnbroker Bobo)", "(an angel called Joe)"
_DESCRIBED_PART = re.compile(rf"(?P<first>{ROLE}),\s+(?:a|an|the|his|her|their)\s+[^()]+|"
                             rf"(?:the|a|an|his|her|their|one\s+more|another)\s+(?:[\w-]+,?\s+){{1,5}}?"
                             rf"(?:called\s+|named\s+|dubbed\s+)?(?P<last>{ROLE})")
# '"Pillars," with A, B, C and D': the cast right after the watched title
_WITH_AFTER_TITLE = re.compile(r"""['"]?,?['"]?\s+(?:which\s+stars\s+|starring\s+|with\s+)(?=[A-Z][\w'.-]+\s+[A-Z])""")
# "Thrones veterans A (Sam Tarly)" played those parts elsewhere; "series veterans" are this title's own
_VETERANS = re.compile(r"(?<!\bseries\s)(?<!\bshow\s)(?<!\bfranchise\s)\b(?:veterans?|alums?|alumni|alumnae)\s+[A-Z]")


def _list_members(sentence: Sentence, order: int) -> list[_Found]:
    """'The cast includes A (Role), B and C' and 'Role (Actor), Role (Actor)'."""
    text = sentence.text
    intro = _LIST_INTRO.search(text)
    if intro is None and " with " in text:  # '"Pillars," with A, B, C and D, adapts the novel'
        intro = next((m for _, end in sentence.watch_spans if (m := _WITH_AFTER_TITLE.match(text, end))), None)
    out: list[_Found] = []
    if intro is None or _PAST_WORK.search(text[:intro.start()]):
        return out
    if intro.group(0).lower().startswith(("alongside", "joined", "together")) and \
            _CREW.search(re.split(r"[;.]", text[:intro.start()])[-1][-60:]):
        return out  # "He also executive produces, alongside A and B": fellow producers
    tail = text[intro.end():]
    if intro.re is _WITH_AFTER_TITLE:  # the list ends its clause: "..., B and C, adapts Follett's novel"
        tail = re.split(r",\s+(?=[a-z])|;|\s-\s", tail, maxsplit=1)[0]
    if re.match(r"[,;.]", tail) and not re.match(r",\s+(?:among\s+others|including),?\s", tail):
        return out  # "A, B and C co-star, and D is a producer": the word ends its clause, no list follows
    status = "rumored" if _LIST_RUMOR.search(tail) else "confirmed"  # "X is in talks to join A": A is cast
    names = person_names(tail)
    names += [c for c in _chain_names(tail, sentence.other_titles)
              if not any(s < c[2] and c[1] < e for _, s, e in names)]
    if intro.re is _WITH_AFTER_TITLE and (len(names) < 2 or _CREW.search(text[:intro.start()])):
        return out  # "developed Lioness with Jill Wagner": a maker's partner, not a cast list
    # one convention per list: when any parenthesis holds a title ("Rita Ora (Fifty Shades of Grey)"),
    # the one-word ones beside it ("Nell Tiger Free (Servant)") are credits too, not characters
    credits = any(_looks_like_title(p.group(1)) and not _DESCRIBED_PART.fullmatch(p.group(1))
                  for p in _PAREN.finditer(tail)) or bool(
        _VETERANS.search(text))  # "Thrones veterans A (Sam Tarly)": the part they played there
    for name, start, end in sorted(names, key=lambda n: n[1]):
        before = tail[max(0, start - 40):start]
        opening = tail.rfind("(", 0, start)
        if opening >= 0 and ")" not in tail[opening:start] and any(
                e == len(tail[:opening].rstrip()) for _, _, e in names):
            continue  # inside another actor's parentheses: a character or a credit of theirs
        if _NOT_CAST_CONTEXT.search(before) or re.search(
                r"(?:\bin|\bof|(?<!\bwell\s)\bas|\bfrom|\bplay(?:s|ing)?|\brole\s+of)\s+(?:[A-Z][a-z]*\.\s+)?$", before):
            continue  # a past credit, the character or the maker ('a thriller from X'), not an actor
        role = None
        paren = _PAREN.match(tail, end)
        if paren:
            inner = paren.group(1).strip()
            as_role = re.match(rf"(?:as\s+)?({ROLE})$", inner)
            if (as_role and not credits and not is_person(inner)) or inner.startswith("as "):
                role = inner.removeprefix("as ").strip()
            elif not credits and (described := _DESCRIBED_PART.fullmatch(inner)):
                role = described.group("first") or described.group("last")
        else:
            as_role = re.match(rf",?\s+as\s+({ROLE})", tail[end:])
            if as_role:
                role = as_role.group(1)
        out.append(_Found(name, _clean_role(role), status, sentence, order + len(out)))
    # Character (Actor): the name is inside the parentheses
    # ("Jamal Lyon (Jussie Smollett, pictured)": a caption's "pictured" names the real person)
    for m in re.finditer(rf"({ROLE})\s*\(({NAME})(,\s+pictured\b[^()]*)?\)", tail):
        role, actor = m.group(1), m.group(2)
        if (m.group(3) and is_person(actor, known_first_name=False)) or (is_person(actor) and (
                not is_person(role) or len(role.split()) == 1)):
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
        listed = _OBJECT_LIST.match(clause)  # the object list only: "A, B or C", not what follows
        if listed:
            out.extend(r.group(1) for r in _ROLE_IN_LIST.finditer(listed.group(0)))
    roles = []
    for role in out:
        cleaned = _clean_role(role)
        if cleaned and not _looks_like_title(cleaned) and platform_in(cleaned) is None \
                and cleaned.split()[0].casefold() not in {"he", "she", "they", "it", "the", "no"}:
            roles.append(cleaned)
    return roles


def _either_open_roles(sentence: Sentence) -> list[str]:
    """'... feature Galactus and his herald, the Silver Surfer, but Marvel has not cast either role':
    the two named parts of the clause before."""
    m = _EITHER_ROLE.search(sentence.text)
    if not m:
        return []
    pieces = re.split(r"[;:]|,?\s+\b(?:but|while|although|though)\b", sentence.text[:m.start()])
    if len(pieces) < 2:
        return []
    clause = pieces[-2]
    offset = sentence.text.rfind(clause, 0, m.start())
    roles = []
    for r in _ROLE_IN_LIST.finditer(clause):
        at = offset + r.start()
        cleaned = _clean_role(r.group(1))
        if (r.start() == len(clause) - len(clause.lstrip()) or not cleaned or _looks_like_title(cleaned)
                or platform_in(cleaned) is not None or cleaned in sentence.other_titles
                or any(a < at + len(r.group(1)) and at < b for a, b in sentence.watch_spans)):
            continue  # the sentence's first word, a title, a network
        roles.append(cleaned)
    return roles if len(roles) == 2 else []


def _looks_like_title(text: str) -> bool:
    """A work's title, not a character: title words, '&', a pronoun ("I May Destroy You"), or one
    word in the past tense that is no given name ("Trollied", "Sliced")."""
    if re.fullmatch(r"[A-Z][a-z]+ed", text):
        return text.casefold() not in first_names()
    return bool(re.search(r"\b(?:The|of|and|\d{4}|You|Me|My|Your|We|Our|Us)\b|,|&", text)) and not is_person(text)


# What the page says of a name that only a person can be, for given names the dictionary lacks:
# "actress Sela Ward", "Ward's character Dana", and at a sentence's start "Sela Ward is handing
# back her badge", "Dayo Okeniyi, 25, has joined" (anchored or led by a literal word: these run on
# every sentence of a page)
_DESCRIBED_PERSON = re.compile(rf"\b(?:actor|actress|star|comedian|singer|rapper|newcomer|performer)\s+({NAME})(?![\w])")
_POSSESSED_PART = re.compile(r"'s\s+(?:character|role|part|portrayal|performance)\b")
_NAME_BEFORE = re.compile(rf"(?<![\w'])({NAME})$")
_PERSON_SUBJECT = re.compile(rf"({NAME})(?:\s+(?:is|was|has|had|will)\s+(?:[a-z]+\s+){{0,5}}?(?:her|his)\b|"
                             rf",\s+\d{{1,2}},\s+(?:is|was|has|had|will|joins|plays|stars)\b)")


def _vouched_names(text: str) -> list[str]:
    found = [m.group(1) for m in _DESCRIBED_PERSON.finditer(text)]
    found += [m.group(1) for p in _POSSESSED_PART.finditer(text)
              if (m := _NAME_BEFORE.search(text, max(0, p.start() - 60), p.start()))]
    if (m := _PERSON_SUBJECT.match(text)) is not None:
        found.append(m.group(1))
    return [n for n in found if len(n.split()) == 2 and is_person(n, known_first_name=False)
            and n.split()[0].casefold() not in NOT_FIRST_NAMES]


def _full_names(sentences: list[Sentence]) -> dict[str, str]:
    """Surname -> full name, from every name the article spells out, and of a name whose given
    name the dictionary lacks, when the page shows it is a person's."""
    out: dict[str, str] = {}
    for s in sentences:
        names = person_names(s.text) + [(name, 0, 0) for name in _vouched_names(s.text)]
        for name, _, _ in names:
            tokens = name.split()
            out.setdefault(tokens[-1], name)
            if len(tokens) > 2 and tokens[-2].casefold() in _PARTICLES:
                out.setdefault(" ".join(tokens[-2:]), name)  # "De Caestecker" -> "Iain De Caestecker"
    return out


def _spelled_out(surname: str, sentences: list[Sentence], full: dict[str, str]) -> str:
    """'Appleby' -> 'Shiri Appleby': the full name the article spells once, even with a given name
    the dictionary lacks (a capitalised word before the surname that names nothing else)."""
    pattern = re.compile(rf"(?<![\w'.-])([A-Z][a-zà-ÿ'-]+)\s+{re.escape(surname)}(?![\w'-])")
    for s in sentences:
        if surname not in s.text:
            continue
        for m in pattern.finditer(s.text):
            given = m.group(1)
            if given.casefold() not in NOT_FIRST_NAMES and given.casefold() not in _TITLE_WORDS and \
                    platform_in(given) is None and not any(given in t for t in s.other_titles) and \
                    m.start() > 0:  # not the sentence's first word ("Meanwhile Appleby ...")
                full[surname] = f"{given} {surname}"
                return full[surname]
    return surname


def _lone_word_not_a_person(actor: str, sentence: Sentence, sentences: list[Sentence]) -> bool:
    """A lone word the article never completes to a full name ("Welliver" can stay one) that it
    also writes in lower case ("Filming ... filming"), opens a sentence with as a gerund, or sets
    before a person as a team or country ("Britain's Andy Murray ... Britain plays the
    Netherlands") is no actor. Mononyms and "Name (Part)" list items stay."""
    if " " in actor or actor.casefold() in _MONONYMS or \
            re.search(rf"(?<![\w'-]){re.escape(actor)}\s*\(", sentence.text):
        return False
    if actor.endswith("ing") and sentence.text.startswith(actor):
        return True
    lower = re.compile(rf"(?<![\w'-]){re.escape(actor.lower())}(?![\w'-])")
    owner = re.compile(rf"(?<![\w'-]){re.escape(actor)}['’]s\s+({NAME})")
    return any(lower.search(s.text) or any(is_person(m.group(1)) for m in owner.finditer(s.text))
               for s in sentences if actor.casefold() in s.lower)


def _full_role(role: str | None, sentences: list[Sentence]) -> str | None:
    """'Bosch' or 'Renee' -> 'Harry Bosch' / 'Renee Ballard' when the article spells it out."""
    if not role or " " in role:
        return role
    given = first_names()
    for s in sentences:
        m = re.search(rf"\b([A-Z][\wà-ÿ'-]+)\s+{re.escape(role)}\b(?!\s+[A-Z])", s.text)  # not "Evan Rachel Wood"
        if m and m.group(1).casefold() in given:
            return f"{m.group(1)} {role}"
    if role.casefold() in given:
        for s in sentences:
            m = re.search(rf"\b{re.escape(role)}\s+([A-Z][\wà-ÿ-]+(?:'(?!s\b)[\wà-ÿ-]+)?)\b", s.text)  # not "Skye's"
            before = re.search(r"([A-Z][\wà-ÿ'-]*)\s+$", s.text[:m.start()]) if m else None
            if m and _is_surname(m.group(1)) and not (  # "Evan Rachel Wood" holds no "Rachel Wood"
                    before and before.group(1).casefold() in given
                    and before.group(1).casefold() not in NOT_FIRST_NAMES | _TITLE_WORDS):
                return f"{role} {m.group(1)}"
    return role


# The words before a character's name: "plays the blacksmith's daughter who may be the heir, X",
# "stars as a coal-company lawyer, X", "return as Anthony Bridgerton and X".
_CHARACTER_BEFORE = re.compile(
    r"(?:\b(?:as|plays?|playing|portrays?|portraying|voices?|voicing|role\s+of)\s+"
    r"(?:(?:the|a|an|his|her|their)\s+)?(?:[\w'-]+\s+){0,10}?[a-z][\w'-]*,\s+"
    r"|\b(?:as|plays?|playing|voices?)\s+(?:[A-Z][\w.'-]*\s+){1,3}?(?:and|&)\s+"
    r"|\b(?:as|plays?|playing|portrays?|voices?)\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[a-z][\w'-]*\s+){0,3})$")


# "joins the cast as a transfer from a rival house, Teo Marquez", "plays his ex-wife and former rival,
# Lani Reyes", "joins as an Interpol agent named Henri Laval": a described part whose name comes last.
_DESCRIBED_ROLE = re.compile(
    r"(?:\s*\([^()]{1,80}\))?(?P<pred>[^;()]{0,80}?)\b(?:as|plays?|playing|portrays?|portraying|voices?|voicing)\s+"
    r"(?:the|a|an|his|her|their|its)\s+(?:[\w'-]+\s+){0,12}?"
    r"(?:[a-z][\w'-]*,\s+(?:(?:named|called)\s+)?|[a-z][\w'-]*\s+(?:named|called)\s+)"
    rf"(?P<role>{ROLE})(?=\s*(?:[.;:)]|$)|,\s+(?:who|whose|which|and|but|while|a|an|the|his|her|their|now)\b"
    r"|\s+(?:who|whose)\b)")
_PRED_BREAK = re.compile(r"[.;]|,\s+(?:and|but|while|whereas)\s|\s-\s")


def _described_role(f: _Found) -> str | None:
    """The character named after a described part in the actor's own clause, if any."""
    text = f.sentence.text
    at = text.find(f.actor)
    if at < 0:
        return None
    m = _DESCRIBED_ROLE.match(text, at + len(f.actor))
    if not m or _PRED_BREAK.search(m.group("pred")) or NAME_RE.search(m.group("pred")):
        return None
    start = m.start("role")
    if _ACTOR_VERB_NEXT.match(text, m.end("role")) or platform_in(m.group("role")) is not None or any(
            a < m.end("role") and start < b for a, b in f.sentence.watch_spans):
        return None
    role = _clean_role(m.group("role"))
    return None if not role or role in f.sentence.other_titles or fold(role) == fold(f.actor) else role


# After a character named behind a description, only an actor's own verb makes it an actor:
# "X plays a cop, Y plays a thief" (not "..., Marco Feretti, who joins the journey").
_ACTOR_VERB_NEXT = re.compile(r"(?:\s*\([^()]{1,60}\))?\s+(?:(?:also|now|will|is|are|has|have|once\s+more|once\s+again|again|still)\s+)*"
                              r"(?:as|plays?|playing|stars?|returns?|joins?|voices?|portrays?|reprises?|co-stars?|"
                              r"in\s+talks|in\s+negotiations)\b")


_ACTOR_NEXT = re.compile(r"(?:\s*\([^()]{1,60}\))?,?\s+(?:(?:also|now|will|is|are|has|have|who|once\s+more|once\s+again|again|still)\s+)*"
                         r"(?:as|plays?|playing|stars?|returns?|joins?|voices?|portrays?|reprises?|co-stars?|"
                         r"exits?|exited|leaves|left|quits?|departs?|departed|"
                         r"is|are|has|have|will|who|in\s+talks|in\s+negotiations)\b")


def _characters_out(found: list[_Found]) -> list[_Found]:
    """A name read as an actor where the sentence names a character ('Freya Dalton plays the
    blacksmith's daughter, Wren Ashby'): drop it, and give it as the role to the actor before it
    in the sentence who has none."""
    out: list[_Found] = []
    for f in found:
        text = f.sentence.text
        at = text.find(f.actor)
        clause = re.split(r"[;]|,\s+(?:and|while|but)\s+|\s-\s", text[:at])[-1] if at > 0 else ""
        described = re.search(r"[a-z][\w'-]*,\s+$", clause)  # "plays a Venetian merchant, X, who ..."
        if at <= 0 or not _CHARACTER_BEFORE.search(clause[-120:]) or re.search(
                r"\b(?:star|co-star|actor|actress|newcomer|veteran|as\s+well\s+as)\s+$", clause) or (
                _ACTOR_VERB_NEXT if described else _ACTOR_NEXT).match(text, at + len(f.actor)):
            out.append(f)
            continue
        owners = [i for i, g in enumerate(out) if g.sentence.index == f.sentence.index
                  and g.role is None and 0 <= text.find(g.actor) < at]
        if owners:
            g = out[owners[-1]]
            out[owners[-1]] = _Found(g.actor, f.actor, g.status, g.sentence, g.order)
    return out


# "The 1988 original also featured A and B", "That first film starred A", "the 2019 film starring A":
# names after a past-tense casting verb belong to an earlier work, unless a present one intervenes.
_PAST_CAST_VERB = re.compile(
    r"\b(?:starred|featured|co-starred|headlined|gathered|made\s+(?:a\s+)?stars?\s+of|"
    r"(?:(?:19|20)\d\d|original|first|earlier|previous)(?:'s)?\s+(?:film|movie|series|show|version|season)\s+(?:starring|featuring))\b",
    re.IGNORECASE)
_PRESENT_CAST_VERB = re.compile(
    r"\b(?:stars|plays|joins|joined|returns|returning|will|is|are|reprises|reprising|back|now|new|this\s+time)\b|;",
    re.IGNORECASE)


_CREW_WORD = re.compile(r"\b(?:director|directing|directed|directs|writer|writing|wrote|showrunner|producer|producing|"
                        r"produced|composer|cinematographer|screenwriter|filmmaker)\b", re.IGNORECASE)
_ACTING_WORD = re.compile(r"\b(?:play|star|cast|role|part|actor|actress|voice|portray|repris|return|join|lead|"
                          r"appear|talks|negotiat|circl|eye|exit|leav|left|depart|back)", re.IGNORECASE)


def _crew_only(s: Sentence) -> bool:
    """'Director X left and was replaced by Y', 'an executive producer alongside Y, who produced ...':
    a sentence about the crew that says nothing about acting names no cast."""
    return bool(_CREW_WORD.search(s.text)) and not _ACTING_WORD.search(s.text)


_TO_DIRECT = re.compile(r"\b(?:to|will)\s+(?:(?:write|co-write)\s+and\s+)?(?:direct|write|produce|helm|co-write|showrun)\b")
_TO_ACT = re.compile(r"\b(?:to|will)\s+(?:play|star|portray|voice|appear|return|reprise|lead|front|join\s+the\s+cast)\b")


_TITLE_OF_STAR = re.compile(rf"\s+(?:star|alum|actor|actress|veteran|breakout)\s+{NAME}")
_OWNER = re.compile(r"['\u2019]s\s")


_LEFT_THE_CHAIR = re.compile(r"[^.;]{0,30}?\b(?:director'?s'?\s+chair|as\s+(?:the\s+)?(?:director|showrunner|writer)|"
                             r"directing\s+duties|the\s+helm|behind\s+the\s+camera)")


def _past_credit(f: _Found) -> bool:
    """An earlier work's cast, or a filmmaker hired 'to direct'."""
    text = f.sentence.text
    at = text.find(f.actor)
    if at < 0:
        return False
    end = at + len(f.actor)
    if _TITLE_OF_STAR.match(text, end):
        return True  # "Harry Potter star Katie Leung": the words before "star" are her credit
    if _OWNER.match(text, end) and any(end <= a <= end + 40 and re.fullmatch(r"['\u2019]s\s+(?:[a-z-]+\s+){0,3}['\"]?", text[end:a])
                                       for a, _ in f.sentence.watch_spans):
        return True  # "James Wan's Fast & Furious 7", "Alan Taylor's new 'Terminator: Genesis'": its maker
    if f.status == "departed" and _LEFT_THE_CHAIR.match(text, end):
        return True  # "after Danny Boyle left the director's chair"
    after = re.split(r"[;.]", text[end:end + 160])[0]
    if _TO_DIRECT.search(after) and not _TO_ACT.search(after):
        return True  # "X, best known for creating Legion, is in final talks to write and direct it"
    if at == 0:
        return False
    verbs = list(_PAST_CAST_VERB.finditer(text, 0, at))
    return bool(verbs) and not _PRESENT_CAST_VERB.search(text, verbs[-1].end(), at)


_RETURNING_AFTER = re.compile(r"\s+(?:(?:is|are|will|has|have|also|still|now)\s+)*(?:once\s+again|again|back|"
                              r"return(?:s|ing)?|reprise(?:s|ing)?|reprising|continues?)\b", re.IGNORECASE)


def _character_like(phrase: str, about: list[Sentence]) -> bool:
    """A character's name, not a credit or a date: no title words, no digits, no network, no title
    the article names."""
    return bool(re.fullmatch(rf"{ROLE}", phrase)) and not _looks_like_title(phrase) and not re.search(
        r"\d|:", phrase) and platform_in(phrase) is None and not any(
        phrase in s.other_titles or any(s.text[a:b] == phrase for a, b in s.watch_spans) for s in about)


def _paren_role(actor: str, about: list[Sentence], merged: dict[str, _Found]) -> str | None:
    """The role the article gives in parentheses: 'expect Joyce (Ryder) to ...' (Character (Actor)),
    and 'Farrell (Oz Cobb) is once again ...' (Actor (Character)). A parenthesis after an actor is
    more often a past credit, so it counts as the character only when the actor's predicate says
    they return, when the sentence lists several such pairs, or when the article names the
    character elsewhere too."""
    forms = [re.escape(actor)] + ([re.escape(actor.split()[-1])] if " " in actor else [])
    who = rf"(?:{'|'.join(forms)})"
    surname = actor.split()[-1]
    for s in about:
        if "(" not in s.text or surname not in s.text or not re.search(
                rf"{who}\s*\(|\({who}\)", s.text):
            continue  # cheap gates: most sentences hold no parenthesis next to this name
        for m in re.finditer(rf"(?<![\w'-])(?P<outer>{ROLE})\s*\((?P<inner>{who})\)", s.text):
            outer = m.group("outer")
            # "Cathy Ames (Pugh)": a bare surname of the cast inside makes the outside the character
            # even when it looks like a person's name
            if fold(outer) not in merged and (not is_person(outer) or " " not in m.group("inner")) \
                    and _character_like(outer, about):
                return _clean_role(outer)
        for m in re.finditer(rf"(?<![\w'-]){who}\s*\((?P<inner>[^()]{{1,60}})\)", s.text):
            inner = m.group("inner").strip()
            described = _DESCRIBED_PART.fullmatch(inner) if not _looks_like_title(inner) or "," in inner else None
            if described and len(re.findall(r"[A-Z][\w'.-]*\s*\(", s.text)) >= 2:
                return _clean_role(described.group("first") or described.group("last"))  # "A (a T-Rex called Nash), B (..)"
            if fold(inner) in merged or not _character_like(inner, about):
                continue
            pairs = re.findall(r"[A-Z][\w'.-]*\s*\(([^()]{1,40})\)", s.text)
            # "Carmen Ejogo (Selma) plays Amelia Reardon, and Stephen Dorff (Immortals) plays ...":
            # a parenthesis before the actor's own part is a credit, and so are the others beside it
            listed = len(pairs) >= 2 and all(not _looks_like_title(p) and "," not in p for p in pairs) \
                and not _VETERANS.search(s.text) and not _PAREN_THEN_PART.search(s.text)
            elsewhere = " " in inner and is_person(inner) and any(
                re.search(rf"(?<!\()\b{re.escape(inner)}\b(?!\))", t.text) for t in about if t is not s)
            if listed or elsewhere or _RETURNING_AFTER.match(s.text, m.end()):
                return _clean_role(inner)
    return None


_PAREN_THEN_PART = re.compile(r"\)\s+(?:(?:also|will|now)\s+)?(?:plays?|portrays?|voices?|stars?\s+as|as)\s+"
                              r"(?:[a-z][\w'-]*\s+){0,3}[A-Z]")


_STATUS_RANK = {"departed": 3, "confirmed": 2, "rumored": 1}


# "Avengers: Age of Ultron's Claudia Kim", "Lost alum Michael Emerson", "Rita Ora ('Servant')",
# Marcus "MJ" Gladney: a title (or a quoted nickname) that only describes an actor
_CREDIT_AFTER = re.compile(rf"""["']?(?:\s+(?:of|the|and|in|on|at|to|for|[A-Z][\w'&-]*))*(?:'s|\s+(?:star|alum|actor|actress|veteran|breakout|newcomer))\s+{NAME}""")
_CREDIT_AROUND = re.compile(r"""(?:\b[A-Z][a-zà-ÿ]+\s["']|[\w.]\s*\(["']?)$""")
_CREDIT_CLOSE = re.compile(r"""["']?\)|["']\s[A-Z][a-zà-ÿ]""")


# the names after an actor in the same list: "A, B and C lead ..." reads on from C
_LIST_TAIL = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}")
_SEGMENT_END = re.compile(r"[,;:]|\s[-\u2013\u2014]\s")


def _cast_in_other_title(f: _Found) -> bool:
    """'A and B lead ITV's new drama Trigger Point, <the watched show> is back': in a sentence that
    names several titles, a casting whose own clause goes on to another title belongs to that one."""
    s = f.sentence
    if not (s.names_watch and s.other_titles):
        return False
    at = s.text.find(f.actor)
    if at < 0:
        return False
    rest = s.text[at + len(f.actor):]
    while (m := _LIST_TAIL.match(rest)) is not None:
        rest = rest[m.end():]
    rest = re.sub(r"\([^()]*\)", "", rest)
    segment = rest[:m.start()] if (m := _SEGMENT_END.search(rest)) else rest
    if re.search(r"\b(?:role|reprise|reprising|from|alongside|with)\b", segment):
        return False
    return any(t in segment for t in s.other_titles) and not any(
        s.text[a:b] in segment for a, b in s.watch_spans)


def _credit_only(s: Sentence) -> bool:
    """Every other title the sentence names only credits an actor of the cast list."""
    for title in s.other_titles:
        at = s.text.find(title)
        if at < 0:
            return False
        end = at + len(title)
        if not (_CREDIT_AFTER.match(s.text, end) or (
                _CREDIT_AROUND.search(s.text, 0, at) and _CREDIT_CLOSE.match(s.text, end))
                or _in_credit_parens(s.text, at, end)):
            return False
    return True


def _in_credit_parens(text: str, at: int, end: int) -> bool:
    """'Tracy Letts (Saturday Night, Winning Time: The Rise ...)': a title anywhere inside the
    parentheses that follow a person's name is that actor's past credit."""
    opening = text.rfind("(", 0, at)
    closing = text.find(")", end)
    if opening < 0 or closing < 0 or ")" in text[opening:at] or "(" in text[end:closing]:
        return False
    inside = re.fullmatch(rf"\(\s*({NAME}),\s*", text[opening:at])  # "Gina (Dawn French, The Vicar of Dibley)"
    if inside is not None:
        return is_person(inside.group(1))
    before = text[max(0, opening - 60):opening].rstrip()
    name = re.search(rf"(?<![\w'])({NAME})$", before)  # "MyAnna Buring": the shape will do
    return name is not None and is_person(name.group(1), known_first_name=False)


# A section header of a roundup: a paragraph of a few capitalised words ("THE EXPANSE.",
# "Marriage Story (2019)", "Challengers")
# "Marriage Story (2019)", "The Act (Hulu, March 20)", '"The Widow" (March 1, Amazon Prime Video)',
# "Black Mirror, season 7 - April 10 (Netflix)"
_HEADER = re.compile(r"^(?:\d{1,2}(?:[.)]|/\d{1,2})\s+)?(?:(?:[\"']?[A-Z0-9À-Þ][\w'&:.,-]*[\"']?|of|the|and|a|an|in|on|to|for|with|at|by|"
                     r"from|vs\.?|du|de|van|von|la|le|da)(?:\s+|$))+(?:(?:season|series|part)\s+\w+\s*)?(?:-\s+[\w'&,]+(?:\s+[\w'&,]+){0,4}\s*)?"
                     r"(?:\([^()]{1,40}\))?\.?$")
_NOT_HEADER = re.compile(r"(?i)^(?:advertisement|ad|sponsored|related|recommended|read\s+more|trending|"
                         r"newsletter|more|watch|share|comments?|updated?|by\s|tags?:|topics?:|filed\s+under|categor(?:y|ies):)")


def _headers(sentences: list[Sentence]) -> dict[int, bool]:
    """The section headers of a roundup cut into at least three sections, each with whether it
    names the watched title."""
    sizes: dict[int, int] = {}
    starts: set[int] = set()
    for s in sentences:
        if s.paragraph not in sizes:
            starts.add(s.index)
        sizes[s.paragraph] = sizes.get(s.paragraph, 0) + 1
    # a header alone in its paragraph, or an ALL-CAPS lead-in that opens one ("ARROW. The show ...")
    heads = [s for s in sentences if s.paragraph >= 0 and (sizes[s.paragraph] == 1 or (
                 s.index in starts and s.text.isupper() and len(s.text.split()) <= 6))
             and len(s.text.split()) <= (11 if s.text.endswith(")") else 8) and _HEADER.match(s.text)
             and not _NOT_HEADER.match(s.text) and not LABEL_LINE.match(s.text)
             and not DATE_LINE.match(s.text)]
    texts = [h.text for h in heads]
    heads = [h for h in heads if texts.count(h.text) == 1]
    # a roundup's headers share one shape: when three or more end in a parenthesis (network,
    # date, country), a bare line of capitalised words (a photo credit) is no header
    tagged = [h for h in heads if h.text.rstrip(".").endswith(")")]
    if len(tagged) >= 3:
        heads = tagged
    if len(heads) < 3:
        return {}
    watch_words = {fold(s.text[a:b]).strip(" '") for s in sentences for a, b in s.watch_spans}
    named = {h.index: h.names_watch or fold(_HEADER_EXTRAS.sub("", h.text)).strip() in watch_words
             for h in heads}
    # sections of a roundup: one names the watched title, or they read like a ranked list of titles
    # ("21) Star Wars", "Marriage Story (2019)"), not like "Cast", "Plot" or "Subscribe"
    ranked = sum(1 for h in heads if re.search(r"^\d{1,2}(?:[.)]|/\d{1,2})\s|\(\d{4}\)\.?$", h.text))
    return named if any(named.values()) or ranked >= 3 else {}


_HEADER_EXTRAS = re.compile(r"\s*\([^()]*\)\.?$|^\d{1,2}(?:[.)]|/\d{1,2})\s+|[.:]$|[\"]")


def _character_of(actor: str, about: list[Sentence]) -> str | None:
    """The part of an actor already cast, told by possession: "Ward's character Dana Mosier told
    her team" (never a casting by itself: "Cranston's character in Breaking Bad" is a credit)."""
    owner = rf"(?:{re.escape(actor)}|{re.escape(actor.split()[-1])})'s\s+character,?\s+"
    for s in about:
        if "character" in s.text and (m := re.search(rf"(?<![\w']){owner}({ROLE})", s.text)):
            return _clean_role(m.group(1))
    return None


def _cast_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences about the watched title, and with them those the attribution set aside only
    for a title that credits an actor ("Avengers' Claudia Kim plays ..."), and the title-free
    sentences that follow them in the paragraph. On a page cut into sections by headers, a
    section belongs to the title its header names: its first sentence may name that title's
    other works ("the follow-up to Bones and All ... stars Zendaya"), and a section under
    another title's header counts only where it names the watched title itself."""
    heads = _headers(sentences)
    # the page is about the watched title: its headline, or the first title it names, is that title
    # (not a category page whose third post is: its other posts' credits stay theirs)
    first_named = next((s for s in sentences if s.names_watch or s.other_titles), None)
    topic = any(s.about_watch and not s.names_watch and not s.other_titles for s in sentences) and (
        any(s.paragraph == -1 and s.names_watch for s in sentences)
        or first_named is None or first_named.names_watch)
    out: list[Sentence] = []
    prev: Sentence | None = None
    rescued = False
    section: bool | None = None  # None before the first header
    first = False
    for s in sentences:
        same = prev is not None and prev.paragraph == s.paragraph
        if s.index in heads:
            section = heads[s.index]
            first = True
            prev = s
            continue
        if section is not None:
            if s.names_watch or (section and (s.about_watch or first or not s.other_titles or _credit_only(s))):
                out.append(s)
            elif section and (part := _title_free_clauses(s)) is not None:
                out.append(part)
            first = False
            prev = s
            continue
        if s.about_watch:
            out.append(s)
            rescued = False
        elif s.paragraph >= 0 and s.other_titles and _credit_only(s) and (
                (same and prev in out) or (not same and topic)):
            out.append(s)
            rescued = True
        elif same and rescued and not s.other_titles:
            out.append(s)
        elif s.paragraph >= 0 and ((same and prev in out) or (not same and topic)) and (
                part := _title_free_clauses(s)) is not None:
            out.append(part)
            rescued = False
        else:
            rescued = False
        prev = s
    return out


def _title_free_clauses(s: Sentence) -> Sentence | None:
    """'Last month it was "White Dragon"; this month the service has a thriller led by X': the
    clauses of a sentence that name no other title keep the topic around them."""
    if ";" not in s.text or not s.other_titles:
        return None
    clauses = [c.strip() for c in s.text.split(";")]
    free = [c for c in clauses if c and not any(t in c for t in s.other_titles)]
    if not free or len(free) == len(clauses):
        return None
    text = "; ".join(free)
    return Sentence(text, s.paragraph, s.index, True, False, (), s.evidence, ())


# "Mel (Alexandra Breckenridge) and Jack (Martin Henderson)", "Colt (Kutcher)": a character with
# the actor in parentheses, the way recaps and trailer stories name a cast in running prose
_PAIR = re.compile(rf"(?<![\w'-])(?P<outside>{ROLE})\"?(?:'s)?\s+\((?P<inside>[A-ZÀ-Þ][^()]{{1,40}})\)")
_NOT_CHARACTER = re.compile(r"(?i)^(?:director|creator|writer|producer|showrunner|host|author|star|actor|actress|"
                            r"the|a|an|season|series|part|episode|chapter|volume|book)\b")


_PAIR_ORDER = 10_000  # the pairs' readings come after the sentence readings


def _ranked(name: str) -> bool:
    """'Dr Mara Quill', 'DI Sam Roe': a rank or title, then a name."""
    head, _, rest = name.partition(" ")
    return bool(rest) and head.casefold() in _TITLE_WORDS


def _unranked(role: str) -> str:
    return role.partition(" ")[2] if _ranked(role) else role


def _character_actor_pairs(about: list[Sentence], full: dict[str, str]) -> list[_Found]:
    """Character (Actor) pairs in running prose. A writer keeps one convention through an article,
    so the pairs count only when at least two of them are plainly Character (Actor) (a one-word
    character, a person inside) and none plainly Actor (Character); the pairs whose two sides
    both look like names ("Logan Roy (Brian Cox)") then follow that convention."""
    pairs: list[tuple[str, str, Sentence, bool]] = []
    plain = 0
    for s in about:
        if s.paragraph < 0 or "(" not in s.text:
            continue
        for m in _PAIR.finditer(s.text):
            outside = _LEADING_WORD.sub("", m.group("outside").strip()).removesuffix("'s")
            inside = m.group("inside").strip()
            rest = inside.split(",", 1)[1].strip() if "," in inside else ""
            head = inside.split(",")[0]
            if rest and NAME_RE.fullmatch(head) and is_person(head, known_first_name=False) and not (
                    NAME_RE.fullmatch(rest) and is_person(rest)):
                inside = inside.split(",")[0]  # "Joe (Franco Nero, John Wick: Chapter 2)": actor, credit
            surname = " " not in inside and inside in full and is_person(full[inside])
            actor = full[inside] if surname else inside
            one_word = " " not in outside and not is_person(outside, known_first_name=False)
            if not (surname or (" " in inside and NAME_RE.fullmatch(inside)
                                and is_person(inside, known_first_name=one_word is False)
                                and len(inside.split()) <= 4)) or not outside \
                    or _NOT_CHARACTER.match(outside) or outside in s.other_titles \
                    or platform_in(outside) is not None or outside.isupper() or fold(outside) in fold(actor) \
                    or any(a <= m.start() < b for a, b in s.watch_spans):
                continue
            # "Dr Ruby Walker (Amrita Acharia)": a rank or title before the name outside marks the character
            clear = surname or one_word or _ranked(m.group("outside").strip())
            plain += clear
            pairs.append((actor, outside, s, clear))
    # one plain pair sets the convention for the other pairs of its own sentence: "Gypsy Rose
    # Blanchard (Joey King) and her mother, Dee Dee (Arquette)"
    beside = {s.index for _, _, s, c in pairs if c} if plain == 1 else set()
    if plain < 2 and not (plain == 1 and (any(_CAST_CUE.search(s.text) for _, _, s, c in pairs if c)
                                          or sum(s.index in beside for _, _, s, _ in pairs) >= 2)):
        return []
    # a pair whose two sides both look like names follows the article's convention, unless its own
    # sentence also holds an Actor (Character) pair ("Alanna Masterson (Tara)")
    return [_Found(actor, _clean_role(role), "confirmed", s, _PAIR_ORDER + i)
            for i, (actor, role, s, clear) in enumerate(pairs)
            if clear or ((plain >= 2 or s.index in beside) and not _ACTOR_CHARACTER.search(s.text))]


# A heading of a cast guide: "Carey Mulligan - DI Kip Glaspie", "Nick Johnson - Adrian Lester"
_GUIDE_SIDE = r"(?:[A-Z][\w.'-]*\s+){0,4}[A-Z][\w.'-]*"
_GUIDE_HEADING = re.compile(rf"(?P<left>{_GUIDE_SIDE})\s+-\s+(?P<right>{_GUIDE_SIDE})")


def _guide_headings(sentences: list[Sentence], about: list[Sentence]) -> list[_Found]:
    """A cast guide heads each entry 'Actor - Character' or 'Character - Actor'. Which side is the
    actor follows the way such guides write the text below: the actor by surname ('Mulligan
    became a household name'), the character by first name or rank ('Kip is an ambitious
    detective'); one order holds through the article, and with no clear lead nothing is read."""
    sizes: dict[int, int] = {}
    for s in sentences:
        sizes[s.paragraph] = sizes.get(s.paragraph, 0) + 1
    heads = [(s, m) for s in about if s.paragraph >= 0 and sizes[s.paragraph] == 1 and " - " in s.text
             and (m := _GUIDE_HEADING.fullmatch(s.text.rstrip(".")))]
    if len(heads) < 2:
        return []
    body = " ".join(s.text for s in sentences if not any(s is h for h, _ in heads))

    def actor_lead(side: str) -> int:
        words = side.split()
        if len(words) < 2:
            return -1
        first, last = words[0], words[-1]
        score = 0
        if first.casefold().rstrip(".") in _TITLE_WORDS or first in ("DI", "DCI", "DS", "DC", "PC", "DCS"):
            score -= 1
        if re.search(rf"(?<!{re.escape(words[-2])}\s)\b{re.escape(last)}\b", body):
            score += 1  # the surname alone: how a guide names an actor
        if re.search(rf"\b{re.escape(first)}\b(?!\s+{re.escape(words[1])})", body):
            score -= 1  # the first name alone: how it names a character
        return score

    lead = sum(actor_lead(m.group("left")) - actor_lead(m.group("right")) for _, m in heads)
    if abs(lead) < 2:
        return []
    out = []
    for s, m in heads:
        actor, role = (m.group("left"), m.group("right")) if lead > 0 else (m.group("right"), m.group("left"))
        if is_person(actor, known_first_name=False) and platform_in(actor) is None \
                and platform_in(role) is None and role not in s.other_titles and not s.watch_spans:
            out.append(_Found(actor, _clean_role(role), "confirmed", s, 20_000 + len(out)))
    return out if len(out) >= 2 else []


_LEADING_WORD = re.compile(r"^(?:And|But|Or|Then|While|As|When|So|Also|Meanwhile|With|Now)\s+")
_ACTOR_CHARACTER = re.compile(rf"{NAME}\s+\({_ROLE_TOKEN}\)")


# a capitalised word that opens a sentence before a name only to describe the person
_DESCRIPTOR_WORDS = {"newcomer", "actor", "actress", "star", "veteran", "comedian", "singer", "rapper", "model",
                     "co-star", "costar", "musician", "legend", "icon", "oscar-winner", "emmy-winner", "former",
                     "fellow", "british", "american", "australian", "irish", "canadian", "scottish", "welsh"}


# A question that the next sentence answers with the cast: "Who's in it?", "Who is in the cast?"
_WHO_IS_IN_IT = re.compile(r"(?i)^(?:so\s+)?(?:and\s+)?who(?:'s|\s+is|\s+are|\s+else\s+is)\s+(?:in\s+(?:it|the\s+cast|the\s+show|"
                           r"the\s+film|the\s+series)|starring|in\s+it\s+with\s+\w+)(?:\s+\w+){0,2}\?$")
_CAST_LIST_LEAD = "The cast includes "


def _as_cast_list(s: Sentence) -> Sentence:
    """The answer to 'Who's in it?', read as the list it is."""
    shift = len(_CAST_LIST_LEAD)
    return Sentence(_CAST_LIST_LEAD + s.text, s.paragraph, s.index, s.about_watch, s.names_watch, s.other_titles,
                    s.evidence, tuple((a + shift, b + shift) for a, b in s.watch_spans))


def _only_in_titles(actor: str, sentences: list[Sentence]) -> bool:
    """'among them Fox's 9-1-1: Lone Star': a name-shaped span that the article only ever writes as
    part of the watched title or of another title it names is no person ("Sophie Turner's Joan"
    names an actor that the text also names alone)."""
    seen = False
    pattern = re.compile(rf"(?<![\w']){re.escape(actor)}(?![\w'])")
    for s in sentences:
        if actor not in s.text:
            continue
        titles = [(m.start(), m.end()) for t in s.other_titles for m in re.finditer(re.escape(t), s.text)]
        for m in pattern.finditer(s.text):
            seen = True
            # "the love story of Penelope and Colin: Nicola Coughlan returns": a colon before the
            # name ends what was read as another title
            if not any(a <= m.start() and m.end() <= b for a, b in s.watch_spans) and (
                    s.text[:m.start()].endswith(": ")
                    or not any(a <= m.start() and m.end() <= b for a, b in titles)):
                return False
    return seen


def _headline_only(f: _Found, sentences: list[Sentence]) -> bool:
    """A Title Case headline gives every phrase a name's shape ("Lone Star Just Got Bad News"): a
    name read there counts only when the article's text spells its surname too."""
    if f.sentence.paragraph >= 0:
        return False
    surname = f.actor.split()[-1]
    return not any(s.paragraph >= 0 and surname in s.text for s in sentences)


def extract_cast(sentences: list[Sentence]) -> tuple[tuple[CastMember, ...], tuple[OpenRole, ...]]:
    about = _cast_sentences(sentences)
    full = _full_names(sentences)
    found: list[_Found] = []
    for i, s in enumerate(about):
        if i and _WHO_IS_IN_IT.match(about[i - 1].text) and about[i - 1].index == s.index - 1:
            s = _as_cast_list(s)  # "Who's in it?" "Himesh Patel, of Yesterday fame, and Eve Hewson."
        here = _matches(s, about[:i], len(found), full)
        found.extend(here)
        if _CLAUSE_GATE.search(s.lower) and not _WISH_OR_FALSE.search(s.lower):
            known = {fold(f.actor) for f in here} | {fold(f.actor.split()[-1]) for f in here}
            status_of = {fold(f.actor): f.status for f in here}
            for f in _clause_reader(s, full, set(), len(found)):
                key = fold(f.actor)
                if key not in known and fold(f.actor.split()[-1]) not in known:
                    found.append(f)
                elif f.role and key in status_of:
                    found.append(_Found(f.actor, f.role, status_of[key], s, f.order))

    found = [_Found(f.actor, role, f.status, f.sentence, f.order) if (role := _described_role(f)) else f
             for f in found]
    found += _character_actor_pairs(about, full)
    found += _guide_headings(sentences, about)
    found = [f for f in _characters_out(found) if not _past_credit(f) and not _crew_only(f.sentence)
             and not _cast_in_other_title(f)]
    merged: dict[str, _Found] = {}
    evidence: dict[str, list[str]] = {}
    completed: dict[str, str | None] = {}  # a one-word part completed from the text -> as read
    for f in found:
        actor = full.get(f.actor, f.actor) if " " not in f.actor or (
            f.actor.split()[0].casefold() in _PARTICLES and len(f.actor.split()) == 2) else f.actor
        if " " not in actor:
            actor = _spelled_out(actor, sentences, full)
            if _lone_word_not_a_person(actor, f.sentence, sentences):
                continue
        tokens = actor.split()
        while len(tokens) > 2 and tokens[0].casefold() not in first_names() and \
                fold(tokens[0]) not in first_names() and is_person(" ".join(tokens[1:])) and \
                (tokens[0].casefold() in _DESCRIPTOR_WORDS or tokens[0].endswith("'s")):  # not "Laysla De Oliveira"
            tokens = tokens[1:]  # "Newcomer Priya Lal"
        actor = " ".join(tokens)
        key = fold(actor)
        role = _full_role(f.role, [s for s in sentences if s.about_watch])  # not from another title's text
        if role != f.role:
            completed[fold(role or "")] = f.role
        prev = merged.get(key)
        if prev is None or _STATUS_RANK[f.status] > _STATUS_RANK[prev.status]:
            merged[key] = _Found(actor, role or (prev.role if prev else None), f.status,
                                 f.sentence, f.order)
        elif role and not prev.role:
            merged[key] = _Found(prev.actor, role, prev.status, prev.sentence, prev.order)
        ev = evidence.setdefault(key, [])
        if f.sentence.evidence not in ev:
            ev.append(f.sentence.evidence)
    for key, f in list(merged.items()):
        # "Jane" completed to "Jane Doe" when Jane Doe is an actor of the list: the part stays "Jane"
        if f.role and (short := completed.get(fold(f.role))) and any(
                k != key and (k == fold(f.role) or k.startswith(fold(f.role) + " ")) for k in merged):
            merged[key] = f = _Found(f.actor, short, f.status, f.sentence, f.order)
        if f.role is None and (role := _paren_role(f.actor, about, merged) or _character_of(f.actor, about)):
            merged[key] = _Found(f.actor, role, f.status, f.sentence, f.order)
    # "Dr Mara Quill (Priya Lal)" read both ways: the Character (Actor) pair reading wins
    unranked = {k: _unranked(fold(f.role)) for k, f in merged.items() if f.role}
    merged = {k: f for k, f in merged.items() if not (
        f.order < _PAIR_ORDER and (other := merged.get(unranked.get(k, ""))) is not None
        and other.order >= _PAIR_ORDER and unranked.get(fold(other.actor)) == _unranked(k))}
    roles = {fold(f.role) for f in merged.values() if f.role}
    # a character read as a name, also under its rank: "stars as Captain Mira Holt" -> "Mira Holt"
    roles |= {r.split(" ", 1)[1] for r in roles if " " in r and r.split(" ", 1)[0] in _TITLE_WORDS}
    merged = {k: f for k, f in merged.items() if k not in roles}

    # named parts the article says are not cast yet: (role, sentence, from a list?)
    candidates: list[tuple[str, Sentence, bool]] = []
    for s in about:
        if not _OPEN_GATE.search(s.lower):
            continue
        candidates.extend((role, s, True) for role in _listed_open_roles(s.text))
        candidates.extend((role, s, False) for role in _either_open_roles(s))
        for pattern in _OPEN_ROLE:
            for m in pattern.finditer(s.text):
                role = _clean_role(m.group("role"))
                if role:
                    candidates.append((role, s, False))
    # "HBO has not cast James Bond" read as a casting of James Bond: the name is the open part
    open_evidence: dict[str, set[str]] = {}
    for role, s, _ in candidates:
        open_evidence.setdefault(fold(_full_role(role, sentences) or role), set()).add(s.evidence)
    merged = {k: f for k, f in merged.items()
              if not (k in open_evidence and set(evidence[k]) <= open_evidence[k])}
    merged = {k: f for k, f in merged.items()
              if not _headline_only(f, sentences) and not _only_in_titles(f.actor, sentences)}
    roles_of_actors = {fold(a) for a in merged}
    cast = tuple(
        CastMember(f.actor, f.role, f.status, tuple(evidence[k]))
        for k, f in sorted(merged.items(), key=lambda kv: kv[1].order)
    )

    filled = {fold(c.role) for c in cast if c.role and c.status != "departed"}
    filled_last = {fold(c.role).split()[-1] for c in cast if c.role and c.status != "departed"}
    filled_first = {r.split()[0] for r in filled}
    open_roles: dict[str, OpenRole] = {}
    for role, s, listed in candidates:
        if not listed and is_person(role) and fold(role) in roles_of_actors:
            continue
        role = _full_role(role, sentences) or role
        key = fold(role)
        if key in filled or key in roles_of_actors or key in open_roles:
            continue
        if not listed and (key.split()[-1] in filled_last or key.split()[0] in filled_first):
            continue
        open_roles[key] = OpenRole(role, (s.evidence,))
    return cast, tuple(open_roles.values())


# ---------------------------------------------------------------------------
# The clause reader: every name in a casting sentence, read with the verb that
# governs it ("A, B and C round out the cast", "Joy Sunday as Bianca", "Harper,
# played by Julia Butters"). It fills in what the fixed patterns above miss.

_MONONYMS = {"zendaya", "awkwafina", "madonna", "cher", "rihanna", "beyoncé", "bono", "drake",
             "lizzo", "sting", "common", "adele", "shakira", "tatiana"}
_CLAUSE_GATE = lowered(
    r"\b(?:cast|play|star|join|return|back|lead|voice|portray|repris|exit|left|leav|depart|talks|"
    r"negotiat|circl|eyed|rumou?r|replac|roster|line-?up|ensemble|includ|appear|adds?\b|added|reunit|"
    r"continu|remain|recur|aboard|board|sign|featur|alongside|opposite|co-?star|round|complet|drop|quit|"
    r"step|bow|favou?rite|choice|running|tipped|considered|theory|turn|takes?\s+over|set\s+as|is\s+[A-Z])")
_GROUP_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:(?:[a-z][\w-]*|[A-Z]{2,})\s+){0,4}$")
_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:who|whose|the|a|an|best\s+known|known|fresh|currently|also|last\s+seen|"
    r"[a-z]+-(?:time|winning|nominated)|an?\s+\w+)\b[^,;]{0,120}?,"
    # "X, familiar from Doctor Strange, Sherlock and Star Trek, will play ...": a list of credits
    r"|^\s*,\s*(?:familiar|best\s+known|known|recognisable|recognizable|seen)\s+(?:from|for|in)\s+"
    r"(?:[^,;]{1,40},\s+){1,4}?[^,;]{1,40}\band\s+[^,;]{1,40},(?=\s+(?:will|is|are|has|have|also|now|plays?|"
    r"stars?|joins?|returns?|leads?)\b)")
_DEPART_P = re.compile(
    r"^(?:\s+(?:has|have|had|is|are|was|were|will|would|also|now|officially|reportedly|"
    r"previously|already|just|both|all|since))*\s+(?:exit(?:s|ed|ing)?|left|leav(?:e|es|ing)|"
    r"depart(?:s|ed|ing)?|quit(?:s|ting)?|dropped\s+out|drops?\s+out|bow(?:ed|s)?\s+out|"
    r"stepp?(?:ed|s)?\s+(?:down|away)|won't\s+(?:be\s+)?(?:return(?:ing)?|back)|"
    r"will\s+not\s+(?:be\s+)?(?:return(?:ing)?|back)|(?:is|are)\s+not\s+(?:return(?:ing)?|coming\s+back)|"
    r"not\s+(?:be\s+)?returning|is\s+out\b|(?:has\s+been|was|were|have\s+been)\s+(?:replaced|recast|written\s+out)|"
    r"parts?\s+ways)", re.IGNORECASE)
_RUMOR_P = re.compile(
    r"^(?:\s+(?:has|have|had|is|are|was|were|will|would|also|now|currently|reportedly|said\s+to\s+be|"
    r"rumou?red\s+to\s+be|still|both|all))*\s+(?:in\s+(?:early\s+|final\s+|advanced\s+)?(?:talks|negotiations)|"
    r"circling|being\s+(?:eyed|considered|courted|looked\s+at)|eyed|rumou?red|tipped|"
    r"(?:the|a)\s+(?:top\s+)?(?:front-?runner|favou?rite|top\s+choice)|(?:the\s+)?studio's\s+top\s+choice|"
    r"on\s+the\s+shortlist|shortlisted|not\s+out\s+of\s+the\s+running|in\s+the\s+running|in\s+contention|"
    r"(?:likely|expected)\s+to\s+(?:appear|return|star|play|join|be)|reportedly\s+\w+|"
    r"taking\s+the\s+part|said\s+to\s+be)", re.IGNORECASE)
_NEGATED_P = re.compile(
    r"^(?:\s+(?:has|have|had|is|are|was|were|will|would|also))*\s+(?:not|n't|never)\s+(?:in|involved|part|"
    r"appear|set|cast|attached|joining|in\s+it)|^\s+(?:isn't|aren't|wasn't|won't\s+appear|is\s+not\s+in|"
    r"has\s+no\s+role|denied|denies)", re.IGNORECASE)
_CONFIRM_P = re.compile(
    r"^(?:\s+(?:has|have|had|is|are|was|were|will|would|be|also|now|officially|already|finally|just|still|since|"
    r"once\s+again|again|both|all|each|too|set\s+to|going\s+to))*\s+(?:(?:"
    r"attached(?:\s+to\s+(?:play|star|return))?|makes?\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:return|appearance|cameo)|"
    r"replac(?:es|ed)\s+(?:him|her|them)\b|"
    r"return(?:s|ing)?|(?:is|are)\s+back|back|come(?:s)?\s+back|reprise(?:s|d)?|reprising|"
    r"play(?:s|ing)?|portray(?:s|ing)?|voice(?:s|d)?|star(?:s|ring)?|co-?star(?:s|ring)?|lead(?:s|ing)?|"
    r"headline(?:s)?|front(?:s)?|join(?:s|ed|ing)?|board(?:s|ed)?|(?:been\s+)?cast|signed\s+on|sign(?:s)?\s+on|"
    r"on\s+board|aboard|round(?:s|ing)?\s+out|fill(?:s)?\s+out|complete(?:s)?\s+the\s+(?:[\w-]+\s+)?(?:cast|ensemble|line-?up)|continue(?:s)?\s+as|continues|remains?|"
    r"appear(?:s)?|recur(?:s)?|(?:will\s+)?turn\s+up|takes?\s+over|(?:has|have)\s+(?:an?\s+)?(?:\w+\s+)?role|"
    r"is\s+set|set\s+as|added|tapped|hired|"
    r"head(?:s|ing)?\s+(?:up\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:cast|ensemble|line-?up)|"  # "heads a cast that ..."
    r"(?:among|in|part\s+of)\s+the\s+(?:(?:main|new|returning|supporting)\s+)?(?:cast|ensemble))(?![\w-])|"
    r"(?:is|are)\s+(?=(?-i:[A-Z])))", re.IGNORECASE)
_OBJECT_INTRO = re.compile(
    r"(?:\b(?:adds?|added|adding|joined\s+by|alongside|opposite|with|includes?|including|featur(?:es?|ing)|"
    r"starring|reunit(?:es|ing)|enlist(?:s|ed)?|recruit(?:s|ed)?|cast(?:ing)?|tapped|hired|signed|"
    r"around|addition\s+is|additions\s+are|newcomers?\s+(?:is|are|include)|are|is)(?![\w-])|:)\s*"
    r"(?:(?:newcomer|comedian|actor|actress|veteran|star|singer|rapper|co-star|former\s+[\w\s-]{0,30}?|"
    r"two-time\s+\w+\s+winner|oscar\s+winner|\w+-winning\s+\w+)\s+)?$", re.IGNORECASE)
_ROLE_AFTER = re.compile(
    rf"^(?:\s+(?:has|have|had|is|are|was|were|will|would|also|now|officially|already|finally|just|"
    rf"once\s+again|again|set\s+to|going\s+to|in\s+talks\s+to|in\s+negotiations\s+to|reportedly|still|"
    rf"being\s+eyed\s+to|expected\s+to|likely\s+to|attached\s+to|both|all|"
    rf"(?=(?:in\s+(?:early\s+|final\s+|advanced\s+)?(?:talks|negotiations)|being\s+(?:eyed|considered|courted)|eyed|"
    rf"circling|tipped|considered|up)\s+for\s+(?:the\s+(?:role|part)\s+of\s+)?[A-Z])"  # "is in talks for Severus Snape"
    rf"(?:in\s+(?:early\s+|final\s+|advanced\s+)?(?:talks|negotiations)|being\s+(?:eyed|considered|courted)|eyed|"
    rf"circling|tipped|considered|up)))*"
    rf"(?:\s+(?:return(?:s|ing)?|back|come(?:s)?\s+back|reprise(?:s|d)?|reprising|play(?:s|ing)?|"
    rf"portray(?:s|ing)?|voice(?:s|d)?|star(?:s|ring)?|co-?star(?:s|ring)?|lead(?:s|ing)?|join(?:s|ed|ing)?|"
    rf"(?:been\s+)?cast|set|signed\s+on|on\s+board|aboard|continue(?:s)?|remains?|recur(?:s)?|"
    rf"turn\s+up|(?:the\s+)?(?:show's|film's|series')\s+\w+|take\s+over|takes\s+over|round(?:s)?\s+out\s+the\s+\w+|"
    rf"(?:is|are)\s+(?:back|again)|behind\s+the\s+wheel|excellent|again))*"
    rf"(?:\s+(?:his|her|their)\s+(?:[A-Z][\w'-]*\s+){{0,3}}role)?"
    rf"(?:\s+(?:the|this|its)\s+(?:cast|film|movie|series|show|ensemble|season|sequel|franchise|project|production))?"
    rf"(?:\s+(?:as(?:\s+the\s+voice\s+of)?|in\s+the\s+role\s+of|in\s+the\s+part\s+of|for\s+the\s+(?:role|part)\s+of|for)|(?<=play)|(?<=plays)|(?<=playing)|"
    rf"(?<=portrays)|(?<=voices)|(?<=reprising)|(?<=reprises)|(?<=is)|(?<=are)|(?<=again))\s+"
    rf"(?:(?:the|a|an|his|her|their|its)\s+)?(?:(?:[A-Z][\w-]*'s\s+)?(?:(?!(?:which|that)\b){_DESC_WORD}\s+){{0,6}})?"
    rf"(?P<role>{ROLE})(?=\s*(?:[,.;:)]|$|\s+(?:and|in|on|for|from|who|which|while|with|opposite|alongside|"
    rf"respectively|after|before|since|now|again|once|this|-)\b))")
_ROLE_CONTEXT = re.compile(
    r"(?:\b(?:as|play|plays|playing|voices?|voicing|portrays?|portraying|role\s+of|part\s+of|named|called|"
    r"(?:is|are)\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[a-z][\w'-]*,?\s+){1,5})\s+"
    r"(?:(?:the|a|an|his|her|their|its)\s+)?(?:(?:[A-Z][\w-]*'s\s+)?(?:[a-z][\w'-]*,?\s+){0,5})?"
    r"|\b(?:series|show|film|movie|spin-?off|sequel|prequel|drama|comedy|thriller|franchise|novel|book|"
    r"game|character|villain|hero|title)\s+)$")
_CREW = re.compile(
    r"\b(?:direct(?:or|ors|ing|ed|s)|produc(?:er|ers|ing|es|ed)|showrunners?|writ(?:er|ers|ing|es)|wrote|"
    r"creat(?:or|ors|ed|es)|behind\s+the\s+camera|screenplay|script|helm(?:s|ing|ed)?|composer|"
    r"author)\b", re.IGNORECASE)
_PAST_CREDIT = re.compile(
    r"\b(?:starred|featured|played|voiced|portrayed|made\s+stars\s+of|original|originally|"
    r"first\s+(?:film|season|series|movie|two\s+seasons)|previous|earlier|\d{4}\s+(?:film|movie|series)|"
    r"in\s+which|without|known\s+for|best\s+known|cartoon)\b", re.IGNORECASE)
_PREDICATE = re.compile(
    r"^(?:\s+(?:has|have|is|are|was|will|would|also|now|once\s+again|again))*\s+(?:co-?stars?|stars?|plays?|"
    r"returns?|joins?|is\s+back|are\s+back|leads?|voices?|portrays?|reprises?|exits?|leaves|left|"
    r"is|was|in\s+talks|in\s+negotiations|circling|being|been)\b", re.IGNORECASE)
_BY = re.compile(r"(?:played|portrayed|voiced)\s+by\s+(?:\w+\s+)?$")
_PASSIVE = re.compile(rf"(?:(?P<role>{ROLE}),\s+)?(?:(?:is|will\s+be|was|to\s+be)\s+)?(?:played|portrayed|voiced)\s+by\s+(?:(?:newcomer|comedian|actor|actress|veteran)\s+)?$", re.IGNORECASE)


# A name whose given name the dictionary lacks ("Paapa Essiedu", "Simu Liu") is still a person
# when the words after it say so: "X (credit) is in talks", "X plays", "X as Role".
_ACTOR_AFTER = re.compile(
    r"(?:\s*\([^()]{1,60}\))?,?(?:\s+(?:is|are|has|have|will|would|was|also|reportedly|now|officially|"
    r"meanwhile,?|too,?|both))*\s+(?:plays?|playing|stars?|starring|leads?|headlines?|fronts?|return(?:s|ing)?\s+as|joins?|joined|co-stars?|voices?|portrays?|reprises?|"
    r"reprising|in\s+(?:early\s+|final\s+)?(?:talks|negotiations)|circling|being\s+eyed|set\s+to\s+(?:star|play|join)|"
    r"been\s+cast|cast\s+as|exits?|exited|departs?|as\s+(?:the\s+)?[A-Z])\b")


_LIST_SEP_BEFORE = re.compile(r"(?:\)|[\w.])(?:\s*,\s*(?:and\s+)?|\s+and\s+)$")
_LIST_SEP_AFTER = re.compile(r"(?:\s*\([^()]{1,60}\))?(?:\s*,\s*(?:and\s+)?|\s+and\s+)")


# the verb agrees with both names: "A and B return", not "A is X and B is Y"
_PLURAL_CAST_VERB = re.compile(r"\s+(?:(?:will|have|are|both|also|now|once\s+again|again)\s+)*(?:return|star|play|join|"
                               r"reprise|lead|co-star|headline|front|voice|are\s+(?:back|set\s+to|among|in\s+the\s+cast)|"
                               r"have\s+(?:joined|signed|been\s+cast))\b")


_AND = re.compile(r"\s+(?:and|&)\s+")


def _paired_with_actor(text: str, end: int, found: list[tuple[str, int, int]]) -> bool:
    """'Penn Badgley and Victoria Pedretti return': the known name after 'and' is an actor, and so is this one."""
    after = _AND.match(text, end)
    partner = next((e for _, s, e in found if after and s == after.end()), None)
    return partner is not None and _PLURAL_CAST_VERB.match(text, partner) is not None


def _context_names(text: str, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    ends = sorted(e for _, _, e in found)
    starts = sorted(s for _, s, _ in found)
    for m in NAME_RE.finditer(text):
        name, start, end = m.group(1), m.start(1), m.end(1)
        if any(s < end and start < e for _, s, e in found):
            continue
        # "..., Kumail Nanjiani, ..." between two known names of a list is a name too
        sep = _LIST_SEP_BEFORE.search(text[max(0, start - 70):start])
        in_list = bool(sep) and any(start - 70 <= e < start for e in ends + [e for _, _, e in out]) and (
            "and" in sep.group(0) or any(
                (after := _LIST_SEP_AFTER.match(text, end)) and after.end() == s for s in starts))
        if not in_list and not _ACTOR_AFTER.match(text, end) and not _paired_with_actor(text, end, found):
            continue
        if not is_person(name, known_first_name=False) or platform_in(name) is not None \
                or len(name.split()) > 3:
            continue
        out.append((name, start, end))
    return out


def _name_mentions(text: str, surnames: dict[str, str], headline: bool = False) -> list[tuple[str, int, int]]:
    found = [(n, s, e) for n, s, e in person_names(text)]
    if not headline:  # a Title Case headline capitalises every word: no context there
        found += _context_names(text, found)
    for m in re.finditer(r"(?<![\w'-])([A-Z][\w'-]+)(?![\w-])", text):
        word = m.group(1)
        if any(s <= m.start() < e for _, s, e in found):
            continue
        if word.casefold() in _MONONYMS or (word in surnames and word not in NOT_FIRST_NAMES) or (
                _PAREN_LIST_ITEM.match(text, m.end()) and _AFTER_PAREN_ITEM.search(text, 0, m.start())
                and word.casefold() not in NOT_FIRST_NAMES):  # "A (Aang), Kiawentiio (Katara), ..."
            found.append((word, m.start(), m.end()))
    found.sort(key=lambda f: f[1])
    return found


# a one-word name inside a list of "Name (Role)" items
_PAREN_LIST_ITEM = re.compile(r"\s*\([A-Z][^()]{0,40}\)(?:,|\s+and\b)")
_AFTER_PAREN_ITEM = re.compile(r"\)(?:,\s+(?:and\s+)?|\s+and\s+)$")


_ASIDE = re.compile(r"^\s*,\s*(?:meanwhile|too|also|however|though|likewise|similarly|in\s+turn|"
                    r"for\s+(?:his|her|their)\s+part|of\s+course|reportedly|notably)\s*,")


def _paren_after(text: str, end: int) -> tuple[str | None, int]:
    m = _PAREN.match(text, end)
    return (m.group(1).strip(), m.end()) if m else (None, end)


def _names_title(phrase: str, sentence: Sentence) -> bool:
    """'in talks for Thunderbolts': the watched title or another title is no part to be in talks for."""
    text = sentence.text
    return any(fold(text[a:b]).startswith(fold(phrase)) for a, b in sentence.watch_spans) or any(
        t.startswith(phrase) for t in sentence.other_titles)


def _clause_reader(sentence: Sentence, surnames: dict[str, str], known: set[str],
                   order: int) -> list[_Found]:
    text = sentence.text
    mentions = [m for m in _name_mentions(text, surnames, sentence.paragraph < 0)
                if m[0] not in sentence.other_titles]
    if not mentions:
        return []
    # groups of names joined by commas / "and"
    groups: list[list[tuple[str, int, int, str | None]]] = []
    last_end = -1
    for name, start, end in mentions:
        if start < last_end:
            continue  # inside the previous name's parentheses
        paren, after = _paren_after(text, end)
        member = (name, start, after, paren)
        if groups and last_end >= 0 and len(text[last_end:start]) <= 40 and \
                _GROUP_GAP.match(text[last_end:start]) and not (
                    _ROLE_CONTEXT.search(re.split(r"[;.]|\s-\s", text[:groups[-1][0][1]])[-1][-90:])
                    and (_PREDICATE.match(text[after:after + 60])
                         or re.match(r"\s+as\s+(?:the\s+)?[A-Z]", text[after:after + 40]))):
            groups[-1].append(member)
        else:
            groups.append([member])
        last_end = after
    parens = sum(1 for g in groups for m in g if m[3])
    paren_roles = parens >= 2 and sum(
        1 for g in groups for m in g if m[3] and _looks_like_title(m[3]) is False
        and "," not in m[3]) >= parens - 1 and not any(
        m[3] and (_looks_like_title(m[3]) or m[3] in sentence.other_titles) for g in groups for m in g)
    # one convention per sentence: "A (The History Boys) and B (Luther)" are credits, both of them
    out: list[_Found] = []
    prev_status: str | None = None
    for group in groups:
        first_start = group[0][1]
        end = group[-1][2]
        rest = _ASIDE.sub("", text[end:], count=1)  # "Nick Frost, meanwhile, is being eyed"
        appos = _APPOSITIVE.match(rest)
        who = None
        if appos:
            who = appos.group(0)
            rest = rest[appos.end():]
        elif re.match(r"^\s*,\s*who\b", rest):
            who = rest
        clause = re.split(r";|\s-\s|\bwhile\b|\bbut\b|\bthough\b", rest)[0]
        before = text[:first_start]
        clause_before = re.split(r"[;.]|\s-\s", before)[-1]
        tail = before[-80:]
        passive = _PASSIVE.search(tail) if _BY.search(tail) else None
        # ", and" / ", while" begins a new clause: "X plays the villain, and Y (credit) plays ..."
        own_clause = re.split(r",\s+(?:and|but|while|whereas)\s+", clause_before)[-1]
        if _ROLE_CONTEXT.search(own_clause[-90:]) and not passive:
            continue  # a character's name, or a title
        if who and _CREW.search(who) and not re.search(r"\b(?:stars?|plays?|starring)\b", who) \
                and not _ROLE_AFTER.match(clause):
            continue
        if _CREW.search(clause[:60].split(",")[0]) or _CREW.search(clause_before[-40:]):
            continue
        if (_PAST_CREDIT.search(clause_before) and not re.search(
                r"\b(?:return(?:s|ing)?|back|reprising)\b", clause_before, re.IGNORECASE)) or re.match(
                r"^(?:\s+(?:also|once|previously|first|originally))?\s+(?:played|voiced|portrayed|starred)\b",
                clause):
            continue
        if _NOT_CAST_CONTEXT.search(before[-40:]) or (re.search(
                r"(?:\b(?:by|from|of|than|like|in|director|directed|creator|showrunner)|'s)\s*$", before[-20:]) \
                and not passive):
            continue
        status = None
        role = None
        if _NEGATED_P.match(clause):
            continue
        if _DEPART_P.match(clause):
            status = "departed"
        elif _RUMOR_P.match(clause):
            status = "rumored"
        elif _CONFIRM_P.match(clause):
            status = "confirmed"
        elif re.match(r"^\s+as\s+(?=[A-Z]|the\s|a\s|an\s|his\s|her\s)", clause) and prev_status:
            status = prev_status  # "..., Joy Sunday as Bianca Barclay"
        elif who and re.search(r"\bwho\s+(?:will\s+|now\s+|has\s+)?(?:play|plays|stars|joins|joined|returns|voices|"
                               r"comes\s+aboard|signed\s+on|signs\s+on)\b", who):
            status = "confirmed"
        if status is None and passive:
            status = "confirmed"
            role = passive.group("role")
        joined = re.search(r"\bto\s+join\s+(?:(?:the\s+)?(?:previously|already)[\s-]+(?:announced|cast)\s+)?$",
                           clause_before) and not re.match(r"['\u2019]s?\b", text[end:])
        # "talks with A to join B and C": B and C are cast already (not "to join Tim Burton's film")
        if status is None and (joined or (_OBJECT_INTRO.search(clause_before[-70:]) and (
                _CAST_CUE.search(text) or re.match(r"\s+as\s", clause)))):
            status = "confirmed"
        if status is None:
            continue
        if status == "confirmed" and not joined and re.search(
                r"\b(?:fan\s+theory|theory\s+(?:goes|has)|rumou?r|reportedly|in\s+talks|said\s+to\s+be|"
                r"(?:talks|negotiations)\s+with)\b", clause_before + clause[:40], re.I):
            status = "rumored"
        prev_status = status
        if len(group) == 1 and role is None:
            m = _ROLE_AFTER.match(clause)
            if m and not (clause[:m.start("role")].endswith("for ")
                          and _names_title(m.group("role").rstrip("."), sentence)):
                role = m.group("role")
            elif who and status == "departed":
                w = re.search(rf"\b(?:played|portrayed|voiced)\s+{_DESC}{_R}", who)
                role = w.group("role") if w else None
            if role is None and who and status != "departed":
                w = re.search(rf"\bwho\s+(?:will\s+|now\s+|also\s+)?(?:play|plays|voices|(?:joins|stars|returns|"
                              rf"is\s+back|comes\s+aboard|signed\s+on)\s+as)\s+{_DESC}{_R}", who)
                role = w.group("role") if w else None
        if re.search(r"\bin\s+(?:[A-Z][\w'&:-]*\s?){1,5}", clause.split(",")[0]) and not re.search(
                r"\bin\s+(?:Season|Part|Series|Volume|Chapter|the)\b", clause.split(",")[0]) and \
                not sentence.names_watch:
            continue  # "plays Guy Gardner in Gunn's Superman": another work
        for name, _start, _end, paren in group:
            if fold(name) in known:
                continue
            r = role
            if paren and is_person(paren) and not is_person(name):  # Character (Actor)
                name, r = paren, name
            credit = paren and re.match(r"\s+(?:(?:also|now|will|is|is\s+set\s+to)\s+)?(?:plays?|playing|portrays?|voices?|"
                                        r"as|stars?\s+as)\b", text[_end:_end + 30])
            if paren and (paren_roles or paren.startswith("as ")) and not credit:
                r = paren.removeprefix("as ")
            if r and (fold(r) == fold(name) or (is_person(r) and fold(r) in known)):
                r = None
            out.append(_Found(name, _clean_role(r), status, sentence, order + len(out)))
    return out
