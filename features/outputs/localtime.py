"""Times as the observer reads them: stored in UTC, shown in the local time zone.

Every moment classwalk keeps (a note captured, an answer written, feedback due) is
stored in UTC. Wherever a time is shown to a person (the terminal UI, Markdown,
reports, feedback) it goes through this module and reads in one zone: the one given
with ``--tz`` (or ``CLASSWALK_TZ``), else ``time_zone`` under ``[display]`` in
``settings.toml``, else the machine's own. Times typed in (a due date) are read in
that same zone.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import os

from classwalk.core.errors import ClasswalkError

ENVIRONMENT = "CLASSWALK_TZ"

_chosen: dt.tzinfo | None = None
_chosen_name: str | None = None
_UNREAD = object()
_configured: object = _UNREAD  # the configured zone, read once per run


_for_this_task: contextvars.ContextVar[dt.tzinfo | None] = contextvars.ContextVar("classwalk_zone", default=None)
"""A zone for the work under way only (one browser's request to the server), ahead of every other."""


class UnknownTimeZone(ClasswalkError):
    """A time zone name that is not in the time zone database."""


def zone_named(name: str) -> dt.tzinfo:
    """The zone called ``name`` (``America/Chicago``, ``UTC``); UnknownTimeZone if there is none."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    cleaned = name.strip()
    try:
        if not cleaned or cleaned.startswith(("/", ".")) or ".." in cleaned:
            raise ValueError
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimeZone(f"time zone {name!r} is not known (a name like America/Chicago or UTC)") from None


def use_zone(name: str | None) -> None:
    """Show times in the zone ``name`` from now on (None: back to the configured or machine zone)."""
    global _chosen, _chosen_name, _configured
    if name is None:
        _chosen, _chosen_name, _configured = None, None, _UNREAD
        return
    _chosen, _chosen_name = zone_named(name), name.strip()


@contextlib.contextmanager
def zone_while(name: str | None):
    """Within the block (this task and what it calls), show times in ``name``'s zone.

    For a server answering many people at once: each request reads times in its own
    browser's zone while the others keep theirs. None changes nothing; an unknown name
    raises UnknownTimeZone before anything changes.
    """
    if name is None:
        yield
        return
    token = _for_this_task.set(zone_named(name))
    try:
        yield
    finally:
        _for_this_task.reset(token)


def _configured_name() -> str | None:
    """The zone named by ``CLASSWALK_TZ`` or ``settings.toml`` (``[display] time_zone``), if any."""
    named = os.environ.get(ENVIRONMENT, "").strip()
    if named:
        return named
    from classwalk.core.storage.paths import config_dir

    path = config_dir() / "settings.toml"
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    display = data.get("display")
    value = display.get("time_zone") if isinstance(display, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def zone() -> dt.tzinfo | None:
    """The zone times are shown in; None means the machine's own (its rules, summer time included)."""
    global _configured
    for_this_task = _for_this_task.get()
    if for_this_task is not None:
        return for_this_task
    if _chosen is not None:
        return _chosen
    if _configured is _UNREAD:
        name = _configured_name()
        try:
            _configured = zone_named(name) if name else None
        except UnknownTimeZone:
            _configured = None  # a bad setting: the machine's zone (configuration_problem says why)
    return _configured  # type: ignore[return-value]


def configuration_problem() -> str | None:
    """What is wrong with the configured zone, if it names none; None when it is fine or unset."""
    name = _configured_name()
    if not name:
        return None
    try:
        zone_named(name)
    except UnknownTimeZone as problem:
        return str(problem)
    return None


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` (UTC, or naive meaning UTC) in the display zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    chosen = zone()
    return moment.astimezone(chosen) if chosen is not None else moment.astimezone()


def clock(moment: dt.datetime) -> str:
    """The local time of day: ``09:51``."""
    return f"{local(moment):%H:%M}"


def stamp(moment: dt.datetime) -> str:
    """The local date and time: ``2026-11-23 09:51``."""
    return f"{local(moment):%Y-%m-%d %H:%M}"


def day(moment: dt.datetime) -> dt.date:
    """The local date of ``moment``."""
    return local(moment).date()


def iso(moment: dt.datetime) -> str:
    """``moment`` in the display zone as ISO 8601 with its offset: ``2026-11-23T09:51:00-06:00``."""
    return local(moment).isoformat()


def zone_label(moment: dt.datetime | None = None) -> str:
    """The zone's short name at ``moment`` (now if None): ``CST``, ``UTC``; else its offset."""
    shown = local(moment or dt.datetime.now(dt.timezone.utc))
    name = shown.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    offset = shown.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def from_local(moment: dt.datetime) -> dt.datetime:
    """A time typed in the display zone (naive) as the UTC moment it means."""
    if moment.tzinfo is not None:
        return moment.astimezone(dt.timezone.utc)
    chosen = zone()
    if chosen is not None:
        return moment.replace(tzinfo=chosen).astimezone(dt.timezone.utc)
    return moment.astimezone().astimezone(dt.timezone.utc)  # naive: read as the machine's local time
