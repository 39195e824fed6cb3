"""python -m tune ranker features: every candidate's features and label for PolicyQA dev's pairs
(tune/ranker.py describes the steps)."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import numpy as np

from .data import load_dev
from .ranker import CANDIDATES


def extract(args) -> None:
    from assistant import Assistant, Settings
    from assistant.retrieval.features import Asked, features
    from assistant.retrieval.selection import quotable
    from ingest import ingest

    policies, questions = load_dev()
    if args.policies:
        only = set(args.policies.read_text(encoding="utf-8").split())
        policies = {s: p for s, p in policies.items() if s in only}
        questions = [q for q in questions if q.slug in only]
    with tempfile.TemporaryDirectory(prefix="tune-ranker-") as tmp:
        if args.tuned_folder:  # ingest and the question encoder both look the tuned model up here
            from ingest import embed

            models = Path(tmp) / "models"
            models.mkdir()
            (models / embed.MODEL_NAMES["tuned"]).symlink_to(args.tuned_folder.resolve())
            embed.MODELS_DIR = models
        folder = Path(tmp) / "policies"
        folder.mkdir()
        for slug, p in policies.items():
            (folder / f"{slug}.txt").write_text(p.text, encoding="utf-8")
        settings = dataclasses.replace(
            Settings.from_env(),
            policies=folder,
            index=args.index or Path(tmp) / "index",
            llm="extractive",
            chroma_host=None,
        )
        summary = ingest([folder], settings)
        if summary.errors:
            raise SystemExit("ingest failed: " + "; ".join(str(e) for e in summary.errors))
        bot = Assistant(settings)
        retriever = bot.parts.retriever
        rows, labels, group, spans, golds_out, slugs = [], [], [], [], [], []
        for n, q in enumerate(questions):
            doc = bot.document(q.slug)
            golds = _located(q.golds, policies[q.slug].text, doc)
            cand = [s for s in retriever.find(q.question, [q.slug]) if quotable(s.unit.text)][:CANDIDATES]
            if not cand:
                continue
            intent = bot.read(q.question, policy=q.slug).intent  # as the planner hands it to the ranker
            rows.append(features(Asked.of(retriever.router.strip(q.question) or q.question, intent), cand, doc))
            labels += [int(any(s.unit.start < e and b < s.unit.end for b, e in golds)) for s in cand]
            group += [n] * len(cand)
            spans += [(s.unit.start, s.unit.end) for s in cand]
            golds_out.append(json.dumps(golds))
            slugs.append(q.slug)
            if (n + 1) % 500 == 0:
                print(f"  {n + 1}/{len(questions)} questions", flush=True)
    np.savez_compressed(
        args.out,
        x=np.concatenate(rows),
        y=np.array(labels, np.int8),
        group=np.array(group, np.int32),
        spans=np.array(spans, np.int32),
        golds=np.array(golds_out),
        slugs=np.array(slugs),
        qid=np.array(sorted(set(group)), np.int32),
    )
    print(f"wrote {args.out}: {len(slugs)} questions, {len(labels)} candidates, {sum(labels)} positive")


def _located(golds, written: str, doc: str) -> list[tuple[int, int]]:
    """Gold spans as offsets into the assistant's document text (loading may clean the text)."""
    if doc == written:
        return [tuple(g) for g in golds]
    out = []
    for s, e in golds:
        i = doc.find(written[s:e])
        if i >= 0:
            out.append((i, i + e - s))
    return out
