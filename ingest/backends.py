"""The answer backends, one registration each: the names ``ASSISTANT_LLM`` accepts, the choices of
``--backend`` (``python -m assistant``, ``python -m eval``) and the page's "who wrote this" all read
this registry instead of repeating the names.

A backend is a class with:

* ``name``: what ``ASSISTANT_LLM`` and ``--backend`` say, e.g. ``"openai"``;
* ``generative``: False for a backend whose answer is the quotes themselves (``extractive``);
* ``check(self, settings)``: raise ``SettingsError`` for a configuration that cannot work, loading
  nothing (a bad setting fails when the assistant is built, not on the first question);
* ``build(self, settings)``: for a generative one, the chat model
  (``assistant.answer.chat_models.ChatModel``); ``ChatBackend`` there is the class to subclass.

``register(MyBackend)`` adds one in this process; a separate package adds one with an entry point
in its ``pyproject.toml``, found without importing it until it is asked for::

    [project.entry-points."policy_assistant.backends"]
    mine = "my_package.backend:MyBackend"

The registry lives in ingest, the lowest stage, beside the settings that validate against it. The
built-in classes are therefore named as ``"module:Class"`` and imported on first use: ingest never
imports the assistant, and the extractive default never imports LangChain.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import threading

from .errors import SettingsError

GROUP = "policy_assistant.backends"
_BUILT_IN = {
    "extractive": "assistant.answer.extractive:ExtractiveBackend",
    "llamacpp": "assistant.answer.chat_models:LlamaCppBackend",
    "openai": "assistant.answer.chat_models:OpenAIBackend",
    "ollama": "assistant.answer.chat_models:OllamaBackend",
}
_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_registered: dict[str, type | str] = dict(_BUILT_IN)
_lock = threading.Lock()


def register(backend: type) -> type:
    """Add ``backend`` under its ``name`` (a decorator too); a name already taken is replaced."""
    name = getattr(backend, "name", None)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"a backend's name must be lower-case letters, digits, '-' or '_', not {name!r}")
    with _lock:
        _registered[name] = backend
    return backend


def unregister(name: str) -> None:
    """Remove a backend registered in this process (the built-in ones come back)."""
    with _lock:
        _registered.pop(name, None)
        if name in _BUILT_IN:
            _registered[name] = _BUILT_IN[name]


def names() -> tuple[str, ...]:
    """Every backend's name: the built-in ones first, then those registered or installed."""
    with _lock:
        known = list(_registered)
    return tuple(dict.fromkeys(known + sorted(ep.name for ep in _entry_points())))


def known(name: str) -> bool:
    with _lock:
        if name in _registered:
            return True
    return any(ep.name == name for ep in _entry_points())


def get(name: str) -> type:
    """The backend class registered as ``name``; an unknown name raises ``SettingsError``."""
    with _lock:
        found = _registered.get(name)
    if found is None:
        plugged = [ep for ep in _entry_points() if ep.name == name]
        if not plugged:
            raise SettingsError(f"{name!r} is not a known answer backend; use one of {', '.join(names())}.")
        found = plugged[0].value
    if isinstance(found, str):
        module, _, attr = found.partition(":")
        found = getattr(importlib.import_module(module), attr)  # imported once, then Python's module cache
    return found


def generative(label: str) -> bool:
    """Whether an ``Answer.backend`` label (``"openai:gpt-4o-mini"``, ``"extractive (fallback: …)"``)
    names a backend that writes with a model; a label naming no known backend counts as one."""
    name = re.match(r"[a-z0-9_-]*", label.strip().lower()).group()
    return get(name).generative if known(name) else True


def _entry_points() -> list[importlib.metadata.EntryPoint]:
    # Read each time, not cached: a package installed (or put on sys.path) since is seen.
    return list(importlib.metadata.entry_points(group=GROUP))
