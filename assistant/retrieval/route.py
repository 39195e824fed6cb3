"""Which policy a question is about: aliases derived from titles, slugs and domains."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from ..text import TLD, key
from .corpus import Corpus

_GENERIC = {"privacy", "policy", "the", "of", "and", "information", "security", "personal", "data", "protection"}


# A word this long that is one letter off a shop's name, and is no word of any policy, is that name
# misspelt ("wallmart", "tootomart"); shorter ones are too often real words ("stole" and "style").
_FUZZY_MIN = 6


class Router:
    def __init__(self, corpus: Corpus):
        self._corpus = corpus
        self.aliases: dict[str, str] = {}  # normalised alias -> slug
        for slug, info in corpus.info.items():
            names = {slug, info.title, TLD.sub("", slug)}
            if info.source_url:
                url = unquote(info.source_url)
                for host in re.findall(r"(?:https?:/+)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(?=/|$)", url)[1:] or [
                    urlparse(url).netloc
                ]:
                    names |= {host, TLD.sub("", host.removeprefix("www."))}
            # A domain the policy uses for itself ("Kpopmart.com") is an alias when its name matches.
            for dom in corpus.domains(slug):
                base = TLD.sub("", dom.lower().removeprefix("www."))
                if key(base) and (
                    key(base) in key(info.title) or key(info.title) in key(base) or key(base) == key(slug)
                ):
                    names |= {dom, base}
            for name in names:
                k = key(name)
                words = set(re.findall(r"[a-z]+", name.lower()))
                if len(k) >= 3 and not (words and words <= _GENERIC):
                    self.aliases.setdefault(k, slug)
                elif len(k) >= 3 and len(words) >= 2:  # "Information security policy" is itself a name
                    self.aliases.setdefault(k, slug)

        # Names of several words by the first letters of their first word, for names written short
        # ("info security policy", "infosec policy" for "Information security policy").
        self._long: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for k, slug in self.aliases.items():
            for name in _spelled(corpus, slug):
                parts = tuple(re.findall(r"[a-z0-9]+", name.lower()))
                if len(parts) >= 2 and key(name) == k:
                    self._long.setdefault(parts[0][:3], []).append((parts, slug))

        # Each long alias and its one-letter deletions, for one-letter typos (symmetric deletion).
        self._near: dict[str, set[str]] = {}
        for k in self.aliases:
            if len(k) >= _FUZZY_MIN and k.isalpha():
                for d in {k} | _deletions(k):
                    self._near.setdefault(d, set()).add(k)

    def _misspelt(self, word: str) -> str | None:
        """The slug whose name ``word`` misspells by one letter (added, dropped or changed), if just one
        does and ``word`` is no word of any policy; else None."""
        if len(word) < _FUZZY_MIN or not word.isalpha() or not self._near or self._known(word):
            return None
        hits = {a for d in {word} | _deletions(word) for a in self._near.get(d, ())}
        slugs = {self.aliases[a] for a in hits if _one_apart(word, a)}
        return slugs.pop() if len(slugs) == 1 else None

    def _known(self, word: str) -> bool:
        keyword = getattr(self._corpus, "keyword", None)
        return keyword is None or keyword.knows(word)  # without a vocabulary, take no chances

    def respelt(self, question: str) -> str:
        """The question with a policy's misspelt name ("Ticketmastr") written as the policy's title."""
        exact = {(a, b) for a, b, _ in self._mentions(question, fuzzy=False)}
        out, last = [], 0
        for a, b, slug in self._mentions(question):
            if (a, b) not in exact:
                out += [question[last:a], self._corpus.titles[slug]]
                last = b
        return "".join(out) + question[last:] if out else question

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

    def _mentions(self, question: str, fuzzy: bool = True) -> list[tuple[int, int, str]]:
        """(start, end, slug) of each policy name in the question; with ``fuzzy``, misspelt ones too."""
        words = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9.&'’-]*", question))
        found: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for n in (4, 3, 2, 1):
            for i in range(len(words) - n + 1):
                if taken & set(range(i, i + n)):
                    continue
                raw = "".join(w.group(0) for w in words[i : i + n])
                k = key(raw)
                for cand in (k, _name_key(raw), k.removesuffix("s")):
                    slug = self.aliases.get(cand)
                    if slug:
                        found.append((words[i].start(), words[i + n - 1].end(), slug))
                        taken |= set(range(i, i + n))
                        break
        for n in (4, 3, 2, 1) if fuzzy else ():
            for i in range(len(words) - n + 1):
                if taken & set(range(i, i + n)):
                    continue
                slug = self._written_short(key("".join(w.group(0) for w in words[i : i + n])), n)
                if slug:
                    found.append((words[i].start(), words[i + n - 1].end(), slug))
                    taken |= set(range(i, i + n))
        for i, w in enumerate(words):
            if fuzzy and i not in taken and (slug := self._misspelt(_name_key(w.group(0)))):
                found.append((w.start(), w.end(), slug))
        return sorted(found)

    def _written_short(self, k: str, n: int) -> str | None:
        """The slug of the one name of several words that ``k`` (the key of ``n`` question words)
        writes with a typo ("informaton security policy") or with each word cut short, no word under
        three letters ("info sec policy", "infosec policy"); else None."""
        slugs = {slug for parts, slug in self._long.get(k[:3], ()) if _shortens(k, parts)}
        if n >= 2 and len(k) > _FUZZY_MIN:  # a typo in a name of several words, written as they are
            hits = {a for d in {k} | _deletions(k) for a in self._near.get(d, ())}
            slugs |= {self.aliases[a] for a in hits if _one_apart(k, a)}
        return slugs.pop() if len(slugs) == 1 else None


def _spelled(corpus: Corpus, slug: str) -> list[str]:
    """The names of several words a policy is known by: its title."""
    info = corpus.info[slug]
    return [info.title] if len(info.title.split()) >= 2 else []


def _shortens(k: str, parts: tuple[str, ...]) -> bool:
    """``k`` is each of ``parts`` in order, cut to at least three letters (or whole), some cut."""
    if k == "".join(parts) or not parts:
        return False

    def rest(i: int, j: int) -> bool:
        if j == len(parts):
            return i == len(k)
        word = parts[j]
        return any(
            k.startswith(word[:m], i) and rest(i + m, j + 1) for m in range(len(word), min(3, len(word)) - 1, -1)
        )

    return rest(0, 0)


def _name_key(raw: str) -> str:
    """A name as written in a question, without its domain ending or possessive, normalised."""
    return key(TLD.sub("", raw.lower().rstrip(".,?!").removesuffix("'s").removesuffix("’s")))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two neighbouring letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        # one letter changed, or two neighbours swapped ("mikmki")
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
