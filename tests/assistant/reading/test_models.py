"""The reader's shipped classifiers: numpy only at answer time, and the same figures the card states."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_reading_a_question_imports_neither_scikit_learn_nor_torch(settings):
    code = (
        "import sys; from assistant import build_assistant, Settings; import dataclasses\n"
        f"s = dataclasses.replace(Settings.from_env({{}}), index={str(settings.index)!r}, policies={str(settings.policies)!r})\n"
        "r = build_assistant(s).read('do you sell my data to advertisers?')\n"
        "assert 'third_party_sharing' in r.practices, r\n"
        "print(sorted(m for m in ('sklearn', 'torch', 'scipy') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_model_card_states_the_shipped_cross_validated_figures():
    figures = json.loads((ROOT / "models" / "reader" / "figures.json").read_text(encoding="utf-8"))
    card = (ROOT / "models" / "reader" / "README.md").read_text(encoding="utf-8")
    assert f"**{figures['practices_shipped']['micro_f1']:.3f}**" in card
    assert f"**{figures['intent_accuracy']:.3f}**" in card
    assert figures["practices_shipped"]["micro_f1"] > figures["practices_baseline"]["micro_f1"]
