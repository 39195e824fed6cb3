"""Domain names in text: the one regex for them, here in the lowest stage so that ingest can record
the domains a policy names and the assistant reuses the same pattern (``assistant.text`` re-exports it).

Ingest records each policy's domains (``names_in``) in the manifest, so the assistant's router
reads them instead of scanning every policy's text at start-up: about 0.44 s of a cold start
at 1,000 policies (issue 16).
"""

from __future__ import annotations

import re

# Top-level domains the policies and questions use; the one list behind every domain regex.
TLDS = ("co.kr", "co.uk", "com", "net", "org", "kr", "cn", "io", "de", "fr", "jp", "uk")
_TLD_ALT = "|".join(re.escape(t) for t in TLDS)
# A domain name anywhere in a text ("kpopmart.com", "www.kmall24.co.kr").
DOMAIN = re.compile(rf"\b(?:[a-z0-9-]+\.)+(?:{_TLD_ALT})\b", re.I)
# The top-level domain at the end of a name, to strip it: "kpopmart.com" -> "kpopmart".
TLD = re.compile(rf"\.(?:{_TLD_ALT})$", re.I)
TLD_LABELS = frozenset(label for t in TLDS for label in t.split("."))
# A policy names its own site near the top; the rest of a long text adds only third parties.
OPENING = 20000


def names_in(text: str) -> tuple[str, ...]:
    """Every domain named in the opening of a policy's ``text``, once each, as written, in order."""
    return tuple(dict.fromkeys(DOMAIN.findall(text[:OPENING])))
