"""One unobtrusive line when a plugin fails: which plugin, and that the rest works.

Also one line for a ``CLASSWALK_LOAD_PLUGINS`` name that is not installed.

Shown once per plugin per run, as a warning notification, whether the failure happens
while loading, on the UI thread or on a worker thread (a debrief being built).
"""

from __future__ import annotations

import threading

from classwalk.core.errors import printable


def notice_text(failure) -> str:
    return (f"Plugin {printable(failure.name)} failed ({printable(failure.where)}); what it adds "
            "is left out. 'classwalk plugins' shows why.")


def _notify_from_any_thread(app, text: str) -> None:
    def notify() -> None:
        app.notify(text, severity="warning", timeout=10, markup=False)

    if threading.get_ident() == getattr(app, "_thread_id", None):
        notify()
        return
    loop = getattr(app, "_loop", None)
    if loop is not None and not loop.is_closed():
        loop.call_soon_threadsafe(notify)


def watch_plugin_failures(app) -> None:
    """Tell ``app``'s user about each failing plugin once, and about plugin-loading warnings."""
    shown: set[str] = set()

    def show(failure) -> None:
        if failure.name not in shown:
            shown.add(failure.name)
            _notify_from_any_thread(app, notice_text(failure))

    def warn(text: str) -> None:
        _notify_from_any_thread(app, printable(text))

    subscribe = getattr(app.classwalk, "on_plugin_failure", None)
    if subscribe is not None:
        subscribe(show)
    subscribe_warnings = getattr(app.classwalk, "on_plugin_warning", None)
    if subscribe_warnings is not None:
        subscribe_warnings(warn)
