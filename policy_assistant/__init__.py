"""The `policy-assistant` command: one entry point for ask, ingest, serve and eval (see __main__.py).

Only the command line lives here; the code is in the stage packages (assistant, ingest, web, eval).
"""
