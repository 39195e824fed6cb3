"""The reader's training data: PrivacyQA's expert-labelled questions, and our own intent examples."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the checkout (a worktree one level deeper finds it one folder further up).
PRIVACYQA = next(
    (
        p / "shared" / "benchmarks" / "privacyqa" / "train_opp_annotations.tsv"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "benchmarks").is_dir()
    ),
    ROOT.parent / "shared" / "benchmarks" / "privacyqa" / "train_opp_annotations.tsv",
)
INTENTS = ROOT / "tune" / "data" / "intents.jsonl"
# PrivacyQA's columns -> the OPP-115 names of Reading.practices. PrivacyQA folds OPP-115's policy
# change, specific audiences and the rest into "other"; the reader refines that by a table (practices.py).
COLUMNS = {
    "first": "first_party_collection",
    "third": "third_party_sharing",
    "datasecurity": "data_security",
    "dataretention": "data_retention",
    "user_access": "user_access",
    "user_choice": "user_choice",
    "other": "other",
}


@dataclass(frozen=True)
class Labelled:
    texts: list[str]
    y: np.ndarray  # rows × labels, 0/1 (multi-label) or one column of label indices
    labels: tuple[str, ...]
    groups: np.ndarray  # who wrote a row: no group is in both folds of a cross-validation


def privacyqa(path: Path = PRIVACYQA) -> Labelled:
    """1,350 questions, grouped by app (``DocID``) as the README of the data asks."""
    if not path.exists():
        raise SystemExit(f"{path} is missing: the PrivacyQA train split lives in ../shared/benchmarks/privacyqa/")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    y = np.array([[int(r[c]) for c in COLUMNS] for r in rows], dtype=np.int8)
    apps = {a: i for i, a in enumerate(dict.fromkeys(r["DocID"] for r in rows))}
    return Labelled([r["Query"] for r in rows], y, tuple(COLUMNS.values()), np.array([apps[r["DocID"]] for r in rows]))


# PolicyQA's OPP-115 category names -> Reading.practices; "Do Not Track" is one of OPP-115's "other" kinds.
OPP = {
    "First Party Collection/Use": "first_party_collection",
    "Third Party Sharing/Collection": "third_party_sharing",
    "Data Security": "data_security",
    "Data Retention": "data_retention",
    "User Access, Edit and Deletion": "user_access",
    "User Choice/Control": "user_choice",
    "Policy Change": "policy_change",
    "International and Specific Audiences": "specific_audiences",
    "Do Not Track": "other",
    "Other": "other",
}
PRACTICES = (
    "first_party_collection",
    "third_party_sharing",
    "data_security",
    "data_retention",
    "user_access",
    "user_choice",
    "other",
    "policy_change",
    "specific_audiences",
)


def practices() -> Labelled:
    """PrivacyQA's questions and PolicyQA dev's (annotators' questions over OPP-115 segments, each
    with the segments' categories), over all nine practices. -1 where a set does not say: PrivacyQA
    has no policy-change or audience column (its "other" holds them), so those two are learned from
    PolicyQA alone, whose rows of those kinds count as "other" as PrivacyQA counts them. Groups:
    PrivacyQA's apps, then PolicyQA's questions as groups of their own (never held out, see cv)."""
    pqa = privacyqa()
    y = np.full((len(pqa.texts), len(PRACTICES)), -1, dtype=np.int8)
    y[:, : len(pqa.labels)] = pqa.y
    dev = json.loads((ROOT / "data" / "policyqa" / "dev.json").read_text(encoding="utf-8"))
    labels: dict[str, set[str]] = {}
    for site in dev["data"]:
        for para in site["paragraphs"]:
            for qa in para["qas"]:
                labels.setdefault(qa["question"].strip(), set()).add(OPP.get(qa["type"].split("|||")[0], "other"))
    extra = np.zeros((len(labels), len(PRACTICES)), dtype=np.int8)
    for row, kinds in zip(extra, labels.values()):
        for kind in kinds | ({"other"} if kinds & {"policy_change", "specific_audiences"} else set()):
            row[PRACTICES.index(kind)] = 1
    groups = np.concatenate([pqa.groups, -1 - np.arange(len(labels))])  # negative: PolicyQA, always trained on
    return Labelled(pqa.texts + list(labels), np.vstack([y, extra]), PRACTICES, groups)


def intents(path: Path = INTENTS) -> Labelled:
    """Our own questions, one intent each, grouped by the paraphrase set they were written in."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = tuple(dict.fromkeys(r["intent"] for r in rows))
    sets = {s: i for i, s in enumerate(dict.fromkeys(r.get("group", r["text"]) for r in rows))}
    y = np.array([labels.index(r["intent"]) for r in rows])
    return Labelled([r["text"] for r in rows], y, labels, np.array([sets[r.get("group", r["text"])] for r in rows]))
