"""The project's errors, written for the person who reads them: what was wrong and what to do.

They live in `ingest` (the lowest stage) so that ingest and the assistant raise the same ones
without ingest importing the assistant; `assistant` re-exports them."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class of the project's own errors."""


class SettingsError(AssistantError, ValueError):
    """An environment variable has a value the assistant cannot use."""


class InputError(AssistantError, ValueError):
    """A question, policy or history the caller passed cannot be used."""


class IndexMissingError(AssistantError, RuntimeError):
    """The index has not been built (or holds no policies)."""


class IndexBusyError(AssistantError, RuntimeError):
    """Another ingest held the index's writer lock for longer than the lock timeout."""


def printable(name) -> str:
    """A file name safe to print on one line: control characters (a newline in an uploaded file's
    name split log lines; issue 28) written as escapes, the rest as it is."""
    text = str(name)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class IngestError(AssistantError):
    """A file could not be ingested; the message names the file (``printable``) and the reason."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{printable(self.path)}: {reason}")

    def __reduce__(self):  # an upload's ingest runs in a worker process and sends its errors back
        return type(self), (self.path, self.reason)


class BackendError(AssistantError, RuntimeError):
    """An answer backend (LLM server) failed, timed out or returned garbage."""
