"""Dense search of the index: a named scope ranked exactly from its own vectors, the whole corpus in one query."""

from __future__ import annotations

import pytest

from assistant.retrieval.embedder import query_embedder
from ingest.store import PolicyIndex
from ingest.units import units_of


@pytest.fixture(scope="module")
def index(settings) -> PolicyIndex:
    return PolicyIndex.open(settings)


def _units(index: PolicyIndex) -> dict[str, list[str]]:
    return {
        slug: [u.id for u in units_of(e.to_chunks(), e.text, index.recipe)]
        for slug, e in index.manifest.policies.items()
    }


@pytest.mark.parametrize(
    "question, scope",
    [
        ("How long does MIKMIK keep complaint records?", ["mikmik"]),
        ("How do Kmall24 and Kpop Mart use cookies?", ["kmall24", "kpopmart"]),
    ],
)
def test_a_named_scope_ranks_its_own_vectors_as_a_filtered_chroma_query_does(index, question, scope):
    vector = query_embedder(index.settings.embedding).embed_query(question)
    units = _units(index)
    known = {i for ids in units.values() for i in ids}
    exact = index.nearest_among(vector, {p: units[p] for p in scope}, 15)
    filtered = index.nearest(vector, 15, known, scope)
    assert [i for i, _ in exact] == [i for i, _ in filtered]
    assert [d for _, d in exact] == pytest.approx([d for _, d in filtered], abs=1e-4)
    assert index.nearest_among(vector, {p: units[p] for p in scope}, 15) == exact  # again, from the cache


def test_the_whole_corpus_in_one_query_skips_units_no_manifest_lists(index):
    vector = query_embedder(index.settings.embedding).embed_query("Which shops use cookies?")
    units = _units(index)
    everything = index.nearest(vector, 30, {i for ids in units.values() for i in ids})
    assert len(everything) == 30 and len({i for i, _ in everything}) == 30
    # Leave out mikmik's units as if a manifest did not list them: more are fetched, none of them.
    known = {i for p, ids in units.items() if p != "mikmik" for i in ids}
    others = index.nearest(vector, 30, known)
    assert len(others) == 30 and all(i in known for i, _ in others)
    assert [d for _, d in others] == sorted(d for _, d in others)
