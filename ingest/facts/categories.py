"""The fact-sheet categories: what a sentence must say to speak to each, and what kind of value
it yields. Cues are privacy-policy vocabulary in general (OPP-115 practice categories and their
attributes), not the wording of any one policy.

A sentence speaks to a category when ``cue`` (and ``also``, if set) match it and ``exclude``
does not. Under a heading that matches ``heading``, a sentence with no cue still counts when it
holds one of the category's values (a bare "Recording about contract: 5 years." under "PERIOD
FOR SAVING PERSONAL INFORMATION"); that is how bullets and table rows get their topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import EMAIL
from . import vocabulary as V

_I = re.I


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    kind: str  # how values.py builds the value: items | durations | sold | ages | rights | optout | changes | contact | abroad | dnt
    cue: re.Pattern
    also: re.Pattern | None = None
    heading: re.Pattern | None = None
    exclude: re.Pattern | None = None
    items: tuple = ()
    negation: re.Pattern | None = None  # items in a sentence matching it are not values (unless after "except")
    lift: re.Pattern | None = None  # when no item is found, group 1 of this is the value ("any information you enter")


def _c(rx: str) -> re.Pattern:
    return re.compile(rx, _I)


def _union(vocab) -> re.Pattern:
    return re.compile("|".join(f"(?:{p.pattern})" for _, p in vocab), _I)


_NOT = r"\b(?:not|never|no|n't)\b"
DURATION = _c(
    r"\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|"
    r"thirty|sixty|ninety|a|an)(?: \(\d{1,3}\))?[ -](?:calendar |business )?(?:day|week|month|year)s?\b"
)
PERSON = _c(
    r"\b(?:(?:the|a|our) )?(?:person in charge of (?:[a-z&]+ ){0,6}?(?:information|data|privacy)|"
    r"(?:chief )?(?:privacy|data protection) officer|DPO)\b"
)

CATEGORIES: tuple[Category, ...] = (
    Category(
        "collected",
        "What is collected",
        "items",
        cue=_c(
            r"\b(?:collect\w*|gather\w*|obtain\w*|receive and store|(?:we|may) (?:ask|request) (?:you )?(?:for|to provide)|"
            r"(?:you|users?|customers?|members?) (?:provide|give|enter|submit|input)\w*|require\w* [^.]{0,40}to provide|"
            r"information (?:includes?|such as)|data (?:that is collected )?includes?)\b"
        ),
        heading=_c(
            r"\b(?:collect\w*|gather\w*|you give|you provide|types? of (?:personal )?(?:information|data)|articles for)\b"
        ),
        items=V.PERSONAL,
        negation=_c(_NOT + r"[^.]{0,30}\bcollect"),
        lift=_c(r"\b(?:collect\w*|gather\w*|receive and store|store)\s+((?:any|all)\b[^.;:]{3,100})"),
    ),
    Category(
        "automatic",
        "Collected automatically (cookies, IP, tracking)",
        "items",
        # Naming an automatically collected item (cookies, IP address, browser type) is itself the topic.
        cue=_c(
            r"\b(?:tracking technolog\w*|automatic(?:ally)? (?:collect\w*|receiv\w*|record\w*)|auto collection|technical information)\b|"
            + _union(V.AUTOMATIC).pattern
        ),
        heading=_c(r"\b(?:cookies?|automatic\w*|tracking|technologies)\b"),
        exclude=_c(r"\bdo[- ]not[- ]track\b"),
        items=V.AUTOMATIC,
    ),
    Category(
        "purposes",
        "Purposes of use",
        "items",
        cue=_c(
            r"\b(?:purposes?|we (?:may )?(?:use|require) (?:the |this |your |such |that )?(?:personal )?(?:information|data)|"
            r"(?:information|data)(?: \w+){0,4} (?:is|are|may be|will be|would be|can be) used|used (?:for|to))\b"
        ),
        heading=_c(r"\b(?:use|uses|using|usage|purposes?|intention|utiliz\w*|what we do with)\b"),
        items=V.PURPOSES,
        negation=_c(_NOT + r"[^.]{0,30}\b(?:use|sell|share)\b"),
    ),
    Category(
        "shared_with",
        "Shared with",
        "items",
        cue=_c(
            r"\b(?:shar(?:e|es|ed|ing)|disclos\w+|transfer\w*|provid\w+ (?:this |your |customer |such )?(?:personal )?information to|"
            r"third[- ]part(?:y|ies)|provide customer personal information)\b"
        ),
        heading=_c(r"\b(?:shar\w+|disclos\w+|third[- ]part\w+|providing|recipients?)\b"),
        exclude=_c(r"\b(?:sell|sold|cookies?)\b"),
        items=V.RECIPIENTS,
        negation=_c(_NOT + r"[^.]{0,40}\b(?:share|shared|disclose\w*|provide)\b"),
    ),
    Category(
        "sold",
        "Sold or not",
        "sold",
        cue=_c(
            r"\b(?:sell|sells|sold|selling|rent|rented|lease|trade)\b(?:,? (?:or |and )?(?:rent|lease|trade|share|distribute|disclose|"
            r"transfer|license|exchange|give|provide|loan)\w*){0,3},? (?:(?:your|the|such|any|this|our|personally|identifiable|"
            r"customer|personal|customers')\s)*(?:information|data|details|lists?|e-?mail addresses)\b"
            r"|\b(?:information|data)\b[^.]{0,40}\b(?:be|is|are) (?:never )?(?:sold|rented|traded)\b|\bsale of (?:your )?(?:personal )?(?:information|data)\b"
        ),
        # A business being sold, or a link titled "Do Not Sell My ...", says nothing about selling data.
        exclude=_c(
            r"(?-i:Do Not Sell My)|\b(?:business|company|assets)\b[^.]{0,20}\b(?:is|are|be) sold\b|\bmerger\b|\bacquisition\b|\bbankruptcy\b"
        ),
    ),
    Category(
        "retention",
        "How long it is kept",
        "durations",
        cue=_c(
            r"\b(?:retain\w*|retention|keep|kept|hold|holds|held|stor(?:e|ed|es|ing)|sav(?:e|ed|ing)|destroy\w*|delet\w+|purg\w+|eras\w+)\b"
        ),
        also=_c(DURATION.pattern + r"|\buntil\b|\bas long as\b"),
        heading=_c(r"\b(?:retention|retain\w*|period|how long|storing|storage|saving|keep)\b"),
    ),
    Category(
        "security",
        "Security measures",
        "items",
        cue=_c(
            r"\b(?:secur\w*|encrypt\w*|SSL|TLS|safeguard\w*|firewalls?|unauthori[sz]ed access|protect\w* (?:against|from)|"
            r"restrict\w* access|access authority|hack\w*)\b"
        ),
        heading=_c(r"\b(?:secur\w*|protect\w*|safeguard\w*)\b"),
        exclude=_c(r"\b(?:security code|social security)\b"),
        items=V.SECURITY,
    ),
    Category(
        "children",
        "Children and age limits",
        "ages",
        cue=_c(
            r"\b(?:child(?:ren)?|minors?|under (?:the age of )?(?:[a-z]+ )?\(?\d{1,2}\)?(?: years)?|parent(?:s|al)?(?:\(s\))? (?:or (?:legal )?guardian|consent)|COPPA|years of age)\b"
        ),
    ),
    Category(
        "rights",
        "Your rights (access, correct, delete, withdraw)",
        "rights",
        cue=_c(
            r"\b(?:you|users?|customers?|members?|buyers?|individuals?|data subjects?)\b[^.]{0,40}\b(?:can|may|have the right|has the right|are entitled|is entitled)\b"
            r"[^.]{0,60}\b(?:access|inspect|review|correct\w*|rectif\w*|modify|update|edit|delete|erase|withdraw\w*|object|restrict)\b"
            r"|\bright(?:s)? (?:to|of) (?:access|correct|rectif|delet|eras|withdraw|object|restrict|portab)\w*"
            r"|\brequest (?:access|correction|deletion|erasure|a copy)\b|\bwe will (?:promptly )?(?:correct|delete)\b"
        ),
        exclude=_c(r"\b(?:cookies?|browser)\b"),  # browser settings are not rights over collected data
    ),
    Category(
        "marketing_optout",
        "Opting out of marketing",
        "optout",
        cue=_c(
            r"\b(?:opt(?:-| )?out|unsubscrib\w*|do not want|no longer (?:wish|want)|stop receiving|change your mind|express rejection|"
            r"refus\w+ to receive|withdraw\w* (?:of )?(?:your |advanced? )?consent)\b"
        ),
        also=_c(r"\b(?:marketing|promotion\w*|advertis\w*|ad-like|newsletters?|offers|commercial)\b"),
    ),
    Category(
        "abroad",
        "Data transferred abroad",
        "abroad",
        cue=_c(
            r"\b(?:overseas|abroad|outside (?:of )?(?:the |your )?(?:country|EU|EEA|European \w+ \w+|United States|U\.S\.|UK|jurisdiction)|"
            r"other countries|another country|cross-border|international(?:ly)? transfer\w*|standard contractual clauses|privacy shield)\b"
            r"|\btransfer\w*[^.]{0,40}\b(?:to|in) (?:the )?(?:United States|U\.S\.|other countries|countries outside)"
        ),
    ),
    Category(
        "changes",
        "Policy changes and notice",
        "changes",
        cue=_c(r"\b(?:chang\w*|updat\w*|amend\w*|revis\w*|modif\w*)\b"),
        also=_c(
            r"\b(?:this|our|the) (?:privacy |personal data protection |data protection )?(?:policy|policies|notice|statement)\b|\brevised policy\b|\bamendment\b"
        ),
    ),
    Category(
        "contact",
        "Contact (e-mail, phone, person)",
        "contact",
        cue=_c(
            EMAIL.pattern
            + r"|\b(?:tel|telephone|phone)\s*:|\bperson in charge\b|\b(?:privacy|data protection) officer\b"
        ),
    ),
    Category(
        "do_not_track",
        "Do Not Track signals",
        "dnt",
        cue=_c(r"\bdo[- ]not[- ]track\b|\bDNT\b"),
    ),
)

KEYS = tuple(c.key for c in CATEGORIES)
