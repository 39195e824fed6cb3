"""``python -m tune reader``: train the reading's classifiers (practices from PrivacyQA, intents
from ``tune/data/intents.jsonl``), cross-validate them grouped, and write models/reader/."""
