"""The extractive answer: the policy's own sentences, each followed by its [n] citation.

It is the default backend and every fallback; the passages it quotes are chosen by
``retrieval.selection``."""

from __future__ import annotations

from ..types import Answer, Citation, Evidence

BACKEND = "extractive"


class ExtractiveBackend:
    """The default backend (registered in ``ingest.backends``): no chat model; the answer is the
    quotes themselves."""

    name = BACKEND
    generative = False

    def check(self, settings) -> None:
        """Nothing to configure."""


# Put before a quote that addresses an AI assistant or asks for a password, card number or code
# (ingest/injection.py): it is still policy text and may be quoted, but the reader must not take
# it as the assistant's advice.
FLAGGED = "(⚠ a suspicious passage, not advice to you: it addresses an AI assistant or asks for a password or code:) "


def compose(
    groups: list[tuple[str, list[Evidence]]], lead: str = "", related: list[tuple[str, list[Evidence]]] = ()
) -> tuple[str, list[Citation]]:
    """Text with one line per policy: ``Title: “quote” [1] “quote” [2]``, then a ``More from
    Title:`` line per policy with further passages on the question."""
    lines, citations = [], []
    if lead:
        lines.append(lead)
    for prefix, gs in (("", groups), ("More from ", related)):
        for title, evs in gs:
            if not evs:
                continue
            parts = []
            for ev in evs:
                citations.append(Citation.from_evidence(ev))
                mark = FLAGGED if ev.flagged else ""
                parts.append(f"{mark}“{ev.text.strip()}” [{len(citations)}]")
            lines.append(f"{prefix}{title}: " + " ".join(parts))
    return "\n".join(lines), citations


def answer(groups: list[tuple[str, list[Evidence]]], related: list[tuple[str, list[Evidence]]] = ()) -> Answer:
    text, citations = compose(groups, related=related)
    return Answer(text, citations, True, BACKEND, policies=_policies(groups))


def abstain(message: str, groups: list[tuple[str, list[Evidence]]]) -> Answer:
    """Say plainly that the policies don't answer, and offer the closest passages."""
    if groups and any(evs for _, evs in groups):
        text, citations = compose(groups, lead=message + " The closest passages:")
    else:
        text, citations = message, []
    return Answer(text, citations, False, BACKEND, policies=_policies(groups))


def _policies(groups) -> list[str]:
    return list(dict.fromkeys(ev.policy for _, evs in groups for ev in evs))
