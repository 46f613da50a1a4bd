"""The command line: parse options, call the service layer, print.

- :mod:`netlog.cli.entry`: the ``netlog`` app (its sections, its global options,
  the one place errors become messages and exit codes) and ``main``;
- :mod:`netlog.cli.context`: the run (database, settings, today) on Click's context;
- :mod:`netlog.cli.options`, :mod:`netlog.cli.helptext`: what commands share;
- :mod:`netlog.cli.commands`: the commands, one module per thing you do;
- :mod:`netlog.cli.typer_shims`: five adjustments to Typer, for speed and readable help.
"""

from netlog.cli.entry import SECTIONS, app, main

__all__ = ["SECTIONS", "app", "main"]
