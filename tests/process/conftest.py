"""Every test below this folder starts other processes: a real terminal (tmux), a browser,
``classwalk serve``, ``kill -9``, several writers at once. They carry the ``process`` marker,
so ``pytest -m "not process"`` runs the rest of the suite, in-process and fast."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.process)
