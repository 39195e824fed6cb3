"""The assistant's retrieval as a LangChain retriever, for people composing their own chains:

    chain = bot.as_retriever(k=3) | RunnableLambda(format_docs) | prompt | model

Each ``Document`` is one verbatim passage (``bot.document(policy)[start:end] == page_content``)
with policy, title, section, start, end and score in its metadata.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever


class PolicyRetriever(BaseRetriever):
    """``Assistant.retrieve`` behind LangChain's retriever interface (``invoke``, ``batch``, ``|``)."""

    assistant: Any  # assistant.Assistant; Any keeps pydantic from validating it
    policy: str | None = None  # a slug, or None for all policies (the question may still name one)
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=ev.text,
                metadata={
                    "policy": ev.policy,
                    "title": ev.title,
                    "section": ev.section,
                    "start": ev.start,
                    "end": ev.end,
                    "score": ev.score,
                },
            )
            for ev in self.assistant.retrieve(query, policy=self.policy, k=self.k)
        ]
