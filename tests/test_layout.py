"""Every view at 80 and 120 columns: nothing wider than the terminal, no word cut.

The network has names in Devanagari, CJK and Arabic and an institution name
longer than a line. Each view is run as on a terminal (``COLUMNS`` set, the
renderer told stdout is a terminal) and piped; a word is cut when a piece of
the terminal text is not a whole word of the piped text, which prints
everything on one line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from netlog.printing import layout

ANSI = re.compile(r"\x1b\[[0-9;]*m")

LONG_INSTITUTION = (
    "All India Institute of Medical Sciences, Department of Orthopaedics "
    "and Trauma Surgery, New Delhi"
)
PEOPLE = [
    ("Dr. Rohan Mehta (रोहन मेहता)", LONG_INSTITUTION, "ortho"),
    ("Dr. Wei Chen (陈伟)", "北京协和医院 Peking Union Medical College Hospital", "ortho"),
    ("Dr. Aisha Rahman (عائشة رحمن)", "King Faisal Specialist Hospital & Research Centre", ""),
    ("Dr. Maya Patel", "Massachusetts General Hospital", "research"),
]


def make_network(netlog: Any, tmp_path: Path) -> None:
    for name, institution, tag in PEOPLE:
        args = ["add", name, "--institution", institution, "--at", "AAOS 2026"]
        args += ["--met", "2026-10-20", "--role", "attending, orthopaedic trauma surgery"]
        args += ["--tag", tag] if tag else []
        assert netlog(*args).exit_code == 0
    netlog("edit", "patel", "--core", "--type", "mentor:research", "--type", "sponsor")
    netlog("edit", "mehta", "--type", "mentor:clinical")
    netlog(
        "log",
        "patel",
        "--kind",
        "meeting",
        "--via",
        "video",
        "--date",
        "2026-11-02",
        "--note",
        "Talked through the registry abstract and the conference-followup timing "
        "for the international medical graduates' mentorship programme",
        "--next",
        "send the revised abstract with the figures",
        "--due",
        "2026-11-06",
    )
    netlog("log", "chen", "--kind", "shadowing", "--date", "2026-11-03", "--via", "in-person")
    netlog("log", "rahman", "--kind", "question", "--awaiting-reply", "--date", "2026-10-27")
    netlog("read", "JBJS review of registry outcomes", "--for", "patel", "--date", "2026-11-01")
    netlog("letters", "ask", "patel", "--for", "Orthopaedic surgery residency match 2027")
    (tmp_path / "people.csv").write_text(
        "name,institution\nDr. Kenji Sato (佐藤健二),東京大学医学部附属病院\n", encoding="utf-8"
    )


VIEWS = [
    ["due"],
    ["due", "--within", "30"],
    ["show", "patel"],
    ["show", "mehta"],
    ["show", "patel", "--search", "registry"],
    ["week"],
    ["list"],
    ["list", "--search", "registry"],
    ["team"],
    ["letters"],
    ["stats"],
    ["prep", "AAOS 2026"],
    ["undo", "--list"],
    ["doctor"],
    ["remind"],
    ["config"],
]


def words(text: str) -> set[str]:
    return set(ANSI.sub("", text).split())


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Any:
    from netlog.printing import console

    def at(columns: int | None) -> None:
        if columns is None:
            monkeypatch.setattr(console, "is_terminal", lambda: False)
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setattr(console, "is_terminal", lambda: True)
            monkeypatch.setenv("COLUMNS", str(columns))

    return at


@pytest.mark.parametrize("columns", [80, 120])
def test_every_view_fits_the_terminal_without_cutting_a_word(
    netlog: Any, terminal: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    make_network(netlog, tmp_path)
    runs = [*VIEWS, ["import", str(tmp_path / "people.csv"), "--dry-run"]]
    for args in runs:
        terminal(None)
        piped = netlog(*args)
        assert piped.exit_code == 0, (args, piped.stderr)
        terminal(columns)
        shown = netlog(*args)
        assert shown.exit_code == 0, (args, shown.stderr)
        text = ANSI.sub("", shown.stdout)
        for line in text.splitlines():
            assert layout.display_width(line) <= columns, (args, line)
            assert cell_len(line) <= columns, (args, line)
        whole = words(piped.stdout) | {
            "·",
            "—",
            "most",
            "urgent",
            "first",
            "(highlighted)",
            "Network",
            "health",
        }
        pieces = {w for w in words(shown.stdout) if not set(w) <= {"─"}}
        # Table headers may come apart between their words ("last contact").
        headers = {"last", "contact", "next", "due", "types:", "why:", "matched:"}
        cut = pieces - whole - headers
        assert not cut, (args, sorted(cut))


def test_due_at_80_columns_is_a_few_lines_an_item_what_then_why(netlog: Any, terminal: Any) -> None:
    netlog("add", "Dr. Wei Chen (陈伟)", "--at", "AAOS 2026", "--met", "2026-11-01")
    netlog("add", "Dr. Emily Brooks", "--met", "2026-11-03")
    terminal(80)
    lines = netlog("due", env={"NO_COLOR": "1"}).stdout.splitlines()
    assert lines[0].startswith("Due 2026-11-05: 1 overdue, 1 within 7d")
    # when, who and what on the first line; the rule and the reason below, hanging.
    assert lines[1].startswith("1d overdue  Dr. Wei Chen (陈伟)")
    assert "send a short note" in lines[1]
    assert any(line.lstrip().startswith("conference-followup · met at AAOS 2026") for line in lines)
    assert all(line.startswith(" " * 12) for line in lines[2:4])
    assert len(lines) <= 1 + 2 * 4  # (a table row took 5 to 7)


def test_due_at_160_columns_lines_the_names_up(netlog: Any, terminal: Any) -> None:
    netlog("add", "Dr. Wei Chen (陈伟)", "--at", "AAOS 2026", "--met", "2026-11-01")
    netlog("add", "Dr. Emily Brooks", "--met", "2026-11-03")
    terminal(160)
    lines = netlog("due", env={"NO_COLOR": "1"}).stdout.splitlines()
    first, second = [line for line in lines[1:] if line[:1].strip()]  # one line each
    # The actions start in the same terminal column whatever the name's script.
    assert layout.display_width(first[: first.index("send")]) == layout.display_width(
        second[: second.index("send")]
    )


def test_colour_only_on_a_terminal_and_never_with_no_color(netlog: Any, terminal: Any) -> None:
    netlog("add", "Dr. Wei Chen", "--at", "AAOS 2026", "--met", "2026-11-01")
    terminal(80)
    assert ANSI.search(netlog("due").stdout)
    assert not ANSI.search(netlog("due", env={"NO_COLOR": "1"}).stdout)
    terminal(None)
    assert not ANSI.search(netlog("due").stdout)


# --- the wrapping itself ----------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "conference-followup",
        "रोहन",
        "मेहता",
        "陈伟",
        "北京协和医院",
        "عائشة",
        "Charité",
        "a",
        "of",
        "2026-11-19",
    ]
)


@given(st.lists(WORDS, max_size=40), st.integers(min_value=20, max_value=160))
def test_wrapping_never_cuts_a_word_that_fits_a_line(text: list[str], width: int) -> None:
    lines = layout.wrap(" ".join(text), width, first="  ", rest="    ")
    assert all(layout.display_width(line) <= width for line in lines)
    assert " ".join(lines).split() == text


def test_a_word_wider_than_the_line_is_the_only_thing_cut() -> None:
    lines = layout.wrap("see https://example.org/" + "x" * 40, 20)
    assert lines[0] == "see"
    assert all(layout.display_width(line) <= 20 for line in lines)


def test_display_width_counts_wide_and_combining_characters() -> None:
    assert layout.display_width("陈伟") == 4
    assert layout.display_width("e\u0301") == 1  # e + combining acute
    assert layout.display_width("रोहन") == 4  # the vowel sign takes a column, as wcwidth says
    assert layout.display_width("प्रिया") == 5  # the virama takes none, vowel signs one


def test_a_table_too_wide_for_its_words_becomes_blocks() -> None:
    rows = [["Dr. Rohan Mehta (रोहन मेहता)", LONG_INSTITUTION, "mentor:clinical"]]
    lines = layout.grid(["name", "institution", "types"], rows, 30)
    assert all(layout.display_width(line) <= 30 for line in lines)
    assert " ".join(lines).split().count("Orthopaedics") == 1


def test_json_rows_streamed_are_byte_for_byte_the_json_of_the_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from netlog.printing import console

    for rows in ([], [{"a": 1}], [{"name": "Zoë", "tags": ["x"]}, {"n": None}] * 700):
        console.print_json(rows)
        whole = capsys.readouterr().out
        console.print_json_rows(iter(rows))
        assert capsys.readouterr().out == whole
