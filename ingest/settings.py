"""One settings object, read from the environment in one place.

It lives in `ingest`, the lowest stage, because ingest needs the index settings and must not
import the assistant; `assistant` re-exports it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import backends
from .errors import SettingsError

# tuned: privacy-minilm-l6 (models/, the default); base: the bundled all-MiniLM-L6-v2 (ingest/embed.py).
EMBEDDINGS = ("tuned", "base")


@dataclass(frozen=True)
class Settings:
    policies: Path = Path("data/policies")
    index: Path = Path(".index")
    chroma_host: str | None = None
    chroma_port: int = 8000
    llm: str = "extractive"
    model: str | None = None
    openai_base_url: str | None = None
    openai_api_key: str | None = None
    ollama_base_url: str | None = None
    llm_timeout: float = 60.0
    # Evaluation-only switch: ASSISTANT_GUARD=0 shows generated answers unchecked.
    guard: bool = True
    # The largest policy file ingest reads, in MB; bigger files are refused before reading.
    # Real policies are tens to hundreds of KB; a 50 MB file took 10 minutes and 1.8 GB before
    # anything was said.
    max_policy_mb: float = 5.0
    # The most text one policy may have after extraction, in characters, and the seconds reading,
    # chunking and building its fact sheet may take (ingest.budget): the byte limit alone let an
    # 8 KB PDF expand to millions of characters. The longest policy here or in PolicyQA's dev split
    # is ~33,000 characters; 500,000 (the paste limit) leaves room for very long ones.
    max_policy_chars: int = 500_000
    max_policy_seconds: float = 120.0
    # How long an ingest waits for another one writing to the same index before giving up.
    lock_timeout: float = 600.0
    # The web page: may people add policies (ASSISTANT_UPLOADS=0: no), and where thumbs up/down go
    # (ASSISTANT_FEEDBACK: a JSONL file; unset writes nothing, as people ask about their privacy here).
    uploads: bool = True
    feedback: Path | None = None
    # Policies added from the page are private to the session (or signed-in user) that added them,
    # each visitor's in an index of their own; ASSISTANT_UPLOADS_SHARED=1 adds them to the main index
    # for everyone, and then only signed-in users (ASSISTANT_AUTH) may add or remove them (issue 28).
    uploads_shared: bool = False
    # Which embedding model ingest and questions use; the index records it (a switch re-embeds).
    embedding: str = "tuned"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        llm = (env.get("ASSISTANT_LLM") or "extractive").strip().lower()
        if not backends.known(llm):  # the registry: built-in, registered or installed backends
            raise SettingsError(
                f"ASSISTANT_LLM={llm!r} is not a known answer backend; use one of {', '.join(backends.names())}."
            )
        embedding = (env.get("ASSISTANT_EMBEDDING") or "tuned").strip().lower()
        if embedding not in EMBEDDINGS:
            raise SettingsError(
                f"ASSISTANT_EMBEDDING={embedding!r} is not a known embedding model; use one of {', '.join(EMBEDDINGS)}."
            )
        port_text = env.get("CHROMA_PORT") or "8000"
        try:
            port = int(port_text)
        except ValueError:
            raise SettingsError(f"CHROMA_PORT={port_text!r} is not a port number; set it to e.g. 8000.") from None
        timeout_text = env.get("ASSISTANT_LLM_TIMEOUT") or "60"
        try:
            timeout = float(timeout_text)
        except ValueError:
            raise SettingsError(
                f"ASSISTANT_LLM_TIMEOUT={timeout_text!r} is not a number of seconds; set it to e.g. 60."
            ) from None
        max_mb = _positive(
            env, "ASSISTANT_MAX_POLICY_MB", cls.max_policy_mb, "a positive number of megabytes", zero=False
        )
        max_chars = int(
            _positive(
                env, "ASSISTANT_MAX_POLICY_CHARS", cls.max_policy_chars, "a positive number of characters", zero=False
            )
        )
        max_seconds = _positive(
            env, "ASSISTANT_MAX_POLICY_SECONDS", cls.max_policy_seconds, "a positive number of seconds", zero=False
        )
        lock_timeout = _positive(
            env, "ASSISTANT_LOCK_TIMEOUT", cls.lock_timeout, "a number of seconds (0: do not wait)"
        )
        return cls(
            policies=Path(env.get("ASSISTANT_POLICIES") or "data/policies"),
            index=Path(env.get("ASSISTANT_INDEX") or ".index"),
            chroma_host=env.get("CHROMA_HOST") or None,
            chroma_port=port,
            llm=llm,
            model=env.get("ASSISTANT_MODEL") or None,
            openai_base_url=env.get("OPENAI_BASE_URL") or None,
            openai_api_key=env.get("OPENAI_API_KEY") or None,
            ollama_base_url=env.get("OLLAMA_BASE_URL") or env.get("OLLAMA_HOST") or None,
            llm_timeout=timeout,
            max_policy_mb=max_mb,
            max_policy_chars=max_chars,
            max_policy_seconds=max_seconds,
            lock_timeout=lock_timeout,
            guard=_flag(env.get("ASSISTANT_GUARD")),
            uploads=_flag(env.get("ASSISTANT_UPLOADS")),
            uploads_shared=_flag(env.get("ASSISTANT_UPLOADS_SHARED") or "0"),
            feedback=Path(env["ASSISTANT_FEEDBACK"]) if env.get("ASSISTANT_FEEDBACK") else None,
            embedding=embedding,
        )


def _flag(value: str | None) -> bool:
    """An on/off variable: on unless set to 0, false, no or off."""
    return (value or "1").strip().lower() not in ("0", "false", "no", "off")


def _positive(env, name: str, default: float, what: str, zero: bool = True) -> float:
    text = env.get(name) or f"{default:g}"
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (value >= 0 if zero else value > 0):
        raise SettingsError(f"{name}={text!r} is not {what}; set it to e.g. {default:g}.")
    return value
