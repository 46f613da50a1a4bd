"""Two adjustments to Typer 0.29, kept apart from the commands.

Both wrap one internal Typer method each, check that it is there first, and
change nothing with another Typer layout (pyproject keeps Typer below 0.30;
``tests/test_startup.py`` and ``tests/test_docs.py`` fail if either stops
working):

- option values are converted without Pydantic (Typer imports Pydantic and
  builds a TypeAdapter per parameter: ~100 ms on every command);
- help shows arguments and flags the way Click does (``CONTACT``, not
  ``{contact}`` / ``contact <str>``; no ``<bool>`` after flags).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def _to_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        whole, dot, zeros = text.strip().partition(".")
        if dot and not zeros.strip("0"):
            return int(whole)
        raise


def _to_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(text)


# Leaf types netlog's options use, with the message Typer (via Pydantic) gives.
_LIGHT_TYPES: dict[type, tuple[Callable[[str], Any], str]] = {
    str: (str, "Input should be a valid string"),
    int: (_to_int, "Input should be a valid integer, unable to parse string as an integer"),
    float: (float, "Input should be a valid number, unable to parse string as a number"),
    bool: (_to_bool, "Input should be a valid boolean, unable to interpret input"),
}


def _light_runtime_param(descriptor: Any) -> Any:
    """Coercion for plain ``str``/``int``/``float``/``bool`` options (and lists of them).

    Typer builds a Pydantic ``TypeAdapter`` for every parameter it parses, and
    importing Pydantic and building the adapters costs ~100 ms per command
    (measured on ``netlog due``: 185 ms → about 80 ms without it). netlog's
    options are plain values, so they are converted here the same way, with
    the same messages; anything else keeps Typer's own coercion. Returns None
    when this Typer has no such hook or the annotation is not a plain one.
    """
    try:
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:  # another Typer layout: keep its own coercion
        return None
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    if info.min is not None or info.max is not None or descriptor.is_path:
        return None
    annotation = descriptor.annotation
    many = getattr(annotation, "__origin__", None) is list
    leaf = annotation.__args__[0] if many else annotation
    if leaf not in _LIGHT_TYPES:
        return None
    convert, message = _LIGHT_TYPES[leaf]

    def one(value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, leaf) and not (leaf is int and isinstance(value, bool)):
            return value
        try:
            return convert(value) if isinstance(value, str) else convert(str(value))
        except (TypeError, ValueError):
            raise BadParameter(message, ctx=ctx, param=param) from None

    class Light(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if many:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [one(item, param, ctx) for item in items]
            return one(value, param, ctx)

    return Light(parameter_info=info, annotation=annotation)


def _use_light_coercion() -> None:
    """Make Typer try :func:`_light_runtime_param` before building a TypeAdapter.

    Typer builds each parameter's coercion lazily in
    ``_TyperParameter.get_runtime_param`` (its own help and completion options
    included); this wraps that one method. With another Typer layout nothing
    is changed (``tests/test_startup.py`` then fails, as Pydantic is imported).
    """
    try:
        from typer.core import _TyperParameter
    except ImportError:
        return
    original = getattr(_TyperParameter, "get_runtime_param", None)
    if original is None or getattr(original, "netlog_light", False):
        return

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            descriptor = getattr(self, "type_descriptor", None)
            light = _light_runtime_param(descriptor) if descriptor is not None else None
            if light is not None:
                self._runtime_param = light
                return light
        return original(self)

    get_runtime_param.netlog_light = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


def _readable_help() -> None:
    """Show arguments and flags the way Click does, in plain and Rich help alike.

    Typer prints a required argument as ``{contact}`` in the usage line and as
    ``contact <str>`` in the list, and gives every flag a ``<bool>`` in Rich
    help. netlog names each argument with a metavar (CONTACT, FILE…), shown
    alone: bare when required, ``[NAME]`` when optional; flags show no type.
    Rich help drops the ``\\b`` markers of ``netlog.cli.verbatim`` paragraphs. With
    another Typer layout nothing is changed.
    """
    try:
        from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
    except ImportError:
        return
    usage_name = getattr(TyperArgument, "_usage_display_name", None)
    argument_type = getattr(TyperArgument, "display_type_rich", None)
    option_type = getattr(TyperOption, "display_type_rich", None)
    if usage_name is None or argument_type is None or option_type is None:
        return
    if getattr(usage_name, "netlog", False):
        return

    def _usage_display_name(self: Any) -> str:
        if self.metavar is None:
            return str(usage_name(self))
        name = self.metavar if self.required else f"[{self.metavar}]"
        return name if self.nargs == 1 else f"{name}..."

    def display_argument_type(self: Any, ctx: Any) -> str | None:
        return None if self.metavar is not None else argument_type(self, ctx)

    def display_option_type(self: Any, ctx: Any) -> str | None:
        return None if self.is_flag else option_type(self, ctx)

    _usage_display_name.netlog = True  # type: ignore[attr-defined]
    TyperArgument._usage_display_name = _usage_display_name  # type: ignore[method-assign]
    TyperArgument.display_type_rich = display_argument_type  # type: ignore[method-assign]
    TyperOption.display_type_rich = display_option_type  # type: ignore[method-assign]

    for cls in (TyperCommand, TyperGroup):
        cls.format_help = _rich_epilog(cls.format_help)  # type: ignore[method-assign]


def _rich_epilog(format_help: Callable[..., None]) -> Callable[..., None]:
    """Wrap a ``format_help`` so that Rich help shows no ``\\b`` marker lines."""

    def wrapped(self: Any, ctx: Any, formatter: Any) -> None:
        epilog = self.epilog
        if self.rich_markup_mode is None or not epilog or "\b\n" not in epilog:
            return format_help(self, ctx, formatter)
        # A leading newline keeps inspect.cleandoc from dedenting the examples.
        self.epilog = f"\n{epilog}".replace("\n\b\n", "\n")
        try:
            return format_help(self, ctx, formatter)
        finally:
            self.epilog = epilog

    return wrapped


def install() -> None:
    """Apply both adjustments (idempotent)."""
    _use_light_coercion()
    _readable_help()
