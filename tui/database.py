"""The app's data object: which database calls run at once, and which on the database thread.

A key typed in a visit is written before the next key is read: :attr:`AppData.now` is the
one door (:class:`classwalk.Classwalk`) on the app's own connection, called on the app's
thread. Everything that may take a while — the home lists, the debrief, reports,
exports — goes to :meth:`AppData.run`: one database thread with a connection of its own,
running jobs one at a time in the order they were handed over (a later write is never
overtaken by an earlier one), so the screen never waits on the disk.

Both carry the run's scope (its observer, school limit and own-walks limit): a job is
called as ``job(door, *args)`` with a door scoped as the app was when the job was queued.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable


class AppData:
    """The app's doors to the database: :attr:`now` on the app thread, :meth:`run` on the database thread.

    ``scope`` gives the scope of the run as it is now (a Scope, or a function returning
    one); it is read each time a job is queued.
    """

    def __init__(self, classwalk, scope=None):
        self._classwalk = classwalk
        self._scope = scope
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="classwalk-database")
        self._thread_run = None

    def scope(self):
        """The scope calls are made under now."""
        from classwalk.core.scope import EVERYONE

        scope = self._scope() if callable(self._scope) else self._scope
        return scope or getattr(self._classwalk, "scope", EVERYONE)

    @property
    def now(self):
        """The scoped door on the app's connection: for writes that must land before the next key."""
        from classwalk.api import door

        return _scoped(door, self._classwalk, self.scope())

    def submit(self, job: Callable, *args) -> Future:
        """Queue ``job(door, *args)`` on the database thread; the future holds its result or error."""
        return self._executor.submit(self._run, job, self.scope(), args)

    async def run(self, job: Callable, *args) -> Any:
        """Run ``job(door, *args)`` on the database thread and wait for it without blocking the UI."""
        return await asyncio.wrap_future(self.submit(job, *args))

    async def drained(self) -> None:
        """Wait until every job queued so far has run."""
        await self.run(lambda door: None)

    def finish(self) -> None:
        """Block until every job queued so far has run (a screen that closes leaves no write behind)."""
        try:
            waited = self._executor.submit(lambda: None)
        except RuntimeError:  # closed already: every job ran before it closed
            return
        waited.result()

    def close(self) -> None:
        """Finish every queued job, then close the database thread's connection."""
        self._executor.submit(self._close_thread_run)
        self._executor.shutdown(wait=True)

    def _run(self, job: Callable, scope, args: tuple) -> Any:
        from classwalk.api import door

        if self._thread_run is None:
            self._thread_run = _thread_classwalk(self._classwalk)
        return job(_scoped(door, self._thread_run, scope), *args)

    def _close_thread_run(self) -> None:
        if self._thread_run is not None:
            self._thread_run.close()
            self._thread_run = None


def _scoped(door, run, scope):
    return door(run, observer=scope.observer, school=scope.school, own_walks=scope.own_walks)


def _thread_classwalk(run):
    """``run``'s plugins and protocols with a database connection of this thread's own."""
    from classwalk.api import Classwalk
    from classwalk.core.scope import EVERYONE

    run.protocols  # loaded once, on ``run``: the plugins, their failures and the protocols are shared
    own = Classwalk.__new__(Classwalk)
    own.__dict__.update({name: value for name, value in run.__dict__.items() if name != "store"})
    own.scope = getattr(run, "scope", EVERYONE)
    return own


def app_data(app) -> AppData:
    """The data object ``app`` owns (made on first use, scoped as the app's run is)."""
    data = getattr(app, "data", None)
    if not isinstance(data, AppData):
        from .data import app_scope

        data = AppData(app.api, lambda: app_scope(app))
        app.data = data
    return data
