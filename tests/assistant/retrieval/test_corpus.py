"""The corpus view builds each unit when asked for: the same units, ids and order as the manifest
gives (ids hashed afresh), on a real index of the default corpus."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.retrieval.corpus import Corpus
from ingest.keyword import KeywordIndex
from ingest.store import PolicyIndex


def _expected(index: PolicyIndex) -> dict[str, list]:
    return {slug: e.units(index.recipe) for slug, e in sorted(index.manifest.policies.items())}


@pytest.mark.parametrize("keyword", ["as ingested", "of other units"])
def test_units_are_the_manifests_units(settings, keyword):
    index = PolicyIndex.open(settings)
    if keyword == "of other units":  # ids cannot come from it: they are hashed from the manifest
        index = dataclasses.replace(index, keyword=KeywordIndex.empty())
    expected = _expected(index)
    corpus = Corpus(index)
    assert len(corpus.units) == sum(map(len, expected.values())) > 500
    assert list(corpus.units) == [u.id for units in expected.values() for u in units]
    for slug, units in expected.items():
        assert corpus.unit_ids[slug] == [u.id for u in units]
        text = corpus.texts[slug]
        for u in units:
            got = corpus.units[u.id]
            assert got == u and text[got.start : got.end] == got.text
            if u.kind == "chunk":
                sentences = [s for s in units if s.kind == "sentence" and s.chunk == u.id]
                assert corpus.sentences_of(u) == (sentences or [u])
                for s in sentences[:1]:  # a sentence gives its chunk's sentences too
                    assert corpus.sentences_of(s) == sentences


def test_unknown_ids_and_policies(settings):
    corpus = Corpus(PolicyIndex.open(settings))
    assert dict(corpus.lower_texts) == {s: t.lower() for s, t in corpus.texts.items()}
    with pytest.raises(KeyError):
        corpus.lower_texts["no-such-policy"]
    assert "s-not-a-unit" not in corpus.units and corpus.units.get("s-not-a-unit") is None
    assert corpus.unit_ids.get("no-such-policy", []) == []
    with pytest.raises(KeyError):
        corpus.units["s-not-a-unit"]


def test_router_reads_the_domains_ingest_recorded(settings):
    """The router's aliases are the same from the recorded domains as from scanning each text (what
    it does for a manifest an older version wrote), and a policy is found by the domain it names."""
    from assistant.retrieval.route import Router

    index = PolicyIndex.open(settings)
    assert index.manifest.policies["kpopmart"].domains == ("Kpopmart.com",)
    old = dataclasses.replace(
        index.manifest, policies={s: dataclasses.replace(e, domains=None) for s, e in index.manifest.policies.items()}
    )
    recorded, scanned = Router(Corpus(index)), Router(Corpus(dataclasses.replace(index, manifest=old)))
    assert recorded.aliases == scanned.aliases and "kpopmartcom" in recorded.aliases
    assert recorded.named("Does kpopmart.com sell my data?") == ["kpopmart"]


@pytest.mark.parametrize(
    "question, slug",
    [
        ("Does Tootomart sell my data?", "tootoomart"),  # a letter dropped
        ("How long does MIKMKI keep complaint records?", "mikmik"),  # two letters swapped
        ("Does Kpopmartt use cookies?", "kpopmart"),  # a letter added
        ("Who stole my data?", None),  # "stole" is one letter off no name this long
        ("Does Tootoomart collect my location?", "tootoomart"),  # spelt right: as before
        ("Can the information be deleted?", None),  # real words stay words
        # a name of several words with a typo, or written short word by word
        ("Whats the contact email for the informaton security policy?", "information-security-policy"),
        ("what if the server gets hacked - info security policy", "information-security-policy"),
        ("does the infosec policy site use cookies", "information-security-policy"),
        ("does kpop mrt sell my data", "kpopmart"),
        ("What does the security policy say about passwords?", None),  # a word of the name is missing
        ("Is information security important to kmall24?", "kmall24"),  # the words alone name no policy
    ],
)
def test_a_shops_name_misspelt_by_one_letter_still_names_it(settings, question, slug):
    from assistant.retrieval.route import Router

    router = Router(Corpus(PolicyIndex.open(settings)))
    assert router.named(question) == ([slug] if slug else [])


def test_a_misspelt_name_is_asked_as_the_policy_title(bot):
    """ "MIKMKI" is answered as MIKMIK, not as a company we have no policy of."""
    answer = bot.ask("How long does MIKMKI keep complaint records?")
    assert answer.answerable and answer.short and answer.short.startswith("3 years"), answer.text
