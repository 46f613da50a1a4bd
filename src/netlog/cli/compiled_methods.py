"""The methods ``@dataclass`` writes for the classes every command makes, compiled ahead.

``@dataclass`` writes each method of a class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, and for a frozen class ``__setattr__`` and
``__delattr__``) as source text and compiles it, every time the class is
made, that is on every run: for Typer's five dataclasses (``typer._coercion``)
and netlog's records (:data:`MODULES`) about a hundred compilations, over a
tenth of ``netlog due``. :data:`netlog.cli._compiled_methods.COMPILED` holds
those texts with their code, compiled when the file was written by the Python
netlog is tested with. :func:`serve_compiled_methods` gives the ``exec`` that
``dataclasses`` calls the code for a text it holds; any other text (a class
changed since, another Python) is compiled as usual. Nothing changes but the
compiling: the code is what compiling the same text gives.

Written by ``python -m netlog.cli.compile_methods`` (``--check`` tells
whether the file is current; ``tests/test_startup.py`` runs it).
"""

from __future__ import annotations

import sys
from typing import Any

# netlog's modules whose dataclasses are served (with Typer's): those the
# everyday commands load.
MODULES = (
    "netlog.config",
    "netlog.domain",
    "netlog.drafts",
    "netlog.followups",
    "netlog.service.drafting",
    "netlog.service.due_list",
    "netlog.service.people",
    "netlog.service.reading",
    "netlog.service.touchpoints",
    "netlog.storage.changes",
    "netlog.storage.contacts",
    "netlog.storage.pending",
)


def python_tag() -> str:
    """The Python whose bytecode ``_compiled_methods.py`` holds: its bytecode's tag and version."""
    return f"{sys.implementation.cache_tag} {sys.version_info[0]}.{sys.version_info[1]}"


def compiled_methods() -> dict[str, bytes]:
    """Each text ``@dataclass`` writes for those classes, with its code
    (marshalled); empty when the code was compiled by another Python."""
    from netlog.cli._compiled_methods import COMPILED, PYTHON

    return dict(COMPILED) if python_tag() == PYTHON else {}


def serve_compiled_methods() -> None:
    """Give ``dataclasses`` the compiled code of the texts :func:`compiled_methods`
    holds, in place of compiling them (idempotent; call before importing Typer)."""
    import dataclasses

    if getattr(dataclasses.__dict__.get("exec"), "netlog_compiled", False):
        return
    compiled = compiled_methods()
    if not compiled:
        return
    import marshal
    from contextlib import suppress

    real_exec = exec

    def exec_compiled(source: Any, globals: Any = None, locals: Any = None, /) -> None:
        code = compiled.get(source) if source.__class__ is str else None
        if code is not None:
            with suppress(EOFError, ValueError, TypeError):  # (not this Python's code)
                source = marshal.loads(code)
        real_exec(source, globals, locals)

    exec_compiled.netlog_compiled = True  # type: ignore[attr-defined]
    dataclasses.exec = exec_compiled  # type: ignore[attr-defined]
