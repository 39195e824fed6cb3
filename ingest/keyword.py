"""The BM25 keyword index persisted beside the Chroma store (bm25s, English stop words, stemming)."""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _bm25s():
    import bm25s

    # bm25s sets its own logger to DEBUG on import, which prints a line on every index build.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


@lru_cache(maxsize=1)
def _stemmer():
    try:  # PyStemmer makes "records" match "record"; without it BM25 still works on exact words.
        import Stemmer
    except ImportError:  # pragma: no cover - PyStemmer is pinned in requirements.txt
        return None
    return Stemmer.Stemmer("english")


def tokenize(texts: list[str], return_ids: bool = True):
    """BM25's own tokens: English stop words out, Snowball stems (the keyword side's only stemmer)."""
    return _bm25s().tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=return_ids, show_progress=False)


class KeywordIndex:
    def __init__(self, retriever, ids: list[str]):
        self.retriever = retriever
        self.ids = ids

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> "KeywordIndex":
        if not ids:
            return cls(None, [])
        retriever = _bm25s().BM25()
        retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, list(ids))

    def save(self, folder: Path) -> None:
        """Write into a temporary folder, fsync it and rename it to ``folder``, a name no manifest
        names yet (each write gets its own; see ``PolicyIndex.save``): a crash leaves a
        ``.keyword-*`` folder for the next ingest to clean, never a half-written live index."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".keyword-", dir=folder.parent))
        if self.retriever is not None:
            self.retriever.save(str(tmp / "bm25"))
        (tmp / "ids.json").write_text(json.dumps(self.ids))
        for f in tmp.rglob("*"):
            if f.is_file():
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())
        if folder.exists():  # left by a run killed before its manifest named it
            shutil.rmtree(folder)
        os.replace(tmp, folder)

    @classmethod
    def load(cls, folder: Path) -> "KeywordIndex":
        folder = Path(folder)
        ids = json.loads((folder / "ids.json").read_text())
        retriever = _bm25s().BM25.load(str(folder / "bm25")) if ids else None
        return cls(retriever, ids)

    def scores(self, query: str):
        """BM25 score of every unit (numpy array aligned with ``ids``), or None when empty."""
        if self.retriever is None:
            return None
        words = tokenize([query], return_ids=False)[0]
        qids = self.retriever.get_tokens_ids(list(words))
        if not qids:
            return None
        return self.retriever.get_scores_from_ids(qids)
