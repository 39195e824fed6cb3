"""The assistant's retrieval as a LangChain retriever, composed into an LCEL chain."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant import InputError


def test_as_retriever_is_a_real_langchain_retriever_with_verbatim_passages(bot):
    retriever = bot.as_retriever(policy="mikmik", k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("How long are complaint records kept?")
    assert 1 <= len(docs) <= 3 and all(isinstance(d, Document) for d in docs)
    for d in docs:
        assert set(d.metadata) == {"policy", "title", "section", "start", "end", "score"}
        assert d.metadata["policy"] == "mikmik" and d.metadata["title"] == "MIKMIK"
        assert bot.document("mikmik")[d.metadata["start"] : d.metadata["end"]] == d.page_content
    assert any("3 years" in d.page_content for d in docs)
    assert [d.metadata["score"] for d in docs] == [
        e.score for e in bot.retrieve("How long are complaint records kept?", "mikmik", 3)
    ]


def test_the_retriever_runs_inside_an_lcel_chain(bot):
    def numbered(docs: list[Document]) -> str:
        return "\n".join(f"[{n}] {d.metadata['title']}: {d.page_content}" for n, d in enumerate(docs, 1))

    chain = {
        "sources": bot.as_retriever(k=2) | RunnableLambda(numbered),
        "question": RunnablePassthrough(),
    } | RunnableLambda(lambda x: f"Q: {x['question']}\n{x['sources']}")
    out = chain.invoke("Does Kpop Mart use cookies?")
    assert out.startswith("Q: Does Kpop Mart use cookies?\n[1] Kpop Mart: ")
    assert "[2] " in out and "[3] " not in out
    batch = (bot.as_retriever(k=1) | RunnableLambda(lambda docs: docs[0].metadata["policy"])).batch(
        ["How long does MIKMIK keep complaint records?", "What does KMALL24 collect?"]
    )
    assert batch == ["mikmik", "kmall24"]


def test_an_unknown_policy_is_refused_when_the_retriever_is_made(bot):
    with pytest.raises(InputError, match="unknown policy 'amazon'"):
        bot.as_retriever(policy="amazon")
