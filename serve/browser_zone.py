"""Each browser's own time zone: the page tells it, the server checks it, that session reads times in it.

The served pages (the terminal UI's and the capture page's) put the browser's IANA zone
(``Intl.DateTimeFormat().resolvedOptions().timeZone``) in the cookie ``classwalk_tz``.
The server takes it only when it names a zone it knows; anything else (a made-up or
garbled name, a cookie from elsewhere) is left aside and the server's own zone is used.
"""

from __future__ import annotations

import re

from aiohttp import web

from classwalk.features.outputs import localtime

COOKIE = "classwalk_tz"
LONGEST = 64
ZONE_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*")

SET_COOKIE_SCRIPT = """
// The browser's time zone goes with every request, so this session reads times in it.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "classwalk_tz=" + encodeURIComponent(zone) + "; path=/; SameSite=Strict; max-age=31536000"
        + (location.protocol === "https:" ? "; Secure" : "");
    }
  } catch (error) { /* no Intl: the server's zone is used */ }
})();
"""
"""The page script that tells the server the browser's zone (in ``/page.js`` and the capture script)."""


def checked_zone(name: str | None) -> str | None:
    """``name`` when it is a time zone this machine knows (``America/Chicago``), else None."""
    if not name:
        return None
    from urllib.parse import unquote

    name = unquote(name).strip()
    if len(name) > LONGEST or not ZONE_SHAPE.fullmatch(name):
        return None
    try:
        localtime.zone_named(name)
    except localtime.UnknownTimeZone:
        return None
    return name


def browser_zone(request: web.Request) -> str | None:
    """The zone the browser sent with ``request``, if it is one the server knows."""
    return checked_zone(request.cookies.get(COOKIE))


@web.middleware
async def times_in_browser_zone(request: web.Request, handler):
    """Every time the server writes while answering ``request`` (a page, an export) reads in the browser's zone."""
    with localtime.zone_while(browser_zone(request)):
        return await handler(request)
