"""A quick look at a database path before anything heavy is loaded.

The terminal UI calls :func:`check_database_file` first so a wrong ``--db`` is one clear
error before the screen changes; the store opens the file properly afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ClasswalkError

SQLITE_HEADER = b"SQLite format 3\x00"


def check_database_file(path: Path) -> None:
    """Raise ClasswalkError if ``path`` cannot be a classwalk database."""
    if path.is_dir():
        raise ClasswalkError(f"{path}: is a folder, not a database file")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise ClasswalkError(f"{path}: {error.strerror or 'cannot be read'}") from None
        if header and header != SQLITE_HEADER:
            raise ClasswalkError(f"{path}: not a classwalk database (not an SQLite file)")
        return
    folder = next((p for p in path.absolute().parents if p.exists()), None)
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ClasswalkError(f"{path}: cannot be created (folder {folder} is not writable)")
