"""The test kit for plugin authors (``classwalk.testing``): only the plugins named load,
on a temporary database, and a walk is recorded and debriefed in a few lines."""

from __future__ import annotations

import pytest

from classwalk.core.plugins.loader import built_in_names
from classwalk.testing import assert_no_plugin_failures, pattern, record_walk, rows_by_label
from tests.plugins.plugin_dists import SINGLE_PATTERN, write_dist


@pytest.fixture
def broken_plugins_installed(site):
    write_dist(site, "onepattern", SINGLE_PATTERN)
    write_dist(site, "cannotimport", "raise ImportError('no module named district_config')\n")
    return site


def test_only_the_built_ins_load_without_a_marker(broken_plugins_installed, classwalk_db, tmp_path):
    assert sorted(info.name for info in classwalk_db.plugins.loaded) == built_in_names()
    assert classwalk_db.db_path.is_relative_to(tmp_path)
    for protocol in classwalk_db.list_protocols():
        walk = record_walk(classwalk_db, protocol.id, {"Room 1": ["Students compared two methods"]})
        view = classwalk_db.debrief(walk)
        assert view.walk.status == "debriefing"
        assert pattern(view, "evidence_kinds").rows
    assert_no_plugin_failures(classwalk_db)


@pytest.mark.classwalk_plugins("onepattern")
def test_a_named_plugin_loads_and_its_failures_show(broken_plugins_installed, classwalk_db):
    assert "onepattern" in {info.name for info in classwalk_db.plugins.loaded}
    assert "cannotimport" not in {info.name for info in classwalk_db.plugins.loaded}
    walk = record_walk(classwalk_db, "downey", {"Room 1": [
        {"text": "Pairs explaining their method", "look_fors": ["orientation.can_explain"]}]})
    view = classwalk_db.debrief(walk)
    table = pattern(view, "look_fors_by_classroom")
    assert rows_by_label(table)[classwalk_db.protocol("downey").look_for("orientation.can_explain").label][-1] == 1
    with pytest.raises(AssertionError, match=r"plugin onepattern \(pip package onepattern\) failed in classwalk_debrief_patterns: WrongResult"):
        assert_no_plugin_failures(classwalk_db)
    assert_no_plugin_failures(classwalk_db, names=["downey"])


@pytest.mark.classwalk_plugins("downey", builtins=False)
def test_builtins_can_be_left_out(classwalk_db):
    assert [p.id for p in classwalk_db.list_protocols()] == ["downey"]


def test_pattern_names_the_tables_there_are(classwalk_db):
    walk = record_walk(classwalk_db, "ilw_tiered", {"Room 1": [
        {"text": "I am learning to find the main idea", "student": "Student A", "question": "learning"}]})
    evidence = classwalk_db.evidence(walk)
    assert evidence[0].kind == classwalk_db.protocol("ilw_tiered").interview_evidence_kind
    with pytest.raises(AssertionError, match="no pattern 'nope' .there are: look_fors_by_classroom"):
        pattern(classwalk_db.debrief(walk), "nope")
