"""How far a quote runs: to the end of its sentence, back to the sentence it refers to, on over
the first items of the list it leads into; adjacent sentences merged into one quote. Each returns
verbatim slices of the document with their offsets; the selection (selection.py) applies them to
every passage it quotes."""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Evidence

__all__ = ["complete", "merge_adjacent", "with_antecedent", "with_items", "with_qualifier"]


_OPEN_END = re.compile(r"[.!?:;”\"')\]]\s*$")


def complete(ev: Evidence, document: str) -> Evidence:
    """A quote that stops mid-sentence at a line break ("… for better customer services" +
    "(ex. Logistics, Payment, etc.)") runs on to the end of the next line, still verbatim."""
    if _OPEN_END.search(ev.text):
        return ev
    m = re.match(r"[ \t]*\n?[ \t]*(\(|[a-z])[^\n]{0,200}", document[ev.end : ev.end + 260])
    if not m or "\n\n" in m.group():
        return ev
    end = ev.end + len(m.group().rstrip())
    return Evidence(ev.policy, ev.title, ev.section, document[ev.start : end], ev.start, end, ev.score)


# A sentence that leans on the one before it: "We collect this information in order to bill you"
# (which information?), "Also, …", "However, …", "These third parties …".
_BACK = re.compile(
    r"^(?:(?:Also|However|In addition|Furthermore|Moreover|Therefore|Thus|Otherwise|Such|These|Those|This|They|It)\b"
    r"|(?:[\w’']+\s+){1,4}(?:this|these|such|that|those) (?:information|data|details|parties|companies|purposes?|cases?|records?)\b)"
)
# The sentence before, at a line's start after its list mark ("- The main data … address.") or after another.
_PREVIOUS = re.compile(
    r"(?:^|(?<=[.!?:])\s+|\n[ \t]*(?:[-–—•*·]|\d{1,2}[.)])?[ \t]*)([A-Z“\"(](?:[^\n.!?]|[.!?](?=\S)){0,300}[.!?:])\s*$"
)


# A line that carries on the one before it: "(ex. Logistics, Payment, etc.)" under "We may share your
# information within KITA and third parties … for better customer services".
_CARRIES_ON = re.compile(r"^\s*(?:\(|[a-z])")
_LINE_END = re.compile(r"[.!?:;]\s*$")


def with_antecedent(ev: Evidence, document: str, chosen: list[Evidence] = ()) -> Evidence:
    """A quote that refers back ("… this information …") starts with the sentence it refers to
    (same line or paragraph, still verbatim), unless that sentence is quoted already; a line that
    carries on an unfinished line above starts with that line's last sentence."""
    if _CARRIES_ON.match(ev.text):
        return _with_line_above(ev, document, chosen)
    if not _BACK.match(ev.text):
        return ev
    before = document[max(0, ev.start - 320) : ev.start]
    if "\n\n" in before[-3:] or not before.strip():
        return ev
    m = _PREVIOUS.search(before.rstrip())
    if not m or "\n\n" in m.group(1):
        return ev
    start = ev.start - len(before) + m.start(1)
    if any(c.policy == ev.policy and c.start < ev.start and start < c.end for c in chosen):
        return ev
    return Evidence(ev.policy, ev.title, ev.section, document[start : ev.end], start, ev.end, ev.score)


def _with_line_above(ev: Evidence, document: str, chosen: list[Evidence]) -> Evidence:
    head = document[max(0, ev.start - 400) : ev.start]
    lines = head.split("\n")
    if len(lines) < 2 or lines[-1].strip():
        return ev  # not at a line start: the sentence split, not the layout, cut it
    above = lines[-2]
    if not above.strip() or _LINE_END.search(above):
        return ev  # a blank line or a finished sentence above: nothing to carry on
    sentence_start = max(
        (m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z“\"])", above)), default=len(above) - len(above.lstrip())
    )
    start = ev.start - len(lines[-1]) - 1 - len(above) + sentence_start
    if any(c.policy == ev.policy and c.start < ev.start and start < c.end for c in chosen):
        return ev
    return Evidence(ev.policy, ev.title, ev.section, document[start : ev.end], start, ev.end, ev.score)


_LEAD_IN = re.compile(r"(?:[:;]|\bfollowing\b[^.\n]{0,40})\s*$", re.I)
_ITEM = re.compile(r"[ \t]*(?:[-–—•*·]|\d{1,2}(?:\.\d{1,2})*\.?(?=\s))[^\n]*")
_ITEMS_CHARS = 320  # a lead-in brings its first items, up to about this much text


def with_items(ev: Evidence, document: str) -> Evidence:
    """A quote that leads into a list ("… for the following reasons:") runs on over the list's
    first items (bulleted or numbered lines), still verbatim: a lead-in alone answers nothing."""
    if not _LEAD_IN.search(ev.text):
        return ev
    end, pos, kind = ev.end, ev.end, None
    while end - ev.end < _ITEMS_CHARS:
        gap = len(document[pos:]) - len(document[pos:].lstrip("\n"))
        m = _ITEM.match(document, pos + gap)
        if not m or m.end() - ev.end > _ITEMS_CHARS + 80:
            break
        mark = _kind(m.group())
        # After a blank line only an item of the same kind continues the list: "- … servers.\n\n3. How
        # long we keep it" is the next section's numbered heading, not a fifth item.
        if kind is not None and gap > 1 and mark != kind:
            break
        kind = kind or mark
        end = pos = m.end()
    if end == ev.end:
        return ev
    return Evidence(ev.policy, ev.title, ev.section, document[ev.start : end], ev.start, end, ev.score)


def _kind(item: str) -> str:
    """ "number" for a numbered line, else its bullet character."""
    mark = item.lstrip(" \t")[:1]
    return "number" if mark.isdigit() else mark


# The next sentences finish what this one says: one that takes it back or narrows it ("… must not
# provide this information to other companies. However, … MIKMIK could provide …"), its consequence
# ("… decline cookies if you prefer. This may prevent you from taking full advantage of the website.")
# or the steps that carry it out ("You may change or delete this saved information anytime. Simply go
# to My tootoomart. Log in with your ID and password, then edit …").
_FINISHES = re.compile(
    r"[ \t]*(?:However|But|Nevertheless|Notwithstanding|Except|Otherwise"
    r"|(?:This|That|Doing so|In (?:that|this) case)\s+(?:may|might|will|can|could|would)"
    r"|(?i:(?:simply\s+|just\s+)?(?:go to|click|visit|log in|sign in|select)\b))[^\n]{0,300}?[.!?](?=\s|$)"
)
_FINISHED_CHARS = 300  # a quote runs on by at most this much


def with_qualifier(ev: Evidence, document: str) -> Evidence:
    """A quote runs on over the next sentences (same line) that finish it: a qualifier ("However,
    …"), a consequence ("This may prevent …") or the steps ("Simply go to …"); shown alone, the
    quote would claim more, or tell less, than the policy does."""
    if not re.search(r"[.!?][”\"’')]*\s*$", ev.text):
        return ev
    end = ev.end
    while (m := _FINISHES.match(document, end)) and m.end() - ev.end <= _FINISHED_CHARS:
        end = m.end()
    if end == ev.end:
        return ev
    return Evidence(ev.policy, ev.title, ev.section, document[ev.start : end], ev.start, end, ev.score)


def merge_adjacent(evs: list[Evidence], document) -> list[Evidence]:
    """Sentences that follow each other in the text become one quote (still verbatim)."""
    evs = sorted(evs, key=lambda e: (e.policy, e.start))
    out: list[Evidence] = []
    for ev in evs:
        prev = out[-1] if out else None
        if prev and prev.policy == ev.policy and prev.section == ev.section and 0 <= ev.start - prev.end <= 2:
            text = document(ev.policy)[prev.start : ev.end]
            if "\n\n" not in text:
                out[-1] = replace(
                    prev, text=text, end=ev.end, score=max(prev.score, ev.score), flagged=prev.flagged or ev.flagged
                )
                continue
        out.append(ev)
    return out
