"""The hard facts of a statement, checked against the cited evidence: every number with its unit,
phone number, e-mail address, URL/domain and proper name must occur there.

Number words are normalised first ("three years" == "3 years"); a name is known when the
evidence, or the title of the policy it comes from, has it, allowing a short ending
("Korean" ~ "Korea").
"""

from __future__ import annotations

import re

from ..text import DOMAIN, EMAIL, PHONE, TLD_LABELS, key, sentences as split_sentences

_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
}
_UNITS = ("year", "month", "week", "day", "hour", "minute")
_URL = re.compile(r"https?://\S+|www\.[\w.-]+|" + DOMAIN.pattern, re.I)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?![A-Za-z])")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[’'.&-][A-Za-z0-9]+)*")

NOT_NAMES = set(
    """the a an more from also it its they we you your yes no if when this that these those there their our
    customers customer users user members member buyers buyer children child personal private
    information data cookies cookie records record payment privacy policy security notice section
    clause terms use act site website email e-mail phone address only both each all none neither
    also however in on for to of and or but as at by with from after before under within during
    most some any every such other otherwise after non-members non-member note however i
    collected collection complaint complaints shipping contact delivery""".split()
)


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    text = re.sub(r"(\d+)(?:st|nd|rd|th)\b", r"\1", text)

    def number_word(m: re.Match) -> str:
        return str(_NUMBER_WORDS[m.group(0).lower()])

    text = re.sub(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", number_word, text, flags=re.I)
    text = re.sub(r"\b(?:a|an|one)\s+(" + "|".join(_UNITS) + r")\b", r"1 \1", text, flags=re.I)
    return text


def hard_facts(claim: str, ev_text: str, ev_keys: set[str]) -> list[str]:
    """Why the claim's numbers, phones, e-mails, addresses and names are not all in the evidence."""
    reasons: list[str] = []
    ev_lower = ev_text.lower()
    ev_numbers: dict[str, set] = {}
    for num, unit in _numbers_with_units(ev_text):
        ev_numbers.setdefault(num, set()).add(unit)
        if ":" in num:
            for part in num.split(":"):
                ev_numbers.setdefault(part.lstrip("0") or "0", set()).add(None)
    for num, unit in _numbers_with_units(claim):
        units = ev_numbers.get(num)
        if units is None:
            reasons.append(f"number '{num}{' ' + unit + 's' if unit else ''}' not in cited evidence")
        elif unit and unit not in units and None not in units:
            reasons.append(
                f"'{num} {unit}s' not in cited evidence (it gives {num} {'/'.join(sorted(u for u in units if u))}s)"
            )
    ev_digits = re.sub(r"\D", "", ev_text)
    for phone in _phones(claim):
        if phone not in ev_digits:
            reasons.append(f"phone number '{phone}' not in cited evidence")
    for email in EMAIL.findall(claim):
        if email.lower().rstrip(".") not in ev_lower:
            reasons.append(f"e-mail '{email}' not in cited evidence")
    claim_wo_email = EMAIL.sub(" ", claim)
    for url in _URL.findall(claim_wo_email):
        keys = name_key(re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/."))
        if not (keys & ev_keys) and url.lower().rstrip("/.") not in ev_lower:
            reasons.append(f"address '{url}' not in cited evidence")
    for name in names(_URL.sub(" ", claim_wo_email)):
        if not known(name_key(name), ev_keys):
            reasons.append(f"name '{name}' not in cited evidence")
    return reasons


def evidence_keys(ev_text: str, aliases: set[str]) -> set[str]:
    """Every name key the evidence offers: its words, its whitespace-separated tokens, its titles."""
    keys = set().union(*(name_key(t) for t in WORD.findall(ev_text))) | aliases
    return keys | set().union(*(name_key(t) for t in re.findall(r"\S+", ev_text)))


def name_key(token: str) -> set[str]:
    """Keys a name may match by: 'Kpopmart.com' -> {'kpopmartcom', 'kpopmart'}."""
    low = token.lower().replace("’", "'")
    low = re.sub(r"'s$", "", low)
    keys = {key(low)}
    parts = [p for p in low.split(".") if p and p != "www" and p not in TLD_LABELS]
    if parts:
        keys.add(key(parts[0]))
    return {k for k in keys if k}


def names(text: str) -> list[str]:
    """Capitalised words that look like names; a sentence's first word only if it looks odd."""
    found = []
    tokens = list(WORD.finditer(text))
    for i, m in enumerate(tokens):
        word = m.group(0)
        if not word[0].isupper() or word.lower() in NOT_NAMES or len(word) < 2:
            continue
        before = text[: m.start()].rstrip()
        initial = not before or before[-1] in ".:;!?\"'(“"
        odd = word.isupper() or any(c.isdigit() for c in word) or "." in word or word[1:] != word[1:].lower()
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        if initial and not odd and not (nxt[:1].isupper() and nxt.lower() not in NOT_NAMES):
            continue
        found.append(word)
    return found


def known(keys: set[str], known: set[str]) -> bool:
    """A name is known if the evidence has it, allowing a short ending ("Korean" ~ "Korea")."""
    return any(k == e or (len(e) >= 4 and k.startswith(e) and len(k) - len(e) <= 2) for k in keys for e in known)


def _phones(text: str) -> list[str]:
    return [re.sub(r"\D", "", p) for p in PHONE.findall(text) if len(re.sub(r"\D", "", p)) >= 7]


def _numbers_with_units(text: str) -> list[tuple[str, str | None]]:
    text = PHONE.sub(" ", text)
    out = []
    for m in _NUMBER.finditer(text):
        num = re.sub(r"(?<![\d])0+(?=\d)", "", m.group(0).replace(",", ""))  # "05:00" == "5:00"
        after = text[m.end() : m.end() + 12].lower()
        unit = next((u for u in _UNITS if re.match(r"\s*(?:\(\d+\)\s*)?" + u, after)), None)
        out.append((num, unit))
    return out


# An instruction to the reader: an imperative (or "you should/can/must ...") to reach something.
_DO = r"(?:visit|go to|click|open|e-?mail|mail|write to|call|phone|ring|text|send|contact|reach|message)"
_INSTRUCTION = re.compile(
    rf"(?:^|[.:;!?,]\s*|\b(?:please|then|first|just|simply|immediately)\s+|\byou\s+(?:should|must|can|may|need to|have to|will need to|could)\s+(?:\w+\s+)?)"
    rf"{_DO}\b(?P<rest>(?:[^.!?]|[.!?](?=[\w/]))"
    "{0,160})",  # to the sentence's end; "x.com" is not one
    re.I,
)
# What in a policy sentence offers a contact or an address to the reader: a verb of reaching or a label.
_OFFER = re.compile(
    r"\b(?:contact|e-?mail|mail|write|call|phone|tel|telephone|fax|visit|click|go to|send|reach|"
    r"inquir\w*|enquir\w*|questions?|requests?|ask|complain\w*|report|counsel\w*|officer|customer (?:service|center|centre)|help ?desk|website|page|link)\b",
    re.I,
)


def instructions_not_given(claim: str, ev_text: str) -> list[str]:
    """Why the claim tells the reader to visit, e-mail, call or send something to an address, phone
    or URL that the cited text does not itself offer the reader (the sentence giving the address
    must speak of reaching it: "contact us at", "e-mail:", "visit"). A policy that only mentions a
    partner's site or a number does not tell anyone to go there."""
    reasons = []
    sentences = [line[s:e] for line in ev_text.splitlines() for s, e in split_sentences(line)]
    for m in _INSTRUCTION.finditer(claim):
        targets = (
            EMAIL.findall(m.group("rest")) + _URL.findall(EMAIL.sub(" ", m.group("rest"))) + _phones(m.group("rest"))
        )
        for target in targets:
            needle = re.sub(r"^(?:https?://)?(?:www\.)?", "", target.lower()).rstrip("/.")
            offered = any(
                _OFFER.search(s) and (needle in s.lower() or (needle.isdigit() and needle in re.sub(r"\D", "", s)))
                for s in sentences
            )
            if not offered:
                reasons.append(f"tells the reader to use '{target}', which the cited text does not offer the reader")
    return reasons
