"""What the CLI writes to stdout and stderr: control characters made visible, failures one line.

Every command's output passes through :class:`VisibleStream` while the CLI runs, so a
school name, a note or a protocol label holding an escape sequence is printed as
``\\x1b]52;…`` instead of being obeyed by the terminal, whatever command printed it.
Files written with ``-o`` keep the text exactly (see docs/security.md).

Output that cannot be written (``> /dev/full``, a full disk) becomes :class:`OutputFailed`,
which the CLI reports in one line; a reader that went away (``| head -1``) ends the run
quietly, as Unix tools do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Iterator

from classwalk.core.escape import for_terminal


class OutputFailed(Exception):
    """stdout or stderr could not be written; ``reader_gone`` for a closed pipe."""

    def __init__(self, error: OSError):
        self.error = error
        self.reader_gone = isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE
        super().__init__(error.strerror or str(error))


class VisibleStream:
    """A text stream that shows control characters as escapes before writing them."""

    def __init__(self, stream):
        self._stream = stream

    @property
    def encoding(self) -> str | None:
        return getattr(self._stream, "encoding", None)

    @property
    def errors(self) -> str | None:
        return getattr(self._stream, "errors", None)

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("VisibleStream writes text only")
        try:
            self._stream.write(for_terminal(text, lines=True))
        except OSError as error:
            raise OutputFailed(error) from None
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputFailed(error) from None

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False


class ClosedStream:
    """Standard output that was closed before the program started (``classwalk walks >&-``):
    writing to it fails, so the CLI says so instead of exiting 0 having written nothing."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        return None

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


@contextlib.contextmanager
def visible_output() -> Iterator[None]:
    """While inside, stdout and stderr show control characters as escapes (a closed
    stdout fails on the first write)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = VisibleStream(ClosedStream() if out is None else out)
    if err is not None:
        sys.stderr = VisibleStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def flush_output() -> None:
    """Flush stdout and stderr now, so a failure is seen while it can still be reported."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except OutputFailed:
            raise
        except OSError as error:
            raise OutputFailed(error) from None


def silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno())
        os.close(null)
