"""The capture page's tests use the server tests' helpers (a served classwalk, Chromium)."""

import sys
from pathlib import Path

SERVE_TESTS = str(Path(__file__).resolve().parent.parent / "serve")
if SERVE_TESTS not in sys.path:
    sys.path.insert(0, SERVE_TESTS)
