"""An answer typed in the debrief survives the program being killed."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from classwalk.core.storage.store import Store

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = "tests.process.tui_debrief.crash_while_typing"


def test_typed_answer_survives_sigkill(classwalk, walk):
    classwalk.close()
    text = "Most rooms: students started within a minute"
    result = subprocess.run(
        [sys.executable, "-m", SCRIPT, str(classwalk.db_path), walk.id, text],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    with Store(classwalk.db_path) as store:
        responses = store.responses_for_walk(walk.id)
    assert [(r.prompt_id, r.text, r.author) for r in responses] == [
        ("orientation", text, "Dana Reyes")]
