"""Prompt templates are data in ``prompts/*.toml``; this module loads and fills them strictly.

A template has a ``system`` and a ``user`` text with ``{name}`` variables, and optionally
``[[example]]`` tables (``user``/``assistant``, no variables) sent as earlier turns: small
models copy a worked example far better than they follow rules. Filling it with a
missing or an unexpected variable raises ``PromptError`` naming the variable and the file, so a
renamed variable fails the first test that uses it instead of sending "{sources}" to a model.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.errors import AssistantError

# A checkout keeps prompts/ beside the packages; an installed package carries it as assistant/prompts/
# (pyproject.toml maps one onto the other).
_PACKAGE = Path(__file__).resolve().parents[1]
PROMPTS_DIR = _PACKAGE / "prompts" if (_PACKAGE / "prompts").is_dir() else _PACKAGE.parent / "prompts"
_PARTS = ("system", "user")


class PromptError(AssistantError, KeyError):
    """A prompt template is missing, malformed, or was filled with the wrong variables."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class Prompt:
    name: str
    path: Path
    system: str
    user: str
    examples: tuple[tuple[str, str], ...] = ()

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(_fields(self.system) | _fields(self.user))

    def messages(self, **values: str) -> list[tuple[str, str]]:
        """The filled (role, text) messages: system, examples, user; values are inserted as they are."""
        missing = sorted(self.variables - values.keys())
        extra = sorted(values.keys() - self.variables)
        if missing or extra:
            raise PromptError(
                f"prompt {self.path}: "
                + (f"missing variable(s) {', '.join(missing)}" if missing else "")
                + ("; " if missing and extra else "")
                + (f"unexpected variable(s) {', '.join(extra)}" if extra else "")
                + f" (the template uses {', '.join(sorted(self.variables)) or 'none'})"
            )
        shots = [turn for user, assistant in self.examples for turn in (("user", user), ("assistant", assistant))]
        return [("system", _fill(self.system, values)), *shots, ("user", _fill(self.user, values))]


def load_prompt(name: str, folder: Path | None = None) -> Prompt:
    """``prompts/<name>.toml`` as a ``Prompt``; raises ``PromptError`` if it is missing or malformed."""
    return _load(name, Path(folder or PROMPTS_DIR).resolve())


@lru_cache(maxsize=16)
def _load(name: str, folder: Path) -> Prompt:
    path = folder / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptError(f"prompt file {path} not found; the prompts/ folder ships with the code") from None
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"prompt file {path} is not valid TOML: {exc}") from None
    for part in _PARTS:
        if not isinstance(data.get(part), str) or not data[part].strip():
            raise PromptError(f"prompt file {path} needs a non-empty string '{part}'")
        try:
            _fields(data[part])
        except ValueError as exc:
            raise PromptError(f"prompt file {path}: bad template in '{part}': {exc}") from None
    examples = []
    for n, example in enumerate(data.get("example", []), 1):
        if not isinstance(example, dict) or not all(
            isinstance(example.get(k), str) and example[k].strip() for k in ("user", "assistant")
        ):
            raise PromptError(f"prompt file {path}: example {n} needs non-empty strings 'user' and 'assistant'")
        examples.append((example["user"].strip(), example["assistant"].strip()))
    return Prompt(name, path, data["system"].strip(), data["user"].strip(), tuple(examples))


def _fields(template: str) -> set[str]:
    names = set()
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise ValueError(f"use plain {{name}} variables, not {{{field}}}")
        names.add(field)
    return names


def _fill(template: str, values: dict[str, str]) -> str:
    out = []
    for literal, field, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if field is not None:
            out.append(str(values[field]))
    return "".join(out)
