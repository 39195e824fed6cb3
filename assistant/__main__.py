"""python -m assistant "question" [--policy SLUG] [--backend NAME] [--json]: one answer from the command line.

    python -m assistant facts SLUG [--json]
    python -m assistant compare [--csv | --quotes-csv | --json] [--policies a,b] [--categories x,y]

``facts`` and ``compare`` are commands only as the whole first argument; a question is one
(quoted) argument, so "facts about MIKMIK?" or "compare the shops" stay questions.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys

from ingest import backends
from ingest.errors import AssistantError

COMMANDS = ("facts", "compare")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if argv and argv[0] in COMMANDS:
        args = _command_parser(argv[0]).parse_args(argv[1:])
        return _run(lambda bot: _print_facts(bot, argv[0], args))
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description=__doc__.split("\n\n")[0],
        epilog="commands: python -m assistant facts SLUG | compare (see --help of each)",
    )
    parser.add_argument("question")
    parser.add_argument("--policy", default=None, help="answer from this policy only (a slug)")
    parser.add_argument(
        "--backend", choices=backends.names(), help="answer backend (default: ASSISTANT_LLM or extractive)"
    )
    parser.add_argument("--json", action="store_true", help="print the Answer as JSON")
    args = parser.parse_args(argv)
    return _run(lambda bot: _print_answer(bot.ask(args.question, policy=args.policy), args.json), args.backend)


def _run(job, backend: str | None = None) -> int:
    from ingest import ensure

    from . import Settings, get_assistant

    try:
        settings = Settings.from_env()
        if backend:
            settings = dataclasses.replace(settings, llm=backend)
        ensure(settings)  # a missing or outdated index is built here, at the edge, with a logged line
        job(get_assistant(settings))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    print(answer.text)
    if answer.notice:
        print(f"\n({answer.notice})")
    for i, c in enumerate(answer.citations, 1):
        print(f"\n[{i}] {c.title} — {c.section} (characters {c.start}–{c.end})\n    “{c.quote}”")


def _command_parser(command: str) -> argparse.ArgumentParser:
    if command == "facts":
        parser = argparse.ArgumentParser(
            prog="python -m assistant facts", description="A policy's fact sheet, each value quoted."
        )
        parser.add_argument("slug", help="the policy (a slug, e.g. mikmik)")
        parser.add_argument("--json", action="store_true", help="print the sheet as JSON (quotes with offsets)")
        return parser
    parser = argparse.ArgumentParser(
        prog="python -m assistant compare", description="The policies side by side, category by category."
    )
    out = parser.add_mutually_exclusive_group()
    out.add_argument(
        "--csv", action="store_true", help="the table as CSV: a row per category, a column per policy, values only"
    )
    out.add_argument("--quotes-csv", action="store_true", help="the quotes as CSV: a row per quote, with offsets")
    out.add_argument("--json", action="store_true", help="the table as JSON, every cell with its quotes")
    parser.add_argument("--policies", help="comma-separated slugs (default: all)")
    parser.add_argument("--categories", help="comma-separated category keys (default: all)")
    return parser


def _print_facts(bot, command: str, args) -> None:
    if command == "facts":
        sheet = bot.facts(args.slug)
        if args.json:
            print(sheet.to_json())
            return
        print(f"{sheet.title} — fact sheet")
        for f in sheet.facts:
            print(f"\n{f.label}: {f.value}")
            for q in f.quotes:
                print(f"    “{q.text}” (characters {q.start}–{q.end})")
        return
    table = bot.compare(args.policies, args.categories)
    if args.csv or args.quotes_csv:
        sys.stdout.write(table.to_csv(quotes=args.quotes_csv))
    elif args.json:
        print(table.to_json())
    else:
        for row in table.rows:
            print(f"\n{row.label}")
            for col, f in zip(table.columns, row.cells):
                print(f"  {col.title}: {f.value}")


if __name__ == "__main__":
    sys.exit(main())
