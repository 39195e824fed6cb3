"""The language of a question, from the scripts its letters are written in (a table, not a model):
the corpus is English, so what matters is telling English from questions it cannot be matched in."""

from __future__ import annotations

import unicodedata

# The first word of a letter's Unicode name -> ISO 639-1 code of the language it most often writes.
_SCRIPTS = {
    "HANGUL": "ko",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "HEBREW": "he",
    "GREEK": "el",
    "THAI": "th",
    "DEVANAGARI": "hi",
}


def language_of(text: str) -> str:
    """ "ko" for a question written mostly in Hangul, "en" for Latin letters, and so on; Japanese
    kanji count as Japanese when kana come with them."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = unicodedata.name(ch, "LATIN").split()[0]
            lang = _SCRIPTS.get(script, "en")
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return "en"
    if "ja" in counts and "zh" in counts:
        counts["ja"] += counts.pop("zh")
    # A Latin shop name in a Korean sentence ("KMALL24는 …") leaves it Korean.
    foreign = {k: v for k, v in counts.items() if k != "en"}
    return max(foreign, key=foreign.get) if foreign and sum(foreign.values()) >= 2 else "en"
