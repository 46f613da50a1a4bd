"""netlog's commands, one module per thing you do; :mod:`netlog.cli.entry` registers them.

Each module declares its commands on its own Typer, ``commands``. A module
here imports only Typer, the shared helpers of :mod:`netlog.cli` (never the
app) and netlog's light modules at import time; anything heavy is imported
inside the command that needs it. A command gets the run (database,
settings, today) with :func:`netlog.cli.context.current_run` and hands it to
its helpers.

- add: ``add`` (with capture: one person per line after a conference)
- log: ``log``, ``done``, ``fix``
- activity: ``read``, ``attend``, ``milestone``, ``pause``, ``resume``
- due: ``due``, ``skip``, ``snooze``
- draft: ``draft``, ``prep``
- review: ``week``, ``team``, ``stats``
- letters: ``letters`` and its subcommands
- remind: ``remind``
- contacts: ``list``, ``show``, ``edit``, ``archive``, ``rm``
- exchange: ``export``, ``import``
- safety: ``backup``, ``restore``, ``undo``, ``doctor``
- settings: ``config`` and its subcommands
- demo: ``demo``
"""
