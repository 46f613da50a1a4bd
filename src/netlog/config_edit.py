"""``netlog config set/unset/get``: one settings key from the command line.

A key is set in the TOML file keeping the rest of it (comments, order,
layout) as written, with :mod:`tomlkit`. The new file is checked exactly as
netlog checks it when it loads (:func:`netlog.config.settings_from_dict`)
before anything is written, and written privately (0600) and atomically (a
temporary file in the same folder, flushed to disk, renamed over the old
one); a settings file that is a symbolic link (dotfiles kept elsewhere) has
its target replaced, and the link stays.

The command that sets a key records it in the database's change log
(:func:`netlog.storage.changes.record_config`), so ``netlog undo`` puts the key's
old value back, in the same order as every other change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netlog.config import INTERVAL_WINDOWS, PROFILES, ROUTINES, Settings, settings_from_dict
from netlog.errors import ConfigError, InvalidValue

INT, TEXT, WORDS = "whole number", "text", "list"


@dataclass(frozen=True)
class Key:
    name: str  # dotted: "intervals.keep_warm_days"
    kind: str  # INT, TEXT or WORDS
    choices: tuple[str, ...] = ()
    help: str = ""


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("profile", TEXT, PROFILES, "who you are: the team kinds and the default routine"),
        Key("routine", TEXT, ROUTINES, "the checklist 'netlog week' follows"),
        *(
            Key(f"intervals.{key}", INT, help=f"days, {low}–{high}")
            for key, _attr, low, high in INTERVAL_WINDOWS
        ),
        Key("backlog.per_day", INT, help="items a day after a pause, 1–50"),
        Key("team.kinds", WORDS, help="mentor kinds added to the team"),
        Key("communities", WORDS, help="the communities the resident routine names"),
        Key("you.name", TEXT, help="your name, for drafts"),
        Key("you.intro", TEXT, help="your introduction, for drafts and prep"),
        Key("you.institutions", WORDS, help="your institutions, for prep"),
    )
}
# A key typed without its section means the one key of that name.
_SHORT = {name.rsplit(".", 1)[-1]: name for name in KEYS if "." in name}


def key(name: str) -> Key:
    """The settable key ``name`` (an interval may be given without ``intervals.``)."""
    wanted = name.strip().lower()
    if wanted in KEYS:
        return KEYS[wanted]
    if wanted in _SHORT:
        return KEYS[_SHORT[wanted]]
    from netlog.words import suggest

    near = suggest(wanted, [*KEYS, *_SHORT])
    hint = f" (did you mean '{_SHORT.get(near, near)}'?)" if near else ""
    raise InvalidValue(
        f"unknown settings key {name!r}{hint}: see 'netlog config set --help' for the keys"
    )


def parse_value(k: Key, values: list[str]) -> object:
    """The TOML value for ``values`` as typed (several words for a list key)."""
    if k.kind == WORDS:
        items = [" ".join(v.split()) for v in values]
        return [v for v in items if v]
    if len(values) != 1:
        raise InvalidValue(f"{k.name} takes one value, not {len(values)}")
    text = values[0].strip()
    if k.kind == INT:
        if not (text.isascii() and text.lstrip("-").isdigit()):
            raise InvalidValue(f"{k.name} must be a whole number, not {values[0]!r}")
        return int(text)
    if k.choices:
        word = text.lower()
        if word not in k.choices:
            from netlog.words import did_you_mean

            raise InvalidValue(
                f"invalid {k.name} {values[0]!r}{did_you_mean(word, k.choices)}: "
                f"choose one of {', '.join(k.choices)}"
            )
        return word
    return text


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def read(path: Path) -> tuple[str | None, Any]:
    """The file's text (None when there is none) and its tomlkit document."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        text: str | None = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise ConfigError(f"cannot read config {path}: {reason}") from None
    try:
        return text, tomlkit.parse(text or "")
    except TOMLKitError as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}; fix it by hand") from None


def current(doc: Any, name: str) -> object:
    """The value ``name`` has in the file (None when the file does not set it)."""
    node: Any = doc
    for part in name.split("."):
        if not hasattr(node, "get") or part not in node:
            return None
        node = node[part]
    return _plain(node)


def with_value(doc: Any, name: str, value: object) -> Any:
    """``doc`` with ``name`` set to ``value`` (None removes it); ``doc`` is changed."""
    import tomlkit

    *sections, last = name.split(".")
    node: Any = doc
    for part in sections:
        if part not in node:
            if value is None:
                return doc
            node.add(part, tomlkit.table())
        node = node[part]
    if value is None:
        if last in node:
            del node[last]
        if sections and not node and not node.as_string().strip():
            del doc[sections[0]]  # a section left with neither keys nor comments
    else:
        node[last] = value
    return doc


def check(text: str, path: Path) -> Settings:
    """The settings ``text`` gives, refused exactly as netlog refuses the file."""
    import tomllib

    return settings_from_dict(tomllib.loads(text), source=str(path))


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` (its target, if a link) with ``text``: mode 0600, all or nothing."""
    from netlog.files import private_file

    with private_file(path, make_folder=True, follow_link=True) as handle:
        handle.write(text.encode("utf-8"))


def remove(path: Path) -> None:
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    target.unlink(missing_ok=True)


def revert(item: dict[str, Any]) -> str | None:
    """Undo one recorded ``config set``: put the key's old value back.

    Returns a note when the key was changed by hand since (the newer hand
    edit is kept, never overwritten), else None.
    """
    import tomlkit

    path = Path(item["path"])
    name, before, after = item["key"], item["before"], item["after"]
    text, doc = read(path)
    now = current(doc, name)
    if now == before and not (before is None and item.get("created") and text is not None):
        return None  # already as it was
    if now != after:
        shown = "not set" if now is None else f"now {tomlkit.item(now).as_string()}"
        return f"{name} was changed in {path} since ({shown}); left as it is"
    doc = with_value(doc, name, before)
    if item.get("created") and not _plain(doc):
        remove(path)
        return None
    write_private(path, tomlkit.dumps(doc))
    return None


def in_force(settings: Settings, doc: Any, name: str) -> object:
    """The value ``name`` has in the settings in force (a default if the file is silent)."""
    if name.startswith("intervals."):
        attr = next(a for k, a, *_ in INTERVAL_WINDOWS if f"intervals.{k}" == name)
        return getattr(settings.intervals, attr)
    simple: dict[str, object] = {
        "profile": settings.profile,
        "routine": settings.routine,
        "backlog.per_day": settings.spread_per_day,
        "communities": list(settings.communities),
        "you.name": settings.name,
        "you.intro": settings.intro,
        "you.institutions": list(settings.institutions),
    }
    if name in simple:
        return simple[name]
    return current(doc, name) or []  # team.kinds: the kinds added to the profile's
