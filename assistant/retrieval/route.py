"""Which policy a question is about: aliases derived from titles, slugs and domains."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from ..text import TLD, key
from .corpus import Corpus

_GENERIC = {"privacy", "policy", "the", "of", "and", "information", "security", "personal", "data", "protection"}


class Router:
    def __init__(self, corpus: Corpus):
        self.aliases: dict[str, str] = {}  # normalised alias -> slug
        for slug, info in corpus.info.items():
            names = {slug, info.title, TLD.sub("", slug)}
            if info.source_url:
                url = unquote(info.source_url)
                for host in re.findall(r"(?:https?:/+)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(?=/|$)", url)[1:] or [urlparse(url).netloc]:
                    names |= {host, TLD.sub("", host.removeprefix("www."))}
            # A domain the policy uses for itself ("Kpopmart.com") is an alias when its name matches.
            for dom in corpus.domains(slug):
                base = TLD.sub("", dom.lower().removeprefix("www."))
                if key(base) and (key(base) in key(info.title) or key(info.title) in key(base) or key(base) == key(slug)):
                    names |= {dom, base}
            for name in names:
                k = key(name)
                words = set(re.findall(r"[a-z]+", name.lower()))
                if len(k) >= 3 and not (words and words <= _GENERIC):
                    self.aliases.setdefault(k, slug)
                elif len(k) >= 3 and len(words) >= 2:  # "Information security policy" is itself a name
                    self.aliases.setdefault(k, slug)

    def named(self, question: str) -> list[str]:
        """Slugs of the policies the question names, in order of mention."""
        return list(dict.fromkeys(slug for _, _, slug in self._mentions(question)))

    def strip(self, question: str) -> str:
        """The question without the policy names in it (they match every passage of that policy)."""
        out, last = [], 0
        for start, end, _ in sorted(self._mentions(question)):
            if start >= last:
                out.append(question[last:start])
                last = end
        out.append(question[last:])
        text = " ".join("".join(out).split())
        return re.sub(r"\bthe\s+(?=[?.!,]|$)", "", text).strip() or question

    def _mentions(self, question: str) -> list[tuple[int, int, str]]:
        words = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9.&'’-]*", question))
        found: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for n in (4, 3, 2, 1):
            for i in range(len(words) - n + 1):
                if taken & set(range(i, i + n)):
                    continue
                raw = "".join(w.group(0) for w in words[i:i + n])
                k = key(raw)
                k2 = key(TLD.sub("", raw.lower().rstrip(".,?!").removesuffix("'s").removesuffix("’s")))
                for cand in (k, k2, k.removesuffix("s")):
                    slug = self.aliases.get(cand)
                    if slug:
                        found.append((words[i].start(), words[i + n - 1].end(), slug))
                        taken |= set(range(i, i + n))
                        break
        return sorted(found)
