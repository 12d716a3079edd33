"""The tests of tests/plugins/test_containment.py that start other processes."""

from __future__ import annotations

import os
import signal
import time
import types

import pytest

from classwalk.core import hookimpl
from classwalk.api import Classwalk
from classwalk.core.plugins.loader import built_in_names, Plugins


def test_the_users_own_ctrl_c_during_a_hook_still_stops_the_program(db_path):
    module = types.ModuleType("slow")
    module.CLASSWALK_EXTENDS = ["downey"]

    def slow(protocol, walk, elapsed_seconds):
        os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl+C while the hook runs
        time.sleep(5)

    module.classwalk_timing_status = hookimpl(tryfirst=True)(slow)
    plugins = Plugins(only=built_in_names())
    plugins.register_module(module, name="slow")
    classwalk = Classwalk(db_path=db_path, plugins=plugins, protocol_dirs_=[])
    downey = classwalk.protocols.get("downey")
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        classwalk.timing_status(downey, None, 10)
    assert signal.getsignal(signal.SIGINT) is before
    assert plugins.failures == []
