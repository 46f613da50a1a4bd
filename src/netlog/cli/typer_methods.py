"""The methods ``@dataclass`` writes for Typer's own dataclasses, compiled ahead.

``@dataclass`` writes each method of a class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, and for a frozen class ``__setattr__`` and
``__delattr__``) as source text and compiles it, every time the class is
made. Typer makes five frozen dataclasses when it is imported
(``typer._coercion``): 30 compilations, ~4% of ``netlog due``.
:data:`netlog.cli._typer_methods.COMPILED` holds those texts with their
code, compiled when the file was written by the Python netlog is tested
with; the ``exec`` that ``dataclasses`` calls is given the code for a text
it holds, and compiles any other text itself. Nothing changes but the
compiling: the code is what compiling the same text gives (with another
Python, none is used).

Written by ``python -m netlog.cli.compile_typer_methods`` (``--check`` tells
whether the file is current; ``tests/test_startup.py`` runs it).
"""

from __future__ import annotations

import sys
from typing import Any


def compiled_methods() -> dict[str, Any]:
    """Each text ``@dataclass`` writes for Typer's classes, with its code; empty
    when the code was compiled by another Python (its bytecode differs)."""
    from netlog.cli._typer_methods import COMPILED, PYTHON

    if python_tag() != PYTHON:
        return {}
    import marshal

    try:
        return {text: marshal.loads(bytes.fromhex(code)) for text, code in COMPILED}
    except (EOFError, ValueError, TypeError):  # not this Python's code after all
        return {}


def python_tag() -> str:
    """The Python whose bytecode ``_typer_methods.py`` holds: its bytecode's tag and version."""
    return f"{sys.implementation.cache_tag} {sys.version_info[0]}.{sys.version_info[1]}"


def serve_compiled_methods() -> None:
    """Give ``dataclasses`` the compiled code of the texts :func:`compiled_methods`
    holds, in place of compiling them (idempotent; call before importing Typer)."""
    import dataclasses

    if getattr(dataclasses.__dict__.get("exec"), "netlog_compiled", False):
        return
    compiled = compiled_methods()
    if not compiled:
        return
    real_exec = exec

    def exec_compiled(source: Any, globals: Any = None, locals: Any = None, /) -> None:
        code = compiled.get(source) if source.__class__ is str else None
        real_exec(source if code is None else code, globals, locals)

    exec_compiled.netlog_compiled = True  # type: ignore[attr-defined]
    dataclasses.exec = exec_compiled  # type: ignore[attr-defined]
