"""``Reader.read``: the policies a question is about (follow-ups resolved, companies we have no
policy of set apart), its intent, language, practices and topic, as one ``Reading``."""

from __future__ import annotations

import re

from ..answer.coverage import named_terms
from ..answer.gates import unknown_companies
from ..answer.smalltalk import is_smalltalk
from ..retrieval.corpus import Corpus
from ..retrieval.route import Router
from ..retrieval.vocabulary import CHAT
from ..text import content_words
from ..types import Reading
from .frame import inner
from .gloss import gloss
from .intent import chance, read_intent
from .language import language_of
from .models import classifier
from .names import other_companies, with_known_names
from .practices import read_practices

# A follow-up that leans on the previous question: "and payment records?", "what about Kmall24?".
_ELLIPTIC = re.compile(
    r"^\s*(and|what about|how about|same for|also|ok and|then|and for|and what about)\b", re.IGNORECASE
)


# A question word or auxiliary opening a follow-up that asks a whole question of its own.
_ASKS = re.compile(
    r"(?:who|whom|what|which|when|where|why|how|do|does|did|can|could|will|would|is|are|was|were|may|should)\b",
    re.IGNORECASE,
)
_WHOLE = 3  # its content words, at least: "who on their staff can look at my info" has four

_SURE_SOCIAL = 0.5  # the learned intent's probability of "small_talk" that makes a turn small talk
_SURE_OUT = 0.5  # the learned intent's probability of "out_of_scope" that lets a lower-case name count as a company
# Words that point back at what the conversation was about.
_REFERS = re.compile(
    r"\b(?:they|them|their|theirs|it|its|it's|this|that|these|those|there|same|also|too|else|instead|either"
    r"|the (?:shop|store|company|site|website|policy|privacy policy|seller|retailer)|he|she|him|her)\b",
    re.IGNORECASE,
)


class Reader:
    def __init__(self, corpus: Corpus, router: Router, embedder=None):
        self.corpus = corpus
        self.router = router
        self.embedder = embedder  # the question embedder retrieval uses: the same text is embedded once

    @staticmethod
    def _social(q: str, bare: str, vector, named: list[str]) -> bool:
        """A greeting, thanks or goodbye in any words ("thanks, that's all i needed"), when the learned
        intent is sure of it and no shop is named; a greeting before a question ("hello! how long is my
        data kept?") is that question. The patterns read a turn only where there is no model (or the
        question is not in English and has no embedding)."""
        model = classifier("intent")
        if model is None or vector is None:
            return is_smalltalk(q)
        return not named and chance(model, "small_talk", bare, vector) >= _SURE_SOCIAL

    def read(self, q: str, history: list[dict], selected: str | None = None) -> Reading:
        """``q`` and ``history`` are checked; ``selected`` is the policy chosen on the page, if any."""
        language, asked = language_of(q), q  # the person's own words, before the gloss
        if (
            language != "en"
        ):  # "믹믹은 불만 기록을 얼마나 보관하나요?" is read as "how long MIKMIK complaint records keep?"
            q = with_known_names(q)
            q = gloss(q, language) or q
        q = self.router.respelt(q)  # "Does Ticketmastr …" is read as "Does ticketmaster.com …"
        mentioned = self.router.named(q)
        # A question naming another shop than the selected one is about the shop it names (the
        # person's own words are the newer choice); the answer says so (Assistant.plan).
        other = [m for m in mentioned if m != selected] if selected and selected not in mentioned else []
        named = other or ([selected] if selected else mentioned)
        strip = self.router.strip
        bare = strip(q)
        vector = self.embedder.embed_query(bare) if self.embedder is not None and q.isascii() else None
        if self._social(q, bare, vector, named):
            return Reading(language, intent="small_talk", question=q, standalone=q)
        unknown = unknown_companies(named_terms(q, set(self.router.aliases)), q, self.corpus)
        if not unknown and not named:
            # "what does amazon do with my alexa recordings?": a name written in lower case, used as a
            # company's and in no policy here, when the reading too says no policy here is asked about;
            # or an owner no policy here has heard of ("what is netflix's retention period?").
            strange = [w for w in content_words(bare) if not self._known(w)]
            if chance(classifier("intent"), "out_of_scope", bare, vector) < _SURE_OUT:
                strange = [w for w in strange if w in _owners(bare)]
            unknown = [w.capitalize() for w in unknown_companies(strange, q, self.corpus)]
        if not unknown and not named:
            # Companies people name in lower case or in Hangul ("does ebay …", "쿠팡은 …"): a table.
            listed = other_companies(asked)
            unknown = listed if language != "en" else unknown_companies(listed, q, self.corpus, known_companies=True)
        previous = self._previous_turn(history)
        # Without a shop named, a question leans on the turn before only when it refers to it ("do
        # they …", "the policy"): an example clicked mid-chat ("How long is personal information
        # kept?") starts a new scope, not the previous shop's.
        follow_up = bool(
            previous and ((not named and _REFERS.search(q)) or _ELLIPTIC.match(q) or not content_words(bare))
        )
        # "Does Amazon sell my data?" / "What about Amazon?" names a company we have no policy of:
        # it is read as that, never with the shop of the turn before.
        follow_up = follow_up and not (unknown and not named)
        standalone, scope = q, list(named)
        if follow_up:
            prev_q, prev_scope = previous
            scope = scope or prev_scope
            own = _ELLIPTIC.sub("", bare).strip()
            # "ok and who on their staff can look at my info?" asks a whole question of its own: only
            # its scope comes from the turn before ("does kpop mart use ssl?"), whose words would pull
            # retrieval back to the earlier topic. "and payment records?" borrows the earlier question.
            whole = _ASKS.match(own) and len(content_words(own)) >= _WHOLE
            standalone = own if whole and own != q else f"{bare} {strip(prev_q)}"
        else:
            # "Does the policy clearly explain how to request a copy?" is searched as "request a copy".
            standalone = inner(bare) or q
        intent = read_intent(q, bare, vector, named, unknown, classifier("intent") if vector is not None else None)
        practices = read_practices(bare, vector, classifier("practices")) if vector is not None else ()
        topic = " ".join(w for w in content_words(bare) if w not in CHAT)  # not "nah", "lol"
        return Reading(
            language,
            tuple(scope),
            tuple(unknown),
            follow_up and standalone != q,
            intent,
            practices,
            topic,
            q,
            standalone,
            tuple(named),
        )

    def _known(self, word: str) -> bool:
        keyword = getattr(self.corpus, "keyword", None)
        return keyword is None or keyword.knows(word)

    def _previous_turn(self, history: list[dict]) -> tuple[str, list[str]] | None:
        """The last user question and the policies it (or the answer to it) was about."""
        last_q, scope = None, []
        for turn in reversed(without_smalltalk(history)):
            # "What about Ticketmaster?" asked what the question before it asked: that one is the context.
            if turn["role"] == "user" and last_q is None and content_words(self.router.strip(turn["content"])):
                last_q = turn["content"]
            named = self.router.named(turn["content"])
            if named and not scope:
                scope = named if turn["role"] == "user" else named[:1]
            if last_q is not None and scope:
                break
        return (last_q, scope) if last_q else None


def _owners(q: str) -> set[str]:
    """Words written as an owner's ("netflix's", "spotify’s")."""
    return {m.group(1).lower() for m in _POSSESSIVE.finditer(q)}


_POSSESSIVE = re.compile(r"\b([A-Za-z][\w.-]*)['’]s\b")


def without_smalltalk(history: list[dict]) -> list[dict]:
    """The turns without small talk ("hi", "thanks") and the replies to it: the help answer's list of
    policies is no scope for the next question, and "thanks" is no question to follow up."""
    out, skipping = [], False
    for turn in history:
        if turn["role"] == "user":
            skipping = is_smalltalk(turn["content"])
        if not skipping:
            out.append(turn)
    return out
