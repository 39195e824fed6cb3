"""A named policy's answers do not depend on the rest of the corpus (issue 16): hundreds of
unrelated policies, written in the same words people ask with, change none of them."""

from __future__ import annotations

import dataclasses
import random
import shutil
import time
from pathlib import Path

from assistant import build_assistant
from ingest import ingest

# Named questions whose keyword and dense ranks the added policies would move if statistics or
# candidate cuts were corpus-wide (the first lost its "3 years" clause that way).
NAMED = [
    ("How long does MIKMIK keep complaint records?", None),
    ("How long are records of complaints kept?", "mikmik"),
    ("Does Kpop Mart have its security audited?", None),
    ("Can children under 13 submit personal information to Kpop Mart?", None),
    ("If I fill in a Tootoomart survey, will they sell my answers?", None),
    ("How do Kmall24 and Kpop Mart use cookies?", None),
]
_SUBJECTS = ["We", "The company", "Our team", "This service", "The shop"]
_VERBS = ["keep", "store", "delete", "share", "collect", "use", "protect", "review", "record"]
_OBJECTS = [
    "complaint records",
    "personal information",
    "cookies",
    "order records",
    "payment data",
    "survey answers",
    "security logs",
    "contact details",
    "children's data",
    "email addresses",
]
_TAILS = [
    "for three years",
    "for five years",
    "until you ask us to stop",
    "with our partners",
    "to improve the service",
    "as the law requires",
    "in a secure audited system",
    "for marketing",
]


def _write_unrelated(folder: Path, n: int) -> None:
    """``n`` short policies (a title and two sentences each) from a fixed random seed."""
    rng = random.Random(16)
    folder.mkdir()
    for i in range(n):
        lines = [f"Northwind Outlet {i:03d} notice", ""]
        lines += [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."
            for _ in range(2)
        ]
        (folder / f"northwind-{i:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _answers(settings) -> list[tuple]:
    bot = build_assistant(settings)
    out = []
    for question, policy in NAMED:
        a = bot.ask(question, policy=policy)
        out.append((question, a.text, a.short, [(c.policy, c.start, c.end, c.quote) for c in a.citations]))
    return out


def test_unrelated_policies_change_no_named_answer(default_index, tmp_path):
    from ingest import Settings

    settings = dataclasses.replace(Settings.from_env({}), index=tmp_path / "index")
    shutil.copytree(default_index, settings.index)
    before = _answers(settings)
    assert "3 years" in before[0][1]  # the clause the corpus-wide statistics once lost

    extra = tmp_path / "unrelated"
    _write_unrelated(extra, 300)
    t0 = time.perf_counter()
    summary = ingest([extra], settings)
    assert not summary.errors and summary.files == 300, (summary.errors, time.perf_counter() - t0)

    after = _answers(settings)
    for b, a in zip(before, after):
        assert a == b, f"{b[0]!r} changed after adding 300 unrelated policies"
