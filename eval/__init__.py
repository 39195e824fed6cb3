"""Offline evaluation: does the assistant find, cite and state what the policies say?

``python -m eval`` runs the evaluation set against an answer backend and writes reports;
the metrics are pure functions in ``eval.metrics``.
"""

__all__: list[str] = []
