"""The policy viewer beside the chat, and how a citation button in the chat opens it.

A button carries ``value="start:end:slug"`` (the chat's sanitizer drops ``data-*`` attributes but
keeps a button's value); the page's script (static/viewer.js) splits it and sends
``{policy, start, end}`` with the viewer's click event, which ``parse_click`` checks. The viewer then
shows the whole policy with that span marked, and the script scrolls to the mark.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

VIEWER_EMPTY = (
    '<div class="viewer-empty">Click <b>Open in policy</b> under a citation, or pick a policy above, '
    "to read the whole policy here.</div>"
)


@dataclass(frozen=True)
class CitationRef:
    """A span of one policy the viewer should show highlighted."""

    policy: str
    start: int
    end: int


def open_value(citation) -> str:
    """The escaped ``value`` attribute of a button that opens ``citation`` (anything with policy/start/end)."""
    return f"{int(citation.start)}:{int(citation.end)}:{html.escape(citation.policy)}"


def parse_click(data: Any) -> CitationRef:
    """The click's ``{policy, start, end}`` as a ``CitationRef``; ``ValueError`` saying what was wrong."""
    if not isinstance(data, dict):
        raise ValueError(f"a citation click carries {{policy, start, end}}, not {data!r}")
    policy, start, end = data.get("policy"), data.get("start"), data.get("end")
    if not isinstance(policy, str) or not policy:
        raise ValueError(f"a citation click needs a policy slug, not {policy!r}")
    # JSON numbers may arrive as floats (3.0); NaN from a malformed value arrives as None.
    offsets = []
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            raise ValueError(f"a citation click needs a whole-number {name}, not {value!r}")
        offsets.append(int(value))
    if not 0 <= offsets[0] <= offsets[1]:
        raise ValueError(f"a citation click needs 0 <= start <= end, not {offsets[0]}..{offsets[1]}")
    return CitationRef(policy, offsets[0], offsets[1])


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a link may point at; ``None`` otherwise (javascript:, data:, …)."""
    if url and url.startswith(("https://", "http://")):
        return url
    return None


def source_link(url: str | None, label: str = "Archived source ↗", cls: str = "source-link") -> str:
    """A link that opens in a new tab without giving the page a handle on ours; empty for a non-web url."""
    url = web_url(url)
    if not url:
        return ""
    return f'<a class="{cls}" href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'


def render_document(info, doc: str, start: int | None = None, end: int | None = None) -> str:
    """``info`` is the policy's PolicyInfo; [start, end) is marked unless it does not fit ``doc`` (stale offsets)."""
    meta = []
    if info.archived:
        meta.append(f"archived {html.escape(info.archived)}")
    link = source_link(info.source_url, "source ↗", "viewer-source")
    if link:
        meta.append(link)
    head = f'<div class="viewer-head"><b>{html.escape(info.title)}</b> <span>{" · ".join(meta)}</span></div>'
    if start is None or end is None or not 0 <= start <= end <= len(doc):
        body = html.escape(doc)
    else:
        body = (
            f'{html.escape(doc[:start])}<mark class="cited" id="cited-span">{html.escape(doc[start:end])}</mark>'
            f"{html.escape(doc[end:])}"
        )
    return f'{head}<div class="viewer-doc">{body}</div>'


def render_viewer_error(message: str) -> str:
    return f'<div class="viewer-empty error">Cannot open that policy: {html.escape(message)}</div>'
