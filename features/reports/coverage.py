"""Coverage: observers' minutes in classrooms per week, and classrooms nobody has visited.

The weekly target is the district's to set: by default one third of a leader's working
week (the share the leadership literature quotes), from ``settings.toml`` in the config
folder::

    [coverage]
    working_hours_per_week = 40
    classroom_share = 0.333
    not_visited_days = 30

This describes observers' time and classrooms' last visits; it says nothing of teachers.
A classroom is shown by its name only if the walk that last visited it names rooms;
otherwise by its label in that walk (Room A, B, ...), as that walk's reports show it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

from attrs import field, frozen
from attrs.validators import gt, instance_of, le

from classwalk.core.convert import structure
from classwalk.core.errors import UserDataError
from classwalk.core.records.patterns import Pattern
from classwalk.core.storage.paths import config_dir
from classwalk.core.text import plural

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


@frozen(kw_only=True)
class CoverageSettings:
    """The district's target for time in classrooms, and when a classroom counts as unvisited."""

    working_hours_per_week: float = field(default=40.0, converter=float, validator=[instance_of(float), gt(0), le(168)])
    classroom_share: float = field(default=1 / 3, converter=float, validator=[instance_of(float), gt(0), le(1)])
    not_visited_days: int = field(default=30, validator=[instance_of(int), gt(0), le(36500)])

    @property
    def target_minutes_per_week(self) -> float:
        return self.working_hours_per_week * 60 * self.classroom_share


@frozen(kw_only=True)
class _SettingsFile:
    coverage: CoverageSettings = field(factory=CoverageSettings)


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> CoverageSettings:
    """Coverage settings from ``settings.toml`` (defaults if the file does not exist)."""
    path = path or settings_path()
    if not path.exists():
        return CoverageSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserDataError(str(path), [f"not valid TOML ({error})"]) from None
    known = {key: value for key, value in data.items() if key == "coverage"}
    return structure(known, _SettingsFile, str(path)).coverage


def week_of(moment: dt.datetime) -> str:
    """The ISO week of ``moment``, e.g. 2026-W48."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def minutes_by_observer_week(store, date_from: dt.date, date_to: dt.date,
                             school: str | None = None) -> dict[tuple[str, str], float]:
    """(observer, ISO week) -> minutes in classrooms, from visits that have ended.

    A visit counts for its observer; a visit with no observer recorded counts for each
    observer of its walk (a group walk visits rooms together).
    """
    sql = """
        SELECT v.observer AS observer, w.observers AS walk_observers,
               v.started_at AS started_at, v.ended_at AS ended_at
        FROM visits v JOIN walks w ON w.id = v.walk_id
        WHERE v.started_at >= ? AND v.started_at < ? AND v.ended_at IS NOT NULL AND w.deleted_at IS NULL
    """
    args: list = [date_from.isoformat(), (date_to + dt.timedelta(days=1)).isoformat()]
    if school is not None:
        sql += " AND w.school = ?"
        args.append(school)
    minutes: dict[tuple[str, str], float] = defaultdict(float)
    for row in store.db.query(sql, args):
        started = dt.datetime.fromisoformat(row["started_at"])
        spent = max(0.0, (dt.datetime.fromisoformat(row["ended_at"]) - started).total_seconds() / 60)
        observers = [row["observer"]] if row["observer"] else [
            o["name"] for o in json.loads(row["walk_observers"] or "[]")
        ]
        for observer in observers:
            minutes[(observer, week_of(started))] += spent
    return dict(minutes)


def minutes_pattern(minutes: dict[tuple[str, str], float], target: float) -> Pattern:
    rows = [
        [observer, week, round(spent), round(target), f"{100 * spent / target:.0f}%"]
        for (observer, week), spent in sorted(minutes.items())
    ]
    return Pattern(
        id="coverage_minutes", title="Minutes in classrooms per observer per week",
        columns=("observer", "week", "minutes", "target", "of target"), rows=rows,
        note="Time in classrooms, from visit timers; the target is the district's setting.",
    )


def classrooms_not_visited(store, days: int, today: dt.date, school: str | None = None) -> list[dict]:
    """Classrooms whose last visit is more than ``days`` days before ``today``.

    Each row also names the walk of that last visit (``walk_id``), whose setting decides
    whether the room may be named.
    """
    cutoff = (today - dt.timedelta(days=days)).isoformat()
    # SQLite takes the bare columns w.id from the row holding MAX(v.started_at)
    sql = """
        SELECT w.school AS school, v.classroom AS classroom, MAX(v.started_at) AS last_visit,
               w.id AS walk_id
        FROM visits v JOIN walks w ON w.id = v.walk_id WHERE w.deleted_at IS NULL
    """
    args: list = []
    if school is not None:
        sql += " AND w.school = ?"
        args.append(school)
    sql += " GROUP BY w.school, v.classroom HAVING MAX(v.started_at) < ? ORDER BY MAX(v.started_at), w.school, v.classroom"
    args.append(cutoff)
    return [dict(row) for row in store.db.query(sql, args)]


def room_names(store, rows: list[dict]) -> list[str]:
    """How each row's classroom may be shown: its name, or its label in the walk that last
    visited it when that walk anonymises rooms."""
    from classwalk.features.debriefs.debrief import room_labels

    labels: dict[str, dict[str, str]] = {}
    names = []
    for row in rows:
        walk_id = row.get("walk_id")
        if walk_id is None:
            names.append(row["classroom"])
            continue
        if walk_id not in labels:
            walk = store.get_walk(walk_id)
            visits = store.visits_for_walk(walk_id)
            visit_labels = room_labels(walk, visits)
            labels[walk_id] = {visit.classroom: visit_labels[visit.id] for visit in visits}
        names.append(labels[walk_id].get(row["classroom"], row["classroom"]))
    return names


def not_visited_pattern(rows: list[dict], days: int, today: dt.date, names: list[str] | None = None) -> Pattern:
    cells = []
    names = names or [row["classroom"] for row in rows]
    for row, name in zip(rows, names):
        last = dt.datetime.fromisoformat(row["last_visit"]).date()
        cells.append([row["school"], name, last.isoformat(), (today - last).days])
    return Pattern(
        id="classrooms_not_visited", title=f"Classrooms not visited in the last {plural(days, 'day')}",
        columns=("school", "classroom", "last visit", "days since"), rows=cells,
    )


def coverage_report(classwalk, date_from: dt.date | None = None, date_to: dt.date | None = None,
                    target_minutes: float | None = None, days: int | None = None,
                    school: str | None = None, today: dt.date | None = None,
                    settings: CoverageSettings | None = None) -> list[Pattern]:
    """Minutes per observer per week against the target, and classrooms not visited lately.

    Defaults: the four weeks up to ``today``; target and days from the settings file.
    """
    settings = settings or load_settings()
    today = today or dt.date.today()
    date_to = date_to or today
    date_from = date_from or date_to - dt.timedelta(days=27)
    if date_from > date_to:
        raise UserDataError("coverage", [f"the date range ends ({date_to}) before it starts ({date_from})"])
    target = target_minutes if target_minutes is not None else settings.target_minutes_per_week
    if target <= 0:
        raise UserDataError("coverage", ["the weekly target must be more than 0 minutes"])
    days = days if days is not None else settings.not_visited_days
    store = classwalk.store
    not_visited = classrooms_not_visited(store, days, today, school)
    return [
        minutes_pattern(minutes_by_observer_week(store, date_from, date_to, school), target),
        not_visited_pattern(not_visited, days, today, room_names(store, not_visited)),
    ]
