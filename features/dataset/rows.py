"""The rows of every dataset table for the walks of one school, read from one database.

Ids and labels both: each id column that names something in a protocol (a look-for, a
code, a choice) has its label beside it, from the protocol the walk was recorded under.
Teachers become pseudonyms (:mod:`.pseudonyms`) in their own columns and in free text.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

from attrs import evolve

from classwalk.core.protocols.capture import qualified
from classwalk.core.records.model import Cycle
from classwalk.features.outputs.anonymise import Anonymiser
from classwalk.features.reports.lessons import group_visits, observer_codings

INTERVAL_NAMESPACE = uuid.UUID("0b5f3d6e-1c2a-4f7b-8e9d-6a4c2b1f0e53")
SCHOOL_YEAR_STARTS = 7  # July


def school_year(date: dt.date) -> str:
    """``2026-2027`` for any date from 1 July 2026 to 30 June 2027."""
    first = date.year if date.month >= SCHOOL_YEAR_STARTS else date.year - 1
    return f"{first}-{first + 1}"


def interval_id(visit_id: str, observer: str, number: int) -> str:
    """The one id of an interval of one observer's coding of a visit."""
    return str(uuid.uuid5(INTERVAL_NAMESPACE, "\x1f".join((visit_id, observer, str(number)))))


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.timezone.utc)


class SchoolRows:
    """Collects the rows of one school's walks (all protocols) from one store."""

    def __init__(self, store, registry, walks, pseudonyms):
        self.store, self.registry, self.pseudonyms = store, registry, pseudonyms
        self.walks = sorted(walks, key=lambda w: (w.date, w.created_at, w.id))
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self._school_rewriter: Anonymiser | None = None
        self._look_fors: dict[tuple, tuple] = {}
        self.visits = {walk.id: store.visits_for_walk(walk.id) for walk in self.walks}
        every_visit = [visit for visits in self.visits.values() for visit in visits]
        self.groups = group_visits(every_visit)
        self.classroom_visit = {visit.id: group[0].id for group in self.groups for visit in group}

    def build(self) -> dict[str, list[dict]]:
        lead_numbers = self._intervals()
        for walk in self.walks:
            self._walk(walk, lead_numbers)
        return self.rows

    # walks, visits, observers ----------------------------------------------------

    def _walk(self, walk, observer_numbers: dict[str, int]) -> None:
        protocol = self.registry.find(walk.protocol_id)
        cycle = self.store.get_cycle(walk.cycle_id) if walk.cycle_id and self.store._exists(
            Cycle, walk.cycle_id) else None
        visits = self.visits[walk.id]
        rewrite = self._rewriter(walk, visits)
        self.rows["walks"].append({
            "walk_id": walk.id, "protocol_id": walk.protocol_id,
            "protocol_name": protocol.name if protocol else walk.protocol_id,
            "protocol_version": walk.protocol_version, "school": walk.school, "date": walk.date,
            "focus": rewrite(walk.focus), "guiding_question": rewrite(walk.guiding_question),
            "focus_categories": ";".join(walk.focus_categories), "mode": walk.mode, "status": walk.status,
            "cycle_id": walk.cycle_id, "cycle_name": cycle.name if cycle else None,
            "observers": len(walk.observers), "created_at": _utc(walk.created_at), "updated_at": _utc(walk.updated_at),
        })
        for observer in walk.observers:
            self.rows["observers"].append({"walk_id": walk.id, "observer": observer.name, "role": observer.role})
        by_group = defaultdict(list)
        for group in self.groups:
            for visit in group:
                by_group[group[0].id].append(visit)
        for visit in visits:
            group = by_group[self.classroom_visit[visit.id]]
            first_observers = list(dict.fromkeys(v.observer for v in group))
            number = observer_numbers.get(visit.id) or first_observers.index(visit.observer) + 1
            self.rows["visits"].append({
                "visit_id": visit.id, "walk_id": walk.id, "classroom_visit_id": self.classroom_visit[visit.id],
                "classroom": visit.classroom, "teacher": self.pseudonyms.teacher(visit.teacher),
                "grade": visit.grade, "subject": visit.subject, "observer": visit.observer,
                "observer_number": number, "started_at": _utc(visit.started_at), "ended_at": _utc(visit.ended_at),
                "minutes": round(visit.elapsed_seconds() / 60, 3) if visit.ended_at else None,
                "slice_kind": visit.slice.kind if visit.slice else None,
                "slice_tier": visit.slice.tier if visit.slice else None,
            })
        self._notes(walk, protocol, rewrite)
        self._snapshots(walk, protocol)
        self._items(walk, protocol)
        self._debrief(walk, protocol, rewrite)
        for visit in visits:
            for feedback in self.store.feedback_for_visit(visit.id):
                self.rows["feedback"].append({
                    "feedback_id": feedback.id, "walk_id": walk.id, "visit_id": visit.id,
                    "classroom_visit_id": self.classroom_visit[visit.id],
                    "teacher": self.pseudonyms.teacher(feedback.teacher), "question": rewrite(feedback.question),
                    "status": feedback.status, "due": _utc(feedback.due), "author": feedback.author,
                    "updated_at": _utc(feedback.updated_at),
                })

    def _rewriter(self, walk, visits):
        """Free text with teachers' names replaced by their pseudonyms (or as written).

        One rewriter for the whole school, knowing every teacher of its visits: a colleague
        named in a note of another walk is found too (building one compiles a pattern of
        every name, once)."""
        if not self.pseudonyms.hides_names:
            return lambda text: text
        if self._school_rewriter is None:
            every = [visit for visits in self.visits.values() for visit in visits]
            labels = {visit.id: visit.classroom for visit in every}
            self._school_rewriter = Anonymiser(evolve(walk, name_rooms=True), every, labels,
                                               teacher_name=self.pseudonyms.teacher)
        return self._school_rewriter

    def _look_for(self, protocol, look_for_id: str) -> tuple:
        """(label, category id, category label) of a look-for, looked up once per protocol."""
        key = (protocol.id if protocol else None, look_for_id)
        if key not in self._look_fors:
            category = protocol.category_of(look_for_id) if protocol else None
            self._look_fors[key] = (protocol.look_for_label(look_for_id) if protocol else look_for_id,
                                    category.id if category else None, category.label if category else None)
        return self._look_fors[key]

    # notes --------------------------------------------------------------------

    def _notes(self, walk, protocol, rewrite) -> None:
        for note in self.store.evidence_for_walk(walk.id):
            where = self.classroom_visit.get(note.visit_id) if note.visit_id else None
            captured = _utc(note.captured_at)
            if note.student_label:
                question = next((q for q in protocol.interview_questions if q.id == note.question_id),
                                None) if protocol else None
                self.rows["interview_answers"].append({
                    "answer_id": note.id, "walk_id": walk.id, "visit_id": note.visit_id, "classroom_visit_id": where,
                    "student_label": note.student_label, "question_id": note.question_id,
                    "question_label": question.text if question else None, "text": rewrite(note.text),
                    "observer": note.observer, "captured_at": captured,
                })
            kind = protocol.evidence_kind(note.kind) if protocol else None
            tags = list(dict.fromkeys(note.look_fors))
            self.rows["notes"].append({
                "note_id": note.id, "walk_id": walk.id, "visit_id": note.visit_id, "classroom_visit_id": where,
                "kind": note.kind, "kind_label": kind.label if kind else note.kind, "text": rewrite(note.text),
                "observer": note.observer, "captured_at": captured, "month": captured.strftime("%Y-%m"),
                "edited_at": _utc(note.edited_at), "mark": note.mark, "interval": getattr(note, "interval", None),
                "video_offset_seconds": note.video_offset_seconds, "look_fors": len(tags),
                "student_label": note.student_label, "question_id": note.question_id,
            })
            for look_for_id in tags:
                label, category_id, category_label = self._look_for(protocol, look_for_id)
                self.rows["note_look_fors"].append({
                    "note_id": note.id, "walk_id": walk.id, "visit_id": note.visit_id, "classroom_visit_id": where,
                    "look_for_id": look_for_id, "look_for_label": label,
                    "category_id": category_id, "category_label": category_label,
                })
            for group_id in dict.fromkeys(note.student_groups):
                group = protocol.student_group(group_id) if protocol else None
                self.rows["note_student_groups"].append({
                    "note_id": note.id, "walk_id": walk.id, "student_group_id": group_id,
                    "student_group_label": group.label if group else group_id,
                })

    # intervals ----------------------------------------------------------------

    def _intervals(self) -> dict[str, int]:
        """Rows of intervals, ticks and choices for every classroom visit coded in intervals;
        returns visit id -> the number of its observer in the classroom visit (1 leads)."""
        walk_of = {visit.id: walk for walk in self.walks for visit in self.visits[walk.id]}
        numbers: dict[str, int] = {}
        marks = {walk.id: self.store.marks_for_walk(walk.id) for walk in self.walks}
        events = {walk.id: self.store.clock_events_for_walk(walk.id) for walk in self.walks}
        for group in self.groups:
            by_protocol = defaultdict(list)
            for visit in group:
                by_protocol[walk_of[visit.id].protocol_id].append(visit)
            for protocol_id, visits in by_protocol.items():
                protocol = self.registry.find(protocol_id)
                if protocol is None or not protocol.interval_coding:
                    continue
                walk_ids = {v.walk_id for v in visits}
                its_marks = [m for w in walk_ids for m in marks[w]]
                its_events = [e for w in walk_ids for e in events[w]]
                codings = observer_codings(protocol, visits, its_marks, its_events)
                for number, coding in enumerate(codings, start=1):
                    if coding.visit.observer == coding.observer:
                        numbers.setdefault(coding.visit.id, number)
                    self._coding_rows(protocol, group[0].id, coding, lead=number == 1)
        return numbers

    def _coding_rows(self, protocol, classroom_visit_id: str, coding, lead: bool) -> None:
        visit = coding.visit
        unobserved = set(getattr(coding.coding, "not_observed", ()) or ())
        base = {"walk_id": visit.walk_id, "visit_id": visit.id, "classroom_visit_id": classroom_visit_id,
                "observer": coding.observer}
        codes = dict((qualified(s, c), (s, c)) for s, c in protocol.intervals.codes())
        for number, began, ended in coding.spans:
            the_id = interval_id(visit.id, coding.observer, number)
            ticked = sorted(coding.coding.ticked(number))
            self.rows["intervals"].append({
                "interval_id": the_id, **base, "lead_coding": lead, "interval": number,
                "started_at": _utc(began), "ended_at": _utc(ended), "seconds": (ended - began).total_seconds(),
                "observed": number not in unobserved, "codes": len(ticked),
            })
            for code_id in ticked:
                code_set, code = codes.get(code_id, (None, None))
                self.rows["interval_ticks"].append({
                    "interval_id": the_id, **base, "interval": number, "code_id": code_id,
                    "code_set_id": code_set.id if code_set else None,
                    "code_set_label": code_set.label if code_set else None,
                    "code_label": code.label if code else code_id,
                })
            for item_id, choice_id in sorted(coding.coding.chosen(number).items()):
                item = protocol.intervals.item(item_id)
                choice = next((c for c in item.choices if c.id == choice_id), None) if item else None
                self.rows["interval_choices"].append({
                    "interval_id": the_id, **base, "interval": number, "item_id": item_id,
                    "item_label": item.label if item else item_id, "choice_id": choice_id,
                    "choice_label": choice.label if choice else choice_id,
                })

    # counts, typed items, debrief ------------------------------------------------

    def _snapshots(self, walk, protocol) -> None:
        labels = {s.id: s.label for s in protocol.snapshots} if protocol else {}
        for count in self.store.snapshots_for_walk(walk.id):
            self.rows["snapshot_counts"].append({
                "count_id": count.id, "walk_id": walk.id, "visit_id": count.visit_id,
                "classroom_visit_id": self.classroom_visit.get(count.visit_id, count.visit_id),
                "snapshot_id": count.snapshot, "snapshot_label": labels.get(count.snapshot, count.snapshot),
                "count": count.count, "present": count.present, "share": round(count.count / count.present, 6),
                "minute": count.minute, "observer": count.observer, "taken_at": _utc(count.taken_at),
            })

    def _items(self, walk, protocol) -> None:
        items = {i.id: i for i in protocol.visit_items} if protocol else {}
        for answer in self.store.answers_for_walk(walk.id):
            if not answer.value:
                continue
            item = items.get(answer.item)
            choice = next((c for c in item.choices if c.id == answer.value), None) if item else None
            kind = item.type if item else None
            self.rows["visit_items"].append({
                "answer_id": answer.id, "walk_id": walk.id, "visit_id": answer.visit_id,
                "classroom_visit_id": self.classroom_visit.get(answer.visit_id, answer.visit_id),
                "item_id": answer.item, "item_label": item.label if item else answer.item, "item_type": kind,
                "value": answer.value,
                "count": int(answer.value) if kind == "count" and answer.value.isdigit() else None,
                "choice_label": choice.label if choice else None, "observer": answer.observer,
                "updated_at": _utc(answer.updated_at),
            })

    def _debrief(self, walk, protocol, rewrite) -> None:
        prompts = {p.id: p for p in protocol.debrief_prompts} if protocol else {}
        for response in self.store.responses_for_walk(walk.id):
            prompt = prompts.get(response.prompt_id)
            self.rows["debrief_answers"].append({
                "response_id": response.id, "walk_id": walk.id, "prompt_id": response.prompt_id,
                "prompt_label": getattr(prompt, "text", None) or getattr(prompt, "label", None),
                "text": rewrite(response.text), "author": response.author, "conflict_of": response.conflict_of,
                "updated_at": _utc(response.updated_at),
            })
        for step in self.store.next_steps_for_walk(walk.id):
            self.rows["next_steps"].append({
                "step_id": step.id, "walk_id": walk.id, "text": rewrite(step.text), "owner": step.owner,
                "due": step.due, "kind": step.kind, "status": step.status, "author": step.author,
                "updated_at": _utc(step.updated_at),
            })
