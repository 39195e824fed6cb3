"""policy-assistant COMMAND [ARGS...]: the installed command line (also `python -m policy_assistant`).

Each command hands its arguments to the same main() that `python -m` runs, so both spell the same
options and exit codes:
  ask "QUESTION" [--policy SLUG] [--backend NAME] [--json]   one answer   (python -m assistant)
  ingest [PATH ...]                          index policy files  (python -m ingest)
  serve                                      the web chat        (python app.py)
  eval [--out DIR] ...                       the evaluation set  (python -m eval)
`policy-assistant COMMAND --help` lists a command's options.
"""

from __future__ import annotations

import importlib
import sys

# command -> (module whose main(argv) runs it, one line of help)
COMMANDS = {
    "ask": ("assistant.__main__", "answer one question with citations"),
    "ingest": ("ingest.__main__", "index policy files or folders"),
    "serve": ("web.server", "serve the web chat on http://127.0.0.1:7860"),
    "eval": ("eval.__main__", "run the evaluation set and write its report"),
}


def usage() -> str:
    lines = ["usage: policy-assistant {" + ",".join(COMMANDS) + "} [ARGS...]", "", "commands:"]
    lines += [f"  {name:<8}{text}" for name, (_, text) in COMMANDS.items()]
    lines += ["", "`policy-assistant COMMAND --help` lists a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] in ("-h", "--help"):
        print(usage())
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        print(f"policy-assistant: unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        return 2
    # Imported on demand: `ask` should not pay for Gradio, nor `serve` for the evaluation.
    module = importlib.import_module(COMMANDS[command][0])
    return module.main(rest) or 0


if __name__ == "__main__":
    sys.exit(main())
