"""The server's signing key: random, kept in an owner-only file beside the database."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from classwalk.core.errors import ClasswalkError

KEY_BYTES = 32


def secret_path(db_path: Path) -> Path:
    """Where the signing key of the server on ``db_path`` lives."""
    return db_path.with_name(db_path.name + ".serve-key")


def load_or_create_secret(path: Path) -> bytes:
    """The key in ``path``, created (0600, never through a symlink) the first time."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return _create(path)
    except OSError as error:
        raise ClasswalkError(f"{path}: cannot read the server key ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if os.fstat(handle.fileno()).st_mode & 0o077:
            raise ClasswalkError(f"{path}: the server key is readable by others; 'chmod 600' it or delete it")
        key = handle.read()
    if len(key) < KEY_BYTES:
        raise ClasswalkError(f"{path}: the server key is damaged; delete it to make a new one (everyone logs in again)")
    return key


def _create(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:  # another server made it a moment ago
        return load_or_create_secret(path)
    except OSError as error:
        raise ClasswalkError(f"{path}: cannot create the server key ({error.strerror})") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    return key
