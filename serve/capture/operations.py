"""Apply one operation a capture page queued on the device: a visit, a note, an edit...

Every operation names its walk (and visit) and carries an id made on the device, so a
repeat (a retry after a lost answer) stores nothing twice. Each goes through the public
API as the logged-in observer; a problem is one line naming what and where.
"""

from __future__ import annotations

import datetime as dt

from classwalk.core.errors import ClasswalkError, NotFound

MAX_NOTE = 5000
_TYPES = ("visit", "end_visit", "note", "edit", "delete", "restore", "answer", "end_walk",
          "mark", "clock", "count", "item")
_CAPTURE = ("mark", "clock", "count", "item")


def _text(op: dict, key: str, required: bool = False) -> str:
    value = op.get(key, "")
    if not isinstance(value, str):
        raise ClasswalkError(f"{key}: expected text")
    if required and not value.strip():
        raise ClasswalkError(f"{key}: must not be empty")
    if len(value) > MAX_NOTE:
        raise ClasswalkError(f"{key}: longer than {MAX_NOTE} characters")
    return value


def _list(op: dict, key: str) -> list[str]:
    value = op.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClasswalkError(f"{key}: expected a list of ids")
    return value


def _at(op: dict) -> dt.datetime | None:
    """When the device says it happened (never in the future; the server's clock otherwise)."""
    value = op.get("at")
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ClasswalkError(f"at: {value!r} is not a time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    now = dt.datetime.now(dt.timezone.utc)
    return min(moment, now)


class Operations:
    """The operations one account may apply, through ``classwalk`` (the public API)."""

    def __init__(self, classwalk, account):
        self.api = classwalk
        self.account = account

    def walk(self, walk_id: str):
        """The walk, if this account may see it (an account limited to a school sees only its walks)."""
        if not isinstance(walk_id, str) or not walk_id:
            raise ClasswalkError("walk: missing")
        try:
            walk = self.api.walk(walk_id)  # kept to the account's scope
        except NotFound:
            walk = None
        if walk is None or walk.id != walk_id:
            raise NotFound(f"no walk with id {walk_id}")
        return walk

    def visit(self, walk, visit_id: str):
        found = next((v for v in self.api.visits(walk) if v.id == visit_id), None)
        if found is None:
            raise NotFound(f"no visit {visit_id} in this walk")
        return found

    def own_note(self, walk, note_id: str):
        try:
            note = self.api.note(str(note_id))
        except NotFound:
            note = None
        if note is None or note.walk_id != walk.id:
            raise NotFound(f"no note {note_id} in this walk")
        if note.observer != self.account.observer:
            raise ClasswalkError(f"note {note_id[:8]}: written by {note.observer}; only they change it")
        return note

    def _saved_note(self, walk, note_id):
        """The note already stored under this id (a retry), or None."""
        if not isinstance(note_id, str):
            return None
        try:
            note = self.api.note(note_id)
        except NotFound:
            return None
        if note.walk_id != walk.id:
            raise ClasswalkError(f"note id {note_id}: already used by another walk")
        return note

    def _capture(self, kind: str, walk, op: dict, me: str):
        """An interval tick, a clock change, a snapshot count or a typed item's answer."""
        visit = self.visit(walk, op.get("visit"))
        if visit.observer != me:
            raise ClasswalkError(f"visit {visit.classroom}: {visit.observer}'s visit; code your own")
        at = _at(op)
        if kind == "mark":
            return self.api.set_code(visit, str(op.get("code", "")), interval=op.get("interval"),
                                           ticked=bool(op.get("ticked", True)), choice=str(op.get("choice") or ""),
                                           observer=me, at=at)
        if kind == "clock":
            if op.get("kind") not in ("pause", "resume", "advance"):
                raise ClasswalkError(f"clock: {op.get('kind')!r} is not pause, resume or advance")
            return self.api.interval_clock(visit, op["kind"], observer=me, at=at, id=op.get("id"))
        if kind == "count":
            return self.api.count_snapshot(visit, str(op.get("snapshot", "")), op.get("count"),
                                                 op.get("present"), observer=me, at=at, id=op.get("id"))
        return self.api.answer_visit_item(visit, str(op.get("item", "")), _text(op, "value"),
                                                observer=me, at=at)

    def apply(self, op: dict):
        """Apply ``op``; returns (the record changed or None, the feed event or None)."""
        kind = op.get("type")
        if kind not in _TYPES:
            raise ClasswalkError(f"type: {kind!r} is not one of {', '.join(_TYPES)}")
        walk = self.walk(op.get("walk"))
        me = self.account.observer
        if op.get("observer") not in (None, me):
            raise ClasswalkError(f"observer: this was written by {op.get('observer')}; log in as them to send it")
        if kind == "visit":
            walk = self.api.join_walk(walk, me)  # joining a walk puts the observer on its team
            visit = self.api.start_visit(walk, _text(op, "classroom", True).strip(),
                                               teacher=_text(op, "teacher").strip(), observer=me,
                                               at=_at(op), id=op.get("id"))
            return visit, {"type": "visit", "observer": me, "room": visit.classroom, "visit": visit.id,
                           "ended": visit.ended}
        if kind == "end_visit":
            visit = self.visit(walk, op.get("visit"))
            if visit.observer != me:
                raise ClasswalkError(f"visit {visit.classroom}: {visit.observer}'s visit; they end it")
            if not visit.ended:
                visit = self.api.end_visit(visit, at=_at(op))
            return visit, {"type": "visit", "observer": me, "room": visit.classroom, "visit": visit.id,
                           "ended": True}
        if kind == "end_walk":
            return self.api.end_walk(walk), {"type": "walk_ended", "observer": me}
        if kind == "note":
            visit = self.visit(walk, op.get("visit"))
            saved = self._saved_note(walk, op.get("id"))
            if saved is not None:
                return saved, None
            if visit.observer != me:
                raise ClasswalkError(f"visit {visit.classroom}: {visit.observer}'s visit; notes go into your own")
            if visit.ended and (_at(op) or dt.datetime.now(dt.timezone.utc)) > visit.ended_at:
                raise ClasswalkError(f"visit {visit.classroom} had ended before this note was written")
            student = op.get("student") or None
            note = self.api.record(
                visit, _text(op, "text", True), kind=op.get("kind") or None, look_fors=_list(op, "look_fors"),
                student_groups=_list(op, "groups"), mark=op.get("mark") or None, student=student,
                question=op.get("question") or None, observer=me, at=_at(op), id=op.get("id"))
            return note, {"type": "note", "note": note}
        if kind in _CAPTURE:
            return self._capture(kind, walk, op, me), None
        if kind == "answer":
            return self.api.answer(walk, str(op.get("prompt", "")), _text(op, "text"), author=me), None
        note = self.own_note(walk, op.get("note"))
        if kind == "edit":
            note = self.api.edit_evidence(note, editor=me, text=_text(op, "text", True),
                                                look_fors=_list(op, "look_fors"), student_groups=_list(op, "groups"),
                                                mark=op.get("mark") or "")
            return note, {"type": "note", "note": note}
        if kind == "delete":
            self.api.delete_evidence(note, by=me)
            return None, {"type": "deleted", "id": note.id, "observer": me}
        self.api.restore_evidence(note)
        return None, {"type": "note", "note": self.own_note(walk, note.id)}
