"""Fine-tune the bundled MiniLM on PolicyQA dev, measure it honestly, write the model folder."""

from .data import Pair, Policy, Question, load_dev, pairs
from .measure import Outcome, Score, score
from .train import Recipe, train

__all__ = ["Pair", "Policy", "Question", "Recipe", "Outcome", "Score", "load_dev", "pairs", "score", "train"]
