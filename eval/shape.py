"""Answer-shape metrics (issue 12): the direct answer line and how much is quoted.

* direct_shown: for answerable items with an expected line (``short`` in the set), 1 when the
  answer has one (its coverage);
* direct_correct: for items whose answer shows a line, 1 when it matches an expected line, or, for
  items without one (questions.jsonl), when it states one of each key fact; small talk and
  unanswerable items showing a line count as wrong;
* quotes / quote_chars: per answered answer (answerable items answered), single-policy separately.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .metrics import Result, mean


def _plain(text: str) -> list[str]:
    return re.findall(r"[a-z0-9@]+", re.sub(r"\[\d+\]", " ", text.lower().replace("’", "'")))


def short_matches(line: str, accepted: Sequence[str]) -> bool:
    """Yes/No must lead the line; any other accepted answer must appear in it, word for word."""
    got = _plain(line)
    for want in map(_plain, accepted):
        if want in (["yes"], ["no"]):
            if got[:1] == want:
                return True
        elif any(got[i : i + len(want)] == want for i in range(len(got) - len(want) + 1)):
            return True
    return False


def direct_shown(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    per = [float(bool(r.short)) if r.item.short and r.item.answerable else None for r in results]
    return mean(per), per


def direct_correct(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    per: list[float | None] = []
    for r in results:
        if not r.short:
            per.append(None)
        elif not r.item.answerable:
            per.append(0.0)
        elif r.item.short:
            per.append(float(short_matches(r.short, r.item.short)))
        elif r.item.key_facts:
            per.append(float(all(any(short_matches(r.short, [alt]) for alt in fact) for fact in r.item.key_facts)))
        else:
            per.append(None)  # nothing to check it against
    return mean(per), per


def quotes(results: Sequence[Result], single: bool = False) -> tuple[float | None, list[float | None]]:
    per = [float(len(r.citations)) if _counted(r, single) else None for r in results]
    return mean(per), per


def quote_chars(results: Sequence[Result], single: bool = False) -> tuple[float | None, list[float | None]]:
    per = [float(sum(len(c.quote) for c in r.citations)) if _counted(r, single) else None for r in results]
    return mean(per), per


def _counted(r: Result, single: bool) -> bool:
    return r.item.answerable and r.answerable and (r.item.single_policy or not single)
