"""Plugin failures are visible where they happen and afterwards: recorded beside the database,
listed by ``classwalk plugins`` (exit 1 while failing), warned about by report and export."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat

import classwalk as cw
from classwalk.core.plugins.failure_log import MAX_RECORDS, FailureLog, log_path_for
from classwalk.core.plugins.loader import PluginFailure
from tests.plugins.plugin_dists import SINGLE_PATTERN, write_dist
from tests.support.cli import run_cli


def test_a_wrong_debrief_answer_leaves_report_and_export_working_with_one_warning(site, db_path, walk_id, capsys):
    code, clean_report, err = run_cli(capsys, "report", "walk", walk_id[:8], "--db", str(db_path))
    assert code == 0 and err == ""
    write_dist(site, "onepattern", SINGLE_PATTERN)
    code, out, err = run_cli(capsys, "--db", str(db_path), "report", "walk", walk_id[:8])
    assert code == 0 and out == clean_report
    assert err.count("\n") == 1 and "warning: plugin onepattern (pip package onepattern) failed" in err
    assert "classwalk_debrief_patterns" in err and "not a list of Pattern" in err
    code, out, err = run_cli(capsys, "export", walk_id[:8], "--format", "md", "--db", str(db_path))
    assert code == 0 and "Room A" in out and err.count("\n") == 1 and "onepattern" in err


def test_failures_outlive_the_process_and_plugins_exits_non_zero(site, db_path, walk_id, capsys):
    write_dist(site, "onepattern", SINGLE_PATTERN)
    assert run_cli(capsys, "--db", str(db_path), "report", "walk", walk_id)[0] == 0
    log = log_path_for(db_path)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    record = json.loads(log.read_text().splitlines()[0])
    assert record["plugin"] == "onepattern" and record["hook"] == "classwalk_debrief_patterns"
    assert record["error_type"] == "WrongResult" and record["version"] == "0.1"
    assert dt.datetime.fromisoformat(record["last_at"]).tzinfo is not None
    code, out, err = run_cli(capsys, "plugins", "--db", str(db_path))
    assert code == 1
    assert "onepattern" in out and "FAILING" in out
    assert "FAILED onepattern (pip package onepattern)  (classwalk_debrief_patterns)  WrongResult: returned Pattern" in out
    assert run_cli(capsys, "plugins", "--quiet", "--db", str(db_path)) == (1, "", "")
    # the same failure again is counted, not repeated
    run_cli(capsys, "--db", str(db_path), "report", "walk", walk_id)
    assert len(log.read_text().splitlines()) == 1 and json.loads(log.read_text())["count"] == 2
    code, out, err = run_cli(capsys, "plugins", "--clear", "--db", str(db_path))
    assert code == 0 and "forgot 1" in err and "FAILED" not in out
    assert run_cli(capsys, "plugins", "-q", "--db", str(db_path)) == (0, "", "")


def test_a_new_version_of_the_plugin_leaves_old_failures_behind(site, db_path, walk_id, capsys):
    write_dist(site, "onepattern", SINGLE_PATTERN)
    run_cli(capsys, "--db", str(db_path), "report", "walk", walk_id)
    assert run_cli(capsys, "plugins", "-q", "--db", str(db_path))[0] == 1
    shutil.rmtree(site / "onepattern-0.1.dist-info")
    shutil.rmtree(site / "onepattern")
    write_dist(site, "onepattern", "from classwalk.core import hookimpl\n", version="0.2")
    assert run_cli(capsys, "plugins", "-q", "--db", str(db_path))[0] == 0


def test_load_failures_keep_the_whole_message(site, db_path, capsys):
    write_dist(site, "wrongarg", '''
        from classwalk.core import hookimpl

        @hookimpl
        def classwalk_timing_status(protocol, walk, elapsed):
            return None
    ''')
    write_dist(site, "wronghook", '''
        from classwalk.core import hookimpl

        @hookimpl
        def classwalk_timing_statu(protocol, walk, elapsed_seconds):
            return None
    ''')
    code, out, err = run_cli(capsys, "plugins", "--db", str(db_path))
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("FAILED wrongarg"))
    assert "'elapsed'" in line and "classwalk_timing_status" in line and "hookspec" in line
    assert "classwalk_timing_statu" in next(l for l in out.splitlines() if l.startswith("FAILED wronghook"))
    assert "\n" not in line


def test_a_plugin_for_a_newer_hook_api_is_incompatible_and_not_loaded(site, db_path, capsys):
    write_dist(site, "fromthefuture", '''
        from classwalk.core import hookimpl

        CLASSWALK_HOOK_API = 2

        @hookimpl
        def classwalk_judgement_words(protocol):
            return ["future"]
    ''')
    with cw.open_db(db_path) as db:
        assert "future" not in db.judgement_words(db.protocol("downey"))
        assert "fromthefuture" not in {info.name for info in db.plugins.loaded}
        assert not db.plugins.manager.has_plugin("fromthefuture")
    code, out, _ = run_cli(capsys, "plugins", "--db", str(db_path))
    assert code == 1
    assert "INCOMPATIBLE fromthefuture (pip package fromthefuture)  (import)" in out and "hook API 2" in out and "hook API 1" in out
    assert cw.HOOK_API == 1


def test_a_plugin_declaring_the_current_hook_api_loads(site, db_path):
    write_dist(site, "current", '''
        from classwalk.core import hookimpl

        CLASSWALK_HOOK_API = 1
        CLASSWALK_EXTENDS = ["downey"]

        @hookimpl
        def classwalk_judgement_words(protocol):
            return ["present"]
    ''')
    with cw.open_db(db_path) as db:
        assert "present" in db.judgement_words(db.protocol("downey"))


def test_load_plugins_variable_warns_about_names_not_installed(db_path, monkeypatch, capsys):
    monkeypatch.setenv("CLASSWALK_LOAD_PLUGINS", "downey,downy")
    code, out, err = run_cli(capsys, "protocols", "--db", str(db_path))
    assert code == 0 and "downey" in out
    assert err.count("\n") == 1
    assert "CLASSWALK_LOAD_PLUGINS names downy: no such plugin is installed" in err


def test_the_record_file_stays_bounded(tmp_path):
    log = FailureLog(tmp_path / "x.db.plugin-failures.jsonl")
    for number in range(MAX_RECORDS + 20):
        log.add(PluginFailure("p", "classwalk_timing_status", "ValueError", f"message {number}"))
    records = log.records()
    assert len(records) == MAX_RECORDS and records[-1].message == f"message {MAX_RECORDS + 19}"


def test_a_damaged_record_file_is_read_around(tmp_path):
    path = tmp_path / "x.db.plugin-failures.jsonl"
    path.write_text('not json\n{"plugin": "p"}\n')
    log = FailureLog(path)
    assert log.records() == []
    log.add(PluginFailure("p", "classwalk_timing_status", "ValueError", "m"))
    assert [r.plugin for r in log.records()] == ["p"]


def test_a_failure_in_one_run_is_shown_by_the_api_afterwards(site, db_path, walk_id):
    write_dist(site, "onepattern", SINGLE_PATTERN)
    with cw.open_db(db_path) as db:
        db.debrief(walk_id)
    with cw.open_db(db_path) as db:
        failures = db.plugin_failures()
    assert [(f.plugin, f.hook, f.error_type) for f in failures] == [
        ("onepattern", "classwalk_debrief_patterns", "WrongResult")]


def test_plugins_lists_the_hooks_each_plugin_implements_and_their_order(site, db_path, capsys):
    write_dist(site, "eager", '''
        from classwalk.core import hookimpl

        @hookimpl(tryfirst=True)
        def classwalk_judgement_words(protocol):
            return None
    ''')
    code, out, _ = run_cli(capsys, "plugins", "--db", str(db_path))
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("eager "))
    assert line.endswith("protocols: no protocols  hooks: judgement_words (tryfirst)")
    downey = next(line for line in out.splitlines() if line.startswith("downey "))
    assert "register_protocols (trylast)" in downey


def test_a_record_file_that_is_a_link_is_never_written_through(tmp_path, db_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me\n")
    log_path_for(db_path).symlink_to(target)
    with cw.open_db(db_path) as db:
        db.plugins.record(PluginFailure("p", "classwalk_timing_status", "ValueError", "m"))
        assert [f.name for f in db.plugins.failures] == ["p"]
    assert target.read_text() == "keep me\n"
