"""A port on this machine nothing listens on (never a fixed port: tests run side by side)."""

from __future__ import annotations

import contextlib
import socket


def free_port() -> int:
    """A port the system just handed out and released again."""
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
