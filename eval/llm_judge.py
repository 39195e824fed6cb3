"""An optional LLM judge (``--judge llm``), for an OpenAI-compatible server; reported separately.

It asks the model a yes/no question per statement. It is only as good as the model behind it,
so its figures sit next to the offline judge's, never instead of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import Settings
from assistant.text import strip_markers
from assistant.verify import Verdict

_PROMPT = """You check whether a statement is fully supported by quoted evidence from a privacy policy.
Reply with exactly one word: YES if every fact in the statement is stated by the evidence, NO otherwise.

Evidence:
{evidence}

Statement: {statement}
Answer:"""


class LLMJudge:
    def __init__(self, settings: Settings):
        if not settings.openai_base_url:
            raise SystemExit(
                "--judge llm needs an OpenAI-compatible server: set OPENAI_BASE_URL (and ASSISTANT_MODEL)."
            )
        from langchain_openai import ChatOpenAI

        self.model = settings.model or "default"
        # ChatOpenAI sends max_completion_tokens, which some local servers ignore; send max_tokens too.
        self.chat = ChatOpenAI(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key or "none",
            model=self.model,
            temperature=0,
            max_tokens=3,
            timeout=settings.llm_timeout,
            max_retries=1,
            extra_body={"max_tokens": 3},
        )

    def __call__(self, statement: str, evidence: Sequence) -> Verdict:
        quotes = [
            e
            if isinstance(e, str)
            else (e.get("text") if isinstance(e, dict) else getattr(e, "text", None) or getattr(e, "quote", ""))
            for e in evidence
        ]
        prompt = _PROMPT.format(evidence="\n".join(f"- {q}" for q in quotes), statement=strip_markers(statement))
        reply = str(self.chat.invoke(prompt).content).strip().lower()
        yes = bool(re.match(r"\W*yes", reply))
        return Verdict(yes, 1.0 if yes else 0.0, () if yes else (f"LLM judge said {reply[:20]!r}",))
