"""python -m ingest [PATH ...]: index policy files or folders (default: ASSISTANT_POLICIES)."""

from __future__ import annotations

import argparse
import logging
import sys

from .errors import AssistantError
from .index import ingest
from .settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("paths", nargs="*", help="policy files or folders (.md .txt .html .pdf)")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="let a file replace a different policy indexed under the same slug (from another path)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    bar = not args.quiet and sys.stderr.isatty()
    if not args.quiet and not bar:  # not a terminal (a log, CI): a line per file instead of a bar
        logging.getLogger("ingest").setLevel(logging.INFO)
    try:
        settings = Settings.from_env()
        summary = ingest(args.paths or None, settings, progress=bar, replace=args.replace)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for err in summary.errors:
        print(f"error: {err}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.errors else 0


if __name__ == "__main__":
    sys.exit(main())
