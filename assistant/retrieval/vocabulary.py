"""Vocabulary of privacy questions and policies: words that carry no topic, and the words
policies answer with for the words people ask with. Data, plus ``expand``, which applies it."""

from __future__ import annotations

from pathlib import Path

from ..text import stem, words

# Words every privacy question uses; their absence from a policy says nothing about coverage.
GENERIC = set(
    """
policy policies privacy shop shops store stores website site company companies mall online customer customers user
users member members information info data personal keep kept use used uses using collect collected collects
collection share shared shares sharing give gives provide provides protect protected protection handle handled
happen happens mention mentions mentioned state states stated allow allowed allows long time way ways need needs
anything something thing things kind kinds type types someone anyone people person
old young need needs able allowed permitted required require requires often soon quickly sure okay
ask asked asking find found see look looking there here regarding regards about else exactly
choice choices option options control controls scope applicable apply applies applied first third party parties
practice practices service services feature features basic form forms difference aware explicitly explicit
provision provisions engage engaged activity activities rule rules via non certain specific general purpose purposes
category categories related relate relating concerning concern context case cases condition conditions
""".split()
)
# Words about the policy as a text ("does the policy clearly specify …"): a table, meta_words.txt.
META = frozenset(
    w
    for w in (Path(__file__).with_name("meta_words.txt").read_text(encoding="utf-8").split("\n"))
    if w and not w.startswith("#")
)
# Chat filler ("nah", "lol", "pls", "tbh", "legit"): a table, chat_words.txt. "selling my data or nah?"
# abstained on "nah", a word no policy uses.
CHAT = frozenset(
    w
    for w in (Path(__file__).with_name("chat_words.txt").read_text(encoding="utf-8").split("\n"))
    if w and not w.startswith("#")
)
# Everyday verbs, adjectives and pronouns people ask with. A policy that never says "quit" or
# "fix" may still answer the question; the topic of a question is carried by its nouns.
COLLOQUIAL = set(
    """
stop stops stopped quit quits fix fixes fixed wrong right still get gets getting got go goes going went come comes
make makes made take takes took put puts hang hold holds let lets try tries mean means seem seems happen happened
send sends sending sent tell told ask call ring phone phones email emailing emails text contact give giving gave
themselves myself yourself himself herself itself ourselves they them their she he his her its we us our mine
son daughter parent parents grumble moan whine bother bothering annoy annoying worry worried
thing things stuff bit lot lots really actually just even ever never always sometime sometimes anyway
watch watching watched another somebody someone rid
bad good big small new old young real true false sure safe able unable fine okay
""".split()
)
# Words people ask with, mapped to the words policies answer with. Used for keyword search
# only (dense search already handles paraphrase), so a miss costs nothing.
_ASKED = {
    "contact": "e-mail email tel phone fax address contact",
    "reach": "e-mail email tel phone contact",
    "email": "e-mail email",
    "phone": "tel phone telephone mobile",
    "long": "period years months days retain hold held stored until",
    "retain": "period years hold held stored keep",
    "retention": "period years hold held stored keep",
    "keep": "period years hold held stored retain",
    "store": "stored storage hold held keep",
    "old": "age children under years",
    "age": "age children under years",
    "child": "children age under 13",
    "delete": "delete destroy destroyed remove erase erasure withdraw",
    "erase": "delete destroy destroyed remove erasure",
    "remove": "delete destroy destroyed remove",
    "sell": "sell rent sold share third parties",
    "share": "share disclose provide third parties",
    "third": "third parties party partners",
    "secure": "security encryption ssl encrypted protect",
    "safe": "security encryption ssl encrypted protect secure",
    "encrypt": "encryption ssl encrypted secure",
    "track": "cookies cookie track log",
    "cookie": "cookies cookie browser",
    "marketing": "marketing advertisement promotional ad-like direct",
    "ads": "advertisement marketing promotional ad-like",
    "advertising": "advertisement marketing promotional ad-like",
    "correct": "correct correction modify change incorrect",
    "change": "change modify correct update amend",
    "access": "access inspect check view read",
    "complain": "complaint complaints grievance",
    "rights": "right rights access correct delete withdraw",
    "notify": "notify notification inform announce",
    "changes": "change update amend notification",
    "inactive": "lack interacting log use dormant days year",
    "kid": "children child age under parent guardian",
    "kids": "children child age under parent guardian",
    "merchant": "seller sellers partner partners",
    "merchants": "seller sellers partner partners",
    "sign": "join register registration membership account",
    "signup": "join register registration membership account",
    "quit": "withdraw withdrawal leave membership terminate",
    "leave": "withdraw withdrawal leave membership",
    "fix": "correct correction modify incorrect",
    "wrong": "incorrect mistake correct correction",
    "outside": "outside third parties companies contract audit",
    "outsiders": "outside third parties companies contract audit",
    "dormant": "lack interacting log use inactive days year",
    "unused": "lack interacting log use dormant days year",
    # Issue 12: shoppers' words for leaving, being bought, reaching someone, their birthday.
    "close": "withdraw withdrawal membership terminate delete account",
    "bought": "merge merger acquisition transfer business inheritance",
    "touch": "contact e-mail email tel phone",
    "birthday": "birth birthday date",
    # Shoppers' words for scrambling, paper, their devices, wiping and sensitive things.
    "scrambled": "encrypts encryption encrypted encodes ssl secure",
    "scramble": "encrypts encryption encrypted encodes ssl secure",
    "coded": "encrypts encryption encrypted encodes ssl",
    "paperwork": "paper printed documents destroyed",
    "printouts": "paper printed documents destroyed",
    "documents": "paper printed documents",
    "laptop": "computer device hard drive",
    "tablet": "computer device mobile",
    "wipe": "delete destroy destroyed remove erase",
    "wiped": "delete destroy destroyed remove erase",
    "religion": "sensitive religion beliefs race health",
    "religious": "sensitive religion beliefs race health",
    "medical": "sensitive health medical",
    "ethnicity": "sensitive race ethnic origin",
    "political": "sensitive political opinions beliefs",
    # The police, in policies: law enforcement, legal requirements, court orders.
    "police": "law enforcement legal required authorities court order government",
    "authorities": "law enforcement legal required authorities court order government",
    # Offers are what policies call promotional information or direct marketing.
    "offers": "promotional promotion marketing direct",
    # "login history" is "log-in recording" in policies (adding "recording"/"records" here took "What
    # about login records?" to a table row of what is collected).
    "login": "log-in log",
    "logins": "log-in log",
    # Data leaving the country, in shoppers' words; policies say "transferred … outside your country".
    "abroad": "countries country transfer transferred overseas international jurisdiction",
    "overseas": "countries country transfer transferred overseas international jurisdiction",
    "foreign": "countries country transfer transferred overseas international jurisdiction",
}


# The privacy-practice vocabulary of the OPP-115 annotation scheme (data types, purposes, choices,
# parties, retention, security, policy change, regions), as policies word it. Written from the
# scheme's categories, not from any benchmark's answers.
_PRACTICES = {
    "location": "location gps geolocation geo-location precise approximate ip address",
    "geolocation": "location gps geolocation precise approximate",
    "geo": "location gps geolocation",
    "device": "device identifiers ip address browser operating system mobile",
    "analytics": "analytics statistics aggregate measure traffic research",
    "research": "research analytics surveys statistics improve",
    "statistics": "statistics analytics aggregate",
    "personalize": "personalize customize tailor tailored interests preferences recommendations",
    "personalization": "personalize customize tailor tailored interests preferences recommendations",
    "customize": "personalize customize tailor tailored interests preferences recommendations",
    "customized": "personalize customize tailor tailored interests preferences recommendations",
    "customization": "personalize customize tailor tailored interests preferences recommendations",
    "marketing": "marketing promotional offers newsletters email communications advertising send",
    "promotions": "promotional offers contests sweepstakes marketing",
    "advertising": "advertising advertisers ads interest-based targeted behavioral networks",
    "advertisers": "advertising advertisers ads networks",
    "ads": "advertising advertisers ads interest-based targeted",
    "others": "third parties partners affiliates service providers",
    "affiliates": "affiliates subsidiaries companies family",
    "partners": "partners third parties affiliates",
    "opt": "opt-out opt unsubscribe choices preferences consent",
    "optout": "opt-out opt unsubscribe choices",
    "unsubscribe": "unsubscribe opt-out email",  # not "link": "the link to the Privacy Policy"
    "choice": "choices choose opt-out opt settings preferences consent",
    "choices": "choices choose opt-out opt settings preferences consent",
    "control": "choices opt-out settings preferences control",
    "controls": "choices opt-out settings preferences control",
    "consent": "consent permission agree opt-in",
    "permission": "consent permission agree",
    "edit": "edit update change correct review account settings",
    "update": "update edit change correct",
    "modify": "modify edit update change correct",
    "account": "account profile register registration",
    "profile": "profile account settings",
    "register": "register registration account sign",
    "deactivate": "deactivate close delete account",
    "security": "security secure safeguards measures unauthorized encryption ssl protect",
    "protect": "protect security safeguards measures unauthorized",
    "notice": "notice notify changes revise post effective date email",
    "notify": "notify notice changes revise post email",
    "changes": "changes revise update modify notify post effective date",
    "tracking": "cookies web beacons pixel tags tracking technologies",
    "dnt": "do not track signals browser",
    "beacons": "web beacons pixel tags cookies",
    "children": "children under 13 coppa parent parental minors",
    "minors": "children under 13 18 parent minors",
    "california": "california shine light residents",
    "european": "european union eea transfer countries outside united states",
    "eu": "european union eea transfer transfers countries outside united states contractual clauses",
    "eea": "european union eea transfer transfers countries outside united states contractual clauses",
    "europe": "european union eea transfer countries outside united states",
    "international": "international transfer countries outside united states",
    "transfer": "transfer transferred countries international",
    "merger": "merger acquisition sale assets bankruptcy successor",
    "acquired": "merger acquisition acquired sale assets bankruptcy successor",
    "acquisition": "merger acquisition sale assets bankruptcy successor",
    "legal": "law legal subpoena court order government comply enforcement",
    "law": "law legal subpoena court order government comply enforcement",
    "enforcement": "law enforcement legal subpoena court government",
    "comply": "comply law legal subpoena court order",
    "health": "health medical",
    "financial": "financial credit card payment billing",
    "payment": "payment credit card billing",
    "credit": "credit card payment billing",
    "demographic": "demographic age gender zip code interests",
    "identifiable": "personally identifiable name email address postal",
    "identify": "identify personally identifiable name email address",
    "identifier": "identifiers device ip address cookie",
    "anonymized": "aggregate aggregated anonymous anonymized de-identified statistical",
    "aggregated": "aggregate aggregated anonymous de-identified statistical",
    "anonymous": "aggregate aggregated anonymous de-identified statistical",
    "social": "social media facebook twitter networks",
    "survey": "survey surveys contests sweepstakes promotions",
    "surveys": "survey surveys contests sweepstakes promotions",
    "retain": "retain retention period long necessary delete",
    "sell": "sell rent sold share third parties",
    "purpose": "purposes use order provide improve",
    "purposes": "purposes use order provide improve",
}


EXPANSIONS = {
    key: " ".join(dict.fromkeys(f"{_ASKED.get(key, '')} {_PRACTICES.get(key, '')}".split()))
    for key in {**_ASKED, **_PRACTICES}
}

# Acronyms of everyday privacy nouns and how policies spell them out. A question naming "IDs"
# is about device identifiers, not about a company called IDs.
SPELLED_OUT = {
    "id": ("identifier", "identification"),
    "ids": ("identifier", "identification"),
    "ip": ("internet protocol",),
    "ips": ("internet protocol",),
    "url": ("web address", "link"),
    "urls": ("web address", "link"),
    "gps": ("location",),
    "sms": ("text message",),
    "os": ("operating system",),
    "pc": ("computer",),
    "isp": ("internet service provider",),
    "faq": ("frequently asked",),
    "dnt": ("do not track",),
    "pii": ("personally identifiable", "personal information"),
}


def expand(question: str) -> str:
    """The question plus the policy words its words usually correspond to."""
    extra = []
    for w in words(question):
        for key in (w, stem(w)):
            if key in EXPANSIONS:
                extra.append(EXPANSIONS[key])
                break
    return question + (" " + " ".join(extra) if extra else "")
