"""``classwalk plugins --check`` runs every hook before an observer meets a failure, and
answers are scoped: a plugin answers for its own protocols (or those it declares it
extends) unless it declares itself a cross-protocol add-on; wrapper hooks and duplicate
pattern ids are refused with one line."""

from __future__ import annotations

import datetime as dt
import types

import pytest

import classwalk as cw
from classwalk.core import hookimpl
from classwalk.api import Classwalk
from classwalk.core.records.patterns import Pattern
from classwalk.core.plugins.loader import Plugins, built_in_names
from classwalk.testing import assert_plugins_pass_check, check_plugins
from tests.plugins.plugin_dists import write_dist
from tests.support.cli import run_cli
from tests.support.plugins import protocol_toml

RIVER_WALK = protocol_toml("river_walk", "River walk", category=("talk", "Student talk"))
OWN_PROTOCOL = f'''
    from classwalk.core import hookimpl
    from classwalk.core.protocols.toml_files import protocol_from_toml

    PROTOCOL = protocol_from_toml({RIVER_WALK!r}, "river_walk.toml")

    @hookimpl
    def classwalk_register_protocols(register):
        register(PROTOCOL)
'''

RAISING_TIMER = OWN_PROTOCOL + '''
    @hookimpl
    def classwalk_timing_status(protocol, walk, elapsed_seconds):
        if not protocol.is_a("river_walk"):
            return None
        if elapsed_seconds >= protocol.timing.target_minutes * 60:
            raise RuntimeError("district timer service unreachable")
        return None
'''

RAISING_QUESTION = OWN_PROTOCOL + '''
    @hookimpl
    def classwalk_reflective_question(protocol, visit, evidence):
        if not protocol.is_a("river_walk"):
            return None
        latest = max(evidence, key=lambda item: item.captured_at)  # fails for a visit without notes
        return f"What did you notice about: {latest.text}?"

    @hookimpl
    def classwalk_judgement_words(protocol):
        if protocol.is_a("river_walk"):
            return "lazy"
'''

GREEDY = '''
    import attrs
    from classwalk.core import hookimpl
    from classwalk.core.records.patterns import Pattern
    from classwalk.core.protocols.timing import status_from_timing

    @hookimpl(tryfirst=True)
    def classwalk_timing_status(protocol, walk, elapsed_seconds):
        return attrs.evolve(status_from_timing(protocol.timing, elapsed_seconds), message="hurry up")

    @hookimpl
    def classwalk_debrief_patterns(protocol, walk, visits, evidence):
        return [Pattern(id="greedy_table", title="Greedy", columns=("a", "b"), rows=[["x", 1]])]
'''


# classwalk plugins --check ------------------------------------------------------------


def test_check_flags_a_raising_timing_hook_without_opening_a_room(site, db_path, capsys):
    write_dist(site, "rivertimer", RAISING_TIMER, distribution="classwalk-river-timer")
    assert run_cli(capsys, "plugins", "--db", str(db_path))[0] == 0  # nothing has called the hook yet
    code, out, err = run_cli(capsys, "plugins", "--check", "--db", str(db_path))
    assert code == 1
    assert ("FAILED rivertimer (pip package classwalk-river-timer)  (classwalk_timing_status)  "
            "RuntimeError: district timer service unreachable") in out
    assert run_cli(capsys, "plugins", "-q", "--db", str(db_path))[0] == 1  # recorded for later runs too


@pytest.mark.parametrize("name, source, expected", [
    pytest.param("riverquestion", RAISING_QUESTION, [
        "(classwalk_reflective_question)  ValueError: max() ",
        "(classwalk_judgement_words)  WrongResult: returned str, not a list of words",
    ], id="fails-only-on-some-walks-or-answers-wrongly"),
    pytest.param("greedy", GREEDY, [
        "(classwalk_timing_status)  OutOfScope: answered for protocol 'downey'",
        "(classwalk_debrief_patterns)  OutOfScope: answered for protocol",
    ], id="greedy-on-the-built-in-protocols"),
])
def test_check_flags_each_failing_hook(name, source, expected, site, db_path, capsys):
    write_dist(site, name, source)
    code, out, err = run_cli(capsys, "plugins", "--check", "--db", str(db_path))
    assert code == 1
    for line in expected:
        assert line in out


def test_check_passes_the_built_ins_and_says_so(db_path, capsys):
    code, out, err = run_cli(capsys, "plugins", "--check", "--db", str(db_path))
    assert code == 0 and "no failures" in err


def test_the_kit_offers_the_check_as_one_call(site, classwalk_db):
    assert check_plugins(classwalk_db) == []
    assert_plugins_pass_check(classwalk_db, "downey")


def test_the_kit_check_names_the_failing_hook(site, tmp_path, monkeypatch):
    write_dist(site, "rivertimer", RAISING_TIMER, distribution="classwalk-river-timer")
    db = cw.open_db(tmp_path / "kit.db", plugins=built_in_names() + ["rivertimer"], protocol_dirs=[])
    failures = check_plugins(db, "rivertimer")
    assert {(f.name, f.where, f.error_type) for f in failures} == {
        ("rivertimer", "classwalk_timing_status", "RuntimeError")}
    with pytest.raises(AssertionError, match=r"plugin rivertimer \(pip package classwalk-river-timer\) "
                                             r"failed in classwalk_timing_status: RuntimeError"):
        assert_plugins_pass_check(db, "rivertimer")
    db.close()


# scope ------------------------------------------------------------------------------


def test_a_greedy_plugin_changes_neither_the_downey_timer_nor_built_in_reports(site, db_path, walk_id, capsys):
    code, clean, err = run_cli(capsys, "report", "walk", walk_id, "--db", str(db_path))
    write_dist(site, "greedy", GREEDY)
    code, out, err = run_cli(capsys, "report", "walk", walk_id, "--db", str(db_path))
    assert code == 0 and out == clean and "greedy" in err
    with cw.open_db(db_path) as db:
        status = db.timing_status(db.protocol("downey"), None, 60)
        assert status.message != "hurry up"
        assert {f.error_type for f in db.plugins.failures} == {"OutOfScope"}


def _module(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in attributes.items():
        setattr(module, key, value)
    module.classwalk_judgement_words = hookimpl(lambda protocol: ["splendid"])
    return module


@pytest.mark.parametrize("declaration, answered", [
    ({}, set()),
    ({"CLASSWALK_EXTENDS": ["downey"]}, {"downey", "adapted_downey"}),
    ({"CLASSWALK_CROSS_PROTOCOL": True}, {"downey", "adapted_downey", "ilw_tiered"}),
])
def test_declarations_set_which_protocols_a_plugin_answers_for(declaration, answered, db_path, tmp_path):
    (tmp_path / "adapted.toml").write_text('extends = "downey"\nid = "adapted_downey"\nname = "Adapted"\n')
    plugins = Plugins(only=built_in_names())
    plugins.register_module(_module("wordy", **declaration), name="wordy")
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[tmp_path])
    got = {protocol_id for protocol_id in ("downey", "adapted_downey", "ilw_tiered")
           if "splendid" in classwalk.judgement_words(classwalk.protocols.get(protocol_id))}
    assert got == answered
    dropped = {f.message.split("'")[1] for f in plugins.failures if f.error_type == "OutOfScope"}
    assert dropped == {"downey", "adapted_downey", "ilw_tiered"} - answered


def test_a_bad_declaration_is_refused(site, db_path):
    write_dist(site, "baddecl", 'CLASSWALK_EXTENDS = "downey"\n')
    plugins = Plugins()
    [failure] = plugins.failures
    assert failure.error_type == "BadDeclaration" and "CLASSWALK_EXTENDS = 'downey'" in failure.message
    assert "baddecl" not in {info.name for info in plugins.loaded}


@pytest.mark.parametrize("marker", ["hookwrapper=True", "wrapper=True"])
def test_a_wrapper_hook_is_refused_with_one_line(marker, site, db_path, capsys):
    name = "wrapping" + marker.split("=")[0]
    write_dist(site, name, f'''
        from classwalk.core import hookimpl

        @hookimpl({marker})
        def classwalk_judgement_words(protocol):
            result = yield
            return result
    ''')
    code, out, err = run_cli(capsys, "protocols", "--db", str(db_path))
    assert code == 0 and err.count("\n") == 1
    assert f"WrapperHook: classwalk_judgement_words is a wrapper hook ({marker})" in err
    plugins = Plugins()
    assert name not in {info.name for info in plugins.loaded}
    assert [f.error_type for f in plugins.failures] == ["WrapperHook"]


def test_a_duplicate_pattern_id_is_left_out_with_one_line(db_path):
    def tables(protocol, walk, visits, evidence):
        return [Pattern(id="evidence_kinds", title="Mine", columns=("a", "b"), rows=[["x", 1]]),
                Pattern(id="mine", title="Mine", columns=("a", "b"), rows=[["x", 1]]),
                Pattern(id="mine", title="Mine again", columns=("a", "b"), rows=[["y", 2]])]

    module = types.ModuleType("copycat")
    module.CLASSWALK_EXTENDS = ["downey"]
    module.classwalk_debrief_patterns = hookimpl(tables)
    plugins = Plugins(only=built_in_names())
    plugins.register_module(module, name="copycat")
    with cw.open_db(db_path) as db:
        db._plugins = plugins
        walk = db.start_walk("downey", school="Lincoln", date=dt.date(2026, 11, 23), observers=["Ana"])
        db.start_visit(walk, "Room 12")
        ids = [table.id for table in db.debrief(walk).patterns]
        assert ids.count("evidence_kinds") == 1 and ids.count("mine") == 1
        mine = next(table for table in db.debrief(walk).patterns if table.id == "mine")
        assert mine.title == "Mine"
        duplicates = [f for f in plugins.failures if f.error_type == "DuplicateId"]
        assert {f.message.split("'")[1] for f in duplicates} == {"evidence_kinds", "mine"}
        assert all("\n" not in f.message for f in duplicates)


def test_wrapper_hooks_registered_directly_raise(db_path):
    module = types.ModuleType("wrapping")

    @hookimpl(wrapper=True)
    def classwalk_judgement_words(protocol):
        return (yield)

    module.classwalk_judgement_words = classwalk_judgement_words
    with pytest.raises(ValueError, match="wrapper hook"):
        Plugins(only=[]).register_module(module, name="wrapping")


def test_check_catches_a_table_reusing_an_id_of_classwalks_own(site, db_path, capsys):
    write_dist(site, "reuser", '''
        from classwalk.core import hookimpl
        from classwalk.core.records.patterns import Pattern

        CLASSWALK_EXTENDS = ["downey"]

        @hookimpl
        def classwalk_debrief_patterns(protocol, walk, visits, evidence):
            if protocol.is_a("downey"):
                return [Pattern(id="evidence_kinds", title="Mine", columns=("a", "b"), rows=[["x", 1]])]
    ''')
    code, out, err = run_cli(capsys, "plugins", "--check", "--db", str(db_path))
    assert code == 1
    assert ("(classwalk_debrief_patterns)  DuplicateId: returned Pattern 'evidence_kinds', "
            "an id already used by classwalk's own patterns") in out


def test_the_kit_check_of_a_plugin_that_is_not_loaded_is_an_error(classwalk_db):
    with pytest.raises(ValueError, match="no plugin named district_wlak is loaded"):
        assert_plugins_pass_check(classwalk_db, "district_wlak")
