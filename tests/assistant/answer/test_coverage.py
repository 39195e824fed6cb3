"""Does a policy cover the question: typos and the policy's own words are not missing topics,
everyday acronyms are found spelled out. Pure functions over literal text."""
from __future__ import annotations

from assistant.answer import coverage


def test_missing_words_tolerate_typos_and_the_policys_own_words():
    policy = "we share data with third parties. we use cookies and web beacons. you may opt-out at any time."
    assert coverage.missing_words("Do you share with third parities?", policy, set()) == []
    assert coverage.missing_words("Do you track me?", policy, set()) == []  # "track" -> cookies, beacons
    assert coverage.missing_words("Can I unsubscribe?", policy, set()) == []  # -> opt-out
    assert coverage.missing_words("Do you use blockchain?", policy, set()) == ["blockchain"]
    assert coverage.missing_words("Do you use blockchian?", policy, set()) == ["blockchian"]  # no near word


def test_everyday_acronyms_are_found_spelled_out():
    assert coverage.term_in("IDs", "we collect device identifiers and your ip address")
    assert not coverage.term_in("IDs", "we collect your name")
    assert not coverage.term_in("Google Analytics", "we use our own analytics")
