"""The scope chip's words (web/scope.py), from a Reading and the Policy box, without a browser
(tests/app/test_chat_layout.py drives it in the page)."""

from __future__ import annotations

import pytest

from assistant.types import Reading
from web.scope import render_scope, scope_of

TITLES = {"tootoomart": "Tootoomart", "kpopmart": "Kpop <Mart>"}


@pytest.mark.parametrize(
    "reading, selected, chip",
    [
        # all the policies: nothing to say
        (Reading(), None, ""),
        # a follow-up carries the last question's shop
        (
            Reading(policies=("tootoomart",), follow_up=True),
            None,
            "About: <b>Tootoomart</b> <span>(from your last question)</span>",
        ),
        # the question names it
        (
            Reading(policies=("tootoomart",), named=("tootoomart",)),
            None,
            "About: <b>Tootoomart</b> <span>(named in your question)</span>",
        ),
        # picked in the Policy box (the API reads the selection as named), escaped
        (
            Reading(policies=("kpopmart",), named=("kpopmart",), follow_up=True),
            "kpopmart",
            "About: <b>Kpop &lt;Mart&gt;</b> <span>(picked in the Policy box)</span>",
        ),
        # a shop named over the selected one is the question's, not the box's
        (
            Reading(policies=("tootoomart",), named=("tootoomart",)),
            "kpopmart",
            "About: <b>Tootoomart</b> <span>(named in your question)</span>",
        ),
        # a company with no policy here
        (
            Reading(unknown=("Amazon",)),
            None,
            "About: Amazon <span>(not among these policies; the answer searched all of them)</span>",
        ),
    ],
)
def test_the_chip_says_what_the_answer_is_limited_to_and_why(reading, selected, chip):
    html = render_scope(scope_of(reading, selected), TITLES.__getitem__)
    assert (html.split(">", 1)[1].rsplit("</div>", 1)[0] if html else "") == chip
