"""Fixtures for protocol tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def protocol(classwalk, request):
    """The built-in protocol named by the test module's PROTOCOL_ID."""
    return classwalk.protocols.get(request.module.PROTOCOL_ID)
