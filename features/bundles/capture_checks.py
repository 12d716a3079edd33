"""Checks that imported capture records fit the walk's protocol: codes, items, snapshots."""

from __future__ import annotations


def capture_problems(bundle, protocol) -> list[str]:
    """Interval marks, snapshot counts and answers that name what the protocol does not have."""
    problems: list[str] = []
    intervals = protocol.intervals
    codes = set(intervals.code_ids()) if intervals else set()
    items = {item.id: {c.id for c in item.choices} for item in intervals.items} if intervals else {}
    for index, mark in enumerate(bundle.interval_marks):
        where = f"interval_marks[{index}]"
        if mark.code in items:
            if mark.choice and mark.choice not in items[mark.code]:
                problems.append(f"{where}.choice: {mark.choice!r} is not a choice of {mark.code!r} in {protocol.id}")
        elif mark.code not in codes:
            problems.append(f"{where}.code: {mark.code!r} is not a code of {protocol.id}")
    snapshots = {s.id for s in protocol.snapshots}
    for index, count in enumerate(bundle.snapshot_counts):
        if count.snapshot not in snapshots:
            problems.append(f"snapshot_counts[{index}].snapshot: {count.snapshot!r} is not a snapshot of {protocol.id}")
    visit_items = {item.id: item for item in protocol.visit_items}
    for index, answer in enumerate(bundle.item_answers):
        item = visit_items.get(answer.item)
        if item is None:
            problems.append(f"item_answers[{index}].item: {answer.item!r} is not an item of {protocol.id}")
            continue
        problem = answer_problem(item, answer.value)
        if problem:
            problems.append(f"item_answers[{index}].value: {problem}")
    return problems


def answer_problem(item, value: str) -> str | None:
    """Why ``value`` is not a valid answer to ``item`` (None when it is; "" clears an answer)."""
    from classwalk.core.protocols.capture import MAX_TEXT_ANSWER

    if value == "":
        return None
    if item.type == "choice" and value not in {c.id for c in item.choices}:
        return f"{value!r} is not a choice of {item.id!r}"
    if item.type == "count":
        if not value.isdigit() or not value.isascii():
            return f"{item.label}: expected a whole number, got {value!r}"
        if item.max_count is not None and int(value) > item.max_count:
            return f"{item.label}: at most {item.max_count}, got {value}"
    if item.type == "text" and len(value) > MAX_TEXT_ANSWER:
        return f"{item.label}: at most {MAX_TEXT_ANSWER} characters, got {len(value)}"
    return None
