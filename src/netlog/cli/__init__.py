"""The command line: parse options, call the service layer, print.

- :mod:`netlog.cli.entry`: the ``netlog`` app (its sections, its global options,
  the one place errors become messages and exit codes) and ``main``;
- :mod:`netlog.cli.context`: the run (database, settings, today) on Click's context;
- :mod:`netlog.cli.options`, :mod:`netlog.cli.helptext`: what commands share;
- :mod:`netlog.cli.commands`: the commands, one module per thing you do;
- :mod:`netlog.cli.typer_shims`: six adjustments to Typer, for speed and readable help.
"""

import gc

# Start-up creates some 25,000 objects (modules, classes, functions, Click's
# objects) that all live until the process ends; Python's cyclic garbage
# collector would examine them some thirty times while they are made (~5 ms
# of every command, more on a busy machine). It waits until they exist, then
# they are set aside for good (gc.freeze) and collection resumes as usual for
# whatever the command does.
_COLLECTING = gc.isenabled()
gc.disable()
try:
    from netlog.cli.entry import SECTIONS, app, main
finally:
    if _COLLECTING:
        gc.freeze()
        gc.enable()

__all__ = ["SECTIONS", "app", "main"]
