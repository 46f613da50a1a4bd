"""Message drafts filled from the log, and ``mailto:`` links that open them.

A draft is a :class:`string.Template` text file, ``templates/<kind>.txt``:
the first line is ``Subject: ...``, then a blank line, then the body. A file
with the same name in the folder passed as ``override_dir`` replaces the
built-in one, so users can write in their own voice.

Every field is text; a missing one is the empty string, and the phrase
fields below are built so that a missing part drops out cleanly (no "None",
no stray ``$name`` in the result).

Raw fields: ``$name $role $institution $event $met $topic $milestone
$next_step $your_name $your_intro $program $deadline $sent`` (dates read
like "12 March 2026"). ``$topic`` (also ``$note``) is what the user wrote
with ``--topic`` for drafts to recall; a note is private and never used.

Phrase fields: ``$greeting`` ("Dear Dr. Lee," or "Hello,"), ``$at_event``
(" at AAOS 2026"), ``$where_when`` (" at AAOS 2026 on 12 March 2026"),
``$sent_on`` (" of 3 March 2026"), ``$for_program`` (" for ..."),
``$to_program`` (" to ..."), ``$thanks_line``, ``$discussed_line``,
``$last_talk_line``, ``$recap_line``, ``$promise_line``, ``$intro_para``,
``$milestone_line``,
``$milestone_news``, ``$news_subject``, ``$next_step_line``,
``$deadline_line``.

What each kind says follows the guides (``shared/guides/``, by number):
a thank-you names one concrete thing (000, 002, 003); a follow-up after a
first meeting recalls where and what, and proposes a next step (000, 001,
002, 003, 004); a nudge is polite and sent once (004); an update says what
happened, what is next and asks one question (001, 004); a milestone closes
the loop with the people who helped (000, 002, 004); a meeting request
offers 15–20 minutes and an agenda (001, 003, 004); a letter request asks
early whether they could write a strong letter (001, 004).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template
from urllib.parse import quote

from netlog.errors import InvalidValue

DRAFT_KINDS: tuple[str, ...] = (
    "thanks",
    "followup",
    "nudge",
    "update",
    "milestone",
    "meeting",
    "letter",
    "nextstep",
    "reminder",
    "checkin",
)

# Each rule has its own draft: a next step to a mentor of three years is not a
# "pleased to meet you" note.
RULE_KINDS: dict[str, str] = {
    "conference-followup": "followup",
    "thank-you": "thanks",
    "reply-nudge": "nudge",
    "core-update": "update",
    "keep-warm": "checkin",
    "next-step": "nextstep",
    "milestone-loop": "milestone",
    "letter-reminder": "reminder",
}

FIELDS: frozenset[str] = frozenset(
    {
        "name",
        "topic",
        "promise_line",
        "role",
        "institution",
        "event",
        "met",
        "note",
        "milestone",
        "next_step",
        "your_name",
        "your_intro",
        "program",
        "deadline",
        "sent",
        "greeting",
        "at_event",
        "where_when",
        "sent_on",
        "for_program",
        "to_program",
        "thanks_line",
        "discussed_line",
        "last_talk_line",
        "recap_line",
        "intro_para",
        "milestone_line",
        "milestone_news",
        "news_subject",
        "next_step_line",
        "deadline_line",
    }
)

_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx"})
_GREETING_WORDS = re.compile(r"^(hi|hello|hey)\b[\s,!.]*", re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class DraftContext:
    """What the log knows that a message can use. Every field may be missing.

    ``note`` is the one specific thing to recall: the ``--topic`` the user
    wrote for drafts, never a private note.
    """

    name: str = ""
    role: str | None = None
    institution: str | None = None
    event: str | None = None
    met: date | None = None
    note: str | None = None
    milestone: str | None = None
    next_step: str | None = None
    your_name: str = ""
    your_intro: str = ""
    program: str | None = None
    deadline: date | None = None
    sent: date | None = None


@dataclass(slots=True, frozen=True)
class Draft:
    """A message ready to send: its kind, subject and body."""

    kind: str
    subject: str
    body: str

    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "body": self.body}


def kind_for_rule(rule_id: str) -> str:
    """The draft a due item calls for: a ``reply-nudge`` wants a nudge, and so on."""
    try:
        return RULE_KINDS[rule_id]
    except KeyError:
        raise InvalidValue(f"no draft for rule {rule_id!r}") from None


# --- building the fields ------------------------------------------------------


def _clean(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _sentence(prefix: str, text: str) -> str:
    """``prefix`` + ``text`` as one sentence, ending in exactly one stop."""
    text = text.rstrip()
    if not text:
        return ""
    if text[-1] not in ".!?…":
        text += "."
    return prefix + text


def greeting(name: str) -> str:
    """'Dear Dr. Lee,' for 'Dr. Amara Lee'; 'Dear <name>,' otherwise; 'Hello,' if unknown."""
    # A name written in two scripts, 'Dr. Wei Chen (陈伟)', is greeted by its first form.
    words = re.sub(r"\s*\([^()]*\)\s*$", "", name).split() or name.split()
    if not words:
        return "Hello,"
    if len(words) > 2 and words[0].rstrip(".").casefold() in _TITLES:
        return f"Dear {words[0]} {words[-1]},"
    return f"Dear {' '.join(words)},"


def _intro(text: str) -> str:
    """The spoken introduction, made fit for a letter: no leading 'Hi,'."""
    text = _GREETING_WORDS.sub("", _clean(text))
    return text[:1].upper() + text[1:] if text else ""


def fields(ctx: DraftContext) -> dict[str, str]:
    """Every template field for ``ctx``; missing parts are empty strings."""
    note = _clean(ctx.note)
    milestone = _clean(ctx.milestone)
    step = _clean(ctx.next_step)
    event = _clean(ctx.event)
    program = _clean(ctx.program)
    at_event = f" at {event}" if event else ""
    news = milestone if len(milestone) <= 60 else milestone[:57].rstrip() + "…"
    return {
        "name": _clean(ctx.name),
        "role": _clean(ctx.role),
        "institution": _clean(ctx.institution),
        "event": event,
        "met": _day(ctx.met),
        "note": note,
        "topic": note,
        "milestone": milestone,
        "next_step": step,
        "your_name": _clean(ctx.your_name),
        "your_intro": _clean(ctx.your_intro),
        "program": program,
        "deadline": _day(ctx.deadline),
        "sent": _day(ctx.sent),
        "greeting": greeting(ctx.name),
        "at_event": at_event,
        "where_when": at_event + (f" on {_day(ctx.met)}" if ctx.met else ""),
        "sent_on": f" of {_day(ctx.sent)}" if ctx.sent else "",
        "for_program": f" for {program}" if program else "",
        "to_program": f" to {program}" if program else "",
        "thanks_line": _sentence("What I valued most: ", note)
        or "[Name one specific thing you learned or appreciated.]",
        "discussed_line": _sentence("I have kept thinking about what we discussed: ", note)
        or "[Recall one thing you talked about.]",
        "last_talk_line": _sentence("When we last spoke, we talked about: ", note)
        or "[One line on what you last talked about.]",
        "recap_line": _sentence("In short, I had written about: ", note)
        or "[One line on what your email was about.]",
        "promise_line": _sentence("As promised, I am following up on: ", step)
        or "As promised, I am following up on [what you said you would do].",
        "intro_para": _intro(ctx.your_intro),
        "milestone_line": _sentence("The main news: ", milestone),
        "milestone_news": _sentence("I am glad to share some news: ", milestone)
        or "I am glad to share some news: [what happened].",
        "news_subject": f"Good news: {news}" if news else "Some good news",
        "next_step_line": _sentence("My next step: ", step),
        "deadline_line": _sentence("The first deadline is ", _day(ctx.deadline)),
    }


# --- templates ------------------------------------------------------------------


def template_text(kind: str, override_dir: Path | None = None) -> tuple[str, str]:
    """The template for ``kind`` and where it came from (a path or 'built-in')."""
    if kind not in DRAFT_KINDS:
        raise InvalidValue(f"unknown draft kind {kind!r} (use one of {', '.join(DRAFT_KINDS)})")
    if override_dir is not None:
        path = override_dir / f"{kind}.txt"
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8"), str(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidValue(f"cannot read template {path}: {exc}") from None
    built_in = Path(__file__).with_name("templates") / f"{kind}.txt"
    if built_in.is_file():  # installed as files: read directly (importlib.resources costs ~5 ms)
        return built_in.read_text(encoding="utf-8"), "built-in"
    from importlib.resources import files  # installed some other way (a zip)

    resource = files("netlog").joinpath("templates", f"{kind}.txt")
    return resource.read_text(encoding="utf-8"), "built-in"


def _fill(template_line: str, values: dict[str, str]) -> str:
    """One template line filled in; the gaps empty fields leave are closed.

    The template's own indentation is kept; spaces doubled by an empty field,
    and spaces left before punctuation, are removed.
    """
    indent = template_line[: len(template_line) - len(template_line.lstrip())]
    line = Template(template_line).safe_substitute(values).strip()
    line = re.sub(r" {2,}", " ", line)
    line = re.sub(r" +([.,;:!?])", r"\1", line)
    return indent + line if line else ""


def draft(kind: str, context: DraftContext, override_dir: Path | None = None) -> Draft:
    """The ``kind`` message for ``context``, from the user's template if there is one."""
    raw, source = template_text(kind, override_dir)
    head, sep, body = raw.partition("\n")
    if not head.startswith("Subject:") or not sep:
        raise InvalidValue(
            f"template {source} for {kind!r}: the first line must be 'Subject: ...', "
            "then a blank line, then the body"
        )
    template = Template(raw)
    unknown = sorted(set(template.get_identifiers()) - FIELDS)
    if unknown:
        raise InvalidValue(
            f"template {source} for {kind!r}: unknown field(s) "
            + ", ".join(f"${u}" for u in unknown)
        )
    values = fields(context)
    subject = _fill(head.removeprefix("Subject:").strip(), values)
    text = "\n".join(_fill(line, values) for line in body.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return Draft(kind, subject, text)


def mailto(email: str | None, message: Draft) -> str:
    """A ``mailto:`` URI (RFC 6068) that opens ``message`` addressed to ``email``.

    Subject and body are percent-encoded as UTF-8; line breaks become CRLF
    (``%0D%0A``) as the RFC asks. Without an address the link still opens a
    new message with the subject and body filled in.
    """
    address = quote((email or "").strip(), safe="@!$'()*+;:")
    body = message.body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(message.subject, safe='')}&body={quote(body, safe='')}"
