"""python -m tune ranker: the evidence ranker's training data, cross-validation and shipped weights.

    python -m tune ranker features --out F.npz [--tuned-folder DIR --policies held_out.txt] [--index DIR]
    python -m tune ranker fit F.npz [G.npz ...] [--out models/ranker]

``features`` ingests PolicyQA dev's policies (all 20, or those of ``--policies``) with the shipped
embedding model or a cross-validation fold's (``--tuned-folder``, from ``python -m tune --cv
--save-folds DIR``), asks the assistant's own retrieval for each (policy, question) pair, and
writes every candidate's features (``assistant.retrieval.features``) with its label: 1 when the
sentence overlaps one of the pair's gold answer spans.

``fit`` trains a logistic regression on those rows, cross-validated grouped by policy (the two
folds of ``tune.data.folds``, both ways), prints the held-out curve of the stopping ratio, and
writes ``ranker.json`` and ``training.json`` (with ``--folds-out DIR``, each fold's ranker too, for
``bench/policyqa.py --ranker``). The answer uses the ranker only where no rule pins a passage and
none answers outright, so figures through ``ask`` come from bench/policyqa.py. Pass each fold's
features computed with the embedding model that never saw those policies.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np

from .data import folds, load_dev

OUT = Path(__file__).resolve().parents[1] / "models" / "ranker"
CANDIDATES = 30  # the fused ranking's best this many (78% of PolicyQA pairs have the gold in retrieve's top 20)
MAX_QUOTES = 3  # the cap for a single-policy answer
# Set on our own eval, not on PolicyQA (where any stop short of the budget loses hits): 0.15 and
# 1,100 keep its single-policy quote gates; PolicyQA through ask then shows 780 characters a mean.
BUDGET = 1100  # quote characters of one answer, at most
RATIO = 0.15  # a further quote while its probability is at least this times the best one's


# ----- fitting ------------------------------------------------------------------------------------
@dataclasses.dataclass
class Data:
    x: np.ndarray
    y: np.ndarray
    group: np.ndarray  # question number, one per row
    spans: np.ndarray
    golds: dict[int, list]  # question number -> gold spans
    slug: dict[int, str]  # question number -> policy
    texts: dict[str, str] = dataclasses.field(default_factory=dict)  # policy -> text, for text-match hits

    def __post_init__(self):
        # Each question's rows are contiguous (features writes them so): its slice, by question number.
        starts = np.flatnonzero(np.r_[True, self.group[1:] != self.group[:-1]])
        ends = np.r_[starts[1:], len(self.group)]
        self.rows_of = {int(self.group[a]): (int(a), int(b)) for a, b in zip(starts, ends)}


def load(paths: list[Path]) -> Data:
    parts, offset = [], 0
    golds, slugs = {}, {}
    for path in paths:
        d = np.load(path)
        group = d["group"] + offset
        for q, g, s in zip(d["qid"] + offset, d["golds"], d["slugs"]):
            golds[int(q)], slugs[int(q)] = json.loads(str(g)), str(s)
        parts.append((d["x"], d["y"], group, d["spans"]))
        offset = int(group.max()) + 1
    x, y, group, spans = (np.concatenate(c) for c in zip(*parts))
    policies, _ = load_dev()
    return Data(x, y, group, spans, golds, slugs, {s: p.text for s, p in policies.items()})


def fit(x: np.ndarray, y: np.ndarray, c: float = 1.0):
    """Standardised logistic regression: (mean, scale, weights, bias)."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    return mean, scale, model.coef_[0].astype(np.float32), float(model.intercept_[0])


def predict(params, x: np.ndarray) -> np.ndarray:
    mean, scale, w, b = params
    return 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ w + b)))


def simulate(data: Data, p: np.ndarray, rows: np.ndarray, ratio: float, order_by=None) -> tuple[float, float, float]:
    """Hit rate, mean characters and mean quotes of the answers the stopping rule would show for the
    questions of ``rows``: candidates in descending ``p`` (or ``order_by``), the first always, the
    next while p >= ratio times the first's, within BUDGET characters and MAX_QUOTES quotes (adjacent sentences merged
    into one). A hit as bench/policyqa.py counts one: a gold span inside a quote, or its text
    (whitespace normalised) inside one."""
    key = p if order_by is None else order_by
    hits = chars = quotes = 0
    questions = np.unique(data.group[rows])
    for q in questions:
        a, b = data.rows_of[int(q)]
        idx = a + np.argsort(-key[a:b], kind="stable")
        chosen, used = [], 0
        for i in idx:
            if chosen and p[i] < ratio * p[idx[0]]:
                break
            s, e = int(data.spans[i][0]), int(data.spans[i][1])
            if chosen and used + (e - s) > BUDGET:
                continue
            if len(_merge(chosen + [(s, e)])) > MAX_QUOTES:
                continue
            chosen.append((s, e))
            used += e - s
        merged = _merge(chosen)
        golds = data.golds[int(q)]
        hit = any(any(a <= gs and ge <= b for a, b in merged) for gs, ge in golds)
        if not hit and data.texts:
            doc = data.texts[data.slug[int(q)]]
            quoted = [_norm(doc[a:b]) for a, b in merged]
            hit = any(_norm(doc[gs:ge]) and any(_norm(doc[gs:ge]) in t for t in quoted) for gs, ge in golds)
        hits += hit
        chars += used
        quotes += len(merged)
    n = max(1, len(questions))
    return hits / n, chars / n, quotes / n


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).lower()


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s - out[-1][1] <= 2:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(m) for m in out]


def cross_validate(data: Data, ratio: float, log=print) -> dict:
    """Two folds grouped by policy: fit on one, measure on the other, and swap. Each fold's
    parameters are kept, so bench/policyqa.py --ranker can measure them through ``ask``."""
    slug_of_row = np.array([data.slug[int(g)] for g in data.group])
    out = {"folds": [], "params": []}
    pooled = np.zeros(len(data.y))
    fused = -data.x[:, 1]  # the fused ranking's own order (log rank, smaller first)
    for k, held in enumerate(folds(sorted(set(data.slug.values())))):
        test = np.flatnonzero(np.isin(slug_of_row, held))
        train = np.flatnonzero(~np.isin(slug_of_row, held))
        params = fit(data.x[train], data.y[train])
        out["params"].append(params)
        pooled[test] = predict(params, data.x[test])
        row = {
            "fold": k,
            "held_out": held,
            "ranker": simulate(data, pooled, test, ratio),
            "fused_top3": simulate(data, np.ones(len(data.y)), test, 0.0, order_by=fused),
        }
        out["folds"].append(row)
        log(f"fold {k}: held-out ranker {_fmt(row['ranker'])}; fused top 3 {_fmt(row['fused_top3'])}")
    out["pooled_p"] = pooled
    return out


def _fmt(r) -> str:
    return f"{r[0]:.1%} at {r[1]:.0f} chars, {r[2]:.2f} quotes"


def fit_main(args) -> None:
    from assistant.retrieval.features import NAMES
    from assistant.retrieval.ranker import Ranker

    def ranker(params) -> str:
        r = Ranker(NAMES, *params, candidates=CANDIDATES, ratio=args.ratio, max_quotes=MAX_QUOTES, budget=args.budget)
        return json.dumps(r.to_json(), indent=1) + "\n"

    data = load(args.features)
    print(f"{len(data.golds)} questions, {len(data.y)} candidates, {int(data.y.sum())} positive", flush=True)
    cv = cross_validate(data, args.ratio)
    everything = np.arange(len(data.y))
    # The held-out curve: what each stopping ratio would give on policies the ranker never saw.
    pooled = cv.pop("pooled_p")
    cv["curve"] = {f"{r:.2f}": simulate(data, pooled, everything, r) for r in (0.0, 0.1, 0.15, 0.2, 0.3)}
    for r, fig in cv["curve"].items():
        print(f"  held-out, ratio {r}: {_fmt(fig)}")
    params = fit(data.x, data.y)
    insample = simulate(data, predict(params, data.x), everything, args.ratio)
    print(f"in-sample (trained on all): {_fmt(insample)}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ranker.json").write_text(ranker(params), encoding="utf-8")
    if args.folds_out:  # fold K's ranker never saw fold K's policies: bench/policyqa.py --ranker
        args.folds_out.mkdir(parents=True, exist_ok=True)
        for k, fold_params in enumerate(cv.pop("params")):
            (args.folds_out / f"ranker-fold-{k}.json").write_text(ranker(fold_params), encoding="utf-8")
    cv.pop("params", None)
    figures = {
        "cv": cv,
        "in_sample": insample,
        "features": [str(p) for p in args.features],
        "weights": dict(zip(NAMES, map(float, params[2]))),
    }
    (args.out / "training.json").write_text(json.dumps(figures, indent=1, default=float) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'ranker.json'}")
    for name, w in sorted(figures["weights"].items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:20s} {w:+.3f}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tune ranker", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="step", required=True)
    f = sub.add_parser("features", help="candidates and their features for PolicyQA dev's pairs")
    f.add_argument("--out", type=Path, required=True)
    f.add_argument("--tuned-folder", type=Path, help="a fold's embedding model (tune --cv --save-folds DIR/fold-K)")
    f.add_argument("--policies", type=Path, help="only these policies (slugs, one a line: the fold's held_out.txt)")
    f.add_argument("--index", type=Path, help="keep the index in this folder (default: a temporary one)")
    t = sub.add_parser("fit", help="cross-validate, train on all rows, write ranker.json and training.json")
    t.add_argument("features", type=Path, nargs="+")
    t.add_argument("--out", type=Path, default=OUT)
    t.add_argument("--ratio", type=float, default=RATIO, help=f"stopping ratio (default {RATIO})")
    t.add_argument("--budget", type=int, default=BUDGET, help=f"quote characters of one answer (default {BUDGET})")
    t.add_argument("--folds-out", type=Path, help="also write each fold's ranker here (ranker-fold-K.json)")
    args = ap.parse_args(argv)
    if args.step == "features":
        from .ranker_features import extract

        extract(args)
    else:
        fit_main(args)
    return 0
