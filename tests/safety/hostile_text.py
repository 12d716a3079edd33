"""Terminal-hostile text, and a database and protocol folder full of it, for the output tests.

Each piece is something a terminal obeys rather than shows: OSC 52 (writes the
clipboard), OSC 2 (the window title), CSI (clears the screen, colours), their 8-bit C1
forms, other C0 controls, and bidirectional overrides and isolates; and characters a
terminal draws as nothing, so text reads other than it is stored (the soft hyphen, zero-width
characters, the Mongolian vowel separator, the combining grapheme joiner, tag characters,
Hangul fillers).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

import tomli_w
from hypothesis import strategies as st

from classwalk.api import Classwalk
from classwalk.core.records.model import (
    Cycle, DebriefResponse, Evidence, Feedback, NextStep, Observer, Visit, Walk,
)
from tests.support.clock import at

PIECES = (
    "\x1b]52;c;aGVsbG8=\x07", "\x1b]2;owned\x07", "\x1b]2;owned\x1b\\", "\x1b[2J", "\x1b[31m",
    "\x1bc", "\x9b2J", "\x9d0;title\x9c", "\x85", "\u202e", "\u2066", "\u200f", "\x07", "\x08",
    "\r", "\x0b", "\x7f", "\x1b",
    "\xad", "\u180e", "\u034f", "\U000e0041", "\U000e007f", "\u200b", "\u2060", "\u3164", "\ufeff",
    "\u0600", "\U0001d173",
)
WORDS = st.text(st.characters(categories=("L", "N"), max_codepoint=0x2FFF), min_size=1, max_size=6)
HOSTILE = st.lists(st.tuples(WORDS, st.sampled_from(PIECES)).map("".join), min_size=1, max_size=3).map(
    lambda parts: " ".join(parts) + " end"
)


def _never_drawn() -> str:
    """A character class of what may never reach a terminal raw: C0 controls but newline and
    tab, DEL, C1, surrogates, every format character (Cf), line and paragraph separators, and
    Unicode's default-ignorable code points other than variation selectors."""
    ignorable = [(0x34F, 0x34F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
                 (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE00FF), (0xE01F0, 0xE0FFF)]
    codes = [c for c in range(0x110000)
             if unicodedata.category(chr(c)) in ("Cf", "Zl", "Zp", "Cs")
             or (unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\n\t")]
    codes += [c for start, end in ignorable for c in range(start, end + 1)]
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\U{start:08x}-\\U{end:08x}" for start, end in ranges)


NEVER_DRAWN = _never_drawn()
RAW_CONTROL = re.compile(f"[{NEVER_DRAWN}]")
DAY = dt.date(2026, 11, 2)


def assert_no_raw_controls(text: str, where: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, f"{where}: raw {found.group(0)!r} in {text[max(0, found.start() - 40):found.end() + 40]!r}"


class HostileWorld:
    """A database and a protocol folder where every stored or declared text is ``text``."""

    def __init__(self, folder: Path, text: str):
        self.text = text
        self.db_path = folder / "walks.db"
        self.protocols = folder / "protocols"
        self.protocols.mkdir(parents=True, exist_ok=True)
        self.protocol_file = self.protocols / "hostile.toml"
        self.protocol_file.write_text(tomli_w.dumps({
            "extends": "downey", "id": "hostile", "name": text, "description": text,
            "relabel": {"look_fors": {"orientation.on_task": text},
                        "debrief_prompts": {"orientation": text}},
        }), encoding="utf-8")
        (self.protocols / f"broken {text[:12]}.toml").write_text(f"name = {text!r}\nx = [", encoding="utf-8")
        self.cycle = Cycle(name=text, school=text, focus=text)
        self.walk = Walk(protocol_id="downey", school=text, date=DAY, focus=text, guiding_question=text,
                         observers=(Observer(name=text, role=""),), cycle_id=self.cycle.id, name_rooms=True,
                         status="debriefing")
        self.visit = Visit(walk_id=self.walk.id, classroom=text, teacher=text, grade=text, subject=text,
                           observer=text, started_at=at(9, day=DAY), ended_at=at(9, 5, day=DAY))
        records = [
            self.cycle, self.walk, self.visit,
            Evidence(walk_id=self.walk.id, visit_id=self.visit.id, kind="observation", text=text,
                     look_fors=("orientation.on_task",), observer=text, captured_at=at(9, 1, day=DAY)),
            DebriefResponse(walk_id=self.walk.id, prompt_id="orientation", text=text, author=text),
            NextStep(walk_id=self.walk.id, text=text, owner=text, kind=text, due=DAY),
        ]
        self.feedback = Feedback(visit_id=self.visit.id, teacher=text, question=text, due=at(8, day=DAY))
        records.append(self.feedback)
        classwalk = Classwalk(db_path=self.db_path, protocol_dirs_=[self.protocols])
        try:
            classwalk.store.save_many(records)
        finally:
            classwalk.close()

    @contextlib.contextmanager
    def protocol_path(self):
        """While inside, the CLI reads this world's protocol folder."""
        before = os.environ.get("CLASSWALK_PROTOCOL_PATH")
        os.environ["CLASSWALK_PROTOCOL_PATH"] = str(self.protocols)
        try:
            yield
        finally:
            os.environ["CLASSWALK_PROTOCOL_PATH"] = before or ""

    def commands(self) -> list[list[str]]:
        """Every command that shows stored or file text, and some that fail on it."""
        walk, cycle, text = self.walk.id[:8], self.cycle.id[:8], self.text
        listing = [
            ["walks"], ["walks", "--school", text],
            ["export", walk, "--format", "csv"], ["export", walk, "--format", "md"],
            ["report", "walk", walk], ["report", "walk", walk, "--format", "csv"],
            ["report", "school", text], ["report", "school", text, "--format", "csv"],
            ["report", "cycle", cycle], ["report", "district"], ["report", "district", "--format", "csv"],
            ["coverage", "--from", "2026-10-01", "--to", "2026-11-30"],
            ["coverage", "--from", "2026-10-01", "--to", "2026-11-30", "--format", "csv"],
            ["calibration", walk], ["protocols"], ["protocols", "show", "hostile"],
            ["protocols", "export", "hostile"], ["protocols", "check", str(self.protocol_file)],
            ["plugins"], ["feedback"], ["feedback", "--due"], ["feedback", "teacher", text],
            ["cycles"], ["cycles", "next", cycle, "--dry-run"],
            # refusals that quote what was given
            ["export", text], ["report", "school", text, "--table", text], ["protocols", "show", text],
            ["protocols", "check", str(self.protocols / f"{text[:20]}.toml")],
            ["feedback", "draft", text], ["cycles", "next", text],
        ]
        return [["--db", str(self.db_path), *command] for command in listing]
