"""One unobtrusive notice for failing plugins: which ones (and their pip packages), and
that the rest works.

However many plugins fail, and whenever (while loading, on the UI thread or on a worker
thread building a debrief), the screen holds ONE warning listing all of them: a new
failing plugin replaces the notice with one naming every plugin so far. Also one line
for a ``CLASSWALK_LOAD_PLUGINS`` name that is not installed.
"""

from __future__ import annotations

import threading

from classwalk.core.escape import for_terminal

TIMEOUT_SECONDS = 10


def notice_text(failures) -> str:
    """The notice for one failure, or for every failing plugin (one failure per plugin)."""
    failures = [failures] if not isinstance(failures, (list, tuple)) else list(failures)
    if len(failures) == 1:
        failure = failures[0]
        return (f"Plugin {for_terminal(failure.label)} failed ({for_terminal(failure.where)}); what it adds "
                "is left out. 'classwalk plugins' shows why.")
    names = ", ".join(for_terminal(failure.label) for failure in failures)
    return (f"{len(failures)} plugins failed: {names}; what they add is left out. "
            "'classwalk plugins' shows why.")


def _on_ui_thread(app, action) -> None:
    if threading.get_ident() == getattr(app, "_thread_id", None):
        action()
        return
    loop = getattr(app, "_loop", None)
    if loop is not None and not loop.is_closed():
        loop.call_soon_threadsafe(action)


class PluginNotice:
    """Keeps the single notice of an app up to date with every failing plugin."""

    def __init__(self, app) -> None:
        self.app = app
        self.first_failures: dict[str, object] = {}
        self._shown = None
        self._lock = threading.Lock()
        self._scheduled = False

    def failed(self, failure) -> None:
        with self._lock:
            if failure.name in self.first_failures:
                return
            self.first_failures[failure.name] = failure
            if self._scheduled:
                return  # the notice about to be shown will name this plugin too
            self._scheduled = True
        _on_ui_thread(self.app, self._show)

    def _show(self) -> None:
        """Replace the notice on screen with one naming every failing plugin (UI thread only)."""
        from textual.notifications import Notification, Notify

        with self._lock:
            self._scheduled = False
            failures = list(self.first_failures.values())
        shown = getattr(self.app, "_notifications", None)
        if self._shown is not None and shown is not None and self._shown in shown:
            self.app._unnotify(self._shown)
        self._shown = Notification(notice_text(failures), "", "warning", TIMEOUT_SECONDS, markup=False)
        add_now = getattr(self.app, "_on_notify", None)
        if add_now is not None:
            add_now(Notify(self._shown))  # at once, so the next replacement finds it on screen
        else:
            self.app.post_message(Notify(self._shown))


def watch_plugin_failures(app) -> PluginNotice:
    """Tell ``app``'s user about failing plugins in one notice, and about plugin-loading warnings."""
    notice = PluginNotice(app)

    def warn(text: str) -> None:
        _on_ui_thread(app, lambda: app.notify(for_terminal(text), severity="warning", timeout=TIMEOUT_SECONDS,
                                              markup=False))

    subscribe = getattr(app.api, "on_plugin_failure", None)
    if subscribe is not None:
        subscribe(notice.failed)
    subscribe_warnings = getattr(app.api, "on_plugin_warning", None)
    if subscribe_warnings is not None:
        subscribe_warnings(warn)
    return notice

