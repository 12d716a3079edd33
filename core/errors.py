"""Errors a user can cause and read: each prints as one clear line, never a traceback."""

from classwalk.core.escape import for_terminal


def error_line(error: BaseException) -> str:
    """An exception as one line to show: an OS error as ``file: reason``; otherwise its
    message with every line kept, joined by `` | ``; the exception's type when it says nothing."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    lines = [" ".join(line.split()) for line in str(error).splitlines() if line.strip()]
    return " | ".join(lines) or type(error).__name__


class ClasswalkError(Exception):
    """A problem the user can fix; ``str()`` is the one-line message to show."""


class UserDataError(ClasswalkError):
    """A file or bundle the user gave us does not hold what we expect.

    ``problems`` lists each bad field as "where: what was wrong"; the message joins them.
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = for_terminal(source)
        self.problems = [for_terminal(p) for p in problems] or ["could not be read"]
        super().__init__(f"{source}: " + "; ".join(self.problems))


class NotFound(ClasswalkError):
    """A walk, visit or protocol that the user named does not exist."""
