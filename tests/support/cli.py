"""Running ``classwalk ARGS...``: in this process (fast, output read with capsys) or as a
child process (the real entry point, its exit status and streams)."""

from __future__ import annotations

import os
import subprocess
import sys

from classwalk.cli import main


def run_cli(capsys, *args) -> tuple[int, str, str]:
    """``classwalk ARGS`` in this process: (exit status, stdout, stderr) of this command alone."""
    capsys.readouterr()
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_child(*args, env: dict[str, str] | None = None, timeout: float = 60, **options) -> subprocess.CompletedProcess:
    """``classwalk ARGS`` in a child process with this test's environment, unbuffered; text out."""
    child_env = dict(os.environ if env is None else env)
    child_env["PYTHONUNBUFFERED"] = "1"
    options.setdefault("capture_output", True)
    options.setdefault("text", True)
    return subprocess.run([sys.executable, "-m", "classwalk.tui", *map(str, args)], env=child_env,
                          timeout=timeout, **options)
