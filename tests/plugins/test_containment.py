"""Plugins cannot take the program down: SystemExit, KeyboardInterrupt and every other
BaseException from plugin code are contained like exceptions (the user's own Ctrl+C still
stops the program), every failure names the plugin and its pip package, and what a hook
prints never reaches the program's output."""

from __future__ import annotations

import threading
import time
import types

import pytest

from classwalk.core import hookimpl
from classwalk.api import Classwalk
from classwalk.core.plugins.loader import Plugins, built_in_names
from tests.plugins.plugin_dists import write_dist
from tests.support.cli import run_cli

EXITS_AT_IMPORT = '''
    import sys
    sys.exit("SYSEXIT at import")
'''


def test_sys_exit_at_import_is_a_failure_naming_plugin_and_pip_package(site, db_path, capsys):
    write_dist(site, "exiter", EXITS_AT_IMPORT, distribution="classwalk-exiter")
    code, out, err = run_cli(capsys, "protocols", "--db", str(db_path))
    assert code == 0 and "downey" in out
    assert err.count("\n") == 1
    assert "plugin exiter (pip package classwalk-exiter) failed (import: SystemExit: SYSEXIT at import)" in err
    code, out, err = run_cli(capsys, "plugins", "--db", str(db_path))
    assert code == 1
    assert "FAILED exiter (pip package classwalk-exiter)  (import)  SystemExit: SYSEXIT at import" in out
    assert "pip package" in err and "CLASSWALK_LOAD_PLUGINS" in err


def test_a_bare_sys_exit_at_import_still_says_what_happened(site, db_path):
    write_dist(site, "quietexit", "import sys\nsys.exit()\n")
    plugins = Plugins()
    [failure] = plugins.failures
    assert (failure.error_type, failure.message) == ("SystemExit", "sys.exit() called")
    assert "quietexit" in failure.line and "pip package quietexit" in failure.line


@pytest.mark.parametrize("raised", ["SystemExit(3)", "KeyboardInterrupt()", "GeneratorExit()",
                                    "type('Odd', (BaseException,), {})('odd')"])
def test_a_base_exception_raised_in_a_hook_is_contained(raised, db_path):
    module = types.ModuleType("raiser")
    module.CLASSWALK_EXTENDS = ["downey"]
    exec(f"def boom(*args):\n    raise {raised}\n", module.__dict__)
    module.classwalk_timing_status = hookimpl(tryfirst=True)(
        lambda protocol, walk, elapsed_seconds: module.boom())
    module.classwalk_judgement_words = hookimpl(lambda protocol: module.boom())
    plugins = Plugins(only=built_in_names())
    plugins.register_module(module, name="raiser")
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
    downey = classwalk.protocols.get("downey")
    assert classwalk.timing_status(downey, None, 30).phase == "before_target"
    assert "great" in classwalk.judgement_words(downey)
    assert {f.where for f in plugins.failures} == {"classwalk_timing_status", "classwalk_judgement_words"}
    assert all(f.name == "raiser" for f in plugins.failures)


def test_a_keyboard_interrupt_raised_in_a_hook_on_a_worker_thread_is_contained(db_path):
    module = types.ModuleType("interrupter")
    module.CLASSWALK_EXTENDS = ["downey"]

    def interrupt(protocol, walk, visits, evidence):
        raise KeyboardInterrupt

    module.classwalk_debrief_patterns = hookimpl(interrupt)
    plugins = Plugins(only=built_in_names())
    plugins.register_module(module, name="interrupter")
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
    downey = classwalk.protocols.get("downey")
    results = []
    worker = threading.Thread(target=lambda: results.append(classwalk.extra_patterns(downey, None, [], [])))
    worker.start()
    worker.join(10)
    assert len(results) == 1 and all(p.id.startswith("downey_") for p in results[0])
    assert [f.error_type for f in plugins.failures] == ["KeyboardInterrupt"]


PRINTS = '''
    import sys
    from classwalk.core import hookimpl
    from classwalk.core.records.patterns import Pattern

    CLASSWALK_EXTENDS = ["downey"]
    print("loading the chatty plugin")

    @hookimpl
    def classwalk_debrief_patterns(protocol, walk, visits, evidence):
        print("debug: building my table")
        print("a warning of mine", file=sys.stderr)
        return [Pattern(id="chatty_notes", title="Notes", columns=("walk", "notes"), rows=[["all", len(evidence)]])]
'''


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_what_a_hook_prints_never_reaches_the_report(fmt, site, db_path, walk_id, capsys):
    write_dist(site, "chatty", PRINTS, distribution="classwalk-chatty")
    code, out, err = run_cli(capsys, "--db", str(db_path), "report", "walk", walk_id, "--format", fmt)
    assert code == 0
    assert "debug" not in out and "loading the chatty" not in out and "a warning of mine" not in out
    assert "chatty_notes" in out or "Notes" in out  # the answer itself is kept
    assert "plugin chatty (pip package classwalk-chatty) failed" in err and err.count("\n") == 1
    assert "what it printed is kept out of the output" in err
    code, out, err = run_cli(capsys, "plugins", "--db", str(db_path))
    assert "WroteOutput: wrote to stdout: 'debug: building my table'" in out
    assert "wrote to stderr: 'a warning of mine'" in out


def test_output_of_other_threads_is_not_captured_while_a_hook_runs(capsys):
    from classwalk.core.plugins.guard import run_guarded

    started, release = threading.Event(), threading.Event()

    def other():
        started.wait(5)
        print("the program's own line")
        release.set()

    def hook():
        started.set()
        release.wait(5)
        print("the plugin's line")
        return 1

    thread = threading.Thread(target=other)
    thread.start()
    outcome = run_guarded(hook)
    thread.join(5)
    assert outcome.value == 1 and outcome.output == {"stdout": "the plugin's line\n"}
    assert capsys.readouterr().out == "the program's own line\n"


def test_register_hooks_run_once_even_when_two_threads_ask_at_once():
    calls = []
    module = types.ModuleType("counted")

    def register_protocols(register):
        calls.append(1)
        time.sleep(0.2)

    module.classwalk_register_protocols = hookimpl(register_protocols)
    plugins = Plugins(only=[])
    plugins.register_module(module, name="counted")
    threads = [threading.Thread(target=plugins.registrations) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert calls == [1]
