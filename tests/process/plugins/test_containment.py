"""The tests of tests/plugins/test_containment.py that start other processes."""

from __future__ import annotations

USERS_CTRL_C = """
import os, signal, sys, time, types
from classwalk.api import Classwalk
from classwalk.core import hookimpl
from classwalk.core.plugins.loader import Plugins, built_in_names

module = types.ModuleType("slow")
module.CLASSWALK_EXTENDS = ["downey"]

def slow(protocol, walk, elapsed_seconds):
    os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl+C while the hook runs
    time.sleep(5)

module.classwalk_timing_status = hookimpl(tryfirst=True)(slow)
plugins = Plugins(only=built_in_names())
plugins.register_module(module, name="slow")
classwalk = Classwalk(db_path=sys.argv[1], plugins=plugins, protocol_dirs_=[])
downey = classwalk.protocols.get("downey")
before = signal.getsignal(signal.SIGINT)
try:
    classwalk.timing_status(downey, None, 10)
except KeyboardInterrupt:
    print("stopped", signal.getsignal(signal.SIGINT) is before, plugins.failures == [])
else:
    print("went on")
"""


def test_the_users_own_ctrl_c_during_a_hook_still_stops_the_program(db_path, child_env):
    """Run in a process of its own: signals reach only a main thread, which a test runner's
    worker may not give its tests."""
    import signal
    import subprocess
    import sys

    def ctrl_c_as_at_a_terminal():  # a test runner's worker may ignore SIGINT, and children inherit that
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    done = subprocess.run([sys.executable, "-c", USERS_CTRL_C, str(db_path)], capture_output=True, text=True,
                          env=child_env, timeout=120, preexec_fn=ctrl_c_as_at_a_terminal)
    assert done.stdout.split() == ["stopped", "True", "True"], (done.stdout, done.stderr)
