"""Command groups beyond the core, each registering its commands on ``netlog.cli.app``.

A module here imports only Typer and netlog's light modules at import time;
anything heavy is imported inside the command that needs it.
"""
