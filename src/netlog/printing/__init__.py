"""Everything netlog prints, by topic; the only package that imports Rich.

- :mod:`~netlog.printing.console`: the terminal (colour only on one, ``NO_COLOR``
  respected), ``say``, ``err``, JSON;
- :mod:`~netlog.printing.tables`: tables fitted to the terminal, plain columns when piped;
- :mod:`~netlog.printing.layout`: fitting text to a width (pure functions);
- :mod:`~netlog.printing.messages`: what netlog says in more than one place, written once;
- :mod:`~netlog.printing.due`, :mod:`~netlog.printing.contacts`,
  :mod:`~netlog.printing.reports` (week, team, draft, prep, stats, letters),
  :mod:`~netlog.printing.import_report`: what each kind of command prints;
- :mod:`~netlog.printing.progress`: the progress bar of long jobs.

Rich is imported only where a Rich object is drawn (help on a terminal, the
stats picture, a progress bar): it costs ~50 ms, and piped output and the
morning list never need it.
"""
