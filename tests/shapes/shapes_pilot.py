"""Helpers for the capture-shape UI tests: the screen as text, a walk in a room."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict

from classwalk.core.model import Observer, Visit, Walk

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


class MovableClock:
    """A clock tests move by hand: ``advance(seconds)``."""

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screen_text(app) -> str:
    """What the terminal shows, as plain lines (read back from the app's SVG screenshot)."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for match in _SVG_TEXT.finditer(app.export_screenshot()):
        rows[float(match.group(2))].append((float(match.group(1)), html.unescape(match.group(3)).replace("\xa0", " ")))
    return "\n".join("".join(text for _x, text in sorted(row)).rstrip() for _y, row in sorted(rows.items()))


def walk_in_room(classwalk, protocol_id: str, started_at, observers=("Ana",), classroom="Lab 2"):
    """A walk of ``protocol_id`` with one visit begun at ``started_at``."""
    walk = Walk(protocol_id=protocol_id, school="Hillside High", date=started_at.date(),
                observers=tuple(Observer(name=name) for name in observers))
    classwalk.store.save_walk(walk)
    visit = Visit(walk_id=walk.id, classroom=classroom, observer=observers[0], started_at=started_at)
    classwalk.store.save_visit(visit)
    return walk, visit
