"""The numpy MiniLM against sentence-transformers on the same bundled model, and the cold answer
path that relies on it: answering in a fresh process must not import torch or transformers."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import POLICIES, ROOT


def _texts() -> list[str]:
    """Questions, policy chunks of ingest's size, texts past the 256-token limit, odd characters."""
    mikmik = (POLICIES / "mikmik.txt").read_text()
    kpopmart = (POLICIES / "kpopmart.md").read_text()
    questions = [
        "How long does MIKMIK keep complaint records?",
        "Does Kmall24 use Google Analytics?",
        "what about kpopmart?",
        "Which of these shops use SSL?",
        "Can I ask for my data to be deleted?",
        "What is the best pizza topping?",
        "cs@mikmik.co.kr",
        "https://www.kpopmart.com/privacy?x=1",
        "AM 10:00 to PM 05:00, 5 years, 12 months",
        "Who is responsible for a leaked password on a shared computer?",
    ]
    odd = [
        "",
        "   ",
        "a",
        "“Curly quotes” and ‘single ones’ — with an em dash…",
        "개인정보 처리방침: 회원 탈퇴 시 5년간 보관합니다.",
        "Café, naïve, résumé, Straße, Ångström",
        "日本語とEnglishの混在テキスト",
        "emoji 🙂 and tabs\tand\nnewlines\r\n",
        "UPPER CASE SHOUTING ABOUT COOKIES!!!",
        "x " * 400,
    ]
    chunks = [mikmik[i : i + 600] for i in range(0, 4200, 600)] + [kpopmart[i : i + 600] for i in range(0, 1800, 600)]
    long = [mikmik[:5000], kpopmart[:3000]]  # far beyond 256 tokens: both must truncate the same way
    return questions + odd + chunks + long


@pytest.fixture(scope="module")
def encoders():
    from assistant.retrieval.embedder import query_embedder
    from ingest.embed import embedding_model

    return query_embedder().model, embedding_model()  # the numpy MiniLM itself, behind the cache


def test_vectors_match_sentence_transformers(encoders):
    fast, reference = encoders
    texts = _texts()
    assert len(texts) >= 30
    ours = np.array(fast.embed_documents(texts))
    theirs = reference.encode(texts, normalize_embeddings=True)
    assert ours.shape == theirs.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours * theirs, axis=1) / np.linalg.norm(theirs, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines.min() >= 0.9999, f"cosine {cosines[worst]:.6f} for {texts[worst][:60]!r}"


def test_truncates_at_the_models_256_tokens(encoders):
    fast, _ = encoders
    assert fast.max_length == 256
    text = (POLICIES / "mikmik.txt").read_text()[:6000]
    assert len(fast.tokenizer.encode(text).ids) == 256
    # Everything past the limit is ignored: a different tail gives the same vector.
    assert np.allclose(fast.embed_query(text), fast.embed_query(text + " completely different ending"), atol=1e-6)


def test_a_text_gets_the_same_vector_alone_and_padded_in_a_batch(encoders):
    fast, _ = encoders
    texts = _texts()
    batch = np.array(fast.embed_documents(texts))
    alone = np.array([fast.embed_query(t) for t in texts[:12]])
    assert np.allclose(batch[:12], alone, atol=1e-5)
    assert fast.embed_documents([]) == []


def _run(coroutine):
    """asyncio.run in a thread of its own: earlier tests (Playwright's sync API) may leave an event
    loop running in this one, and asyncio.run refuses to nest."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_it_has_langchains_embeddings_interface(encoders):
    from langchain_core.embeddings import Embeddings

    fast, _ = encoders
    assert all(callable(getattr(fast, name, None)) for name in Embeddings.__abstractmethods__)
    assert _run(fast.aembed_query("cookies")) == fast.embed_query("cookies")
    assert _run(fast.aembed_documents(["a", "b"])) == fast.embed_documents(["a", "b"])


def test_a_cold_answer_imports_no_torch_transformers_or_sentence_transformers(settings):
    """The first answer of a fresh process must not pay for torch (the index already exists)."""
    code = (
        "import sys; from assistant import Assistant; "
        "a = Assistant().ask('How long does MIKMIK keep complaint records?'); "
        "print('ANSWERABLE' if a.answerable else 'ABSTAINED'); "
        "print('HEAVY:' + ','.join(m for m in ('torch', 'transformers', 'sentence_transformers') "
        "if m in sys.modules))"
    )
    env = {
        **os.environ,
        "ASSISTANT_INDEX": str(settings.index),
        "ASSISTANT_POLICIES": str(settings.policies),
        "ASSISTANT_LLM": "extractive",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CHROMA_HOST", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "ANSWERABLE" in out.stdout
    assert "HEAVY:\n" in out.stdout, out.stdout


def test_the_shared_cache_embeds_each_text_once_and_changes_no_vector(encoders):
    from assistant.retrieval.embedder import CachedEmbeddings

    fast, _ = encoders
    calls = []

    class Counting:
        def embed_documents(self, texts):
            calls.append(list(texts))
            return fast.embed_documents(texts)

    cached = CachedEmbeddings(Counting(), size=3)
    first = cached.embed_documents(["cookies", "retention", "cookies"])
    assert calls == [["cookies", "retention"]]
    assert np.allclose(first, fast.embed_documents(["cookies", "retention", "cookies"]), atol=1e-6)
    assert cached.embed_query("retention") == first[1] and len(calls) == 1
    cached.embed_documents(["a", "b", "c"])  # evicts the least recently used beyond 3 texts
    cached.embed_query("cookies")
    assert calls[-1] == ["cookies"]


def test_the_word_table_is_read_from_the_file_only_where_a_question_looks(encoders):
    """The 30,522-row word-embedding table stays a read-only mapping of the model file (47 MB of
    a reader's memory otherwise), and its float16 rows give exactly the float32 table's vectors."""
    from assistant.retrieval.minilm import MiniLM
    from ingest.embed import model_folder

    ours, _ = encoders
    assert isinstance(ours.words, np.memmap) and not ours.words.flags.writeable
    loaded = MiniLM(model_folder())
    loaded.words = np.asarray(loaded.words, np.float32)  # the whole table in memory, as it used to be
    texts = _texts()[:20]
    assert np.array_equal(ours.encode(texts), loaded.encode(texts))
