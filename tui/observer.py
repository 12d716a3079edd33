"""Who is typing: the observer each note, answer and next step is saved under.

On a shared device the team picks who is typing with one key (ctrl+o cycles through
the walk's observers). The choice is kept per walk on this device (in the database's
local drafts table, never exported), so a resumed walk types as the same person. A run
started with ``classwalk --observer NAME`` types as NAME throughout and cannot switch.
"""

from __future__ import annotations

from classwalk.tui.text import TextProblem, clean_name

MAX_OBSERVER_LENGTH = 80


def observer_key(walk_id: str):
    """The draft holding who is typing in this walk on this device."""
    from classwalk.core.records.model import Draft
    from classwalk.core.storage.paths import this_device

    return Draft(slot="observer", walk_id=walk_id, device=this_device())


def check_observer_name(name: str) -> str:
    """The name given to ``--observer``, cleaned, or a TextProblem saying why it cannot be used."""
    return clean_name(name, "The observer's name", MAX_OBSERVER_LENGTH)


def walk_observer_names(walk) -> list[str]:
    """The walk's observers' names, in the order the walk lists them."""
    return [observer.name for observer in walk.observers]


def remembered_observer(door, walk) -> str:
    """Who was typing in ``walk`` on this device, else the walk's first observer ("" if none).

    ``door`` is the app's scoped :class:`classwalk.Classwalk` (a bare store still works).
    """
    names = walk_observer_names(walk)
    read = getattr(door, "draft", None) or door.get_draft
    try:
        kept = read(observer_key(walk.id))
    except Exception:  # an unreadable database: fall back to the first name, the walk still opens
        kept = ""
    if kept in names:
        return kept
    return names[0] if names else ""


def next_observer(walk, current: str) -> str:
    """The walk's observer after ``current`` (wrapping round); ``current`` if it is the only one."""
    names = walk_observer_names(walk)
    if not names:
        return current
    if current not in names:
        return names[0]
    return names[(names.index(current) + 1) % len(names)]


__all__ = [
    "TextProblem", "check_observer_name", "next_observer", "observer_key", "remembered_observer",
    "walk_observer_names",
]
