"""Every file classwalk writes: whole or not at all, owner-only, never through a link.

The text goes to a temporary file in the target's own folder, is flushed and synced to
disk, and only then renamed over the target, so a full disk or a crash leaves the old
file exactly as it was (and never half of a new one). A target that is a symbolic link
is refused: writing through it would overwrite whatever file it points at. Files that
may hold notes are created 0600 and missing folders 0700, whatever the umask.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from classwalk.core.errors import ClasswalkError
from classwalk.core.escape import for_terminal

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def _usual_mode() -> int:
    """The mode an ordinary new file gets under the current umask (for non-private files)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _say(path: Path, what: str) -> ClasswalkError:
    return ClasswalkError(f"{for_terminal(path)}: {what}")


def _why(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full: free some space and try again; any earlier file is unchanged"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot be written ({error.strerror}): choose a folder you can write to"
    return f"cannot be written ({error.strerror or error}); any earlier file is unchanged"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents owner-only (0700); existing ones are left."""
    folder = Path(folder)
    if folder.is_dir():
        return
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists() or parent.is_symlink():
            break
        missing.append(parent)
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, PRIVATE_FOLDER)
            os.chmod(path, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask only, never widened


def _check_target(path: Path) -> None:
    if path.is_symlink():
        raise _say(path, "is a symbolic link; classwalk does not write through links "
                         "(give the path of a regular file)")
    if path.is_dir():
        raise _say(path, "is a folder; give a file name")
    if path.exists() and not path.is_file():
        raise _say(path, "is not a regular file; give the name of a regular file")


def _write_temporary(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """``data`` in a new synced file beside the target; its path."""
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".partial")
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return Path(temporary)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _encoded(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_file(path: Path | str, data: str | bytes, *, private: bool = True) -> Path:
    """Replace ``path`` with ``data`` (text is written as UTF-8) atomically; returns ``path``.

    ``private`` files get mode 0600; others the usual mode under the umask. Raises
    ClasswalkError (one line, naming the file) for a link, a folder, a full disk or
    no permission; the old file, if any, is then unchanged.
    """
    path = Path(path)
    _check_target(path)
    try:
        make_private_folder(path.parent) if private else path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(path.parent, path.name, _encoded(data),
                                     PRIVATE_FILE if private else _usual_mode())
        try:
            _check_target(path)  # a link placed while the file was written is refused too
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise _say(path, _why(error)) from None
    _sync_folder(path.parent)
    return path


def write_new_file(path: Path | str, data: str | bytes, *, private: bool = True) -> Path:
    """Like :func:`write_file`, but raise FileExistsError rather than replace anything."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise FileExistsError(errno.EEXIST, "exists", str(path))
    try:
        make_private_folder(path.parent) if private else path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(path.parent, path.name, _encoded(data),
                                     PRIVATE_FILE if private else _usual_mode())
    except OSError as error:
        raise _say(path, _why(error)) from None
    try:
        try:
            os.link(temporary, path)  # fails, rather than replaces, if the name was taken
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (a FAT memory stick)
            if path.exists() or path.is_symlink():
                raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
            os.rename(temporary, path)
    except FileExistsError:
        raise
    except OSError as error:
        raise _say(path, _why(error)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _sync_folder(path.parent)
    return path
