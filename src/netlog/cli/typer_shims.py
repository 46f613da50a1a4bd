"""Seven adjustments to Typer 0.29, kept apart from the commands.

Each wraps one internal Typer function or method, checks that it is there
first, and changes nothing with another Typer layout (pyproject keeps Typer
below 0.30; ``tests/test_startup.py`` and ``tests/test_docs.py`` fail if one
stops working):

- only the command being run is built into a Click command (Typer builds all
  of them, evaluating every option's annotation, before it looks at the
  arguments: ~15 ms on every run);
- option values are converted without Pydantic (Typer imports Pydantic and
  builds a TypeAdapter per parameter: ~100 ms on every command);
- each string annotation of a command is evaluated once, not compiled four
  times (:func:`_annotations_evaluated_once`: ~2% of ``netlog due``);
- help shows arguments and flags the way Click does (``CONTACT``, not
  ``{contact}`` / ``contact <str>``; no ``<bool>`` after flags);
- help on a terminal is drawn by :mod:`netlog.cli.helppage`, exactly as
  Rich draws it, without importing Rich (~40 ms); a page it cannot draw the
  same is left to Rich;
- Rich help on a terminal does not load Markdown (markdown-it) and
  tracebacks (Pygments) that netlog's help never shows: ``typer.rich_utils``
  imports them at the top; nor does any run load ``traceback``, ``uuid``
  and ``difflib``, from which Typer imports a name or two at the top for
  what seldom happens, nor ``shutil`` (Typer's terminal size), ``gettext``
  (Click's wording of help and errors) and ``urllib.parse`` (``pathlib``'s,
  for ``file:`` URLs) until they are used. This one is an import finder (:class:`StandIns`)
  rather than a wrapper: it gives stand-ins that load the real modules on
  first use, and with another Typer or Rich nothing but the timing changes;
- the modules Typer imports at the top for opening a browser or
  installing shell completion (``subprocess``, ``shellingham``), those
  ``shutil`` imports only to see that they exist (``bz2``, ``lzma``),
  ``ipaddress``, which ``urllib.parse`` (imported by ``pathlib``) uses only
  for URLs with an IPv6 host, and ``platform`` (Typer asks it which system
  runs when it installs completion) load on first use, as does ``tokenize``
  (``inspect`` and ``linecache`` read source code with it) (:class:`LazyModules`,
  installed before Typer is imported): ~5 ms on every run.
:class:`DeferredCommand` and :class:`DeferredGroup` go with the first: a run imports
its command's module only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, MutableMapping
from types import ModuleType
from typing import Any, ClassVar

# Names modules import at the top, from modules they use only now and then:
# typer.rich_utils from Rich for Markdown help (``markup_mode "markdown"``,
# which netlog does not use) and pretty tracebacks (off); typer.main from
# traceback for its pretty tracebacks (off); Typer's parameter types from uuid
# (a UUID option; netlog has none); typer.core from difflib to suggest a
# command when one is mistyped. Class names are capitalised.
STAND_INS: dict[str, tuple[str, ...]] = {
    "rich.markdown": ("Markdown",),
    "rich.traceback": ("Traceback",),
    "traceback": ("FrameSummary", "StackSummary"),
    "uuid": ("UUID",),
    "difflib": ("get_close_matches",),
    # pathlib, for Path.as_uri (netlog makes no file: URL on an everyday run).
    "urllib.parse": ("quote_from_bytes",),
    "shutil": ("get_terminal_size",),
    "gettext": ("gettext", "ngettext"),
}


def _real_module(name: str) -> Any:
    """The real module ``name``, imported now in place of its stand-in.

    The stand-in module takes the real one's names too, for code that bound
    it (``import uuid``) before: ``uuid.UUID`` is then the real class.
    """
    import importlib

    StandIns.wanted.add(name)
    stand_in = sys.modules.get(name)
    if stand_in is None or not vars(stand_in).get("netlog_stand_in"):
        return importlib.import_module(name)
    del sys.modules[name]
    real = importlib.import_module(name)
    names = vars(stand_in)
    names.pop("__getattr__", None)
    names.pop("netlog_stand_in", None)
    names.update({k: v for k, v in vars(real).items() if k not in ("__spec__", "__loader__")})
    return real


def _handed_over(name: str, attr: str) -> Any:
    if attr.startswith("__"):  # the import system's own look-ups (__path__ …)
        raise AttributeError(attr)
    return getattr(_real_module(name), attr)


class _StandInType(type):
    def _real(cls) -> Any:
        return getattr(_real_module(cls.__module__), cls.__name__)

    def __getattr__(cls, attr: str) -> Any:  # Traceback.from_exception, …
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(cls._real(), attr)

    def __instancecheck__(cls, instance: Any) -> bool:  # isinstance(x, UUID)
        return isinstance(instance, cls._real())

    def __subclasscheck__(cls, subclass: Any) -> bool:
        return issubclass(subclass, cls._real())


def _stand_in(name: str, attr: str) -> Any:
    """A class or function that imports module ``name`` when used, and hands over."""
    if attr[:1].isupper():

        def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
            return getattr(_real_module(name), attr)(*args, **kwargs)

        return _StandInType(attr, (), {"__new__": __new__, "__module__": name})

    def function(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real_module(name), attr)(*args, **kwargs)

    function.__name__ = function.__qualname__ = attr
    function.__module__ = name
    return function


class StandIns:
    """An import finder: the modules of :data:`STAND_INS` load on first use.

    Typer imports a few names at the top from modules it needs only now and
    then: ``typer.rich_utils`` (help and usage errors on a terminal) imports
    ``Markdown`` and ``Traceback`` from Rich, and with them come markdown-it
    and Pygments, about half the cost of drawing ``--help``; ``typer.main``,
    ``typer.core`` and Typer's parameter types import from ``traceback``,
    ``difflib`` and ``uuid`` (which runs ``platform``): ~3 ms of every run.
    Until one is used, the module holds a stand-in of the same name: calling
    it, or looking up anything on it or on the module, imports the real module
    and hands over to it, so nothing changes but when the loading happens.
    """

    wanted: ClassVar[set[str]] = set()  # the real module asked for: step aside

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in STAND_INS or name in cls.wanted:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, cls)  # type: ignore[arg-type]

    @staticmethod
    def create_module(spec: Any) -> None:
        return None

    @staticmethod
    def exec_module(module: Any) -> None:
        name = module.__name__
        module.netlog_stand_in = True
        for attr in STAND_INS[name]:
            setattr(module, attr, _stand_in(name, attr))
        module.__getattr__ = lambda other: _handed_over(name, other)


def _defer_stand_ins() -> None:
    if not any(finder is StandIns for finder in sys.meta_path):
        sys.meta_path.insert(0, StandIns)


# Imported by Typer (and shutil, urllib.parse) at the top, used by none of netlog's
# everyday runs.
# (tokenize: inspect and linecache read source code with it, which a run does not.)
LAZY_MODULES = frozenset(
    {"subprocess", "shellingham", "bz2", "lzma", "ipaddress", "platform", "tokenize"}
)


class _LazyModule(ModuleType):
    """A module whose code has not run yet: the first missing name runs it."""

    def __getattr__(self, attr: str) -> Any:
        loader = self.__dict__.pop("_netlog_loader")
        self.__class__ = ModuleType  # type: ignore[assignment]
        loader.exec_module(self)
        return getattr(self, attr)


class _LazyLoader:
    """Wraps a module's loader: the module is made now, its code runs on first use."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__dict__["_netlog_loader"] = self.loader
        module.__class__ = _LazyModule


class LazyModules:
    """An import finder: the modules of :data:`LAZY_MODULES` run on first use.

    ``import subprocess`` then binds a module whose code runs the first time
    a name is looked up on it that the import system did not set (anything
    but ``__name__``, ``__spec__``, ``__path__`` …), so a run that never
    starts a process or installs completion never pays for them; ``from
    subprocess import run`` loads it at once, as usual. (The standard
    library's ``importlib.util.LazyLoader`` would load them as soon as a
    second ``import`` looked at ``__spec__``.)
    """

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in LAZY_MODULES:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path, target)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return None
        spec.loader = _LazyLoader(spec.loader)  # type: ignore[assignment]
        return spec


def defer_imports() -> None:
    """Install :class:`LazyModules` and :class:`StandIns`, and serve the dataclasses
    of Typer and netlog their methods compiled ahead (:mod:`netlog.cli.compiled_methods`);
    idempotent; call it before importing Typer."""
    if not any(finder is LazyModules for finder in sys.meta_path):
        sys.meta_path.insert(0, LazyModules)
    _defer_stand_ins()
    from netlog.cli.compiled_methods import serve_compiled_methods

    serve_compiled_methods()


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
    Rich help drops the ``\\b`` markers of ``netlog.cli.helptext.verbatim`` paragraphs. With
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
        cls.format_help = _collector_paused(_rich_epilog(_without_rich(cls.format_help)))  # type: ignore[method-assign]


def _collector_paused(format_help: Callable[..., None]) -> Callable[..., None]:
    """Wrap a ``format_help`` so that Python's cyclic garbage collector waits meanwhile.

    Drawing help builds every command (``netlog --help``) and, on a terminal,
    imports Rich: thousands of objects that live until the process ends, which
    the collector would otherwise examine a dozen times (~5 ms); see
    :mod:`netlog.cli`, which does the same while netlog itself is imported.
    """

    def wrapped(self: Any, ctx: Any, formatter: Any) -> None:
        import gc

        HELP_DRAWN.append(self.name)
        if not gc.isenabled():
            return format_help(self, ctx, formatter)
        gc.disable()
        try:
            return format_help(self, ctx, formatter)
        finally:
            gc.enable()

    return wrapped


# The commands whose help this process drew (netlog.cli.entry.main reads it).
HELP_DRAWN: list[str] = []


def _without_rich(format_help: Callable[..., None]) -> Callable[..., None]:
    """Wrap a ``format_help`` so that a page Typer would draw with Rich is drawn
    the same without loading Rich, where :mod:`netlog.cli.helppage` can."""

    def wrapped(self: Any, ctx: Any, formatter: Any) -> None:
        if self.rich_markup_mode == "rich":
            from netlog.cli import helppage

            if helppage.draw(self, ctx):
                return None
        return format_help(self, ctx, formatter)

    return wrapped


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


class _Later:
    """What Typer gets back for a command while the group is put together."""

    def __init__(self, name: str) -> None:
        self.name = name


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name; each is built the first time it is looked up.

    Listing the names (``--help``, completion of a command name, error
    suggestions) builds nothing; looking one up builds that one only.
    """

    def __init__(
        self, order: list[str], build: dict[str, Callable[[], Any]], ready: dict[str, Any]
    ):
        self._order = order
        self._build = build
        self._ready = ready

    def __getitem__(self, name: str) -> Any:
        if name not in self._ready:
            self._ready[name] = self._build[name]()
        return self._ready[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._order:
            self._order.append(name)
        self._ready[name] = command

    def __delitem__(self, name: str) -> None:
        self._order.remove(name)
        self._ready.pop(name, None)
        self._build.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order


class DeferredCommand:
    """A command registered by its name, declared in a module imported when it is built.

    Put in a Typer's ``registered_commands`` in place of the ``CommandInfo``
    that ``module`` declares on its own Typer, ``commands``. Typer reads only
    ``name`` while it puts the group together (see :func:`_build_on_demand`);
    anything else it reads, when it builds the command, comes from the
    declaration, which imports the module (with another Typer layout: when
    the group is put together).
    """

    def __init__(self, name: str, module: str) -> None:
        self.name = name
        self.module = module
        self._declared: Any = None

    def _find(self, commands: Any) -> Any:
        """The declaration of this command on the module's Typer, or None."""
        from typer.main import get_command_name

        for info in commands.registered_commands:
            if (info.name or get_command_name(info.callback.__name__)) == self.name:
                return info
        return None

    def declared(self) -> Any:
        """What the module declares under this name (a ``CommandInfo`` here)."""
        if self._declared is None:
            import importlib

            found = self._find(importlib.import_module(self.module).commands)
            if found is None:
                raise LookupError(f"{self.module} declares no command {self.name!r}")
            self._declared = found
            vars(self).update({k: v for k, v in vars(found).items() if k != "name"})
        return self._declared

    def __getattr__(self, attr: str) -> Any:  # everything but the name
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self.declared(), attr)


class DeferredGroup(DeferredCommand):
    """A group of commands (``netlog letters …``) registered by its name, the way
    :class:`DeferredCommand` registers a command: put in ``registered_groups``
    in place of the ``TyperInfo`` the module adds to its Typer, ``commands``.
    Running another command neither imports the module nor builds the group."""

    def _find(self, commands: Any) -> Any:
        return next((g for g in commands.registered_groups if g.name == self.name), None)


def _build_on_demand() -> None:
    """Make Typer's groups build a command's Click object only when it is looked up.

    ``typer.main.get_group_from_info`` converts every registered command
    (``get_command_from_info``: the signature, each annotation ``eval``-ed,
    every parameter) before Click parses the arguments. This wraps it so that
    each command is recorded with what it needs to be built, and
    :class:`LazyCommands` builds it on first lookup. With another Typer layout
    nothing is changed.
    """
    try:
        from typer import main
    except ImportError:
        return
    original = getattr(main, "get_group_from_info", None)
    build_one = getattr(main, "get_command_from_info", None)
    name_of = getattr(main, "get_command_name", None)
    if original is None or build_one is None or name_of is None:
        return
    if getattr(original, "netlog_lazy", False):
        return

    # The commands still to build of the group being put together, if any.
    building: list[dict[str, Callable[[], Any]]] = []

    def get_group_from_info(group_info: Any, **options: Any) -> Any:
        if building and group_info.name:  # a group within the one being put together
            name = group_info.name
            building[-1][name] = lambda: get_group_from_info(group_info, **options)
            return _Later(name)
        if isinstance(group_info, DeferredGroup):
            group_info = group_info.declared()
        build: dict[str, Callable[[], Any]] = {}

        def later(command_info: Any, **kwargs: Any) -> Any:
            name = command_info.name or name_of(command_info.callback.__name__)
            build[name] = lambda: build_one(command_info, **kwargs)
            return _Later(name)

        main.get_command_from_info = later
        building.append(build)
        try:
            group = original(group_info, **options)
        finally:
            building.pop()
            main.get_command_from_info = build_one
        ready = {n: c for n, c in group.commands.items() if not isinstance(c, _Later)}
        group.commands = LazyCommands(list(group.commands), build, ready)
        return group

    get_group_from_info.netlog_lazy = True  # type: ignore[attr-defined]
    main.get_group_from_info = get_group_from_info


def _evaluated(func: Any) -> None:
    """Replace the string annotations of ``func`` by what they name, evaluated once.

    Nothing changes if one cannot be evaluated: Typer then evaluates them
    itself, as before, and reports what it finds.
    """
    annotations = getattr(func, "__annotations__", None)
    namespace = getattr(func, "__globals__", None)
    if not annotations or namespace is None:
        return
    if not any(isinstance(value, str) for value in annotations.values()):
        return
    try:
        evaluated = {
            name: eval(value, namespace) if isinstance(value, str) else value
            for name, value in annotations.items()
        }
    except Exception:
        return
    func.__annotations__ = evaluated


def _annotations_evaluated_once() -> None:
    """Make Typer evaluate each string annotation of a command once, not four times.

    netlog's modules use ``from __future__ import annotations``, so a command's
    annotations are strings. Typer reads a command's parameters twice
    (``typer.utils.get_params_from_function``), and each time evaluates every
    string twice (``inspect.signature(eval_str=True)``, then
    ``typing.get_type_hints``), compiling it each time: 38 compilations for
    ``netlog due`` (its command, the app's callback, the groups' callbacks),
    ~30 million instructions. This evaluates them once, in the function's own
    module as both of those do, and stores the result on the function. With
    another Typer layout nothing is changed.
    """
    try:
        from typer import main, utils
    except ImportError:
        return
    original = getattr(utils, "get_params_from_function", None)
    if original is None or getattr(original, "netlog_once", False):
        return

    def get_params_from_function(func: Any) -> Any:
        _evaluated(func)
        return original(func)

    get_params_from_function.netlog_once = True  # type: ignore[attr-defined]
    utils.get_params_from_function = get_params_from_function
    if getattr(main, "get_params_from_function", None) is original:
        main.get_params_from_function = get_params_from_function  # type: ignore[attr-defined]


def install() -> None:
    """Apply the six adjustments (idempotent)."""
    defer_imports()
    _defer_stand_ins()
    _build_on_demand()
    _use_light_coercion()
    _readable_help()
    _annotations_evaluated_once()
