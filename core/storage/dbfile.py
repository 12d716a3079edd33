"""The database file itself: a quick look before opening, permissions, and errors in one line.

The terminal UI calls :func:`check_database_file` first so a wrong ``--db`` is one clear
error before the screen changes; the store opens the file properly afterwards. Both make
an existing database (and its ``-wal``/``-shm`` files) owner-only if it was readable by
others, and say so once on stderr. :func:`database_problem` turns what SQLite reports
about the file (damaged, read-only, full disk, cannot be opened) into one line that names
the file and what to do.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

from classwalk.core.errors import ClasswalkError
from classwalk.core.escape import for_terminal

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = ("", "-wal", "-shm", "-journal")


class DatabaseProblem(ClasswalkError, sqlite3.OperationalError):
    """The database file cannot be used as asked (damaged, read-only, full disk, newer).

    It is also an ``sqlite3.OperationalError``, so code that retries a failed write
    still sees one.
    """


def notice(line: str) -> None:
    """Tell the person at the terminal something once, on stderr (never fatal)."""
    try:
        print(f"classwalk: {for_terminal(line)}", file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        pass


def check_database_file(path: Path, *, read_header: bool = True) -> None:
    """Raise ClasswalkError if ``path`` cannot be a classwalk database.

    ``read_header=False`` skips opening the file: closing any descriptor of a database
    drops every SQLite lock this process holds on it (POSIX locks are per process), so
    a store opened while others are open in the same process must leave it to SQLite.
    """
    if path.is_dir():
        raise ClasswalkError(f"{for_terminal(path)}: is a folder, not a database file")
    if path.exists() and not read_header:
        return  # the caller tightens permissions once SQLite has accepted the file
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise ClasswalkError(f"{for_terminal(path)}: {error.strerror or 'cannot be read'}") from None
        if header and header != SQLITE_HEADER:
            raise ClasswalkError(f"{for_terminal(path)}: not a classwalk database (not an SQLite file)")
        tighten_permissions(path)
        return
    folder = next((p for p in path.absolute().parents if p.exists()), None)
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ClasswalkError(f"{for_terminal(path)}: cannot be created (folder {for_terminal(folder)} is not writable)")


def tighten_permissions(path: Path) -> list[Path]:
    """Make the database and its companion files owner-only; say so once; the files changed.

    A file that belongs to someone else cannot be changed: that is said too, so the
    observer can ask its owner.
    """
    changed: list[Path] = []
    for suffix in COMPANIONS:
        candidate = Path(f"{path}{suffix}")
        try:
            info = os.stat(candidate)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or not info.st_mode & 0o077:
            continue
        try:
            os.chmod(candidate, stat.S_IMODE(info.st_mode) & 0o700)
        except OSError:
            notice(f"{candidate}: other users can read this file (mode "
                   f"{stat.S_IMODE(info.st_mode):04o}) and it is not yours to change: ask its "
                   "owner to run 'chmod 600' on it")
            continue
        changed.append(candidate)
    if changed:
        names = ", ".join(p.name for p in changed)
        notice(f"{path}: was readable by other users; made owner-only (0600): {names}")
    return changed


def database_problem(path: Path, error: BaseException) -> DatabaseProblem | None:
    """One line for an SQLite error caused by the file or the disk; None for other errors."""
    if isinstance(error, DatabaseProblem):
        return error  # already one line naming the file
    message = str(error).lower()
    where = for_terminal(path)
    if "disk is full" in message or "database or disk is full" in message:
        what = "the disk is full: free some space and try again (nothing of this change was saved)"
    elif "readonly" in message or "read-only" in message:
        what = _read_only_advice(path)
    elif "not a database" in message or "file is encrypted" in message:
        what = "not a classwalk database (not an SQLite file): check the --db path"
    elif "malformed" in message:
        what = ("is damaged (SQLite: " + str(error) + "): keep a copy, then restore it from a "
                "backup or re-import your exported walks into a new database")
    elif "unable to open" in message:
        what = "cannot be opened: " + _read_only_advice(path)
    elif "disk i/o error" in message:
        what = "the disk reported an input/output error: check the disk, then try again"
    else:
        return None
    return DatabaseProblem(f"{where}: {for_terminal(what)}")


def _read_only_advice(path: Path) -> str:
    folder = path.absolute().parent
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only: make it writable (chmod u+w) or use another --db"
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"its folder {folder} is read-only (SQLite needs to write its journal beside "
                "the file): make the folder writable or copy the database elsewhere")
    return ("it is read-only here: check the permissions of the file and its folder (and that "
            "the disk is not mounted read-only), or use another --db")
