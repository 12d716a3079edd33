"""Pages the server serves: read in-process through an aiohttp test client, or opened in a
browser on a served database."""

from __future__ import annotations

import contextlib
from pathlib import Path

from tests.support.browser import browser, need_browser, served
from tests.support.capture_page import log_in, touch_page
from tests.support.server import add_account


async def served_page(client, path: str, *, holds: tuple[str, ...] = (), policy: tuple[str, ...] = ()) -> str:
    """GET ``path``: it must answer 200 with each of ``holds`` in its text and each of
    ``policy`` in its Content-Security-Policy header; returns the text."""
    page = await client.get(path)
    text = await page.text()
    assert page.status == 200, (path, page.status)
    for piece in holds:
        assert piece in text, (path, piece)
    for rule in policy:
        assert rule in page.headers["Content-Security-Policy"], (path, rule)
    return text


@contextlib.contextmanager
def capture_page_for_ana(db_path: Path, size: str = "tablet"):
    """``classwalk serve`` on ``db_path`` with Ana Ruiz's account (login ana), and Ana logged
    in to its capture page in a touch browser at ``size`` (skips without Chromium); yields
    ``(page, base)``, base being the server's address."""
    chromium = need_browser()
    add_account(db_path, "ana", observer="Ana Ruiz")
    with served(db_path) as base, browser(chromium) as instance, touch_page(instance, size) as page:
        log_in(page, base)
        yield page, base
