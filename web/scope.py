"""The scope chip: which policies the last answer was limited to, and why, as the page shows it.

An answer can be narrowed three ways, and before this chip none of them showed: the Policy box,
a shop the question names, or a follow-up carrying the last question's shop ("what about
cookies?"). The reading (``Assistant.read``) says which policies the question is about; this
module turns it into one line, "About: Tootoomart (from your last question)", and says nothing
when the answer drew on all the policies.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import NamedTuple

# Why the answer is limited, in the words the chip uses.
PICKED = "picked in the Policy box"
FOLLOW_UP = "from your last question"
NAMED = "named in your question"
NOT_HERE = "not among these policies"


class Scope(NamedTuple):
    """The policies an answer is about (slugs; empty: all of them), why, and companies not indexed."""

    policies: tuple[str, ...] = ()
    reason: str = ""
    unknown: tuple[str, ...] = ()

    @property
    def narrowed(self) -> bool:
        return bool(self.policies)


def scope_of(reading, selected: str | None) -> Scope:
    """The scope of an answer to a question read as ``reading``, with ``selected`` in the Policy box."""
    policies = tuple(reading.policies)
    if not policies:
        return Scope(unknown=tuple(reading.unknown))
    if selected and selected in policies:
        reason = PICKED
    elif reading.follow_up and not set(reading.named) & set(policies):
        reason = FOLLOW_UP
    else:
        reason = NAMED
    return Scope(policies, reason, tuple(reading.unknown))


def render_scope(scope: Scope, title: Callable[[str], str]) -> str:
    """The chip's HTML ("" for an answer from all the policies that names no missing company)."""
    if scope.narrowed:
        names = ", ".join(f"<b>{html.escape(title(p))}</b>" for p in scope.policies)
        return f'<div class="scope-chip" role="status">About: {names} <span>({scope.reason})</span></div>'
    if scope.unknown:
        names = ", ".join(html.escape(u) for u in scope.unknown)
        return (
            f'<div class="scope-chip unknown" role="status">About: {names} <span>({NOT_HERE}; '
            "the answer searched all of them)</span></div>"
        )
    return ""
