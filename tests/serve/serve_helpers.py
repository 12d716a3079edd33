"""Helpers for the server tests: accounts on a fresh database, a quick throttle, a client."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from pathlib import Path

from classwalk.core.store import Store
from classwalk.features.accounts import Accounts

PASSWORD = "chalk and talk 42"


def add_account(db_path: Path, login: str = "ana", *, observer: str | None = "Ana Ruiz",
                school: str | None = None, password: str = PASSWORD):
    with Store(db_path) as store:
        return Accounts(store).add(login, password, observer=observer, school=school)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(coroutine):
    return asyncio.run(coroutine)
