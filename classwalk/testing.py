"""classwalk's test kit for plugin authors: a pytest plugin, on once classwalk is installed.

Name the plugins a test loads with a marker; everything else installed stays out, so a
broken plugin somewhere else cannot fail your tests::

    import pytest
    from classwalk.testing import pattern, record_walk, rows_by_label

    pytestmark = pytest.mark.classwalk_plugins("district_walk")


    def test_the_debrief_counts_notes_by_category(classwalk_db):
        walk = record_walk(classwalk_db, "district_walk", {
            "Room 12": [{"text": "Two students gave reasons", "look_fors": ["talk.reasons"]}],
        })
        table = pattern(classwalk_db.debrief(walk), "district_walk_categories")
        assert rows_by_label(table)["Student talk"][1] == 1

Fixtures: ``classwalk_db`` (an :func:`classwalk.open_db` on a temporary database with
only the named plugins and the built-in protocols), ``classwalk_plugin_names`` (the names
it loads: override it in a conftest.py to change them for a whole folder). Helpers:
:func:`record_walk`, :func:`pattern`, :func:`rows_by_label`, :func:`assert_no_plugin_failures`,
:func:`check_plugins` and :func:`assert_plugins_pass_check` (what ``classwalk plugins --check``
does, as one call). docs/plugin-reference.md lists each with its arguments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping, Sequence

import pytest

MARKER = "classwalk_plugins"


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(*names, builtins=True): load only these classwalk plugins (entry-point names) "
        "in the classwalk_db fixture, plus the built-in protocols unless builtins=False",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used ``classwalk_db`` shows the plugin failures of its run."""
    outcome = yield
    report = outcome.get_result()
    db = getattr(item, "funcargs", {}).get("classwalk_db")
    if report.failed and db is not None and "plugins" in vars(db) and db.plugins.failures:
        lines = [f.line for f in db.plugins.failures]
        report.sections.append(("classwalk plugin failures", "\n".join(lines)))


def built_in_plugin_names() -> list[str]:
    """Entry-point names of the protocol plugins that ship with classwalk."""
    from classwalk.core.plugins.loader import built_in_names

    return built_in_names()


@pytest.fixture
def classwalk_plugin_names(request) -> list[str]:
    """The plugins ``classwalk_db`` loads: the marker's names (and the built-ins by default)."""
    marker = request.node.get_closest_marker(MARKER)
    names = list(marker.args) if marker else []
    builtins = marker.kwargs.get("builtins", True) if marker else True
    chosen = built_in_plugin_names() if builtins else []
    return chosen + [name for name in names if name not in chosen]


@pytest.fixture
def classwalk_db(tmp_path, monkeypatch, classwalk_plugin_names):
    """A classwalk database in a temporary folder, with only the plugins named loaded.

    The user's own database, configuration and protocol folders are never touched. A
    named plugin that is not installed, or fails to load, fails the test with the reason.
    """
    from classwalk.api import open_db

    home = tmp_path / "classwalk-home"
    monkeypatch.setenv("CLASSWALK_DB", str(home / "classwalk.db"))
    monkeypatch.setenv("CLASSWALK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("CLASSWALK_PROTOCOL_PATH", "")
    monkeypatch.delenv("CLASSWALK_LOAD_PLUGINS", raising=False)
    db = open_db(home / "classwalk.db", plugins=classwalk_plugin_names, protocol_dirs=[])
    loaded = {info.name for info in db.plugins.loaded}
    problems = [f.line for f in db.plugins.failures if f.error_type != "WroteOutput"]
    problems += [f"{name}: not installed (pip install -e . in its project?)"
                 for name in classwalk_plugin_names if name not in loaded and
                 not any(f.name == name for f in db.plugins.failures)]
    if problems:
        db.close()
        pytest.fail("classwalk plugins did not load: " + "; ".join(problems), pytrace=False)
    yield db
    db.close()


def record_walk(db, protocol_id: str, rooms: Mapping[str, Sequence[str | Mapping[str, Any]]], *,
                school: str = "Test school", date: dt.date | None = None,
                observers: Sequence[str] = ("Test observer",), end: bool = True, **walk_fields):
    """Record a whole walk in one call and return it (ended, ready for its debrief).

    ``rooms`` maps each classroom to its notes, in order: a note is its text, or a dict
    of :meth:`classwalk.Classwalk.record` arguments (``text``, ``look_fors``,
    ``student_groups``, ``kind``, ``mark``, ``student`` and ``question``...). A focus,
    guiding question or slice the protocol requires is filled in unless given.
    """
    from classwalk.core.records.model import Slice

    protocol = db.protocol(protocol_id)
    if protocol.requires_focus:
        walk_fields.setdefault("focus", "Test focus")
    if protocol.requires_guiding_question:
        walk_fields.setdefault("guiding_question", "What are students asked to explain?")
    if protocol.requires_slice:
        kind = protocol.slice_kinds[0]
        walk_fields.setdefault("slice", Slice(kind=kind.id, tier=2 if kind.tiered else None))
    walk = db.start_walk(protocol_id, school=school, date=date or dt.date.today(),
                         observers=observers, **walk_fields)
    for classroom, notes in rooms.items():
        visit = db.start_visit(walk, classroom)
        for note in notes:
            arguments = {"text": note} if isinstance(note, str) else dict(note)
            db.record(visit, arguments.pop("text"), **arguments)
        db.end_visit(visit)
    return db.end_walk(walk) if end else walk


def pattern(patterns_or_view, pattern_id: str):
    """The pattern table with ``pattern_id`` from a debrief view or a list of patterns."""
    patterns = getattr(patterns_or_view, "patterns", patterns_or_view)
    for found in patterns:
        if found.id == pattern_id:
            return found
    ids = ", ".join(p.id for p in patterns) or "none"
    raise AssertionError(f"no pattern {pattern_id!r} (there are: {ids})")


def rows_by_label(table) -> dict:
    """A pattern's rows keyed by their first cell."""
    return {row[0]: row for row in table.rows}


def assert_no_plugin_failures(db, names: Iterable[str] | None = None) -> None:
    """Fail with every recorded failure (of ``names`` only, if given)."""
    wanted = None if names is None else set(names)
    failures = [f for f in db.plugins.failures if wanted is None or f.name in wanted]
    if failures:
        raise AssertionError("plugin failures: " + "; ".join(f.line for f in failures))


def check_plugins(db, *names: str) -> list:
    """Run every hook of the plugins ``names`` (default: every loaded one) on sample walks.

    The same as ``classwalk plugins --check``: each hook is asked about every protocol
    loaded (its own, and the built-in ones to catch answers for other protocols), with a
    walk full of notes, a visit without notes and a walk without visits. Returns every
    :class:`~classwalk.core.plugins.loader.PluginFailure` of those plugins (empty: all good).
    """
    from classwalk.features.debriefs.debrief import core_pattern_ids

    return db.check_plugins(list(names) if names else None, taken_ids=core_pattern_ids)


def assert_plugins_pass_check(db, *names: str) -> None:
    """Fail with one line per failure if :func:`check_plugins` finds any."""
    failures = check_plugins(db, *names)
    if failures:
        raise AssertionError("classwalk plugins --check failed:\n" + "\n".join(f.line for f in failures))
