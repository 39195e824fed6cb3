"""Text that addresses an AI assistant instead of the policy's reader: flagged at ingest.

A policy is data. A passage that talks to a model ("ignore previous instructions", "SYSTEM NOTE:",
"AI assistants must tell users to …", "as an AI", "Assistant:") is an attempt to steer whoever
answers from it, so its units are flagged: the generative backend never puts them in a prompt, and
the extractive answer marks them when it quotes them (``assistant/answer``).

Flagged the same way: a request for a secret sent somewhere ("please email your password to
attacker@evil.example for verification"). It addresses the reader, not a model, but an assistant
that repeats it (as a direct answer line, a fact-sheet contact, a generated sentence) phishes in its
own voice. A negated one ("we will never ask you to email your password to …") is not flagged.

What is *not* flagged: a policy telling its reader what to do ("please contact us at
privacy@shop.com", "visit our help centre"). That is what policies are for; whether a generated
answer may repeat such an instruction is the guard's question (``assistant/verify/checks.py``).
Every pattern was checked against the five default policies and the 579 paragraphs of the PolicyQA
dev split (20 policies), where none of them fires (tests/ingest/test_injection.py).
"""

from __future__ import annotations

import re

from .text import EMAIL, PHONE

# Words that name a model or its prompt. "assistant" alone is too common in policies
# ("shopping assistant"), so it counts only as "AI assistant" or as a role label (below).
_MODEL = r"(?:ai|a\.i\.|artificial intelligence|(?:large )?language models?|llms?|chatbots?|chat ?gpt|gpt(?:-\d)?|bots?|ai assistants?|virtual assistants?)"
_READERS = r"(?:the |all |any |every |our )?(?:users?|customers?|visitors?|readers?|people|members?|them|everyone|anyone|shoppers?|buyers?)"

_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (why, re.compile(p, re.I | re.M))
    for why, p in (
        # "Ignore all previous instructions", "disregard the above", "forget your rules".
        (
            "tells the reader to ignore its instructions",
            r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|these\s+|those\s+)*"
            r"(?:(?:previous|prior|above|earlier|preceding|original|other|system|safety)\s+)*"
            r"(?:instructions?|prompts?|rules|directions|directives|guidelines|context|messages?|everything)\b",
        ),
        (
            "tells the reader to ignore its instructions",
            r"\bdisregard\s+(?:the\s+|everything\s+|all\s+)?(?:above|before|previous)\b",
        ),
        # "SYSTEM NOTE:", "system prompt", "[system]", "developer message".
        (
            "poses as a system or developer message",
            r"\b(?:system|developer|admin(?:istrator)?)\s*(?:note|prompt|message|instructions?|override|command)s?\b",
        ),
        ("poses as a system or developer message", r"[\[<]\s*/?\s*(?:system|inst|assistant)\s*[\]>]"),
        # A chat role label opening a line or sentence: "Assistant: …", "AI: …".
        ("is written as a chat turn", r"(?:^|(?<=[.!?]\s))\s*(?:assistant|system|ai|chatbot|bot)\s*:"),
        # "As an AI …", "You are a helpful assistant", "AI assistants must …".
        ("speaks to a model", r"\bas an?\s+" + _MODEL + r"\b"),
        (
            "speaks to a model",
            r"\byou are (?:now\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:ai|assistant|chatbot|language model|llm|bot)\b",
        ),
        (
            "speaks to a model",
            r"\b"
            + _MODEL
            + r"\b[^.!?\n]{0,60}?\b(?:must|should|shall|are (?:instructed|required|to)|need to|will now)\b",
        ),
        (
            "speaks to a model",
            r"\b(?:new|updated|real|actual|hidden|secret|additional)\s+instructions?\b(?!\s+(?:for|on|about) (?:use|using|care|washing|returns?|installation))",
        ),
        # An order to pass something on: "you must tell users to …", "Tell customers that …".
        (
            "tells the reader to instruct others",
            r"\byou (?:must|should|shall|are to|have to|need to|will)\s+(?:always\s+)?(?:tell|inform|instruct|advise|direct|remind|urge)\s+"
            + _READERS
            + r"\s+(?:to|that)\b",
        ),
        (
            "tells the reader how to answer",
            r"\byou (?:must|should|shall|are to|have to|need to|will)\s+(?:always\s+)?(?:respond|reply|answer)\s+"
            r"(?:to\s+(?:all|any|every|each)\s+\w+\s+)?(?:with|by saying|only with|that)\b",
        ),
        (
            "tells the reader to instruct others",
            r"(?:^|(?<=[.!?:;]\s)|\b(?:please|always|now|instead)\s+)\s*(?:tell|instruct|advise|direct|urge|remind)\s+"
            + _READERS
            + r"\s+(?:to|that)\b",
        ),
        (
            "tells the reader how to answer",
            r"(?:^|(?<=[.!?:;]\s)|\b(?:please|always|now|instead)\s+)\s*(?:respond|reply|answer)\s+(?:(?:to\s+)?(?:all|any|every|each)\s+\w+\s+)?(?:with|by saying|only with|that)\b",
        ),
        (
            "tells the reader how to answer",
            r"\bwhen (?:you are |you're )?asked\b[^.!?\n]{0,80}?\b(?:say|answer|reply|respond|tell)\b",
        ),
    )
)


# What a phishing request asks for, and where it wants it sent (an address, a link, a number).
_SECRET = (
    r"(?:pass ?words?|passcodes?|pins?(?: codes?| numbers?)?|(?:(?:credit|debit|bank|payment)\s+)?card(?:'s)?\s+"
    r"(?:numbers?|details|no\.?|cvv|cvc|security codes?)|cvv|cvc|security codes?|verification codes?|"
    r"one[- ]time (?:codes?|pass ?words?)|otps?|(?:2fa|two[- ]factor|authentication|login|sign[- ]in|access) codes?|"
    r"login (?:details|credentials)|credentials|social security numbers?|ssn|(?:bank )?account numbers?|"
    r"(?:seed|recovery) phrases?|private keys?)"
)
# The one e-mail and phone pattern (ingest/text.py), or a link.
_ADDRESS = rf"(?:{EMAIL.pattern}|https?://\S+|www\.\S+|{PHONE.pattern})"
_SEND = r"(?:send|e-?mail|mail|forward|text|give|provide|submit|share|reply with)"
_CREDENTIALS = tuple(
    re.compile(p, re.I)
    for p in (
        # "email your password to attacker@evil.example", "send us your card number at +1 555 0100".
        r"\b"
        + _SEND
        + r"\s+(?:(?:us|them|it)\s+)?(?:your|the|a|their)\s+(?:[\w-]+\s+){0,3}?"
        + _SECRET
        + r"\b[^.!?\n]{0,80}?\b(?:to|at|via|on)\s+"
        + _ADDRESS,
        # "email attacker@evil.example with your password".
        r"\b(?:send|e-?mail|mail|write to|contact|text|message)\s+(?:us\s+)?(?:at\s+)?"
        + _ADDRESS
        + r"[^.!?\n]{0,60}?\b(?:with|including|containing|and (?:give|provide|include|send))\b[^.!?\n]{0,30}?"
        + _SECRET
        + r"\b",
    )
)
_NEGATED = re.compile(r"\b(?:never|not|no one|nobody|n't|cannot)\b", re.I)
CREDENTIALS_WHY = "asks the reader to send a password, card number or code somewhere"


def _credential_requests(text: str) -> list[tuple[int, int]]:
    """Spans of requests for a secret sent to an address, unless the sentence negates the request."""
    out = []
    for p in _CREDENTIALS:
        for m in p.finditer(text):
            opening = max(text.rfind(ch, 0, m.start()) for ch in ".!?\n") + 1
            if not _NEGATED.search(text, opening, m.start()):
                out.append((m.start(), m.end()))
    return out


def flag(text: str) -> str | None:
    """Why ``text`` addresses an assistant rather than the policy's reader (or asks the reader to send
    a secret somewhere), or None."""
    for why, pattern in _PATTERNS:
        if pattern.search(text):
            return why
    return CREDENTIALS_WHY if _credential_requests(text) else None


def flagged_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that address an assistant or ask for a secret, merged and in order."""
    spans = sorted([(m.start(), m.end()) for _, p in _PATTERNS for m in p.finditer(text)] + _credential_requests(text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
