"""Running plugin code so that nothing it does can take the program down.

:func:`run_guarded` calls a plugin's function and hands back an :class:`Outcome`: its
value, or the exception it raised — any :class:`BaseException`, ``SystemExit`` and
``GeneratorExit`` included — and whatever it printed. Two things still go through:

- the user's own Ctrl+C. A ``KeyboardInterrupt`` is the user's only when a SIGINT
  arrived while the plugin ran (watched on the main thread, where Python delivers
  signals); one a plugin raises itself is contained like any other error.
- nothing else: a plugin cannot end the program, not even with ``sys.exit()``.

What the function writes to ``sys.stdout`` or ``sys.stderr`` is captured for this thread
only (other threads keep writing where they did), so a ``print()`` in a hook never lands
in a CSV report on stdout.
"""

from __future__ import annotations

import contextlib
import sys
import io
import signal
import threading
from typing import Any, Callable, Iterator

from attrs import define, field

MAX_OUTPUT_SHOWN = 200
STREAMS = ("stdout", "stderr")

_local = threading.local()
_router_lock = threading.Lock()
_router_depth = 0


@define
class Outcome:
    """What running plugin code gave: ``value`` or ``error``, and what it printed per stream."""

    value: Any = None
    error: BaseException | None = None
    output: dict[str, str] = field(factory=dict)

    @property
    def failed(self) -> bool:
        return self.error is not None


class _Router:
    """Stands in for ``sys.stdout``/``sys.stderr``: a thread capturing gets its own buffer."""

    def __init__(self, stream, name: str):
        self._stream = stream
        self._name = name

    def write(self, text) -> int:
        buffers = getattr(_local, "buffers", None)
        if buffers is not None:
            return buffers[self._name].write(text if isinstance(text, str) else str(text))
        if self._stream is None:
            return len(text)
        return self._stream.write(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if getattr(_local, "buffers", None) is None and self._stream is not None:
            self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _install_router() -> None:
    global _router_depth
    with _router_lock:
        if _router_depth == 0:
            for name in STREAMS:
                current = getattr(sys, name)
                if not isinstance(current, _Router):
                    setattr(sys, name, _Router(current, name))
        _router_depth += 1


def _remove_router() -> None:
    global _router_depth
    with _router_lock:
        _router_depth -= 1
        if _router_depth == 0:
            for name in STREAMS:
                current = getattr(sys, name)
                if isinstance(current, _Router):
                    setattr(sys, name, current._stream)


@contextlib.contextmanager
def captured_output() -> Iterator[dict[str, io.StringIO]]:
    """Capture this thread's writes to stdout and stderr for the duration."""
    outer = getattr(_local, "buffers", None)
    buffers = {name: io.StringIO() for name in STREAMS}
    _install_router()
    _local.buffers = buffers
    try:
        yield buffers
    finally:
        _local.buffers = outer
        _remove_router()


class _SigintWatch:
    """Whether a real SIGINT arrived (only knowable on the main thread)."""

    def __init__(self) -> None:
        self.arrived = False


@contextlib.contextmanager
def _watch_sigint() -> Iterator[_SigintWatch]:
    watch = _SigintWatch()
    if threading.current_thread() is not threading.main_thread():
        yield watch  # signals reach only the main thread: any interrupt here is the plugin's
        return
    try:
        previous = signal.getsignal(signal.SIGINT)
    except (ValueError, OSError):
        previous = None
    if previous is None or previous == signal.SIG_IGN:
        yield watch
        return

    def handler(signum, frame):
        watch.arrived = True
        if callable(previous):
            return previous(signum, frame)
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, handler)
    except (ValueError, OSError):
        yield watch
        return
    try:
        yield watch
    finally:
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGINT, previous)


def run_guarded(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
    """Call ``function``; contain whatever it raises except the user's own Ctrl+C."""
    outcome = Outcome()
    with captured_output() as buffers:
        with _watch_sigint() as sigint:
            try:
                outcome.value = function(*args, **kwargs)
            except KeyboardInterrupt as error:
                if sigint.arrived:
                    raise
                outcome.error = error
            except BaseException as error:  # noqa: BLE001  (a plugin must not end the program)
                outcome.error = error
    outcome.output = {name: buffer.getvalue() for name, buffer in buffers.items() if buffer.getvalue()}
    return outcome


def output_message(output: dict[str, str]) -> str:
    """One line saying what a plugin printed, shortened."""
    parts = []
    for name, text in output.items():
        shown = " ".join(text.split())
        if len(shown) > MAX_OUTPUT_SHOWN:
            shown = shown[:MAX_OUTPUT_SHOWN] + "…"
        parts.append(f"wrote to {name}: {shown!r}")
    return "; ".join(parts) + " (kept out of classwalk's output; log with the logging module instead)"
