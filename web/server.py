"""`policy-assistant serve` / `python app.py`: the chat on http://127.0.0.1:7860 (GRADIO_SERVER_PORT).

Gradio's ``launch()`` reads GRADIO_SERVER_NAME (default 127.0.0.1, never all interfaces unless set),
GRADIO_SERVER_PORT (default 7860; the next free one of 100 when it is taken) and GRADIO_SHARE
(``true``: a public share link) itself, so they are not passed here. Set ASSISTANT_AUTH=user:password
to require a login.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

log = logging.getLogger("app")


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="policy-assistant serve", description=__doc__).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    _check_port()
    auth = _auth()
    # Gradio is imported only now: it reads GRADIO_SERVER_PORT (checked above) and the analytics
    # switch at import time, and `serve --help` should not wait for it.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from .page import build, launch_options

    bot = _start_assistant()
    demo = build(bot)
    demo.queue(default_concurrency_limit=1)
    _, url, _ = demo.launch(
        auth=auth,
        auth_message="Sign in to the privacy-policy assistant." if auth else None,
        prevent_thread_lock=True,
        quiet=True,
        **launch_options(),
    )
    log.info("ready on %s%s", url, " (login required)" if auth else "")
    demo.block_thread()
    return 0


def _check_port() -> None:
    # Gradio would fail on import with a bare int() traceback; say what to set instead.
    port = os.environ.get("GRADIO_SERVER_PORT")
    if port is not None and not port.strip().isdigit():
        sys.exit(f"GRADIO_SERVER_PORT={port!r} is not a port number; set it to e.g. 7860, or unset it.")


def _auth() -> tuple[str, str] | None:
    value = os.environ.get("ASSISTANT_AUTH", "")
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        sys.exit("ASSISTANT_AUTH must look like user:password (both non-empty); unset it to serve without a login.")
    return user, password


def _start_assistant():
    """The process's assistant with its model and index loaded, so the first question is quick."""
    from assistant import AssistantError, Settings, get_assistant
    from ingest import ensure

    try:
        settings = Settings.from_env()
        log.info("checking the index in %s…", settings.index)
        if ensure(settings):  # a missing or outdated index is built here, never inside an answer
            log.info("index built in %s", settings.index)
        bot = get_assistant(settings)
        log.info("loading the model and the index…")
        bot.warm_up()
    except AssistantError as exc:
        sys.exit(f"The assistant could not start: {exc}")
    policies = bot.policies()
    log.info("assistant ready: %d policies (%s)", len(policies), ", ".join(s for s, _ in policies))
    return bot
