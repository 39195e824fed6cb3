"""The keyword index: each policy scored with its own statistics, updated policy by policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import keyword
from ingest.chunk import chunk
from ingest.keyword import KeywordIndex
from ingest.load import load
from ingest.manifest import PolicyEntry
from ingest.units import EMBED_RECIPE
from tests.conftest import POLICIES

QUERY = "complaint records keep years"


def _entry(path: Path) -> PolicyEntry:
    doc = load(path, 5.0)
    return PolicyEntry.of(doc, chunk(doc))


@pytest.fixture(scope="module")
def entries() -> dict[str, PolicyEntry]:
    return {p.stem: _entry(p) for p in sorted(POLICIES.iterdir()) if p.is_file()}


@pytest.fixture
def noisy(tmp_path) -> PolicyEntry:
    """A policy written in the query's own words, which would lower their corpus-wide weight."""
    p = tmp_path / "noisy.txt"
    p.write_text(
        "Noisy Shop\n\n"
        + "\n\n".join(f"We keep complaint records for {n} years. Records of complaints are kept." for n in range(40)),
        encoding="utf-8",
    )
    return _entry(p)


def _built(folder: Path, old: KeywordIndex | None, policies: dict[str, PolicyEntry]) -> KeywordIndex:
    """``keyword.build`` into ``folder``, read back as a reader reads it."""
    keyword.build(folder, old, policies, EMBED_RECIPE)
    return KeywordIndex.load(folder)


def test_a_units_score_does_not_move_when_another_policy_is_added(entries, noisy, tmp_path):
    alone = _built(tmp_path / "k1", None, {"mikmik": entries["mikmik"]})
    before = alone.scores(QUERY, "mikmik")
    assert max(before.values()) > 0
    # Both ways of adding it: updating the index (mikmik's columns copied), and building anew.
    grown = _built(tmp_path / "k2", keyword.previous(tmp_path / "k1"), {**entries, "noisy": noisy})
    fresh = _built(tmp_path / "k3", None, {**entries, "noisy": noisy})
    assert grown.scores(QUERY, "mikmik") == before
    assert fresh.scores(QUERY, "mikmik") == pytest.approx(before, rel=1e-6)
    # ...and its top units, named or among every policy, are the same units in the same order.
    named = alone.top(QUERY, 10, ["mikmik"])
    assert grown.top(QUERY, 10, ["mikmik"]) == named
    everywhere = [hit for hit in grown.top(QUERY, 10_000) if hit[0] in before]
    assert everywhere[:10] == named


def test_a_rebuild_rescores_only_changed_policies_and_drops_removed_ones(entries, noisy, tmp_path, caplog):
    first = _built(tmp_path / "k1", None, entries)
    old = keyword.previous(tmp_path / "k1")  # read a block at a time, as ingest reads it
    changed = dict(entries)
    del changed["kmall24"]
    changed["noisy"] = noisy
    with caplog.at_level("INFO", logger="ingest.keyword"):
        second = _built(tmp_path / "k2", old, changed)
    assert "1 policies re-scored, 4 kept" in caplog.text
    assert set(second.policies) == set(changed)
    kmall = set(first.ids[slice(*first.policies["kmall24"][:2])])
    assert kmall and not kmall & set(second.ids)
    assert not {uid for uid, _ in second.top("cookies personal information", 10_000)} & kmall
    for slug in ("mikmik", "tootoomart"):
        assert second.scores(QUERY, slug) == first.scores(QUERY, slug)
    noisy_ids = set(second.ids[slice(*second.policies["noisy"][:2])])
    # The new policy is searchable, named or not (its units share every word, so they score low).
    assert {uid for uid, _ in second.top(QUERY, 5, ["noisy"])} <= noisy_ids
    assert len(second.top(QUERY, 5, ["noisy"])) == 5
    assert noisy_ids & {uid for uid, _ in second.top(QUERY, 10_000)}


def test_an_older_keyword_folder_is_rebuilt_not_misread(tmp_path):
    (tmp_path / "keyword" / "bm25").mkdir(parents=True)  # what versions before issue 16 wrote
    (tmp_path / "keyword" / "ids.json").write_text("[]")
    with pytest.raises(ValueError, match="older version"):
        KeywordIndex.load(tmp_path / "keyword")
    assert keyword.previous(tmp_path / "keyword") is None


def test_an_ingest_reads_the_previous_ids_exactly_whatever_their_shape():
    """Ingest reads ``ids.json`` as fixed-width bytes (a fast path for ids of one length); ids of
    other lengths or with escaped characters (a hand-made index) come back the same."""
    import json

    for ids in ([], ["c828cd886b5442df3cfb406ec", "s1033906c810bf535ca079c00"], ["ab", "abc"], ['a"b', "cde"], ["x"]):
        for raw in (json.dumps(ids, separators=(",", ":")), json.dumps(ids)):
            assert [i.decode() for i in keyword._id_bytes(raw.encode())] == ids
