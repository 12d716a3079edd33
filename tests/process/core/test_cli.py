"""The tests of tests/core/test_cli.py that start other processes."""

from __future__ import annotations

import os
import subprocess
import sys


def test_console_script_and_module_both_run(db_path):
    script = os.path.join(os.path.dirname(sys.executable), "classwalk")
    for command in ([script], [sys.executable, "-m", "classwalk.tui"]):
        result = subprocess.run([*command, "--db", str(db_path), "--version"],
                                capture_output=True, text=True, check=True)
        assert "classwalk" in result.stdout
