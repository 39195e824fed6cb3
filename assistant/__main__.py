"""python -m assistant "question" [--policy SLUG] [--json]: one answer from the command line."""
from __future__ import annotations

import argparse
import json
import logging
import sys

from ingest.errors import AssistantError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    parser.add_argument("question")
    parser.add_argument("--policy", default=None, help="answer from this policy only (a slug)")
    parser.add_argument("--json", action="store_true", help="print the Answer as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from ingest import ensure

    from . import Settings, get_assistant

    try:
        settings = Settings.from_env()
        ensure(settings)  # a missing or outdated index is built here, at the edge, with a logged line
        answer = get_assistant(settings).ask(args.question, policy=args.policy)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    if answer.notice:
        print(f"\n({answer.notice})")
    for i, c in enumerate(answer.citations, 1):
        print(f"\n[{i}] {c.title} — {c.section} (characters {c.start}–{c.end})\n    “{c.quote}”")
    return 0


if __name__ == "__main__":
    sys.exit(main())
