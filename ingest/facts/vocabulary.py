"""Item vocabularies of privacy-policy language: what a list cell's items may be.

Each entry is (canonical key, pattern); a cell lists the policy's own words for each key it
finds, first occurrence first. Built from the OPP-115 attribute values (personal information
type, purpose, third-party entity, security measure), not from any one policy.
"""

from __future__ import annotations

import re

_I = re.I


def _v(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((key, re.compile(rx, _I)) for key, rx in pairs)


PERSONAL = _v(
    ("name", r"\b(?:(?:first|last|full|real|first and last)\s+)?names?\b(?! of the)"),
    ("email", r"\be-?mail(?: address(?:es)?)?\b"),
    ("phone", r"\b(?:(?:mobile |cell |tele)?phone|mobile|telephone|contact) numbers?\b"),
    (
        "address",
        r"(?<!mail )(?<!IP )(?<!\) )\b(?:(?:postal|mailing|shipping|billing|home|delivery|street|contact)\s+)?address(?:es)?\b(?! of| book)",
    ),
    ("password", r"\bpasswords?\b"),
    ("id", r"\b(?:user ?(?:id|name)s?|username|(?-i:ID))\b"),
    ("birth", r"\b(?:date of birth|birth ?date|birthday(?: date)?)\b"),
    ("gender", r"\b(?:gender|sex)\b"),
    (
        "card",
        r"\b(?:(?:payment|credit|debit) cards?(?: numbers?| details)?|card numbers?|number of the credit cards|payment (?:details|method(?: information)?|information))\b",
    ),
    ("bank", r"\bbank (?:account|details)(?: numbers?| information)?\b"),
    ("photo", r"\bphoto(?:graph)?s?\b"),
    ("postcode", r"\b(?:post ?codes?|zip ?codes?|postal codes?)\b"),
    ("demographic", r"\bdemographic(?: information| data)?\b"),
    ("preferences", r"\bpreferences(?: and interests)?\b"),
    ("location", r"\b(?:geo-?)?location(?: data| information)?\b"),
    ("government_id", r"\b(?:social security|passport|driver'?s licen[cs]e|national id\w*) numbers?\b"),
    ("purchases", r"\b(?:purchase|order|transaction) (?:history|records?)\b"),
    ("contact_info", r"\bcontact (?:information|details|info)\b"),
)

AUTOMATIC = _v(
    (
        "cookies",
        r"\b(?:(?:session|persistent|third[- ]party|traffic log|tracking|flash)\s+)?\"?cookies?\"?(?: cookies)?",
    ),
    ("beacons", r"\b(?:web beacons?|pixel(?: tags?)?|clear gifs?|tracking pixels?)\b"),
    ("ip", r"\b(?:Internet Protocol \(IP\) address(?:es)?|IP address(?:es)?)"),
    (
        "logs",
        r"\b(?:(?:server |web )?log(?:-in)? (?:files?|data|information|records?)|records of log-?in|log-in recording)\b",
    ),
    ("browser", r"\bbrowser (?:type|information|version)s?\b"),
    ("os", r"\boperating systems?\b"),
    ("referrer", r"\breferr(?:ing|er|al) (?:web ?sites?|url|page)s?\b"),
    (
        "device",
        r"\b(?:device (?:identifiers?|ids?|information|type)|unique (?:device )?identifiers?|advertising ids?)\b",
    ),
    ("analytics", r"\b(?:google analytics|analytics (?:tools|services|providers|cookies))\b"),
    ("location", r"\b(?:geo-?)?location (?:data|information)\b"),
    ("email_open", r"\b(?:when|whether|if) you open (?:an? |our )?e-?mails?(?: from us)?\b"),
    (
        "usage",
        r"\b(?:clickstream(?: data)?|pages? (?:you )?(?:visited|viewed)|records of (?:the )?utilization for the services)\b",
    ),
)

PURPOSES = _v(
    ("transactions", r"\bprocess(?:ing)? (?:a |your )?(?:transactions?|orders?|payments?|purchases?)\b"),
    ("orders", r"\b(?:fulfil+(?:ing)?|complet\w+) (?:your |customer )?orders?\b"),
    (
        "delivery",
        r"\b(?:deliver(?:y|ing)?(?: of)? (?:the )?(?:products?|goods|orders?|packages?)|ship(?:ping)? (?:your )?orders?|sending packages)\b",
    ),
    ("billing", r"\b(?:billing|bill you|forward the bills)\b"),
    ("payment", r"\b(?:confirm the purchase & payment|payment processing|charge collection)\b"),
    ("service", r"\b(?:customer (?:service|support|care)s?|provide (?:products or )?services?)\b"),
    ("respond", r"\brespond(?:ing)? to (?:your )?(?:requests?|questions?|inquir\w+|comments?)\b"),
    ("marketing", r"\b(?:direct |internal |target )?marketing\b"),
    ("advertising", r"\b(?:advertis(?:ing|ements?)|ad-like information)\b"),
    ("promotions", r"\bpromotion(?:s|al)?(?: events?| purposes)?\b"),
    (
        "improve",
        r"\b(?:improv\w*|enhanc\w*|develop) (?:our |the |your )?(?:website|site|stores?|services?|products?|shopping experience|quality)\b",
    ),
    ("personalize", r"\b(?:personali[sz]\w*|customi[sz]\w*|tailor\w*)\b"),
    (
        "communicate",
        r"\b(?:communicat\w* (?:with|to) (?:you|customers|members)|send(?:ing)? (?:you )?notices|deliver notifications)\b",
    ),
    (
        "fraud",
        r"\b(?:(?:prevent|detect|block|prohibit)\w* (?:fraud|illegal \w+|unauthori[sz]ed \w+)|fraud prevention)\b",
    ),
    ("identify", r"\b(?:identify (?:the )?(?:members|users|you)|verify(?:ing)? your identity|distinguish users)\b"),
    ("surveys", r"\bsurvey(?:s| members| user\S* satisfaction)?\b"),
    (
        "analytics",
        r"\b(?:statistic(?:s|al analysis)|analy[sz](?:e|is|ing) (?:the )?(?:use|utilization|traffic|data)\w*)\b",
    ),
    ("legal", r"\b(?:comply with (?:the )?(?:law|legal \w+)|legal obligations?)\b"),
)

RECIPIENTS = _v(
    ("third_parties", r"\bthird[- ]part(?:y|ies)\b"),
    ("service_providers", r"\b(?:service providers?|vendors?|suppliers?|processors?)\b"),
    ("agents", r"\bagents?\b"),
    ("representatives", r"\brepresentatives\b"),
    ("contractors", r"\bcontractors?\b"),
    ("partners", r"\b(?:business |marketing )?partners?\b"),
    ("affiliates", r"\b(?:affiliates?|affiliated companies|subsidiar(?:y|ies)|parent company)\b"),
    ("sellers", r"\b(?:sellers?|merchants?)\b"),
    ("advertisers", r"\badvertis(?:ers|ing partners|ing networks)\b"),
    ("logistics", r"\b(?:logistics|shipping (?:companies|carriers)|delivery (?:companies|services))\b"),
    ("payment", r"\bpayment (?:processors?|providers?|companies)\b"),
    (
        "authorities",
        r"\b(?:law enforcement(?: agencies)?|judicial bod(?:y|ies)|courts?|police|government(?:al)? (?:agencies|authorities|bodies)|(?:public|regulatory|competent|tax) authorities)\b",
    ),
    ("acquirer", r"\b(?:successors?|acquirers?|buyer of (?:the|our) business)\b"),
)

SECURITY = _v(
    (
        "ssl",
        r"(?:Secure Sockets? Layers? ?\(SSL\)|secure server layer \(SSL\)|\bSSL\b|\bTLS\b|\bHTTPS\b|Secure Sockets? Layer)",
    ),
    ("encryption", r"\b(?:encrypt\w*|encod(?:es|ed|ing))\b"),
    ("password", r"\bpasswords?\b"),
    (
        "safeguards",
        r"\b(?:(?:physical|electronic|managerial|procedural|administrative|technical|organi[sz]ational)(?:,? and |, or |, | ))+(?:safeguards|procedures|measures|controls)\b",
    ),
    (
        "access",
        r"\b(?:restrict\w* access|access (?:is |are )?(?:strictly )?(?:restricted|limited)|restricted to a minimum staff|limit\w* access)\b",
    ),
    ("secure_server", r"\bsecure servers?\b"),
    ("firewall", r"\bfirewalls?\b"),
    ("audit", r"\baudit\w*\b"),
    ("training", r"\b(?:security )?(?:training|education)\b"),
    ("authentication", r"\b(?:two|multi)[- ]factor authentication\b"),
)

RIGHTS = _v(
    ("access", r"\b(?:access|inspect|review|check)\b"),
    ("correct", r"\b(?:correct(?:ion)?|rectif\w+)\b"),
    ("modify", r"\b(?:modify|edit|update|change|adjust)\b"),
    ("delete", r"\b(?:delet\w*|eras\w+|remove)\b"),
    ("withdraw", r"\bwithdraw\w*\b"),
    ("object", r"\b(?:object|restrict)\b"),
    ("portability", r"\b(?:portab\w+|download|a copy)\b"),
)

CHANNELS = _v(
    ("account", r"\b(?:log(?:ging)? in(?:to)?(?: (?:the|your) account)?|your account|my account|account settings)\b"),
    ("email", r"\b(?:e-?mail(?:ing)?(?: us)?)\b"),
    ("phone", r"\b(?:phone|telephone|call us)\b"),
    ("writing", r"\b(?:in writing|write to(?: us)?|written information)\b"),
    ("request", r"\b(?:support request|contact us|contact a person in charge)\b"),
)
